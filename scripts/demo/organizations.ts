/**
 * Loads the demo organizations (organizations-data.ts) with an owner each, some editors, their GE
 * memberships, valid SIRETs and coordinates from server/places, in a few bulk statements.
 */

import { geMemberships, memberships } from '../../db/schema';
import { createInvitation } from '../../server/organizations/invitations';
import { insertOrganizations } from '../../server/organizations/service';
import { resolveCommune } from '../../server/places';
import { completeSiret } from '../../server/vocabulary/siret';
import type { DemoContext, DemoOrganization } from './context';
import { DEMO_ORGANIZATIONS, type DemoOrganizationSpec } from './organizations-data';
import { demoPerson, insertPeople } from './people';
import type { Rng } from './random';

/** The demo account's own structure. */
export const STRUCTURE_ACCOUNT_ORGANIZATION = 'belfort-aci';

/** A Luhn-valid SIRET (its SIREN Luhn-valid too, as real ones are), never La Poste's, never twice. */
function demoSiret(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const head = `${rng.int(3, 9)}${rng.digits(7)}`;
    // Leading zeros do not change a Luhn sum: completing 00000 + 8 digits gives a valid 9-digit SIREN.
    const siren = completeSiret(`00000${head}`).slice(-9);
    const siret = completeSiret(`${siren}0001`);
    if (!taken.has(siret) && !siret.startsWith('356000000')) {
      taken.add(siret);
      return siret;
    }
  }
}

function communeOf(spec: DemoOrganizationSpec) {
  const resolution = resolveCommune(spec.commune);
  if (!resolution || resolution.ambiguous) throw new Error(`demo: commune ${spec.commune} does not resolve`);
  return resolution.commune;
}

export async function loadOrganizations(ctx: DemoContext): Promise<void> {
  const { tx, rng } = ctx;
  const sirets = new Set<string>();
  const specs = DEMO_ORGANIZATIONS.map((spec) => ({ spec, commune: communeOf(spec) }));

  // People first: one owner per organization (the demo account for its own), an editor for every third.
  const owners = specs.map(({ spec, commune }) =>
    spec.key === STRUCTURE_ACCOUNT_ORGANIZATION ? null : demoPerson(ctx, commune.departement),
  );
  const editors = specs.map(({ commune }, i) => (i % 3 === 1 ? demoPerson(ctx, commune.departement) : null));
  const newPeople = [...owners, ...editors].filter((p) => p !== null);
  const ids = await insertPeople(ctx, newPeople);
  const idOf = new Map(newPeople.map((p, i) => [p.email, ids[i] as number]));

  const now = new Date();
  const organizationIds = await insertOrganizations(
    tx,
    specs.map(({ spec, commune }) => {
      const status = spec.status ?? 'validated';
      return {
        name: spec.name,
        siret: demoSiret(rng, sirets),
        kind: spec.kind,
        communeCode: commune.code,
        communeName: commune.name,
        departement: commune.departement,
        lat: commune.lat,
        lon: commune.lon,
        coordsApproximate: commune.approximate,
        idcc: spec.idcc ?? null,
        description: spec.description,
        status,
        validatedAt: status === 'pending' ? null : now,
        validatedBy: status === 'pending' ? null : ctx.accounts.admin,
      };
    }),
  );

  specs.forEach(({ spec, commune }, i) => {
    const owner = owners[i];
    const editor = editors[i];
    ctx.organizations.set(spec.key, {
      key: spec.key,
      id: organizationIds[i] as number,
      name: spec.name,
      kind: spec.kind,
      status: spec.status ?? 'validated',
      communeCode: commune.code,
      communeName: commune.name,
      departement: commune.departement,
      lat: commune.lat,
      lon: commune.lon,
      geIds: [],
      ownerId: owner ? (idOf.get(owner.email) as number) : ctx.accounts.structure,
      editorIds: editor ? [idOf.get(editor.email) as number] : [],
    });
  });

  // The Belfort GES is run by the four SIAE: the demo account edits it too.
  const ges = ctx.organizations.get('belfort-ges') as DemoOrganization;
  ges.editorIds.push(ctx.accounts.structure);

  const orgs = [...ctx.organizations.values()];
  await tx
    .insert(memberships)
    .values(
      orgs.flatMap((o) => [
        { organizationId: o.id, personId: o.ownerId, role: 'owner' as const },
        ...o.editorIds.map((personId) => ({ organizationId: o.id, personId, role: 'editor' as const })),
      ]),
    );

  const geLinks = specs.flatMap(({ spec }) =>
    (spec.ges ?? []).map((geKey) => {
      const member = ctx.organizations.get(spec.key) as DemoOrganization;
      const ge = ctx.organizations.get(geKey);
      if (ge?.kind !== 'GE') throw new Error(`demo: ${spec.key} belongs to unknown GE ${geKey}`);
      member.geIds.push(ge.id);
      // The demo's GEs know their members: confirmed memberships.
      return { organizationId: member.id, geId: ge.id, status: 'confirmed' as const };
    }),
  );
  await tx.insert(geMemberships).values(geLinks);

  // An invitation waiting on the demo account's dashboard: the Montbéliard GE invites Claire.
  const nfc = ctx.organizations.get('nfc-ge') as DemoOrganization;
  // Through the invitations service (the link it returns is not mailed: Claire accepts from her dashboard).
  await createInvitation(tx, {
    organizationId: nfc.id,
    email: 'structure@demo.invalid',
    role: 'editor',
    invitedBy: { id: nfc.ownerId },
    publicUrl: ctx.publicUrl,
  });
}
