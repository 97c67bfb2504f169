/** A person's saved searches: list, save, delete, and stop the alert of one from a mail link. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { savedSearches } from '../../db/schema';
import type { AlertFrequency } from '../../db/schema/search';

export type SavedSearch = typeof savedSearches.$inferSelect;

export function savedSearchesOf(db: Db, personId: number): Promise<SavedSearch[]> {
  return db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.personId, personId))
    .orderBy(desc(savedSearches.createdAt));
}

export async function saveSearch(
  db: Db,
  personId: number,
  search: { label: string; frequency: AlertFrequency; query: string },
): Promise<void> {
  await db.insert(savedSearches).values({ personId, ...search });
}

/** Deletes one of the person's saved searches; false when they have none with this id. */
export async function deleteSavedSearch(db: Db, personId: number, id: number): Promise<boolean> {
  const deleted = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.personId, personId)))
    .returning({ id: savedSearches.id });
  return deleted.length > 0;
}

export async function findSavedSearch(db: Db, id: number): Promise<SavedSearch | undefined> {
  const [saved] = await db.select().from(savedSearches).where(eq(savedSearches.id, id));
  return saved;
}

/** The unsubscribe link's action: the search stays saved, its alert stops. */
export async function stopAlert(db: Db, id: number): Promise<void> {
  await db.update(savedSearches).set({ frequency: 'none' }).where(eq(savedSearches.id, id));
}
