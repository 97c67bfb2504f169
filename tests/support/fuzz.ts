/**
 * Hostile-input harness for POST routes, reusable by every capability's tests:
 * - `snapshotTables` / `changedTables`: counts and hashes of tables before and after, to prove that a
 *   route touched nothing outside its own tables;
 * - `hostileValue`, `hostileForm`, `hostileRequest`: fast-check arbitraries of payloads (100 kB strings,
 *   RTL/emoji/combining marks/NUL, SQL and HTML fragments, out-of-range numbers, impossible dates,
 *   missing and duplicated fields, JSON bodies, wrong content types, malformed urlencoding);
 * - `fuzzPost`: posts them with a valid CSRF token and returns every answer that was a 5xx.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type DbOrTx, rawRows } from '../../db/client';

// ---------------------------------------------------------------------------------------------------
// Table snapshots

/** Tables whose rows legitimately change on any request (sessions, queued mail, outboxes, migrations). */
export const VOLATILE_TABLES = [/^sessions$/, /outbox/, /^password_resets$/, /^__drizzle/, /rate_limit/];

export type TableSnapshot = Map<string, { count: number; hash: string }>;

/** Every table of the current schema, so that tables added later (needs, offers…) are watched too. */
export async function listTables(db: DbOrTx): Promise<string[]> {
  const rows = await rawRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.name).filter((name) => !VOLATILE_TABLES.some((re) => re.test(name)));
}

/** Row count and an order-independent hash of each table's full contents. */
export async function snapshotTables(db: DbOrTx, tables?: string[]): Promise<TableSnapshot> {
  const names = tables ?? (await listTables(db));
  const snapshot: TableSnapshot = new Map();
  if (!names.length) return snapshot;
  // One statement for every table: the walks take hundreds of snapshots. Identifiers come from
  // information_schema or from our own code, never from a request.
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const literal = (name: string) => `'${name.replaceAll("'", "''")}'`;
  const rows = await rawRows<{ name: string; count: number; hash: string | null }>(
    db,
    sql.raw(
      names
        .map(
          (name) =>
            `select ${literal(name)} as name, count(*)::int as count,
               md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash
             from ${quote(name)} t`,
        )
        .join(' union all '),
    ),
  );
  for (const row of rows) snapshot.set(row.name, { count: row.count, hash: row.hash ?? '' });
  return snapshot;
}

/** Names of the tables whose count or contents differ between two snapshots (or exist in only one). */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => {
    const a = before.get(name);
    const b = after.get(name);
    return !a || !b || a.count !== b.count || a.hash !== b.hash;
  });
}

// ---------------------------------------------------------------------------------------------------
// Payloads

export const SQL_FRAGMENTS = [
  "'; drop table people; --",
  "' or '1'='1",
  '1; delete from organizations',
  "admin'--",
  '$$; select pg_sleep(5); $$',
  '\\x00\\',
  "') union select email, password_hash from people --",
];

export const HTML_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '{{ 7*7 }}{% raw %}',
  '<style>body{display:none}</style>',
  '<a href="//evil.example">x</a>',
  '&lt;&amp;&#0;&#x110000;',
];

export const UNICODE_FRAGMENTS = [
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'עִבְרִית',
  '👩🏽‍💻🇫🇷🧑‍🤝‍🧑',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̷̢̛̛͎̼̳͍͓̱̰a̸̡̗͔͚l̴̨̛g̶o̵',
  'a\u0000b',
  '\u0000',
  '\uFEFF\u200B\u200D',
  '\uD800',
  'Œuvre à l’Hay-les-Roses',
  '   ',
  '\r\n\t',
];

export const NUMBER_FRAGMENTS = [
  '-1',
  '0',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '2147483648',
  '-2147483649',
  '3.5e-400',
  '0x1F',
  '１２', // full-width digits
];

export const DATE_FRAGMENTS = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '1900-02-29',
  '2026-02-29',
  '31/12/2026',
  '2026-1-1',
  '+275760-09-13',
];

const LONG = 'x'.repeat(100_000);

/** One hostile string: fixed fragments, 100 kB strings, or random (full Unicode) strings. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...SQL_FRAGMENTS, ...HTML_FRAGMENTS, ...UNICODE_FRAGMENTS),
    fc.constantFrom(...NUMBER_FRAGMENTS, ...DATE_FRAGMENTS),
    fc.constant(LONG),
    fc.constantFrom('é'.repeat(50_000), '👩🏽‍💻'.repeat(10_000)),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 20 }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constant(''),
  );
}

/** A field value in an urlencoded form: one string, or the field sent several times (an array). */
export function hostileValue(): fc.Arbitrary<string | string[]> {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.array(hostileString(), { minLength: 2, maxLength: 3 }) },
  );
}

