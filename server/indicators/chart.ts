/**
 * Geometry of the server-rendered bar charts (one bar per month): computed here, drawn by
 * views/indicators/_chart.njk as SVG with classes only (no inline style under the CSP). The numbers
 * themselves are also in the page's table: the chart is a picture of them.
 */

import { frenchMonth } from '../common/paris-time';

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Short month under the bar ("janv. 26"). */
  label: string;
  /** The value as written above the bar. */
  text: string;
}

export interface Chart {
  width: number;
  height: number;
  baseline: number;
  bars: Bar[];
  /** Accessible description: every month and its value, in words. */
  description: string;
}

const MONTHS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];
/** "2026-03" → "mars 26". */
export function shortMonth(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTHS[Number(m) - 1]} ${year.slice(2)}`;
}

const PLOT_HEIGHT = 120;
const TOP = 18;
const BOTTOM = 22;
const SLOT = 52;

export function barChart(
  points: { month: string; value: number }[],
  format: (value: number) => string,
): Chart {
  const max = Math.max(0, ...points.map((p) => p.value));
  const width = Math.max(SLOT, points.length * SLOT);
  const baseline = TOP + PLOT_HEIGHT;
  const bars = points.map((point, index) => {
    const height = max > 0 ? Math.round((point.value / max) * PLOT_HEIGHT) : 0;
    return {
      x: index * SLOT + 6,
      y: baseline - height,
      width: SLOT - 12,
      height,
      label: shortMonth(point.month),
      text: format(point.value),
    };
  });
  const description = points.map((p) => `${frenchMonth(p.month)} : ${format(p.value)}`).join(' ; ');
  return { width, height: baseline + BOTTOM, baseline, bars, description: `${description}.` };
}
