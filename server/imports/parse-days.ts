/**
 * Days and half-days as people write them, into the matcher's slots (mon-am … sat-pm):
 * "lundi, mardi", "du lundi au jeudi", "jeudi matin", "lundi au vendredi après-midi", "lun. mar. mer.",
 * "mardi et jeudi matin", "tous les matins", "lundi matin, mercredi après-midi", "L M J", "9h-12h",
 * "2 demi-journées au choix", "du lundi au vendredi sauf mercredi".
 *
 * Rules (docs/import.md):
 * - A day without morning or afternoon means both half-days.
 * - "matin" / "après-midi" / "journée" apply to the days written just before them in the same part of the
 *   text (parts are separated by commas, semicolons, slashes or line breaks): "mardi et jeudi matin" is two
 *   mornings, "lundi, mardi matin" is all Monday and Tuesday morning. With no day before them they apply to
 *   every weekday ("tous les matins").
 * - "N demi-journées" or "N jours" give the number of half-days needed; with no day named, every weekday
 *   half-day is allowed. Saturday is allowed only when written.
 */
import { SLOTS, type Slot } from '../matching/types';
import { type CellValue, fail, ok, type Parsed } from './types';

export interface ParsedDays {
  /** Allowed slots, in canonical order. */
  slots: Slot[];
  /** Half-days needed when the text says so ("3 demi-journées", "2 jours"), otherwise null. */
  halfDays: number | null;
}

const DAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
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
const WEEKDAYS = [0, 1, 2, 3, 4];

type Half = 'am' | 'pm';
type Token =
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
    text
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

function clockHalves(from: number, to: number): string {
  const halves: string[] = [];
  if (from < 12) halves.push('am');
  if (to > 13 || from >= 12) halves.push('pm');
  return halves.length === 2 ? 'both' : (halves[0] ?? 'am');
}

function tokenize(text: string): Token[] {
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

function slotIndex(day: number, half: Half): number {
  return day * 2 + (half === 'am' ? 0 : 1);
}

export function parseDays(cell: CellValue): Parsed<ParsedDays> {
  if (cell === null || cell === '') return ok({ slots: [], halfDays: null });
  if (typeof cell !== 'string')
    return fail(`Jours illisibles : « ${String(cell)} » (exemple : « lundi et jeudi matin »).`);
  const written = cell.trim();
  const tokens = tokenize(written);

  const include = new Set<number>();
  const exclude = new Set<number>();
  let target = include;
  let pending: number[] = [];
  let lastQualified: number[] = [];
  let previousDay: number | null = null;
  let rangeOpen = false;
  let halfDays: number | null = null;
  let countHalves: Half[] | null = null;
  let sawLetters = false;
  let sawSunday = false;
  const unknown: string[] = [];

  const add = (days: number[], halves: Half[]) => {
    for (const day of days) for (const half of halves) target.add(slotIndex(day, half));
  };
  const flush = () => {
    add(pending, ['am', 'pm']);
    pending = [];
    lastQualified = [];
    previousDay = null;
    rangeOpen = false;
  };

  for (const token of tokens) {
    switch (token.kind) {
      case 'day': {
        if (token.letter) sawLetters = true;
        if (rangeOpen && previousDay !== null) {
          if (token.day < previousDay)
            return fail(
              `« ${written} » : la période ${DAY_NAMES[previousDay]} au ${DAY_NAMES[token.day]} est à l'envers.`,
            );
          for (let d = previousDay + 1; d <= token.day; d++) pending.push(d);
        } else pending.push(token.day);
        previousDay = token.day;
        rangeOpen = false;
        break;
      }
      case 'range':
        if (previousDay !== null) rangeOpen = true;
        break;
      case 'halves':
        if (pending.length > 0) {
          add(pending, token.halves);
          lastQualified = pending;
          pending = [];
        } else if (lastQualified.length > 0) add(lastQualified, token.halves);
        else {
          add(WEEKDAYS, token.halves);
          lastQualified = [];
        }
        previousDay = null;
        break;
      case 'count':
        halfDays = token.halfDays;
        if (token.halves) countHalves = token.halves;
        break;
      case 'except':
        flush();
        target = exclude;
        break;
      case 'separator':
        flush();
        break;
      case 'sunday':
        sawSunday = true;
        break;
      case 'unknown':
        unknown.push(token.word);
        break;
      default:
        break;
    }
  }
  flush();

  // No day named: a count ("3 demi-journées"), an exception ("sauf mercredi") or "au choix" allow every weekday.
  if (include.size === 0 && (halfDays !== null || exclude.size > 0 || isFlexibleText(written))) {
    for (const day of WEEKDAYS)
      for (const half of countHalves ?? (['am', 'pm'] as Half[])) include.add(slotIndex(day, half));
  }
  for (const index of exclude) include.delete(index);

  if (include.size === 0) {
    if (sawSunday) return fail('Le dimanche ne fait pas partie des créneaux possibles (du lundi au samedi).');
    return fail(
      `Jours illisibles : « ${written} » (exemples : « lundi et jeudi matin », « du lundi au mercredi »).`,
    );
  }
  if (halfDays !== null && halfDays <= 0)
    return fail(`« ${written} » : le nombre de demi-journées doit être supérieur à 0.`);

  const slots = SLOTS.filter((_, i) => include.has(i));
  const warnings: string[] = [];
  if (sawLetters) warnings.push(`Jours abrégés compris comme : ${describeSlots(slots)}.`);
  if (sawSunday) warnings.push('Le dimanche a été ignoré (créneaux du lundi au samedi).');
  if (unknown.length > 0) warnings.push(`Mots ignorés dans les jours : ${unknown.join(', ')}.`);
  return ok({ slots, halfDays }, warnings);
}

function isFlexibleText(written: string): boolean {
  const text = written
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return /\b(?:indifferent|au choix|flexible|peu importe|n.importe|tous les jours|toute la semaine|libre|semaine)\b/.test(
    text,
  );
}

const HALF_LABEL: Record<string, string> = { am: 'matin', pm: 'après-midi' };

/** "lundi, mardi matin, jeudi après-midi": slots in words, for previews and messages. */
export function describeSlots(slots: readonly Slot[]): string {
  const byDay = new Map<number, string[]>();
  for (const slot of slots) {
    const day = SLOTS.indexOf(slot) >> 1;
    const half = slot.slice(4);
    byDay.set(day, [...(byDay.get(day) ?? []), half]);
  }
  return [...byDay.entries()]
    .map(([day, halves]) =>
      halves.length === 2 ? DAY_NAMES[day] : `${DAY_NAMES[day]} ${HALF_LABEL[halves[0]]}`,
    )
    .join(', ');
}
