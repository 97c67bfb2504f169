/** What the post pages show: the public page of a post (with its JobPosting data) and the opening form. */
import type { DbOrTx } from '../../db/client';
import type { ReadCache } from '../../db/read-cache';
import { compositionNeeds, needs, organizations, sharedPosts } from '../../db/schema';
import type { CurrentPerson } from '../accounts/session';
import type { FieldErrors, FormValues } from '../common/forms';
import { isInvolved } from '../compositions/permissions';
import { getCompositionLines } from '../compositions/service';
import { weekPicture } from '../compositions/week';
import { hoursLabel } from '../vocabulary/week';
import { jobPosting, scriptJson } from './json-ld';
import { payLabel, payOf } from './pay';
import { CANDIDATE_RETENTION_MONTHS } from './schemas';
import { getPost, POST_STATUS_LABELS, type PostRow } from './service';

export const GE_PENDING_LABEL = 'GE en cours de création';

type PageExtra = { errors?: FieldErrors; values?: FormValues; closeErrors?: FieldErrors };

export async function postPageData(
  db: DbOrTx,
  person: CurrentPerson | null,
  post: PostRow,
  publicUrl: string,
  extra: PageExtra = {},
) {
  return personalPostPage(await sharedPostPage(db, post, publicUrl), person, extra);
}

/**
 * The post page of `id` (null when there is none), its shared part from the read cache: the most read
 * page of the site, by visitors and members alike, and on PGlite each of its statements is a turn of the
 * server's only thread.
 */
export async function cachedPostPageData(
  cache: ReadCache,
  db: DbOrTx,
  person: CurrentPerson | null,
  id: number,
  publicUrl: string,
) {
  const shared = await cache.read(
    `post-page:${id}`,
    [sharedPosts, compositionNeeds, needs, organizations],
    async () => {
      const post = await getPost(db, id);
      return post ? sharedPostPage(db, post, publicUrl) : null;
    },
    { ttlMs: (page) => (page ? Number.POSITIVE_INFINITY : 0) },
  );
  return shared && personalPostPage(shared, person);
}

type SharedPostPage = Awaited<ReturnType<typeof sharedPostPage>>;

/** What depends on who looks and on the form they sent. */
function personalPostPage(shared: SharedPostPage, person: CurrentPerson | null, extra: PageExtra = {}) {
  return {
    ...shared,
    isMember: isInvolved(person, { organizationIds: shared.organizationIds }),
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    closeErrors: extra.closeErrors ?? {},
  };
}

/** What everyone sees of the post (JSON-LD included). */
async function sharedPostPage(db: DbOrTx, post: PostRow, publicUrl: string) {
  const { lines, organizationIds } = await getCompositionLines(db, post.compositionId);
  const week = weekPicture(lines, organizationIds);
  const organizationNames = week.legend.map((e) => e.name);
  const hiringName = post.geName ?? organizationNames[0] ?? 'Groupement d’employeurs';
  return {
    post,
    statusLabel: POST_STATUS_LABELS[post.status],
    hours: hoursLabel(post.hoursHundredths),
    payLabel: payLabel(payOf(post)),
    geLabel: post.geName ?? GE_PENDING_LABEL,
    week,
    places: post.communeNames.map((name, i) => ({ name, code: post.communeCodes[i] })),
    jsonLd: post.status === 'open' ? scriptJson(jobPosting(post, hiringName, publicUrl)) : null,
    organizationIds,
    retentionMonths: CANDIDATE_RETENTION_MONTHS,
  };
}
