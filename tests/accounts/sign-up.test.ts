/**
 * Sign-up reveals no account: a known address gets the same answer as a new one (status, page, time
 * taken), and its owner gets a warning by mail instead of a link. A new address gets a link; the account
 * exists once the link is followed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, people, signUpRequests } from '../../db/schema';
import { hashToken } from '../../server/accounts/session';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makePerson } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 1000, windowMs: 60_000 } });
});
afterAll(() => t.close());

const form = (email: string) => ({
  displayName: 'Camille Essai',
  email,
  password: 'une phrase de passe assez longue',
  passwordConfirm: 'une phrase de passe assez longue',
});

const mailsTo = (email: string) => t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
const linkIn = (text: string) => /\/inscription\/confirmer\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? '';
/** The page without what differs by nature: the address typed and the CSRF token. */
const normalized = (body: string, email: string) =>
  body
    .replaceAll(email, 'ADDRESS')
    .replace(/value="[^"]{20,}"/g, 'value="TOKEN"')
    .replace(/"x-csrf-token": "[^"]+"/, '"x-csrf-token": "TOKEN"');

describe('signing up with a new address', () => {
  it('mails a link; the account exists only once the link is followed, and the link works once', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/inscription', {
      ...form('camille@exemple.invalid'),
      suite: '/postes',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Vérifiez votre messagerie');
    expect(await t.db.select().from(people).where(eq(people.email, 'camille@exemple.invalid'))).toEqual([]);

    const [mail] = await mailsTo('camille@exemple.invalid');
    expect(mail.kind).toBe('sign-up-confirm');
    const link = linkIn(mail.text);
    expect(link).not.toBe('');
    // Only the token's hash is kept.
    const [pending] = await t.db.select().from(signUpRequests);
    expect(pending.tokenHash).toBe(hashToken(link.split('/').pop() ?? ''));

    const confirmPage = await browser.get(link);
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain('Activer mon compte');
    const activated = await browser.post(link);
    expect(activated.statusCode).toBe(303);
    expect(activated.headers.location).toBe('/postes');
    const dashboard = await browser.get('/tableau-de-bord');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Camille Essai');

    expect((await browser.get(link)).statusCode).toBe(404);
    expect((await new Browser(t.app).post(link)).statusCode).toBe(404);
    expect(await t.db.select().from(people).where(eq(people.email, 'camille@exemple.invalid'))).toHaveLength(
      1,
    );
  });

  it('refuses an expired link with a clear page', async () => {
    const browser = new Browser(t.app);
    await browser.post('/inscription', form('tardif@exemple.invalid'));
    const [mail] = await mailsTo('tardif@exemple.invalid');
    await t.db
      .update(signUpRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signUpRequests.email, 'tardif@exemple.invalid'));
    const page = await browser.get(linkIn(mail.text));
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Ce lien n’est plus valable');
    expect((await browser.post(linkIn(mail.text))).statusCode).toBe(404);
  });

  it('sends to sign in when the address got an account between the mail and the click', async () => {
    const browser = new Browser(t.app);
    await browser.post('/inscription', form('double@exemple.invalid'));
    const [mail] = await mailsTo('double@exemple.invalid');
    await makePerson(t.db, { email: 'double@exemple.invalid' });
    const response = await browser.post(linkIn(mail.text));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connexion');
    expect(await t.db.select().from(people).where(eq(people.email, 'double@exemple.invalid'))).toHaveLength(
      1,
    );
  });
});

describe('signing up with an address that has an account', () => {
  it('answers exactly as for a new address and mails the owner a warning instead of a link', async () => {
    const owner = await makePerson(t.db, { email: 'deja@exemple.invalid', displayName: 'Dora Déjà' });
    const known = await new Browser(t.app).post('/inscription', form('deja@exemple.invalid'));
    const fresh = await new Browser(t.app).post('/inscription', form('inconnue@exemple.invalid'));
    expect(known.statusCode).toBe(fresh.statusCode);
    expect(normalized(known.body, 'deja@exemple.invalid')).toBe(
      normalized(fresh.body, 'inconnue@exemple.invalid'),
    );
    expect(known.headers['set-cookie']?.toString() ?? '').not.toContain('mosaique_session');

    const [warning] = await mailsTo('deja@exemple.invalid');
    expect(warning.kind).toBe('sign-up-known-address');
    expect(warning.text).toContain('qui a déjà un compte');
    expect(warning.text).toContain('http://mosaique.test/connexion');
    expect(warning.text).toContain('http://mosaique.test/mot-de-passe-oublie');
    expect(linkIn(warning.text)).toBe('');
    expect(
      await t.db.select().from(signUpRequests).where(eq(signUpRequests.email, 'deja@exemple.invalid')),
    ).toEqual([]);
    const [unchanged] = await t.db.select().from(people).where(eq(people.email, 'deja@exemple.invalid'));
    expect(unchanged).toEqual(owner);
  });

  it('takes as long as for a new address (the password is hashed either way)', async () => {
    // Production's hashing cost, which is what dominates the answer's time.
    const real = await createTestApp({ passwordHashing: {}, rateLimit: { max: 1000, windowMs: 60_000 } });
    try {
      await makePerson(real.db, { email: 'mesure@exemple.invalid' });
      const time = async (email: string) => {
        const browser = new Browser(real.app);
        await browser.get('/inscription');
        const started = performance.now();
        const response = await browser.post('/inscription', form(email));
        expect(response.statusCode).toBe(200);
        return performance.now() - started;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const known: number[] = [];
      const fresh: number[] = [];
      for (let i = 0; i < 5; i++) {
        known.push(await time('mesure@exemple.invalid'));
        fresh.push(await time(`nouvelle${i}@exemple.invalid`));
      }
      // Same order of magnitude: without the hash, the known address would answer ~50× faster.
      const ratio = median(known) / median(fresh);
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(4);
      const warnings = await real.db
        .select()
        .from(mailOutbox)
        .where(
          and(eq(mailOutbox.to, 'mesure@exemple.invalid'), eq(mailOutbox.kind, 'sign-up-known-address')),
        );
      expect(warnings).toHaveLength(5);
    } finally {
      await real.close();
    }
  }, 60_000);
});
