/**
 * The words of a days cell as tokens: days (full, abbreviated, single letters), ranges, morning /
 * afternoon / whole-day qualifiers (clock ranges included), counts of half-days or days, exceptions,
 * separators. parse-days.ts gives them their meaning.
 */
const DAY_WORDS: Record<string, number> = {
  lundi: 0,
  lundis: 0,
  lun: 0,
  lu: 0,
  mardi: 1,
  mardis: 1,
  mar: 1,
  ma: 1,
  mercredi: 2,
  mercredis: 2,
  mer: 2,
  me: 2,
  merc: 2,
  mercr: 2,
  jeudi: 3,
  jeudis: 3,
  jeu: 3,
  je: 3,
  vendredi: 4,
  vendredis: 4,
  ven: 4,
  ve: 4,
  vend: 4,
  vdi: 4,
  samedi: 5,
  samedis: 5,
  sam: 5,
  sa: 5,
};
const LETTER_DAYS: Record<string, number> = { l: 0, j: 3, v: 4, s: 5 };

export type Half = 'am' | 'pm';
export type Token =
  | { kind: 'day'; day: number; letter: boolean }
  | { kind: 'letterM' }
  | { kind: 'range' }
  | { kind: 'halves'; halves: Half[] }
  | { kind: 'count'; halfDays: number; halves?: Half[] }
  | { kind: 'except' }
  | { kind: 'separator' }
  | { kind: 'sunday' }
  | { kind: 'filler' }
  | { kind: 'unknown'; word: string };

const FILLERS = new Set([
  'du',
  'le',
  'les',
  'la',
  'l',
  'et',
  'de',
  'd',
  'en',
  'tous',
  'toutes',
  'tout',
  'toute',
  'chaque',
  'jours',
  'jour',
  'semaine',
  'sem',
  'par',
  'au',
  'choix',
  'indifferent',
  'indifferents',
  'flexible',
  'flexibles',
  'libre',
  'peu',
  'importe',
  'n',
  'possible',
  'possibles',
  'ou',
  'des',
  'entiere',
  'entieres',
  'complete',
  'completes',
  'j',
  'souhaite',
  'souhaites',
  'uniquement',
  'seulement',
  'plutot',
  'travailles',
]);

