/**
 * The diagnosis template a facilitator downloads: the French headers server/imports reads best, and a
 * notice sheet saying how to fill each column, with examples (not in the table: they would be
 * imported). XLSX (exceljs) and CSV (the headers alone, written as every CSV of the site is:
 * server/common/csv.ts).
 */
import { toCsv } from '../common/csv';
import { TEMPLATE_HEADERS } from '../imports';

/** How to fill each column, with an example; on the notice sheet so that no example row gets imported. */
const NOTICE: [string, string, string][] = [
  [
    'Nom de la structure',
    'Obligatoire. Une ligne par besoin : répétez le nom pour plusieurs besoins.',
    'Ressourcerie du Lion',
  ],
  [
    'N° SIRET',
    'Conseillé (14 chiffres) : sans SIRET, la structure est retrouvée par son nom.',
    '123 456 789 00012',
  ],
  ['Code postal', 'Le code postal ou la commune, au moins l’un des deux.', '90000'],
  ['Commune', 'Nom de la commune (« Belfort ») ; « 90000 Belfort » convient aussi.', 'Belfort'],
  ['Poste recherché', 'Intitulé libre ou code ROME.', 'Comptable (M1203)'],
  ['Heures / semaine', 'Obligatoire.', '14 h 30 · 0,4 ETP'],
  ['Jours souhaités', 'Jours et demi-journées possibles.', 'lundi, mardi · lundi au jeudi · jeudi matin'],
  ['Date de début', 'Date ou mois.', '01/09/2026 · septembre 2026 · dès que possible'],
  ['Distance maximale (km)', 'Facultatif : 30 km si vide.', '25'],
  ['Commentaires', 'Facultatif : missions, précisions.', 'Comptabilité fournisseurs'],
];

export async function templateXlsx(): Promise<Buffer> {
  // Imported here: exceljs takes a quarter of a second and 30 MB to load, and few requests need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mosaïque';
  const sheet = workbook.addWorksheet('Besoins');
  sheet.columns = TEMPLATE_HEADERS.map(([field, header]) => ({
    header,
    key: field,
    width: Math.max(14, header.length + 4),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const notice = workbook.addWorksheet('Notice');
  notice.columns = [
    { header: 'Colonne', key: 'column', width: 28 },
    { header: 'Comment la remplir', key: 'how', width: 80 },
    { header: 'Exemple', key: 'example', width: 40 },
  ];
  notice.getRow(1).font = { bold: true };
  for (const [column, how, example] of NOTICE) notice.addRow({ column, how, example });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateCsv(): string {
  return toCsv([TEMPLATE_HEADERS.map(([, header]) => header)]);
}
