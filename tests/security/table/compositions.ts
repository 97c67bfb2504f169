/** Access rows: compositions. */
import { makeNeed, makeOrganization, makePerson, makeProposal } from '../../support/factories';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, one, type RouteRow, SIGNED_IN } from './expect';

/** A proposed composition between `orgs.owned` and a third structure (not `other`'s), made once. */
const proposal = (f: Fixtures) =>
  f.memo('composition', async () => {
    const db = f.testApp.db;
    const partner = await makeOrganization(db, { owner: await makePerson(db), name: 'Structure partenaire' });
    const weekA = ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'];
    const weekB = ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'];
    const need = (organizationId: number, hours: number, slots: string[]) =>
      makeNeed(db, {
        org: organizationId,
        roleCode: 'K9999',
        hoursHundredths: hours * 100,
        slotsNeeded: slots.length,
        allowedSlots: slots,
      });
    const a = await need(f.orgs.owned.id, 21, weekA);
    const b = await need(partner.id, 14, weekB);
    return makeProposal(db, [
      { need: a, slots: weekA },
      { need: b, slots: weekB },
    ]);
  });
/** Members of the composition's organizations; admins read it but do not answer for a structure. */
const COMPOSITION_MEMBERS: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok', admin: 'ok' };
const COMPOSITION_DECIDERS: Expect = { ...COMPOSITION_MEMBERS, admin: 'denied' };
const COMPOSITION_WRITES = [
  'compositions',
  'composition_decisions',
  'composition_events',
  'composition_needs',
  'needs',
  'mail_outbox',
  'notifications',
  'search_outbox',
];

export const COMPOSITION_ROWS: RouteRow[] = [
  // --- compositions
  { route: 'GET /compositions', cases: one('/compositions', SIGNED_IN) },
  // Only says whether a matching run is pending: no data of anyone.
  { route: 'GET /compositions/calcul', cases: one('/compositions/calcul', SIGNED_IN) },
  {
    route: 'POST /compositions/recalculer',
    cases: one('/compositions/recalculer', SIGNED_IN),
    writes: ['matching_runs', ...COMPOSITION_WRITES],
    fields: ['x'],
  },
  {
    route: 'GET /compositions/:id',
    cases: [
      {
        label: 'proposed',
        url: async (f) => `/compositions/${(await proposal(f)).id}`,
        expect: COMPOSITION_MEMBERS,
      },
      {
        label: 'no such id',
        url: () => '/compositions/99999999',
        expect: { ...everyone('denied'), visitor: 'signin' },
      },
      {
        label: 'not an id',
        url: () => '/compositions/abc',
        expect: { ...everyone('denied'), visitor: 'signin' },
      },
    ],
  },
  ...(['accepter', 'refuser', 'ge'] as const).map(
    (action): RouteRow => ({
      route: `POST /compositions/:id/${action}`,
      cases: one(async (f) => `/compositions/${(await proposal(f)).id}/${action}`, COMPOSITION_DECIDERS),
      writes: COMPOSITION_WRITES,
      fields:
        action === 'ge'
          ? ['version', 'ge']
          : action === 'refuser'
            ? ['version', 'organizationId', 'confirm', 'reason']
            : ['version', 'organizationId'],
    }),
  ),
];
