/**
 * The shared posts' index (`<prefix>posts`, /postes): its own index beside the records', for another
 * audience, other filters, another ranking. The search indexer fills it from the outbox (record kind
 * 'post') through `postSearchSource`, handed to it by server/search-sources.ts.
 */
import type { Settings } from 'meilisearch';
import { sharedPosts } from '../../db/schema';
import type { SearchService } from '../search/service';
import { typedSynonyms } from '../search/settings';
import { indexUid, type SearchIndexSpec, type SearchSource } from '../search/sources';
import { loadPostDocuments } from './documents';

/**
 * Common French words that carry no meaning for ranking, for the shared posts' index, which is searched
 * with the text as typed. (The records index needs none: its documents and queries come through
 * searchWords, which leaves them out.) No elided single letters (d', l'…): a stop word inside a
 * multi-word synonym ("chantier d'insertion") stops that synonym from matching at all.
 */
const FRENCH_STOP_WORDS = [
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'dans',
  'de',
  'des',
  'du',
  'elle',
  'en',
  'et',
  'eux',
  'il',
  'je',
  'la',
  'le',
  'les',
  'leur',
  'lui',
  'ma',
  'mais',
  'me',
  'même',
  'mes',
  'moi',
  'mon',
  'ne',
  'nos',
  'notre',
  'nous',
  'on',
  'ou',
  'par',
  'pas',
  'pour',
  'qu',
  'que',
  'qui',
  'sa',
  'se',
  'ses',
  'son',
  'sur',
  'ta',
  'te',
  'tes',
  'toi',
  'ton',
  'tu',
  'un',
  'une',
  'vos',
  'votre',
  'vous',
  'été',
  'est',
  'sont',
];

/**
 * The posts index (/postes): its documents and queries are the text as typed, so it keeps
 * Meilisearch's own handling: French stop words, the word groups as typed, typo tolerance everywhere.
 */
export function postIndexSettings(): Settings {
  return {
    searchableAttributes: [
      'title',
      'roleLabel',
      'description',
      'communeNames',
      'geName',
      'organizationNames',
    ],
    displayedAttributes: ['*'],
    filterableAttributes: ['roleCode', 'departements', 'open', 'status', 'startDay', 'date', '_geo'],
    sortableAttributes: ['date', 'startDay', '_geo'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: FRENCH_STOP_WORDS,
    synonyms: typedSynonyms(),
    localizedAttributes: [{ locales: ['fra'], attributePatterns: ['*'] }],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000 },
  };
}

export const POSTS_INDEX: SearchIndexSpec = { name: 'posts', settings: postIndexSettings };

export const postsIndexName = (search: Pick<SearchService, 'indexPrefix'>) => indexUid(search, POSTS_INDEX);

export const postSearchSource: SearchSource = {
  kind: 'post',
  index: POSTS_INDEX,
  table: sharedPosts,
  load: loadPostDocuments,
};
