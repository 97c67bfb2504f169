/**
 * Constructing the embedded PGlite: its settings, and the migrated snapshot a new data directory starts
 * from. Its functions run in PGlite's own thread (db/pglite-worker.ts); the web thread only reads its
 * paths (the migrations, the install's cache).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { projectPath } from './project-root';

export const MIGRATIONS_FOLDER = projectPath('db', 'migrations');

/**
 * PostgreSQL settings sized for the embedded case. PGlite keeps shared_buffers in its WebAssembly memory,
 * which never shrinks: the default 128 MB was most of the server's RSS at rest, for a database (the demo,
 * a département's needs) of a few MB that the operating system's page cache holds anyway.
 */
export const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'work_mem=4MB'];

/** Files derived from the installed packages only (a reinstall clears them): shared by every data directory. */
export const INSTALL_CACHE_DIR = projectPath('node_modules', '.cache', 'mosaique');
const PGLITE_PACKAGE = projectPath('node_modules', '@electric-sql', 'pglite', 'package.json');

/**
 * Where the migrated, empty PGlite data directory of this version of the migrations and of PGlite is kept
 * (about 40 MB, most of it template databases and a WAL segment): node_modules/.cache, which
 * `npm install` owns and a reinstall clears. Named after a hash of the migrations, so that a new
 * migration never starts a database from an old snapshot.
 */
export function migratedSnapshotDir(): string {
  const pgliteVersion = JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')).version as string;
  const hash = createHash('sha256').update(migrationsHash()).update(pgliteVersion);
  return path.join(INSTALL_CACHE_DIR, `${SNAPSHOT_PREFIX}${hash.digest('hex').slice(0, 16)}`);
}

/**
 * A hash of every migration file, names and contents; read once per process (a new directory's start
 * needs it for both the snapshot and the marker).
 */
let migrationsHashed: string | undefined;
export function migrationsHash(): string {
  if (migrationsHashed) return migrationsHashed;
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_FOLDER).sort())
    if (name.endsWith('.sql')) hash.update(name).update(readFileSync(path.join(MIGRATIONS_FOLDER, name)));
  migrationsHashed = hash.digest('hex');
  return migrationsHashed;
}

/**
 * A file in the data directory naming the migrations last applied to it (their hash), written once they
 * are: a start that finds the same hash there skips drizzle's migrator, its loading and its four
 * statements on a cold database (~35 ms of PGlite's thread, on the way to listening). It lives inside
 * the directory, so a directory restored from a backup brings its own, and one without it is migrated.
 */
export function migrationsMarker(dir: string): { current: boolean; write(): void } {
  const file = path.join(dir, 'mosaique-migrations');
  const applied = migrationsHash();
  let found: string | null = null;
  try {
    found = readFileSync(file, 'utf8');
  } catch {
    // never migrated by this version
  }
  return { current: found === applied, write: () => writeFileSync(file, applied) };
}

const SNAPSHOT_PREFIX = 'pglite-migrated-';
const isCluster = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

/** A PGlite being opened, and what the first migration should leave behind. */
export interface OpeningPglite {
  /** Resolves once PGlite is ready (`waitReady`). */
  ready: Promise<PGlite>;
  /** The snapshot to write once migrated: a new directory that found none (null otherwise). */
  snapshotToSave: string | null;
}

/**
 * Starts opening PGlite in `dir` (in memory when absent). A new directory is first copied from the
 * migrated snapshot when there is one: no initdb, no migrations to apply. The copy is node's, on libuv's
 * threads, into a temporary directory renamed when complete (a start that dies meanwhile leaves no
 * half a database); PGlite's own `loadDataDir` unpacked the same files from a tar through its
 * WebAssembly file system, on the web thread. `extra` can give another start
 * (`loadDataDir`, the test suite's snapshot).
 */
export function openPglite(dir: string | undefined, extra?: PGliteOptions): OpeningPglite {
  const fresh = !!dir && !isCluster(dir);
  const snapshot = fresh && !extra?.loadDataDir ? migratedSnapshotDir() : null;
  const fromSnapshot = !!snapshot && isCluster(snapshot);
  const ready = (async () => {
    if (dir && fromSnapshot && snapshot) await copyDirectory(snapshot, dir);
    else if (dir) mkdirSync(dir, { recursive: true });
    const client = new PGlite({
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
      ...extra,
      dataDir: dir,
    });
    await client.waitReady;
    return client;
  })();
  return { ready, snapshotToSave: snapshot && !fromSnapshot ? snapshot : null };
}

/** Copies `from` to `to`, through `to`.partial renamed at the end; an empty `to` is replaced. */
async function copyDirectory(from: string, to: string) {
  const partial = `${to}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  await copyTree(from, partial);
  if (existsSync(to)) rmdirSync(to); // an empty directory left by an earlier start (fails if not empty)
  mkdirSync(path.dirname(to), { recursive: true });
  renameSync(partial, to);
}

/**
 * The directories made here, the files copied by libuv's threads, eight at a time: fs.promises.cp makes
 * several calls per file, and was several times slower on the snapshot's 1,300 files.
 */
async function copyTree(from: string, to: string) {
  const files: string[] = [];
  const walk = (relative: string) => {
    mkdirSync(path.join(to, relative), { recursive: true });
    for (const entry of readdirSync(path.join(from, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk('');
  let next = 0;
  const copyNext = async () => {
    while (next < files.length) {
      const file = files[next++];
      await copyFile(path.join(from, file), path.join(to, file));
    }
  };
  await Promise.all(Array.from({ length: 8 }, copyNext));
}

/**
 * Leaves the migrated state of `client` as the snapshot directory: PGlite dumps it as a tar, a second
 * PGlite unpacks it into a temporary directory and closes cleanly, which is renamed into place (a start
 * copying the snapshot never sees half of it). Once per install and migration set, on the first start of
 * a new data directory; older snapshots are removed.
 */
export async function saveSnapshot(client: PGlite, dir: string) {
  const dump = await client.dumpDataDir('none');
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const unpacking = new PGlite({ dataDir: partial, loadDataDir: dump });
  await unpacking.waitReady;
  await unpacking.close();
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another start saved it meanwhile
  }
  for (const name of readdirSync(path.dirname(dir)))
    if (
      name.startsWith(SNAPSHOT_PREFIX) &&
      path.join(path.dirname(dir), name) !== dir &&
      !name.includes('.partial')
    )
      rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
}
