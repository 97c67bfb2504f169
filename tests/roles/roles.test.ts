import { describe, expect, it } from 'vitest';
import {
  DOMAINS,
  domains,
  FIELD_SYNONYMS,
  getRole,
  normalizeText,
  ROLES,
  rolesOfDomain,
  searchRoles,
  stem,
  suggestRoles,
  synonymMap,
} from '../../server/roles';

const codes = (list: { code: string }[]) => list.map((r) => r.code);

describe('the ROME list', () => {
  it('has a few hundred well-formed, distinct entries', () => {
    expect(ROLES.length).toBeGreaterThanOrEqual(150);
    expect(ROLES.length).toBeLessThanOrEqual(300);
    expect(ROLES.filter((r) => !/^[A-N]\d{4}$/.test(r.code))).toEqual([]);
    expect(new Set(codes([...ROLES])).size).toBe(ROLES.length);
    expect(ROLES.filter((r) => r.label.trim() === '' || r.label !== r.label.trim())).toEqual([]);
  });

  it('files every role under a known domain, and every domain has roles', () => {
    const known = new Set<string>(DOMAINS);
    expect(ROLES.filter((r) => !known.has(r.domain))).toEqual([]);
    for (const domain of domains()) expect(rolesOfDomain(domain).length).toBeGreaterThan(0);
    expect(domains()).toContain('Fonctions support');
    expect(domains()).toContain('Énergies renouvelables');
  });

  it('carries the official labels of the codes this field uses most', () => {
    expect(getRole('M1203')?.label).toBe('Comptabilité');
    expect(getRole('M1501')?.label).toBe('Assistanat en ressources humaines');
    expect(getRole('E1103')?.label).toBe('Communication');
    expect(getRole('M1805')?.label).toBe('Études et développement informatique');
    expect(getRole('K1203')?.label).toBe('Encadrement technique en insertion professionnelle');
    expect(getRole('K1801')?.label).toBe('Conseil en emploi et insertion socioprofessionnelle');
    expect(getRole('K2111')?.label).toBe('Formation professionnelle');
    expect(getRole('K2112')?.label).toBe('Orientation scolaire et professionnelle');
    expect(getRole('A1203')?.label).toBe('Aménagement et entretien des espaces verts');
    expect(getRole('A1414')?.label).toBe('Horticulture et maraîchage');
    expect(getRole('K2204')?.label).toBe('Nettoyage de locaux');
    expect(getRole('F1703')?.label).toBe('Maçonnerie');
    expect(getRole('G1602')?.label).toBe('Personnel de cuisine');
    expect(getRole('N1103')?.label).toBe('Magasinage et préparation de commandes');
    expect(getRole('K2304')?.label).toBe('Revalorisation de produits industriels');
    expect(getRole('B1803')?.label).toBe('Réalisation de vêtements sur mesure ou en petite série');
    // Typography as in the ROME v3 table: "oe", not "œ".
    expect(getRole('F1704')?.label).toBe('Préparation du gros oeuvre et des travaux publics');
    expect(getRole('G1605')?.label).toBe('Plonge en restauration');
  });

  it('has keywords for every role of the field’s common jobs', () => {
    const withoutKeywords = ROLES.filter((r) => r.keywords.length === 0);
    expect(withoutKeywords).toEqual([]);
  });
});

describe('getRole', () => {
  it('finds a code whatever its case and spaces, and nothing else', () => {
    expect(getRole('M1203')).toMatchObject({
      code: 'M1203',
      label: 'Comptabilité',
      domain: 'Fonctions support',
    });
    expect(getRole(' m1203 ')?.code).toBe('M1203');
    expect(getRole('Z9999')).toBeNull();
    expect(getRole('')).toBeNull();
  });
});

describe('searchRoles', () => {
  it('puts accounting first for "compta"', () => {
    expect(codes(searchRoles('compta', 5))[0]).toBe('M1203');
    expect(codes(searchRoles('Comptabilité', 5))[0]).toBe('M1203');
  });

  it('finds green spaces, accent- and case-insensitively', () => {
    expect(codes(searchRoles('espaces verts', 5))[0]).toBe('A1203');
    expect(codes(searchRoles('ESPACES VERTS', 5))[0]).toBe('A1203');
    expect(codes(searchRoles('maraichage', 5))[0]).toBe('A1414');
    expect(codes(searchRoles('menage', 5))).toContain('K2204');
  });

  it('searches codes, keywords and synonyms people use', () => {
    expect(codes(searchRoles('M1805'))).toEqual(['M1805']);
    expect(codes(searchRoles('m18', 20))).toEqual(expect.arrayContaining(['M1801', 'M1802', 'M1805']));
    expect(codes(searchRoles('rh', 3)).sort()).toEqual(['M1501', 'M1502', 'M1503']);
    expect(codes(searchRoles('paie', 3))[0]).toBe('M1501');
    expect(codes(searchRoles('jardinier', 3))[0]).toBe('A1203');
    expect(codes(searchRoles('développeur', 3))[0]).toBe('M1805');
    expect(codes(searchRoles('conseiller numérique', 3))[0]).toBe('K1204');
    expect(codes(searchRoles('encadrant technique', 3))[0]).toBe('K1203');
    expect(codes(searchRoles('cip', 3))[0]).toBe('K1801');
  });

  it('answers nothing for nothing and respects the limit', () => {
    expect(searchRoles('')).toEqual([]);
    expect(searchRoles('xyzzy')).toEqual([]);
    expect(searchRoles('agent', 2)).toHaveLength(2);
  });
});

