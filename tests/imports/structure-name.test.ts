/**
 * Structure names compared as a facilitator would: the known spellings of one structure share a key,
 * different structures do not; and the key does not care about case, accents, hyphens, punctuation,
 * spacing or legal-form words, whatever the name (property suite against the spelled-out rules).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeStructureName } from '../../server/imports/structure-name';

describe('normalizeStructureName', () => {
  it.each([
    ['Régie des Quartiers', 'REGIE DES QUARTIERS'],
    ['Régie des Quartiers', 'Regie  des quartiers (association)'],
    ['Atelier Lion Vert', 'ATELIER LION-VERT'],
    ['Atelier Lion Vert', "L'Atelier Lion Vert SAS"],
    ['Atelier Lion Vert', 'Association Atelier Lion Vert'],
    ['Éco-Café Solidaire', 'eco cafe solidaire'],
    ['Cœur de Ville', 'Coeur de ville'],
  ])('"%s" and "%s" name the same structure', (a, b) => {
    expect(normalizeStructureName(a)).toBe(normalizeStructureName(b));
  });

  it.each([
    ['Atelier Lion Vert', 'Atelier Lion Bleu'],
    ['Régie des Quartiers Est', 'Régie des Quartiers'],
    ['Sasso', 'Sa'],
  ])('"%s" and "%s" are different structures', (a, b) => {
    expect(normalizeStructureName(a)).not.toBe(normalizeStructureName(b));
  });

  it('keeps a name made only of legal-form words', () => {
    expect(normalizeStructureName('SAS')).toBe('sas');
  });

  const word = fc.stringMatching(/^[A-Za-z0-9àâäçéèêëîïôöùûüÉÈÀÇ]{1,8}$/);
  const name = fc.array(word, { minLength: 1, maxLength: 5 });

  it('ignores case, accents, hyphens, punctuation, spacing and legal-form words (property)', () => {
    fc.assert(
      fc.property(
        name,
        fc.constantFrom(' ', '-', '  ', ' – ', ', ', "'"),
        fc.constantFrom('', 'SAS ', 'Association ', "l'"),
        fc.constantFrom('', ' (SARL)', ' scop', '.'),
        (words, separator, prefix, suffix) => {
          const plain = words.join(' ');
          const variant = `${prefix}${words.map((w) => w.toUpperCase()).join(separator)}${suffix}`;
          // Compared with the name also dressed in legal-form words: both lose them, or neither has any left.
          expect(normalizeStructureName(variant)).toBe(normalizeStructureName(`${prefix}${plain}${suffix}`));
          const key = normalizeStructureName(variant);
          expect(key).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
          expect(normalizeStructureName(key)).toBe(key);
        },
      ),
    );
  });
});
