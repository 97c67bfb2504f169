/**
 * The words search compares, the same at indexing and at query time, in Meilisearch and in the PostgreSQL
 * fallback: "Conseiller·ère en insertion professionnelle", "conseillère insertion professionnelle" and
 * "CONSEILLERS EN INSERTION PROFESSIONNELLE" all become `conseiller insertion professionnel`.
 *
 * 1. Unicode NFC, then œ/æ spelled out, accents and upper case folded by one explicit table (not NFD
 *    and not the locale: the SQL twin must give the same letters on every server).
 * 2. Inclusive spellings dropped: "·e", ".e", "-e", "/e", "(e)", "·ère", "(trice)", "·e·s"…
 * 3. Split on anything that is not a-z or 0-9 (so elisions d’, l’, qu’ fall apart), "&" removed ("R&D").
 * 4. Stop words and single letters left out (before and after step 5).
 * 5. Plural and feminine endings brought back to the masculine singular (ORDERED rules, each applied at
 *    most once): agentes → agent, animatrice → animateur, vendeuse → vendeur, bureaux → bureau.
 *
 * The database has a twin of this function, `mosaique_search_words(text)` (migration
 * 0006_search_words.sql), which the search vectors of the fallback are built with; SEARCH_WORDS_SQL below
 * writes it from these very tables and tests/search/search-words-sql.test.ts checks both agree. Changing
 * a rule means a new migration (the function and the stored vectors) and a reindex of Meilisearch
 * (bump SEARCH_WORDS_VERSION: the indexer re-sends documents of an older version). Pure: no I/O.
 */

/** Bump when the output of searchWords changes: documents indexed with an older version are re-sent. */
export const SEARCH_WORDS_VERSION = 1;

const FOLD_FROM = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FOLD_TO = 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooouuuuuuuuyyyyabcdefghijklmnopqrstuvwxyz';
const FOLD = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]]));
/** FOLD's accented letters grouped by the letter they become (the SQL twin replaces them so). */
const ACCENT_CLASSES: [string, string][] = [...new Set(FOLD_TO)]
  .map((letter) => [
    letter,
    [...FOLD_FROM].filter((c, i) => FOLD_TO[i] === letter && !/[A-Z]/.test(c)).join(''),
  ])
  .filter(([, chars]) => chars.length > 0) as [string, string][];

/** The feminine (and plural) tails of inclusive spellings, after folding. */
const INCLUSIVE_TAILS = '(?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?';
/**
 * "conseiller·ère", "salarié.e", "agent-e", "salarié/e", "salarié·e·s", "animateur(trice)": the
 * separator and the tail go, the word before stays. The separators are the middle dots people type
 * (· • ⋅), the full stop, the hyphen (- ‐), the slash, or parentheses.
 */
/** The separators of inclusive spellings that are not ASCII. */
const INCLUSIVE_SEPARATORS = '·•⋅‐';
const INCLUSIVE_PATTERN = `([a-z])(?:[${INCLUSIVE_SEPARATORS}.\\-/]${INCLUSIVE_TAILS}(?:[·•⋅.]s)?|\\(${INCLUSIVE_TAILS}\\)s?)(?![a-z0-9])`;
const INCLUSIVE = new RegExp(INCLUSIVE_PATTERN, 'g');

/**
 * Common French words that say nothing about a job or a place (folded). Not "est" (Grand Est), "mais"
 * (maïs) or "son" (technicien son): they are also words of places and jobs.
 */
export const STOP_WORDS: readonly string[] = [
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
  'me',
  'meme',
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
  'sont',
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
];
const STOP = new Set(STOP_WORDS);

/**
 * Endings brought back to the masculine singular, in order, each at most once per word (-ee early, so
 * that "randonnées" goes all the way to "randon" at once: no output is changed by a second pass); the stem kept
 * is at least three letters, two for -ante/-ente ("agente"), so that "vente", "mère" and "frère" stay.
 * Each rule is [stem, ending, replacement]: a word matching stem + ending becomes stem + replacement.
 * Written in the regular-expression syntax JavaScript and PostgreSQL share: the SQL twin anchors them on
 * word boundaries and runs each over a whole text at once (per word, fourteen regular expressions a word
 * cost PostgreSQL 1.6 ms a description).
 */
