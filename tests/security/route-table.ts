/**
 * THE ACCESS TABLE: one row per route of `app.routeTable` ("METHOD /url/:param"), with concrete URLs
 * built from the fixtures and the outcome expected for each role. tests/security/route-access.test.ts
 * fails when a route has no row here, so every new route must be declared, with its expectations.
 *
 * Outcomes:
 * - 'ok': GET answers 2xx/3xx (not a redirect to /connexion); POST answers anything but 401/403/404,
 *   a redirect to /connexion or a 5xx (a 422 for the empty body the walk posts is fine);
 * - 'signin': 401, or 303 to /connexion;
 * - 'denied': 403 or 404.
 *
 * For POST rows, `writes` lists the tables the route may change: tests/security/fuzz.test.ts posts
 * hostile payloads and fails if any other table changed. `fields` (or the form found on `formPage`)
 * names the fields to fuzz.
 */
import { insertProposal } from '../compositions/helpers';
import { insertNeed } from '../needs/helpers';
import { makeOrganization, makePerson } from '../support/factories';
import { type Fixtures, ROLES, type Role } from './fixtures';

export type Outcome = 'ok' | 'signin' | 'denied';
export type Expect = Record<Role, Outcome>;
type UrlBuilder = (f: Fixtures, role: Role) => string | Promise<string>;

export interface RouteCase {
  label: string;
  url: UrlBuilder;
  expect: Expect;
}

export interface RouteRow {
  /** "METHOD /url/:param", exactly as in app.routeTable. */
  route: string;
  cases: RouteCase[];
  /** POST only: tables the route may change (others must stay byte-identical under fuzzing). */
  writes?: string[];
  /** POST only: field names to fuzz; default: the fields of the form found on `formPage`. */
  fields?: string[];
  /** POST only: the page holding the route's form (default: the same URL as GET). */
  formPage?: UrlBuilder;
}

const everyone = (outcome: Outcome): Expect => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Expect;

/** Anyone, visitor included. */
export const PUBLIC: Expect = everyone('ok');
/** Any signed-in person; visitors are sent to sign in. */
export const SIGNED_IN: Expect = { ...everyone('ok'), visitor: 'signin' };
/** Signed-in people with the listed exceptions, e.g. `signedIn({ other: 'denied' })`. */
export const signedIn = (overrides: Partial<Expect>): Expect => ({ ...SIGNED_IN, ...overrides });
export const ADMIN_ONLY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
export const FACILITATOR_ONLY: Expect = signedIn({ other: 'denied', owner: 'denied' });
/** Members of the organization concerned and admins; a visitor or an outsider gets a 404. */
export const MEMBERS_AND_ADMINS: Expect = { ...everyone('denied'), owner: 'ok', admin: 'ok' };
/** Only the owner of the organization concerned. */
export const OWNER_ONLY: Expect = signedIn({ other: 'denied', facilitator: 'denied', admin: 'denied' });

/** The role a POST route is exercised as when one person is enough: the least privileged allowed one. */
export function actorOf(expect: Expect): Role | undefined {
  return (['owner', 'other', 'visitor', 'facilitator', 'admin'] as Role[]).find((r) => expect[r] === 'ok');
}

const one = (url: UrlBuilder | string, expect: Expect, label = 'default'): RouteCase[] => [
  { label, url: typeof url === 'string' ? () => url : url, expect },
];

