import { asc, eq, sql } from 'drizzle-orm';
import { openDb } from '../../db/client';
import { people, sessions, sharedPosts } from '../../db/schema';
import { loadDemo } from '../demo';
import { hashToken, newToken, SESSION_COOKIE } from '../../server/accounts/session';
import { buildApp } from '../../server/app';
import { createSearchService } from '../../server/search/service';
import { testConfig } from '../../tests/support/app';

const h = await openDb({});
await h.migrate();
await loadDemo(h.db, { publicUrl: 'http://x' });
await h.db.execute(sql`analyze`);
const app = await buildApp(testConfig({ rateLimit: { max: 1e6, windowMs: 60000 } }), { db: h.db, search: createSearchService({ indexPrefix: 'none_' }) });
await app.ready();
const [person] = await h.db.select().from(people).where(eq(people.email, 'structure@demo.invalid'));
const token = newToken();
await h.db.insert(sessions).values({ tokenHash: hashToken(token), personId: person.id, expiresAt: new Date(Date.now() + 3600e3) });
const [post] = await h.db.select().from(sharedPosts).orderBy(asc(sharedPosts.id)).limit(1);
const client = (h.db as any).$client;
const times = new Map<string, number[]>();
for (const m of ['query', 'execProtocol', 'execProtocolRaw']) {
  const orig = client[m]?.bind(client);
  if (!orig) continue;
  client[m] = async (...args: any[]) => { const t = performance.now(); try { return await orig(...args); } finally { if (typeof args[0] === 'string') { const k = `${m} ${args[0].slice(0, 70)}`; times.set(k, [...(times.get(k) ?? []), performance.now() - t]); } } };
}
for (const url of (process.env.P15_URLS ?? `/postes/${post.id}`).split(',')) {
  const get = () => app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: token } });
  for (let i = 0; i < 20; i++) await get();
  times.clear();
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) await get();
  console.log(url, ((performance.now() - t0) / 50).toFixed(1));
  for (const [k, v] of times) console.log('  ', (v.reduce((a, b) => a + b, 0) / 50).toFixed(2), v.length, k);
}
await app.close(); await h.close();
