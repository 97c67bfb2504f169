/**
 * Reading a started server's processes from /proc: the process tree under the launched command, and the
 * resident memory (VmRSS) of the server's node process and of its Meilisearch child.
 */
import { readdirSync, readFileSync } from 'node:fs';

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we read
    }
  }
  return byParent;
}

function descendants(pid: number): number[] {
  const tree = children();
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of tree.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function status(pid: number): { name: string; rssKb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const name = /^Name:\s+(.*)$/m.exec(text)?.[1] ?? '';
    const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(text)?.[1] ?? 0);
    return { name, rssKb };
  } catch {
    return null;
  }
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** RSS of the node process running server/main.ts (tsx runs it in a child) and of meilisearch. */
export function memory(
  root: number,
  script: string,
): { serverRssMb: number | null; meiliRssMb: number | null } {
  const pids = [root, ...descendants(root)];
  let server: number | null = null;
  let meili: number | null = null;
  for (const pid of pids) {
    const s = status(pid);
    if (!s) continue;
    if (s.name === 'meilisearch') meili = s.rssKb;
    // The innermost node process whose command line names the script is the server itself.
    else if (s.name.startsWith('node') && cmdline(pid).includes(script)) server = s.rssKb;
  }
  return {
    serverRssMb: server === null ? null : server / 1024,
    meiliRssMb: meili === null ? null : meili / 1024,
  };
}