/** Rewrites multi-word phrases into single tokens before splitting on spaces. */
function prepare(text: string): string {
  return (
    distributeTrailingQualifier(text)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[\u00a0\u202f]/g, ' ')
      // Elisions ("l'après-midi", "d'une") would otherwise leave letters that read as days.
      .replace(/\b[ld]\s*['’]\s*/g, ' ')
      // Clock ranges: "9h-12h", "8h30 à 12h", "14:00-17:00".
      .replace(
        /(\d{1,2})\s*(?:h|:)\s*(\d{2})?\s*(?:-|a|–)\s*(\d{1,2})\s*(?:h|:)?\s*(\d{2})?/g,
        (_all, from: string, _fm, to: string) => ` @clock${clockHalves(Number(from), Number(to))} `,
      )
      .replace(/\b(?:apres[\s-]*midis?|ap[\s.-]*midis?|aprem|apm|pm|soirs?)\b/g, ' @pm ')
      .replace(/\b(?:matinees?|matins?|mat)\b/g, ' @am ')
      .replace(/\b(?:1\/2|demi)[\s-]*(?:journees?|j)\b/g, ' @halfday ')
      .replace(/\b(?:journees?|jour\s+entier|jour\s+complet|toute\s+la\s+journee)\b/g, ' @both ')
      .replace(/\bjusqu\s*['’]?\s*(?:au|a)\b/g, ' au ')
      .replace(/\b(?:sauf|hors|excepte|pas\s+le|pas\s+les|sans)\b/g, ' @except ')
      .replace(/dimanches?/g, ' @sunday ')
      .replace(/(\d)\s*@am/g, '$1 @countam')
      .replace(/(\d)\s*@pm/g, '$1 @countpm')
      .replace(/(\d)\s*@halfday/g, '$1 @counthalf')
      .replace(/(\d)\s*(?:jours?|j)\b/g, '$1 @countday')
      .replace(/[,;/+&\n\r|]+/g, ' @sep ')
      .replace(/\s+-\s+|(?<=[a-z])-(?=[a-z])/g, ' au ')
      .replace(/[.()'’"«»:!?*]+/g, ' ')
  );
}

/**
 * "lundi, mercredi, vendredi (8h-12h)": a qualifier in parentheses closing the text applies to every day
 * listed before it, so the list separators before it become "et".
 */
function distributeTrailingQualifier(text: string): string {
  const m = text.match(/^([^()]*)\(([^()]*)\)\s*\.?$/);
  if (!m) return text;
  const inner = m[2]
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const onlyQualifier =
    /^\s*(?:le |l |les )?(?:matins?|matinees?|apres[\s-]*midis?|journees?|\d{1,2}\s*(?:h|:)\s*(?:\d{2})?\s*(?:-|a|–)\s*\d{1,2}\s*(?:h|:)?\s*(?:\d{2})?)\s*$/;
  if (!onlyQualifier.test(inner)) return text;
  return `${m[1].replace(/[,;/+&]/g, ' et ')} ${m[2]}`;
}

function clockHalves(from: number, to: number): string {
  const halves: string[] = [];
  if (from < 12) halves.push('am');
  if (to > 13 || from >= 12) halves.push('pm');
  return halves.length === 2 ? 'both' : (halves[0] ?? 'am');
}

export function tokenize(text: string): Token[] {
  const words = prepare(text).split(/\s+/).filter(Boolean);
  const tokens: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const next = words[i + 1];
    if (/^\d+$/.test(word) && next?.startsWith('@count')) {
      const n = Number(word);
      if (next === '@countday') tokens.push({ kind: 'count', halfDays: 2 * n });
      else if (next === '@countam') tokens.push({ kind: 'count', halfDays: n, halves: ['am'] });
      else if (next === '@countpm') tokens.push({ kind: 'count', halfDays: n, halves: ['pm'] });
      else tokens.push({ kind: 'count', halfDays: n });
      i++;
    } else if (word === '@am' || word === '@clockam') tokens.push({ kind: 'halves', halves: ['am'] });
    else if (word === '@pm' || word === '@clockpm') tokens.push({ kind: 'halves', halves: ['pm'] });
    else if (word === '@both' || word === '@clockboth') tokens.push({ kind: 'halves', halves: ['am', 'pm'] });
    else if (word === '@halfday') tokens.push({ kind: 'filler' });
    else if (word === '@sep') tokens.push({ kind: 'separator' });
    else if (word === '@except') tokens.push({ kind: 'except' });
    else if (word === '@sunday') tokens.push({ kind: 'sunday' });
    else if (word in DAY_WORDS) tokens.push({ kind: 'day', day: DAY_WORDS[word], letter: false });
    else if (word === 'm') tokens.push({ kind: 'letterM' });
    else if (word in LETTER_DAYS) tokens.push({ kind: 'day', day: LETTER_DAYS[word], letter: true });
    else if (word === 'au' || word === 'a') tokens.push({ kind: 'range' });
    else if (FILLERS.has(word)) tokens.push({ kind: 'filler' });
    else tokens.push({ kind: 'unknown', word });
  }
  return resolveLetters(tokens);
}

/**
 * Single letters are days only when the text is written that way ("L M J", "L, M, M, J, V"): a lone "l"
 * or "j" in a sentence is an elision. "M" is Tuesday, or Wednesday right after a Tuesday.
 */
function resolveLetters(tokens: Token[]): Token[] {
  const hasWordDay = tokens.some((t) => t.kind === 'day' && !t.letter);
  const out: Token[] = [];
  let previousDay: number | null = null;
  for (const token of tokens) {
    if (token.kind === 'letterM' || (token.kind === 'day' && token.letter)) {
      if (hasWordDay) {
        out.push({ kind: 'filler' });
        continue;
      }
      const day: number =
        token.kind === 'letterM' ? (previousDay !== null && previousDay >= 1 ? 2 : 1) : token.day;
      out.push({ kind: 'day', day, letter: true });
      previousDay = day;
      continue;
    }
    if (token.kind === 'day') previousDay = token.day;
    out.push(token);
  }
  return out;
}
