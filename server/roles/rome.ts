/**
 * The ROME codes Mosaïque offers, with their official French labels. The data is in rome.json (one
 * { code, label, domain, keywords } per line, grouped by domain); this module types and checks it.
 *
 * Source: France Travail (ex-Pôle emploi), Répertoire Opérationnel des Métiers et des Emplois,
 * version 3 — the "fiche métier" codes (a letter for the professional domain, then four digits) and
 * their labels as published in the ROME v3 reference files (also on francetravail.fr, "fiches métiers
 * ROME"). Only codes whose label could be checked are listed: fewer codes, correct labels; the
 * labels were checked against a dump of the ROME v3 code table (532 codes, typography as published:
 * "oe" rather than "œ"). ROME 4.0 (2024) kept these fiche codes.
 *
 * The selection is the field's: support functions SIAE and ESS structures pool, insertion and social
 * work, and the trades of insertion workshops (green spaces, market gardening, cleaning, building and
 * energy renovation, catering, logistics, recycling, sewing, services to people).
 *
 * `domain` is Mosaïque's own grouping (DOMAINS); `keywords` are the words people write for the job
 * (our choice, not France Travail's), used by search and by spreadsheet-import suggestions.
 *
 * Inclusion numérique: conseillers and médiateurs numériques are hired under K1204 (médiation), filed
 * there because this field's digital-inclusion GEs look for them under this domain.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../db/project-root';

export const DOMAINS = [
  'Fonctions support',
  'Accompagnement et insertion',
  'Espaces verts et agriculture',
  'Propreté',
  'Bâtiment et rénovation énergétique',
  'Hôtellerie et restauration',
  'Logistique et transport',
  'Énergies renouvelables',
  'Économie circulaire',
  'Inclusion numérique',
  'Services à la personne',
  'Commerce',
  'Industrie et artisanat',
  'Animation, culture et sport',
] as const;

export type Domain = (typeof DOMAINS)[number];

/** [code, official ROME v3 label, domain, keywords] */
export type RomeEntry = readonly [string, string, Domain, readonly string[]];

interface RomeRecord {
  code: string;
  label: string;
  domain: string;
  keywords: string[];
}

// Read through require: a JSON import attribute is not understood by every tool that loads this file.
const records = JSON.parse(readFileSync(projectPath('server', 'roles', 'rome.json'), 'utf8')) as RomeRecord[];

function isDomain(domain: string): domain is Domain {
  return (DOMAINS as readonly string[]).includes(domain);
}

export const ROME: readonly RomeEntry[] = records.map(({ code, label, domain, keywords }) => {
  // The JSON escapes the type checker: a misspelt domain fails at load rather than hiding a role.
  if (!isDomain(domain)) throw new Error(`rome.json: ${code} has an unknown domain "${domain}"`);
  return [code, label, domain, keywords] as const;
});
