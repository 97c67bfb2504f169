import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROLES, searchText, vocabulary, vocabularySynonyms, vocabularyWords } from '../../server/roles';
import { masculineTitle } from '../../server/roles/vocabulary';

const appellations = createRequire(import.meta.url)('../../server/roles/appellations.json') as {
  source: string;
  licence: string;
  file: string;
  appellations: [string, number, string][];
};

describe('the ROME job titles', () => {
  it('carry their source and licence, and belong to offered roles only', () => {
    expect(appellations.licence).toMatch(/Licence Ouverte 2\.0/);
    expect(appellations.file).toBe('unix_referentiel_appellation_v460_utf8.csv');
    const codes = new Set(ROLES.map((r) => r.code));
    expect(appellations.appellations.filter(([code]) => !codes.has(code))).toEqual([]);
    expect(appellations.appellations.length).toBeGreaterThan(5_000);
  });

  it('give every offered role its label, and official titles people use', () => {
    expect(vocabulary()).toHaveLength(ROLES.length);
    for (const role of vocabulary()) {
      expect(role.titles[0]).toMatchObject({ text: role.label, source: 'label' });
      expect(appellations.appellations.some(([code]) => code === role.code)).toBe(true);
    }
    const cleaning = vocabulary().find((r) => r.code === 'K2204');
    const texts = cleaning?.titles.map((t) => t.text) ?? [];
    expect(texts).toContain('Agent / Agente de propreté de locaux');
    expect(texts).toContain('femme de ménage');
    const windows = vocabulary()
      .find((r) => r.code === 'K2202')
      ?.titles.map((t) => t.text);
    expect(windows).toContain('Laveur / Laveuse de carreaux');
  });
});

describe('masculineTitle', () => {
  it('keeps the masculine side of a "Masculine / Feminine rest" title', () => {
    expect(masculineTitle('Agent / Agente de propreté de locaux')).toBe('Agent de propreté de locaux');
    expect(masculineTitle('Nettoyeur polyvalent / Nettoyeuse polyvalente de locaux')).toBe(
      'Nettoyeur polyvalent de locaux',
    );
    expect(masculineTitle('Chef / Cheffe')).toBe('Chef');
    expect(masculineTitle('Webmaster')).toBe('Webmaster');
  });
});

describe('vocabularySynonyms', () => {
  const synonyms = vocabularySynonyms();

  it('sends a job title of one to three words to the tokens of its roles', () => {
    expect(synonyms['femme menage']).toEqual(expect.arrayContaining(['k2204']));
    expect(synonyms.menage).toEqual(expect.arrayContaining(['k2204']));
    expect(synonyms.cip).toEqual(expect.arrayContaining(['k1801', 'conseiller insertion professionnel']));
    expect(synonyms['conseiller insertion professionnel']).toContain('k1801');
    expect(synonyms.eti).toEqual(expect.arrayContaining(['k1203', 'encadrant technique']));
    expect(synonyms['charge affaire enr']).toContain('h1102');
    expect(synonyms.ressourcerie).toContain('k2304');
    expect(synonyms['laveur vitre']).toContain('k2202');
  });

  it('is written in search words, with keys Meilisearch can look up', () => {
    for (const [key, values] of Object.entries(synonyms)) {
      expect(searchText(key)).toBe(key);
      expect(key.split(' ').length).toBeLessThanOrEqual(3);
      expect(values.length).toBeGreaterThan(0);
      expect(values.length).toBeLessThanOrEqual(50);
      for (const value of values) expect(searchText(value)).toBe(value);
    }
  });
});

describe('vocabularyWords', () => {
  it('lists the words typo tolerance must leave alone', () => {
    const words = vocabularyWords();
    expect(words).toEqual(expect.arrayContaining(['menage', 'manager', 'comptable', 'jardinier']));
    expect(words.every((w) => w.length >= 4)).toBe(true);
    expect(new Set(words).size).toBe(words.length);
  });
});
