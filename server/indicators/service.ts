/**
 * The facilitator's indicators (the HR-pooling action sheet's), per territory and period, by month:
 * computed by two aggregate queries (events by kind and month; distinct structures by month), never by
 * loading rows. Months and period bounds are in Europe/Paris: a need published on 31 March at 23:30 in
 * Paris counts in March.
 *
 * What each indicator counts (its date decides the month):
 * - structures: organizations of the territory with a need or offer published in the month, or invited
 *   to a session (not cancelled) starting in the month; the period's figure counts each structure once;
 * - needsPublished / needsHours: needs of the territory by publication date (withdrawn since included:
 *   they were published), and their weekly hours;
 * - composedHours / compositionsAccepted: hours of the territory's needs in compositions accepted (then
 *   perhaps turned into a post, filled) by the date of the acceptance;
 * - postsOpened (creation) / postsFilled (filled_at): shared posts with a place in the territory;
 * - sessionsHeld: sessions of the territory marked held, by held_at;
 * - geToCreate: "GE à créer" outcomes recorded for the territory's sessions, by their recording date.
 * - publishedComposedHours: hours of the needs published in the month (as needsHours) that are, by now,
 *   in an accepted composition: the numerator of the conversion, on the same needs as its denominator;
 * Derived: ETP = hours / 35; conversion = publishedComposedHours / needsHours, within 0–100 % since both
 * count the same needs (a need is in one accepted composition at most: a database constraint says so).
 * Composed hours by acceptance date are not divided by published hours of the same month: a month's
 * acceptances may compose needs published months before ("1000 %").
 */
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, rawRows } from '../../db/client';

export const COUNTED = [
  'structures',
  'needsPublished',
  'needsHours',
  'composedHours',
  'publishedComposedHours',
  'compositionsAccepted',
  'postsOpened',
  'postsFilled',
  'sessionsHeld',
  'geToCreate',
] as const;
export type Counted = (typeof COUNTED)[number];

export interface Period {
  /** ISO dates, both included. */
  from: string;
  to: string;
}

export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  values: Record<Counted, number>;
}

export interface Indicators {
  months: MonthFigures[];
  totals: Record<Counted, number>;
}

const zero = (): Record<Counted, number> =>
  Object.fromEntries(COUNTED.map((key) => [key, 0])) as Record<Counted, number>;

/** Every month touched by the period, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let [year, month] = period.from.slice(0, 7).split('-').map(Number);
  const [lastYear, lastMonth] = period.to.slice(0, 7).split('-').map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** `column in (…)` for a département column, or true for every département (an admin's scope). */
function inScope(column: SQL, departements: string[] | null): SQL {
  return departements ? sql`${column} in (${list(departements)})` : sql`true`;
}

/** `column && array[…]` for a départements array column. */
function meetsScope(column: SQL, departements: string[] | null): SQL {
  return departements ? sql`${column} && array[${list(departements)}]::text[]` : sql`true`;
}

