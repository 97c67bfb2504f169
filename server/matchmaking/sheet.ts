/**
 * The session sheet: everything about a session on one page (date, place, participants, needs in scope
 * by role, the compositions and partials found, the outcomes), and the same content as a spreadsheet
 * (XLSX, exceljs) and a CSV (server/common/csv.ts).
 */
import type { DbOrTx } from '../../db/client';
import type { SessionRunGroup } from '../../db/schema';
import { toCsv } from '../common/csv';
import { departementLabel, formatHours } from '../common/labels';
import { frenchDate, frenchSpan, parisDay } from '../common/paris-time';
import { OFFER_KIND_LABELS } from '../vocabulary/offers';
import { hoursLabel, slotLabel } from '../vocabulary/week';
import { sessionLocation } from './invitations';
import { listOutcomes } from './outcomes';
import { invitedOrganizations } from './participants';
import { KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS } from './schemas';
import { scopeNeeds, scopeOffers } from './scope';
import type { SessionRow } from './service';

export async function sheetData(db: DbOrTx, session: SessionRow) {
  const [organizations, needs, offers, outcomes] = await Promise.all([
    invitedOrganizations(db, session.id),
    scopeNeeds(db, session.id),
    scopeOffers(db, session.id),
    listOutcomes(db, session.id),
  ]);
  const byRole = new Map<
    string,
    { roleCode: string; roleLabel: string; hours: number; needs: typeof needs }
  >();
  for (const need of needs) {
    const group = byRole.get(need.roleCode) ?? {
      roleCode: need.roleCode,
      roleLabel: need.roleLabel,
      hours: 0,
      needs: [],
    };
    group.needs.push(need);
    group.hours += need.hoursHundredths;
    byRole.set(need.roleCode, group);
  }
  const groups = session.lastRun?.groups ?? [];
  return {
    session,
    kindLabel: KIND_LABELS[session.kind],
    statusLabel: STATUS_LABELS[session.status],
    when: frenchSpan(session.startsAt, session.endsAt),
    location: sessionLocation(session),
    territory: session.departements.map(departementLabel).join(', '),
    organizations,
    roles: [...byRole.values()].map((r) => ({ ...r, hoursLabel: formatHours(r.hours / 100) })),
    needCount: needs.length,
    offers: offers.map((o) => ({ ...o, kindLabel: OFFER_KIND_LABELS[o.kind] })),
    run: session.lastRun,
    full: groups.filter((g) => g.kind === 'full').map(describeGroup),
    partials: groups.filter((g) => g.kind === 'partial').map(describeGroup),
    outcomes: outcomes.map((o) => ({ ...o, kindLabel: OUTCOME_LABELS[o.kind] })),
  };
}

export type SheetData = Awaited<ReturnType<typeof sheetData>>;

/** A stored group with its French labels: hours, missing hours, each member's half-days. */
export function describeGroup(group: SessionRunGroup) {
  return {
    ...group,
    hoursLabel: hoursLabel(group.hoursHundredths),
    missingLabel: group.missingHundredths > 0 ? hoursLabel(group.missingHundredths) : '',
    freeSlotLabels: group.freeSlots.map(slotLabel),
    organizationNames: [...new Set(group.members.map((m) => m.organizationName))],
    members: group.members.map((m) => ({
      ...m,
      hoursLabel: hoursLabel(m.hoursHundredths),
      slotLabels: m.slots.map(slotLabel),
    })),
  };
}

export const EXPORT_HEADERS = ['Rubrique', 'Intitulé', 'Structures', 'Heures par semaine', 'Détail'] as const;

/** The sheet as rows of the exports' five columns, section after section. */
export function exportRows(data: SheetData): string[][] {
  const rows: string[][] = [
    ['Rencontre', `${data.kindLabel} : ${data.session.title}`, '', '', data.statusLabel],
    ['Date', data.when, '', '', ''],
    ['Lieu', data.location, '', '', ''],
    ['Territoire', data.territory, '', '', ''],
  ];
  for (const o of data.organizations)
    rows.push([
      'Structure invitée',
      o.name,
      o.name,
      '',
      `${o.communeName} (${o.departement})${o.invitationSentAt ? `, invitée le ${frenchDate(o.invitationSentAt)}` : ''}`,
    ]);
  for (const role of data.roles)
    for (const n of role.needs)
      rows.push([
        'Besoin',
        `${n.title} (${role.roleLabel}, ${role.roleCode})`,
        n.organizationName,
        hoursLabel(n.hoursHundredths),
        `${n.communeName} (${n.departement})`,
      ]);
  for (const o of data.offers) rows.push(['Offre', o.title, o.organizationName, '', o.kindLabel]);
  const groupRow = (section: string, g: ReturnType<typeof describeGroup>) => [
    section,
    `${g.roleLabel} (${g.roleCode})`,
    g.organizationNames.join(', '),
    g.hoursLabel,
    [
      g.members.map((m) => `${m.organizationName} : ${m.hoursLabel}, ${m.slotLabels.join(', ')}`).join(' ; '),
      g.missingLabel ? `il manque ${g.missingLabel}` : '',
      g.compositionId ? `composition n° ${g.compositionId}` : '',
    ]
      .filter(Boolean)
      .join(' ; '),
  ];
  for (const g of data.full) rows.push(groupRow('Composition', g));
  for (const g of data.partials) rows.push(groupRow('Groupe à compléter', g));
  for (const n of data.run?.suggestions ?? [])
    for (const o of n.options)
      rows.push(['Pour compléter', n.needTitle, n.organizationName, '', `${o.change} (${o.position})`]);
  for (const o of data.outcomes)
    rows.push([
      'Suite',
      o.kindLabel,
      o.organizations.map((x) => x.name).join(', '),
      '',
      [
        o.note,
        o.compositionId ? `composition n° ${o.compositionId} (${o.compositionLabel ?? ''})` : '',
        o.postId ? `poste : ${o.postTitle ?? ''}` : '',
        o.dueDate ? `à relancer le ${frenchDate(o.dueDate)}` : '',
      ]
        .filter(Boolean)
        .join(' ; '),
    ]);
  return rows;
}

/** The CSV export (server/common/csv.ts: its formula guard keeps a title such as `=…` a text). */
export function sheetCsv(data: SheetData): string {
  return toCsv([EXPORT_HEADERS, ...exportRows(data)]);
}

export async function sheetXlsx(data: SheetData): Promise<Buffer> {
  // Imported here: exceljs takes a quarter of a second and 30 MB to load, and few requests need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mosaïque';
  const sheet = workbook.addWorksheet('Fiche de rencontre');
  sheet.columns = [
    { header: EXPORT_HEADERS[0], key: 'section', width: 20 },
    { header: EXPORT_HEADERS[1], key: 'title', width: 50 },
    { header: EXPORT_HEADERS[2], key: 'organizations', width: 40 },
    { header: EXPORT_HEADERS[3], key: 'hours', width: 18 },
    { header: EXPORT_HEADERS[4], key: 'detail', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of exportRows(data)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "rencontre-12-2026-12-03": the exports' file name, with the session's day in Paris. */
export function exportName(session: Pick<SessionRow, 'id' | 'startsAt'>): string {
  return `rencontre-${session.id}-${parisDay(session.startsAt)}`;
}
