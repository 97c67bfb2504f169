/** Real communes with their coordinates, for rows that need a place. */
export const TOWNS = {
  belfort: { communeCode: '90010', communeName: 'Belfort', departement: '90', lat: 47.6384, lon: 6.8638 },
  besancon: { communeCode: '25056', communeName: 'Besançon', departement: '25', lat: 47.2488, lon: 6.0182 },
  marseille: { communeCode: '13055', communeName: 'Marseille', departement: '13', lat: 43.2965, lon: 5.3698 },
  orleans: { communeCode: '45234', communeName: 'Orléans', departement: '45', lat: 47.9025, lon: 1.909 },
};

export type Town = keyof typeof TOWNS;
