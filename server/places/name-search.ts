/**
 * Name search over the normalised commune names: a haystack of every key and a word index sorted by
 * suffix (CompactPlaces.words), so that a search costs the number of hits, not the number of communes.
 */

import { normalizeName } from './normalize';
import { byPopulation } from './ranking';
import type { Commune } from './types';

export class NameSearch {
  /** "\n" + normalised names joined by "\n" + "\n". */
  private readonly haystack: string;
  /** offsets[i]: where row i's key starts in the haystack; offsets[n]: the end sentinel. */
  private readonly offsets: Int32Array;
  /** Word starts sorted by suffix: row * 128 + position in the row's key (build.ts). */
  private readonly words: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly tierOf: Uint8Array;
  private generation = 0;

  /** `keys` and `words` as in CompactPlaces, for `n` rows; `commune(row)` gives a row's commune. */
  constructor(
    keys: string,
    words: number[],
    n: number,
    private readonly commune: (row: number) => Commune,
  ) {
    // Search haystack: "\n" + key + "\n" per commune; a hit's offset maps back to its row.
    this.haystack = `\n${keys}\n`;
    this.offsets = new Int32Array(n + 1);
    let offset = 1;
    let row = 0;
    for (let i = 1; i < this.haystack.length; i++) {
      if (this.haystack.charCodeAt(i) === 10) {
        this.offsets[row] = offset;
        row++;
        offset = i + 1;
      }
    }
    this.offsets[row] = offset;
    this.words = Int32Array.from(words);
    this.stamp = new Uint32Array(n);
    this.tierOf = new Uint8Array(n);
  }

  /** The row whose key contains haystack position `position`. */
  private rowAt(position: number): number {
    let lo = 0;
    let hi = this.offsets.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.offsets[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Calls `visit(row, position)` for every word start whose text begins with `prefix`. */
  private eachWordPrefix(prefix: string, visit: (row: number, position: number) => void): void {
    const h = this.haystack;
    const start = (id: number) => (this.offsets[id >> 7] as number) + (id & 127);
    // Lower bound: the first suffix >= prefix (suffixes end at "\n", below every letter).
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const at = start(this.words[mid] as number);
      const end = h.indexOf('\n', at);
      if (h.slice(at, Math.min(end, at + prefix.length)) < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.words.length; i++) {
      const id = this.words[i] as number;
      if (!h.startsWith(prefix, start(id))) break;
      visit(id >> 7, id & 127);
    }
  }

  private keyOf(row: number): string {
    return this.haystack.slice(this.offsets[row], (this.offsets[row + 1] as number) - 1);
  }

  /**
   * Name search ranked by exactness then population: 0 exact, 1 prefix, 2 prefix of a word inside
   * the name, 3 every query word is a prefix of some word of the name, 4 substring (3+ letters).
   * Uses the sorted word index (binary search, then the matching range), so a search costs the
   * number of hits, not the number of communes.
   */
  search(query: string, limit: number, filter?: (c: Commune) => boolean): Commune[] {
    const q = normalizeName(query);
    if (!q) return [];
    // Best tier per row, without a Map: tierOf[row] is valid when stamp[row] === this.generation.
    const generation = ++this.generation;
    const hits: number[] = [];
    const note = (row: number, tier: number) => {
      if (this.stamp[row] !== generation) {
        this.stamp[row] = generation;
        this.tierOf[row] = tier;
        hits.push(row);
      } else if (tier < (this.tierOf[row] as number)) this.tierOf[row] = tier;
    };
    const h = this.haystack;
    // Word-prefix hits from the sorted word index: exact, prefix, prefix of an inner word.
    this.eachWordPrefix(q, (row, position) => {
      if (position > 0) note(row, 2);
      else note(row, h.charCodeAt((this.offsets[row] as number) + q.length) === 10 ? 0 : 1);
    });
    const tokens = q.split(' ');
    if (tokens.length > 1) {
      // Words in another order or with words left out ("chalon saone"): the rows where the longest
      // word starts a word, checked for the others.
      const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a));
      this.eachWordPrefix(longest, (row) => {
        if (this.stamp[row] === generation) return;
        const words = this.keyOf(row).split(' ');
        if (tokens.every((t) => words.some((w) => w.startsWith(t)))) note(row, 3);
      });
    }
    // Substrings inside a word ("fort" in "Belfort"): a scan of every name, so only when nothing
    // else matched.
    if (q.length >= 3 && (filter ? !hits.some((r) => filter(this.commune(r))) : hits.length === 0)) {
      for (let p = h.indexOf(q); p !== -1; p = h.indexOf(q, p + 1)) note(this.rowAt(p), 4);
    }
    // Top `limit` by (tier, population) without sorting every hit ("saint" has thousands).
    const top: { commune: Commune; tier: number }[] = [];
    for (const row of hits) {
      const tier = this.tierOf[row] as number;
      const commune = this.commune(row);
      if (filter && !filter(commune)) continue;
      if (top.length === limit) {
        const last = top[limit - 1] as { commune: Commune; tier: number };
        if (tier > last.tier || (tier === last.tier && byPopulation(commune, last.commune) >= 0)) continue;
        top.pop();
      }
      let i = top.length;
      while (i > 0) {
        const prev = top[i - 1] as { commune: Commune; tier: number };
        if (prev.tier < tier || (prev.tier === tier && byPopulation(prev.commune, commune) <= 0)) break;
        i--;
      }
      top.splice(i, 0, { commune, tier });
    }
    return top.map((r) => r.commune);
  }
}
