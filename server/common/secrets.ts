/**
 * The generated session secret lives in the database, so that every instance sharing it signs and
 * checks cookies (CSRF, flash) and alert links with the same key without any configuration. The first
 * instance to start creates it; `insert … on conflict do nothing` then a read makes that race-free.
 * SESSION_SECRET, when set, is used instead and nothing is stored.
 *
 * Upgrade from a version that kept the secret in DATA_DIR/session-secret: when the database has none
 * yet, that file's secret is the one stored, so forms, flash messages and links already mailed keep
 * working. Once the database holds a secret, the file is no longer read. Tools (the mail relay) read the
 * stored secret with `storedSecret`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appSecrets } from '../../db/schema';

export const SESSION_SECRET_NAME = 'session';

function legacySecret(file: string | undefined): string | null {
  if (!file || !existsSync(file)) return null;
  const value = readFileSync(file, 'utf8').trim();
  return value.length >= 32 ? value : null;
}

/** The secret `name`, created with `legacyFile`'s content (or random bytes) by the first caller. */
export async function sharedSecret(
  db: Db,
  name: string,
  options: { legacyFile?: string } = {},
): Promise<string> {
  const [existing] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, name));
  if (existing) return existing.value;
  const candidate = legacySecret(options.legacyFile) ?? randomBytes(32).toString('hex');
  await db.insert(appSecrets).values({ name, value: candidate }).onConflictDoNothing();
  const [stored] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, name));
  return stored.value;
}

/** The secret `name` if one is stored, without creating it (for tools that must not invent one). */
export async function storedSecret(db: Db, name: string): Promise<string | null> {
  const [row] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, name));
  return row?.value ?? null;
}
