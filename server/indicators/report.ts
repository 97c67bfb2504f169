/**
 * The indicators as people read them: French names, units and formats, the period's figures, one
 * chart per indicator, the month-by-month table, and the CSV export (server/common/csv.ts: `;`, UTF-8
 * BOM; French headers, decimal commas, one row per month and indicator, then the period's totals).
 */
import { toCsv } from '../common/csv';
import { formatHours } from '../common/labels';
import { frenchMonth, numericDate } from '../common/paris-time';
import { barChart, type Chart } from './chart';
import { type Counted, conversionRate, etp, type Indicators, type Period } from './service';

type Key = Counted | 'composedEtp' | 'conversion';

interface Definition {
  key: Key;
  label: string;
  /** Column header of the month-by-month table (the full label is in the figures above it). */
  short: string;
  unit: string;
  /** The value of one month (or of the period) from the counted figures; null when undefined. */
  value: (values: Record<Counted, number>) => number | null;
  /** As shown in the page. */
  format: (value: number | null) => string;
  /** As written in the CSV (decimal comma, no unit). */
  csv: (value: number | null) => string;
  chart: boolean;
}

const decimal = (value: number, digits: number) =>
  value.toLocaleString('fr-FR', { maximumFractionDigits: digits, useGrouping: false });
const count = (value: number | null) => (value === null ? '–' : value.toLocaleString('fr-FR'));
const hours = (value: number | null) => (value === null ? '–' : formatHours(value / 100));
const counted = (key: Counted, label: string, short: string, chart = true): Definition => ({
  key,
  label,
  short,
  unit: 'nombre',
  value: (v) => v[key],
  format: count,
  csv: (value) => String(value ?? ''),
  chart,
});

export const DEFINITIONS: Definition[] = [
  counted('structures', 'Structures participantes', 'Structures'),
  counted('needsPublished', 'Besoins publiés', 'Besoins publiés'),
  {
    key: 'needsHours',
    label: 'Heures hebdomadaires des besoins publiés',
    short: 'Heures publiées',
    unit: 'heures par semaine',
    value: (v) => v.needsHours,
    format: hours,
    csv: (value) => (value === null ? '' : decimal(value / 100, 2)),
    chart: false,
  },
  counted('compositionsAccepted', 'Compositions acceptées', 'Compositions acceptées', false),
  {
    key: 'composedHours',
    label: 'Heures composées en postes CDI',
    short: 'Heures composées',
    unit: 'heures par semaine',
    value: (v) => v.composedHours,
    format: hours,
    csv: (value) => (value === null ? '' : decimal(value / 100, 2)),
    chart: true,
  },
  {
    key: 'composedEtp',
    label: 'ETP composés (35 h = 1 ETP)',
    short: 'ETP composés',
    unit: 'ETP',
    value: (v) => etp(v.composedHours),
    format: (value) => (value === null ? '–' : `${decimal(value, 2)} ETP`),
    csv: (value) => (value === null ? '' : decimal(value, 2)),
    chart: false,
  },
  counted('postsOpened', 'Postes partagés ouverts', 'Postes ouverts'),
  counted('postsFilled', 'Postes pourvus', 'Postes pourvus'),
  counted('sessionsHeld', 'Rencontres tenues', 'Rencontres tenues'),
  counted('geToCreate', 'GE à créer', 'GE à créer', false),
  {
    key: 'conversion',
    label: 'Conversion des besoins à temps partiel en temps plein (heures composées ÷ heures publiées)',
    short: 'Conversion',
    unit: '%',
    value: (v) => conversionRate(v),
    format: (value) => (value === null ? '–' : `${decimal(value * 100, 1)} %`),
    csv: (value) => (value === null ? '' : decimal(value * 100, 1)),
    chart: false,
  },
];

export interface Report {
  figures: { key: Key; label: string; text: string }[];
  charts: { key: Key; label: string; chart: Chart }[];
  table: { columns: { key: Key; label: string }[]; rows: { month: string; cells: string[] }[] };
}

export function buildReport(indicators: Indicators): Report {
  const figures = DEFINITIONS.map((d) => ({
    key: d.key,
    label: d.label,
    text: d.format(d.value(indicators.totals)),
  }));
  const charts = DEFINITIONS.filter((d) => d.chart).map((d) => ({
    key: d.key,
    label: d.label,
    chart: barChart(
      indicators.months.map((m) => ({ month: m.month, value: d.value(m.values) ?? 0 })),
      (value) => d.format(value),
    ),
  }));
  const table = {
    columns: DEFINITIONS.map((d) => ({ key: d.key, label: d.short })),
    rows: indicators.months.map((m) => ({
      month: frenchMonth(m.month),
      cells: DEFINITIONS.map((d) => d.format(d.value(m.values))),
    })),
  };
  return { figures, charts, table };
}

export function indicatorsCsv(indicators: Indicators, period: Period, territory: string): string {
  const lines = [['Territoire', 'Mois', 'Indicateur', 'Valeur', 'Unité']];
  for (const month of indicators.months) {
    for (const d of DEFINITIONS) {
      lines.push([territory, month.month, d.label, d.csv(d.value(month.values)), d.unit]);
    }
  }
  const whole = `Du ${numericDate(period.from)} au ${numericDate(period.to)}`;
  for (const d of DEFINITIONS)
    lines.push([territory, whole, d.label, d.csv(d.value(indicators.totals)), d.unit]);
  return toCsv(lines);
}
