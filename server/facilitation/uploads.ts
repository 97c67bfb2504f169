/**
 * Uploaded diagnosis files, kept in the database (`import_uploads`) between the preview and the import,
 * so that changing the column mapping re-reads the same file, the import commits exactly what was
 * previewed, and any app instance serves any step. The id is 128 random bits checked against a strict
 * pattern; someone else's upload, or an expired one, is simply not found (a 404, even for an admin: the
 * preview depends on the uploader's territories). Files are at most IMPORT_LIMITS.fileBytes (a check
 * constraint says so too), kept 24 hours, and at most `KEEP_PER_PERSON` per person; each new upload
 * deletes the expired ones of everybody.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { and, desc, eq, gt, isNull, lt, notInArray, sql } from 'drizzle-orm';
import { byteaOf, byteaValue, type DbOrTx } from '../../db/client';
import { importTasks, importUploads } from '../../db/schema';
import type { MappingOverride } from '../imports';

export const UPLOAD_TTL_MS = 24 * 3_600_000;
/** A person's uploads kept at once: a facilitator tries a file a few times, not a hundred. */
export const KEEP_PER_PERSON = 20;
/** An upload's id, in its URL: 32 hexadecimal digits (newUploadId). */
export const UPLOAD_ID_PATTERN = /^[a-f0-9]{32}$/;

export interface UploadMeta {
  ownerId: number;
  filename: string;
  size: number;
  createdAt: Date;
  expiresAt: Date;
  mapping: MappingOverride | null;
  /** Set once the file was imported: the page then shows what was saved, never the import buttons. */
  imported: ImportSummary | null;
}

/** What an import saved, kept on its upload (import-work.ts writes it in the import's transaction). */
export interface ImportSummary {
  needsCreated: number;
  needsSkipped: number;
  structures: { created: { id: number; name: string }[]; linked: { id: number; name: string }[] };
}

/** An upload without its bytes: the pages need them only to analyse the file again. */
export interface Upload {
  id: string;
  meta: UploadMeta;
}

/** A fresh upload id: 128 random bits, so that ids cannot be guessed. */
export const newUploadId = () => randomBytes(16).toString('hex');

/** The name shown for an uploaded file: its base name, 200 characters at most. */
export const uploadFilename = (filename: string) =>
  path.basename(filename || 'fichier').slice(0, 200) || 'fichier';

export async function saveUpload(
  db: DbOrTx,
  ownerId: number,
  filename: string,
  bytes: Buffer,
  now = new Date(),
  /** Given when the id was chosen before the file was kept. */
  id = newUploadId(),
): Promise<string> {
  await sweepExpired(db, now);
  const kept = db
    .select({ id: importUploads.id })
    .from(importUploads)
    .where(eq(importUploads.ownerId, ownerId))
    .orderBy(desc(importUploads.createdAt))
    .limit(KEEP_PER_PERSON - 1);
  await db
    .delete(importUploads)
    .where(and(eq(importUploads.ownerId, ownerId), notInArray(importUploads.id, kept)));
  await db.insert(importUploads).values({
    id,
    ownerId,
    filename: uploadFilename(filename),
    content: byteaValue(bytes),
    createdAt: now,
    expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS),
  });
  return id;
}

/** The person's own unexpired upload (its bytes left in the database), or null. */
export async function loadUpload(
  db: DbOrTx,
  id: string,
  ownerId: number,
  now = new Date(),
): Promise<Upload | null> {
  if (!UPLOAD_ID_PATTERN.test(id)) return null;
  const [row] = await db
    .select({
      ownerId: importUploads.ownerId,
      filename: importUploads.filename,
      size: sql<number>`octet_length(${importUploads.content})`.mapWith(Number),
      createdAt: importUploads.createdAt,
      expiresAt: importUploads.expiresAt,
      mapping: importUploads.mapping,
      imported: importUploads.imported,
    })
    .from(importUploads)
    .where(
      and(eq(importUploads.id, id), eq(importUploads.ownerId, ownerId), gt(importUploads.expiresAt, now)),
    );
  if (!row) return null;
  return {
    id,
    meta: {
      ...row,
      mapping: (row.mapping as MappingOverride | null) ?? null,
      imported: (row.imported as ImportSummary | null) ?? null,
    },
  };
}

/** The file itself; null when it was deleted meanwhile. */
export async function uploadContent(db: DbOrTx, id: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ content: byteaOf(importUploads.content) })
    .from(importUploads)
    .where(eq(importUploads.id, id));
  return row?.content ?? null;
}

export async function saveMapping(db: DbOrTx, upload: Upload, mapping: MappingOverride): Promise<void> {
  await db.update(importUploads).set({ mapping }).where(eq(importUploads.id, upload.id));
}

/**
 * Records the import of an upload inside the import's transaction; false when it was already imported
 * (the caller rolls back: an upload is imported once).
 */
export async function markImported(tx: DbOrTx, id: string, summary: ImportSummary): Promise<boolean> {
  const rows = await tx
    .update(importUploads)
    .set({ imported: summary })
    .where(and(eq(importUploads.id, id), isNull(importUploads.imported)))
    .returning({ id: importUploads.id });
  return rows.length === 1;
}

export async function deleteUpload(db: DbOrTx, id: string): Promise<void> {
  await db.delete(importUploads).where(eq(importUploads.id, id));
}

/** Deletes expired uploads, and tasks nobody came back for in a day; returns the uploads deleted. */
export async function sweepExpired(db: DbOrTx, now = new Date()): Promise<number> {
  const gone = await db
    .delete(importUploads)
    .where(lt(importUploads.expiresAt, now))
    .returning({ id: importUploads.id });
  await db.delete(importTasks).where(lt(importTasks.updatedAt, new Date(now.getTime() - UPLOAD_TTL_MS)));
  return gone.length;
}
