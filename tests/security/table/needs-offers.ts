/** Access rows: needs and cooperation offers. */
import { everyone, MEMBERS_AND_ADMINS, OWNER_ONLY, one, PUBLIC, type RouteRow, SIGNED_IN } from './expect';

export const NEED_AND_OFFER_ROWS: RouteRow[] = [
  // --- needs
  { route: 'GET /besoins', cases: one('/besoins', SIGNED_IN) },
  { route: 'GET /besoins/nouveau', cases: one('/besoins/nouveau', SIGNED_IN) },
  {
    route: 'POST /besoins',
    cases: one('/besoins', SIGNED_IN),
    writes: ['needs'],
    formPage: () => '/besoins/nouveau',
  },
  { route: 'GET /besoins/resume', cases: one('/besoins/resume?hours=14&slots=mon-am', SIGNED_IN) },
  // The role picker's suggestions, on the need form and the search filters (server/roles/routes.ts).
  {
    route: 'GET /metiers',
    cases: [
      { label: 'a title', url: () => '/metiers?q=femme%20de%20m%C3%A9nage&liste=roleText', expect: PUBLIC },
      { label: 'nothing typed', url: () => '/metiers', expect: PUBLIC },
    ],
  },
  { route: 'GET /besoins/communes', cases: one('/besoins/communes?commune=Belf', SIGNED_IN) },
  {
    route: 'GET /besoins/:id',
    cases: [
      { label: 'published', url: (f) => `/besoins/${f.needs.published.id}`, expect: PUBLIC },
      { label: 'draft', url: (f) => `/besoins/${f.needs.draft.id}`, expect: MEMBERS_AND_ADMINS },
      {
        label: 'published by a pending organization',
        url: (f) => `/besoins/${f.needs.ofPending.id}`,
        expect: MEMBERS_AND_ADMINS,
      },
      { label: 'not an id', url: () => '/besoins/abc', expect: everyone('denied') },
    ],
  },
  {
    route: 'GET /besoins/:id/modifier',
    cases: [
      { label: 'published', url: (f) => `/besoins/${f.needs.published.id}/modifier`, expect: OWNER_ONLY },
      { label: 'draft', url: (f) => `/besoins/${f.needs.draft.id}/modifier`, expect: OWNER_ONLY },
      // A suggested change filled in (tests/needs/suggestions.test.ts): the same rights as the form.
      {
        label: 'with a suggestion',
        url: (f) => `/besoins/${f.needs.published.id}/modifier?suggestion=1`,
        expect: OWNER_ONLY,
      },
    ],
  },
  {
    route: 'POST /besoins/:id',
    cases: one(async (f) => `/besoins/${(await f.freshNeed('published')).id}`, OWNER_ONLY),
    writes: ['needs'],
    formPage: async (f) => `/besoins/${f.needs.published.id}/modifier`,
  },
  ...(['publier', 'retirer', 'dupliquer'] as const).map(
    (action): RouteRow => ({
      route: `POST /besoins/:id/${action}`,
      cases: one(
        async (f) =>
          `/besoins/${(await f.freshNeed(action === 'publier' ? 'draft' : 'published')).id}/${action}`,
        OWNER_ONLY,
      ),
      writes: ['needs'],
      fields: ['version'],
    }),
  ),

  // --- cooperation offers
  { route: 'GET /offres', cases: one('/offres', SIGNED_IN) },
  { route: 'GET /offres/nouvelle', cases: one('/offres/nouvelle', SIGNED_IN) },
  {
    route: 'POST /offres',
    cases: one('/offres', SIGNED_IN),
    writes: ['offers'],
    formPage: () => '/offres/nouvelle',
  },
  {
    route: 'GET /offres/:id',
    cases: [
      { label: 'published', url: (f) => `/offres/${f.offers.published.id}`, expect: PUBLIC },
      { label: 'draft', url: (f) => `/offres/${f.offers.draft.id}`, expect: MEMBERS_AND_ADMINS },
    ],
  },
  {
    route: 'POST /offres/:id/interet',
    cases: [
      { label: 'published', url: (f) => `/offres/${f.offers.published.id}/interet`, expect: SIGNED_IN },
      {
        label: 'draft',
        url: (f) => `/offres/${f.offers.draft.id}/interet`,
        expect: { ...MEMBERS_AND_ADMINS, visitor: 'signin' },
      },
    ],
    writes: ['offer_interests'],
    fields: ['organizationId'],
  },
  {
    route: 'GET /offres/:id/modifier',
    cases: one((f) => `/offres/${f.offers.published.id}/modifier`, OWNER_ONLY),
  },
  {
    route: 'POST /offres/:id',
    cases: one(async (f) => `/offres/${(await f.freshOffer('published')).id}`, OWNER_ONLY),
    writes: ['offers'],
    formPage: (f) => `/offres/${f.offers.published.id}/modifier`,
  },
  ...(['publier', 'retirer', 'clore'] as const).map(
    (action): RouteRow => ({
      route: `POST /offres/:id/${action}`,
      cases: one(
        async (f) =>
          `/offres/${(await f.freshOffer(action === 'publier' ? 'draft' : 'published')).id}/${action}`,
        OWNER_ONLY,
      ),
      writes: ['offers'],
      fields: ['version'],
    }),
  ),
];
