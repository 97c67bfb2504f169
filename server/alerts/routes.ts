/** Saved searches: save, list, delete (signed in); unsubscribe from a mail link without signing in. */
import { z } from 'zod';
import { ALERT_FREQUENCIES } from '../../db/schema/search';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { parseForm, text } from '../common/forms';
import { formBody, id, idParams, type RouteApp } from '../common/route-schemas';
import { deleteSavedSearch, findSavedSearch, savedSearchesOf, saveSearch, stopAlert } from './saved-searches';
import { checkUnsubscribeToken, describeQuery, FREQUENCY_LABELS, normalizedQuery } from './service';

const alertSchema = z.object({
  label: text('Nom de la recherche', { max: 120 }),
  frequency: z.enum(ALERT_FREQUENCIES, { error: 'Alerte : choisissez une fréquence.' }),
  query: z.string().max(2000, { error: 'Recherche trop longue.' }).default('').transform(normalizedQuery),
});

const frequencyOptions = ALERT_FREQUENCIES.map((value) => ({ value, label: FREQUENCY_LABELS[value] }));

/** A mail's unsubscribe link: the saved search and its HMAC (checked by the handler, 404 when wrong). */
const unsubscribeParams = z.object({ id, token: z.string().max(200) });

export default async function alertRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };

  app.get('/alertes', { config: signedIn }, async (request, reply) => {
    const list = await savedSearchesOf(app.db, signedInPerson(request).id);
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

  app.post('/alertes', { config: signedIn, schema: { body: formBody } }, async (request, reply) => {
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
    await saveSearch(app.db, signedInPerson(request).id, form.data);
    reply.flash(
      form.data.frequency === 'none'
        ? 'La recherche est enregistrée.'
        : `La recherche est enregistrée : vous recevrez les nouveautés ${form.data.frequency === 'daily' ? 'chaque jour' : 'chaque semaine'} par e-mail.`,
    );
    return reply.redirect('/alertes', 303);
  });

  const remove = { params: idParams, body: formBody };
  app.post('/alertes/:id/supprimer', { config: signedIn, schema: remove }, async (request, reply) => {
    const deleted = await deleteSavedSearch(app.db, signedInPerson(request).id, request.params.id);
    if (!deleted) throw new NotFound('Cette recherche enregistrée n’existe pas.');
    reply.flash('La recherche enregistrée est supprimée.');
    return reply.redirect('/alertes', 303);
  });

  // From a mail: a page with a button (a GET must not change anything: mail scanners follow links).
  const findByToken = async ({ id, token }: z.infer<typeof unsubscribeParams>) => {
    if (!checkUnsubscribeToken(app.config.sessionSecret, id, token))
      throw new NotFound('Ce lien de désabonnement n’est pas valide.');
    const saved = await findSavedSearch(app.db, id);
    if (!saved) throw new NotFound('Cette alerte n’existe plus.');
    return saved;
  };

  const unsubscribe = { config: { access: 'public' as const }, schema: { params: unsubscribeParams } };
  app.get('/alertes/desabonner/:id/:token', unsubscribe, async (request, reply) => {
    const saved = await findByToken(request.params);
    return reply.render(
      { page: 'alerts/unsubscribe' },
      { saved, done: saved.frequency === 'none', action: request.url.split('?')[0] },
    );
  });

  const confirm = { ...unsubscribe, schema: { ...unsubscribe.schema, body: formBody } };
  app.post('/alertes/desabonner/:id/:token', confirm, async (request, reply) => {
    const saved = await findByToken(request.params);
    await stopAlert(app.db, saved.id);
    return reply.render(
      { page: 'alerts/unsubscribe' },
      { saved, done: true, action: request.url.split('?')[0] },
    );
  });
}
