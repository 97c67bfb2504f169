/**
 * Start dates as people write them: "01/09/2026", "1/9/26", "2026-09-01", "1er septembre 2026",
 * "septembre 2026", "sept. 2026", "09/2026", "rentrée 2026", "dès que possible", Excel serial numbers
 * (46266) and date cells. Dates are ISO strings (YYYY-MM-DD); `today` is passed in so that parsing is pure.
 */
import { frenchDate } from '../common/paris-time';
import { type CellValue, fail, ok, type Parsed } from './types';

export interface ParsedStart {
  date: string;
  /** "dès que possible" and the like: the date is the import day. */
  asap: boolean;
}

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  fevrie: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};

/** Excel's day zero in the 1900 date system (1899-12-30, because of its 1900 leap-year bug). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serial numbers accepted as dates: 1954-10-03 … 2119-01-08. Anything else is not a start date. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 80_000;

export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

export function excelSerialToIso(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

function fullYear(written: string): number {
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

export function parseStartDate(cell: CellValue, today: string): Parsed<ParsedStart> {
  if (cell === null || cell === '') return fail('Date de début manquante.');
  if (typeof cell === 'boolean') return fail('Date de début illisible.');
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime()) || cell.getUTCFullYear() < 1950) return fail('Date de début illisible.');
    // exceljs gives date cells as UTC midnight of the day written in the sheet.
    return ok({ date: cell.toISOString().slice(0, 10), asap: false });
  }
  if (typeof cell === 'number') return fromSerial(cell, String(cell));
  return parseDateText(cell, today);
}

function fromSerial(serial: number, written: string): Parsed<ParsedStart> {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) {
    return fail(`Date de début illisible : « ${written} » (exemple : « 01/09/2026 »).`);
  }
  return ok({ date: excelSerialToIso(serial), asap: false });
}

function parseDateText(raw: string, today: string): Parsed<ParsedStart> {
  const written = raw.trim();
  const text = written
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const invalid = () =>
    fail<ParsedStart>(`Date de début illisible : « ${written} » (exemple : « 01/09/2026 »).`);
  const checked = (date: string | null, warnings: string[] = []) =>
    date
      ? ok({ date, asap: false }, warnings)
      : fail<ParsedStart>(`« ${written} » n'est pas une date du calendrier.`);

  if (
    /^(?:des que possible|des maintenant|asap|a\.?s\.?a\.?p\.?|immediat(?:e|ement)?|au plus tot|tout de suite|maintenant|urgent|de suite|d(?:e|è)s (?:a present|aujourd hui))$/.test(
      text,
    )
  ) {
    return ok({ date: today, asap: true }, [
      `« ${written} » : la date du jour (${frenchDate(today)}) est retenue.`,
    ]);
  }
  if (/^\d{5}(?:[.,]0+)?$/.test(text)) return fromSerial(Number(text.replace(',', '.')), written);

  const dated = text.replace(/^(?:a partir du|a partir de|a compter du|des le|des|le)\s+(?=\d)/, '');
  let m = dated.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.z+-]*)?$/);
  if (m) return checked(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));

  m = dated.match(/^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})(?: [\d:]+)?$/);
  if (m) return checked(isoDate(fullYear(m[3]), Number(m[2]), Number(m[1])));

  m = dated.match(/^(\d{1,2})[/.-](\d{4})$/);
  if (m) return checked(isoDate(Number(m[2]), Number(m[1]), 1));

  const words = text
    .replace(/[.,-]/g, ' ')
    .replace(/\b(?:a partir du|a partir de|a compter du|des le|des|le|au|debut|courant|en|de|d)\b/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);

  if (words[0] === 'rentree') {
    const year = words[1] ? fullYear(words[1]) : nextOccurrenceYear(today, 9);
    if (words.length > 2 || (words[1] && !/^\d{2}(?:\d{2})?$/.test(words[1]))) return invalid();
    return checked(isoDate(year, 9, 1), [`« ${written} » compris comme le 1er septembre ${year}.`]);
  }

  let warning: string | null = null;
  if (words[0] === 'mi' || words[0] === 'fin') {
    warning = `« ${written} » : le 1er du mois est retenu, précisez la date si besoin.`;
    words.shift();
  }
  const day = words[0] && /^(\d{1,2})(?:er)?$/.exec(words[0]);
  if (day) words.shift();
  const month = words[0] ? MONTHS[words[0]] : undefined;
  if (month === undefined || words.length > 2) return invalid();
  const warnings = warning ? [warning] : [];
  let year: number;
  if (words[1] === undefined) {
    year = nextOccurrenceYear(today, month);
    warnings.push(`Année non précisée : ${year} retenue.`);
  } else if (/^\d{2}(?:\d{2})?$/.test(words[1])) year = fullYear(words[1]);
  else return invalid();
  return checked(isoDate(year, month, day ? Number(day[1]) : 1), warnings);
}

/** The year of the next time `month` starts, counting the current month. */
function nextOccurrenceYear(today: string, month: number): number {
  const [year, currentMonth] = today.split('-').map(Number);
  return month >= currentMonth ? year : year + 1;
}
