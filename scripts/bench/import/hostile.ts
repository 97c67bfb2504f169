/**
 * The import benchmark's hostile files (issue 11): how long the upload page takes to refuse each, the
 * process's peak RSS meanwhile (the reading worker is a thread of it), and how `/healthz` answers while
 * it is handled; and the alternative the issue named, exceljs' streaming reader with a row cap on the
 * web thread, on the same files.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { manyRowsXlsx, zipBombXlsx } from '../../../tests/imports/fixtures/hostile';
import { median } from '../types';

/** Asks /healthz every 20 ms and samples RSS until stopped. */
export function watchSite(app: FastifyInstance) {
  let running = true;
  const latencies: number[] = [];
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await app.inject({ method: 'GET', url: '/healthz' });
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    clearInterval(sample);
    return {
      healthMedianMs: median(latencies.length ? latencies : [0]),
      healthMaxMs: Math.max(0, ...latencies),
      healthCount: latencies.length,
      rssGrowthMb: (peakRss - rssBefore) / 1024 / 1024,
      peakRssMb: peakRss / 1024 / 1024,
    };
  };
}

export type SiteWatch = Awaited<ReturnType<ReturnType<typeof watchSite>>>;

export const HOSTILE_FILES: { label: string; filename: string; make: () => Buffer }[] = [
  { label: '1.5 million short rows, 1.2 MB XLSX', filename: 'lignes.xlsx', make: () => manyRowsXlsx() },
  {
    label: '1.5 million rows with their references, 8 MB XLSX (exceljs reads it to the end)',
    filename: 'lignes-completes.xlsx',
    make: () => manyRowsXlsx(1_500_000, { references: true }),
  },
  { label: 'zip bomb, 2.6 MB → 2.6 GB, sizes declared', filename: 'bombe.xlsx', make: () => zipBombXlsx() },
  {
    label: 'zip bomb, 2.6 MB → 2.6 GB, sizes understated',
    filename: 'bombe-menteuse.xlsx',
    make: () => zipBombXlsx({ lie: true }),
  },
];

/**
 * exceljs' streaming reader on the web thread, stopping after `cap` rows: the other way the issue
 * offered. Resolves with the rows read, or the error's message.
 */
export async function streamingRead(bytes: Buffer, cap: number): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let rows = 0;
  try {
    for await (const sheet of reader) {
      for await (const _row of sheet as AsyncIterable<unknown>) {
        if (++rows > cap) return `stopped at row ${rows}`;
      }
    }
    return `${rows} rows read`;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}
