/** A file that cannot be read as a needs spreadsheet; the message is French and meant for the person. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

/** A .xlsx that is not a zip exceljs can read (or that lies about its contents). */
export const DAMAGED_XLSX =
  'Le fichier Excel est illisible ou abîmé : ouvrez-le dans votre tableur et enregistrez-le à nouveau au format .xlsx.';
