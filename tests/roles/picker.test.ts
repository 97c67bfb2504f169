import { describe, expect, it } from 'vitest';
import { findRoles, pickRole, resolveRole, roleDisplay } from '../../server/roles/picker';

const codes = (list: { code: string }[]) => list.map((m) => m.code);

describe('findRoles', () => {
  it('finds a role from any of its titles, with the title that matched', () => {
    expect(findRoles('femme de ménage')[0]).toMatchObject({ code: 'K2204', title: 'femme de ménage' });
    expect(codes(findRoles('femme de ménage'))).toEqual(['K2204', 'K1304']);
    expect(findRoles('laveur de carreaux')[0]).toMatchObject({
      code: 'K2202',
      title: 'Laveur / Laveuse de carreaux',
    });
    expect(findRoles('CIP')[0]).toMatchObject({ code: 'K1801' });
    expect(findRoles('Conseillère en insertion')[0].code).toBe('K1801');
    expect(findRoles('menage')[0].code).toBe('K2204');
  });

  it('takes the last word as a prefix being typed, and a code as it is', () => {
    expect(findRoles('compt')[0].code).toBe('M1203');
    expect(findRoles('jardin')[0].code).toBe('A1203');
    expect(findRoles('k2204')).toEqual([expect.objectContaining({ code: 'K2204', title: null })]);
    expect(findRoles('Comptabilité')[0]).toMatchObject({ code: 'M1203', title: null });
  });

  it('finds nothing for nothing, or for words of no title', () => {
    expect(findRoles('')).toEqual([]);
    expect(findRoles('de la')).toEqual([]);
    expect(findRoles('xylophoniste')).toEqual([]);
  });
});

describe('resolveRole', () => {
  it('resolves a code, the picker’s own display, or a title of one role', () => {
    expect(resolveRole('M1203')).toEqual({ code: 'M1203' });
    expect(resolveRole('Nettoyage de locaux (K2204)')).toEqual({ code: 'K2204' });
    expect(resolveRole('cip')).toEqual({ code: 'K1801' });
    expect(resolveRole('laveur de vitres')).toEqual({ code: 'K2202' });
  });

  it('offers the candidates of a title shared by several roles', () => {
    const result = resolveRole('femme de ménage');
    expect(result.code).toBeNull();
    expect(result.code === null && codes(result.candidates)).toEqual(['K2204', 'K1304']);
  });
});

describe('pickRole', () => {
  const compta = roleDisplay({ code: 'M1203', label: 'Comptabilité' });

  it('keeps the chosen code while the text shows it, and follows the text once it is changed', () => {
    expect(pickRole({ code: 'M1203', text: compta })).toEqual({ code: 'M1203', text: compta });
    expect(pickRole({ code: 'M1203', text: 'comptabilite (m1203)' }).code).toBe('M1203');
    expect(pickRole({ code: 'M1203', text: 'secrétaire' }).code).toBe('M1607');
  });

  it('takes the code alone from clients that send no text, and a candidate picked over everything', () => {
    expect(pickRole({ code: 'M1203' })).toEqual({ code: 'M1203', text: compta });
    expect(pickRole({ code: 'ZZZ' })).toEqual({ code: null, text: '', candidates: [] });
    expect(pickRole({ code: '', text: 'femme de ménage', choice: 'K1304' }).code).toBe('K1304');
  });

  it('gives no role for an emptied text, whatever the hidden code says', () => {
    expect(pickRole({ code: 'M1203', text: '  ' })).toEqual({ code: null, text: '', candidates: [] });
  });
});
