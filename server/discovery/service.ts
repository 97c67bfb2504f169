/**
 * What the sitemap and the feed list: open shared posts and public cooperation offers, nothing else.
 * A filled or abandoned post, a draft, closed or withdrawn offer, an offer of a structure not (or no
 * longer) validated never appear: the same rule as the pages (offers/permissions.ts `isPublicOffer`
 * also shows closed offers, which stay readable but are not worth a crawler's visit).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { offers, organizations, sharedPosts } from '../../db/schema';

/** Most posts a feed carries: readers poll it, and the newest are what they want. */
export const FEED_ENTRIES = 50;

export interface DiscoverablePost {
  id: number;
  title: string;
  description: string;
  communeNames: string[];
  createdAt: Date;
  updatedAt: Date;
}

const postFields = {
  id: sharedPosts.id,
  title: sharedPosts.title,
  description: sharedPosts.description,
  communeNames: sharedPosts.communeNames,
  createdAt: sharedPosts.createdAt,
  updatedAt: sharedPosts.updatedAt,
};

export async function openPosts(db: DbOrTx, limit?: number): Promise<DiscoverablePost[]> {
  const query = db
    .select(postFields)
    .from(sharedPosts)
    .where(eq(sharedPosts.status, 'open'))
    .orderBy(desc(sharedPosts.createdAt), desc(sharedPosts.id));
  return limit ? query.limit(limit) : query;
}

export async function publishedOffers(db: DbOrTx): Promise<{ id: number; updatedAt: Date }[]> {
  return db
    .select({ id: offers.id, updatedAt: offers.updatedAt })
    .from(offers)
    .innerJoin(organizations, eq(organizations.id, offers.organizationId))
    .where(and(eq(offers.status, 'published'), eq(organizations.status, 'validated')))
    .orderBy(offers.id);
}
