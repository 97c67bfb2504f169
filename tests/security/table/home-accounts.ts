/** Access rows: health, home and information pages, static files, accounts. */
import { everyone, one, PUBLIC, type RouteRow, SIGNED_IN } from './expect';

export const HOME_AND_ACCOUNT_ROWS: RouteRow[] = [
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
  { route: 'POST /inscription', cases: one('/inscription', PUBLIC), writes: ['sign_up_requests'] },
  {
    route: 'GET /inscription/confirmer/:token',
    cases: [
      {
        label: 'valid token',
        url: async (f) => `/inscription/confirmer/${await f.signUpToken()}`,
        expect: PUBLIC,
      },
      { label: 'unknown token', url: () => '/inscription/confirmer/inconnu', expect: everyone('denied') },
    ],
  },
  {
    route: 'POST /inscription/confirmer/:token',
    cases: one(async (f) => `/inscription/confirmer/${await f.signUpToken()}`, PUBLIC),
    // Following a valid link creates the account and spends the link.
    writes: ['people', 'sign_up_requests'],
    fields: ['x'],
  },
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
];
