/** French labels shared by templates, mails and exports. */
import { createRequire } from 'node:module';
import type { OrganizationKind } from '../../db/schema/organizations';

export const KIND_LABELS: Record<OrganizationKind, string> = {
  ACI: 'Atelier et chantier d’insertion (ACI)',
  AI: 'Association intermédiaire (AI)',
  EI: 'Entreprise d’insertion (EI)',
  ETTI: 'Entreprise de travail temporaire d’insertion (ETTI)',
  EITI: 'Entreprise d’insertion par le travail indépendant (EITI)',
  RQ: 'Régie de quartier',
  ASSOCIATION: 'Association',
  SCOP: 'SCOP',
  SCIC: 'SCIC',
  ESS: 'Autre entreprise de l’ESS',
  GE: 'Groupement d’employeurs (GE)',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as OrganizationKind] ?? kind;
}

/** 14 → "14 h", 12.5 → "12 h 30". */
export function formatHours(value: number | string | null | undefined): string {
  const hours = Number(value);
  if (!Number.isFinite(hours)) return '';
  const whole = Math.floor(hours);
  const minutes = Math.round((hours - whole) * 60);
  return minutes ? `${whole} h ${String(minutes).padStart(2, '0')}` : `${whole} h`;
}

let departementNames: Map<string, string> | undefined;

/** "90" → "Territoire de Belfort (90)". */
export function departementLabel(code: string): string {
  if (!departementNames) {
    const list = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/departements.json') as {
      code: string;
      nom: string;
    }[];
    departementNames = new Map(list.map((d) => [d.code, d.nom]));
  }
  const name = departementNames.get(code);
  return name ? `${name} (${code})` : code;
}
