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

/** The feminine (and plural) tails of inclusive spellings, after folding. */
const INCLUSIVE_TAILS = '(?:e|ere|euse|rice|trice|ne|le|se|fe|ve|te|ice)s?';
/**
 * "conseiller·ère", "salarié.e", "agent-e", "salarié/e", "salarié·e·s", "animateur(trice)": the
 * separator and the tail go, the word before stays. The separators are the middle dots people type
 * (· • ⋅), the full stop, the hyphen (- ‐), the slash, or parentheses.
 */
const INCLUSIVE_PATTERN = `([a-z])(?:[·•⋅.\\-‐/]${INCLUSIVE_TAILS}(?:[·•⋅.]s)?|\\(${INCLUSIVE_TAILS}\\)s?)(?![a-z0-9])`;
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
 * is at least three letters, two for -ante/-ente ("agente"), so that "vente", "mère" and "frère" stay. Written in the regular-expression syntax
 * JavaScript and PostgreSQL share, because the SQL twin uses them as they are.
 */
export const ENDING_RULES: readonly (readonly [pattern: string, replacement: string])[] = [
  ['^([a-z0-9]{2,}eau)x$', '\\1'],
  ['^([a-z0-9]{3,}[^s])s$', '\\1'],
  ['^([a-z0-9]{3,})ee$', '\\1e'],
  ['^([a-z0-9]{3,})trice$', '\\1teur'],
  ['^([a-z0-9]{3,})euse$', '\\1eur'],
  ['^([a-z0-9]{3,})ere$', '\\1er'],
  ['^([a-z0-9]{3,})enne$', '\\1en'],
  ['^([a-z0-9]{3,})onne$', '\\1on'],
  ['^([a-z0-9]{3,})elle$', '\\1el'],
  ['^([a-z0-9]{3,})ive$', '\\1if'],
  ['^([a-z0-9]{2,})ante$', '\\1ant'],
  ['^([a-z0-9]{2,})ente$', '\\1ent'],
  ['^([a-z0-9]{3,})ale$', '\\1al'],
  ['^([a-z0-9]{2,}f)fe$', '\\1'],
];
const ENDINGS = ENDING_RULES.map(
  ([pattern, replacement]) => [new RegExp(pattern), replacement.replace(/\\(\d)/g, '$$$1')] as const,
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
  const endings = ENDING_RULES.reduce(
    (expr, [pattern, replacement]) =>
      `regexp_replace(${expr}, ${sqlString(pattern)}, ${sqlString(replacement)})`,
    'w.word',
  );
  const folded = `translate(replace(replace(replace(replace(normalize(input, NFC), 'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'), ${sqlString(FOLD_FROM)}, ${sqlString(FOLD_TO)})`;
  const cleaned = `replace(regexp_replace(${folded}, ${sqlString(INCLUSIVE_PATTERN)}, '\\1', 'g'), '&', '')`;
  const stop = `array[${STOP_WORDS.map(sqlString).join(', ')}]`;
  return `create or replace function ${name}(input text) returns text
language sql immutable strict parallel safe
as $$
  select coalesce(string_agg(s.word, ' ' order by s.n), '')
  from (
    select ${endings} as word, w.n
    from regexp_split_to_table(${cleaned}, '[^a-z0-9]+') with ordinality as w(word, n)
    where w.word <> ''
      and not (w.word = any (${stop}))
      and (length(w.word) > 1 or w.word ~ '[0-9]')
  ) as s
  where not (s.word = any (${stop}))
$$;`;
}