export const ENDING_RULES: readonly (readonly [stem: string, ending: string, replacement: string])[] = [
  ['[a-z0-9]{2,}eau', 'x', ''],
  ['[a-z0-9]{3,}[a-rt-z0-9]', 's', ''],
  ['[a-z0-9]{3,}', 'ee', 'e'],
  ['[a-z0-9]{3,}', 'trice', 'teur'],
  ['[a-z0-9]{3,}', 'euse', 'eur'],
  ['[a-z0-9]{3,}', 'ere', 'er'],
  ['[a-z0-9]{3,}', 'enne', 'en'],
  ['[a-z0-9]{3,}', 'onne', 'on'],
  ['[a-z0-9]{3,}', 'elle', 'el'],
  ['[a-z0-9]{3,}', 'ive', 'if'],
  ['[a-z0-9]{2,}', 'ante', 'ant'],
  ['[a-z0-9]{2,}', 'ente', 'ent'],
  ['[a-z0-9]{3,}', 'ale', 'al'],
  ['[a-z0-9]{2,}f', 'fe', ''],
];
const ENDINGS = ENDING_RULES.map(
  ([stem, ending, replacement]) => [new RegExp(`^(${stem})${ending}$`), `$1${replacement}`] as const,
);

function fold(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC').replace(/[Œœ]/g, 'oe').replace(/[Ææ]/g, 'ae'))
    out += FOLD.get(c) ?? c;
  return out;
}

/** One word brought back to its masculine singular. */
export function stemWord(word: string): string {
  let w = word;
  for (const [pattern, replacement] of ENDINGS) w = w.replace(pattern, replacement);
  return w;
}

/** The words search compares, in order (see the top of this file). */
export function searchWords(text: string): string[] {
  const words = fold(text)
    .replace(INCLUSIVE, '$1')
    .replace(/&/g, '')
    .split(/[^a-z0-9]+/);
  const out: string[] = [];
  for (const word of words) {
    if (!word || STOP.has(word) || (word.length === 1 && !/\d/.test(word))) continue;
    const stem = stemWord(word);
    // "leurs", "elles": a plural can stem to a stop word.
    if (!STOP.has(stem)) out.push(stem);
  }
  return out;
}

/** searchWords joined by single spaces: what documents carry and what is sent as the query. */
export function searchText(text: string): string {
  return searchWords(text).join(' ');
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The PostgreSQL twin of searchWords, as an IMMUTABLE SQL function (usable in generated columns), written
 * from the same tables. The migration holds its text; the twin test compares both on many inputs.
 */
export function searchWordsSql(name = 'mosaique_search_words'): string {
  // On the words joined by single spaces: \m and \M are PostgreSQL's word start and end.
  const endings = ENDING_RULES.reduce(
    (expr, [stem, ending, replacement]) =>
      `regexp_replace(${expr}, ${sqlString(`\\m(${stem})${ending}\\M`)}, ${sqlString(`\\1${replacement}`)}, 'g')`,
    'k.words',
  );
  // Accents by one regular expression per letter (translate() costs PostgreSQL ten times more on
  // multibyte text); then every other non-ASCII character but the inclusive separators becomes a space,
  // so that lower() sees ASCII only and gives the same letters in every locale.
  const accents = ACCENT_CLASSES.reduce(
    (expr, [letter, chars]) => `regexp_replace(${expr}, ${sqlString(`[${chars}]`)}, '${letter}', 'g')`,
    `replace(replace(replace(replace(normalize(input, NFC), 'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae')`,
  );
  const folded = `lower(regexp_replace(${accents}, ${sqlString(`[^\\x01-\\x7f${INCLUSIVE_SEPARATORS}]`)}, ' ', 'g'))`;
  // The lookahead as a consumed character put back: the same matches (the next one starts with a
  // letter), and PostgreSQL's engine runs it twice as fast.
  const inclusive = INCLUSIVE_PATTERN.replace('(?![a-z0-9])', '([^a-z0-9]|$)');
  const cleaned = `replace(regexp_replace(${folded}, ${sqlString(inclusive)}, '\\1\\2', 'g'), '&', '')`;
  const stop = `array[${STOP_WORDS.map(sqlString).join(', ')}]`;
  return `create or replace function ${name}(input text) returns text
language sql immutable strict parallel safe
as $$
  select coalesce(string_agg(s.word, ' ' order by s.n), '')
  from (
    select string_agg(w.word, ' ' order by w.n) as words
    from regexp_split_to_table(${cleaned}, '[^a-z0-9]+') with ordinality as w(word, n)
    where w.word <> ''
      and not (w.word = any (${stop}))
      and (length(w.word) > 1 or w.word ~ '[0-9]')
  ) as k,
  regexp_split_to_table(coalesce(${endings}, ''), ' ') with ordinality as s(word, n)
  where s.word <> '' and not (s.word = any (${stop}))
$$;`;
}
