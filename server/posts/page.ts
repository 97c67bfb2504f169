/** What the post pages show: the public page of a post (with its JobPosting data) and the opening form. */
import type { DbOrTx } from '../../db/client';
import type { CurrentPerson } from '../accounts/session';
import type { FieldErrors, FormValues } from '../common/forms';
import { isInvolved } from '../compositions/permissions';
import { getCompositionLines } from '../compositions/service';
import { weekPicture } from '../compositions/week';
import { hoursLabel } from '../vocabulary/week';
import { jobPosting, scriptJson } from './json-ld';
import { payLabel, payOf } from './pay';
import { CANDIDATE_RETENTION_MONTHS } from './schemas';
import { POST_STATUS_LABELS, type PostRow } from './service';

export const GE_PENDING_LABEL = 'GE en cours de création';

export async function postPageData(
  db: DbOrTx,
  person: CurrentPerson | null,
  post: PostRow,
  publicUrl: string,
  extra: { errors?: FieldErrors; values?: FormValues; closeErrors?: FieldErrors } = {},
) {
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
    isMember: isInvolved(person, { organizationIds }),
    retentionMonths: CANDIDATE_RETENTION_MONTHS,
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    closeErrors: extra.closeErrors ?? {},
  };
}
