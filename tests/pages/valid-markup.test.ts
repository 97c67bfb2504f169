/**
 * The markup of the composition pages as the server sends it, through html-validate (the rules the
 * browser tests apply, tests/support/e2e.ts): a composition listed under two of a structure's needs
 * used to repeat its `id` on /compositions, and the composition's table had a row header in its footer
 * only. Faster than a browser, and independent of the demo data.
 */
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, makeProposal, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let browser: Browser;
let compositionId: number;

const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:document', 'html-validate:a11y'],
  rules: {
    'require-sri': ['error', { target: 'crossorigin' }],
    'prefer-native-element': 'off',
    'aria-label-misuse': ['error', { allowAnyNamable: true }],
  },
});

async function problemsOf(url: string): Promise<string[]> {
  const res = await browser.get(url);
  expect(res.statusCode, url).toBe(200);
  const report = await validator.validateString(res.body);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

beforeAll(async () => {
  t = await createTestApp();
  const owner = await makePerson(t.db);
  const mine = await makeOrganization(t.db, { owner, name: 'Atelier Lion Vert' });
  const other = await makeOrganization(t.db, { name: 'Régie de quartier' });
  // Two needs of the same structure (titled apart) in one composition: it is listed under each of them.
  const morning = await makeNeed(t.db, { org: mine, hours: 10, slots: ['mon-am', 'tue-am'] });
  const evening = await makeNeed(t.db, { org: mine, hours: 11, slots: ['mon-pm', 'tue-pm'] });
  const theirs = await makeNeed(t.db, { org: other, hours: 15, slots: ['wed-am', 'wed-pm', 'thu-am'] });
  compositionId = (
    await makeProposal(t.db, [
      { need: morning, slots: ['mon-am', 'tue-am'] },
      { need: evening, slots: ['mon-pm', 'tue-pm'] },
      { need: theirs, slots: ['wed-am', 'wed-pm', 'thu-am'] },
    ])
  ).id;
  browser = new Browser(t.app);
  await browser.signIn(owner.email, TEST_PASSWORD);
});
afterAll(() => t?.close());

it('lists a composition under two needs without repeating an id', async () => {
  const page = await browser.get('/compositions');
  expect(page.body.match(new RegExp(`href="/compositions/${compositionId}"`, 'g'))).toHaveLength(2);
  expect(await problemsOf('/compositions')).toEqual([]);
});

it('shows a composition with valid markup: row headers in the body and the footer alike', async () => {
  const page = await browser.get(`/compositions/${compositionId}`);
  expect(page.body).toContain('<th scope="row">A : Atelier Lion Vert</th>');
  expect(await problemsOf(`/compositions/${compositionId}`)).toEqual([]);
});
