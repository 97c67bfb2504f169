/**
 * A session's work: inviting structures puts their published needs in the scope, the matcher runs on
 * exactly that scope (a need of a structure not invited is not used, even when it would fit), the
 * invitations are mailed with a valid .ics, outcomes are stored with their links, and the sheet with its
 * XLSX and CSV exports shows all of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryWithLock } from '../../db/locks';
import {
  mailOutbox,
  matchmakingOutcomeOrganizations,
  matchmakingOutcomes,
  matchmakingSessionNeeds,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  needs,
} from '../../db/schema';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { makeNeed, makeOrganization, makePerson, makeProposal, WEEK_A, WEEK_B } from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';

let t: TestApp;
let facilitator: Browser;
let sessionId: number;
let orgs: Record<'lion' | 'regie' | 'absent' | 'marseille', { id: number; name: string }>;
let needIds: Record<'lion' | 'regie' | 'absent', number>;
let owners: Record<'lion' | 'regie', { id: number; email: string }>;

/** Reads an .ics file back as a calendar would: unfolded lines, properties by name. */
function parseIcs(text: string) {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  const lines = text.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
  const get = (name: string) =>
    lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.replace(/^[^:]*:/, '');
  for (const raw of text.split('\r\n')) expect(Buffer.byteLength(raw, 'utf8')).toBeLessThanOrEqual(75);
  return { lines, get };
}

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  const person = await makePerson(t.db, { territories: ['90'] });
  owners = { lion: await makePerson(t.db), regie: await makePerson(t.db) };
  const editor = await makePerson(t.db);
  orgs = {
    lion: await makeOrganization(t.db, {
      owner: owners.lion,
      editors: [editor],
      name: 'Ressourcerie du Lion',
    }),
    regie: await makeOrganization(t.db, { owner: owners.regie, name: 'Régie de quartier Belfort Nord' }),
    absent: await makeOrganization(t.db, { name: 'Atelier non invité' }),
    marseille: await makeOrganization(t.db, { name: 'Chantier de Marseille', town: 'marseille' }),
  };
  // 21 h + 14 h = 35 h: the Lion and the Régie make a full-time accountant together. The absent
  // structure's 14 h would fit the same week, but it is not invited: it must not appear.
  needIds = {
    lion: (await makeNeed(t.db, { org: orgs.lion, hours: 21, slots: WEEK_A })).id,
    regie: (await makeNeed(t.db, { org: orgs.regie, hours: 14, slots: WEEK_B })).id,
    absent: (await makeNeed(t.db, { org: orgs.absent, hours: 14, slots: WEEK_B })).id,
  };
  await makeNeed(t.db, { org: orgs.lion, title: 'Brouillon du Lion', status: 'draft', publishedAt: null });
  facilitator = await signedIn(t.app, person.email);
  await facilitator.get('/animation/rencontres/nouvelle');
  const created = await facilitator.post('/animation/rencontres', {
    kind: 'rencontre_affaires',
    title: 'Rencontre d’affaires; Belfort, emplois partagés',
    date: '2030-06-04',
    startTime: '14:00',
    endTime: '17:30',
    place: 'Salle des fêtes, 1 place Corbis',
    commune: 'Belfort',
    departements: ['90'],
    description: 'Ordre du jour : comptabilité partagée.',
  });
  sessionId = Number(/(\d+)$/.exec(created.headers.location as string)?.[1]);
});

afterAll(async () => {
  await t.close();
});

