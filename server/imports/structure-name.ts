/**
 * When two spellings of a structure's name mean the same structure: what a diagnosis typed by hand
 * ("REGIE DES QUARTIERS", "Régie-des-Quartiers (association)") must match against the structures the
 * site knows. Pure: the import commit and preview (server/facilitation/import-structures.ts) compare
 * these keys, together with the commune.
 */
import { normalizeText } from './text';

/**
 * Words that say a structure's legal form or serve as article, not which structure it is: "Association
 * Atelier Lion Vert", "Atelier Lion Vert SAS" and "L'Atelier Lion Vert" are the same structure. Only
 * whole words are dropped ("Sasso" keeps its letters), and never all of them (see below).
 */
const NOISE_WORDS = new Set([
  'association',
  'asso',
  'assoc',
  'sas',
  'sasu',
  'sarl',
  'sa',
  'eurl',
  'scop',
  'scic',
  'sapo',
  'ei',
  'eirl',
  'gie',
  'l',
  'la',
  'le',
  'les',
]);

/**
 * "L'Atelier Lion-Vert (SAS)" → "atelier lion vert"; "Régie des Quartiers" and "REGIE  DES QUARTIERS"
 * → "regie des quartiers". Case, accents, hyphens, punctuation, repeated spaces and legal-form words
 * aside. A name made only of such words ("SAS") keeps them, so that it still names something.
 */
export function normalizeStructureName(name: string): string {
  const words = normalizeText(name).split(' ').filter(Boolean);
  const kept = words.filter((word) => !NOISE_WORDS.has(word));
  return (kept.length ? kept : words).join(' ');
}
