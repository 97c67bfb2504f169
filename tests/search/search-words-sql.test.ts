/**
 * mosaique_search_words (migration 0006) is the SQL twin of searchWords: the fallback's stored vectors are
 * built with it and its queries with the JavaScript, so both must give the same words, on PGlite and on
 * PostgreSQL, for the vocabulary and for anything people type.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawRows } from '../../db/client';
import { FIELD_SYNONYMS, searchText, vocabulary } from '../../server/roles';
import { createTestDb, type TestDb } from '../support/db';

let handle: TestDb;

beforeAll(async () => {
  handle = await createTestDb();
});

afterAll(async () => {
  await handle?.destroy();
});

async function sqlWords(texts: string[]): Promise<string[]> {
  const rows = await rawRows<{ n: number; words: string }>(
    handle.db,
    sql`select t.n::int as n, mosaique_search_words(t.text) as words
        from unnest(${`{${texts.map((t) => `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[])
        with ordinality as t(text, n) order by t.n`,
  );
  return rows.map((r) => r.words);
}

async function expectTwins(texts: string[]) {
  const fromSql = await sqlWords(texts);
  const differences = texts
    .map((text, i) => ({ text, js: searchText(text), sql: fromSql[i] }))
    .filter((d) => d.js !== d.sql);
  expect(differences).toEqual([]);
}

it('gives the same words as searchWords for every title of the vocabulary', async () => {
  const texts = [
    ...vocabulary().flatMap((role) => role.titles.map((t) => t.text)),
    ...FIELD_SYNONYMS.flat(),
    'Conseiller·ère en insertion professionnelle',
    'salarié.e·s animateur(trice) Développeur·se web',
    'Œuvre bureaux agentes vendeuses H/F 35h',
  ];
  for (let i = 0; i < texts.length; i += 2_000) await expectTwins(texts.slice(i, i + 2_000));
}, 60_000);

it('gives the same words as searchWords for random text full of accents, markers and separators', async () => {
  const alphabet = [
    ...'abcdeéèêëfghiîïjklmnoôöpqrstuùûüvwxyzÿçœæAÉÈÀÇŒÆ0123456789',
    ...'  ·•⋅.-‐/()&’\'",;:!?',
    'ère',
    'euse',
    'trice',
    'e',
    's',
    'ne',
    'fe',
    'ive',
    'ee',
    'ante',
    'eaux',
    'de ',
    'l’',
    'ß',
    'İ',
    'Ł',
    '\u0301',
    '😀',
  ];
  const texts = fc.sample(
    fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((parts) => parts.join('')),
    { numRuns: 3_000, seed: 14 },
  );
  await expectTwins(texts);
}, 60_000);
