/**
 * Agendas: a participant's page (slot, table, whom they meet, waiting and absences), the .ics parsed back
 * (one VEVENT per planned meeting, Paris times with their VTIMEZONE, stable UIDs; the session itself
 * when none is planned), a member of two invited organizations
 * choosing which, and the facilitator's printable page of every agenda.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingSlots, meetingTables, meetingUnavailabilities, sessionMeetings } from '../../db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeOrganization, makePerson } from '../support/factories';
import { signedIn } from './helpers';

let t: TestApp;
let people: Record<'a' | 'b' | 'both' | 'facilitator', { id: number; email: string }>;
let orgs: Record<'a' | 'b' | 'c', { id: number; name: string }>;
let sessionId: number;
let slots: { id: number; startsAt: Date; endsAt: Date }[];

/** Unfolds an .ics file and returns its events as property maps. */
function parseIcs(text: string): Record<string, string>[] {
  expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  const lines = text.replace(/\r\n /g, '').split('\r\n');
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      if (current) events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon).split(';')[0]] = line
        .slice(colon + 1)
        .replace(/\\n/g, '\n')
        .replace(/\\([,;\\])/g, '$1');
    }
  }
  return events;
}

beforeAll(async () => {
  t = await createTestApp();
  people = {
    a: await makePerson(t.db),
    b: await makePerson(t.db),
    both: await makePerson(t.db),
    facilitator: await makePerson(t.db, { territories: ['90'] }),
  };
  orgs = {
    a: await makeOrganization(t.db, { owner: people.a, editors: [people.both], name: 'Atelier du Lion' }),
    b: await makeOrganization(t.db, { owner: people.b, editors: [people.both], name: 'Bois, Fer & Cie' }),
    c: await makeOrganization(t.db, { name: 'Cyclerie solidaire' }),
  };
  const session = await makeMatchmakingSession(t.db, { organizations: [orgs.a.id, orgs.b.id, orgs.c.id] });
  sessionId = session.id;
  slots = await t.db
    .insert(meetingSlots)
    .values(
      ['08:00', '08:30', '09:00', '09:30'].map((hm) => ({
        sessionId,
        startsAt: new Date(`2027-03-10T${hm}:00Z`),
        endsAt: new Date(new Date(`2027-03-10T${hm}:00Z`).getTime() + 20 * 60_000),
      })),
    )
    .returning();
  const [table] = await t.db
    .insert(meetingTables)
    .values({ sessionId, name: 'Table verte', position: 0 })
    .returning();
  // Atelier meets Bois at 9:00 and Cyclerie at 10:00 (waiting at 9:30), and is away at 10:30.
  await t.db.insert(sessionMeetings).values([
    {
      sessionId,
      organizationLowId: Math.min(orgs.a.id, orgs.b.id),
      organizationHighId: Math.max(orgs.a.id, orgs.b.id),
      source: 'participant',
      requestedByOrganizationId: orgs.a.id,
      reason: 'Comptabilité partagée',
      slotId: slots[0].id,
      tableId: table.id,
    },
    {
      sessionId,
      organizationLowId: Math.min(orgs.a.id, orgs.c.id),
      organizationHighId: Math.max(orgs.a.id, orgs.c.id),
      source: 'facilitator',
      slotId: slots[2].id,
      tableId: table.id,
    },
    {
      sessionId,
      organizationLowId: Math.min(orgs.b.id, orgs.c.id),
      organizationHighId: Math.max(orgs.b.id, orgs.c.id),
      source: 'facilitator',
    },
  ]);
  await t.db
    .insert(meetingUnavailabilities)
    .values({ sessionId, organizationId: orgs.a.id, slotId: slots[3].id });
});
afterAll(async () => {
  await t?.close();
});

