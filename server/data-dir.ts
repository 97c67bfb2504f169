/**
 * Where the process keeps its files: DATA_DIR (default ./data), and in it the embedded database. Apart
 * from server/config.ts (zod) because server/main.ts needs it before loading anything else.
 */
import path from 'node:path';

export const DEFAULT_DATA_DIR = './data';

/** PGlite's data directory inside DATA_DIR. */
export const embeddedDbDir = (dataDir: string) => path.join(dataDir, 'pglite');
