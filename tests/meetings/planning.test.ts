/**
 * The facilitator's planning: slots and tables set through the forms (bad input in French, 422), "tout
 * planifier" giving a valid plan (validatePlan) with nobody in two places and locked meetings kept, the
 * grid and the unscheduled list, a hand move refused on a conflict and stored when clean, lock/unlock,
 * and two facilitators planning at once (stale version refused).
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingSlots, meetingTables, meetingUnavailabilities, sessionMeetings } from '../../db/schema';
import { getSession, loadBoard } from '../../server/meetings/board';
import { scheduleInput, storedAssignments } from '../../server/meetings/plan';
import { validatePlan } from '../../server/scheduling';
import { createTestApp, type TestApp } from '../support/app';
import type { Browser } from '../support/browser';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';
import { expectFragmentOfPage } from '../support/fragments';
import { signedIn, versionOf } from './helpers';

let t: TestApp;
let facilitator: { id: number; email: string };
let browser: Browser;
let sessionId: number;
let org: { id: number; name: string }[];
let url: string;

const meetings = () =>
  t.db
    .select()
    .from(sessionMeetings)
    .where(eq(sessionMeetings.sessionId, sessionId))
    .orderBy(asc(sessionMeetings.id));
const slots = () =>
  t.db
    .select()
    .from(meetingSlots)
    .where(eq(meetingSlots.sessionId, sessionId))
    .orderBy(asc(meetingSlots.startsAt));
const tables = () =>
  t.db
    .select()
    .from(meetingTables)
    .where(eq(meetingTables.sessionId, sessionId))
    .orderBy(asc(meetingTables.position));
const board = async () =>
  loadBoard(t.db, (await getSession(t.db, sessionId)) as NonNullable<Awaited<ReturnType<typeof getSession>>>);
const currentVersion = async () => versionOf((await browser.get(`${url}/planning`)).body);

beforeAll(async () => {
  t = await createTestApp({ rateLimit: { max: 100_000, windowMs: 60_000 } });
  facilitator = await makePerson(t.db, { territories: ['90'] });
  org = [];
  for (const name of ['Alpha', 'Bêta', 'Gamma', 'Delta', 'Epsilon'])
    org.push(await makeOrganization(t.db, { name }));
  sessionId = (await makeMatchmakingSession(t.db, { organizations: org.map((o) => o.id) })).id;
  url = `/animation/rencontres/${sessionId}/rendez-vous`;
  browser = await signedIn(t.app, facilitator.email);
  await browser.get(url);
  // Every pair but Delta–Epsilon: 9 meetings; Alpha meets four organizations.
  for (let i = 0; i < org.length; i++)
    for (let j = i + 1; j < org.length; j++) {
      if (i === 3 && j === 4) continue;
      const response = await browser.post(url, {
        organisationA: String(org[i].id),
        organisationB: String(org[j].id),
      });
      expect(response.statusCode).toBe(303);
    }
});
afterAll(async () => {
  await t?.close();
});

describe('slots and tables', () => {
  it('refuses slots outside the session’s hours, overlapping or malformed, in French, input kept', async () => {
    const version = versionOf((await browser.get(`${url}/creneaux`)).body);
    const cases: [Record<string, string>, string][] = [
      [
        { debut: '8:00', duree: '20', nombre: '3' },
        'doivent tenir dans les horaires de la rencontre (9 h – 12 h 30)',
      ],
      [
        { debut: 'neuf heures', duree: '20', nombre: '3' },
        'Heure du premier créneau : écrivez une heure comme 9:30.',
      ],
      [
        { debut: '9:00', duree: '2', nombre: '3' },
        'Durée d’un rendez-vous : un nombre de minutes entre 5 et 240.',
      ],
      [{ debut: '9:00', duree: '20', nombre: '0' }, 'Nombre de créneaux : entre 1 et 40.'],
      [{ liste: '9:00 - 9:30\n9:20 - 9:40' }, 'se chevauchent'],
      [{ liste: '9:00 - 9:30\nmidi' }, 'ligne 2 : écrivez « 9:00 - 9:20 »'],
    ];
    for (const [form, message] of cases) {
      const response = await browser.post(`${url}/creneaux`, { ...form, version });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(message);
      // Everything typed comes back in the form.
      for (const field of ['debut', 'duree', 'nombre'] as const)
        if (form[field])
          expect(response.body).toContain(
            `name="${field}" type="${field === 'debut' ? 'text' : 'number'}" value="${form[field]}"`,
          );
      if (form.liste) expect(response.body).toContain(`${form.liste}</textarea>`);
    }
    expect(await slots()).toEqual([]);
  });

  it('creates regular slots in Paris time, and tables by count', async () => {
    let version = versionOf((await browser.get(`${url}/creneaux`)).body);
    const response = await browser.post(`${url}/creneaux`, {
      debut: '9:00',
      duree: '20',
      pause: '10',
      nombre: '4',
      version,
    });
    expect(response.statusCode).toBe(303);
    const rows = await slots();
    expect(rows.map((s) => s.startsAt.toISOString())).toEqual([
      '2027-03-10T08:00:00.000Z',
      '2027-03-10T08:30:00.000Z',
      '2027-03-10T09:00:00.000Z',
      '2027-03-10T09:30:00.000Z',
    ]);
    expect(rows[0].endsAt.toISOString()).toBe('2027-03-10T08:20:00.000Z');
    version = versionOf((await browser.get(`${url}/creneaux`)).body);
    expect((await browser.post(`${url}/tables`, { nombreTables: '2', version })).statusCode).toBe(303);
    expect((await tables()).map((x) => x.name)).toEqual(['Table 1', 'Table 2']);
    const page = await browser.get(`${url}/creneaux`);
    expect(page.body).toContain('9 h – 9 h 20');
    expect(page.body).toContain('10 h 30 – 10 h 50');
  });

  it('refuses duplicate table names', async () => {
    const version = versionOf((await browser.get(`${url}/creneaux`)).body);
    const response = await browser.post(`${url}/tables`, { noms: 'Salle bleue\nSalle bleue', version });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('« Salle bleue » apparaît deux fois');
  });
});

describe('tout planifier', () => {
  it('places every meeting it can with nobody in two places, and says why the others are left out', async () => {
    // Gamma cannot attend the first slot.
    const first = (await slots())[0];
    let version = versionOf((await browser.get(`${url}/creneaux`)).body);
    const away = await browser.post(`${url}/indisponibilites`, {
      absent: `${org[2].id}-${first.id}`,
      version,
    });
    expect(away.statusCode).toBe(303);
    expect(await t.db.select().from(meetingUnavailabilities)).toHaveLength(1);

    version = await currentVersion();
    const response = await browser.post(`${url}/planifier`, { version });
    expect(response.statusCode).toBe(303);
    const b = await board();
    const input = scheduleInput(b);
    const assignments = storedAssignments(b);
    expect(validatePlan(input, { assignments })).toEqual([]);
    // Alpha has four meetings in four slots: all of them; 9 meetings, 4 slots × 2 tables = 8 places at most,
    // and no slot can hold two of Alpha's: every plan leaves at least one out.
    expect(assignments.length).toBe(8);
    const rows = await meetings();
    const left = rows.filter((m) => m.slotId === null);
    expect(left).toHaveLength(1);
    expect(left[0].unscheduledReason).toBe('no-room');
    const page = await browser.get(`${url}/planning`);
    expect(page.body).toContain(
      '<caption>Rendez-vous par table et par créneau : libre, occupée ou en conflit</caption>',
    );
    expect(page.body).toMatch(/<th scope="row">Table 1<\/th>/);
    expect(page.body).toMatch(/<th scope="col">9 h – 9 h 20<\/th>/);
    expect(page.body).toContain('plus de place : les créneaux où les deux sont libres sont tous pris');
    expect(page.body).toContain('Dernier calcul : 8 rendez-vous placés, 1 non placé');
    // Gamma never in the first slot.
    const gammaFirst = rows.filter(
      (m) =>
        m.slotId === first.id && (m.organizationLowId === org[2].id || m.organizationHighId === org[2].id),
    );
    expect(gammaFirst).toEqual([]);
  });

  it('keeps a locked meeting where the facilitator put it when planning again', async () => {
    const rows = await meetings();
    const target = rows.find((m) => m.slotId !== null) as (typeof rows)[number];
    const lastSlot = (await slots())[3];
    const table2 = (await tables())[1];
    // Move it by hand to the last slot, table 2, locked; free that place first if needed.
    const occupant = rows.find(
      (m) => m.slotId === lastSlot.id && m.tableId === table2.id && m.id !== target.id,
    );
    if (occupant) {
      const version = await currentVersion();
      await browser.post(`${url}/deplacer`, {
        rendezvous: String(occupant.id),
        creneau: '',
        table: '',
        version,
      });
    }
    const clashing = (await meetings()).filter(
      (m) =>
        m.id !== target.id &&
        m.slotId === lastSlot.id &&
        [m.organizationLowId, m.organizationHighId].some((o) =>
          [target.organizationLowId, target.organizationHighId].includes(o),
        ),
    );
    for (const m of clashing) {
      const version = await currentVersion();
      await browser.post(`${url}/deplacer`, { rendezvous: String(m.id), creneau: '', table: '', version });
    }
    let version = await currentVersion();
    const moved = await browser.post(`${url}/deplacer`, {
      rendezvous: String(target.id),
      creneau: String(lastSlot.id),
      table: String(table2.id),
      verrouiller: '1',
      version,
    });
    expect(moved.statusCode).toBe(303);
    version = await currentVersion();
    expect((await browser.post(`${url}/planifier`, { version })).statusCode).toBe(303);
    const after = (await meetings()).find((m) => m.id === target.id);
    expect(after).toMatchObject({ slotId: lastSlot.id, tableId: table2.id, locked: true });
    const b = await board();
    expect(validatePlan(scheduleInput(b), { assignments: storedAssignments(b) })).toEqual([]);
    expect(storedAssignments(b)).toHaveLength(8);
  });

  it('refuses a hand move that puts an organization in two places, in French, and stores nothing', async () => {
    const rows = await meetings();
    // Two placed meetings of Alpha in different slots: move one into the other's slot, at the other table.
    const alpha = rows.filter((m) => m.slotId !== null && m.organizationLowId === org[0].id);
    const [x, y] = alpha;
    const otherTable = (await tables()).find((tb) => tb.id !== y.tableId) as { id: number };
    const version = await currentVersion();
    const response = await browser.post(`${url}/deplacer`, {
      rendezvous: String(x.id),
      creneau: String(y.slotId),
      table: String(otherTable.id),
      version,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Ce déplacement crée un conflit, il n’est pas enregistré');
    expect(response.body).toContain('Alpha a déjà un rendez-vous à');
    expect((await meetings()).find((m) => m.id === x.id)).toMatchObject({
      slotId: x.slotId,
      tableId: x.tableId,
    });
  });

  it('refuses a hand move onto a taken table and onto an absence', async () => {
    const rows = await meetings();
    const first = (await slots())[0];
    const placed = rows.filter((m) => m.slotId !== null);
    const unplacedOrMovable = rows.find((m) => m.slotId === null) ?? placed[0];
    const taken = placed.find(
      (m) => m.id !== unplacedOrMovable.id && m.slotId !== unplacedOrMovable.slotId,
    ) as (typeof rows)[number];
    let version = await currentVersion();
    let response = await browser.post(`${url}/deplacer`, {
      rendezvous: String(unplacedOrMovable.id),
      creneau: String(taken.slotId),
      table: String(taken.tableId),
      version,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/Table \d est déjà prise à|a déjà un rendez-vous à/);
    // Gamma is away in the first slot.
    const gamma = rows.find(
      (m) => m.organizationLowId === org[2].id || m.organizationHighId === org[2].id,
    ) as (typeof rows)[number];
    version = await currentVersion();
    response = await browser.post(`${url}/deplacer`, {
      rendezvous: String(gamma.id),
      creneau: String(first.id),
      table: String((await tables())[0].id),
      version,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Gamma n’est pas disponible à 9 h – 9 h 20.');
  });

  it('answers the planning block alone to htmx, and a lock toggles', async () => {
    const placed = (await meetings()).find((m) => m.slotId !== null && !m.locked) as { id: number };
    const version = await currentVersion();
    const response = await browser.post(
      `${url}/${placed.id}/verrouiller`,
      { verrou: '1', version },
      { 'hx-request': 'true' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.body.trimStart().startsWith('<div id="planning"')).toBe(true);
    expect(response.body).toContain('Le rendez-vous est verrouillé');
    expect((await meetings()).find((m) => m.id === placed.id)?.locked).toBe(true);
    const unlock = await browser.post(`${url}/${placed.id}/verrouiller`, {
      verrou: '0',
      version: await currentVersion(),
    });
    expect(unlock.statusCode).toBe(303);
    expect((await meetings()).find((m) => m.id === placed.id)?.locked).toBe(false);
  });

  it('includes in the page the very planning block it answers to htmx', async () => {
    const { page } = await expectFragmentOfPage(browser, `${url}/planning`, {
      target: 'planning',
      swap: 'outerHTML',
    });
    expect(page).toContain('<div id="planning"');
  });

  it('refuses a stale version: two facilitators planning at once do not overwrite each other', async () => {
    const version = await currentVersion();
    const other = await signedIn(t.app, facilitator.email);
    await other.get(url);
    const before = await meetings();
    const placed = before.find((m) => m.slotId !== null) as (typeof before)[number];
    // The other facilitator takes a meeting out of the plan first.
    expect(
      (
        await other.post(`${url}/deplacer`, {
          rendezvous: String(placed.id),
          creneau: '',
          table: '',
          version,
        })
      ).statusCode,
    ).toBe(303);
    const afterOther = await meetings();
    // Then this one, with the version read before, plans everything: refused, nothing overwritten.
    const response = await browser.post(`${url}/planifier`, { version });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Le planning a été modifié par quelqu’un d’autre');
    expect(await meetings()).toEqual(afterOther);
    // A missing version is a malformed request.
    expect((await browser.post(`${url}/planifier`, {})).statusCode).toBe(400);
    // The slots form saved on a stale version comes back with what was typed.
    const stale = await browser.post(`${url}/creneaux`, { debut: '9:10', duree: '25', version });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('name="debut" type="text" value="9:10"');
    expect(stale.body).toContain('name="duree" type="number" value="25"');
  });

  it('refuses to plan before slots and tables exist', async () => {
    const empty = await makeMatchmakingSession(t.db, { organizations: [org[0].id, org[1].id] });
    const page = await browser.get(`/animation/rencontres/${empty.id}/rendez-vous/planning`);
    expect(page.body).toContain('définissez les créneaux et les tables');
    const response = await browser.post(`/animation/rencontres/${empty.id}/rendez-vous/planifier`, {
      version: '0',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Définissez d’abord les créneaux et les tables de la rencontre.');
  });
});
