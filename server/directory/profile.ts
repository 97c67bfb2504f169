/**
 * A structure's directory page, its listing setting, and "contacter": a message to its members, mailed
 * and notified through the outbox without showing anyone's address (the sender's structure is named,
 * replies go through the sender's own directory page).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { needs, offers, organizations } from '../../db/schema';
import { notifyMembers } from '../notifications/service';
import { isListedInDirectory } from '../organizations/listing';
import { enqueueOrganizationRecords } from '../organizations/search-records';
import { loadStructureDocuments } from './documents';

/** The listed, validated structure with its open needs and public offers; undefined otherwise. */
export async function structureProfile(db: Db, id: number) {
  const [doc] = await loadStructureDocuments(db, [id]);
  if (!doc) return undefined;
  const [[org], openNeeds, publicOffers] = await Promise.all([
    db.select({ description: organizations.description }).from(organizations).where(eq(organizations.id, id)),
    db
      .select({
        id: needs.id,
        title: needs.title,
        roleLabel: needs.roleLabel,
        hoursHundredths: needs.hoursHundredths,
      })
      .from(needs)
      .where(and(eq(needs.organizationId, id), eq(needs.status, 'published')))
      .orderBy(asc(needs.title)),
    db
      .select({ id: offers.id, title: offers.title, kind: offers.kind })
      .from(offers)
      .where(and(eq(offers.organizationId, id), eq(offers.status, 'published')))
      .orderBy(asc(offers.title)),
  ]);
  return { ...doc, description: org?.description ?? '', needs: openNeeds, offers: publicOffers };
}

/**
 * Saves the organization's directory choice and keywords, and queues its document: listed, it is
 * indexed; hidden, the indexer deletes it (the loader returns nothing for it).
 */
export async function saveListing(
  db: Db,
  organizationId: number,
  listing: { listed: boolean; keywords?: string },
) {
  await db.transaction(async (tx) => {
    await tx
      .update(organizations)
      .set({
        directoryListed: listing.listed,
        keywords: listing.keywords ?? '',
        version: sql`${organizations.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(organizations.id, organizationId));
    await enqueueOrganizationRecords(tx, organizationId);
  });
}

export { isListedInDirectory };

/** Mails and notifies the structure's members; the sender's structure is named, no address shown. */
export async function contactStructure(
  db: Db,
  message: {
    to: { id: number; name: string };
    from: { id: number; name: string };
    text: string;
    personId: number;
    publicUrl: string;
  },
) {
  await db.transaction(async (tx) => {
    const subject = `Message de ${message.from.name} via l’annuaire Mosaïque`;
    await notifyMembers(tx, [message.to.id], {
      kind: 'directory-contact',
      subject,
      text: `${message.text}\n\n—\n${message.from.name} vous écrit depuis l’annuaire des structures. Pour lui répondre, écrivez-lui depuis sa page : ${message.publicUrl}/structures/${message.from.id}`,
      link: `/structures/${message.from.id}`,
      except: [message.personId],
    });
  });
}