export async function computeIndicators(
  db: DbOrTx,
  departements: string[] | null,
  period: Period,
): Promise<Indicators> {
  // Instants of the period's bounds: midnight in Paris on the first day, and after the last day.
  const from = sql`(${period.from}::date::timestamp at time zone 'Europe/Paris')`;
  const to = sql`((${period.to}::date + 1)::timestamp at time zone 'Europe/Paris')`;
  const inPeriod = (column: SQL) => sql`${column} >= ${from} and ${column} < ${to}`;
  const month = (column: SQL) => sql`to_char(${column} at time zone 'Europe/Paris', 'YYYY-MM')`;

  const events = await rawRows<{ kind: Counted; month: string | null; n: number; hours: number }>(
    db,
    sql`select kind, month, count(*)::int as n, coalesce(sum(hours), 0)::int as hours from (
      select 'needsPublished' as kind, ${month(sql`n.published_at`)} as month, n.hours_hundredths as hours
        from needs n
        where ${inPeriod(sql`n.published_at`)} and ${inScope(sql`n.departement`, departements)}
      union all
      select 'publishedComposedHours', ${month(sql`n.published_at`)}, n.hours_hundredths
        from needs n
        where ${inPeriod(sql`n.published_at`)} and ${inScope(sql`n.departement`, departements)}
          and exists (select 1 from composition_needs cn join compositions c on c.id = cn.composition_id
            where cn.need_id = n.id and c.status in ('accepted', 'post_opened', 'filled'))
      union all
      select 'compositionsAccepted', ${month(sql`c.decided_at`)}, sum(n.hours_hundredths)
        from compositions c
        join composition_needs cn on cn.composition_id = c.id
        join needs n on n.id = cn.need_id
        where c.status in ('accepted', 'post_opened', 'filled') and ${inPeriod(sql`c.decided_at`)}
          and ${inScope(sql`n.departement`, departements)}
        group by c.id, c.decided_at
      union all
      select 'postsOpened', ${month(sql`p.created_at`)}, 0
        from shared_posts p
        where ${inPeriod(sql`p.created_at`)} and ${meetsScope(sql`p.departements`, departements)}
      union all
      select 'postsFilled', ${month(sql`p.filled_at`)}, 0
        from shared_posts p
        where ${inPeriod(sql`p.filled_at`)} and ${meetsScope(sql`p.departements`, departements)}
      union all
      select 'sessionsHeld', ${month(sql`s.held_at`)}, 0
        from matchmaking_sessions s
        where s.status = 'held' and ${inPeriod(sql`s.held_at`)}
          and ${meetsScope(sql`s.departements`, departements)}
      union all
      select 'geToCreate', ${month(sql`o.created_at`)}, 0
        from matchmaking_outcomes o
        join matchmaking_sessions s on s.id = o.session_id
        where o.kind = 'ge_to_create' and ${inPeriod(sql`o.created_at`)}
          and ${meetsScope(sql`s.departements`, departements)}
    ) as e
    group by grouping sets ((kind, month), (kind))`,
  );

  const structures = await rawRows<{ month: string | null; n: number }>(
    db,
    sql`select month, count(distinct organization_id)::int as n from (
      select n.organization_id, ${month(sql`n.published_at`)} as month
        from needs n where ${inPeriod(sql`n.published_at`)}
      union all
      select f.organization_id, ${month(sql`f.published_at`)}
        from offers f where ${inPeriod(sql`f.published_at`)}
      union all
      select so.organization_id, ${month(sql`s.starts_at`)}
        from matchmaking_session_organizations so
        join matchmaking_sessions s on s.id = so.session_id
        where s.status <> 'cancelled' and ${inPeriod(sql`s.starts_at`)}
    ) as taking_part
    join organizations o on o.id = taking_part.organization_id
    where ${inScope(sql`o.departement`, departements)}
    group by grouping sets ((month), ())`,
  );

  const byMonth = new Map(monthsOf(period).map((m) => [m, zero()]));
  const totals = zero();
  const put = (monthKey: string | null, key: Counted, value: number) => {
    const target = monthKey === null ? totals : byMonth.get(monthKey);
    if (target) target[key] = Number(value);
  };
  for (const row of events) {
    put(row.month, row.kind, row.n);
    if (row.kind === 'needsPublished') put(row.month, 'needsHours', row.hours);
    if (row.kind === 'publishedComposedHours') put(row.month, 'publishedComposedHours', row.hours);
    if (row.kind === 'compositionsAccepted') put(row.month, 'composedHours', row.hours);
  }
  for (const row of structures) put(row.month, 'structures', row.n);
  return { months: [...byMonth].map(([m, values]) => ({ month: m, values })), totals };
}

/** Hundredths of an hour as full-time equivalents (35 h a week). */
export const etp = (hundredths: number) => hundredths / 3500;

/**
 * Share of the hours of the needs published (in the month or period) that are now in an accepted
 * composition, between 0 and 1; null when nothing was published.
 */
export const conversionRate = (
  values: Pick<Record<Counted, number>, 'publishedComposedHours' | 'needsHours'>,
) => (values.needsHours > 0 ? Math.min(1, values.publishedComposedHours / values.needsHours) : null);
