/**
 * Whether an organization appears in the directory (/structures). Until it chooses, SIAE and other ESS
 * structures are listed and GEs are not (a GE decides for itself whether to be found there).
 */
export function isListedInDirectory(org: { kind: string; directoryListed: boolean | null }): boolean {
  return org.directoryListed ?? org.kind !== 'GE';
}
