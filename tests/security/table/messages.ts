/** Access rows: the message thread of a composition (members of its structures only; admins too get a 404). */
import {
  makeNeed,
  makeOrganization,
  makePerson,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from '../../support/factories';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, one, type RouteRow } from './expect';

/** A proposal between `orgs.owned` and a third structure (not `other`'s), made once. */
const proposal = (f: Fixtures) =>
  f.memo('message-thread', async () => {
    const db = f.testApp.db;
    const partner = await makeOrganization(db, { owner: await makePerson(db), name: 'Structure du fil' });
    const need = (organizationId: number, hours: number, slots: string[]) =>
      makeNeed(db, {
        org: organizationId,
        roleCode: 'K9997',
        hoursHundredths: hours * 100,
        slotsNeeded: slots.length,
        allowedSlots: slots,
      });
    const a = await need(f.orgs.owned.id, 21, WEEK_A);
    const b = await need(partner.id, 14, WEEK_B);
    return makeProposal(db, [
      { need: a, slots: WEEK_A },
      { need: b, slots: WEEK_B },
    ]);
  });

const THREAD_MEMBERS: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };

export const MESSAGE_ROWS: RouteRow[] = [
  {
    route: 'GET /compositions/:id/messages',
    cases: [
      {
        label: 'proposed',
        url: async (f) => `/compositions/${(await proposal(f)).id}/messages`,
        expect: THREAD_MEMBERS,
      },
      {
        label: 'not an id',
        url: () => '/compositions/abc/messages',
        expect: { ...everyone('denied'), visitor: 'signin' },
      },
    ],
  },
  {
    route: 'POST /compositions/:id/messages',
    cases: one(async (f) => `/compositions/${(await proposal(f)).id}/messages`, THREAD_MEMBERS),
    writes: ['composition_messages', 'mail_outbox', 'notifications'],
    fields: ['body', 'organizationId'],
  },
];
