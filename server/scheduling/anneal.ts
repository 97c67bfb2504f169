/**
 * Simulated annealing on the waiting gaps, between the two local-search rounds. Strict-improvement moves
 * stall in plans where every single move or swap keeps the gaps equal or worse; accepting some of those
 * (fewer and fewer as the temperature falls) walks out of them. It moves and swaps placed meetings only, so
 * the priority scheduled never drops; the best plan seen is kept. A seeded generator keeps it deterministic.
 */
import type { PlanState } from './state';

/** mulberry32: small, fast and good enough to pick moves. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START_TEMPERATURE = 1.0;
const END_TEMPERATURE = 0.05;

export function anneal(state: PlanState, iterations: number, outOfTime: () => boolean): void {
  const placed = [...state.free.keys()].filter((i) => state.slotOf[i] >= 0);
  if (placed.length < 2) return;
  const random = generator(0x5eed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  let gaps = state.totalGaps();
  let bestGaps = gaps;
  let best = state.snapshot();
  for (let it = 0; it < iterations && bestGaps > 0; it++) {
    if ((it & 1023) === 0 && outOfTime()) break;
    const temperature = START_TEMPERATURE * (END_TEMPERATURE / START_TEMPERATURE) ** (it / iterations);
    const i = pick(placed);
    const si = state.slotOf[i];
    const j = random() < 0.5 ? pick(placed) : -1;
    const sj = j >= 0 ? state.slotOf[j] : pick(state.free[i].staticSlots);
    if (sj === si) continue;
    const parts = j >= 0 ? [...state.free[i].parts, ...state.free[j].parts] : state.free[i].parts;
    // A participant in both i and j keeps the same slots in a swap: counting them twice adds 0 to the delta.
    const before = state.gapsOfParticipants(parts);
    state.remove(i);
    if (j >= 0) state.remove(j);
    let fits = false;
    if (state.canPlace(i, sj)) {
      state.place(i, sj);
      fits = j < 0 || state.canPlace(j, si);
      if (fits && j >= 0) state.place(j, si);
    }
    const delta = fits ? state.gapsOfParticipants(parts) - before : 0;
    if (fits && (delta <= 0 || random() < Math.exp(-delta / temperature))) {
      gaps += delta;
      if (gaps < bestGaps) {
        bestGaps = gaps;
        best = state.snapshot();
      }
      continue;
    }
    // Undo: put i (and j) back where they were.
    if (state.slotOf[i] >= 0) state.remove(i);
    if (j >= 0 && state.slotOf[j] >= 0) state.remove(j);
    state.place(i, si);
    if (j >= 0) state.place(j, sj);
  }
  state.restore(best);
}
