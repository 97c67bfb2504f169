/** Facet counts from Meilisearch, labelled in French, each value a link that toggles its filter. */

import type { OfferKind } from '../../db/schema/offers';
import { departementLabel, kindLabel } from '../common/labels';
import { roleByCode } from '../needs/lookups';
import { HOURS_BANDS } from '../needs/week';
import { OFFER_KIND_SHORT } from '../offers/labels';
import { DAY_NAMES, type SearchParams, toQueryString } from './params';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** The search with this value toggled, page 1. */
  href: string;
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
        // Built when read: the page shows a hundred of these links, the JSON answer none.
        get href() {
          return `/recherche?${toQueryString(params, { [f.param]: current === value ? undefined : value, page: undefined })}`;
        },
      })),
    };
  }).filter((f) => f.values.length > 0);
}
