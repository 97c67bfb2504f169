/**
 * Documents written before the search words changed (SEARCH_WORDS_VERSION, server/roles/search-words.ts)
 * no longer meet the queries, which are normalized the new way: when the records index holds any, every
 * record of that index (needs, offers) is queued in the outbox once, and the indexer rewrites them in the
 * background (search keeps answering meanwhile, a little worse). Idempotent: two instances doing it at once queue records
 * twice, which the indexer treats as once.
 */
import type { Db } from '../../db/client';
import { SEARCH_WORDS_VERSION } from '../roles';
import type { SearchService } from './service';
import { indexName, RECORDS_INDEX } from './settings';
import { enqueueRecords, type SearchSource } from './sources';

/**
 * Queues every record of the records index's sources when the index holds documents of another words
 * version; true when it did.
 */
export async function requeueStaleDocuments(
  db: Db,
  search: SearchService,
  sources: readonly SearchSource[],
): Promise<boolean> {
  if (!search.client) return false;
  const answer = await search.client.index(indexName(search)).search('', {
    filter: `NOT searchWordsVersion = ${SEARCH_WORDS_VERSION}`,
    limit: 0,
  });
  if (!answer.estimatedTotalHits) return false;
  for (const source of sources) if (source.index === RECORDS_INDEX) await enqueueRecords(db, source);
  return true;
}