/** A JSON value of any shape, including the shapes a form never sends (objects, nulls, booleans). */
export function hostileJsonValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    hostileString(),
    fc.constantFrom(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER),
    fc.array(hostileString(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), hostileString(), { maxKeys: 3 }),
    fc.constant({ __proto__: { isAdmin: true } }),
  );
}

/**
 * A form over the given fields: each field present with a hostile value, or missing; plus stray fields.
 * A field with a default (e.g. the hidden `version` a real form carries) keeps it 3 times out of 4, so
 * that payloads get past the first checks and reach deeper validation.
 */
export function hostileForm(
  fields: string[],
  defaults: Record<string, string> = {},
): fc.Arbitrary<Record<string, string | string[]>> {
  const known = Object.fromEntries(
    fields.map((f) => [
      f,
      f in defaults
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constant(defaults[f]) },
            { weight: 1, arbitrary: hostileValue() },
          )
        : hostileValue(),
    ]),
  );
  return fc
    .tuple(
      fc.record(known, { requiredKeys: [] }),
      fc.dictionary(
        fc.constantFrom('isAdmin', 'status', 'id', 'version', 'role', '__proto__', 'x'),
        hostileValue(),
        {
          maxKeys: 2,
        },
      ),
    )
    .map(([form, extra]) => ({ ...extra, ...(form as Record<string, string | string[]>) }));
}

export interface RawRequest {
  contentType: string | undefined;
  payload: string;
  description: string;
}

const encode = (form: Record<string, string | string[]>, csrf: string) => {
  const body = new URLSearchParams();
  body.append('_csrf', csrf);
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return body.toString();
};

const MALFORMED_BODIES = [
  '%',
  '%E0%A4%A',
  'a=%zz&b=%',
  '&&&===&&',
  '=value',
  'a[b][c]=1&a=2',
  '__proto__[isAdmin]=1',
  'constructor[prototype][isAdmin]=1',
];

/**
 * One request body: a hostile urlencoded form (most of the time), a JSON body, a body under a wrong
 * content type, or a malformed urlencoded string. The CSRF token is included wherever a body can carry it.
 */
export function hostileRequest(
  fields: string[],
  csrf: string,
  defaults: Record<string, string> = {},
): fc.Arbitrary<RawRequest> {
  const form = hostileForm(fields, defaults);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: form.map((f) => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: encode(f, csrf),
        description: `form ${describe(f)}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(fc.constantFrom(...fields, 'x'), hostileJsonValue(), { maxKeys: fields.length + 1 })
        .map((f) => ({
          contentType: 'application/json',
          payload: JSON.stringify({ ...f, _csrf: csrf }),
          description: `json ${describe(f)}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/x-www-form-urlencoded; charset=iso-8859-1',
            'application/json',
            undefined,
          ),
          form,
        )
        .map(([contentType, f]) => ({
          contentType,
          payload: encode(f, csrf),
          description: `${contentType ?? 'no content type'} ${describe(f)}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED_BODIES).map((raw) => ({
        contentType: 'application/x-www-form-urlencoded',
        payload: `_csrf=${encodeURIComponent(csrf)}&${raw}`,
        description: `malformed ${raw}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '[1,2', '{"_csrf":', 'null', '"x"').map((raw) => ({
        contentType: 'application/json',
        payload: raw,
        description: `malformed json ${raw}`,
      })),
    },
  );
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

// ---------------------------------------------------------------------------------------------------
// Posting

export interface FuzzTarget {
  app: FastifyInstance;
  url: string;
  /** Cookies of the person posting (session and CSRF secret). */
  cookies: Record<string, string>;
  /** A CSRF token valid for those cookies. */
  csrfToken: string;
  /** Field names of the form; random stray fields are added anyway. */
  fields: string[];
  /** Values the real form carries (hidden `version`, a select's first option…), kept 3 times out of 4. */
  defaults?: Record<string, string>;
  /** fast-check runs; the fixed cases of `FIXED_CASES` are always posted on top. */
  runs?: number;
  seed?: number;
}

export interface FuzzReport {
  /** Answers that were 5xx: the caller asserts this is empty. */
  failures: FuzzFailure[];
  /** How many answers of each status, to check the payloads got past CSRF and reached the handler. */
  statuses: Record<number, number>;
}

export interface FuzzFailure {
  status: number;
  description: string;
  body: string;
}

