/** A file that cannot be read as a needs spreadsheet; the message is French and meant for the person. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}
