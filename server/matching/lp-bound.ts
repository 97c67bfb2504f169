/**
 * The exact LP relaxation of a part's set packing, solved by HiGHS's simplex, as a source of Lagrangian
 * multipliers. The LP's optimal duals (λ for the need rows, μ for the target rows of the levels above)
 * are optimal multipliers of the Lagrangian of lagrange.ts: its bound at those multipliers equals the LP
 * bound, which projected subgradient steps only approach (on dense parts the subgradient's root bound
 * stays one to eight positions above the LP's). The branch and bound seeds its Lagrangian with them.
 *
 * Nothing here has to be trusted: the bound the search uses is the Lagrangian's, recomputed by
 * lagrange.ts from these multipliers with its own safety margins, and valid for any multipliers. A
 * wrong or inaccurate dual from HiGHS can only make the bound weaker, never invalid.
 */
import type { Model } from 'highs';
import type { PackProblem, SearchState } from './state';
import type { HighsRuntime } from './types';

export interface Multipliers {
  /** Per need row, ≥ 0. */
  lambda: Float64Array;
  /** Per target row listed (in `rows` order). */
  mu: number[];
  /** The LP's optimal solution, per group. */
  x: Float64Array;
}

/** Objective of level ℓ: 1 per position, hours, common GE, −travel (always maximized). */
function levelCosts(pb: PackProblem, level: number): Float64Array {
  const g = pb.groups;
  const count = g.start.length - 1;
  if (level === 0) return new Float64Array(count).fill(1);
  if (level === 1) return Float64Array.from(g.hours);
  if (level === 2) return Float64Array.from(g.ge);
  return Float64Array.from(g.travelMm, (t) => -t);
}

export class LpRelaxation {
  private readonly model: Model;
  private readonly count: number;
  private readonly n: number;

  constructor(
    private readonly highs: HighsRuntime,
    private readonly pb: PackProblem,
  ) {
    const g = pb.groups;
    const n = pb.n;
    const count = g.start.length - 1;
    this.count = count;
    this.n = n;
    // Need rows, then three target rows (positions, hours, GE), free until a level uses them.
    const rowStarts = [0];
    const rowIndex: number[] = [];
    const rowValues: number[] = [];
    const memberRows: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < count; i++)
      for (let k = g.start[i]; k < g.start[i + 1]; k++) memberRows[g.members[k]].push(i);
    for (const list of memberRows) {
      for (const i of list) {
        rowIndex.push(i);
        rowValues.push(1);
      }
      rowStarts.push(rowIndex.length);
    }
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < count; i++) {
        const a = k === 0 ? 1 : k === 1 ? g.hours[i] : g.ge[i];
        if (a === 0) continue;
        rowIndex.push(i);
        rowValues.push(a);
      }
      rowStarts.push(rowIndex.length);
    }
    const inf = highs.infinity;
    this.model = highs.createModel({
      numCols: count,
      numRows: n + 3,
      sense: highs.constants.objectiveSense.maximize,
      colCost: levelCosts(pb, 0),
      colLower: new Float64Array(count),
      colUpper: new Float64Array(count).fill(1),
      rowLower: new Float64Array(n + 3).fill(-inf),
      rowUpper: Float64Array.from({ length: n + 3 }, (_, r) => (r < n ? 1 : inf)),
      matrix: {
        format: 'csr',
        numRows: n + 3,
        numCols: count,
        starts: Int32Array.from(rowStarts),
        indices: Int32Array.from(rowIndex),
        values: Float64Array.from(rowValues),
      },
    });
    this.model.options.set({ output_flag: false, solver: 'simplex' });
  }

  /**
   * Optimal multipliers of level `level` over the groups still available in `s`, with the target rows
   * `rows` at `targets`; null when HiGHS gives no optimal solution (the time limit, or the targets
   * cannot be met, in which case the subgradient will show it).
   */
  solve(
    s: SearchState,
    level: number,
    rows: number[],
    targets: number[],
    clock: { deadline: number; now: () => number },
  ): Multipliers | null {
    const { model, highs, count, n } = this;
    const { deadline, now } = clock;
    const inf = highs.infinity;
    model.changeColsCost({ kind: 'range', from: 0, to: count - 1 }, levelCosts(this.pb, level));
    const upper = Float64Array.from(s.blocked, (b) => (b === 0 ? 1 : 0));
    model.changeColsBounds({ kind: 'range', from: 0, to: count - 1 }, new Float64Array(count), upper);
    const lower = [-inf, -inf, -inf];
    const higher = [inf, inf, inf];
    rows.forEach((k, r) => {
      lower[k] = targets[r];
      higher[k] = targets[r];
    });
    model.changeRowsBounds({ kind: 'range', from: n, to: n + 2 }, lower, higher);
    const left = (deadline - now()) / 1000;
    if (!(left > 0)) return null;
    model.options.set({ time_limit: model.getRunTime() + Math.min(left, 1e7) });
    model.run({
      [highs.constants.callbackType.simplexInterrupt]: (event) => {
        if (now() > deadline) event.interrupt();
        return undefined;
      },
    });
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
    const solution = model.getSolution();
    const dual = solution.rowDual;
    const lambda = new Float64Array(n);
    for (let v = 0; v < n; v++) lambda[v] = Math.max(0, dual[v]);
    return { lambda, mu: rows.map((k) => dual[n + k]), x: solution.colValue };
  }

  dispose(): void {
    this.model.dispose();
  }
}
