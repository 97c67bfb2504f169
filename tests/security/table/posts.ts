/** Access rows: shared posts and expressions of interest. */
import { eq } from 'drizzle-orm';
import { compositions, postCandidates } from '../../../db/schema';
import { decide } from '../../../server/compositions/decisions';
import { chooseGe } from '../../../server/compositions/ge-choice';
import { getComposition } from '../../../server/compositions/service';
import { openPost } from '../../../server/posts/service';
import {
  makeNeed,
  makeOrganization,
  makePerson,
  makeProposal,
  WEEK_A,
  WEEK_B,
} from '../../support/factories';
import type { Fixtures } from '../fixtures';
import { type Expect, everyone, one, PUBLIC, type RouteRow } from './expect';

/** A composition between `orgs.owned` and a partner, accepted by both, GE "to create"; a new one per key. */
const accepted = (f: Fixtures, key: string) =>
  f.memo(`accepted-composition-${key}`, async () => {
    const db = f.testApp.db;
    const owner = await makePerson(db);
    const partner = await makeOrganization(db, { owner, name: `Structure partenaire ${key}` });
    const need = (organizationId: number, hours: number, slots: string[]) =>
      makeNeed(db, {
        org: organizationId,
        roleCode: 'K9998',
        hoursHundredths: hours * 100,
        slotsNeeded: slots.length,
        allowedSlots: slots,
      });
    const a = await need(f.orgs.owned.id, 21, WEEK_A);
    const b = await need(partner.id, 14, WEEK_B);
    const proposal = await makeProposal(db, [
      { need: a, slots: WEEK_A },
      { need: b, slots: WEEK_B },
    ]);
    const version = async () =>
      (await db.select().from(compositions).where(eq(compositions.id, proposal.id)))[0].version;
    for (const [organizationId, personId] of [
      [f.orgs.owned.id, f.people.owner.id],
      [partner.id, owner.id],
    ]) {
      const publicUrl = 'http://mosaique.test';
      await decide(db, {
        compositionId: proposal.id,
        organizationId,
        personId,
        decision: 'accept',
        version: await version(),
        publicUrl,
      });
    }
    await chooseGe(db, {
      compositionId: proposal.id,
      personId: f.people.owner.id,
      version: await version(),
      ge: 'to_create',
      publicUrl: '',
    });
    return { id: proposal.id };
  });

/** An open post on its own accepted composition. */
const openedPost = (f: Fixtures, key: string) =>
  f.memo(`open-post-${key}`, async () => {
    const { id } = await accepted(f, `post-${key}`);
    const detail = await getComposition(f.testApp.db, id);
    if (!detail) throw new Error('no composition');
    const result = await openPost(f.testApp.db, {
      detail,
      personId: f.people.owner.id,
      version: detail.composition.version,
      form: {
        title: 'Comptable en CDI partagé',
        startDate: '2030-01-07',
        description: 'Comptabilité de deux structures, trois jours dans l’une et deux dans l’autre.',
        payMin: 185_000,
        payMax: null,
        payUnit: 'month',
      },
    });
    if (!result.ok) throw new Error(result.message);
    return { id: result.postId, compositionId: id };
  });

/** Owners of the composition's organizations open the post; editors 403, outsiders and admins 404. */
const COMPOSITION_OWNERS: Expect = { ...everyone('denied'), visitor: 'signin', owner: 'ok' };
/** Candidates: the composition's members (here its owner) and admins; outsiders 404. */
const CANDIDATE_READERS: Expect = { ...COMPOSITION_OWNERS, admin: 'ok' };

/** One expression of interest on the candidates' post. */
const candidate = (f: Fixtures) =>
  f.memo('post-candidate', async () => {
    const post = await openedPost(f, 'candidates');
    const [row] = await f.testApp.db
      .insert(postCandidates)
      .values({
        postId: post.id,
        name: 'Camille Candidate',
        email: 'camille.candidate@exemple.invalid',
        consentAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: postCandidates.id });
    return { ...post, candidateId: row.id };
  });

const POST_WRITES = ['shared_posts', 'compositions', 'composition_events', 'search_outbox'];

export const POST_ROWS: RouteRow[] = [
  {
    route: 'GET /compositions/:id/poste',
    cases: [
      {
        label: 'accepted',
        url: async (f) => `/compositions/${(await accepted(f, 'form')).id}/poste`,
        expect: COMPOSITION_OWNERS,
      },
      {
        label: 'not an id',
        url: () => '/compositions/abc/poste',
        expect: { ...everyone('denied'), visitor: 'signin' },
      },
    ],
  },
  {
    route: 'POST /compositions/:id/poste',
    cases: one(async (f) => `/compositions/${(await accepted(f, 'open')).id}/poste`, COMPOSITION_OWNERS),
    writes: POST_WRITES,
    fields: ['version', 'title', 'startDate', 'description'],
  },
  {
    route: 'GET /compositions/:id/candidats',
    cases: one(
      async (f) => `/compositions/${(await openedPost(f, 'candidates')).compositionId}/candidats`,
      CANDIDATE_READERS,
    ),
  },
  {
    route: 'POST /compositions/:id/candidats/:candidateId/statut',
    cases: one(async (f) => {
      const { compositionId, candidateId } = await candidate(f);
      return `/compositions/${compositionId}/candidats/${candidateId}/statut`;
    }, CANDIDATE_READERS),
    writes: ['post_candidates', 'mail_outbox'],
    fields: ['version', 'status'],
  },
  {
    route: 'GET /postes',
    cases: one('/postes?q=comptable&departement=90&pres=Belfort&debut=2027-01-01', PUBLIC),
  },
  {
    route: 'GET /postes/:id',
    cases: [
      { label: 'open', url: async (f) => `/postes/${(await openedPost(f, 'show')).id}`, expect: PUBLIC },
      { label: 'no such id', url: () => '/postes/99999999', expect: everyone('denied') },
      { label: 'not an id', url: () => '/postes/abc', expect: everyone('denied') },
    ],
  },
  {
    route: 'POST /postes/:id/interet',
    cases: one(async (f) => `/postes/${(await openedPost(f, 'interest')).id}/interet`, PUBLIC),
    writes: ['post_candidates', 'mail_outbox', 'notifications'],
    fields: ['name', 'email', 'phone', 'message', 'consent'],
  },
  {
    route: 'POST /postes/:id/cloturer',
    cases: one(async (f) => `/postes/${(await openedPost(f, 'close')).id}/cloturer`, {
      ...everyone('denied'),
      visitor: 'signin',
      owner: 'ok',
    }),
    writes: POST_WRITES,
    fields: ['version', 'outcome'],
  },
];
