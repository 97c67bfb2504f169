/**
 * Uploaded diagnosis files kept server-side between the preview and the import, so that changing the
 * column mapping re-reads the same file and the import commits exactly what was previewed. Each upload
 * is `DATA_DIR/imports/<id>.bin` plus `<id>.json` (owner, name, expiry, the person's column choices).
 * The id is 128 random bits checked against a strict pattern: no path ever comes from the client, and
 * someone else's upload (or an expired one) is simply not found.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MappingOverride } from '../imports';

export const UPLOAD_TTL_MS = 24 * 3_600_000;
const ID_PATTERN = /^[a-f0-9]{32}$/;

export interface UploadMeta {
  ownerId: number;
  filename: string;
  size: number;
  createdAt: string;
  expiresAt: string;
  mapping: MappingOverride | null;
}

export interface Upload {
  id: string;
  meta: UploadMeta;
  bytes: Buffer;
}

const dirOf = (dataDir: string) => path.join(dataDir, 'imports');
const filesOf = (dataDir: string, id: string) => ({
  bin: path.join(dirOf(dataDir), `${id}.bin`),
  json: path.join(dirOf(dataDir), `${id}.json`),
});

/** A fresh upload id: 128 random bits, so that ids cannot be guessed. */
export const newUploadId = () => randomBytes(16).toString('hex');

export async function saveUpload(
  dataDir: string,
  ownerId: number,
  filename: string,
  bytes: Buffer,
  now = new Date(),
  /** Given when the id was shown before the file was kept (the progress page of a large upload). */
  id = newUploadId(),
): Promise<string> {
  await mkdir(dirOf(dataDir), { recursive: true });
  await sweepExpired(dataDir, now);
  const meta: UploadMeta = {
    ownerId,
    filename: uploadFilename(filename),
    size: bytes.byteLength,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString(),
    mapping: null,
  };
  const files = filesOf(dataDir, id);
  await writeFile(files.bin, bytes, { mode: 0o600 });
  await writeFile(files.json, JSON.stringify(meta), { mode: 0o600 });
  return id;
}

/** The name shown for an uploaded file: its base name, 200 characters at most. */
export const uploadFilename = (filename: string) => path.basename(filename || 'fichier').slice(0, 200);

/** The person's own unexpired upload, or null (bad id, someone else's, expired, gone). */
export async function loadUpload(dataDir: string, id: string, ownerId: number): Promise<Upload | null> {
  const meta = await loadMeta(dataDir, id);
  if (!meta || meta.ownerId !== ownerId) return null;
  try {
    return { id, meta, bytes: await readFile(filesOf(dataDir, id).bin) };
  } catch {
    return null;
  }
}

export async function saveMapping(dataDir: string, upload: Upload, mapping: MappingOverride): Promise<void> {
  const meta = { ...upload.meta, mapping };
  await writeFile(filesOf(dataDir, upload.id).json, JSON.stringify(meta), { mode: 0o600 });
}

async function loadMeta(dataDir: string, id: string, now = new Date()): Promise<UploadMeta | null> {
  if (!ID_PATTERN.test(id)) return null;
  try {
    const meta = JSON.parse(await readFile(filesOf(dataDir, id).json, 'utf8')) as UploadMeta;
    return new Date(meta.expiresAt).getTime() > now.getTime() ? meta : null;
  } catch {
    return null;
  }
}

/** Removes expired uploads; run at each new upload so that the folder never grows unbounded. */
export async function sweepExpired(dataDir: string, now = new Date()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dirOf(dataDir));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const id = name.replace(/\.(?:json|bin)$/, '');
    if (!name.endsWith('.json') || !ID_PATTERN.test(id)) continue;
    if (await loadMeta(dataDir, id, now)) continue;
    const files = filesOf(dataDir, id);
    await rm(files.bin, { force: true });
    await rm(files.json, { force: true });
    removed++;
  }
  return removed;
}
