/**
 * The relevance test set (relevance-set.ts) on the demo data, against the real Meilisearch and against
 * the PostgreSQL fallback: the words people type find the roles they mean, and the fallback finds what
 * Meilisearch finds. `npm run bench -- search` reports the same scores.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { ensureIndexes } from '../../server/search/settings';
import { SEARCH_INDEXES } from '../../server/search-sources';
import { createTestApp, type TestApp, testConfig } from '../support/app';
import { deleteIndexesWithPrefix } from '../support/meili';
import { loadDemoRecords } from './helpers';
import { RELEVANCE_SET, type RelevanceQuery, scoreRelevance } from './relevance-set';

let t: TestApp;
/** The same database with no Meilisearch at all: every answer comes from the fallback. */
let fallbackApp: FastifyInstance;

interface Answer {
  hits: { roleCode: string | null; title: string }[];
  degraded: boolean;
}

const ask = async (app: FastifyInstance, q: string): Promise<Answer> =>
  (
    await app.inject({
      method: 'GET',
      url: `/recherche?q=${encodeURIComponent(q)}`,
      headers: { accept: 'application/json' },
    })
  ).json();

async function run(app: FastifyInstance, degraded: boolean) {
  const results: { query: RelevanceQuery; codes: (string | null)[] }[] = [];
  for (const query of RELEVANCE_SET) {
    const answer = await ask(app, query.q);
    expect(answer.degraded).toBe(degraded);
    results.push({ query, codes: answer.hits.map((h) => h.roleCode) });
  }
  return results;
}

beforeAll(async () => {
  t = await createTestApp();
  await ensureIndexes(t.search, SEARCH_INDEXES);
  await loadDemoRecords(t.db);
  expect((await t.app.searchIndexer.drain()).failed).toBe(0);
  fallbackApp = await buildApp(testConfig(), {
    db: t.db,
    search: createSearchService({ indexPrefix: t.search.indexPrefix }),
  });
}, 120_000);

afterAll(async () => {
  await fallbackApp?.close();
  await deleteIndexesWithPrefix(t.search.indexPrefix);
  await t.close();
});

it('is a set of at least sixty queries in every form people type', () => {
  expect(RELEVANCE_SET.length).toBeGreaterThanOrEqual(60);
  const forms = new Set(RELEVANCE_SET.map((q) => q.form));
  for (const form of ['accentless', 'misspelt', 'abbreviated', 'inclusive']) expect(forms).toContain(form);
});

describe('the words of the issue', () => {
  it('"menage" and "ménage" find the cleaning needs, not "Community manager"', async () => {
    for (const q of ['menage', 'ménage', 'femme de ménage']) {
      const answer = await ask(t.app, q);
      expect(answer.hits.length, q).toBeGreaterThanOrEqual(5);
      expect(answer.hits.slice(0, 5).map((h) => h.roleCode)).toEqual(Array(5).fill('K2204'));
      expect(answer.hits.filter((h) => /manager/i.test(h.title))).toEqual([]);
    }
  });

  it('"CIP" finds the records written "Conseiller·ère en insertion professionnelle"', async () => {
    const answer = await ask(t.app, 'CIP');
    expect(answer.hits.some((h) => h.title === 'Conseiller·ère en insertion professionnelle')).toBe(true);
  });

  it('the fallback folds accents and knows the synonyms: "comptabilite" and "menage" find records', async () => {
    for (const [q, code] of [
      ['comptabilite', 'M1203'],
      ['menage', 'K2204'],
    ]) {
      const answer = await ask(fallbackApp, q);
      expect(answer.degraded).toBe(true);
      expect(answer.hits[0]?.roleCode, q).toBe(code);
    }
  });
});

describe('the relevance set', () => {
  it('Meilisearch puts an expected role in the first five for nine queries in ten', async () => {
    const score = scoreRelevance(await run(t.app, false));
    expect(score.top5, JSON.stringify(score.misses)).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('the fallback finds what Meilisearch finds in the first five for at least 80 % of the set', async () => {
    const meili = await run(t.app, false);
    const fallback = await run(fallbackApp, true);
    const found = (codes: (string | null)[], query: RelevanceQuery) =>
      codes.slice(0, 5).some((c) => c !== null && query.expect.includes(c));
    const bothFind = RELEVANCE_SET.filter(
      (query, i) => found(meili[i].codes, query) && found(fallback[i].codes, query),
    );
    const share = bothFind.length / RELEVANCE_SET.length;
    const score = scoreRelevance(fallback);
    if (process.env.RELEVANCE_DEBUG)
      console.log(JSON.stringify({ meili: scoreRelevance(meili), score }, null, 1));
    expect(share, JSON.stringify(score.misses)).toBeGreaterThanOrEqual(0.8);
  }, 120_000);
});
