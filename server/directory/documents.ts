/**
 * A structure as the directory shows it and the structures index holds it: the organization's public
 * fields, its activities (roles of its published needs, kinds of its published offers, its keywords),
 * counts of its open records, its confirmed GEs. Never a person: no name, no address, no email.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { geMemberships, needs, offers, organizations } from '../../db/schema';
import { kindLabel } from '../common/labels';
import { isListedInDirectory } from '../organizations/listing';
import { searchText } from '../roles';
import { documentId } from '../search/sources';
import { OFFER_KIND_LABELS } from '../vocabulary/offers';

export interface StructureDocument {
  id: string;
  recordId: number;
  version: number;
  name: string;
  kind: string;
  kindLabel: string;
  communeName: string;
  departement: string;
  keywords: string[];
  /** Roles of published needs and kinds of published offers, as labels: the "activité" facet. */
  activities: string[];
  roleCodes: string[];
  openNeeds: number;
  publicOffers: number;
  ges: { id: number; name: string }[];
  _geo: { lat: number; lng: number };
  search: { name: string; activities: string; keywords: string; place: string };
}

/** "jardin, maraîchage; vélo" → ["jardin", "maraîchage", "vélo"]: commas, semicolons or line breaks. */
export function keywordList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]+/)
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
}

/** Documents of the listed, validated organizations among `ids` (the others are absent: removed). */
export async function loadStructureDocuments(db: DbOrTx, ids: number[]): Promise<StructureDocument[]> {
  if (!ids.length) return [];
  const orgs = (
    await db
      .select()
      .from(organizations)
      .where(and(inArray(organizations.id, ids), eq(organizations.status, 'validated')))
  ).filter(isListedInDirectory);
  if (!orgs.length) return [];
  const orgIds = orgs.map((o) => o.id);
  const [needRows, offerRows, geRows] = await Promise.all([
    db
      .select({ organizationId: needs.organizationId, roleCode: needs.roleCode, roleLabel: needs.roleLabel })
      .from(needs)
      .where(and(inArray(needs.organizationId, orgIds), eq(needs.status, 'published'))),
    db
      .select({ organizationId: offers.organizationId, kind: offers.kind })
      .from(offers)
      .where(and(inArray(offers.organizationId, orgIds), eq(offers.status, 'published'))),
    db
      .select({
        organizationId: geMemberships.organizationId,
        id: organizations.id,
        name: organizations.name,
      })
      .from(geMemberships)
      .innerJoin(organizations, eq(organizations.id, geMemberships.geId))
      .where(
        and(
          inArray(geMemberships.organizationId, orgIds),
          eq(geMemberships.status, 'confirmed'),
          eq(organizations.status, 'validated'),
        ),
      )
      .orderBy(asc(organizations.name)),
  ]);
  return orgs.map((o) => {
    const own = needRows.filter((n) => n.organizationId === o.id);
    const ownOffers = offerRows.filter((f) => f.organizationId === o.id);
    const keywords = keywordList(o.keywords);
    const activities = [
      ...new Set([...own.map((n) => n.roleLabel), ...ownOffers.map((f) => OFFER_KIND_LABELS[f.kind])]),
    ].sort((a, b) => a.localeCompare(b, 'fr'));
    return {
      id: documentId('structure', o.id),
      recordId: o.id,
      version: o.version,
      name: o.name,
      kind: o.kind,
      kindLabel: kindLabel(o.kind),
      communeName: o.communeName,
      departement: o.departement,
      keywords,
      activities,
      roleCodes: [...new Set(own.map((n) => n.roleCode))],
      openNeeds: own.length,
      publicOffers: ownOffers.length,
      ges: geRows.filter((g) => g.organizationId === o.id).map(({ id, name }) => ({ id, name })),
      _geo: { lat: o.lat, lng: o.lon },
      search: {
        name: searchText(o.name),
        activities: searchText(activities.join(' ')),
        keywords: searchText(keywords.join(' ')),
        place: searchText(`${o.communeName} ${kindLabel(o.kind)}`),
      },
    };
  });
}
