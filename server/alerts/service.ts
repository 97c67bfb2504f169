/**
 * Saved searches and their digest mails. A digest lists the records that became public in a window
 * (last digest, now − LAG]: the lag leaves the indexer time to catch up, so a record published just
 * before a digest is in the next one rather than in none. Several app instances may run the job: each
 * saved search is claimed by a compare-and-set on `last_digest_at`, in the transaction that queues its mail.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { people, savedSearches } from '../../db/schema';
import type { AlertFrequency } from '../../db/schema/search';
import { elide } from '../common/french';
import { enqueueMail } from '../mail/service';
import { parseSearchParams } from '../search/params';
import { searchRecords } from '../search/query';
import type { SearchService } from '../search/service';

export const DIGEST_LAG_MS = 2 * 60_000;
const PERIOD_MS: Record<Exclude<AlertFrequency, 'none'>, number> = {
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
};

export const FREQUENCY_LABELS: Record<AlertFrequency, string> = {
  none: 'Pas d’alerte',
  daily: 'Chaque jour',
  weekly: 'Chaque semaine',
};

/** The unsubscribe link's token: an HMAC of the saved search id, so nothing needs storing. */
export function unsubscribeToken(secret: string, savedSearchId: number): string {
  return createHmac('sha256', secret).update(`alert-unsubscribe:${savedSearchId}`).digest('base64url');
}

export function checkUnsubscribeToken(secret: string, savedSearchId: number, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, savedSearchId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A saved search's query: only the parameters /recherche knows, page and sort left out. */
export function normalizedQuery(raw: string): string {
  const params = parseSearchParams(Object.fromEntries(new URLSearchParams(raw)));
  const out = new URLSearchParams();
  const map: [string, string | number | undefined][] = [
    ['q', params.q],
    ['type', params.kind],
    ['role', params.role],
    ['departement', params.departement],
    ['structure', params.orgKind],
    ['cooperation', params.offerKind],
    ['jour', params.day],
    ['heures', params.hours],
    ['pres', params.near],
    ['km', params.near ? params.km : undefined],
  ];
  for (const [key, value] of map) if (value !== undefined && value !== '') out.set(key, String(value));
  return out.toString();
}

export function describeQuery(query: string): string {
  const params = parseSearchParams(Object.fromEntries(new URLSearchParams(query)));
  const parts = [params.q ? `« ${params.q} »` : 'toutes les annonces'];
  if (params.near) parts.push(`à moins de ${params.km} km ${elide('de', params.near)}`);
  return parts.join(' ');
}

export interface DigestOptions {
  now?: Date;
  publicUrl: string;
  secret: string;
}

/** Sends every digest that is due; returns how many mails were queued. */
export async function sendDueDigests(db: Db, search: SearchService, options: DigestOptions): Promise<number> {
  const now = options.now ?? new Date();
  const windowEnd = new Date(now.getTime() - DIGEST_LAG_MS);
  const due = await db
    .select({ saved: savedSearches, email: people.email })
    .from(savedSearches)
    .innerJoin(people, eq(people.id, savedSearches.personId))
    .where(
      or(
        and(
          eq(savedSearches.frequency, 'daily'),
          lte(savedSearches.lastDigestAt, new Date(windowEnd.getTime() - PERIOD_MS.daily)),
        ),
        and(
          eq(savedSearches.frequency, 'weekly'),
          lte(savedSearches.lastDigestAt, new Date(windowEnd.getTime() - PERIOD_MS.weekly)),
        ),
      ),
    )
    .limit(500);
  let sent = 0;
  for (const { saved, email } of due) {
    const params = {
      ...parseSearchParams(Object.fromEntries(new URLSearchParams(saved.query))),
      sort: 'date' as const,
      since: Math.floor(saved.lastDigestAt.getTime() / 1000),
      until: Math.floor(windowEnd.getTime() / 1000),
    };
    // Mails carry public records only, whatever the person may see when signed in.
    const result = await searchRecords(db, search, params, { organizationIds: [] });
    const queued = await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(savedSearches)
        .set({ lastDigestAt: windowEnd })
        .where(and(eq(savedSearches.id, saved.id), eq(savedSearches.lastDigestAt, saved.lastDigestAt)))
        .returning({ id: savedSearches.id });
      if (!claimed || result.total === 0) return false;
      await enqueueMail(tx, {
        to: email,
        subject: `Mosaïque : ${result.total} nouveauté${result.total > 1 ? 's' : ''} pour « ${saved.label} »`,
        text: digestText(saved, result.hits, result.total, options),
        kind: 'search-alert',
      });
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

function digestText(
  saved: typeof savedSearches.$inferSelect,
  hits: Awaited<ReturnType<typeof searchRecords>>['hits'],
  total: number,
  options: DigestOptions,
): string {
  const base = options.publicUrl.replace(/\/+$/, '');
  const lines = hits.map((h) => {
    const what =
      h.kind === 'need'
        ? `besoin, ${h.roleLabel}, ${h.hours} par semaine`
        : `offre de coopération, ${h.offerKindLabel}`;
    return `- ${h.title}\n  ${h.organizationName}, ${h.communeName} (${what})\n  ${base}${h.url}`;
  });
  return [
    'Bonjour,',
    '',
    `${total} nouveauté${total > 1 ? 's' : ''} sur Mosaïque pour votre recherche « ${saved.label} » (${describeQuery(saved.query)}) :`,
    '',
    ...lines,
    ...(total > hits.length ? ['', `… et ${total - hits.length} autre(s).`] : []),
    '',
    `Voir la recherche : ${base}/recherche?${saved.query}`,
    `Ne plus recevoir cette alerte : ${base}/alertes/desabonner/${saved.id}/${unsubscribeToken(options.secret, saved.id)}`,
    '',
    'L’équipe Mosaïque',
  ].join('\n');
}
