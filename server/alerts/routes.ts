/** Saved searches: save, list, delete (signed in); unsubscribe from a mail link without signing in. */
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { savedSearches } from '../../db/schema';
import { ALERT_FREQUENCIES } from '../../db/schema/search';
import { signedInPerson } from '../common/access';
import { idParam, NotFound } from '../common/errors';
import { parseForm, text } from '../common/forms';
import { checkUnsubscribeToken, describeQuery, FREQUENCY_LABELS, normalizedQuery } from './service';

const alertSchema = z.object({
  label: text('Nom de la recherche', { max: 120 }),
  frequency: z.enum(ALERT_FREQUENCIES, { error: 'Alerte : choisissez une fréquence.' }),
  query: z.string().max(2000, { error: 'Recherche trop longue.' }).default('').transform(normalizedQuery),
});

const frequencyOptions = ALERT_FREQUENCIES.map((value) => ({ value, label: FREQUENCY_LABELS[value] }));

export default async function alertRoutes(app: FastifyInstance) {
  const signedIn = { access: 'signedIn' as const };

  app.get('/alertes', { config: signedIn }, async (request, reply) => {
    const list = await app.db
      .select()
      .from(savedSearches)
      .where(eq(savedSearches.personId, signedInPerson(request).id))
      .orderBy(desc(savedSearches.createdAt));
    return reply.render(
      { page: 'alerts/index' },
      {
        alerts: list.map((a) => ({
          ...a,
          description: describeQuery(a.query),
          frequencyLabel: FREQUENCY_LABELS[a.frequency],
        })),
      },
    );
  });

  app.get('/alertes/nouvelle', { config: signedIn }, async (request, reply) => {
    const raw = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const query = normalizedQuery(raw);
    const q = new URLSearchParams(query).get('q') ?? '';
    return reply.render(
      { page: 'alerts/new' },
      {
        values: { label: q || 'Ma recherche', frequency: 'weekly', query },
        errors: {},
        frequencyOptions,
        description: describeQuery(query),
      },
    );
  });

  app.post('/alertes', { config: signedIn }, async (request, reply) => {
    const form = parseForm(alertSchema, request.body);
    if (!form.ok) {
      const query = normalizedQuery(String(form.values.query ?? ''));
      return reply.render(
        { page: 'alerts/new', status: 422 },
        {
          values: { ...form.values, query },
          errors: form.errors,
          frequencyOptions,
          description: describeQuery(query),
        },
      );
    }
    await app.db.insert(savedSearches).values({ personId: signedInPerson(request).id, ...form.data });
    reply.flash(
      form.data.frequency === 'none'
        ? 'La recherche est enregistrée.'
        : `La recherche est enregistrée : vous recevrez les nouveautés ${form.data.frequency === 'daily' ? 'chaque jour' : 'chaque semaine'} par e-mail.`,
    );
    return reply.redirect('/alertes', 303);
  });

  app.post('/alertes/:id/supprimer', { config: signedIn }, async (request, reply) => {
    const id = idParam((request.params as { id: string }).id);
    const deleted = await app.db
      .delete(savedSearches)
      .where(and(eq(savedSearches.id, id), eq(savedSearches.personId, signedInPerson(request).id)))
      .returning({ id: savedSearches.id });
    if (!deleted.length) throw new NotFound('Cette recherche enregistrée n’existe pas.');
    reply.flash('La recherche enregistrée est supprimée.');
    return reply.redirect('/alertes', 303);
  });

  // From a mail: a page with a button (a GET must not change anything: mail scanners follow links).
  const findByToken = async (params: unknown) => {
    const { id: rawId, token } = params as { id: string; token: string };
    const id = idParam(rawId);
    if (!checkUnsubscribeToken(app.config.sessionSecret, id, String(token ?? '')))
      throw new NotFound('Ce lien de désabonnement n’est pas valide.');
    const [saved] = await app.db.select().from(savedSearches).where(eq(savedSearches.id, id));
    if (!saved) throw new NotFound('Cette alerte n’existe plus.');
    return saved;
  };

  app.get('/alertes/desabonner/:id/:token', { config: { access: 'public' } }, async (request, reply) => {
    const saved = await findByToken(request.params);
    return reply.render(
      { page: 'alerts/unsubscribe' },
      { saved, done: saved.frequency === 'none', action: request.url.split('?')[0] },
    );
  });

  app.post('/alertes/desabonner/:id/:token', { config: { access: 'public' } }, async (request, reply) => {
    const saved = await findByToken(request.params);
    await app.db.update(savedSearches).set({ frequency: 'none' }).where(eq(savedSearches.id, saved.id));
    return reply.render(
      { page: 'alerts/unsubscribe' },
      { saved, done: true, action: request.url.split('?')[0] },
    );
  });
}
