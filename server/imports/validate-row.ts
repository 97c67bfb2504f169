/**
 * One spreadsheet row → a need draft, or the French errors that stop it. Warnings say what was guessed
 * (an ETP read as hours, a ROME code suggested from a free-text title, a commune among several).
 * Pure: the lookups and today's date are passed in.
 */
import { elide } from '../common/french';
import { SLOTS, type Slot } from '../matching/types';
import { slotsNeededFor } from './capacity';
import type { ImportLookups } from './lookups';
import { parseStartDate } from './parse-date';
import { parseDays } from './parse-days';
import { FULL_TIME_HOURS, parseHours } from './parse-hours';
import { cellText, findRomeCode, parseHalfDayCount, parsePostalCode, parseTravelKm } from './parse-misc';
import { parseSiret } from './parse-siret';
import type { CellValue, Field, NeedDraft, Parsed, RowIssue } from './types';

/** When the file gives no distance: how far the person may travel between sites (km). */
export const DEFAULT_MAX_TRAVEL_KM = 30;
export const MAX_TRAVEL_KM = 500;
const WEEKDAY_SLOTS: Slot[] = SLOTS.filter((s) => !s.startsWith('sat'));
const MAX_SUGGESTIONS = 3;

export interface RowInput {
  /** The spreadsheet's own row number (1-based, header and title rows counted). */
  row: number;
  cells: CellValue[];
  /** Field → 0-based column. */
  columns: Partial<Record<Field, number>>;
}

export interface RowContext {
  today: string;
  lookups: ImportLookups;
}

