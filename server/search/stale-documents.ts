/**
 * Documents written before the search words changed (SEARCH_WORDS_VERSION, server/roles/search-words.ts)
 * no longer meet the queries, which are normalized the new way: when the records index holds any, every
 * need and offer is queued in the outbox once, and the indexer rewrites them in the background (search
 * keeps answering meanwhile, a little worse). Idempotent: two instances doing it at once queue records
 * twice, which the indexer treats as once.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { SEARCH_WORDS_VERSION } from '../roles';
import type { SearchService } from './service';
import { indexName } from './settings';

/** Queues every record when the index holds documents of another words version; true when it did. */
export async function requeueStaleDocuments(db: Db, search: SearchService): Promise<boolean> {
  if (!search.client) return false;
  const answer = await search.client.index(indexName(search)).search('', {
    filter: `NOT searchWordsVersion = ${SEARCH_WORDS_VERSION}`,
    limit: 0,
  });
  if (!answer.estimatedTotalHits) return false;
  await db.execute(sql`insert into search_outbox (record_kind, record_id)
    select 'need', id from needs union all select 'offer', id from offers`);
  return true;
}
