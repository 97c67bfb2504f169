/**
 * What makes two imported needs "the same" for idempotent imports: the structure (SIRET, else its
 * normalized name), the role, the hours, the half-days and the start ("dès que possible" counts as
 * itself, not as the day of the import, so that re-importing the file tomorrow creates nothing).
 */
import { createHash } from 'node:crypto';
import { normalizeText } from './text';
import type { NeedDraft } from './types';

export function fingerprintDraft(draft: NeedDraft): string {
  const parts = [
    draft.structure.siret ?? `nom:${normalizeText(draft.structure.name)}`,
    draft.role?.code ?? '',
    String(draft.hoursHundredths),
    String(draft.slotsNeeded),
    draft.allowedSlots.join(','),
    draft.startAsap ? 'asap' : (draft.start ?? ''),
    draft.communeCode ?? '',
  ];
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}
