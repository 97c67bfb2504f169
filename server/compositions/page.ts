/** Everything views/compositions/show.njk needs, from a composition and the person looking at it. */
import type { DbOrTx } from '../../db/client';
import type { CurrentPerson } from '../accounts/session';
import type { FieldErrors } from '../common/forms';
import { hoursLabel, slotLabel } from '../vocabulary/week';
import { GE_ECONOMIC_MODEL, GE_FORMS } from './ge-guide';
import { organizationsDecidedBy } from './permissions';
import {
  AGREED_STATUSES,
  COMPOSITION_STATUS_LABELS,
  type CompositionDetail,
  geOptions,
  ownerContacts,
} from './service';
import { farthestKm, weekPicture } from './week';

export async function showData(
  db: DbOrTx,
  person: CurrentPerson,
  detail: CompositionDetail,
  extra: { errors?: FieldErrors; values?: Record<string, string> } = {},
) {
  const c = detail.composition;
  const agreed = AGREED_STATUSES.includes(c.status);
  const week = weekPicture(detail.lines, detail.organizationIds);
  const far = farthestKm(detail.lines);
  const decidedOrgs = new Set(detail.decisions.map((d) => d.organizationId));
  const mine = organizationsDecidedBy(person, detail);
  const canAnswer = c.kind === 'full' && c.status === 'proposed';
  const answerable = canAnswer
    ? week.legend.filter((e) => mine.includes(e.organizationId) && !decidedOrgs.has(e.organizationId))
    : [];
  const contacts = agreed ? await ownerContacts(db, detail.organizationIds) : [];
  const departements = [...new Set(detail.lines.map((l) => l.departement))];
  const ges = agreed ? await geOptions(db, detail.organizationIds, departements) : { common: [], others: [] };
  const chosenGe =
    c.geChoice === 'existing'
      ? ([...ges.common, ...ges.others].find((g) => g.id === c.chosenGeId)?.name ?? 'groupement choisi')
      : c.geChoice === 'to_create'
        ? 'Groupement d’employeurs à créer'
        : null;
  return {
    composition: c,
    statusLabel: COMPOSITION_STATUS_LABELS[c.status],
    hours: hoursLabel(c.hoursHundredths),
    missing: hoursLabel(c.missingHundredths),
    freeSlotLabels: c.freeSlots.map(slotLabel),
    organizations: week.legend.map((entry) => ({
      ...entry,
      kind: detail.lines.find((l) => l.organizationId === entry.organizationId)?.organizationKind ?? '',
      communes: [
        ...new Set(
          detail.lines.filter((l) => l.organizationId === entry.organizationId).map((l) => l.communeName),
        ),
      ],
      decision: detail.decisions.find((d) => d.organizationId === entry.organizationId) ?? null,
      contacts: contacts.filter((k) => k.organizationId === entry.organizationId),
    })),
    lines: detail.lines.map((l) => ({
      ...l,
      hours: hoursLabel(l.hoursHundredths),
      slotLabels: l.slots.map(slotLabel),
      farthestKm: far.get(l.needId) ?? 0,
      letter: week.legend.find((e) => e.organizationId === l.organizationId)?.letter ?? '',
    })),
    week,
    events: detail.events,
    agreed,
    answerable,
    isMember: mine.length > 0,
    geOptions: ges,
    chosenGe,
    geForms: GE_FORMS,
    geEconomicModel: GE_ECONOMIC_MODEL,
    errors: extra.errors ?? {},
    values: extra.values ?? {},
  };
}
