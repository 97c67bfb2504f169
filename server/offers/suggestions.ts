/**
 * Partner suggestions for a cooperation offer: validated organizations ranked by kind (the kinds sought,
 * or the kinds that usually take part in this kind of cooperation), territory and distance, sector
 * (the ROME domains of their needs), and past activity on the platform (offers of the same kind they
 * published or answered). Each suggestion carries its reasons in French, shown as they are.
 */
import { sql } from 'drizzle-orm';
import { type DbOrTx, rawRows } from '../../db/client';
import type { OfferKind } from '../../db/schema/offers';
import type { OrganizationKind } from '../../db/schema/organizations';
import { kindLabel } from '../common/labels';
import { distanceKm } from '../places';
import type { OfferWithOrganization } from './service';

/** Kinds that usually take part when nobody said which kinds are sought. */
const USUAL_PARTNERS: Record<OfferKind, OrganizationKind[]> = {
  gme: ['EI', 'ACI', 'RQ', 'SCOP', 'SCIC', 'EITI'],
  staff_lending: ['AI', 'ETTI', 'GE'],
  pooling: ['ACI', 'AI', 'EI', 'ETTI', 'RQ', 'ASSOCIATION', 'GE'],
  joint_purchasing: ['ACI', 'EI', 'RQ', 'ASSOCIATION', 'SCOP', 'SCIC', 'ESS'],
  shared_premises: ['ACI', 'AI', 'EI', 'ASSOCIATION', 'ESS', 'SCOP', 'SCIC'],
  other: [],
};

const PAST_ACTIVITY: Record<OfferKind, string> = {
  gme: 'a déjà répondu en GME',
  staff_lending: 'a déjà participé à une mise à disposition',
  pooling: 'a déjà mutualisé une fonction',
  joint_purchasing: 'a déjà participé à des achats groupés',
  shared_premises: 'a déjà partagé des locaux',
  other: 'a déjà coopéré sur la plateforme',
};

export interface PartnerSuggestion {
  organizationId: number;
  name: string;
  kind: string;
  communeName: string;
  distanceKm: number;
  score: number;
  reasons: string[];
}

interface Candidate {
  id: number;
  name: string;
  kind: OrganizationKind;
  commune_name: string;
  departement: string;
  lat: number;
  lon: number;
  domains: string[] | null;
  same_kind_offers: number;
  same_kind_interests: number;
}

export async function suggestPartners(
  db: DbOrTx,
  offer: OfferWithOrganization,
  limit = 5,
): Promise<PartnerSuggestion[]> {
  const reach = 80;
  // Raw SQL: a distance filter and per-candidate aggregates in one round trip.
  const candidates = await rawRows<Candidate>(
    db,
    sql`select o.id, o.name, o.kind, o.commune_name, o.departement, o.lat, o.lon,
          (select array_agg(distinct left(n.role_code, 1)) from needs n
            where n.organization_id = o.id and n.status <> 'draft') as domains,
          (select count(*)::int from offers f where f.organization_id = o.id and f.kind = ${offer.kind}
            and f.status in ('published', 'closed')) as same_kind_offers,
          (select count(*)::int from offer_interests i join offers f on f.id = i.offer_id
            where i.organization_id = o.id and f.kind = ${offer.kind}) as same_kind_interests
        from organizations o
        where o.status = 'validated' and o.id <> ${offer.organizationId}
          and (o.departement in (${sql.join(
            offer.departements.map((d) => sql`${d}`),
            sql`, `,
          )})
            or 2 * 6371 * asin(least(1, sqrt(power(sin(radians(o.lat - ${offer.organizationLat}) / 2), 2)
               + cos(radians(${offer.organizationLat})) * cos(radians(o.lat))
               * power(sin(radians(o.lon - ${offer.organizationLon}) / 2), 2)))) <= ${reach})
        limit 400`,
  );
  const [own] = await rawRows<{ domains: string[] | null }>(
    db,
    sql`select array_agg(distinct left(role_code, 1)) as domains from needs
        where organization_id = ${offer.organizationId} and status <> 'draft'`,
  );
  const ownDomains = new Set(own?.domains ?? []);
  const sought = new Set<string>(offer.partnerKinds.length ? offer.partnerKinds : USUAL_PARTNERS[offer.kind]);

  const scored = candidates.map((c): PartnerSuggestion => {
    const reasons: string[] = [];
    let score = 0;
    const km = distanceKm(
      { lat: offer.organizationLat, lon: offer.organizationLon },
      { lat: Number(c.lat), lon: Number(c.lon) },
    );
    if (sought.has(c.kind)) {
      score += 3;
      reasons.push(offer.partnerKinds.length ? `type recherché (${c.kind})` : `${kindLabel(c.kind)}`);
    }
    if (km <= 30) score += 2;
    else if (km <= 60) score += 1;
    reasons.unshift(`à ${Math.round(km)} km`);
    if (offer.departements.includes(c.departement)) score += 1;
    if ((c.domains ?? []).some((d) => ownDomains.has(d))) {
      score += 2;
      reasons.push('même secteur');
    }
    if (Number(c.same_kind_interests) > 0 || Number(c.same_kind_offers) > 0) {
      score += 2;
      reasons.push(PAST_ACTIVITY[offer.kind]);
    }
    return {
      organizationId: Number(c.id),
      name: c.name,
      kind: c.kind,
      communeName: c.commune_name,
      distanceKm: Math.round(km * 10) / 10,
      score,
      reasons,
    };
  });
  return scored
    .filter((s) => s.score >= 3)
    .sort((a, b) => b.score - a.score || a.distanceKm - b.distanceKm || a.organizationId - b.organizationId)
    .slice(0, limit);
}
