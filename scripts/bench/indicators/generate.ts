/**
 * A year of facilitation activity on top of the demo (the demo's needs are all published within three
 * months): every published demo need is copied `copies` times with publication dates spread over the
 * last 365 days; triples of those copies form compositions accepted over the year, one in four of which
 * opened a shared post (half of them filled since); two sessions a month are held in 90 and 25, each
 * with 15 invited structures and three outcomes, one of them a "GE à créer". Seeded, set-based.
 */
import { sql } from 'drizzle-orm';
import { type Db, rawRows } from '../../../db/client';
import {
  compositionNeeds,
  compositions,
  matchmakingOutcomes,
  matchmakingSessionOrganizations,
  matchmakingSessions,
  sharedPosts,
} from '../../../db/schema';

const DAY = 86_400_000;

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface YearOfActivity {
  needs: number;
  compositions: number;
  posts: number;
  sessions: number;
  outcomes: number;
}

export async function generateYearOfActivity(db: Db, copies = 8, now = new Date()): Promise<YearOfActivity> {
  const rand = random(11);
  // Copies of the demo's published needs, published over the year (random() is PostgreSQL's: the
  // dates need not be reproducible to the second, the volume is).
  await db.execute(sql`insert into needs (organization_id, created_by, role_code, role_label, title, description,
      hours_hundredths, slots_needed, allowed_slots, commune_code, commune_name, departement, lat, lon,
      coords_approximate, max_travel_km, start_date, status, published_at)
    select organization_id, created_by, role_code, role_label, title, description, hours_hundredths,
      slots_needed, allowed_slots, commune_code, commune_name, departement, lat, lon, coords_approximate,
      max_travel_km, start_date, 'published', ${now.toISOString()}::timestamptz - random() * interval '365 days'
    from needs cross join generate_series(1, ${copies}) where status = 'published'`);
  const copied = await rawRows<{
    id: number;
    organization_id: number;
    hours_hundredths: number;
    published_at: string;
  }>(
    db,
    sql`select id, organization_id, hours_hundredths, published_at from needs
      where published_at > ${now.toISOString()}::timestamptz - interval '366 days' order by id`,
  );

  // Compositions: consecutive triples of copies, accepted some days after the last publication.
  const triples: (typeof copied)[] = [];
  for (let i = 0; i + 2 < copied.length; i += 6) triples.push(copied.slice(i, i + 3));
  const compositionIds: { id: number; decidedAt: Date }[] = [];
  for (const chunk of chunks(triples)) {
    const values = chunk.map((members, index) => {
      const last = Math.max(...members.map((m) => new Date(m.published_at).getTime()));
      const decidedAt = new Date(Math.min(now.getTime(), last + Math.floor(rand() * 30) * DAY));
      return {
        roleCode: 'M1203',
        roleLabel: 'Comptabilité',
        kind: 'full' as const,
        status: index % 4 === 0 ? ('post_opened' as const) : ('accepted' as const),
        signature: members.map((m) => `${m.id}:1`).join(','),
        hoursHundredths: members.reduce((s, m) => s + m.hours_hundredths, 0),
        maxDistanceKm: 20,
        decidedAt,
      };
    });
    const rows = await db
      .insert(compositions)
      .values(values)
      .returning({ id: compositions.id, decidedAt: compositions.decidedAt });
    compositionIds.push(...rows.map((r) => ({ id: r.id, decidedAt: r.decidedAt ?? now })));
    const links = chunk.flatMap((members, index) =>
      members.map((m) => ({
        compositionId: rows[index].id,
        needId: m.id,
        organizationId: m.organization_id,
        needVersion: 1,
        slots: ['mon-am'],
      })),
    );
    for (const part of chunks(links)) await db.insert(compositionNeeds).values(part);
  }

  // Shared posts for one composition in four, half of them filled since.
  const opened = compositionIds.filter((_, index) => index % 4 === 0);
  for (const chunk of chunks(opened)) {
    await db.insert(sharedPosts).values(
      chunk.map((c, index) => {
        const createdAt = new Date(Math.min(now.getTime(), c.decidedAt.getTime() + 7 * DAY));
        const filled = index % 2 === 0 && createdAt.getTime() + 30 * DAY < now.getTime();
        return {
          compositionId: c.id,
          title: 'Comptable en CDI partagé',
          roleCode: 'M1203',
          roleLabel: 'Comptabilité',
          description: 'Poste partagé issu d’une composition.',
          startDate: createdAt.toISOString().slice(0, 10),
          communeNames: ['Belfort'],
          communeCodes: ['90010'],
          departements: ['90', '25'],
          lat: 47.6384,
          lon: 6.8638,
          status: filled ? ('filled' as const) : ('open' as const),
          createdAt,
          filledAt: filled ? new Date(createdAt.getTime() + 30 * DAY) : null,
        };
      }),
    );
  }

  // Two sessions a month, held, with 15 invited structures and three outcomes each.
  const organizations = await rawRows<{ id: number }>(
    db,
    sql`select id from organizations where departement in ('90', '25') order by id`,
  );
  let sessions = 0;
  let outcomes = 0;
  for (let month = 0; month < 12; month++) {
    for (const day of [8, 22]) {
      const startsAt = new Date(now.getTime() - (month * 30 + day) * DAY);
      const [session] = await db
        .insert(matchmakingSessions)
        .values({
          kind: 'club_rh',
          title: `Club RH ${month}-${day}`,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          communeCode: '90010',
          communeName: 'Belfort',
          departements: ['90', '25'],
          status: 'held',
          heldAt: startsAt,
        })
        .returning({ id: matchmakingSessions.id });
      const invited = new Set<number>();
      while (invited.size < Math.min(15, organizations.length))
        invited.add(organizations[Math.floor(rand() * organizations.length)].id);
      await db
        .insert(matchmakingSessionOrganizations)
        .values([...invited].map((organizationId) => ({ sessionId: session.id, organizationId })));
      await db.insert(matchmakingOutcomes).values(
        (['composition_agreed', 'ge_to_create', 'follow_up'] as const).map((kind) => ({
          sessionId: session.id,
          kind,
          createdAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        })),
      );
      sessions++;
      outcomes += 3;
    }
  }
  return {
    needs: copied.length,
    compositions: compositionIds.length,
    posts: opened.length,
    sessions,
    outcomes,
  };
}