/** Fixed hostile cases posted to every route whatever the random runs pick. */
export function fixedCases(fields: string[], csrf: string): RawRequest[] {
  const all = (value: string | string[]) => Object.fromEntries(fields.map((f) => [f, value]));
  const forms: [string, Record<string, string | string[]>][] = [
    ['empty form', {}],
    ['100 kB in every field', all(LONG)],
    ['SQL in every field', all(SQL_FRAGMENTS[0])],
    ['HTML in every field', all(HTML_FRAGMENTS[0])],
    ['NUL bytes in every field', all('a\u0000b')],
    ['RTL override in every field', all('\u202Eevil')],
    ['every field duplicated', all(['a', 'b'])],
    ['impossible dates', all('2026-02-30')],
    ['numbers out of range', all('99999999999999999999999')],
  ];
  return [
    ...forms.map(([description, form]) => ({
      contentType: 'application/x-www-form-urlencoded',
      payload: encode(form, csrf),
      description,
    })),
    {
      contentType: 'application/json',
      payload: JSON.stringify({ _csrf: csrf, ...all(null as unknown as string) }),
      description: 'JSON nulls',
    },
    {
      contentType: 'application/json',
      payload: JSON.stringify({ _csrf: csrf, ...all({ nested: [1, 2] } as unknown as string) }),
      description: 'JSON objects',
    },
    { contentType: 'text/plain', payload: 'hello', description: 'text/plain body' },
    { contentType: 'application/x-www-form-urlencoded', payload: '%', description: 'malformed %' },
    {
      contentType: 'application/x-www-form-urlencoded',
      payload: `_csrf=${encodeURIComponent(csrf)}&x=${'y'.repeat(1_100_000)}`,
      description: 'body over the 1 MB limit',
    },
  ];
}

export async function postRaw(
  app: FastifyInstance,
  url: string,
  cookies: Record<string, string>,
  request: RawRequest,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    cookies,
    headers: request.contentType ? { 'content-type': request.contentType } : {},
    payload: request.payload,
  });
}

/**
 * Posts the fixed cases then `runs` random hostile requests; returns the answers that were 5xx (the
 * caller asserts the list is empty, so a failure prints the payloads that broke the route) and a count
 * of answers by status.
 */
export async function fuzzPost(target: FuzzTarget): Promise<FuzzReport> {
  const failures: FuzzFailure[] = [];
  const statuses: Record<number, number> = {};
  const check = async (request: RawRequest) => {
    const response = await postRaw(target.app, target.url, target.cookies, request);
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    if (response.statusCode >= 500) {
      failures.push({
        status: response.statusCode,
        description: request.description,
        body: response.body.slice(0, 300),
      });
    }
  };
  for (const request of fixedCases(target.fields, target.csrfToken)) await check(request);
  await fc.assert(
    fc.asyncProperty(hostileRequest(target.fields, target.csrfToken, target.defaults), async (request) => {
      await check(request);
    }),
    { numRuns: target.runs ?? 25, seed: target.seed ?? 20261123, endOnFailure: true },
  );
  return { failures, statuses };
}

/** Names of the fields of the form posting to `action` in a page (or of every form when none matches). */
export function formFields(html: string, action?: string): string[] {
  return Object.keys(formDefaults(html, action));
}

/**
 * The fields of the form posting to `action` (or of every form when none matches) with the value the
 * page gives them: `value` of inputs (checked ones for radios and checkboxes), the selected
 * option of selects (else the first with a value, to get past validation), the text of textareas.
 */
export function formDefaults(html: string, action?: string): Record<string, string> {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const chosen = forms.filter(([, attrs]) => {
    const act = /action="([^"]*)"/.exec(attrs)?.[1];
    return action === undefined || act === action || (act === undefined && action !== undefined);
  });
  const values: Record<string, string> = {};
  const attr = (tag: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(tag)?.[1];
  for (const [, , inner] of chosen.length ? chosen : forms) {
    for (const [tag] of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      if (!name || name === '_csrf') continue;
      const type = attr(tag, 'type') ?? 'text';
      const checkable = type === 'radio' || type === 'checkbox';
      if (!(name in values) || (checkable && /\bchecked\b/.test(tag))) {
        values[name] = checkable && !/\bchecked\b/.test(tag) ? '' : unescapeHtml(attr(tag, 'value') ?? '');
      }
    }
    for (const [, attrs, options] of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(attrs, 'name');
      if (!name) continue;
      const all = [...options.matchAll(/<option\b([^>]*)>/g)].map((m) => m[1]);
      const chosenOption = all.find((o) => /\bselected\b/.test(o)) ?? all.find((o) => attr(o, 'value')) ?? '';
      values[name] = unescapeHtml(attr(chosenOption, 'value') ?? '');
    }
    for (const [, attrs, text] of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(attrs, 'name');
      if (name) values[name] = unescapeHtml(text);
    }
  }
  return values;
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