describe('suggestRoles', () => {
  it.each([
    ['Comptable 0,4 ETP', 'M1203'],
    ["Agent d'entretien", 'K2204'],
    ['Agente d’entretien des locaux', 'K2204'],
    ['Chargé(e) de projets ENR', 'H1102'],
    ['Chargé·e de projet énergies renouvelables', 'H1102'],
    ['Encadrant technique maraîchage', 'K1203'],
    ['Encadrante technique', 'K1203'],
    ['Dev web', 'M1805'],
    ['Développeur·se web 80 %', 'M1805'],
    ['Assistant(e) RH', 'M1501'],
    ['Gestionnaire de paie', 'M1501'],
    ['Chargé·e de communication', 'E1103'],
    ['Secrétaire administrative', 'M1607'],
    ['Jardinier paysagiste 20h', 'A1203'],
    ['Conseillère numérique', 'K1204'],
    ['CIP', 'K1801'],
    ['Cuisinier(ère)', 'G1602'],
    ['Chauffeur livreur', 'N4105'],
    ['Préparateur de commandes', 'N1103'],
    ['Agent de tri', 'K2304'],
    ['Responsable administratif et financier', 'M1205'],
    ['Maçon', 'F1703'],
    ['Couturière', 'B1803'],
    ['Technicien de maintenance éolienne', 'I1304'],
    ['Plongeur', 'G1605'],
    ['Auxiliaire de vie', 'K1302'],
  ])('%s → %s first', (title, code) => {
    const suggestions = suggestRoles(title);
    expect(suggestions[0]?.role.code).toBe(code);
    expect(suggestions[0]?.code).toBe(code);
    expect(suggestions[0]?.label).toBe(getRole(code)?.label);
    expect(suggestions.length).toBeLessThanOrEqual(3);
  });

  it('offers the trade as a second choice for an insertion supervisor', () => {
    expect(codes(suggestRoles('Encadrant technique maraîchage').map((s) => s.role))).toEqual([
      'K1203',
      'A1414',
    ]);
  });

  it('scores best first, positive, and honours an explicit ROME code', () => {
    const list = suggestRoles('Agent d’entretien espaces verts', 5);
    for (let i = 1; i < list.length; i++)
      expect(list[i - 1]?.score).toBeGreaterThanOrEqual(list[i]?.score ?? 0);
    expect(list.every((s) => s.score > 0)).toBe(true);
    expect(list[0]?.code).toBe('A1203');
    expect(suggestRoles('Poste M1203 (compta)')[0]?.code).toBe('M1203');
  });

  it('suggests nothing for text that says nothing about a job', () => {
    expect(suggestRoles('')).toEqual([]);
    expect(suggestRoles('0,5 ETP CDI')).toEqual([]);
    expect(suggestRoles('qwerty')).toEqual([]);
  });
});

describe('text helpers', () => {
  it('drops accents and feminine markers', () => {
    expect(normalizeText('Chargé(e) de Projets')).toBe('charge de projets');
    expect(normalizeText('Développeur·se')).toBe('developpeur');
    expect(normalizeText('Conseiller.ère')).toBe('conseiller');
    expect(normalizeText('Œuvre')).toBe('oeuvre');
  });

  it('stems plural and feminine forms onto the same word', () => {
    expect(stem('animatrice')).toBe(stem('animateur'));
    expect(stem('vendeuse')).toBe(stem('vendeur'));
    expect(stem('jardiniere')).toBe(stem('jardinier'));
    expect(stem('comptables')).toBe(stem('comptable'));
    expect(stem('chargee')).toBe(stem('charge'));
  });
});

describe('FIELD_SYNONYMS', () => {
  it('groups the field’s abbreviations with their meanings', () => {
    const groupOf = (word: string) => FIELD_SYNONYMS.find((g) => g.includes(word));
    expect(groupOf('compta')).toEqual(expect.arrayContaining(['comptabilité', 'comptable']));
    expect(groupOf('rh')).toContain('ressources humaines');
    expect(groupOf('aci')).toEqual(
      expect.arrayContaining(["atelier chantier d'insertion", "atelier et chantier d'insertion"]),
    );
    expect(groupOf('ai')).toContain('association intermédiaire');
    expect(groupOf('ei')).toContain("entreprise d'insertion");
    expect(groupOf('etti')).toBeDefined();
    expect(groupOf('ge')).toContain("groupement d'employeurs");
    expect(groupOf('gme')).toContain("groupement momentané d'entreprises");
    expect(groupOf('enr')).toContain('énergies renouvelables');
    expect(groupOf('siae')).toBeDefined();
    expect(groupOf('iae')).toBeDefined();
    expect(groupOf('cdi')).toContain('contrat à durée indéterminée');
  });

  it('is well formed: groups of 2+ distinct lower-case words', () => {
    for (const group of FIELD_SYNONYMS) {
      expect(group.length).toBeGreaterThanOrEqual(2);
      expect(new Set(group).size).toBe(group.length);
      for (const word of group) expect(word).toBe(word.toLowerCase().trim());
    }
  });

  it('expands into the Meilisearch synonyms map, both ways', () => {
    const map = synonymMap();
    expect(map.compta).toEqual(expect.arrayContaining(['comptabilité', 'comptable']));
    expect(map['ressources humaines']).toContain('rh');
    expect(map.rh).toContain('ressources humaines');
    expect(map.rh).not.toContain('rh');
  });
});
