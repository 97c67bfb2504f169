/** Access rows: organizations, invitations, commune picker, administration. */
import { ADMIN_ONLY, everyone, OWNER_ONLY, one, PUBLIC, type RouteRow, SIGNED_IN, signedIn } from './expect';

export const ORGANIZATION_ROWS: RouteRow[] = [
  // --- organizations
  { route: 'GET /communes', cases: one('/communes?q=Belf', PUBLIC) },
  { route: 'GET /organisations/nouvelle', cases: one('/organisations/nouvelle', SIGNED_IN) },
  {
    route: 'POST /organisations',
    cases: one('/organisations', SIGNED_IN),
    writes: ['organizations', 'memberships', 'ge_memberships'],
    formPage: () => '/organisations/nouvelle',
  },
  {
    route: 'GET /organisations/:id',
    cases: [
      { label: 'validated', url: (f) => `/organisations/${f.orgs.owned.id}`, expect: PUBLIC },
      {
        label: 'pending',
        url: (f) => `/organisations/${f.orgs.pending.id}`,
        expect: { ...OWNER_ONLY, visitor: 'denied', admin: 'ok' },
      },
      { label: 'no such id', url: () => '/organisations/99999999', expect: everyone('denied') },
      { label: 'not an id', url: () => '/organisations/abc', expect: everyone('denied') },
    ],
  },
  {
    route: 'GET /organisations/:id/modifier',
    cases: [
      { label: 'validated', url: (f) => `/organisations/${f.orgs.owned.id}/modifier`, expect: OWNER_ONLY },
      { label: 'pending', url: (f) => `/organisations/${f.orgs.pending.id}/modifier`, expect: OWNER_ONLY },
    ],
  },
  {
    route: 'POST /organisations/:id',
    cases: one((f) => `/organisations/${f.orgs.owned.id}`, OWNER_ONLY),
    writes: ['organizations', 'ge_memberships'],
    formPage: (f) => `/organisations/${f.orgs.owned.id}/modifier`,
  },
  {
    route: 'POST /organisations/:id/invitations',
    cases: one((f) => `/organisations/${f.orgs.owned.id}/invitations`, OWNER_ONLY),
    writes: ['invitations'],
    formPage: (f) => `/organisations/${f.orgs.owned.id}`,
  },
  {
    route: 'POST /organisations/:id/membres/:personId/retirer',
    cases: one(async (f) => {
      const editor = await f.freshPerson();
      const org = await f.freshOrg({ editors: [editor] });
      return `/organisations/${org.id}/membres/${editor.id}/retirer`;
    }, OWNER_ONLY),
    writes: ['memberships'],
    fields: ['x'],
  },
  {
    route: 'GET /invitations/:token',
    cases: [
      {
        label: 'valid',
        url: async (f) => `/invitations/${(await f.invitation('invitee@exemple.invalid')).token}`,
        expect: PUBLIC,
      },
      { label: 'unknown', url: () => '/invitations/inconnue', expect: everyone('denied') },
    ],
  },
  {
    route: 'POST /invitations/:token',
    cases: one(
      async (f) => `/invitations/${(await f.invitation('invitee@exemple.invalid')).token}`,
      SIGNED_IN,
    ),
    writes: ['memberships', 'invitations'],
    fields: ['x'],
  },
  {
    route: 'POST /invitations/recues/:id/accepter',
    cases: [
      {
        label: 'addressed to the person',
        url: async (f, role) =>
          `/invitations/recues/${(await f.invitation(role === 'visitor' ? 'visitor@exemple.invalid' : f.people[role].email)).id}/accepter`,
        expect: SIGNED_IN,
      },
      {
        label: 'addressed to someone else',
        url: async (f) =>
          `/invitations/recues/${(await f.invitation('quelquun@exemple.invalid')).id}/accepter`,
        expect: signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied', admin: 'denied' }),
      },
    ],
    writes: ['memberships', 'invitations'],
    fields: ['x'],
  },

  // --- administration
  { route: 'GET /admin', cases: one('/admin', ADMIN_ONLY) },
  {
    route: 'POST /admin/organisations/:id/valider',
    cases: one(
      async (f) => `/admin/organisations/${(await f.freshOrg({ validated: false })).id}/valider`,
      ADMIN_ONLY,
    ),
    writes: ['organizations', 'matching_requests'],
    fields: ['motif'],
  },
  {
    route: 'POST /admin/organisations/:id/refuser',
    cases: one(
      async (f) => `/admin/organisations/${(await f.freshOrg({ validated: false })).id}/refuser`,
      ADMIN_ONLY,
    ),
    writes: ['organizations', 'matching_requests'],
    fields: ['motif'],
  },
  { route: 'GET /admin/animateurs', cases: one('/admin/animateurs', ADMIN_ONLY) },
  {
    route: 'POST /admin/animateurs',
    cases: one('/admin/animateurs', ADMIN_ONLY),
    writes: ['facilitator_territories'],
  },
  {
    route: 'POST /admin/animateurs/:personId/retirer',
    cases: one(
      async (f) => `/admin/animateurs/${(await f.freshPerson({ territories: ['13', '84'] })).id}/retirer`,
      ADMIN_ONLY,
    ),
    writes: ['facilitator_territories'],
    fields: ['departement'],
  },
];
