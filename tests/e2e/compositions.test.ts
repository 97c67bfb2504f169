/**
 * Issue 6 in Chromium, on the demo data, with JavaScript and without: the two structures of a proposal
 * write to each other in its thread and both accept it; one chooses the GE and opens the shared post; a
 * visitor finds it on /postes and expresses interest; the structure is notified (header count, the
 * notifications page) and sees the candidate. axe-core must find no serious or critical violation on any
 * page visited.
 */
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Browser as Chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  compositionMessages,
  compositionNeeds,
  compositions,
  memberships,
  organizations,
  people,
  postCandidates,
  sharedPosts,
} from '../../db/schema';
import { loadDemo } from '../../scripts/demo';
import { DEMO_PASSWORD } from '../../scripts/demo/accounts';
import { elide } from '../../server/common/french';
import {
  collectConsoleErrors,
  describeBrowser,
  type E2eServer,
  expectAccessible,
  launchChromium,
  newContext,
  startServer,
} from '../support/e2e';

let server: E2eServer;
let chromium: Chromium;

interface Side {
  organizationName: string;
  email: string;
}
interface Proposal {
  id: number;
  sides: [Side, Side];
}

/** The demo's proposed full compositions between exactly two structures, with an owner of each. */
async function twoStructureProposals(): Promise<Proposal[]> {
  const db = server.db;
  const proposed = await db
    .select({ id: compositions.id })
    .from(compositions)
    .where(and(eq(compositions.status, 'proposed'), eq(compositions.kind, 'full')))
    .orderBy(compositions.id);
  const found: Proposal[] = [];
  for (const { id } of proposed) {
    const orgs = await db
      .selectDistinct({ id: organizations.id, name: organizations.name })
      .from(compositionNeeds)
      .innerJoin(organizations, eq(organizations.id, compositionNeeds.organizationId))
      .where(eq(compositionNeeds.compositionId, id));
    if (orgs.length !== 2) continue;
    const sides: Side[] = [];
    for (const org of orgs) {
      const owners = await db
        .select({ email: people.email })
        .from(memberships)
        .innerJoin(people, eq(people.id, memberships.personId))
        .where(and(eq(memberships.organizationId, org.id), eq(memberships.role, 'owner')))
        .orderBy(people.email);
      // The documented demo account first, when it owns one of the structures.
      const email = owners.find((o) => o.email === 'structure@demo.invalid')?.email ?? owners[0]?.email;
      if (email) sides.push({ organizationName: org.name, email });
    }
    if (sides.length === 2) {
      if (sides[1].email === 'structure@demo.invalid') sides.reverse();
      found.push({ id, sides: [sides[0], sides[1]] });
    }
  }
  // The proposal of structure@demo.invalid first: the JavaScript run uses the documented account.
  return found.sort(
    (a, b) =>
      Number(b.sides[0].email === 'structure@demo.invalid') -
      Number(a.sides[0].email === 'structure@demo.invalid'),
  );
}

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL('**/tableau-de-bord');
  return page;
}

/** Clicks a submit button and waits for the page it leads to (a full load without JavaScript). */
async function submit(page: Page, name: string | RegExp) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

