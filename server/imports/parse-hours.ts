/**
 * Weekly hours as people write them, in integer hundredths of an hour (the matcher's unit):
 * "14", "14h", "14 h 30", "14h30", "14:30", "14,5", "0,4 ETP", "40 %", "mi-temps", "2 jours".
 * One ETP (équivalent temps plein) is 35 h. A bare number up to 1 is read as an ETP fraction (a cell
 * formatted as a percentage holds 0.4 for "40 %"; nobody needs 0.4 h a week).
 */
import { type CellValue, fail, ok, type Parsed } from './types';

export const FULL_TIME_HOURS = 35;
const HOURS_PER_DAY = 7;

const NUMBER = '(\\d+(?:[.,]\\d+)?)';

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

function formatDecimal(value: number): string {
  return String(Math.round(value * 100) / 100).replace('.', ',');
}

function hundredths(hours: number, warnings: string[] = []): Parsed<number> {
  const value = Math.round(hours * 100);
  if (!(value > 0)) return fail('Le volume horaire doit être supérieur à 0.');
  return ok(value, warnings);
}

/** Hours of a fraction of full time (0.4 → 14 h), refusing fractions above 1. */
function fromFraction(fraction: number, written: string): Parsed<number> {
  if (fraction > 1) return fail(`« ${written} » dépasse un temps plein (1 ETP = 35 h).`);
  return hundredths(fraction * FULL_TIME_HOURS);
}

const SUFFIXES =
  /\s*(?:(?:par|\/|a la|la)\s*)?(?:semaine|sem|hebdomadaires?|hebdo|hebdomadaire)\.?$|\s*\/\s*s$|\s*par\s*sem\.?$/;

export function parseHours(cell: CellValue): Parsed<number> {
  if (cell === null || cell === '') return fail('Volume horaire manquant.');
  if (typeof cell === 'boolean') return fail('Volume horaire illisible.');
  if (cell instanceof Date) {
    // A cell formatted as a time ("14:30") arrives as a date on Excel's day zero.
    if (cell.getUTCFullYear() > 1900) return fail('Une date a été saisie à la place du volume horaire.');
    return hundredths(cell.getUTCHours() + cell.getUTCMinutes() / 60);
  }
  if (typeof cell === 'number') {
    if (cell <= 0) return fail('Le volume horaire doit être supérieur à 0.');
    if (cell <= 1) {
      const hours = cell * FULL_TIME_HOURS;
      return hundredths(hours, [
        `${formatDecimal(cell)} compris comme ${formatDecimal(cell)} ETP, soit ${formatHours(Math.round(hours * 100))}.`,
      ]);
    }
    return hundredths(cell);
  }
  return parseHoursText(cell);
}

function parseHoursText(raw: string): Parsed<number> {
  const written = raw.trim();
  let text = written
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  text = text.replace(/^(?:environ|env\.?|~|max\.?|maximum|minimum|min\.?)\s*/, '');
  text = text.replace(SUFFIXES, '').trim();
  if (text === '') return fail('Volume horaire manquant.');

  if (/^(?:mi[ -]?temps|demi[ -]?temps|1\/2 temps)$/.test(text)) return hundredths(FULL_TIME_HOURS / 2);
  if (/^(?:temps plein|plein temps|temps complet)$/.test(text)) return hundredths(FULL_TIME_HOURS);

  let m = text.match(/^(\d+)\s*\/\s*(\d+)\s*(?:temps|etp)$/);
  if (m) return fromFraction(Number(m[1]) / Number(m[2]), written);

  m = text.match(new RegExp(`^${NUMBER}\\s*(?:etp|e\\.t\\.p\\.?)$`));
  if (m) return fromFraction(toNumber(m[1]), written);

  m = text.match(new RegExp(`^${NUMBER}\\s*%(?:\\s*(?:d ?un |du )?(?:etp|temps plein))?$`));
  if (m) return fromFraction(toNumber(m[1]) / 100, written);

  m =
    text.match(/^(\d{1,3})\s*(?:h|heures?|hrs?)\s*(\d{1,2})\s*(?:min|mn|m)?$/) ??
    text.match(/^(\d{1,3}):(\d{2})$/);
  if (m) {
    const minutes = Number(m[2]);
    if (minutes >= 60) return fail(`« ${written} » : les minutes doivent être inférieures à 60.`);
    return hundredths(Number(m[1]) + minutes / 60);
  }

  m = text.match(new RegExp(`^${NUMBER}\\s*(?:h|heures?|hrs?)?$`));
  if (m) {
    const value = toNumber(m[1]);
    if (value > 0 && value <= 1 && !/[a-z]/.test(text)) {
      return hundredths(value * FULL_TIME_HOURS, [
        `${formatDecimal(value)} compris comme ${formatDecimal(value)} ETP, soit ${formatHours(Math.round(value * FULL_TIME_HOURS * 100))}.`,
      ]);
    }
    return hundredths(value);
  }

  m = text.match(new RegExp(`^${NUMBER}\\s*(?:demi[ -]?journees?|1/2 journees?)$`));
  if (m) {
    const hours = toNumber(m[1]) * (HOURS_PER_DAY / 2);
    return hundredths(hours, [
      `« ${written} » compris comme ${formatHours(Math.round(hours * 100))} (3 h 30 par demi-journée).`,
    ]);
  }
  m = text.match(new RegExp(`^${NUMBER}\\s*(?:jours?|j)$`));
  if (m) {
    const hours = toNumber(m[1]) * HOURS_PER_DAY;
    return hundredths(hours, [
      `« ${written} » compris comme ${formatHours(Math.round(hours * 100))} (7 h par jour).`,
    ]);
  }

  if (new RegExp(`^${NUMBER}\\s*h?\\s*(?:a|-|ou)\\s*${NUMBER}\\s*h?`).test(text)) {
    return fail(`« ${written} » est une fourchette : indiquez un seul volume horaire.`);
  }
  return fail(`Volume horaire illisible : « ${written} » (exemples : « 14 h », « 14 h 30 », « 0,4 ETP »).`);
}

/** "14 h", "14 h 30", or "14,33 h" when the hundredths are not a whole number of minutes. */
export function formatHours(hundredthsOfHour: number): string {
  const wholeHours = Math.floor(hundredthsOfHour / 100);
  const rest = hundredthsOfHour % 100;
  if (rest === 0) return `${wholeHours} h`;
  if ((rest * 60) % 100 === 0) return `${wholeHours} h ${String((rest * 60) / 100).padStart(2, '0')}`;
  return `${formatDecimal(hundredthsOfHour / 100)} h`;
}