describe('invited structures and scope', () => {
  it('finds the territory’s structures by name and refuses one of another territory', async () => {
    const page = await facilitator.get(`/animation/rencontres/${sessionId}?q=lion`);
    expect(page.body).toContain('Ressourcerie du Lion');
    expect(page.body).not.toContain('Atelier non invité</th>');
    const { fragment } = await expectFragmentOfPage(
      facilitator,
      `/animation/rencontres/${sessionId}?q=atelier`,
      {
        target: 'invitables',
        swap: 'outerHTML',
      },
    );
    expect(fragment).toContain('Atelier non invité');

    await facilitator.post(`/animation/rencontres/${sessionId}/structures`, {
      id: String(orgs.marseille.id),
    });
    const invited = await t.db
      .select()
      .from(matchmakingSessionOrganizations)
      .where(eq(matchmakingSessionOrganizations.sessionId, sessionId));
    expect(invited).toHaveLength(0);
  });

  it('puts the published needs of invited structures in the scope, and takes them out with the structure', async () => {
    for (const org of [orgs.lion, orgs.regie, orgs.absent])
      expect(
        (await facilitator.post(`/animation/rencontres/${sessionId}/structures`, { id: String(org.id) }))
          .statusCode,
      ).toBe(303);
    await facilitator.post(`/animation/rencontres/${sessionId}/structures/retirer`, {
      id: String(orgs.absent.id),
    });
    const scope = await t.db
      .select({ needId: matchmakingSessionNeeds.needId })
      .from(matchmakingSessionNeeds)
      .where(eq(matchmakingSessionNeeds.sessionId, sessionId));
    expect(scope.map((s) => s.needId).sort((a, b) => a - b)).toEqual([needIds.lion, needIds.regie]);
  });

  it('answers 400 to an add form without a valid id', async () => {
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/besoins`, { id: 'abc' });
    expect(response.statusCode).toBe(400);
  });
});

describe('matching on the scope', () => {
  it('finds the expected composition from exactly the scope’s needs and keeps it on the session', async () => {
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/mise-en-relation`);
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, sessionId));
    expect(row.lastRun?.needCount).toBe(2);
    const full = row.lastRun?.groups.filter((g) => g.kind === 'full') ?? [];
    expect(full).toHaveLength(1);
    expect(full[0].hoursHundredths).toBe(3500);
    expect(full[0].members.map((m) => m.needId).sort((a, b) => a - b)).toEqual([needIds.lion, needIds.regie]);
    expect(full[0].members.find((m) => m.needId === needIds.regie)?.slots.sort()).toEqual([...WEEK_B].sort());
    const page = await facilitator.get(`/animation/rencontres/${sessionId}`);
    expect(page.body).toContain('Compositions à temps plein');
    expect(page.body).toContain('Semaine type du poste');
    expect(page.body).toMatch(/Comptabilité \(M1203\) : 35 h par semaine/);
  });

  it('adds a need to the scope by hand, and the next run sees it', async () => {
    await facilitator.post(`/animation/rencontres/${sessionId}/besoins`, { id: String(needIds.absent) });
    await facilitator.post(`/animation/rencontres/${sessionId}/mise-en-relation`);
    const [row] = await t.db.select().from(matchmakingSessions).where(eq(matchmakingSessions.id, sessionId));
    expect(row.lastRun?.needCount).toBe(3);
    await facilitator.post(`/animation/rencontres/${sessionId}/besoins/retirer`, {
      id: String(needIds.absent),
    });
    await facilitator.post(`/animation/rencontres/${sessionId}/mise-en-relation`);
    const [again] = await t.db
      .select()
      .from(matchmakingSessions)
      .where(eq(matchmakingSessions.id, sessionId));
    expect(again.lastRun?.needCount).toBe(2);
  });

  it('starts no second run while one is going on for the session (any instance), and says so', async () => {
    const [before] = await t.db
      .select()
      .from(matchmakingSessions)
      .where(eq(matchmakingSessions.id, sessionId));
    let release = () => {};
    const held = tryWithLock(
      t.db,
      `matchmaking-session:${sessionId}`,
      () => new Promise<void>((r) => (release = r)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/mise-en-relation`);
    expect(response.statusCode).toBe(303);
    expect((await facilitator.get(`/animation/rencontres/${sessionId}`)).body).toContain(
      'La mise en relation de cette rencontre est déjà en cours',
    );
    const [after] = await t.db
      .select()
      .from(matchmakingSessions)
      .where(eq(matchmakingSessions.id, sessionId));
    expect(after.lastRun?.ranAt).toBe(before.lastRun?.ranAt);
    release();
    await held;
  });
});

describe('invitations', () => {
  it('mails every member of every invited structure with a valid .ics and records the sending', async () => {
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/invitations`);
    expect(response.statusCode).toBe(303);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'matchmaking-invitation'));
    // The Lion has an owner and an editor, the Régie an owner.
    expect(mails).toHaveLength(3);
    expect(mails.map((m) => m.to)).toContain(owners.regie.email);
    const lionMail = mails.find((m) => m.to === owners.lion.email);
    expect(lionMail?.text).toContain('mardi 4 juin 2030, de 14 h à 17 h 30');
    const attachment = lionMail?.attachments?.[0];
    expect(attachment?.filename).toBe('invitation.ics');
    expect(attachment?.contentType).toContain('text/calendar');
    const ics = parseIcs(attachment?.content ?? '');
    expect(ics.get('METHOD')).toBe('REQUEST');
    expect(ics.get('UID')).toBe(`rencontre-${sessionId}-structure-${orgs.lion.id}@mosaique.test`);
    // Paris wall-clock times with their zone (summer time: 12:00 UTC is 14 h in Paris).
    expect(ics.lines).toContain('DTSTART;TZID=Europe/Paris:20300604T140000');
    expect(ics.lines).toContain('DTEND;TZID=Europe/Paris:20300604T173000');
    expect(ics.lines).toContain('BEGIN:VTIMEZONE');
    expect(ics.lines).toContain('TZID:Europe/Paris');
    // One ATTENDEE per invited structure, named, on the site's own address: no member's address.
    const attendees = ics.lines.filter((l) => l.startsWith('ATTENDEE;'));
    expect(attendees.map((l) => /CN="([^"]*)"/.exec(l)?.[1]).sort()).toEqual([
      'Ressourcerie du Lion',
      'Régie de quartier Belfort Nord',
    ]);
    expect(attendees).toContain(
      `ATTENDEE;CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="Ressourcerie du Lion":mailto:test+structure-${orgs.lion.id}@mosaique.invalid`,
    );
    for (const owner of Object.values(owners)) expect(attachment?.content).not.toContain(owner.email);
    expect(ics.get('SUMMARY')).toBe(
      'Rencontre d’affaires : Rencontre d’affaires\\; Belfort\\, emplois partagés',
    );
    expect(ics.get('LOCATION')).toBe('Salle des fêtes\\, 1 place Corbis\\, Belfort');
    expect(ics.get('ORGANIZER')).toBe('mailto:test@mosaique.invalid');
    const sent = await t.db
      .select()
      .from(matchmakingSessionOrganizations)
      .where(eq(matchmakingSessionOrganizations.sessionId, sessionId));
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.filter((s) => s.invitationSentAt === null)).toEqual([]);

    // The mailer sends the .ics as an attachment (.eml files in DATA_DIR/mail without SMTP).
    expect(await t.app.mailer.drain(100)).toBeGreaterThanOrEqual(3);
    const files = readdirSync(path.join(t.config.dataDir, 'mail'));
    const eml = files.map((f) => readFileSync(path.join(t.config.dataDir, 'mail', f), 'utf8'));
    const withIcs = eml.filter((m) => m.includes('filename=invitation.ics'));
    expect(withIcs).toHaveLength(3);
    expect(withIcs[0]).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);

    const download = await facilitator.get(`/animation/rencontres/${sessionId}/invitation.ics`);
    expect(download.headers['content-type']).toContain('text/calendar');
    expect(parseIcs(download.body).get('UID')).toBe(`rencontre-${sessionId}-animation@mosaique.test`);
    expect(parseIcs(download.body).lines.filter((l) => l.startsWith('ATTENDEE;'))).toHaveLength(2);
  });
});

