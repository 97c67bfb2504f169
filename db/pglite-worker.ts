/**
 * The thread that owns the embedded PGlite (started by db/pglite-remote.ts). PGlite runs PostgreSQL in
 * WebAssembly on the thread that calls it: here, its opening and the check of the migrations overlap the
 * web thread loading and building the app, and every query's execution and parsing runs beside the web
 * thread's routing and rendering instead of between them (docs/speed.md, "Start-up").
 *
 * Requests are answered in the order PGlite runs them: its own mutex orders queries and transactions as
 * it did on the web thread. A transaction stays open here between the web thread's `begin` and `end`;
 * meanwhile queries from outside it wait, as they would in the same process. Notifications (the read
 * cache's) are posted as PGlite hands them over, before the reply of the query that caused them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { exposedGc } from './idle-gc';
import { migrationsMarker, openPglite, saveSnapshot } from './pglite-open';
import { errorData, type Reply, type Request, type WorkerStart } from './pglite-protocol';

const port = parentPort;
if (!port) throw new Error('db/pglite-worker.ts runs as a worker thread');
const post = (reply: Reply) => port.postMessage(reply);

const identity = (value: unknown) => value;
const ROLLED_BACK = Symbol('rolled back');

interface OpenTransaction {
  tx: Transaction;
  end(commit: boolean): void;
  done: Promise<unknown>;
}
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

function beginTransaction(client: PGlite, id: number) {
  const number = nextTransaction++;
  let end: (commit: boolean) => void = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    end = (commit) => (commit ? resolve() : reject(ROLLED_BACK));
  });
  const done = client.transaction(async (tx) => {
    transactions.set(number, { tx, end, done });
    post({ id, value: number });
    await ended;
  });
  // A failed BEGIN (or COMMIT, awaited by `end`) is answered there.
  done.catch((error) => {
    if (!transactions.has(number)) post({ id, error: errorData(error) });
  });
}

async function endTransaction(number: number, commit: boolean) {
  const open = transactions.get(number);
  if (!open) throw new Error(`transaction ${number} is not open`);
  open.end(commit);
  try {
    await open.done;
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  } finally {
    transactions.delete(number);
  }
}

async function handle(client: PGlite, request: Request): Promise<unknown> {
  const runner = (tx?: number) => {
    if (tx === undefined) return client;
    const open = transactions.get(tx);
    if (!open) throw new Error(`transaction ${tx} is not open`);
    return open.tx;
  };
  switch (request.op) {
    case 'query': {
      const parsers = Object.fromEntries(request.textTypes.map((type) => [type, identity]));
      return runner(request.tx).query(request.sql, request.params, { rowMode: request.rowMode, parsers });
    }
    case 'exec':
      return runner(request.tx).exec(request.sql);
    case 'end':
      return endTransaction(request.tx, request.commit);
    case 'listen':
      await client.listen(request.channel, (payload) =>
        post({ op: 'notify', channel: request.channel, payload }),
      );
      return null;
    case 'dump':
      return client.dumpDataDir('none');
    case 'migrate':
      return migrateOnce(client);
    case 'gc':
      exposedGc()?.();
      return null;
    case 'close':
      return client.close();
    default:
      throw new Error(`unknown request ${(request as { op: string }).op}`);
  }
}

const { dir, extra, migrate } = workerData as WorkerStart;
const opening = openPglite(dir, extra);
// A directory whose marker names the current migrations has them all (pglite-open.ts); otherwise
// drizzle's migrator is loaded while PGlite opens.
const marker = dir ? migrationsMarker(dir) : null;
const migrator = marker?.current ? null : import('./pglite-migrate');
migrator?.catch(() => {}); // awaited by migrateOnce

/**
 * Applies the migrations (once per thread), then, on the first start of a new data directory, leaves the
 * migrated snapshot that the next new directory starts from (pglite-open.ts).
 */
let migrated: Promise<void> | null = null;
function migrateOnce(client: PGlite): Promise<void> {
  migrated ??= (async () => {
    if (!migrator) return;
    const { migratePglite } = await migrator;
    await migratePglite(client);
    marker?.write();
    if (opening.snapshotToSave) await saveSnapshot(client, opening.snapshotToSave).catch(() => {});
  })();
  return migrated;
}

try {
  const client = await opening.ready;
  if (migrate) await migrateOnce(client);
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    if (request.op === 'begin') return beginTransaction(client, id);
    handle(client, request).then(
      (value) => post({ id, value }),
      (error) => post({ id, error: errorData(error) }),
    );
  });
  post({ op: 'ready' });
} catch (error) {
  post({ op: 'failed', error: errorData(error) });
}
