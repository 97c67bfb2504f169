/** What the session page shows, read in one place for the page itself and its re-renders after bad input. */
import type { DbOrTx } from '../../db/client';
import type { SessionRunGroup } from '../../db/schema';
import { ORGANIZATION_KINDS } from '../../db/schema/organizations';
import type { FieldErrors, FormValues } from '../common/forms';
import { kindLabel } from '../common/labels';
import { frenchSpan, parisDay, parisMinutes, timeValue } from '../common/paris-time';
import type { CompositionLine } from '../compositions/service';
import { weekPicture } from '../compositions/week';
import { communeByCode } from '../vocabulary/lookups';
import { OFFER_KIND_LABELS } from '../vocabulary/offers';
import { sessionLocation } from './invitations';
import { compositionChoices, listOutcomes, postChoices } from './outcomes';
import { invitableOrganizations, invitedOrganizations } from './participants';
import { KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS } from './schemas';
import { addableNeeds, addableOffers, scopeNeeds, scopeOffers } from './scope';
import type { SessionRow } from './service';
import { describeGroup } from './sheet';

/** The week picture of a stored group, drawn by the compositions' partial (views/compositions/_week.njk). */
export function groupWeek(group: SessionRunGroup) {
  // weekPicture reads only the organization, its name, the hours and the half-days of each line.
  const lines = group.members.map((m) => ({ ...m, title: m.needTitle })) as unknown as CompositionLine[];
  return weekPicture(lines, [...new Set(group.members.map((m) => m.organizationId))]);
}

export function sessionSummary(session: SessionRow) {
  return {
    session,
    kindLabel: KIND_LABELS[session.kind],
    statusLabel: STATUS_LABELS[session.status],
    when: frenchSpan(session.startsAt, session.endsAt),
    location: sessionLocation(session),
  };
}

export interface PageExtras {
  filter?: { q?: string; kind?: string };
  values?: FormValues;
  errors?: FieldErrors;
}

export async function sessionPageData(db: DbOrTx, session: SessionRow, extras: PageExtras = {}) {
  const filter = extras.filter ?? {};
  const [organizations, invitable, needs, moreNeeds, offers, moreOffers, outcomes, compositions, posts] =
    await Promise.all([
      invitedOrganizations(db, session.id),
      invitableOrganizations(db, session, filter),
      scopeNeeds(db, session.id),
      addableNeeds(db, session),
      scopeOffers(db, session.id),
      addableOffers(db, session),
      listOutcomes(db, session.id),
      compositionChoices(db, session),
      postChoices(db, session),
    ]);
  const groups = (session.lastRun?.groups ?? []).map((g) => ({ ...describeGroup(g), week: groupWeek(g) }));
  return {
    ...sessionSummary(session),
    title: session.title,
    organizations,
    invitable,
    filter: { q: filter.q ?? '', kind: filter.kind ?? '' },
    kindOptions: ORGANIZATION_KINDS.map((k) => ({ value: k, label: kindLabel(k) })),
    needs,
    moreNeeds,
    offers: offers.map((o) => ({ ...o, kindLabel: OFFER_KIND_LABELS[o.kind] })),
    moreOffers: moreOffers.map((o) => ({ ...o, kindLabel: OFFER_KIND_LABELS[o.kind] })),
    run: session.lastRun,
    full: groups.filter((g) => g.kind === 'full'),
    partials: groups.filter((g) => g.kind === 'partial'),
    outcomes: outcomes.map((o) => ({ ...o, kindLabel: OUTCOME_LABELS[o.kind] })),
    outcomeKinds: Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label })),
    compositionOptions: compositions.map((c) => ({
      value: String(c.id),
      label: `n° ${c.id} · ${c.roleLabel} · ${c.organizations.join(', ')}${c.inRun ? ' (trouvée à cette rencontre)' : ''}`,
    })),
    postOptions: posts.map((p) => ({ value: String(p.id), label: `n° ${p.id} · ${p.title}` })),
    organizationOptions: organizations.map((o) => ({ value: String(o.id), label: o.name })),
    values: extras.values ?? {},
    errors: extras.errors ?? {},
    started: session.startsAt <= new Date(),
  };
}

/** The edit form's values from a stored session, as the person would have typed them. */
export function valuesFromSession(session: SessionRow): FormValues {
  return {
    kind: session.kind,
    title: session.title,
    date: parisDay(session.startsAt),
    startTime: timeValue(parisMinutes(session.startsAt)),
    endTime: timeValue(parisMinutes(session.endsAt)),
    place: session.place,
    commune: communeByCode(session.communeCode)?.label ?? session.communeName,
    departements: [...session.departements],
    description: session.description,
    version: String(session.version),
  };
}
