/** Access rows: the directory of structures, the listing setting, GE membership claims. */
import { geMemberships } from '../../../db/schema';
import { everyone, OWNER_ONLY, one, PUBLIC, type RouteRow, SIGNED_IN, signedIn } from './expect';

export const DIRECTORY_ROWS: RouteRow[] = [
  {
    route: 'GET /structures',
    cases: one('/structures?q=insertion&departement=90&kind=ACI&near=Belfort', PUBLIC),
  },
  {
    route: 'GET /structures/:id',
    cases: [
      { label: 'listed', url: (f) => `/structures/${f.orgs.owned.id}`, expect: PUBLIC },
      { label: 'pending', url: (f) => `/structures/${f.orgs.pending.id}`, expect: everyone('denied') },
      {
        label: 'hidden',
        url: async (f) => `/structures/${(await f.freshOrg({ directoryListed: false })).id}`,
        expect: everyone('denied'),
      },
      { label: 'not an id', url: () => '/structures/abc', expect: everyone('denied') },
    ],
  },
  {
    route: 'POST /structures/:id/contacter',
    cases: one((f) => `/structures/${f.orgs.other.id}/contacter`, SIGNED_IN),
    writes: ['notifications', 'rate_limit_hits'],
    formPage: (f) => `/structures/${f.orgs.other.id}`,
  },
  {
    route: 'POST /organisations/:id/annuaire',
    cases: one(async (f) => `/organisations/${(await f.freshOrg()).id}/annuaire`, OWNER_ONLY),
    writes: ['organizations'],
    fields: ['listed', 'keywords'],
  },
  ...(['confirmer', 'refuser'] as const).map(
    (action): RouteRow => ({
      route: `POST /organisations/:id/adhesions/:memberId/${action}`,
      cases: one(
        async (f) => {
          const ge = await f.freshOrg({ kind: 'GE' });
          const member = await f.freshOrg();
          await f.testApp.db.insert(geMemberships).values({ organizationId: member.id, geId: ge.id });
          return `/organisations/${ge.id}/adhesions/${member.id}/${action}`;
        },
        signedIn({ other: 'denied', facilitator: 'denied' }),
      ),
      writes: ['ge_memberships', 'notifications'],
      fields: ['x'],
    }),
  ),
];
