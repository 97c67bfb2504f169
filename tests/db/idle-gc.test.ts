/**
 * The idle collections (db/idle-gc.ts): due a set time after the last request, none while requests keep
 * coming, none without requests, none after stop, and nothing at all without node's gc; and the
 * collection itself frees memory (a call V8 accepted but ignored once looked the same from outside) and
 * gives the heap's emptied pages back (one collection once left them committed).
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectWhenIdle } from '../../db/idle-gc';

describe('collecting garbage when the server goes quiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects once per quiet period after requests, and not while they keep coming', () => {
    const collect = vi.fn();
    const idle = collectWhenIdle(collect, [1_000]);
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled(); // no request yet

    idle.touch();
    vi.advanceTimersByTime(900);
    idle.touch(); // a request pushes the collection back
    vi.advanceTimersByTime(900);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(1); // quiet, but nothing happened since

    idle.touch();
    vi.advanceTimersByTime(1_000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('collects again later, each delay counted from the last request', () => {
    const collect = vi.fn();
    const idle = collectWhenIdle(collect, [1_000, 5_000]);
    idle.touch();
    vi.advanceTimersByTime(1_000);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3_000);
    idle.touch(); // a request before the second: both are due again from now
    vi.advanceTimersByTime(1_000);
    expect(collect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(4_000);
    expect(collect).toHaveBeenCalledTimes(3);
  });

  it('does nothing once stopped, or without a collector (node without --expose-gc)', () => {
    const collect = vi.fn();
    const idle = collectWhenIdle(collect, [1_000]);
    idle.touch();
    idle.stop();
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled();

    const none = collectWhenIdle(undefined, [1_000]);
    none.touch();
    expect(vi.getTimerCount()).toBe(0); // nothing scheduled
    none.stop();
  });

  it("frees what is no longer referenced, in a node run with --expose-gc as npm start's", () => {
    const module = pathToFileURL('db/idle-gc.ts').href;
    const script = `
      const { exposedGc } = await import(${JSON.stringify(module)});
      let kept = Array.from({ length: 1_000_000 }, (_, i) => ({ i, text: 'x' + i }));
      const before = process.memoryUsage().heapUsed;
      kept = null;
      exposedGc()();
      console.log(JSON.stringify({ before, after: process.memoryUsage().heapUsed }));`;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    const { before, after } = JSON.parse(output) as { before: number; after: number };
    expect(before).toBeGreaterThan(50e6);
    expect(after).toBeLessThan(before / 4);
  });

  it('gives back the pages it emptied, when a few live objects were left spread over the heap', () => {
    // One object in fifty kept: after a single collection the heap stayed 3/4 committed (docs/speed.md).
    const module = pathToFileURL('db/idle-gc.ts').href;
    const script = `
      const { exposedGc } = await import(${JSON.stringify(module)});
      const kept = [];
      let all = Array.from({ length: 2_000_000 }, (_, i) => {
        const item = { i, text: 'x' + i };
        if (i % 50 === 0) kept.push(item);
        return item;
      });
      const before = process.memoryUsage().heapTotal;
      all = null;
      exposedGc()();
      console.log(JSON.stringify({ before, after: process.memoryUsage().heapTotal, kept: kept.length }));`;
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    const { before, after } = JSON.parse(output) as { before: number; after: number };
    expect(before).toBeGreaterThan(100e6);
    expect(after).toBeLessThan(before / 3);
  });
});
