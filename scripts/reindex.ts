/**
 * `npm run reindex`: rebuilds the search indexes (records, then shared posts: server/search-sources.ts)
 * from PostgreSQL, with a progress line.
 * Uses DATABASE_URL and MEILI_URL when set; otherwise the embedded PGlite and Meilisearch of DATA_DIR
 * (stop the server first: an embedded PGlite directory serves one process at a time).
 */
import path from 'node:path';
import { openDb } from '../db/client';
import { loadConfig } from '../server/config';
import { type EmbeddedMeili, startEmbeddedMeili } from '../server/search/meili-process';
import { rebuildIndex } from '../server/search/reindex';
import { createSearchService } from '../server/search/service';
import { indexUid } from '../server/search/sources';
import { SEARCH_INDEXES, SEARCH_SOURCES } from '../server/search-sources';

async function main() {
  const config = loadConfig();
  const handle = await openDb(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { pgliteDir: path.join(config.dataDir, 'pglite') },
  );
  let embedded: EmbeddedMeili | undefined;
  try {
    await handle.migrate();
    let url = config.meili?.url;
    let key = config.meili?.masterKey;
    if (!url) {
      embedded = await startEmbeddedMeili({ dataDir: config.dataDir });
      url = embedded.url;
      key = embedded.masterKey;
    }
    const search = createSearchService({ url, masterKey: key, indexPrefix: config.meiliIndexPrefix });
    const tty = process.stdout.isTTY;
    for (const index of SEARCH_INDEXES) {
      const name = indexUid(search, index);
      const started = Date.now();
      const result = await rebuildIndex(handle.db, search, index, SEARCH_SOURCES, {
        onProgress: (p) => {
          const counts = Object.entries(p.sent).map(
            ([kind, n]) => `${kind} ${n}/${p.totals[kind as keyof typeof p.totals]}`,
          );
          const line = `reindex ${name}: ${counts.join(', ')}, ${p.phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
          if (tty) process.stdout.write(`\r${line.padEnd(90)}`);
          else if (p.phase !== 'sending') console.log(line);
        },
      });
      if (tty) process.stdout.write('\n');
      const counts = Object.entries(result.sent).map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
      console.log(`reindex ${name}: ${counts.join(' and ')} indexed in ${(result.ms / 1000).toFixed(1)} s`);
    }
  } finally {
    await embedded?.stop();
    await handle.close();
  }
}

main().catch((err) => {
  console.error(`reindex failed: ${(err as Error).message.split('\n')[0]}`);
  process.exit(1);
});
