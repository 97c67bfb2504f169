/**
 * Lagrangian bounds for set packing, one per level of the lexicographic objective.
 *
 * Level ℓ maximizes o_ℓ(x) = Σ_g o_ℓ(g)·x_g (o₁ = 1 per position, o₂ = hours, o₃ = common GE,
 * o₄ = −travel) over packings x of the available groups whose higher levels are fixed at given targets
 * (Σ_g a_k(g)·x_g = T_k for k < ℓ). Relaxing the packing rows (multipliers λ_i ≥ 0) and the target rows
 * (multipliers μ_k, free) gives, for ANY multipliers,
 *   L(λ, μ) = Σ_i λ_i + Σ_k μ_k·T_k + Σ_g max(0, o_ℓ(g) − Σ_{i∈g} λ_i − Σ_k μ_k·a_k(g)) ≥ max o_ℓ(x),
 * so every value computed is a valid upper bound, whatever the rounding of the search for good
 * multipliers (projected subgradient steps, Polyak's rule, warm-started from node to node).
 */
import type { SearchState } from './state';

export const LEVELS = 4;
/** Subgradient iterations of a level's first bound (cold multipliers). */
const FIRST_ITERATIONS = 300;

export class Lagrangian {
  private readonly lambda: Float64Array[];
  private readonly mu: Float64Array[];
  private readonly cover: Int32Array;
  private readonly grad: Float64Array;
  private readonly bestLambda: Float64Array;
  private readonly available: Int32Array;
  private readonly objective: Float64Array[];
  /** Levels already warmed up by a long first run. */
  private readonly warm = new Uint8Array(LEVELS);

  /** `previous`: a Lagrangian of the same part whose multipliers are reused as a warm start. */
  constructor(
    private readonly s: SearchState,
    private readonly clock: { deadline: number; now: () => number },
    previous?: Lagrangian,
  ) {
    const { n, groups: g } = s.pb;
    const count = g.start.length - 1;
    this.objective = [
      new Float64Array(count).fill(1),
      Float64Array.from(g.hours),
      Float64Array.from(g.ge),
      Float64Array.from(g.travelMm, (t) => -t),
    ];
    this.lambda = this.objective.map((o) => {
      const lam = new Float64Array(n);
      for (let i = 0; i < count; i++) {
        const size = g.start[i + 1] - g.start[i];
        for (let k = g.start[i]; k < g.start[i + 1]; k++) {
          const v = g.members[k];
          lam[v] = Math.max(lam[v], o[i] / size);
        }
      }
      return lam;
    });
    this.mu = Array.from({ length: LEVELS }, () => new Float64Array(LEVELS - 1));
    if (previous) {
      for (let level = 0; level < LEVELS; level++) {
        this.lambda[level].set(previous.lambda[level]);
        this.mu[level].set(previous.mu[level]);
      }
      this.warm.set(previous.warm);
    }
    this.cover = new Int32Array(n);
    this.grad = new Float64Array(n);
    this.bestLambda = new Float64Array(n);
    this.available = new Int32Array(count);
  }

  /**
   * Starts level `level` from given multipliers (the LP relaxation's optimal duals, lp-bound.ts), `mu`
   * in the order of the target rows the next bounds of that level will list.
   */
  seed(level: number, lambda: Float64Array, mu: readonly number[]): void {
    this.lambda[level].set(lambda);
    this.mu[level].fill(0);
    mu.forEach((m, q) => {
      this.mu[level][q] = m;
    });
    this.warm[level] = 1;
  }

  /** Reduced weight of group i at `level` (target rows `rows`) under the current multipliers. */
  reduced(level: number, rows: number[], i: number): number {
    const g = this.s.pb.groups;
    const lam = this.lambda[level];
    let r = this.objective[level][i];
    for (let k = g.start[i]; k < g.start[i + 1]; k++) r -= lam[g.members[k]];
    for (let q = 0; q < rows.length; q++) r -= this.mu[level][q] * this.row(rows[q], i);
    return r;
  }

  /** Coefficient of group i in target row k (0: count, 1: hours, 2: GE). */
  private row(k: number, i: number): number {
    return k === 0 ? 1 : this.objective[k][i];
  }

  /**
   * Upper bound on level `level` (0-based) given `targets` for the rows listed in `rows`; stops early once
   * the bound falls below `threshold` (the node is then pruned).
   */
  bound(level: number, rows: number[], targets: number[], threshold: number, iterations: number): number {
    const { s } = this;
    const g = s.pb.groups;
    const n = s.pb.n;
    const count = g.start.length - 1;
    const lam = this.lambda[level];
    const mu = this.mu[level];
    const o = this.objective[level];
    if (!this.warm[level]) {
      this.warm[level] = 1;
      iterations = Math.max(iterations, FIRST_ITERATIONS);
    }
    const rowSums = new Float64Array(rows.length);
    const bestLam = this.bestLambda;
    const bestMu = new Float64Array(mu.length);
    let best = Number.POSITIVE_INFINITY;
    let theta = 1;
    let stall = 0;
    // The available groups, gathered once: deep in the tree they are a small share of all groups.
    const available = this.available;
    let size = 0;
    for (let i = 0; i < count; i++) if (s.blocked[i] === 0) available[size++] = i;
    for (let it = 0; it < iterations; it++) {
      let value = 0;
      this.cover.fill(0);
      rowSums.fill(0);
      for (let v = 0; v < n; v++) if (s.avail[v] > 0) value += lam[v];
      for (let r = 0; r < rows.length; r++) value += mu[r] * targets[r];
      for (let a = 0; a < size; a++) {
        const i = available[a];
        let reduced = o[i];
        for (let k = g.start[i]; k < g.start[i + 1]; k++) reduced -= lam[g.members[k]];
        for (let r = 0; r < rows.length; r++) reduced -= mu[r] * this.row(rows[r], i);
        if (reduced > 0) {
          value += reduced;
          for (let k = g.start[i]; k < g.start[i + 1]; k++) this.cover[g.members[k]]++;
          for (let r = 0; r < rows.length; r++) rowSums[r] += this.row(rows[r], i);
        }
      }
      if (best === Number.POSITIVE_INFINITY || value < best - 1e-12 * Math.abs(best)) {
        best = value;
        stall = 0;
        bestLam.set(lam);
        bestMu.set(mu);
      } else if (++stall >= 3) {
        theta /= 2;
        stall = 0;
      }
      // Past the deadline the bound found so far is returned: still valid, just weaker.
      if (best < threshold || it + 1 === iterations || this.clock.now() > this.clock.deadline) break;
      // Subgradient of L: 1 − cover_i for the packing rows, T_k − Σ a_k·x for the target rows.
      let norm = 0;
      for (let v = 0; v < n; v++) {
        const d = s.avail[v] > 0 ? 1 - this.cover[v] : 0;
        this.grad[v] = d;
        norm += d * d;
      }
      const rowGrad = rows.map((_, r) => targets[r] - rowSums[r]);
      for (const d of rowGrad) norm += d * d;
      if (norm === 0) break; // the relaxed solution is feasible and optimal for these targets
      const step = (theta * (value - threshold + 1e-9 * (1 + Math.abs(threshold)))) / norm;
      if (!(step > 0)) break;
      for (let v = 0; v < n; v++) if (this.grad[v] !== 0) lam[v] = Math.max(0, lam[v] - step * this.grad[v]);
      for (let r = 0; r < rows.length; r++) mu[r] -= step * rowGrad[r];
    }
    // Keep the best multipliers as the next node's start.
    lam.set(bestLam);
    mu.set(bestMu);
    return best;
  }
}
