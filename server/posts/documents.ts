/**
 * Search documents of shared posts, rebuilt from PostgreSQL by the search indexer (server/search/indexer.ts
 * through the outbox, record kind 'post', see search-index.ts) into their own index, `<prefix>posts`. A document holds what the
 * public page shows and nothing about people: no name, email or phone of anyone.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { compositionNeeds, organizations, postColumns, sharedPosts } from '../../db/schema';
import { frenchCompare } from '../common/french';
import { payLabel, payOf } from './pay';

export interface PostDocument {
  id: string;
  recordKind: 'post';
  recordId: number;
  title: string;
  description: string;
  roleCode: string;
  roleLabel: string;
  departements: string[];
  communeNames: string[];
  geName: string | null;
  /** "1 850 € brut par mois"; null for a post opened before pay was asked. */
  payLabel: string | null;
  organizationNames: string[];
  contractType: string;
  hoursHundredths: number;
  startDate: string;
  /** Days since the epoch of the start date: the "à partir du" filter. */
  startDay: number;
  status: string;
  /** Open posts are the only ones /postes lists. */
  open: boolean;
  _geo: { lat: number; lng: number };
  /** Seconds since the epoch of the opening. */
  date: number;
  version: number;
}

export const postDocumentId = (id: number) => `post-${id}`;

export const dayNumber = (isoDay: string) => Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000);

export async function loadPostDocuments(db: DbOrTx, ids: number[]): Promise<PostDocument[]> {
  if (!ids.length) return [];
  const rows = await db.select(postColumns).from(sharedPosts).where(inArray(sharedPosts.id, ids));
  const names = rows.length
    ? await db
        .selectDistinct({ compositionId: compositionNeeds.compositionId, name: organizations.name })
        .from(compositionNeeds)
        .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
        .where(
          inArray(
            compositionNeeds.compositionId,
            rows.map((r) => r.compositionId),
          ),
        )
        // SELECT DISTINCT cannot order by the collated expression: sorted here instead.
        .then((list) => list.sort((a, b) => frenchCompare(a.name, b.name)))
    : [];
  return rows.map((p) => ({
    id: postDocumentId(p.id),
    recordKind: 'post',
    recordId: p.id,
    title: p.title,
    description: p.description,
    roleCode: p.roleCode,
    roleLabel: p.roleLabel,
    departements: p.departements,
    communeNames: p.communeNames,
    geName: p.geName,
    payLabel: payLabel(payOf(p)),
    organizationNames: names.filter((n) => n.compositionId === p.compositionId).map((n) => n.name),
    contractType: p.contractType,
    hoursHundredths: p.hoursHundredths,
    startDate: p.startDate,
    startDay: dayNumber(p.startDate),
    status: p.status,
    open: p.status === 'open',
    _geo: { lat: p.lat, lng: p.lon },
    date: Math.floor(p.createdAt.getTime() / 1000),
    version: p.version,
  }));
}
