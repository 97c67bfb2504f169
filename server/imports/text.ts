/**
 * Text normalisation for what people type in spreadsheets: case, accents, punctuation and spacing do
 * not matter ("N° SIRET" and "n siret", "Heures / semaine" and "heures semaine" are the same).
 */

/** "Date de début" → "date de debut"; "N° SIRET" → "n siret"; "Heures / semaine" → "heures semaine". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Collapses runs of spaces (including non-breaking ones) and trims. */
export function cleanSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}
