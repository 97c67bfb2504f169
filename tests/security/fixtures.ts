/**
 * The people, organizations and tokens that the route table builds its URLs from, and a client per role
 * that requests as that person (a fresh session for every request, so that a route which ends or changes
 * a session cannot spoil the next row).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  invitations,
  needs,
  offers,
  passwordResets,
  savedSearches,
  sessions,
  signUpRequests,
} from '../../db/schema';
import type { NeedStatus } from '../../db/schema/needs';
import type { OfferStatus } from '../../db/schema/offers';
import { hashToken, newToken, SESSION_COOKIE } from '../../server/accounts/session';
import { unsubscribeToken } from '../../server/alerts/service';
import { CSRF_COOKIE } from '../../server/common/security';
import type { TestApp } from '../support/app';
import { makeOrganization, makePerson } from '../support/factories';

export const ROLES = ['visitor', 'other', 'owner', 'facilitator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

type Person = Awaited<ReturnType<typeof makePerson>>;
type Organization = Awaited<ReturnType<typeof makeOrganization>>;

export interface Fixtures {
  app: FastifyInstance;
  testApp: TestApp;
  people: Record<Exclude<Role, 'visitor'>, Person>;
  orgs: {
    /** Validated, in Belfort (90), owned by `owner`. */
    owned: Organization;
    /** Validated, in Marseille (13), owned by `other`. */
    other: Organization;
    /** Pending validation, in Besançon (25), owned by `owner`. */
    pending: Organization;
  };
  /** A new validated organization owned by `owner`, for rows whose route changes or deletes it. */
  freshOrg(traits?: Parameters<typeof makeOrganization>[1]): Promise<Organization>;
  /** A valid, unused sign-up confirmation token, for a new address each time. */
  signUpToken(): Promise<string>;
  /** A valid, unused password-reset token for a person. */
  resetToken(person: Person): Promise<string>;
  /** A new person with no organization (e.g. an editor to remove, a facilitator to revoke). */
  freshPerson(traits?: Parameters<typeof makePerson>[1]): Promise<Person>;
  /** A pending invitation to a fresh organization of `owner`, addressed to `email`: its id and token. */
  invitation(email: string): Promise<{ id: number; token: string; organizationId: number }>;
  needs: {
    /** Published, of `orgs.owned`: public. */
    published: { id: number };
    /** Draft, of `orgs.owned`: members and admins only. */
    draft: { id: number };
    /** Published but of `orgs.pending`: not public until the organization is validated. */
    ofPending: { id: number };
  };
  offers: {
    /** Published, of `orgs.owned`: public. */
    published: { id: number };
    /** Draft, of `orgs.owned`. */
    draft: { id: number };
  };
  /** A new need of an organization (default: `orgs.owned`), for rows whose route changes it. */
  freshNeed(status?: NeedStatus, organizationId?: number): Promise<{ id: number }>;
  /** A new offer of an organization (default: `orgs.owned`). */
  freshOffer(status?: OfferStatus, organizationId?: number): Promise<{ id: number }>;
  /** A new saved search of a person (default: `owner`) and its unsubscribe link's path. */
  freshAlert(personId?: number): Promise<{ id: number; unsubscribePath: string }>;
  /** Anything a row wants to create once and reuse (keyed by name). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export async function createFixtures(testApp: TestApp): Promise<Fixtures> {
  const { db, app } = testApp;
  const people = {
    owner: await makePerson(db, { displayName: 'Odile Owner', phone: '06 11 22 33 44' }),
    other: await makePerson(db, { displayName: 'Oscar Other', phone: '06 55 66 77 88' }),
    facilitator: await makePerson(db, {
      displayName: 'Fanny Facilitator',
      phone: '03 84 99 88 77',
      territories: ['90', '25'],
    }),
    admin: await makePerson(db, { displayName: 'Adèle Admin', phone: '01 23 45 67 89', admin: true }),
  };
  const orgs = {
    owned: await makeOrganization(db, { owner: people.owner, name: 'Structure de Odile', town: 'belfort' }),
    other: await makeOrganization(db, { owner: people.other, name: 'Structure de Oscar', town: 'marseille' }),
    pending: await makeOrganization(db, {
      owner: people.owner,
      name: 'Structure en attente',
      town: 'besancon',
      validated: false,
    }),
  };
  const memos = new Map<string, Promise<unknown>>();

  const freshNeed = async (status: NeedStatus = 'draft', organizationId = orgs.owned.id) => {
    const [row] = await db
      .insert(needs)
      .values({
        organizationId,
        createdBy: people.owner.id,
        roleCode: 'M1203',
        roleLabel: 'Comptabilité',
        title: `Comptable à temps partiel (${status})`,
        description: 'Tenue de la comptabilité, deux jours par semaine.',
        hoursHundredths: 1400,
        slotsNeeded: 4,
        allowedSlots: ['mon-am', 'mon-pm', 'tue-am', 'tue-pm', 'thu-am'],
        communeCode: '90010',
        communeName: 'Belfort',
        departement: '90',
        lat: 47.6384,
        lon: 6.8638,
        maxTravelKm: 25,
        startDate: '2027-01-04',
        status,
        publishedAt: status === 'draft' ? null : new Date(),
      })
      .returning({ id: needs.id });
    return row;
  };
  const freshOffer = async (status: OfferStatus = 'draft', organizationId = orgs.owned.id) => {
    const [row] = await db
      .insert(offers)
      .values({
        organizationId,
        createdBy: people.owner.id,
        kind: 'pooling',
        title: `Mutualiser la paie (${status})`,
        description: 'Nous cherchons deux structures pour partager un service de paie.',
        departements: ['90', '25'],
        status,
        publishedAt: status === 'draft' ? null : new Date(),
      })
      .returning({ id: offers.id });
    return row;
  };

  return {
    app,
    testApp,
    people,
    orgs,
    needs: {
      published: await freshNeed('published'),
      draft: await freshNeed('draft'),
      ofPending: await freshNeed('published', orgs.pending.id),
    },
    offers: { published: await freshOffer('published'), draft: await freshOffer('draft') },
    freshNeed,
    freshOffer,
    async freshAlert(personId = people.owner.id) {
      const [row] = await db
        .insert(savedSearches)
        .values({ personId, label: 'Comptables à Belfort', query: 'q=comptable', frequency: 'weekly' })
        .returning({ id: savedSearches.id });
      const token = unsubscribeToken(testApp.config.sessionSecret, row.id);
      return { id: row.id, unsubscribePath: `/alertes/desabonner/${row.id}/${token}` };
    },
    freshOrg: (traits) => makeOrganization(db, { owner: people.owner, ...traits }),
    async signUpToken() {
      const token = newToken();
      await db.insert(signUpRequests).values({
        tokenHash: hashToken(token),
        email: `inscription-${token.slice(0, 8).toLowerCase()}@exemple.invalid`,
        displayName: 'Nouvelle Personne',
        passwordHash: people.other.passwordHash,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return token;
    },
    async resetToken(person) {
      const token = newToken();
      await db.insert(passwordResets).values({
        tokenHash: hashToken(token),
        personId: person.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return token;
    },
    freshPerson: (traits) => makePerson(db, traits),
    async invitation(email) {
      const org = await makeOrganization(db, { owner: people.owner });
      const token = newToken();
      const [row] = await db
        .insert(invitations)
        .values({
          organizationId: org.id,
          email,
          role: 'editor',
          tokenHash: hashToken(token),
          invitedBy: people.owner.id,
          expiresAt: new Date(Date.now() + 86_400_000),
        })
        .returning({ id: invitations.id });
      return { id: row.id, token, organizationId: org.id };
    },
    memo<T>(key: string, make: () => Promise<T>) {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as Promise<T>;
    },
  };
}

/** Requests as one role: its own CSRF secret and token, and a brand-new session for each request. */
export class RoleClient {
  private csrf: { cookie: string; token: string } | undefined;

