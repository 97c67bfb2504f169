import { compile } from '../../server/scheduling/model';
import { prepare } from '../../server/scheduling/prepare';
import { largeSession } from './instances';

for (const seed of [1, 2, 3]) {
  const input = largeSession({ participants: 60, meetings: 200, slots: 12, tables: 20, seed });
  const model = compile(input);
  const { state } = prepare(model);
  // per participant excess
  const S = model.S;
  const total = input.meetings.reduce((s, m) => s + (m.priority ?? 1), 0);
  const counts = new Array(model.P).fill(0);
  for (const m of model.meetings) for (const p of m.parts) counts[p]++;
  const ex = counts
    .map((c, p) => c - [...Array(S).keys()].filter((s) => !model.unavailable[p * S + s]).length)
    .filter((x) => x > 0);
  console.log(seed, total, ex, state.free.length);
}
