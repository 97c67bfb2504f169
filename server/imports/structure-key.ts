/**
 * Which structure a row of an import names: the key the preview and the commit group drafts by (see
 * server/facilitation/import-structures.ts for how it is found or created).
 */
import { normalizeText } from './text';
import type { NeedDraft } from './types';

/** The key the commit and the preview group drafts by: SIRET, else the name within the département. */
export function structureKey(draft: Pick<NeedDraft, 'structure' | 'departement'>): string {
  return draft.structure.siret ?? `nom:${normalizeText(draft.structure.name)}:${draft.departement ?? ''}`;
}
