/**
 * What a spreadsheet may hold before we refuse to read it (README, "Import limits"). A diagnosis is a
 * few hundred to a few thousand rows of a dozen columns; these caps are ten times that, and they are
 * checked while the file is scanned, before anything is loaded: the 1.5-million-row file of issue 11
 * is refused at its 20,001st row, a zip bomb from its declared sizes or at its 100th inflated megabyte.
 */
import { ImportFileError } from './errors';

export const IMPORT_LIMITS = {
  /** The upload itself (the form refuses more; the command line checks it too). */
  fileBytes: 10 * 1024 * 1024,
  /** XLSX: every entry of the zip, inflated, together. */
  uncompressedBytes: 100 * 1024 * 1024,
  /** XLSX: entries of the zip (a workbook has a dozen; a few hundred with many images). */
  zipEntries: 2_000,
  /** The last row holding a value: the height of the grid read. */
  rows: 20_000,
  /** The last column holding a value: the width of the grid read. */
  columns: 200,
  /** XLSX: `<row>` and `<c>` elements, styled empty ones included (exceljs builds an object for each). */
  rowElements: 100_000,
  cellElements: 500_000,
} as const;

export type ImportLimit =
  | 'file'
  | 'uncompressed'
  | 'entries'
  | 'rows'
  | 'columns'
  | 'cells'
  | 'memory'
  | 'time';

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024).toLocaleString('fr-FR')} Mo`;
const count = (n: number) => n.toLocaleString('fr-FR');

const SPLIT = 'découpez-le en plusieurs fichiers, ou enregistrez seulement le tableau des besoins.';

/** The French sentence saying what is too big, and how big it may be. */
export function tooLargeMessage(limit: ImportLimit, found?: number): string {
  switch (limit) {
    case 'file':
      return `Le fichier dépasse ${megabytes(IMPORT_LIMITS.fileBytes)} : enregistrez-le sans mise en forme ni images, ou ${SPLIT}`;
    case 'uncompressed':
      return `Le fichier Excel se décompresse en ${found ? `${megabytes(found)}, plus que` : 'plus de'} ${megabytes(IMPORT_LIMITS.uncompressedBytes)} permis : enregistrez-le sans images ni mise en forme, ou ${SPLIT}`;
    case 'entries':
      return `Le fichier Excel contient plus de ${count(IMPORT_LIMITS.zipEntries)} éléments internes (images, feuilles…) : enregistrez seulement le tableau des besoins dans un nouveau classeur.`;
    case 'rows':
      return `Le fichier compte plus de ${count(IMPORT_LIMITS.rows)} lignes (au moins ${count(found ?? IMPORT_LIMITS.rows + 1)}) : ${SPLIT}`;
    case 'columns':
      return `Le fichier a des valeurs au-delà de la ${count(IMPORT_LIMITS.columns)}e colonne : supprimez les colonnes en trop, ou enregistrez seulement le tableau des besoins.`;
    case 'cells':
      return `Le fichier Excel contient plus de ${count(IMPORT_LIMITS.cellElements)} cellules (mises en forme comprises) : ${SPLIT}`;
    case 'memory':
      return `Le fichier est trop lourd à lire (il demande plus de mémoire que permis) : ${SPLIT}`;
    case 'time':
      return `La lecture du fichier a pris trop de temps : ${SPLIT}`;
  }
}

/** A file refused for its size: `limit` says which cap (the command line's JSON error carries it). */
export class ImportTooLarge extends ImportFileError {
  constructor(
    readonly limit: ImportLimit,
    /** What was found, when known: the row reached, the megabytes declared… */
    readonly found?: number,
  ) {
    super(tooLargeMessage(limit, found));
  }
}
