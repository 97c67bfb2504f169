/**
 * French typography for what the site writes around names and numbers: elision before a vowel or a mute
 * h ("d’Atelier Lion Vert", "l’Atelier"), plurals that agree ("1 structure", "3 structures", never
 * "structure(s)"), decimal commas ("7,6 km", "17,5 h", "42,5 %") and French collation, in JavaScript
 * and in SQL. Templates reach these through the nunjucks filters of views.ts.
 */
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** Words elided before a vowel sound, and what they become. */
const ELIDED: Record<string, string> = {
  de: 'd’',
  le: 'l’',
  la: 'l’',
  que: 'qu’',
  je: 'j’',
  ne: 'n’',
  se: 's’',
};

/** Words starting with an aspirated h: no elision ("de Halle", "le Hameau"). The rest take it ("d’Habitat"). */
const ASPIRATED_H =
  /^h(a(che|ie|ll|m|nd|ngar|rcel|ricot|sard|ut)|ér(on|os)|ê|i(bou|d)|o(ck|mard|nt|ll|rs|tte|uill|ubl)|u(it|tte|rl))/i;

/** Whether a name is said with a vowel sound first: a vowel (accented or not) or a mute h. */
export function startsWithVowelSound(name: string): boolean {
  const word = name.trimStart();
  if (/^[aeiouyàâäéèêëîïôöùûüÿæœ]/i.test(word)) return true;
  return /^h/i.test(word) && !ASPIRATED_H.test(word);
}

/**
 * "de" + "Atelier Lion Vert" → "d’Atelier Lion Vert"; "de" + "Régie de quartier" → "de Régie de quartier";
 * "le"/"la" + "Atelier" → "l’Atelier"; "que" + "Emmaüs" → "qu’Emmaüs". The word keeps its case
 * ("De" → "D’"). Words other than de, le, la, que, je, ne, se are returned with a space.
 */
export function elide(word: string, name: string | null | undefined): string {
  const text = String(name ?? '').trim();
  const elided = ELIDED[word.toLowerCase()];
  if (!elided || !startsWithVowelSound(text)) return `${word} ${text}`;
  const apostrophe = word[0] === word[0].toUpperCase() ? elided[0].toUpperCase() + elided.slice(1) : elided;
  return `${apostrophe}${text}`;
}

/**
 * "1 structure", "0 structure", "2 structures" (French: the plural starts at 2). `plural` defaults to
 * the singular plus "s"; give it for the others ("1 travail", "3 travaux"). `count` is written with
 * French digits (a decimal comma).
 */
export function plural(
  count: number | string | null | undefined,
  singular: string,
  pluralForm?: string,
): string {
  const n = Number(count ?? 0);
  const word = Math.abs(n) >= 2 ? (pluralForm ?? `${singular}s`) : singular;
  return `${frenchNumber(n)} ${word}`;
}

/** 7.6 → "7,6"; 1234.5 → "1 234,5" (narrow no-break space); at most `digits` decimals, none trailing. */
export function frenchNumber(value: number | string | null | undefined, digits = 1): string {
  const n = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n)) return '';
  return n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
}

/** The comparison of French names for Array#sort: accents and case set aside first ("Écluse" after "Eau"). */
export const frenchCompare: (a: string, b: string) => number = new Intl.Collator('fr', {
  numeric: true,
}).compare;

/**
 * An ORDER BY term in French order: ICU's root collation, which both drivers have (PostgreSQL built
 * with ICU, as Debian's is, and PGlite), whatever the database's default collation (C on PGlite).
 */
export function frenchOrder(column: SQLWrapper): SQL {
  return sql`${column} collate "und-x-icu"`;
}
