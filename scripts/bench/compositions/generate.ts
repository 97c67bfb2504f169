/**
 * Published needs for the compositions benchmark, in the database: the matcher benchmark's generated
 * instance (scripts/bench/matching/generate.ts: real towns, a dozen ROME codes skewed to the field's
 * support functions, hours mostly in multiples of 3.5 h, whole days or scattered half-days, GEs of the
 * town) turned into validated organizations, their GEs and memberships, and published needs placed in
 * the commune of the nearest town. Seeded: the same size gives the same rows.
 */
import type { Db } from '../../../db/client';
import { geMemberships, needs, organizations } from '../../../db/schema';
import type { OrganizationKind } from '../../../db/schema/organizations';
import { distanceKm } from '../../../server/places';
import { findCommune, type Place, roleByCode } from '../../../server/vocabulary/lookups';
import { generateInstance, TOWNS } from '../matching/generate';

const KINDS: OrganizationKind[] = ['ACI', 'AI', 'EI', 'ETTI', 'ASSOCIATION', 'SCIC', 'ESS'];
const townKey = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

export interface GeneratedNeeds {
  organizations: number;
  ges: number;
  needs: number;
  roles: number;
  departements: number;
}

export async function insertMatchingNeeds(db: Db, size: number, seed = 1): Promise<GeneratedNeeds> {
  const instance = generateInstance({ size, seed });
  const towns = TOWNS.map(([name]) => {
    const place = findCommune(name).place;
    if (!place) throw new Error(`no commune for ${name}`);
    return place;
  });
  const townByKey = new Map(TOWNS.map(([name], i) => [townKey(name), towns[i]]));
  const nearest = (lat: number, lon: number): Place =>
    towns.reduce((best, t) => (distanceKm(t, { lat, lon }) < distanceKm(best, { lat, lon }) ? t : best));
  const commune = (t: Place) => ({
    communeCode: t.code,
    communeName: t.name,
    departement: t.departement,
  });

  // Each organization sits where its first need is (the generator draws needs around their organization).
  const firstNeed = new Map<string, { lat: number; lon: number }>();
  for (const n of instance.needs) if (!firstNeed.has(n.organizationId)) firstNeed.set(n.organizationId, n);
  const orgs = instance.organizations.filter((o) => firstNeed.has(o.id));
  const dbId = new Map<string, number>();
  for (let i = 0; i < orgs.length; i += 500) {
    const chunk = orgs.slice(i, i + 500);
    const rows = chunk.map((o, j) => {
      const at = firstNeed.get(o.id) as { lat: number; lon: number };
      const town = nearest(at.lat, at.lon);
      return {
        name: `Structure ${o.id.slice(1)} de ${town.name}`,
        kind: KINDS[(i + j) % KINDS.length],
        ...commune(town),
        lat: at.lat,
        lon: at.lon,
        status: 'validated' as const,
        validatedAt: new Date(),
      };
    });
    const ids = await db.insert(organizations).values(rows).returning({ id: organizations.id });
    for (const [j, r] of ids.entries()) dbId.set(chunk[j].id, r.id);
  }

  const geKeys = [...new Set(orgs.flatMap((o) => o.geIds))];
  const geRows = geKeys.map((key) => {
    const town = townByKey.get(key.replace(/^ge-/, '').replace(/-\d+$/, '')) ?? towns[0];
    return {
      name: `Groupement d’employeurs ${key.slice(-1)} de ${town.name}`,
      kind: 'GE' as const,
      ...commune(town),
      lat: town.lat,
      lon: town.lon,
      status: 'validated' as const,
      validatedAt: new Date(),
    };
  });
  const geIds = geRows.length
    ? await db.insert(organizations).values(geRows).returning({ id: organizations.id })
    : [];
  const geId = new Map(geKeys.map((k, i) => [k, geIds[i].id]));
  const memberRows = orgs.flatMap((o) =>
    o.geIds.map((g) => ({
      organizationId: dbId.get(o.id) as number,
      geId: geId.get(g) as number,
      status: 'confirmed' as const,
    })),
  );
  for (let i = 0; i < memberRows.length; i += 1000)
    await db.insert(geMemberships).values(memberRows.slice(i, i + 1000));

  for (let i = 0; i < instance.needs.length; i += 1000) {
    const rows = instance.needs.slice(i, i + 1000).map((n) => {
      const label = roleByCode(n.role)?.label ?? n.role;
      return {
        organizationId: dbId.get(n.organizationId) as number,
        roleCode: n.role,
        roleLabel: label,
        title: `${label} à temps partiel`,
        description: `${label} : ${n.hours} h par semaine, à partir du ${n.start}.`,
        hoursHundredths: Math.round(n.hours * 100),
        slotsNeeded: n.slotsNeeded,
        allowedSlots: n.allowedSlots,
        ...commune(nearest(n.lat, n.lon)),
        lat: n.lat,
        lon: n.lon,
        maxTravelKm: n.maxTravelKm,
        startDate: n.start,
        status: 'published' as const,
        publishedAt: new Date(),
      };
    });
    await db.insert(needs).values(rows);
  }
  return {
    organizations: orgs.length,
    ges: geKeys.length,
    needs: instance.needs.length,
    roles: new Set(instance.needs.map((n) => n.role)).size,
    departements: new Set(instance.needs.map((n) => nearest(n.lat, n.lon).departement)).size,
  };
}
