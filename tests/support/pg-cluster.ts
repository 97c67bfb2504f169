/**
 * A PostgreSQL 15 cluster of the test's own (Debian's binaries in /usr/lib/postgresql/15/bin), on a free
 * loopback port, that the test may stop and start again: the honest way to check what the app does when
 * its database server restarts. As root, the server commands run as the `postgres` user (initdb refuses
 * root), as .ci/run does. Durability is off: a throwaway cluster.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../server/search/free-port';

const run = promisify(execFile);
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export const postgresInstalled = () => existsSync(path.join(PG_BIN, 'postgres'));

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** Stops the server (fast shutdown: open connections are cut). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

async function asPostgres(command: string, args: string[]) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return run(file, argv, { timeout: 90_000 });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const port = await freeLoopbackPort();
  const pgCtl = path.join(PG_BIN, 'pg_ctl');
  const options = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await asPostgres(path.join(PG_BIN, 'initdb'), [
    '-D',
    dir,
    '--auth=trust',
    '-U',
    'postgres',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  const startServer = async () => {
    await asPostgres(pgCtl, [
      '-D',
      dir,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
  };
  const stopServer = async () => {
    await asPostgres(pgCtl, ['-D', dir, '-m', 'fast', '-w', 'stop']);
  };
  try {
    await startServer();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stopServer,
    startServer,
    async destroy() {
      if (existsSync(path.join(dir, 'postmaster.pid')))
        await asPostgres(pgCtl, ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
