/** Facet counts from Meilisearch, labelled in French, each value a link that toggles its filter. */

import type { OfferKind } from '../../db/schema/offers';
import { escapeHtml } from '../common/html';
import { departementLabel, kindLabel } from '../common/labels';
import { roleByCode } from '../vocabulary/lookups';
import { OFFER_KIND_SHORT } from '../vocabulary/offers';
import { HOURS_BANDS } from '../vocabulary/week';
import { DAY_NAMES, facetQueryBuilder, type SearchParams } from './params';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface Facet {
  name: string;
  title: string;
  values: FacetValue[];
}

export type Facets = Facet[];

const FACETS: {
  attribute: string;
  param: keyof SearchParams;
  title: string;
  label: (v: string) => string;
  order?: readonly string[];
}[] = [
  {
    attribute: 'recordKind',
    param: 'kind',
    title: 'Type',
    label: (v) => (v === 'need' ? 'Besoins' : 'Offres de coopération'),
  },
  { attribute: 'roleCode', param: 'role', title: 'Métier', label: (v) => roleByCode(v)?.label ?? v },
  { attribute: 'departements', param: 'departement', title: 'Département', label: departementLabel },
  { attribute: 'organizationKind', param: 'orgKind', title: 'Type de structure', label: kindLabel },
  {
    attribute: 'offerKind',
    param: 'offerKind',
    title: 'Type de coopération',
    label: (v) => OFFER_KIND_SHORT[v as OfferKind] ?? v,
  },
  {
    attribute: 'days',
    param: 'day',
    title: 'Jour de la semaine',
    label: (v) => v.charAt(0).toUpperCase() + v.slice(1),
    order: DAY_NAMES,
  },
  {
    attribute: 'hoursBand',
    param: 'hours',
    title: 'Heures par semaine',
    label: (v) => v,
    order: HOURS_BANDS,
  },
];

export function buildFacets(
  distribution: Record<string, Record<string, number>>,
  params: SearchParams,
): Facets {
  return FACETS.map((f) => {
    const counts = distribution[f.attribute] ?? {};
    let entries = Object.entries(counts);
    const order = f.order;
    if (order) entries = entries.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const current = params[f.param];
    return {
      name: String(f.param),
      title: f.title,
      values: entries.slice(0, 30).map(([value, count]) => ({
        value,
        label: f.label(value),
        count,
        selected: current === value,
      })),
    };
  }).filter((f) => f.values.length > 0);
}

/**
 * The facet lists as HTML, built here rather than by a template loop: a page shows up to two hundred
 * values, and nunjucks' loop frames, lookups and autoescape per value were the largest part of the
 * page's rendering under load. The markup is what `views/search/_results.njk` had.
 */
export function facetsHtml(facets: Facets, params: SearchParams): string {
  // Each value links to the search with that value toggled, page 1 (the JSON answer has no links).
  // The query's parts are encoded (letters, digits, `%`, `+`, `=`...): `&` is all there is to escape.
  const link = facetQueryBuilder(params, '&amp;');
  let out = '<aside class="facets" aria-label="Affiner la recherche">';
  for (const f of facets) {
    out += `\n    <section class="facet">\n      <h2 class="facet-title">${escapeHtml(f.title)}</h2>\n      <ul>`;
    for (const v of f.values) {
      out += `\n        <li><a href="/recherche?${link(f.name as keyof SearchParams, v.selected ? undefined : v.value)}"${v.selected ? ' aria-current="true" class="facet-selected"' : ''}>${escapeHtml(v.label)}</a> <span class="facet-count">(${v.count})</span>${v.selected ? ' <span class="visually-hidden">(filtre actif, cliquer pour l’enlever)</span>' : ''}</li>`;
    }
    out += '\n      </ul>\n    </section>';
  }
  return `${out}\n  </aside>`;
}
