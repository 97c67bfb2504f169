/**
 * The candidates indicator: expressions of interest received in the period on the territory's shared
 * posts, counted by the status the structures gave them (server/posts/candidate-status.ts). One
 * aggregate query; candidates are deleted after their keeping time, so a period older than that counts
 * only those still kept.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, rawRows } from '../../db/client';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../db/schema/posts';
import type { Period } from './service';

export const CANDIDATE_STATUS_INDICATOR_LABELS: Record<CandidateStatus, string> = {
  new: 'nouvelles',
  contacted: 'contactées',
  interview: 'en entretien',
  retained: 'retenues',
  rejected: 'non retenues',
};

export interface CandidateStatusCount {
  status: CandidateStatus;
  label: string;
  count: number;
}

export async function candidateStatusCounts(
  db: DbOrTx,
  departements: string[] | null,
  period: Period,
): Promise<CandidateStatusCount[]> {
  const from = sql`(${period.from}::date::timestamp at time zone 'Europe/Paris')`;
  const to = sql`((${period.to}::date + 1)::timestamp at time zone 'Europe/Paris')`;
  const scope: SQL = departements
    ? sql`p.departements && array[${sql.join(
        departements.map((d) => sql`${d}`),
        sql`, `,
      )}]::text[]`
    : sql`true`;
  // Raw SQL like the other indicators: Paris-time bounds and an array overlap.
  const rows = await rawRows<{ status: CandidateStatus; n: number }>(
    db,
    sql`select c.status, count(*)::int as n
        from post_candidates c join shared_posts p on p.id = c.post_id
        where c.created_at >= ${from} and c.created_at < ${to} and ${scope}
        group by c.status`,
  );
  return CANDIDATE_STATUSES.map((status) => ({
    status,
    label: CANDIDATE_STATUS_INDICATOR_LABELS[status],
    count: Number(rows.find((r) => r.status === status)?.n ?? 0),
  }));
}