/** A proposed composition between `orgs.owned` and a third structure (not `other`'s), made once. */
const proposal = (f: Fixtures) =>
  f.memo('composition', async () => {
    const db = f.testApp.db;
    const partner = await makeOrganization(db, { owner: await makePerson(db), name: 'Structure partenaire' });
    const weekA = ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'];
    const weekB = ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'];
    const need = (organizationId: number, hours: number, slots: string[]) =>
      insertNeed(db, organizationId, {
        roleCode: 'K9999',
        hoursHundredths: hours * 100,
        slotsNeeded: slots.length,
        allowedSlots: slots,
      });
    const a = await need(f.orgs.owned.id, 21, weekA);
    const b = await need(partner.id, 14, weekB);
    return insertProposal(db, [
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
  'search_outbox',
];

export const ROUTE_TABLE: RouteRow[] = [
  // --- health, home, information pages, static files
  { route: 'GET /healthz', cases: one('/healthz', PUBLIC) },
  { route: 'GET /', cases: one('/', PUBLIC) },
  { route: 'GET /tableau-de-bord', cases: one('/tableau-de-bord', SIGNED_IN) },
  { route: 'GET /a-propos', cases: one('/a-propos', PUBLIC) },
  { route: 'GET /accessibilite', cases: one('/accessibilite', PUBLIC) },
  { route: 'GET /donnees-personnelles', cases: one('/donnees-personnelles', PUBLIC) },
  { route: 'GET /static/*', cases: one('/static/css/site.css', PUBLIC) },
  { route: 'GET /static/vendor/htmx/*', cases: one('/static/vendor/htmx/htmx.min.js', PUBLIC) },

  // --- accounts
  { route: 'GET /inscription', cases: one('/inscription', PUBLIC) },
  { route: 'POST /inscription', cases: one('/inscription', PUBLIC), writes: ['people'] },
  { route: 'GET /connexion', cases: one('/connexion', PUBLIC) },
  { route: 'POST /connexion', cases: one('/connexion', PUBLIC), writes: [] },
  {
    route: 'POST /deconnexion',
    cases: one('/deconnexion', PUBLIC),
    writes: [],
    fields: ['x'],
  },
  { route: 'GET /mot-de-passe-oublie', cases: one('/mot-de-passe-oublie', PUBLIC) },
  { route: 'POST /mot-de-passe-oublie', cases: one('/mot-de-passe-oublie', PUBLIC), writes: [] },
  {
    route: 'GET /mot-de-passe/reinitialiser/:token',
    cases: [
      {
        label: 'valid token',
        url: async (f) => `/mot-de-passe/reinitialiser/${await f.resetToken(f.people.other)}`,
        expect: PUBLIC,
      },
      {
        label: 'unknown token',
        url: () => '/mot-de-passe/reinitialiser/inconnu',
        expect: everyone('denied'),
      },
    ],
  },
  {
    route: 'POST /mot-de-passe/reinitialiser/:token',
    cases: one(async (f) => `/mot-de-passe/reinitialiser/${await f.resetToken(f.people.other)}`, PUBLIC),
    // A valid fuzzed password legitimately changes the person's hash.
    writes: ['people'],
  },
  { route: 'GET /compte', cases: one('/compte', SIGNED_IN) },
  { route: 'POST /compte', cases: one('/compte', SIGNED_IN), writes: ['people'] },

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
    writes: ['organizations'],
    fields: ['motif'],
  },
  {
    route: 'POST /admin/organisations/:id/refuser',
    cases: one(
      async (f) => `/admin/organisations/${(await f.freshOrg({ validated: false })).id}/refuser`,
      ADMIN_ONLY,
    ),
    writes: ['organizations'],
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
  { route: 'GET /besoins/metiers', cases: one('/besoins/metiers?q=compta', SIGNED_IN) },
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

  // --- search
  {
    route: 'GET /recherche',
    cases: [
      { label: 'empty', url: () => '/recherche', expect: PUBLIC },
      { label: 'query', url: () => '/recherche?q=comptable', expect: PUBLIC },
    ],
  },

  // --- saved searches (alerts)
  { route: 'GET /alertes', cases: one('/alertes', SIGNED_IN) },
  { route: 'GET /alertes/nouvelle', cases: one('/alertes/nouvelle?q=comptable', SIGNED_IN) },
  {
    route: 'POST /alertes',
    cases: one('/alertes', SIGNED_IN),
    writes: ['saved_searches'],
    formPage: () => '/alertes/nouvelle?q=comptable',
  },
  {
    route: 'POST /alertes/:id/supprimer',
    cases: [
      {
        label: 'own saved search',
        url: async (f, role) =>
          `/alertes/${(await f.freshAlert(role === 'visitor' ? undefined : f.people[role].id)).id}/supprimer`,
        expect: SIGNED_IN,
      },
      {
        label: 'the owner’s saved search',
        url: async (f) => `/alertes/${(await f.freshAlert()).id}/supprimer`,
        expect: signedIn({ other: 'denied', facilitator: 'denied', admin: 'denied' }),
      },
    ],
    writes: ['saved_searches'],
    fields: ['x'],
  },
  {
    route: 'GET /alertes/desabonner/:id/:token',
    cases: [
      { label: 'valid link', url: async (f) => (await f.freshAlert()).unsubscribePath, expect: PUBLIC },
      {
        label: 'forged token',
        url: async (f) => `/alertes/desabonner/${(await f.freshAlert()).id}/faux-jeton`,
        expect: everyone('denied'),
      },
    ],
  },
  {
    route: 'POST /alertes/desabonner/:id/:token',
    cases: [
      { label: 'valid link', url: async (f) => (await f.freshAlert()).unsubscribePath, expect: PUBLIC },
      {
        label: 'forged token',
        url: async (f) => `/alertes/desabonner/${(await f.freshAlert()).id}/faux-jeton`,
        expect: everyone('denied'),
      },
    ],
    writes: ['saved_searches'],
    fields: ['x'],
  },

  // --- compositions
  { route: 'GET /compositions', cases: one('/compositions', SIGNED_IN) },
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
      fields: action === 'ge' ? ['version', 'ge'] : ['version', 'organizationId'],
    }),
  ),
];
