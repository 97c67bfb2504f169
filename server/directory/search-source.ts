/**
 * The structures index (`<prefix>structures`, /structures): its own index, filled from the search outbox
 * (record kind 'structure') through `structureSearchSource`, handed to the indexer by
 * server/search-sources.ts. A structure that is hidden, unvalidated or gone has no document: the indexer
 * deletes it.
 */
import type { Settings } from 'meilisearch';
import { organizations } from '../../db/schema';
import type { SearchService } from '../search/service';
import { buildSynonyms } from '../search/settings';
import { indexUid, type SearchIndexSpec, type SearchSource } from '../search/sources';
import { loadStructureDocuments } from './documents';

export function structureIndexSettings(): Settings {
  return {
    searchableAttributes: ['search.name', 'search.activities', 'search.keywords', 'search.place'],
    displayedAttributes: ['*'],
    filterableAttributes: ['kind', 'departement', 'activities', 'roleCodes', '_geo'],
    sortableAttributes: ['name', '_geo'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [],
    synonyms: buildSynonyms(),
    localizedAttributes: [{ locales: ['fra'], attributePatterns: ['*'] }],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000 },
  };
}

export const STRUCTURES_INDEX: SearchIndexSpec = { name: 'structures', settings: structureIndexSettings };

export const structuresIndexName = (search: Pick<SearchService, 'indexPrefix'>) =>
  indexUid(search, STRUCTURES_INDEX);

export const structureSearchSource: SearchSource = {
  kind: 'structure',
  index: STRUCTURES_INDEX,
  table: organizations,
  load: loadStructureDocuments,
};
