import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchText, searchWords, stemWord } from '../../server/roles/search-words';

describe('searchWords', () => {
  it('makes one word of a job title written inclusively, feminine, masculine or in capitals', () => {
    const forms = [
      'Conseiller·ère en insertion professionnelle',
      'Conseillère en insertion professionnelle',
      'conseiller en insertion professionnelle',
      'CONSEILLERS EN INSERTION PROFESSIONNELLE',
      'conseiller(ère) en insertion professionnelle',
      'Conseiller.ère en insertion professionnelle',
      'conseiller-ère en insertion professionnelle',
    ];
    for (const form of forms) expect(searchText(form), form).toBe('conseiller insertion professionnel');
  });

  it('drops every common way of writing the feminine inclusively', () => {
    expect(searchText('Agent·e d’entretien des locaux')).toBe('agent entretien locaux');
    expect(searchText('salarié.e')).toBe('salarie');
    expect(searchText('salarié·e·s')).toBe('salarie');
    expect(searchText('salarié-e')).toBe('salarie');
    expect(searchText('salarié/e')).toBe('salarie');
    expect(searchText('animateur(trice)')).toBe('animateur');
    expect(searchText('Médiateur·rice numérique')).toBe('mediateur numerique');
    expect(searchText('Développeur·se web')).toBe('developpeur web');
    expect(searchText('Secrétaire administratif·ve')).toBe('secretaire administratif');
    expect(searchText('Chef·fe de projet')).toBe('chef projet');
    expect(searchText('Technicien·ne')).toBe('technicien');
    expect(searchText('employé(e)s')).toBe('employe');
  });

  it('brings feminine and plural endings back to the masculine singular', () => {
    const pairs: [string, string][] = [
      ['animatrice', 'animateur'],
      ['vendeuse', 'vendeur'],
      ['vendeuses', 'vendeur'],
      ['jardinière', 'jardinier'],
      ['technicienne', 'technicien'],
      ['patronne', 'patron'],
      ['professionnelle', 'professionnel'],
      ['administrative', 'administratif'],
      ['salariée', 'salarie'],
      ['encadrante', 'encadrant'],
      ['agente', 'agent'],
      ['agentes', 'agent'],
      ['commerciale', 'commercial'],
      ['cheffe', 'chef'],
      ['bureaux', 'bureau'],
      ['comptables', 'comptable'],
      ['randonnées', 'randon'],
    ];
    for (const [form, stem] of pairs) expect(searchText(form), form).toBe(stem);
  });

  it('leaves short stems and the words they would spoil alone', () => {
    for (const word of ['vente', 'mere', 'frere', 'plus', 'bois', 'pale', 'gaz'])
      expect(stemWord(word)).toBe(word);
  });

  it('folds accents, ligatures and elisions, and leaves stop words and stray letters out', () => {
    expect(searchWords('les leurs et elles')).toEqual([]);
    expect(searchWords('Œuvre d’art à l’hôpital, H/F')).toEqual(['oeuvre', 'art', 'hopital']);
    expect(searchWords('FEMME DE MÉNAGE')).toEqual(['femme', 'menage']);
    expect(searchWords('Ingénieur R&D')).toEqual(['ingenieur', 'rd']);
    expect(searchWords('Chef de projet énergies renouvelables 35 h')).toEqual([
      'chef',
      'projet',
      'energie',
      'renouvelable',
      '35',
    ]);
    expect(searchWords('technicien son, maïs, Grand Est')).toEqual([
      'technicien',
      'son',
      'mais',
      'grand',
      'est',
    ]);
  });

  it('keeps hyphenated words that are not inclusive spellings', () => {
    expect(searchText('aide-comptable')).toBe('aide comptable');
    expect(searchText('e-commerce')).toBe('commerce');
    expect(searchText('chauffeur-livreur')).toBe('chauffeur livreur');
    expect(searchText('peut-être')).toBe('peut etre');
  });

  it('gives a-z and 0-9 words only, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const words = searchWords(text);
        for (const word of words) expect(word).toMatch(/^[a-z0-9]+$/);
        expect(searchWords(words.join(' '))).toEqual(words);
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the Unicode form the text arrives in', () => {
    const decomposed = 'Conseille\u0300re en insertion'.normalize('NFD');
    expect(searchText(decomposed)).toBe(searchText('Conseillère en insertion'));
  });
});
