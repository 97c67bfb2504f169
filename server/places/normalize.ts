/**
 * Text normalisation for commune names as people type them: accents, case, hyphens, apostrophes,
 * "St"/"Ste" abbreviations and the "CEDEX" postal suffix do not matter.
 */

const ABBREVIATIONS: Record<string, string> = {
  st: 'saint',
  ste: 'sainte',
  sts: 'saints',
  stes: 'saintes',
};

/** "Saint-Étienne" → "saint etienne"; "St Etienne" → "saint etienne"; "L'Haÿ-les-Roses" → "l hay les roses". */
export function normalizeName(text: string): string {
  const base = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!base) return '';
  return base
    .split(' ')
    .map((token) => ABBREVIATIONS[token] ?? token)
    .join(' ');
}

/** Distinct tokens of a normalised name. */
export function nameTokens(normalized: string): string[] {
  return normalized ? normalized.split(' ') : [];
}
