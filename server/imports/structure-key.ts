/**
 * Which structure a row of an import names: the key the preview and the commit group drafts by (see
 * server/facilitation/import-structures.ts for how it is found or created).
 */
import { normalizeStructureName } from './structure-name';
import type { NeedDraft } from './types';

/**
 * The key the commit and the preview group drafts by: SIRET, else the normalised name (structure-name.ts)
 * within the département, so that "Régie X" and "REGIE-X" in one file make one structure.
 */
export function structureKey(draft: Pick<NeedDraft, 'structure' | 'departement'>): string {
  return (
    draft.structure.siret ?? `nom:${normalizeStructureName(draft.structure.name)}:${draft.departement ?? ''}`
  );
}
