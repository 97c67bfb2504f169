/**
 * Pay on shared posts: required on the opening form (an amount or a range, per month or per hour, French
 * messages), shown on the page and in /postes (Meilisearch and the fallback), and in the JobPosting
 * JSON-LD as baseSalary, beside validThrough, identifier and directApply. Posts opened before pay was
 * asked keep working and state none.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedPosts } from '../../db/schema';
import { descriptionHtml, validThrough } from '../../server/posts/json-ld';
import { euros, parseEuros, payLabel } from '../../server/posts/pay';
import { parsePostParams, searchPosts } from '../../server/posts/search';
import { createSearchService } from '../../server/search/service';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeAcceptedComposition, TEST_PASSWORD } from '../support/factories';
import { postForm } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

const NBSP = '\u00a0';
/** No-break spaces inside numbers and before "€", as the site writes them. */
const french = (text: string) => text.replace(/(\d) (\d)/g, `$1${NBSP}$2`).replace(/ €/g, `${NBSP}€`);

async function owner() {
  const setup = await makeAcceptedComposition(t.db);
  const browser = new Browser(t.app);
  await browser.signIn(setup.a.owner.email, TEST_PASSWORD);
  return { ...setup, browser };
}

async function open(overrides: Record<string, string>) {
  const { c, browser } = await owner();
  const response = await browser.post(`/compositions/${c.id}/poste`, postForm(c.version, overrides));
  expect(response.statusCode).toBe(303);
  return Number(String(response.headers.location).split('/').pop());
}

const jsonLd = (body: string) =>
  JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)?.[1] ?? 'null');

describe('writing pay', () => {
  it('parses French amounts and writes them the French way', () => {
    expect(parseEuros('1 850')).toBe(185_000);
    expect(parseEuros('12,50 €')).toBe(1250);
    expect(parseEuros('1850.5')).toBe(185_050);
    expect(parseEuros('douze')).toBeNull();
    expect(parseEuros('12,555')).toBeNull();
    expect(euros(185_000)).toBe(`1${NBSP}850${NBSP}€`);
    expect(payLabel({ minCents: 185_000, maxCents: 185_000, unit: 'month' })).toBe(
      french('1 850 € brut par mois'),
    );
    expect(payLabel({ minCents: 1250, maxCents: 1400, unit: 'hour' })).toBe(
      french('de 12,50 € à 14 € brut de l’heure'),
    );
    expect(payLabel(null)).toBeNull();
  });

  it('writes the description as escaped HTML paragraphs', () => {
    expect(descriptionHtml('Un <b> & deux\nlignes\n\nSecond paragraphe')).toBe(
      '<p>Un &lt;b&gt; &amp; deux<br>lignes</p><p>Second paragraphe</p>',
    );
  });

  it('announces the later of 60 days after publication and the start day', () => {
    const createdAt = new Date('2027-01-10T10:00:00Z');
    expect(validThrough({ createdAt, startDate: '2027-02-01' })).toBe('2027-03-11T22:59:00.000Z');
    expect(validThrough({ createdAt, startDate: '2027-06-01' })).toBe('2027-06-01T21:59:00.000Z');
  });
});

describe('the opening form', () => {
  it.each([
    [{ payMin: '' }, 'payMin', 'Salaire brut : indiquez le montant'],
    [{ payMin: 'beaucoup' }, 'payMin', 'Salaire brut : montant en euros attendu'],
    [{ payMin: '-1 850' }, 'payMin', 'Salaire brut : montant en euros attendu'],
    [{ payMin: '2 000', payMax: '1 900' }, 'payMax', 'supérieur ou égal au minimum'],
    [{ payMin: '185' }, 'payMin', `entre 1${NBSP}500${NBSP}€ et 15${NBSP}000${NBSP}€ par mois`],
    [{ payMin: '1 850', payUnit: 'hour' }, 'payMin', `entre 10${NBSP}€ et 100${NBSP}€ de l’heure`],
    [{ payUnit: 'year' }, 'payUnit', 'Salaire : choisissez'],
  ] as [Record<string, string>, string, string][])(
    'refuses %o with a French message and keeps the input',
    async (overrides, field, message) => {
      const { c, browser } = await owner();
      const response = await browser.post(`/compositions/${c.id}/poste`, postForm(c.version, overrides));
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(message);
      expect(response.body).toContain(`id="${field}-error"`);
      if (overrides.payMin) expect(response.body).toContain(`value="${overrides.payMin}"`);
      expect(await t.db.select().from(sharedPosts).where(eq(sharedPosts.compositionId, c.id))).toHaveLength(
        0,
      );
    },
  );
});

describe('pay on the page, in /postes and in the JSON-LD', () => {
  it('a range per hour', async () => {
    const postId = await open({
      title: 'Jardinier paysagiste partagé',
      payMin: '12,50',
      payMax: '14',
      payUnit: 'hour',
    });
    const [row] = await t.db.select().from(sharedPosts).where(eq(sharedPosts.id, postId));
    expect(row).toMatchObject({ payMinCents: 1250, payMaxCents: 1400, payUnit: 'hour' });
    const label = french('de 12,50 € à 14 € brut de l’heure');

    const page = await new Browser(t.app).get(`/postes/${postId}`);
    expect(page.body).toContain(`<dt>Salaire</dt><dd>${label}</dd>`);
    const data = jsonLd(page.body);
    expect(data.baseSalary).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', minValue: 12.5, maxValue: 14, unitText: 'HOUR' },
    });
    expect(data.identifier).toEqual({ '@type': 'PropertyValue', name: 'Mosaïque', value: String(postId) });
    expect(data.directApply).toBe(true);
    expect(Date.parse(data.validThrough)).toBeGreaterThan(Date.now());

    await t.app.searchIndexer.drain();
    const results = await new Browser(t.app).get('/postes?q=jardinier');
    expect(results.body).toContain(label);
    const json = JSON.parse(
      (await new Browser(t.app).get('/postes?q=jardinier', { accept: 'application/json' })).body,
    );
    expect(json.hits[0].payLabel).toBe(label);
    // The fallback writes the same.
    const down = createSearchService({ url: 'http://127.0.0.1:9', indexPrefix: 'none_' });
    const degraded = await searchPosts(t.db, down, parsePostParams({ q: 'jardinier' }));
    expect(degraded.hits[0].payLabel).toBe(label);
  });

  it('one amount per month', async () => {
    const postId = await open({ payMin: '1 850', payMax: '' });
    const page = await new Browser(t.app).get(`/postes/${postId}`);
    expect(page.body).toContain(french('1 850 € brut par mois'));
    expect(jsonLd(page.body).baseSalary.value).toEqual({
      '@type': 'QuantitativeValue',
      value: 1850,
      unitText: 'MONTH',
    });
  });

  it('a post opened before pay was asked states none, and still works', async () => {
    const postId = await open({ title: 'Poste ancien sans salaire' });
    await t.db
      .update(sharedPosts)
      .set({ payMinCents: null, payMaxCents: null, payUnit: null })
      .where(eq(sharedPosts.id, postId));
    const page = await new Browser(t.app).get(`/postes/${postId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<dt>Salaire</dt>');
    expect(jsonLd(page.body).baseSalary).toBeUndefined();
    const down = createSearchService({ url: 'http://127.0.0.1:9', indexPrefix: 'none_' });
    const degraded = await searchPosts(t.db, down, parsePostParams({ q: 'ancien' }));
    expect(degraded.hits[0].payLabel).toBeNull();
  });
});
