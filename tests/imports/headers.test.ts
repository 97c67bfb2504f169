import { describe, expect, it } from 'vitest';
import {
  applyMappingOverride,
  classifyHeader,
  columnLetter,
  detectMapping,
  findHeaderRow,
  headerTexts,
} from '../../server/imports/headers';

describe('classifyHeader', () => {
  it.each([
    ['Nom de la structure', 'structureName'],
    ['Raison sociale', 'structureName'],
    ['Structure', 'structureName'],
    ['Employeur', 'structureName'],
    ['NOM DE LA STRUCTURE EMPLOYEUSE', 'structureName'],
    ['N° SIRET', 'siret'],
    ['SIRET', 'siret'],
    ['Siret', 'siret'],
    ['N°SIRET de la structure', 'siret'],
    ['CP', 'postalCode'],
    ['Code postal', 'postalCode'],
    ['C.P.', 'postalCode'],
    ['Ville', 'commune'],
    ['Commune', 'commune'],
    ['Localité', 'commune'],
    ['Commune de la structure', 'commune'],
    ['Poste recherché', 'role'],
    ['Métier', 'role'],
    ['Fonction', 'role'],
    ['Intitulé du poste', 'role'],
    ['Code ROME', 'romeCode'],
    ['Volume horaire', 'hours'],
    ['Heures / semaine', 'hours'],
    ['Nb heures hebdo', 'hours'],
    ['Temps de travail', 'hours'],
    ['ETP', 'hours'],
    ['Jours souhaités', 'days'],
    ['Créneaux', 'days'],
    ['Jours', 'days'],
    ['Disponibilités', 'days'],
    ['Nombre de demi-journées', 'halfDays'],
    ['Démarrage', 'start'],
    ['Date de début', 'start'],
    ['Début', 'start'],
    ['Distance max (km)', 'travel'],
    ['Commentaires', 'description'],
    ['Contact', 'contact'],
    ['Nom du contact', 'contact'],
    ['E-mail', 'contact'],
    ['Téléphone', 'contact'],
  ])('%j → %s', (header, field) => {
    expect(classifyHeader(header).field).toBe(field);
  });

  it('is certain of exact synonyms and less of keywords', () => {
    expect(classifyHeader('Code postal').confidence).toBe(1);
    expect(classifyHeader('Nom de la structure adhérente au GE').confidence).toBeLessThan(1);
    expect(classifyHeader('Observations diverses du territoire').field).toBe('description');
    expect(classifyHeader('Colonne 7')).toEqual({ field: null, confidence: 0 });
  });
});

describe('findHeaderRow', () => {
  it('skips title rows and blank rows above the table', () => {
    const rows = [
      ['Diagnostic territorial 2026', null, null],
      [null, null, null],
      ['Nom de la structure', 'Code postal', 'Heures / semaine'],
      ['Ressourcerie', '90000', '14'],
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it('takes the second row of a two-row header whose first row holds group titles', () => {
    const rows = [
      ['Structure', null, 'Besoin', null],
      ['Nom', 'SIRET', 'Poste recherché', 'Heures / semaine'],
    ];
    expect(findHeaderRow(rows)).toBe(1);
  });

  it('answers null when no row names two fields', () => {
    expect(
      findHeaderRow([
        ['12', '34'],
        ['a', 'b'],
      ]),
    ).toBeNull();
    expect(findHeaderRow([])).toBeNull();
  });
});

describe('detectMapping', () => {
  it('maps each column with its confidence and letter', () => {
    const mapping = detectMapping(['Raison sociale', 'N° SIRET', 'Téléphone', 'Colonne libre', 'Heures']);
    expect(mapping.map((m) => [m.letter, m.field, m.confidence])).toEqual([
      ['A', 'structureName', 1],
      ['B', 'siret', 1],
      ['C', 'contact', 1],
      ['D', null, 0],
      ['E', 'hours', 1],
    ]);
  });

  it('gives a field to one column only, the more confident one', () => {
    const mapping = detectMapping(['Structure porteuse', 'Nom de la structure', 'Code postal']);
    expect(mapping.map((m) => m.field)).toEqual([null, 'structureName', 'postalCode']);
  });

  it('reads columns under merged group titles', () => {
    const sheet = {
      rows: [
        ['Structure', 'Structure', 'Besoin', 'Besoin'],
        ['Nom', 'SIRET', 'Poste recherché', 'Volume'],
      ],
      merged: new Set(['0:0', '0:1', '0:2', '0:3']),
    };
    const headers = headerTexts(sheet, 1);
    expect(headers[0]).toEqual({ text: 'Structure Nom', own: 'Nom' });
    expect(detectMapping(headers).map((m) => m.field)).toEqual(['structureName', 'siret', 'role', 'hours']);
  });

  it('lets the person change the mapping', () => {
    const mapping = detectMapping(['Structure', 'Lieu', 'Quotité', 'Remarques']);
    const changed = applyMappingOverride(mapping, { 3: 'days', 1: null, 2: 'hours' });
    expect(changed.map((m) => [m.field, m.confidence])).toEqual([
      ['structureName', 1],
      [null, 0],
      ['hours', 1],
      ['days', 1],
    ]);
    // A field moved to another column leaves the first one.
    const moved = applyMappingOverride(mapping, { 3: 'structureName' });
    expect(moved.map((m) => m.field)).toEqual([null, 'commune', 'hours', 'structureName']);
    expect(mapping[0].field).toBe('structureName');
  });

  it('names columns as the spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
