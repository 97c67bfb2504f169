/** Search test set-up: records written through the services (so the outbox is used), then drained. */
import type { Db } from '../../db/client';
import { loadAccounts } from '../../scripts/demo/accounts';
import type { DemoContext } from '../../scripts/demo/context';
import { loadDemoNeeds } from '../../scripts/demo/needs';
import { loadDemoOffers } from '../../scripts/demo/offers';
import { loadOrganizations } from '../../scripts/demo/organizations';
import { createRng } from '../../scripts/demo/random';
import type { NeedInput } from '../../server/needs/schemas';
import { createNeed } from '../../server/needs/service';
import type { OfferInput } from '../../server/offers/schemas';
import { createOffer } from '../../server/offers/service';

export const PLACES = {
  belfort: { communeCode: '90010', communeName: 'Belfort', departement: '90', lat: 47.6384, lon: 6.8638 },
  montbeliard: {
    communeCode: '25388',
    communeName: 'Montbéliard',
    departement: '25',
    lat: 47.5102,
    lon: 6.7986,
  },
  besancon: { communeCode: '25056', communeName: 'Besançon', departement: '25', lat: 47.2488, lon: 6.0182 },
  marseille: { communeCode: '13055', communeName: 'Marseille', departement: '13', lat: 43.2965, lon: 5.3698 },
};

export function needInput(
  organizationId: number,
  overrides: Partial<NeedInput> & { place?: keyof typeof PLACES } = {},
): NeedInput {
  const { place = 'belfort', ...rest } = overrides;
  return {
    organizationId,
    roleCode: 'M1203',
    roleLabel: 'Comptabilité',
    title: 'Comptable',
    description: '',
    hoursHundredths: 1400,
    slotsNeeded: 4,
    allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
    ...PLACES[place],
    coordsApproximate: false,
    maxTravelKm: 20,
    startDate: '2027-01-04',
    ...rest,
  };
}

export async function addNeed(
  db: Db,
  personId: number,
  organizationId: number,
  overrides: Parameters<typeof needInput>[1] = {},
  publish = true,
) {
  return createNeed(db, personId, needInput(organizationId, overrides), { publish });
}

export async function addOffer(
  db: Db,
  personId: number,
  organizationId: number,
  overrides: Partial<OfferInput> = {},
  publish = true,
) {
  return createOffer(
    db,
    personId,
    {
      organizationId,
      kind: 'gme',
      title: 'Cotraitance espaces verts',
      description: '',
      departements: ['90'],
      tenderDeadline: null,
      partnerKinds: [],
      ...overrides,
    },
    publish,
  );
}

/** The demo's organizations, needs and offers (scripts/demo, its fixed seed), each queued in the search outbox. */
export async function loadDemoRecords(db: Db) {
  await db.transaction(async (tx) => {
    const ctx: DemoContext = {
      tx,
      rng: createRng(20_270_104),
      passwordHash: 'not-a-real-hash',
      publicUrl: 'http://mosaique.test',
      accounts: { structure: 0, animation: 0, admin: 0 },
      organizations: new Map(),
      emails: new Set(),
      phoneCounter: { next: 1 },
    };
    for (const part of [loadAccounts, loadOrganizations, loadDemoNeeds, loadDemoOffers]) await part(ctx);
  });
}
