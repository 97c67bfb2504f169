/** One-off: the transactions of commitDrafts on the bench's file (count, longest, total). */
import { sql } from 'drizzle-orm';
import { openDb } from '../../../db/client';
import { commitDrafts } from '../../../server/facilitation/import-commit';
import { analyzeFile, defaultLookups } from '../../../server/imports';
import { buildBenchWorkbook } from './generate';
import { timeTransactions } from './transactions';

const lookups = await defaultLookups();
lookups.resolveCommune('90000 Belfort');
const file = await buildBenchWorkbook(5000);
const analysis = await analyzeFile(file, { today: new Date().toISOString().slice(0, 10), lookups });
if (!analysis.ok) throw new Error(analysis.message);
for (let run = 0; run < 3; run++) {
  const handle = await openDb({});
  await handle.migrate();
  if (process.env.GIN)
    await handle.db.execute(sql.raw(`alter index needs_fulltext_idx set (${process.env.GIN})`));
  if (process.env.SETS) for (const s of process.env.SETS.split(';')) await handle.db.execute(sql.raw(s));
  const { durations } = timeTransactions(handle.db);
  const started = performance.now();
  await commitDrafts(handle.db, analysis.drafts, {});
  const total = performance.now() - started;
  const sorted = [...durations].sort((a, b) => b - a);
  if (run === 2) console.log(durations.map((d) => d.toFixed(0)).join(' '));
  console.log(
    `run ${run}: total ${total.toFixed(0)} ms, ${durations.length} tx, longest ${sorted
      .slice(0, 4)
      .map((d) => d.toFixed(0))
      .join(', ')}, sum ${durations.reduce((a, b) => a + b, 0).toFixed(0)}`,
  );
  await handle.close();
}
