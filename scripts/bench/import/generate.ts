/**
 * A realistic territorial diagnosis for the import benchmark: one XLSX of N need rows (seeded), written
 * the way facilitators write them. A title row above the table; headers as people type them
 * ("Raison sociale", "N° SIRET", "CP", "Ville", "Métier", "Volume horaire", "Créneaux", "Date de
 * début", "Contact", "Commentaires"); the 120 largest communes of four départements (Territoire de
 * Belfort, Doubs, Haute-Saône, Jura), a postal code and a name, sometimes both in the Ville column;
 * about 1,700 structures of 1 to 5 needs, most with a SIRET (spaced or not), a fifth without; ROME codes,
 * titles with a code, and free-text titles the import must recognise; hours as "14h", "14 h 30", "0,4
 * ETP", numbers; days as people write them; starts as date cells, Excel serial numbers, text dates and
 * "dès que possible"; about 1 % of rows with a mistake (hours that do not fit, unknown commune).
 */
import ExcelJS from 'exceljs';
import { communesOfDepartement } from '../../../server/places';
import { completeSiret } from '../../../server/vocabulary/siret';

export const BENCH_DEPARTEMENTS = ['90', '25', '70', '39'];

const ROLES = [
  'M1203',
  'Comptable M1203',
  'K2204 Agent de nettoyage',
  'Secrétaire administrative',
  'Chargé de communication',
  'Encadrant technique d’insertion',
  'Assistante RH',
  'K2112',
  'Agent d’entretien des espaces verts',
  'Chauffeur livreur',
  'Cuisinier',
  'M1607',
  'Conseiller en insertion professionnelle',
  'Maraîcher',
  'Agent d’accueil',
];
/** Hours as people write them, with their value in hours (to pick days that can hold them). */
const HOURS: [string | number, number][] = [
  ['14h', 14],
  ['14 h 30', 14.5],
  ['0,4 ETP', 14],
  [10.5, 10.5],
  ['7 h', 7],
  ['17,5', 17.5],
  ['21h', 21],
  [12, 12],
  ['mi-temps', 17.5],
  ['8 heures', 8],
];
/** Days as people write them, with the half-days they allow (4 h of work at most in each). */
const DAYS: [string, number][] = [
  ['lundi, mardi', 4],
  ['lundi au jeudi', 8],
  ['jeudi matin, vendredi', 3],
  ['lundi au vendredi après-midi', 5],
  ['mardi et jeudi', 4],
  ['lun. mar. mer.', 6],
  ['tous les matins', 5],
  ['du lundi au mercredi', 6],
  ['au choix', 10],
  ['lundi matin, mercredi après-midi, vendredi', 4],
];

/** Small deterministic generator (mulberry32) so that every run reads the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

function startCell(rand: () => number, i: number): ExcelJS.CellValue {
  switch (i % 4) {
    case 0:
      return new Date(Date.UTC(2027, Math.floor(rand() * 6), 1 + Math.floor(rand() * 27)));
    case 1:
      return 46400 + Math.floor(rand() * 150); // Excel serial number (2027)
    case 2:
      return `${1 + Math.floor(rand() * 27)}/0${1 + Math.floor(rand() * 8)}/2027`;
    default:
      return rand() < 0.5 ? 'dès que possible' : 'septembre 2027';
  }
}

export async function buildBenchWorkbook(rows: number, seed = 7): Promise<Buffer> {
  const rand = random(seed);
  const communes = BENCH_DEPARTEMENTS.flatMap((d) =>
    communesOfDepartement(d)
      .filter((c) => c.postalCodes.length)
      .sort((a, b) => b.population - a.population)
      .slice(0, 30),
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Diagnostic');
  sheet.getCell('A1').value = 'Diagnostic territorial des besoins à temps partiel — Nord Franche-Comté';
  sheet.getRow(3).values = [
    'Raison sociale',
    'N° SIRET',
    'Contact',
    'CP',
    'Ville',
    'Métier',
    'Volume horaire',
    'Créneaux',
    'Date de début',
    'Commentaires',
  ];
  let structure = 0;
  let left = 0;
  let current: { name: string; siret: string | null; commune: (typeof communes)[number] } | null = null;
  for (let i = 0; i < rows; i++) {
    if (!current || left === 0) {
      structure++;
      left = 1 + Math.floor(rand() * 5);
      const siret =
        rand() < 0.8 ? completeSiret(String(800000000000 + structure * 7).padStart(13, '0')) : null;
      current = {
        name: `Structure ${structure} ${pick(rand, ['Solidaire', 'Insertion', 'Services', 'Avenir'])}`,
        siret,
        commune: pick(rand, communes),
      };
    }
    left--;
    const { commune } = current;
    const spacedSiret =
      current.siret && i % 3 === 0
        ? `${current.siret.slice(0, 3)} ${current.siret.slice(3, 6)} ${current.siret.slice(6, 9)} ${current.siret.slice(9)}`
        : current.siret;
    const [hoursText, hours] = pick(rand, HOURS);
    let days = pick(
      rand,
      DAYS.filter(([, halfDays]) => halfDays * 4 >= hours),
    )[0];
    let town = i % 7 === 0 ? `${commune.postalCodes[0]} ${commune.name}` : commune.name;
    // About 1 % of rows carry a mistake a facilitator would make.
    if (i % 150 === 0) days = 'jeudi matin';
    if (i % 211 === 0) town = 'Villenouvellesurmer';
    sheet.getRow(4 + i).values = [
      current.name,
      spacedSiret,
      i % 5 === 0 ? 'contact@exemple.invalid' : null,
      i % 7 === 0 ? null : Number(commune.postalCodes[0]),
      town,
      pick(rand, ROLES),
      hoursText,
      days,
      startCell(rand, i),
      i % 9 === 0 ? 'Poste à pourvoir rapidement' : null,
    ];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