describe('outcomes', () => {
  it('re-renders an incomplete outcome in French with a 422 and keeps the note', async () => {
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/suites`, {
      kind: 'composition_agreed',
      note: 'Accord de principe',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Composition : choisissez la composition convenue.');
    expect(response.body).toContain('Accord de principe</textarea>');
    expect(await t.db.select().from(matchmakingOutcomes)).toHaveLength(0);
  });

  it('refuses links outside the session: a structure not invited', async () => {
    const response = await facilitator.post(`/animation/rencontres/${sessionId}/suites`, {
      kind: 'follow_up',
      note: 'Relancer',
      organizationIds: [String(orgs.marseille.id)],
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Structures concernées : choisissez parmi les structures invitées.');
  });

  it('stores outcomes with their composition and structures, lists them and deletes one', async () => {
    const needOf = async (id: number) => (await t.db.select().from(needs).where(eq(needs.id, id)))[0];
    const composition = await makeProposal(t.db, [
      { need: await needOf(needIds.lion), slots: WEEK_A },
      { need: await needOf(needIds.regie), slots: WEEK_B },
    ]);
    const agreed = await facilitator.post(`/animation/rencontres/${sessionId}/suites`, {
      kind: 'composition_agreed',
      compositionId: String(composition.id),
      organizationIds: [String(orgs.lion.id), String(orgs.regie.id)],
      note: 'Comptable partagé : accord des deux structures',
    });
    expect(agreed.statusCode).toBe(303);
    const follow = await facilitator.post(`/animation/rencontres/${sessionId}/suites`, {
      kind: 'follow_up',
      note: 'Rappeler la Régie pour la date de début',
      dueDate: '2030-07-01',
      organizationIds: String(orgs.regie.id),
    });
    expect(follow.statusCode).toBe(303);
    const rows = await t.db
      .select()
      .from(matchmakingOutcomes)
      .where(eq(matchmakingOutcomes.sessionId, sessionId));
    expect(rows).toHaveLength(2);
    const agreedRow = rows.find((r) => r.kind === 'composition_agreed');
    expect(agreedRow?.compositionId).toBe(composition.id);
    const linked = await t.db
      .select()
      .from(matchmakingOutcomeOrganizations)
      .where(eq(matchmakingOutcomeOrganizations.outcomeId, agreedRow?.id ?? 0));
    expect(linked.map((l) => l.organizationId).sort((a, b) => a - b)).toEqual(
      [orgs.lion.id, orgs.regie.id].sort((a, b) => a - b),
    );
    const page = await facilitator.get(`/animation/rencontres/${sessionId}`);
    expect(page.body).toContain(`href="/compositions/${composition.id}"`);
    expect(page.body).toContain('Rappeler la Régie pour la date de début');

    const followRow = rows.find((r) => r.kind === 'follow_up');
    const removed = await facilitator.post(
      `/animation/rencontres/${sessionId}/suites/${followRow?.id}/supprimer`,
    );
    expect(removed.statusCode).toBe(303);
    expect(
      await t.db.select().from(matchmakingOutcomes).where(eq(matchmakingOutcomes.sessionId, sessionId)),
    ).toHaveLength(1);
  });
});

describe('the sheet and its exports', () => {
  it('prints date, place, participants, needs by role, compositions and outcomes', async () => {
    const sheet = await facilitator.get(`/animation/rencontres/${sessionId}/fiche`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('/static/css/matchmaking-print.css');
    for (const text of [
      'mardi 4 juin 2030, de 14 h à 17 h 30',
      'Salle des fêtes, 1 place Corbis, Belfort',
      'Ressourcerie du Lion',
      'Régie de quartier Belfort Nord',
      'Comptabilité (M1203)',
      'Compositions à temps plein (1)',
      'Comptable partagé : accord des deux structures',
    ])
      expect(sheet.body).toContain(text);
    expect(sheet.body).not.toContain('Brouillon du Lion');
    expect(sheet.body).not.toContain('<script>');
  });

  it('exports the same content as CSV (semicolons, UTF-8 with BOM, French headers)', async () => {
    const csv = await facilitator.get(`/animation/rencontres/${sessionId}/fiche.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`rencontre-${sessionId}-2030-06-04.csv`);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Rubrique;Intitulé;Structures;Heures par semaine;Détail');
    expect(lines).toContain('Lieu;Salle des fêtes, 1 place Corbis, Belfort;;;');
    expect(lines.filter((l) => l.startsWith('Structure invitée;'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('Besoin;'))).toHaveLength(2);
    const composition = lines.find((l) => l.startsWith('Composition;'));
    expect(composition).toContain('35 h');
    expect(lines.some((l) => l.startsWith('Suite;Composition convenue;'))).toBe(true);
    // The title's semicolon is quoted, not a column separator.
    expect(lines[1]).toBe(
      'Rencontre;"Rencontre d’affaires : Rencontre d’affaires; Belfort, emplois partagés";;;Prévue',
    );
  });

  it('exports the same rows as XLSX', async () => {
    const xlsx = await facilitator.get(`/animation/rencontres/${sessionId}/fiche.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Fiche de rencontre');
    if (!sheet) throw new Error('no "Fiche de rencontre" worksheet');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Rubrique', 'Intitulé', 'Structures', 'Heures par semaine', 'Détail']);
    const sections = Array.from({ length: sheet.rowCount }, (_, i) => values(i + 1)[0]);
    expect(sections.filter((s) => s === 'Besoin')).toHaveLength(2);
    expect(sections).toContain('Composition');
    expect(sections).toContain('Suite');
  });
});
