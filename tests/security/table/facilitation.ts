/** Access rows: the facilitator's territory space and import pages (/animation). */
import { organizations } from '../../../db/schema';
import { saveUpload } from '../../../server/facilitation/uploads';
import type { Fixtures } from '../fixtures';
import { type Expect, FACILITATOR_ONLY, one, type RouteRow, signedIn } from './expect';

/** Pages of a département the fixtures' facilitator (90, 25) does not facilitate: admins only. */
const OTHER_TERRITORY: Expect = signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied' });
/** An upload is its uploader's alone: even an admin gets a 404 for someone else's. */
const UPLOADER_ONLY: Expect = signedIn({ other: 'denied', owner: 'denied', admin: 'denied' });

const CSV =
  'Nom de la structure;Code postal;Commune;Poste recherché;Heures / semaine;Jours souhaités\r\nAtelier Fuzz;90000;Belfort;M1203;14;lundi, mardi\r\n';

/** An upload of the facilitator's, kept in the database like the upload form does. */
const facilitatorUpload = (f: Fixtures) =>
  f.memo('facilitation-upload', () =>
    saveUpload(f.testApp.db, f.people.facilitator.id, 'diagnostic.csv', Buffer.from(CSV)),
  );

/** A structure created by an import, not yet claimed, in Belfort (90) or Marseille (13). */
const unclaimed = (f: Fixtures, departement: '90' | '13') =>
  f.memo(`facilitation-unclaimed-${departement}`, async () => {
    const place =
      departement === '90'
        ? { communeCode: '90010', communeName: 'Belfort', lat: 47.6384, lon: 6.8638 }
        : { communeCode: '13055', communeName: 'Marseille', lat: 43.2965, lon: 5.3698 };
    const [row] = await f.testApp.db
      .insert(organizations)
      .values({
        name: `Atelier non revendiqué ${departement}`,
        kind: 'ESS',
        departement,
        status: 'pending',
        claimed: false,
        ...place,
      })
      .returning({ id: organizations.id });
    return row.id;
  });

const territoryPages = (path: string): RouteRow => ({
  route: `GET ${path}`,
  cases: [
    ...one(path, FACILITATOR_ONLY, 'all their territories'),
    ...one(`${path}?departement=90`, FACILITATOR_ONLY, 'one of their départements'),
    ...one(`${path}?departement=13`, OTHER_TERRITORY, 'another territory'),
  ],
});

export const FACILITATION_ROWS: RouteRow[] = [
  territoryPages('/animation'),
  territoryPages('/animation/besoins'),
  territoryPages('/animation/structures'),
  {
    route: 'POST /animation/structures/:id/inviter',
    cases: [
      {
        label: 'unclaimed structure of their territory',
        url: async (f) => `/animation/structures/${await unclaimed(f, '90')}/inviter`,
        expect: FACILITATOR_ONLY,
      },
      {
        label: 'unclaimed structure of another territory',
        url: async (f) => `/animation/structures/${await unclaimed(f, '13')}/inviter`,
        expect: OTHER_TERRITORY,
      },
    ],
    writes: ['invitations', 'mail_outbox'],
    fields: ['email'],
  },
  { route: 'GET /animation/import', cases: one('/animation/import', FACILITATOR_ONLY) },
  {
    route: 'GET /animation/import/modele.xlsx',
    cases: one('/animation/import/modele.xlsx', FACILITATOR_ONLY),
  },
  { route: 'GET /animation/import/modele.csv', cases: one('/animation/import/modele.csv', FACILITATOR_ONLY) },
  {
    route: 'POST /animation/import',
    cases: one('/animation/import', FACILITATOR_ONLY),
    // The upload is kept in the database; its analysis task is taken by the page that shows it.
    writes: ['import_uploads', 'import_tasks'],
    fields: ['fichier'],
  },
  {
    route: 'GET /animation/import/:id',
    cases: [
      {
        label: 'the facilitator’s upload',
        url: async (f) => `/animation/import/${await facilitatorUpload(f)}`,
        expect: UPLOADER_ONLY,
      },
      {
        label: 'no such upload',
        url: () => `/animation/import/${'0'.repeat(32)}`,
        expect: signedIn({ other: 'denied', owner: 'denied', facilitator: 'denied', admin: 'denied' }),
      },
    ],
  },
  {
    route: 'POST /animation/import/:id/colonnes',
    cases: one(async (f) => `/animation/import/${await facilitatorUpload(f)}/colonnes`, UPLOADER_ONLY),
    writes: ['import_uploads'],
    fields: ['colonne-0', 'colonne-3', 'colonne-4'],
  },
  {
    route: 'POST /animation/import/:id/importer',
    cases: one(async (f) => `/animation/import/${await facilitatorUpload(f)}/importer`, UPLOADER_ONLY),
    writes: ['organizations', 'needs', 'search_outbox', 'import_uploads', 'import_tasks'],
    fields: ['choix'],
  },
];