  constructor(
    readonly fixtures: Fixtures,
    readonly role: Role,
  ) {}

  /** A session cookie for this role (none for the visitor), opened directly in the database. */
  async sessionCookies(): Promise<Record<string, string>> {
    if (this.role === 'visitor') return {};
    const token = newToken();
    await this.fixtures.testApp.db.insert(sessions).values({
      tokenHash: hashToken(token),
      personId: this.fixtures.people[this.role].id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return { [SESSION_COOKIE]: token };
  }

  /** A CSRF secret cookie and a token matching it, read from a page like a browser would. */
  async csrfPair() {
    if (!this.csrf) {
      const response = await this.fixtures.app.inject({ method: 'GET', url: '/connexion' });
      const cookie = response.cookies.find((c) => c.name === CSRF_COOKIE)?.value;
      const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
      if (!cookie || !token) throw new Error('no CSRF cookie or token on /connexion');
      this.csrf = { cookie, token };
    }
    return this.csrf;
  }

  async cookies(): Promise<Record<string, string>> {
    const { cookie } = await this.csrfPair();
    return { [CSRF_COOKIE]: cookie, ...(await this.sessionCookies()) };
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.fixtures.app.inject({ method: 'GET', url, cookies: await this.cookies() });
  }

  /** Posts a urlencoded body; `csrf: false` leaves the token out. */
  async post(
    url: string,
    form: Record<string, string> = {},
    { csrf = true }: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    if (csrf) body.set('_csrf', (await this.csrfPair()).token);
    return this.fixtures.app.inject({
      method: 'POST',
      url,
      cookies: await this.cookies(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  }

  request(method: string, url: string, options: { csrf?: boolean } = {}) {
    if (method === 'GET') return this.get(url);
    if (method === 'POST') return this.post(url, {}, options);
    throw new Error(`RoleClient: method ${method} not supported yet; add it to tests/security/fixtures.ts`);
  }
}
