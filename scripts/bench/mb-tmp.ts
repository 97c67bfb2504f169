import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_SETTINGS } from '../../db/client';

const dir = process.argv[2];
const client = new PGlite({
  startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
  dataDir: dir,
});
await client.waitReady;
const q = `select "id", "composition_id", "title", "role_code", "status", "version" from "shared_posts" where "shared_posts"."id" = $1`;
const q2 = `select "needs"."id", "needs"."title", "organizations"."id", "organizations"."name" from "composition_needs" inner join "needs" on "needs"."id" = "composition_needs"."need_id" inner join "organizations" on "organizations"."id" = "composition_needs"."organization_id" where "composition_needs"."composition_id" = $1 order by "organizations"."name" collate "und-x-icu", "needs"."id" asc`;
async function time(label: string, fn: () => Promise<unknown>, n = 1000) {
  for (let i = 0; i < 50; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(label, ((performance.now() - t0) / n).toFixed(3), 'ms');
}
await time('select 1 (query)', () => client.query('select 1'));
await time('select 1 (exec)', () => client.exec('select 1'));
await time('post by id', () => client.query(q, [1], { rowMode: 'array' }));
await time('lines', () => client.query(q2, [1], { rowMode: 'array' }));
await time('lines no collate', () =>
  client.query(q2.replace(' collate "und-x-icu"', ''), [1], { rowMode: 'array' }),
);
const sess = `select p.id, p.email,
  coalesce((select json_agg(json_build_object('organizationId', o.id, 'name', o.name, 'kind', o.kind, 'status', o.status, 'role', m.role) order by o.name collate "und-x-icu", o.id)
    from memberships m join organizations o on o.id = m.organization_id where m.person_id = p.id), '[]'::json) as memberships,
  coalesce((select json_agg(t.departement order by t.departement) from facilitator_territories t where t.person_id = p.id), '[]'::json) as territories,
  (select count(*)::int from notifications n where n.person_id = p.id and n.read_at is null) as unread
  from sessions s join people p on p.id = s.person_id where s.token_hash = $1 and s.expires_at > now()`;
const tok = (await client.query<{ token_hash: string }>('select token_hash from sessions limit 1')).rows[0]
  ?.token_hash;
await time('session', () => client.query(sess, [tok], { rowMode: 'array' }));
await time('session no collate', () =>
  client.query(sess.replace(' collate "und-x-icu"', ''), [tok], { rowMode: 'array' }),
);
console.log(
  (await client.query('explain analyze ' + sess.replace('$1', `'${tok}'`))).rows
    .map((r: any) => r['QUERY PLAN'])
    .join('\n'),
);
await client.close();
