/** One section of docs/benchmarks.md, produced by one benchmark suite. */
export interface BenchSection {
  /** Stable key, also the CLI filter: `npm run bench -- matching`. */
  key: string;
  title: string;
  /** Markdown body: tables of figures, each beside its baseline measured in the same run. */
  markdown: string;
}

export type BenchSuite = () => Promise<BenchSection>;

/** Median of a non-empty list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
