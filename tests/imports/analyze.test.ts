import { describe, expect, it } from 'vitest';
import { analyzeFile, type ImportAnalysis, summarize } from '../../server/imports';
import { SIRETS } from './fixtures/make-fixtures';
import { fixture, testLookups } from './support';

const TODAY = '2026-06-01';

async function analyze(name: string, mapping?: Record<number, null>): Promise<ImportAnalysis> {
  const outcome = await analyzeFile(fixture(name), { today: TODAY, lookups: await testLookups(), mapping });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

describe('analyzeFile on the XLSX diagnosis (title rows, merged headers and names)', () => {
  it('finds the header under the title and group rows and maps every column', async () => {
    const analysis = await analyze('diagnostic-belfort.xlsx');
    expect(analysis.headerRow).toBe(5);
    expect(analysis.mapping.map((m) => m.field)).toEqual([
      'structureName',
      'siret',
      'contact',
      'postalCode',
      'commune',
      'role',
      'hours',
      'days',
      'start',
      'description',
    ]);
    expect(analysis.missingFields).toEqual([]);
  });

  it('reports errors with the spreadsheet row numbers', async () => {
    const analysis = await analyze('diagnostic-belfort.xlsx');
    const summary = summarize(analysis);
    expect(summary.rows).toBe(6);
    expect(summary.valid).toBe(3);
    expect(summary.errors.map((e) => [e.row, e.field])).toEqual([
      [9, 'days'],
      [10, 'siret'],
      [10, 'commune'],
      [11, 'hours'],
      [11, 'start'],
    ]);
    expect(summary.errors[0].message).toContain('14 h ne tiennent pas dans jeudi matin');
  });

  it('turns valid rows into need drafts', async () => {
    const analysis = await analyze('diagnostic-belfort.xlsx');
    const [first, second, third] = analysis.drafts;
    expect(first).toMatchObject({
      row: 6,
      structure: { name: 'Ressourcerie du Lion', siret: SIRETS.ressourcerie, communeCode: '90010' },
      role: { code: 'M1203' },
      title: 'Comptable',
      description: 'Compta fournisseurs',
      hoursHundredths: 1400,
      slotsNeeded: 4,
      allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm'],
      start: '2026-09-01',
      communeCode: '90010',
      communeName: 'Belfort',
      maxTravelKm: 30,
    });
    expect(first.lat).toBeCloseTo(47.64, 1);
    // Row 7: the name merged over rows 7-8, a formula for the hours, an Excel serial for the date.
    expect(second).toMatchObject({
      row: 7,
      structure: { name: 'Jardins de Cocagne', communeCode: '25056' },
      role: { code: 'K2112' },
      title: 'Encadrant technique',
      hoursHundredths: 1400,
      start: '2026-09-01',
    });
    expect(third).toMatchObject({
      row: 8,
      structure: { name: 'Jardins de Cocagne' },
      hoursHundredths: 1400,
      slotsNeeded: 4,
      allowedSlots: ['tue-am', 'thu-am', 'fri-am', 'fri-pm'],
    });
  });

  it('never keeps what contact columns hold', async () => {
    const analysis = await analyze('diagnostic-belfort.xlsx');
    expect(JSON.stringify(analysis.drafts)).not.toContain('06 12 34 56 78');
  });

  it('follows a mapping the person changed', async () => {
    // Ignoring the hours column makes every row miss its hours.
    const analysis = await analyze('diagnostic-belfort.xlsx', { 6: null });
    expect(analysis.missingFields).toEqual(['hours']);
    expect(analysis.drafts).toHaveLength(0);
    expect(analysis.errors.filter((e) => e.field === 'hours')).toHaveLength(6);
  });
});

describe('analyzeFile on CSV', () => {
  it.each([
    ['besoins-windows-1252.csv', 1],
    ['besoins-utf8-bom.csv', 0],
    ['besoins-tab.csv', 0],
  ])('reads %s the same way (header on line %i + 1)', async (name, offset) => {
    const analysis = await analyze(name);
    expect(analysis.headerRow).toBe(1 + offset);
    const summary = summarize(analysis);
    expect(summary).toMatchObject({ rows: 3, valid: 2 });
    expect(summary.errors.map((e) => [e.row, e.field])).toEqual([[4 + offset, 'days']]);
    const [regie, cafe] = analysis.drafts;
    expect(regie).toMatchObject({
      row: 2 + offset,
      structure: { name: 'Régie des Quartiers Est', siret: SIRETS.nettoyage },
      communeName: 'Montbéliard',
      role: { code: 'K2204' },
      title: "Agent d'entretien",
      hoursHundredths: 1500,
      allowedSlots: ['mon-am', 'wed-pm', 'fri-am', 'fri-pm'],
      slotsNeeded: 4,
      start: '2026-09-01',
    });
    expect(cafe).toMatchObject({
      structure: { name: 'Éco-Café Solidaire' },
      hoursHundredths: 1450,
      allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am', 'thu-pm'],
      start: TODAY,
      startAsap: true,
    });
    expect(analysis.warnings.some((w) => w.row === 3 + offset && w.field === 'start')).toBe(true);
  });
});

describe('analyzeFile row rules', () => {
  const csv = (lines: string[]) => Buffer.from(lines.join('\n'));
  const header = 'Structure;SIRET;CP;Ville;Poste;Heures;Jours;Début';

  it('suggests ROME codes for free-text titles and keeps the title', async () => {
    const outcome = await analyzeFile(
      csv([header, `Ressourcerie;${SIRETS.ressourcerie};90000;Belfort;Comptable;14;lundi, mardi;01/09/2026`]),
      {
        today: TODAY,
        lookups: await testLookups(),
      },
    );
    if (!outcome.ok) throw new Error(outcome.message);
    const [draft] = outcome.drafts;
    expect(draft.title).toBe('Comptable');
    expect(draft.roleSuggestions.length).toBeGreaterThan(0);
    expect(draft.role).toEqual({
      code: draft.roleSuggestions[0].code,
      label: draft.roleSuggestions[0].label,
    });
    expect(outcome.warnings.some((w) => w.field === 'role')).toBe(true);
  });

  it.each([
    [
      `;${SIRETS.bati};90000;Belfort;M1203;14;lundi, mardi;01/09/2026`,
      'structureName',
      'Nom de la structure manquant',
    ],
    [`BTP;${SIRETS.bati};;;M1203;14;lundi, mardi;01/09/2026`, 'commune', 'Commune ou code postal manquant'],
    [`BTP;${SIRETS.bati};99999;;M1203;14;lundi, mardi;01/09/2026`, 'postalCode', 'Commune inconnue'],
    [`BTP;${SIRETS.bati};90000;Belfort;;14;lundi, mardi;01/09/2026`, 'role', 'Poste recherché manquant'],
    [`BTP;${SIRETS.bati};90000;Belfort;Z9999;14;lundi, mardi;01/09/2026`, 'role', 'Code ROME inconnu'],
    [`BTP;${SIRETS.bati};90000;Belfort;xqzw vbnk;14;lundi, mardi;01/09/2026`, 'role', 'Métier non reconnu'],
    [`BTP;${SIRETS.bati};90000;Belfort;M1203;35;lundi au vendredi;01/09/2026`, 'hours', 'temps plein'],
    [`BTP;${SIRETS.bati};90000;Belfort;M1203;14;dimanche;01/09/2026`, 'days', 'dimanche'],
    [`BTP;812345678;90000;Belfort;M1203;14;lundi, mardi;01/09/2026`, 'siret', 'SIREN'],
  ])('refuses %j on %s', async (line, field, fragment) => {
    const outcome = await analyzeFile(csv([header, line]), { today: TODAY, lookups: await testLookups() });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.drafts).toHaveLength(0);
    expect(outcome.errors.find((e) => e.field === field)?.message).toContain(fragment);
    expect(outcome.errors.every((e) => e.row === 2)).toBe(true);
  });

  it('allows every weekday when no day is given, and says so', async () => {
    const outcome = await analyzeFile(
      csv([header, `BTP;${SIRETS.bati};90000;Belfort;M1203;14;;01/09/2026`]),
      {
        today: TODAY,
        lookups: await testLookups(),
      },
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.drafts[0]).toMatchObject({
      allowedSlots: expect.arrayContaining(['mon-am', 'fri-pm']),
      slotsNeeded: 4,
    });
    expect(outcome.drafts[0].allowedSlots).toHaveLength(10);
    expect(outcome.warnings.map((w) => w.field)).toContain('days');
  });

  it('skips empty lines and a total line, keeping row numbers', async () => {
    const outcome = await analyzeFile(
      csv([
        header,
        '',
        `BTP;${SIRETS.bati};90000;Belfort;M1203;14;lundi, mardi;01/09/2026`,
        ';;;;;;;',
        'Total;;;;;14;;',
        '',
      ]),
      { today: TODAY, lookups: await testLookups() },
    );
    if (!outcome.ok) throw new Error(outcome.message);
    expect(summarize(outcome)).toEqual({ rows: 1, valid: 1, errors: [] });
    expect(outcome.drafts[0].row).toBe(3);
  });
});
