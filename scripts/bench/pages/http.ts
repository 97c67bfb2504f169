/**
 * What the pages benchmark needs around a running server: signing in over HTTP as a demo person (the CSRF
 * token and cookies as a browser keeps them), one autocannon run reduced to its figures, and the server
 * process's resident memory from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type LoadFigures, load } from '../search/load';
import { START_SCRIPT } from '../server';

/** A page's figures under load: autocannon's, as the search benchmark's `load` reduces them. */
export type PageFigures = Omit<LoadFigures, 'requests'>;

/** One autocannon run of GET `paths` (cycled) with the session cookie, reduced to the page figures. */
export async function hammer(
  base: string,
  paths: string[],
  cookie: string,
  options: { seconds: number; connections: number },
): Promise<PageFigures> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const { requests: _count, ...figures } = await load(
    base,
    paths.map((path) => ({ path, headers })),
    options,
  );
  return figures;
}

/** Signs in through the form (CSRF token and its cookie first) and returns the Cookie header to send. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/connexion`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no CSRF token on /connexion');
  const response = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in as ${email} answered ${response.status}`);
  keep(response);
  return header();
}

/**
 * VmRSS (MB) of the server: the largest node process running scripts/start.mjs (or server/main.ts, through
 * tsx's launcher) among `pid` and its descendants (Meilisearch is not a node process).
 */
export function serverRssMb(pid: number): number {
  let largest = 0;
  const visit = (p: number) => {
    try {
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmdline.includes(START_SCRIPT) || cmdline.includes('server/main.ts')) {
        const status = readFileSync(`/proc/${p}/status`, 'utf8');
        largest = Math.max(largest, Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) / 1024);
      }
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const kid of kids ? kids.split(' ') : []) visit(Number(kid));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return largest;
}

/**
 * The server's RSS once it is really at rest: past the matcher worker's idle time (10 s, after which its
 * thread and heap are gone), then read every 5 s until it has not fallen (by 2 MB or more) for 30 s, at
 * most 3 min. A read while the worker was still alive counted its heap and HiGHS's WebAssembly memory as
 * the server's; a read right after traffic counts the garbage that V8 collects only once it sees the
 * process idle (measured: a plateau of 160 MB of heap for 20 s after the warm-up traffic, then 55 MB).
 */
export async function settledRssMb(pid: number, idleMs = 12_000): Promise<number> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(idleMs);
  let low = serverRssMb(pid);
  let lowSince = Date.now();
  for (const deadline = Date.now() + 180_000; Date.now() < deadline && Date.now() - lowSince < 30_000; ) {
    await sleep(5_000);
    const now = serverRssMb(pid);
    if (now <= low - 2) lowSince = Date.now();
    low = Math.min(low, now);
  }
  return serverRssMb(pid);
}
