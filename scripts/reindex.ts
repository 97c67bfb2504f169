/**
 * `npm run reindex`: rebuilds the search indexes (records, then shared posts) from PostgreSQL, with a
 * progress line.
 * Uses DATABASE_URL and MEILI_URL when set; otherwise the embedded PGlite and Meilisearch of DATA_DIR
 * (stop the server first: an embedded PGlite directory serves one process at a time).
 */
import path from 'node:path';
import { openDb } from '../db/client';
import { loadConfig } from '../server/config';
import { rebuildPostsIndex } from '../server/posts/reindex';
import { type EmbeddedMeili, startEmbeddedMeili } from '../server/search/meili-process';
import { rebuildIndex } from '../server/search/reindex';
import { createSearchService } from '../server/search/service';

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
    const started = Date.now();
    const result = await rebuildIndex(handle.db, search, {
      onProgress: (p) => {
        const line = `reindex: needs ${p.needs}/${p.totalNeeds}, offers ${p.offers}/${p.totalOffers}, ${p.phase} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
        if (tty) process.stdout.write(`\r${line.padEnd(90)}`);
        else if (p.phase !== 'sending') console.log(line);
      },
    });
    if (tty) process.stdout.write('\n');
    console.log(
      `reindex: ${result.needs} needs and ${result.offers} offers indexed in ${(result.ms / 1000).toFixed(1)} s`,
    );
    const posts = await rebuildPostsIndex(handle.db, search);
    console.log(`reindex: ${posts.posts} shared posts indexed in ${(posts.ms / 1000).toFixed(1)} s`);
  } finally {
    await embedded?.stop();
    await handle.close();
  }
}

main().catch((err) => {
  console.error(`reindex failed: ${(err as Error).message.split('\n')[0]}`);
  process.exit(1);
});
