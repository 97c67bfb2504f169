/** `npm run match -- FILE`: bad input exits 2 naming the field on stderr with nothing on stdout; good input prints the result. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatchCli } from '../../scripts/match';
import type { Instance } from '../../server/matching';
import { makeInstance, makeNeed, north } from './factories';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-match-'));
let files = 0;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** At most two CLI processes at a time: the machine has two cores. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs the CLI as `npm run match` does (tsx), without npm's own start-up. */
function runCli(args: string[]): Promise<Run> {
  return slot(() => spawnCli(args));
}

function spawnCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/match.ts', ...args],
      { cwd: path.resolve(__dirname, '../..'), timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function write(content: string): string {
  const file = path.join(dir, `instance-${++files}.json`);
  writeFileSync(file, content);
  return file;
}

function good(): Instance {
  return makeInstance(
    [
      makeNeed({ org: 'a', hours: 14 }),
      makeNeed({ org: 'b', hours: 21, ...north(3) }),
      makeNeed({ org: 'c', hours: 14 }),
    ],
    { ges: { a: ['g1'], b: ['g1'] } },
  );
}

/** The good instance with one change applied to its JSON. */
function bad(change: (inst: Record<string, unknown> & { needs: Record<string, unknown>[] }) => void): string {
  const inst = JSON.parse(JSON.stringify(good()));
  change(inst);
  return write(JSON.stringify(inst));
}

const cases: [string, () => string, RegExp][] = [
  ['malformed JSON', () => write('{ "needs": [ '), /malformed JSON/],
  ['a missing file', () => path.join(dir, 'nope.json'), /nope\.json: cannot read file/],
  [
    'an unknown slot',
    () => bad((i) => ((i.needs[0].allowedSlots as string[])[1] = 'sun-am')),
    /needs\[0\]\.allowedSlots\[1\]: unknown slot "sun-am"/,
  ],
  ['hours ≤ 0', () => bad((i) => (i.needs[1].hours = 0)), /needs\[1\]\.hours: must be greater than 0/],
  ['negative hours', () => bad((i) => (i.needs[1].hours = -7)), /needs\[1\]\.hours/],
  [
    'slotsNeeded larger than allowedSlots',
    () => bad((i) => (i.needs[0].allowedSlots = ['mon-am'])),
    /needs\[0\]\.slotsNeeded: 4 slots needed but only 1 allowed/,
  ],
  [
    'slotsNeeded not a positive whole number',
    () => bad((i) => (i.needs[2].slotsNeeded = 1.5)),
    /needs\[2\]\.slotsNeeded: must be a whole number/,
  ],
  [
    'slotsNeeded 0',
    () => bad((i) => (i.needs[2].slotsNeeded = 0)),
    /needs\[2\]\.slotsNeeded: must be at least 1/,
  ],
  [
    'a missing organization',
    () => bad((i) => (i.needs[2].organizationId = 'zz')),
    /needs\[2\]\.organizationId: unknown organization "zz"/,
  ],
  ['duplicate need ids', () => bad((i) => (i.needs[2].id = i.needs[0].id)), /needs\[2\]\.id: duplicate id/],
  [
    'a bad date',
    () => bad((i) => (i.needs[1].start = '2027-02-30')),
    /needs\[1\]\.start: invalid date "2027-02-30"/,
  ],
  [
    'minHours above maxHours',
    () => bad((i) => (i.fullTime = { minHours: 36, maxHours: 35 })),
    /fullTime\.minHours: must not exceed maxHours/,
  ],
  ['a missing field', () => bad((i) => delete i.needs[0].role), /needs\[0\]\.role: required/],
];

describe('scripts/match.ts, in process', () => {
  for (const [label, file, message] of cases) {
    it(`exits 2 on ${label}, naming the field`, () => {
      const r = runMatchCli([file()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }
  it('rejects a bad --time-limit-ms', () => {
    const r = runMatchCli([write(JSON.stringify(good())), '--time-limit-ms', 'soon']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/--time-limit-ms/);
  });
});

describe('scripts/match.ts, spawned', () => {
  // The process wiring (exit status, streams) for a few kinds; the in-process cases above cover the rest.
  for (const [label, file, message] of cases.filter(([l]) =>
    /malformed|missing file|unknown slot|bad date/.test(l),
  )) {
    it.concurrent(`exits 2 on ${label}, naming the field`, async () => {
      const r = await runCli([file()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it.concurrent('prints the result for a good instance', async () => {
    const r = await runCli([write(JSON.stringify(good())), '--time-limit-ms', '2000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result)).toEqual(['positions', 'partials', 'stats']);
    expect(result.positions).toEqual([
      {
        needs: [
          { id: expect.any(String), slots: expect.any(Array) },
          { id: expect.any(String), slots: expect.any(Array) },
        ],
        hours: 35,
        geId: 'g1',
        maxDistanceKm: 3,
      },
    ]);
    expect(result.stats).toEqual({ elapsedMs: expect.any(Number), provedOptimal: true });
  });

  it.concurrent('with --suggest, prints the result plus what would complete the needs left out', async () => {
    // a's fixed week takes b's Wednesday morning: b lacks one half-day to make 35 h with a.
    const inst = makeInstance([
      makeNeed({
        org: 'a',
        hours: 21,
        slotsNeeded: 6,
        fixed: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'],
      }),
      makeNeed({
        org: 'b',
        hours: 14,
        slotsNeeded: 4,
        fixed: ['wed-am', 'thu-am', 'fri-am', 'fri-pm'],
        ...north(2),
      }),
    ]);
    const r = await runCli([write(JSON.stringify(inst)), '--suggest', '--time-limit-ms', '3000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result)).toEqual(['positions', 'partials', 'stats', 'suggestions']);
    expect(result.positions).toEqual([]);
    const [a, b] = inst.needs;
    // a, left out too, could free Wednesday morning by taking Thursday afternoon itself.
    expect(result.suggestions.map((s: { needId: string }) => s.needId)).toContain(a.id);
    expect(result.suggestions.find((s: { needId: string }) => s.needId === b.id)).toEqual({
      needId: b.id,
      change: { allowedSlots: ['wed-am', 'thu-am', 'thu-pm', 'fri-am', 'fri-pm'] },
      positionsGained: 1,
      position: {
        needs: [
          { id: a.id, slots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'wed-am', 'wed-pm'] },
          { id: b.id, slots: ['thu-am', 'thu-pm', 'fri-am', 'fri-pm'] },
        ],
        hours: 35,
        geId: null,
        maxDistanceKm: 2,
      },
    });
  });

  it.concurrent('answers an empty list of needs with an empty result', async () => {
    const r = await runCli([write(JSON.stringify(makeInstance([])))]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ positions: [], partials: [] });
  });
});