export interface RowResult {
  row: number;
  draft: NeedDraft | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

export function validateRow(input: RowInput, context: RowContext): RowResult {
  const { row } = input;
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const cell = (field: Field): CellValue => {
    const column = input.columns[field];
    return column === undefined ? null : (input.cells[column] ?? null);
  };
  const take = <T>(field: string, parsed: Parsed<T>): T | undefined => {
    if (!parsed.ok) {
      errors.push({ row, field, message: parsed.message });
      return undefined;
    }
    for (const message of parsed.warnings) warnings.push({ row, field, message });
    return parsed.value;
  };

  const name = cellText(cell('structureName'));
  if (!name) errors.push({ row, field: 'structureName', message: 'Nom de la structure manquant.' });
  const siret = take('siret', parseSiret(cell('siret')));
  if (siret === null && name) {
    warnings.push({
      row,
      field: 'siret',
      message:
        'Sans SIRET, la structure est reconnue par son nom et sa commune : vérifiez la structure retenue.',
    });
  }

  const place = resolvePlace(cell('postalCode'), cell('commune'), context.lookups, row, errors, warnings);
  const role = resolveRole(cell('romeCode'), cell('role'), context.lookups, row, errors, warnings);

  const hours = take('hours', parseHours(cell('hours')));
  if (hours !== undefined && hours >= FULL_TIME_HOURS * 100) {
    errors.push({
      row,
      field: 'hours',
      message: `${FULL_TIME_HOURS} h ou plus : c'est un temps plein, pas un besoin à temps partiel à partager.`,
    });
  }

  const days = take('days', parseDays(cell('days')));
  const halfDayCount = take('halfDays', parseHalfDayCount(cell('halfDays')));
  let allowedSlots: Slot[] = days?.slots ?? [];
  if (days && allowedSlots.length === 0) {
    allowedSlots = WEEKDAY_SLOTS;
    warnings.push({
      row,
      field: 'days',
      message: 'Aucun jour indiqué : toutes les demi-journées du lundi au vendredi sont possibles.',
    });
  }
  let slotsNeeded = 0;
  if (hours !== undefined && hours < FULL_TIME_HOURS * 100 && days) {
    const written = halfDayCount ?? days.halfDays;
    const fit = slotsNeededFor(hours, allowedSlots, written === undefined ? null : written);
    if (fit.ok) slotsNeeded = fit.slotsNeeded;
    else errors.push({ row, field: 'days', message: fit.message });
  }

  let start: string | null = null;
  let startAsap = false;
  if (cell('start') === null) {
    start = context.today;
    startAsap = true;
    warnings.push({
      row,
      field: 'start',
      message: 'Date de début non renseignée : dès que possible (date du jour).',
    });
  } else {
    const parsed = take('start', parseStartDate(cell('start'), context.today));
    if (parsed) {
      ({ date: start, asap: startAsap } = parsed);
      if (start < context.today && !startAsap)
        warnings.push({ row, field: 'start', message: 'La date de début est déjà passée.' });
    }
  }

  const travel = take('travel', parseTravelKm(cell('travel')));
  if (travel !== undefined && travel !== null && travel > MAX_TRAVEL_KM) {
    errors.push({ row, field: 'travel', message: `Distance de ${travel} km : ${MAX_TRAVEL_KM} km au plus.` });
  }

  if (errors.length > 0 || !place || !role || hours === undefined || start === null) {
    return { row, draft: null, errors, warnings };
  }
  const description = cellText(cell('description'));
  return {
    row,
    draft: {
      row,
      structure: { name, siret: siret ?? null, communeCode: place.code },
      role: role.role,
      roleSuggestions: role.suggestions,
      title: role.title,
      description: description || null,
      hoursHundredths: hours,
      slotsNeeded,
      allowedSlots,
      start,
      startAsap,
      communeCode: place.code,
      communeName: place.name,
      departement: place.departement,
      lat: place.lat,
      lon: place.lon,
      approximateLocation: place.approximate,
      maxTravelKm: travel ?? DEFAULT_MAX_TRAVEL_KM,
    },
    errors,
    warnings,
  };
}

function resolvePlace(
  postalCell: CellValue,
  communeCell: CellValue,
  lookups: ImportLookups,
  row: number,
  errors: RowIssue[],
  warnings: RowIssue[],
) {
  const postal = parsePostalCode(postalCell);
  if (!postal.ok) {
    errors.push({ row, field: 'postalCode', message: postal.message });
    return null;
  }
  const communeText = cellText(communeCell);
  const query = [postal.value ?? '', communeText].join(' ').trim();
  if (!query) {
    errors.push({ row, field: 'commune', message: 'Commune ou code postal manquant.' });
    return null;
  }
  const found = lookups.resolveCommune(query);
  if (!found) {
    errors.push({
      row,
      field: communeText ? 'commune' : 'postalCode',
      message: `Commune inconnue : « ${query} ».`,
    });
    return null;
  }
  if (found.ambiguous) {
    const others = found.candidates
      .slice(1, 4)
      .map((c) => c.name)
      .join(', ');
    warnings.push({
      row,
      field: 'commune',
      message: `« ${query} » peut désigner plusieurs communes : ${found.commune.name} retenue${others ? ` (autres : ${others})` : ''}.`,
    });
  }
  if (found.commune.approximate) {
    warnings.push({
      row,
      field: 'commune',
      message: `Position ${elide('de', found.commune.name)} approximative.`,
    });
  }
  return found.commune;
}

function resolveRole(
  romeCell: CellValue,
  roleCell: CellValue,
  lookups: ImportLookups,
  row: number,
  errors: RowIssue[],
  warnings: RowIssue[],
) {
  const romeText = cellText(romeCell);
  const roleText = cellText(roleCell);
  const code = findRomeCode(romeText) ?? findRomeCode(roleText);
  if (romeText && !findRomeCode(romeText)) {
    errors.push({
      row,
      field: 'romeCode',
      message: `Code ROME illisible : « ${romeText} » (exemple : « M1203 »).`,
    });
    return null;
  }
  if (code) {
    const role = lookups.getRole(code);
    if (!role) {
      errors.push({
        row,
        field: romeText ? 'romeCode' : 'role',
        message: `Code ROME inconnu : « ${code} ».`,
      });
      return null;
    }
    const title = roleText
      .replace(new RegExp(`\\s*[-–:(]?\\s*\\b${code}\\b\\s*[-–:)]?\\s*`, 'i'), ' ')
      .trim();
    return { role, suggestions: [], title: title || role.label };
  }
  if (!roleText) {
    errors.push({ row, field: 'role', message: 'Poste recherché manquant.' });
    return null;
  }
  const suggestions = lookups.suggestRoles(roleText).slice(0, MAX_SUGGESTIONS);
  if (suggestions.length === 0) {
    errors.push({
      row,
      field: 'role',
      message: `Métier non reconnu : « ${roleText} » ; précisez l'intitulé ou ajoutez le code ROME.`,
    });
    return null;
  }
  const [best] = suggestions;
  warnings.push({
    row,
    field: 'role',
    message: `Code ROME déduit de « ${roleText} » : ${best.code} ${best.label} (à vérifier).`,
  });
  return { role: { code: best.code, label: best.label }, suggestions, title: roleText };
}
