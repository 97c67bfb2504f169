/**
 * Finds the header row (possibly below title rows, possibly on two rows under merged group titles) and
 * maps each column to a field with a confidence. The page shows the mapping and lets the person change
 * it; `applyMappingOverride` takes their choice.
 */
import { HEADER_SYNONYMS } from './header-synonyms';
import { cellText } from './parse-misc';
import type { Sheet } from './read';
import { normalizeText } from './text';
import { type CellValue, FIELDS, type Field } from './types';

export interface ColumnMapping {
  /** 0-based column index. */
  column: number;
  /** "A", "B" … "AA", as the spreadsheet shows it. */
  letter: string;
  header: string;
  field: Field | null;
  /** 0 … 1: 1 for an exact synonym, less for a keyword, 1 for a column the person mapped. */
  confidence: number;
}

/** A person's choice: column index → field, or null to ignore the column. */
export type MappingOverride = Record<number, Field | null>;

export const MIN_CONFIDENCE = 0.5;
/** Rows searched for the header: title blocks above a table rarely exceed a few lines. */
const HEADER_SEARCH_ROWS = 30;

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The likeliest field of one header text, with its confidence (field null when nothing matches). */
export function classifyHeader(header: string): { field: Field | null; confidence: number } {
  const text = normalizeText(header);
  if (!text) return { field: null, confidence: 0 };
  let best: { field: Field | null; confidence: number } = { field: null, confidence: 0 };
  for (const field of FIELDS) {
    const synonyms = HEADER_SYNONYMS[field];
    const confidence = synonyms.exact.includes(text)
      ? 1
      : synonyms.keywords.test(text)
        ? synonyms.keywordConfidence
        : 0;
    if (confidence > best.confidence) best = { field, confidence };
  }
  return best;
}

function rowScore(row: CellValue[]): number {
  const fields = new Set<Field>();
  for (const cell of row) {
    if (typeof cell !== 'string') continue;
    const { field, confidence } = classifyHeader(cell);
    if (field && confidence >= 0.6) fields.add(field);
  }
  return fields.size;
}

/** Index (0-based) of the header row: the first row naming two fields or more, or null. */
export function findHeaderRow(rows: CellValue[][]): number | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const score = rowScore(rows[r]);
    if (score < 2) continue;
    // Group titles merged above the real headers ("Structure" over "Nom" and "SIRET") name fewer fields.
    if (r + 1 < rows.length && rowScore(rows[r + 1]) > score) return r + 1;
    return r;
  }
  return null;
}

export interface HeaderText {
  /** The column's own title, prefixed by the merged group title above it when there is one. */
  text: string;
  /** The column's own title alone. */
  own: string;
}

export function headerTexts(sheet: Pick<Sheet, 'rows' | 'merged'>, headerRow: number): HeaderText[] {
  const row = sheet.rows[headerRow] ?? [];
  const above = headerRow > 0 ? sheet.rows[headerRow - 1] : undefined;
  return row.map((cell, c) => {
    const own = cellText(cell);
    const group = above && sheet.merged.has(`${headerRow - 1}:${c}`) ? cellText(above[c] ?? null) : '';
    if (!group || group === own) return { text: own, own };
    return { text: own ? `${group} ${own}` : group, own };
  });
}

/**
 * One field per column: each column takes its best field; when two columns claim the same field, the
 * more confident one keeps it (the first one on a tie) and the other is left unmapped.
 */
export function detectMapping(headers: (string | HeaderText)[]): ColumnMapping[] {
  const mapping = headers.map((entry, column) => {
    const { text, own } = typeof entry === 'string' ? { text: entry, own: entry } : entry;
    // Under a merged group title, "Nom" alone says less than "Structure Nom", and "Besoin Poste
    // recherché" less than "Poste recherché": the more confident reading wins.
    let { field, confidence } = classifyHeader(own);
    if (text !== own) {
      const grouped = classifyHeader(text);
      if (grouped.confidence > confidence) ({ field, confidence } = grouped);
    }
    if (confidence < MIN_CONFIDENCE) field = null;
    return { column, letter: columnLetter(column), header: text, field, confidence: field ? confidence : 0 };
  });
  const owner = new Map<Field, ColumnMapping>();
  for (const entry of mapping) {
    if (!entry.field || entry.field === 'contact') continue;
    const current = owner.get(entry.field);
    if (!current || entry.confidence > current.confidence) {
      if (current) {
        current.field = null;
        current.confidence = 0;
      }
      owner.set(entry.field, entry);
    } else {
      entry.field = null;
      entry.confidence = 0;
    }
  }
  return mapping;
}

export function applyMappingOverride(mapping: ColumnMapping[], override: MappingOverride): ColumnMapping[] {
  const result = mapping.map((entry) => ({ ...entry }));
  for (const [key, field] of Object.entries(override)) {
    const column = Number(key);
    const entry = result.find((e) => e.column === column);
    if (!entry) continue;
    // A field the person gives to one column leaves every other column.
    if (field && field !== 'contact') {
      for (const other of result)
        if (other.field === field && other.column !== column)
          Object.assign(other, { field: null, confidence: 0 });
    }
    entry.field = field;
    entry.confidence = field ? 1 : 0;
  }
  return result;
}
