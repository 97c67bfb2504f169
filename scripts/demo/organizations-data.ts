/**
 * The demo's organizations: fictional names in real communes, telling the seeds' stories. Each has a
 * stable key that later demo parts (needs, offers, compositions) use to find it. `commune` is
 * "Name (département)", resolved through server/places at load time.
 *
 * The records are in organizations-data.json, one list per story:
 * - belfort — story 1: four SIAE of Belfort pooling accounting, HR, communication and an 80 % developer
 *   (a GES);
 * - francheComte — Nord Franche-Comté and Doubs: more SIAE around Belfort, Montbéliard and Besançon;
 * - provence — story 2: renewable-energy and circular-economy ESS firms around Marseille and Aix needing
 *   a part-time project manager;
 * - orleansGe, loiretMembers, loiretActivity — story 3: an Orléans GE of 26 member organizations across
 *   the Loiret (members as [key, name, kind, commune in the Loiret], described by their kind);
 * - ileDeFrance — story 4: Île-de-France SIAE co-bidding (as a GME) on a green-spaces public tender;
 * - pending — registered recently, waiting for an admin.
 * ACI records carry the IDCC of the ACI collective agreement (ACI_IDCC).
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../db/project-root';
import {
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  type OrganizationKind,
  type OrganizationStatus,
} from '../../db/schema/organizations';

export interface DemoOrganizationSpec {
  key: string;
  name: string;
  kind: OrganizationKind;
  commune: string;
  description: string;
  /** Keys of the GEs it belongs to. */
  ges?: string[];
  status?: OrganizationStatus;
  idcc?: string;
}

interface DemoOrganizationsFile {
  belfort: DemoOrganizationSpec[];
  francheComte: DemoOrganizationSpec[];
  provence: DemoOrganizationSpec[];
  orleansGe: DemoOrganizationSpec;
  loiretMembers: [string, string, OrganizationKind, string][];
  loiretActivity: Record<OrganizationKind, string>;
  ileDeFrance: DemoOrganizationSpec[];
  pending: DemoOrganizationSpec[];
}

const ACI_IDCC = '3016';

// Read through require: a JSON import attribute is not understood by every tool that loads this file.
const data = JSON.parse(
  readFileSync(projectPath('scripts', 'demo', 'organizations-data.json'), 'utf8'),
) as DemoOrganizationsFile;

const ORLEANS: DemoOrganizationSpec[] = [
  data.orleansGe,
  ...data.loiretMembers.map(([key, name, kind, commune]) => ({
    key,
    name,
    kind,
    commune: `${commune} (45)`,
    ges: ['orleans-ge'],
    description: data.loiretActivity[kind],
    ...(kind === 'ACI' ? { idcc: ACI_IDCC } : {}),
  })),
];

export const DEMO_ORGANIZATIONS: DemoOrganizationSpec[] = [
  ...data.belfort,
  ...data.francheComte,
  ...data.provence,
  ...ORLEANS,
  ...data.ileDeFrance,
  ...data.pending,
];

// The JSON escapes the type checker: a misspelt kind or status fails here rather than in the database.
for (const o of DEMO_ORGANIZATIONS) {
  if (!(ORGANIZATION_KINDS as readonly string[]).includes(o.kind))
    throw new Error(`organizations-data.json: ${o.key} has an unknown kind "${o.kind}"`);
  if (o.status !== undefined && !(ORGANIZATION_STATUSES as readonly string[]).includes(o.status))
    throw new Error(`organizations-data.json: ${o.key} has an unknown status "${o.status}"`);
}

/** Keys by story, for later demo parts. */
export const DEMO_GROUPS = {
  belfortSiae: ['belfort-aci', 'belfort-ai', 'belfort-ei', 'belfort-rq'],
  provenceEss: data.provence.filter((o) => o.kind !== 'GE').map((o) => o.key),
  orleansMembers: data.loiretMembers.map(([key]) => key),
  ileDeFranceSiae: data.ileDeFrance.map((o) => o.key),
  franceComte: data.francheComte.filter((o) => o.kind !== 'GE').map((o) => o.key),
} as const;
