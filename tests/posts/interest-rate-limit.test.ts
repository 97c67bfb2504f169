/** Expressions of interest are rate-limited per IP: past the configured maximum, 429 and nothing stored. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postCandidates } from '../../db/schema';
import { getComposition } from '../../server/compositions/service';
import { openPost } from '../../server/posts/service';
import { createTestApp, type TestApp } from '../support/app';
import { Browser } from '../support/browser';
import { makeAcceptedComposition } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

it('a fourth expression of interest from one address within the window gets 429 and is not stored', async () => {
  const { c, a } = await makeAcceptedComposition(t.db);
  const detail = await getComposition(t.db, c.id);
  if (!detail) throw new Error('no composition');
  const opened = await openPost(t.db, {
    detail,
    personId: a.owner.id,
    version: detail.composition.version,
    form: {
      title: 'Comptable partagé',
      startDate: '2030-01-07',
      description: 'Comptabilité de deux structures.',
      payMin: 185_000,
      payMax: null,
      payUnit: 'month',
    },
  });
  if (!opened.ok) throw new Error(opened.message);
  const visitor = new Browser(t.app);
  await visitor.get(`/postes/${opened.postId}`);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push(
      (
        await visitor.post(`/postes/${opened.postId}/interet`, {
          name: `Candidat ${i}`,
          email: `candidat${i}@exemple.fr`,
          message: 'Bonjour',
          consent: 'on',
        })
      ).statusCode,
    );
  expect(statuses).toEqual([303, 303, 303, 429]);
  const stored = await t.db.select().from(postCandidates).where(eq(postCandidates.postId, opened.postId));
  expect(stored).toHaveLength(3);
});