describe('participant agenda', () => {
  it('shows each slot: meeting with table and whom, waiting, absence', async () => {
    const browser = await signedIn(t.app, people.a.email);
    const response = await browser.get(`/rencontres/${sessionId}/agenda`);
    expect(response.statusCode).toBe(200);
    const rows = [...response.body.matchAll(/<tr class="meetings-agenda-(\w+)">([\s\S]*?)<\/tr>/g)].map(
      (m) => [
        m[1],
        m[2]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ],
    );
    expect(rows).toEqual([
      ['meeting', '9 h – 9 h 20 Table verte Bois, Fer &amp; Cie'],
      ['waiting', '9 h 30 – 9 h 50 Pause'],
      ['meeting', '10 h – 10 h 20 Table verte Cyclerie solidaire'],
      ['unavailable', '10 h 30 – 10 h 50 Absent'],
    ]);
    expect(response.body).toContain('<caption>Agenda d’Atelier du Lion</caption>');
  });

  it('gives the .ics of the planned meetings, which parses back', async () => {
    const browser = await signedIn(t.app, people.a.email);
    const response = await browser.get(`/rencontres/${sessionId}/agenda.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const events = parseIcs(response.body);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      DTSTART: '20270310T090000',
      DTEND: '20270310T092000',
      SUMMARY: 'Rendez-vous avec Bois, Fer & Cie (Table verte)',
      LOCATION: 'Table verte, Maison des associations, Belfort',
    });
    expect(events[0].DESCRIPTION).toContain('Motif : Comptabilité partagée');
    expect(events[1]).toMatchObject({
      DTSTART: '20270310T100000',
      SUMMARY: 'Rendez-vous avec Cyclerie solidaire (Table verte)',
    });
    expect(response.body).toContain('\r\nDTSTART;TZID=Europe/Paris:20270310T090000\r\n');
    expect(response.body).toContain(
      '\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n',
    );
    expect(new Set(events.map((e) => e.UID)).size).toBe(2);
    // Downloading again gives the same UIDs: calendars update the events instead of adding copies.
    const again = parseIcs((await browser.get(`/rencontres/${sessionId}/agenda.ics`)).body);
    expect(again.map((e) => e.UID)).toEqual(events.map((e) => e.UID));
  });

  it('holds the session itself, saying so, when no meeting is planned', async () => {
    const empty = await makeMatchmakingSession(t.db, {
      organizations: [orgs.a.id],
      title: 'Matinée, emplois; partagés',
      startsAt: new Date('2027-06-15T07:00:00Z'),
      endsAt: new Date('2027-06-15T10:00:00Z'),
    });
    const browser = await signedIn(t.app, people.a.email);
    const response = await browser.get(`/rencontres/${empty.id}/agenda.ics`);
    expect(response.statusCode).toBe(200);
    const events = parseIcs(response.body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      UID: `rencontre-${empty.id}-agenda-structure-${orgs.a.id}@mosaique.test`,
      DTSTART: '20270615T090000',
      DTEND: '20270615T120000',
      SUMMARY: 'Matinée, emplois; partagés',
      LOCATION: 'Maison des associations, Belfort',
    });
    expect(events[0].DESCRIPTION).toContain('aucun rendez-vous n’est planifié pour Atelier du Lion');
    // Escaped per RFC 5545 in the file itself.
    expect(response.body).toContain('SUMMARY:Matinée\\, emplois\\; partagés\r\n');
    expect(response.body).toContain('DTSTART;TZID=Europe/Paris:20270615T090000');
    expect(response.body).toContain('BEGIN:VTIMEZONE');
  });

  it('lets a member of two invited organizations pick one, and no other', async () => {
    const browser = await signedIn(t.app, people.both.email);
    const a = await browser.get(`/rencontres/${sessionId}/agenda?structure=${orgs.a.id}`);
    expect(a.body).toContain('Agenda d’Atelier du Lion');
    const b = await browser.get(`/rencontres/${sessionId}/agenda?structure=${orgs.b.id}`);
    expect(b.body).toContain('Agenda de Bois, Fer &amp; Cie');
    expect(
      parseIcs((await browser.get(`/rencontres/${sessionId}/agenda.ics?structure=${orgs.b.id}`)).body),
    ).toHaveLength(1);
    expect((await browser.get(`/rencontres/${sessionId}/agenda?structure=${orgs.c.id}`)).statusCode).toBe(
      404,
    );
    expect((await browser.get(`/rencontres/${sessionId}/agenda?structure=abc`)).statusCode).toBe(404);
  });
});

describe('facilitator agendas', () => {
  it('prints every organization’s agenda and gives each .ics', async () => {
    const browser = await signedIn(t.app, people.facilitator.email);
    const response = await browser.get(`/animation/rencontres/${sessionId}/rendez-vous/agendas`);
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/<section class="meetings-agenda-page"/g)).toHaveLength(3);
    expect(response.body).toContain('<caption>Agenda de Cyclerie solidaire</caption>');
    const ics = await browser.get(
      `/animation/rencontres/${sessionId}/rendez-vous/agendas/${orgs.c.id}/agenda.ics`,
    );
    expect(parseIcs(ics.body).map((e) => e.SUMMARY)).toEqual([
      'Rendez-vous avec Atelier du Lion (Table verte)',
    ]);
    const outsider = await makeOrganization(t.db, {});
    expect(
      (await browser.get(`/animation/rencontres/${sessionId}/rendez-vous/agendas/${outsider.id}/agenda.ics`))
        .statusCode,
    ).toBe(404);
  });
});
