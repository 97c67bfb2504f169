import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine } from '../../server/common/ics';

/** Unfolds and splits an .ics file back into properties, as a calendar would read it. */
function parseIcs(text: string): { name: string; params: string; value: string }[] {
  expect(text.endsWith('\r\n')).toBe(true);
  // Every line break is CRLF: no bare LF or CR.
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const unfolded = text.replace(/\r\n /g, '');
  return unfolded
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const head = line.slice(0, colon);
      const [name, ...params] = head.split(';');
      return { name, params: params.join(';'), value: line.slice(colon + 1) };
    });
}

function unescapeText(value: string): string {
  return value.replace(/\\(n|N|\\|;|,)/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

describe('ICS builder', () => {
  const start = new Date('2026-12-03T08:30:00Z');
  const end = new Date('2026-12-03T11:00:00Z');
  const ics = buildIcs({
    method: 'REQUEST',
    stamp: new Date('2026-11-23T16:00:00.123Z'),
    events: [
      {
        uid: 'rencontre-12-org-34@mosaique',
        start,
        end,
        summary: 'Rencontre d’affaires; Belfort, emplois partagés',
        location: 'Maison des associations, 3 rue de l’Étang\nBelfort',
        description: `Ordre du jour : ${'présentation des besoins à temps partiel, '.repeat(4)}\\ fin`,
        sequence: 2,
        organizer: { name: 'Mosaïque "animation"', email: 'noreply@mosaique.test' },
        attendees: [
          { name: 'Atelier du Lion, Belfort; "ACI"', email: 'noreply+structure-3@mosaique.test' },
          { name: 'Régie de quartier', email: 'noreply+structure-4@mosaique.test' },
        ],
      },
    ],
  });
  const props = parseIcs(ics);
  const value = (name: string) => props.find((p) => p.name === name)?.value;

  it('is a VCALENDAR with one VEVENT and the REQUEST method', () => {
    expect(props[0]).toMatchObject({ name: 'BEGIN', value: 'VCALENDAR' });
    expect(props.at(-1)).toMatchObject({ name: 'END', value: 'VCALENDAR' });
    expect(value('VERSION')).toBe('2.0');
    expect(value('METHOD')).toBe('REQUEST');
    expect(props.filter((p) => p.name === 'BEGIN' && p.value === 'VEVENT')).toHaveLength(1);
    expect(value('PRODID')).toBeTruthy();
  });

  it('gives Paris wall-clock times with the zone, a UTC stamp and the stable UID', () => {
    const dtstart = props.find((p) => p.name === 'DTSTART' && p.params);
    expect(dtstart).toEqual({ name: 'DTSTART', params: 'TZID=Europe/Paris', value: '20261203T093000' });
    expect(props.find((p) => p.name === 'DTEND')).toEqual({
      name: 'DTEND',
      params: 'TZID=Europe/Paris',
      value: '20261203T120000',
    });
    expect(value('DTSTAMP')).toBe('20261123T160000Z');
    expect(value('UID')).toBe('rencontre-12-org-34@mosaique');
    expect(value('SEQUENCE')).toBe('2');
  });

  it('escapes text and reads it back unchanged', () => {
    expect(value('SUMMARY')).toBe('Rencontre d’affaires\\; Belfort\\, emplois partagés');
    expect(unescapeText(value('SUMMARY') ?? '')).toBe('Rencontre d’affaires; Belfort, emplois partagés');
    expect(unescapeText(value('LOCATION') ?? '')).toBe('Maison des associations, 3 rue de l’Étang\nBelfort');
    expect(unescapeText(value('DESCRIPTION') ?? '')).toContain('\\ fin');
    const organizer = props.find((p) => p.name === 'ORGANIZER');
    expect(organizer?.params).toBe('CN="Mosaïque animation"');
    expect(organizer?.value).toBe('mailto:noreply@mosaique.test');
  });

  it('defines Europe/Paris with its summer-time rules, before the event', () => {
    const text = ics.replace(/\r\n /g, '');
    const zone = text.slice(text.indexOf('BEGIN:VTIMEZONE'), text.indexOf('END:VTIMEZONE'));
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeGreaterThan(0);
    expect(text.indexOf('END:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(zone).toContain('TZID:Europe/Paris\r\n');
    expect(zone).toContain(
      'BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT',
    );
    expect(zone).toContain(
      'BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD',
    );
  });

  it('names one ATTENDEE per invited structure, quotes dropped from the name', () => {
    const attendees = props.filter((p) => p.name === 'ATTENDEE');
    expect(attendees).toEqual([
      {
        name: 'ATTENDEE',
        params:
          'CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="Atelier du Lion, Belfort; ACI"',
        value: 'mailto:noreply+structure-3@mosaique.test',
      },
      {
        name: 'ATTENDEE',
        params: 'CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="Régie de quartier"',
        value: 'mailto:noreply+structure-4@mosaique.test',
      },
    ]);
  });

  it('writes summer dates at UTC+2', () => {
    const summer = buildIcs({
      stamp: new Date('2027-01-01T00:00:00Z'),
      events: [
        {
          uid: 'x',
          start: new Date('2027-07-01T22:30:00Z'),
          end: new Date('2027-07-02T00:00:00Z'),
          summary: 's',
        },
      ],
    });
    expect(summer).toContain('\r\nDTSTART;TZID=Europe/Paris:20270702T003000\r\n');
    expect(summer).toContain('\r\nDTEND;TZID=Europe/Paris:20270702T020000\r\n');
  });

  it('folds every line at 75 octets', () => {
    const lines = ics.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
  });
});

describe('foldLine', () => {
  it('never cuts a multi-byte character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      expect(part).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves short lines alone', () => {
    expect(foldLine('BEGIN:VEVENT')).toBe('BEGIN:VEVENT');
  });

  it('escapes backslashes before the other characters', () => {
    expect(escapeText('a\\;b')).toBe('a\\\\\\;b');
  });
});