describeBrowser('compositions, messages, a shared post and a candidate in a real browser', () => {
  let proposals: Proposal[];

  beforeAll(async () => {
    server = await startServer({ rateLimit: { max: 1_000, windowMs: 60_000 } });
    await loadDemo(server.db, { publicUrl: server.baseUrl });
    await server.app.searchIndexer.drain();
    proposals = await twoStructureProposals();
    chromium = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  for (const [run, javaScript] of [
    [0, true],
    [1, false],
  ] as const) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    it(`two structures talk and accept, a post opens, a visitor is interested, the structure sees it (${mode})`, async () => {
      const proposal = proposals[run];
      expect(proposal, 'the demo should hold two proposals between two structures').toBeDefined();
      const [first, second] = proposal.sides;
      const word = javaScript ? 'Horizon' : 'Boussole';
      const contexts: BrowserContext[] = [];
      const consoleErrors: string[][] = [];
      const context = async () => {
        const c = await newContext(chromium, server.baseUrl, { javaScript });
        contexts.push(c);
        consoleErrors.push(collectConsoleErrors(c));
        return c;
      };
      try {
        // --- The first structure: its proposals, the composition, a message, its answer.
        const a = await signIn(await context(), first.email);
        await a.goto('/compositions');
        await expectAccessible(a, `proposals (${mode})`);
        await a.locator(`a[href="/compositions/${proposal.id}"]`).first().click();
        await a.waitForURL(`**/compositions/${proposal.id}`);
        await expectAccessible(a, `composition (${mode})`);
        await a.getByRole('link', { name: 'Messages entre les structures' }).click();
        await a.waitForURL(`**/compositions/${proposal.id}/messages`);
        await expectAccessible(a, `thread, empty (${mode})`);
        await a.getByLabel('Votre message').fill(`Bonjour, le poste ${word} vous convient-il le jeudi ?`);
        await submit(a, 'Envoyer le message');
        await a.getByText(`Bonjour, le poste ${word} vous convient-il le jeudi ?`).waitFor();
        // With htmx the thread was swapped in place (no navigation); without, the page reloaded at the message.
        if (javaScript) expect(a.url()).toMatch(new RegExp(`/compositions/${proposal.id}/messages$`));
        else expect(a.url()).toMatch(/#message-\d+$/);
        expect(await a.locator('.message').count()).toBe(1);
        await expectAccessible(a, `thread with a message (${mode})`);
        await a.goto(`/compositions/${proposal.id}`);
        await submit(a, `Accepter pour ${first.organizationName}`);
        await a.getByText('Votre accord est enregistré').waitFor();

        // --- The second structure: told in the app, reads the message, answers, accepts, opens the post.
        const b = await signIn(await context(), second.email);
        await b.getByRole('link', { name: /^Notifications \(\d+ non lues\s?\)$/ }).click();
        await b.waitForURL('**/notifications');
        await expectAccessible(b, `notifications (${mode})`);
        await b
          .getByRole('link', { name: `Message ${elide('de', first.organizationName)} :`, exact: false })
          .first()
          .click();
        // The notification's link leads to the message itself (#message-N).
        await b.waitForURL(new RegExp(`/compositions/${proposal.id}/messages#message-\\d+$`));
        await b.getByText(`le poste ${word} vous convient-il`).waitFor();
        await b.getByLabel('Votre message').fill('Oui, le jeudi nous convient.');
        await submit(b, 'Envoyer le message');
        await b.getByText('Oui, le jeudi nous convient.').waitFor();
        await b.goto(`/compositions/${proposal.id}`);
        await submit(b, `Accepter pour ${second.organizationName}`);
        await b.getByText('Toutes les structures ont accepté').first().waitFor();
        await expectAccessible(b, `accepted composition (${mode})`);
        await b.getByLabel('Un groupement d’employeurs à créer').check();
        await submit(b, 'Enregistrer ce choix');
        await b.getByText('Le choix du groupement d’employeurs est enregistré').waitFor();
        await b.getByRole('link', { name: 'Ouvrir le poste partagé' }).click();
        await b.waitForURL(`**/compositions/${proposal.id}/poste`);
        await expectAccessible(b, `post form (${mode})`);
        await b.getByLabel('Intitulé du poste').fill(`Poste partagé ${word} en CDI`);
        await b.getByLabel('Montant ou minimum (€)').fill('1 850');
        await submit(b, 'Publier le poste');
        await b.waitForURL(/\/postes\/\d+$/);
        const postId = Number(new URL(b.url()).pathname.split('/').pop());
        await b.getByText('Le poste partagé est ouvert').waitFor();
        await server.app.searchIndexer.drain();

        // --- A visitor finds the post on /postes and expresses interest, without an account.
        const v = await (await context()).newPage();
        await v.goto('/postes');
        await expectAccessible(v, `/postes (${mode})`);
        await v.getByLabel('Métier, compétence, lieu').fill(word);
        await submit(v, 'Rechercher');
        await v.getByRole('link', { name: `Poste partagé ${word} en CDI` }).click();
        await v.waitForURL(`**/postes/${postId}`);
        await expectAccessible(v, `post page (${mode})`);
        await v.getByText('1\u00a0850\u00a0€ brut par mois').waitFor();
        await v.getByLabel('Nom et prénom').fill(`Dominique ${word}`);
        await v.getByLabel('Adresse e-mail').fill(`dominique.${word.toLowerCase()}@exemple.fr`);
        await v.getByLabel('Message').fill('Dix ans d’expérience, disponible en janvier.');
        await v.getByLabel(/J’accepte que les structures de ce poste/).check();
        await submit(v, 'Envoyer');
        await v.getByText('Merci : votre intérêt est transmis').waitFor();
        await expectAccessible(v, `post page after interest (${mode})`);

        // --- The first structure is notified and sees the candidate.
        await a.goto('/tableau-de-bord');
        await a.getByRole('link', { name: /^Notifications \(\d+ non lues\s?\)$/ }).click();
        await a.waitForURL('**/notifications');
        await a
          .getByRole('link', { name: `Une personne s’intéresse au poste « Poste partagé ${word} en CDI »` })
          .click();
        await a.waitForURL(`**/compositions/${proposal.id}/candidats`);
        await a.getByRole('rowheader', { name: `Dominique ${word}` }).waitFor();
        await expectAccessible(a, `candidates (${mode})`);
        // Opening it marked it read; "Tout marquer comme lu" clears the rest.
        await a.goto('/notifications');
        await submit(a, 'Tout marquer comme lu');
        await a.getByText('Tout est lu.').waitFor();
        expect(await a.getByRole('link', { name: /non lues/ }).count()).toBe(0);
        await expectAccessible(a, `notifications, all read (${mode})`);

        const [post] = await server.db.select().from(sharedPosts).where(eq(sharedPosts.id, postId));
        expect(post.status).toBe('open');
        const candidates = await server.db
          .select()
          .from(postCandidates)
          .where(eq(postCandidates.postId, postId));
        expect(candidates.map((c) => c.name)).toEqual([`Dominique ${word}`]);
        const thread = await server.db
          .select()
          .from(compositionMessages)
          .where(eq(compositionMessages.compositionId, proposal.id));
        expect(thread).toHaveLength(2);
        // Posting a message through htmx, among the rest, logs no CSP violation and no htmx error.
        expect(consoleErrors.flat()).toEqual([]);
      } finally {
        for (const c of contexts) await c.close();
      }
    }, 180_000);
  }
});
