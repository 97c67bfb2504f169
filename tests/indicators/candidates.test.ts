/**
 * The indicators count the expressions of interest of the territory's shared posts by status, over the
 * period (by the day they were received, in Paris time).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCandidates } from '../../db/schema';
import { candidateStatusCounts } from '../../server/indicators/candidates';
import { postForm } from '../posts/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeAcceptedComposition, makePerson, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

const candidate = (postId: number, status: string, createdAt: string) => ({
  postId,
  name: `Personne ${status}`,
  email: `${status}@exemple.invalid`,
  status: status as 'new',
  consentAt: new Date(createdAt),
  expiresAt: new Date('2099-01-01T00:00:00Z'),
  createdAt: new Date(createdAt),
});

describe('candidates by status in the indicators', () => {
  it('counts the territory’s candidates received in the period, per status', async () => {
    const setup = await makeAcceptedComposition(t.db); // Belfort (90)
    const owner = new Browser(t.app);
    await owner.signIn(setup.a.owner.email, TEST_PASSWORD);
    const opened = await owner.post(`/compositions/${setup.c.id}/poste`, postForm(setup.c.version));
    const postId = Number(String(opened.headers.location).split('/').pop());
    await t.db.delete(postCandidates).where(eq(postCandidates.postId, postId));
    await t.db.insert(postCandidates).values([
      candidate(postId, 'new', '2026-02-10T10:00:00Z'),
      candidate(postId, 'retained', '2026-02-11T10:00:00Z'),
      candidate(postId, 'rejected', '2026-03-01T10:00:00Z'),
      candidate(postId, 'rejected', '2026-03-02T10:00:00Z'),
      // 31 March, 23:30 in Paris: still in the period; the next one is past it.
      candidate(postId, 'interview', '2026-03-31T21:30:00Z'),
      candidate(postId, 'contacted', '2026-03-31T22:30:00Z'),
    ]);
    const period = { from: '2026-01-01', to: '2026-03-31' };
    const counts = Object.fromEntries(
      (await candidateStatusCounts(t.db, ['90'], period)).map((k) => [k.status, k.count]),
    );
    expect(counts).toEqual({ new: 1, contacted: 0, interview: 1, retained: 1, rejected: 2 });
    expect((await candidateStatusCounts(t.db, ['13'], period)).every((k) => k.count === 0)).toBe(true);

    const facilitator = await makePerson(t.db, { territories: ['90'] });
    const browser = new Browser(t.app);
    await browser.signIn(facilitator.email, TEST_PASSWORD);
    const page = await browser.get('/animation/indicateurs?du=2026-01-01&au=2026-03-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<li id="candidatures-rejected"><span class="figure">2</span> non retenues</li>',
    );
    expect(page.body).toContain('<li id="candidatures-retained"><span class="figure">1</span> retenues</li>');
  });
});
