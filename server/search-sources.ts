/**
 * The records search indexes, and where their documents come from: each capability describes its own
 * (server/search/sources.ts `SearchSource`), and this list hands them to the indexer (app.ts), the index
 * settings at start (main.ts) and the rebuild (`npm run reindex`). Adding a searchable kind of record is
 * a line here, not a change to search/.
 */
import { structureSearchSource } from './directory/search-source';
import { needSearchSource } from './needs/search-source';
import { offerSearchSource } from './offers/search-source';
import { postSearchSource } from './posts/search-index';
import { indexesOf, type SearchSource } from './search/sources';

export const SEARCH_SOURCES: readonly SearchSource[] = [
  needSearchSource,
  offerSearchSource,
  postSearchSource,
  structureSearchSource,
];

/** The indexes of the sources: the records index (needs, offers), the shared posts' and the structures'. */
export const SEARCH_INDEXES = indexesOf(SEARCH_SOURCES);
