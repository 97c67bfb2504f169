import { DEMO_PASSWORD } from '../demo/accounts';
import { hammer, signIn } from './pages/http';

const base = 'http://127.0.0.1:3911';
const who = process.argv[3] ?? 'structure@demo.invalid';
const cookie = who === 'visitor' ? '' : await signIn(base, who, DEMO_PASSWORD);
const list = (await (await fetch(`${base}/postes`, { headers: { accept: 'application/json' } })).json()) as {
  hits: { id: number }[];
};
const path = (process.argv[2] ?? '/postes/:post').replace(':post', String(list.hits[0].id));
await hammer(base, [path], cookie, { connections: 2, seconds: 1 });
for (const c of [10]) {
  const r = await hammer(base, [path], cookie, { connections: c, seconds: 5 });
  console.log(path, who, c, JSON.stringify(r));
}
