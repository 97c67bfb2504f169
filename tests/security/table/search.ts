/** Access rows: search and saved searches (alerts). */
import { everyone, one, PUBLIC, type RouteRow, SIGNED_IN, signedIn } from './expect';

export const SEARCH_ROWS: RouteRow[] = [
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
];
