/**
 * Declining asks for confirmation and an optional reason the other structures read; nobody is told of
 * their own action (decline, accept, the GE choice), while their colleagues and the others are.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compositionDecisions, compositions, memberships, notifications } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { signedIn } from '../support/browser';
import { makeMember, makeNeed, makePerson, makeProposal, WEEK_A, WEEK_B } from '../support/factories';
import { mailsOfKind } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 10_000, windowMs: 60_000 } });
});
afterAll(async () => {
  await t?.close();
});

/** A proposal between A (owner and an editor colleague) and B. */
async function proposal() {
  const a = await makeMember(t.db);
  const b = await makeMember(t.db);
  const colleague = await makePerson(t.db);
  await t.db.insert(memberships).values({ organizationId: a.org.id, personId: colleague.id, role: 'editor' });
  const na = await makeNeed(t.db, { org: a.org, hours: 21, slots: WEEK_A });
  const nb = await makeNeed(t.db, { org: b.org, hours: 14, slots: WEEK_B });
  const c = await makeProposal(t.db, [
    { need: na, slots: WEEK_A },
    { need: nb, slots: WEEK_B },
  ]);
  return { a, b, colleague, c };
}

const status = async (id: number) =>
  (await t.db.select().from(compositions).where(eq(compositions.id, id)))[0].status;
const notified = async (personId: number) =>
  t.db.select().from(notifications).where(eq(notifications.personId, personId));
const mailedTo = async (kind: string) => (await mailsOfKind(t.db, kind)).map((m) => m.to);

describe('declining a composition', () => {
  it('asks for confirmation first: the button alone declines nothing', async () => {
    const { a, c } = await proposal();
    const alice = await signedIn(t.app, a.owner.email);
    const ask = await alice.post(`/compositions/${c.id}/refuser`, { version: String(c.version) });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Confirmer le refus');
    expect(ask.body).toContain('name="confirm" value="oui"');
    expect(ask.body).toContain('name="reason"');
    expect(ask.body).toContain(`href="/compositions/${c.id}"`); // cancel goes back
    expect(await status(c.id)).toBe('proposed');
  });

  it('refuses a reason too long with a French message, keeping the text', async () => {
    const { a, c } = await proposal();
    const alice = await signedIn(t.app, a.owner.email);
    const long = `Trop loin ${'x'.repeat(600)}`;
    const response = await alice.post(`/compositions/${c.id}/refuser`, {
      version: String(c.version),
      confirm: 'oui',
      reason: long,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('500 caractères au plus');
    expect(response.body).toContain(long);
    expect(await status(c.id)).toBe('proposed');
  });

  it('declines once confirmed; the reason reaches the others, never the person who declined', async () => {
    const { a, b, colleague, c } = await proposal();
    const alice = await signedIn(t.app, a.owner.email);
    const response = await alice.post(`/compositions/${c.id}/refuser`, {
      version: String(c.version),
      confirm: 'oui',
      reason: 'Horaires incompatibles avec nos chantiers.',
    });
    expect(response.statusCode).toBe(303);
    expect(await status(c.id)).toBe('declined');
    const [decision] = await t.db
      .select()
      .from(compositionDecisions)
      .where(eq(compositionDecisions.compositionId, c.id));
    expect(decision.reason).toBe('Horaires incompatibles avec nos chantiers.');

    const page = await (await signedIn(t.app, b.owner.email)).get(`/compositions/${c.id}`);
    expect(page.body).toContain('« Horaires incompatibles avec nos chantiers. »');
    const mails = await mailsOfKind(t.db, 'composition-declined');
    const toB = mails.find((m) => m.to === b.owner.email);
    expect(toB?.text).toContain('Horaires incompatibles avec nos chantiers.');
    expect(mails.map((m) => m.to)).toContain(colleague.email);
    expect(mails.map((m) => m.to)).not.toContain(a.owner.email);
    expect(await notified(a.owner.id)).toHaveLength(0);
    expect(await notified(b.owner.id)).toHaveLength(1);
  });

  it('declines without a reason too', async () => {
    const { b, c } = await proposal();
    const bob = await signedIn(t.app, b.owner.email);
    const response = await bob.post(`/compositions/${c.id}/refuser`, {
      version: String(c.version),
      confirm: 'oui',
      reason: '   ',
    });
    expect(response.statusCode).toBe(303);
    const [decision] = await t.db
      .select()
      .from(compositionDecisions)
      .where(eq(compositionDecisions.compositionId, c.id));
    expect(decision.reason).toBeNull();
  });
});

describe('nobody is notified of their own action', () => {
  it('accepting, the last acceptance and the GE choice tell the others only', async () => {
    const { a, b, colleague, c } = await proposal();
    const alice = await signedIn(t.app, a.owner.email);
    const bob = await signedIn(t.app, b.owner.email);
    expect(
      (await alice.post(`/compositions/${c.id}/accepter`, { version: String(c.version) })).statusCode,
    ).toBe(303);
    expect(await mailedTo('composition-decision')).not.toContain(a.owner.email);
    expect(await mailedTo('composition-decision')).toContain(b.owner.email);
    expect(await mailedTo('composition-decision')).toContain(colleague.email);

    const version = (await t.db.select().from(compositions).where(eq(compositions.id, c.id)))[0].version;
    expect((await bob.post(`/compositions/${c.id}/accepter`, { version: String(version) })).statusCode).toBe(
      303,
    );
    expect(await mailedTo('composition-accepted')).not.toContain(b.owner.email);
    expect(await mailedTo('composition-accepted')).toContain(a.owner.email);

    const after = (await t.db.select().from(compositions).where(eq(compositions.id, c.id)))[0].version;
    const ge = await bob.post(`/compositions/${c.id}/ge`, { version: String(after), ge: 'to_create' });
    expect(ge.statusCode).toBe(303);
    expect(await mailedTo('composition-ge')).not.toContain(b.owner.email);
    expect(await mailedTo('composition-ge')).toContain(a.owner.email);
    // Bob's own notifications: only Alice's acceptance.
    expect((await notified(b.owner.id)).map((n) => n.kind)).toEqual(['composition-decision']);
  });
});
