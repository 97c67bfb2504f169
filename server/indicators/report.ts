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
  /** One sentence under its figure and chart: what is counted, and by which date. */
  definition: string;
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
const counted = (
  key: Counted,
  label: string,
  short: string,
  definition: string,
  chart = true,
): Definition => ({
  key,
  label,
  short,
  definition,
  unit: 'nombre',
  value: (v) => v[key],
  format: count,
  csv: (value) => String(value ?? ''),
  chart,
});

export const DEFINITIONS: Definition[] = [
  counted(
    'structures',
    'Structures participantes',
    'Structures',
    'Structures du territoire qui ont publié un besoin ou une offre, ou ont été invitées à une rencontre (non annulée) ayant lieu dans le mois ; chacune compte une fois.',
  ),
  counted(
    'needsPublished',
    'Besoins publiés',
    'Besoins publiés',
    'Besoins à temps partiel du territoire publiés dans le mois (même retirés depuis).',
  ),
  {
    key: 'needsHours',
    label: 'Heures hebdomadaires des besoins publiés',
    short: 'Heures publiées',
    definition: 'Total des heures hebdomadaires des besoins publiés dans le mois.',
    unit: 'heures par semaine',
    value: (v) => v.needsHours,
    format: hours,
    csv: (value) => (value === null ? '' : decimal(value / 100, 2)),
    chart: false,
  },
  counted(
    'compositionsAccepted',
    'Compositions acceptées',
    'Compositions acceptées',
    'Compositions à temps plein acceptées par toutes leurs structures dans le mois (date d’acceptation).',
    false,
  ),
  {
    key: 'composedHours',
    label: 'Heures composées en postes CDI',
    short: 'Heures composées',
    definition:
      'Heures hebdomadaires des besoins du territoire réunis dans les compositions acceptées dans le mois.',
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
    definition: 'Heures composées divisées par 35 : le nombre de temps pleins créés.',
    unit: 'ETP',
    value: (v) => etp(v.composedHours),
    format: (value) => (value === null ? '–' : `${decimal(value, 2)} ETP`),
    csv: (value) => (value === null ? '' : decimal(value, 2)),
    chart: false,
  },
  counted(
    'postsOpened',
    'Postes partagés ouverts',
    'Postes ouverts',
    'Postes partagés d’un lieu du territoire ouverts aux candidatures dans le mois.',
  ),
  counted(
    'postsFilled',
    'Postes pourvus',
    'Postes pourvus',
    'Postes partagés du territoire marqués pourvus dans le mois.',
  ),
  counted(
    'sessionsHeld',
    'Rencontres tenues',
    'Rencontres tenues',
    'Rencontres du territoire marquées tenues dans le mois.',
  ),
  counted(
    'geToCreate',
    'GE à créer',
    'GE à créer',
    'Décisions « GE à créer » notées lors des rencontres du territoire dans le mois.',
    false,
  ),
  {
    key: 'conversion',
    label: 'Conversion des besoins à temps partiel en temps plein',
    short: 'Conversion',
    definition:
      'Part des heures des besoins publiés dans le mois qui sont aujourd’hui dans une composition acceptée (entre 0 et 100 %).',
    unit: '%',
    value: (v) => conversionRate(v),
    format: (value) => (value === null ? '–' : `${decimal(value * 100, 1)} %`),
    csv: (value) => (value === null ? '' : decimal(value * 100, 1)),
    chart: false,
  },
];

export interface Report {
  figures: { key: Key; label: string; definition: string; text: string }[];
  charts: { key: Key; label: string; definition: string; chart: Chart }[];
  table: { columns: { key: Key; label: string }[]; rows: { month: string; cells: string[] }[] };
}

export function buildReport(indicators: Indicators): Report {
  const figures = DEFINITIONS.map((d) => ({
    key: d.key,
    label: d.label,
    definition: d.definition,
    text: d.format(d.value(indicators.totals)),
  }));
  const charts = DEFINITIONS.filter((d) => d.chart).map((d) => ({
    key: d.key,
    label: d.label,
    definition: d.definition,
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
