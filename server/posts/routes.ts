/**
 * Shared posts, the members' side: opening a post from an accepted composition, its candidates, closing
 * it. The public side (/postes, a post's page, expressing interest) is in public-routes.ts.
 */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, NotFound } from '../common/errors';
import type { FieldErrors, FormValues } from '../common/forms';
import { formValues, parseForm } from '../common/forms';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion } from '../common/status-actions';
import { COMPOSITION_STATUS_LABELS, getComposition, getCompositionLines } from '../compositions/service';
import { weekPicture } from '../compositions/week';
import candidateRoutes from './candidate-routes';
import { postPageData } from './page';
import { assertCanClosePost, assertCanOpenPost } from './permissions';
import publicPostRoutes from './public-routes';
import { closeSchema, openPostSchema } from './schemas';
import { chosenGe, closePost, getPost, openPost, postDefaults, postOfComposition } from './service';

export default async function postRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };
  const page = { config: signedIn, schema: { params: idParams } };
  const form = { config: signedIn, schema: { params: idParams, body: formBody } };
  await app.register(publicPostRoutes);
  await app.register(candidateRoutes);

  const loadComposition = (request: IdRequest) => getComposition(app.db, request.params.id);

  const renderForm = async (
    request: IdRequest,
    reply: FastifyReply,
    status = 200,
    extra: { errors?: FieldErrors; values?: FormValues } = {},
  ) => {
    const detail = await loadComposition(request);
    assertCanOpenPost(request.person, detail);
    if (!detail) throw new NotFound();
    const c = detail.composition;
    const ge = await chosenGe(app.db, c);
    return reply.render(
      { page: 'posts/form', status },
      {
        composition: c,
        statusLabel: COMPOSITION_STATUS_LABELS[c.status],
        ready: c.status === 'accepted' && c.geChoice !== null,
        geLabel: ge?.name ?? (c.geChoice === 'to_create' ? 'GE en cours de création' : null),
        places: [...new Set(detail.lines.map((l) => `${l.communeName} (${l.departement})`))],
        week: weekPicture(detail.lines, detail.organizationIds),
        values: extra.values ?? postDefaults(detail),
        errors: extra.errors ?? {},
      },
    );
  };

  app.get('/compositions/:id/poste', page, async (request, reply) => {
    const detail = await loadComposition(request);
    assertCanOpenPost(request.person, detail);
    const existing = detail && (await postOfComposition(app.db, detail.composition.id));
    if (existing) return reply.redirect(`/postes/${existing.id}`, 303);
    return renderForm(request, reply);
  });

  app.post('/compositions/:id/poste', form, async (request, reply) => {
    const person = signedInPerson(request);
    const detail = await loadComposition(request);
    assertCanOpenPost(person, detail);
    if (!detail) throw new NotFound();
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    const form = parseForm(openPostSchema, request.body);
    if (!form.ok) return renderForm(request, reply, 422, { errors: form.errors, values: form.values });
    const result = await openPost(app.db, { detail, personId: person.id, version, form: form.data });
    if (!result.ok)
      return renderForm(request, reply, result.status, {
        errors: { _form: result.message },
        values: formValues(request.body),
      });
    reply.flash('Le poste partagé est ouvert : il apparaît sur la page des postes.');
    return reply.redirect(`/postes/${result.postId}`, 303);
  });

  app.post('/postes/:id/cloturer', form, async (request, reply) => {
    const person = signedInPerson(request);
    const post = await getPost(app.db, request.params.id);
    if (!post) throw new NotFound('Ce poste n’existe pas.');
    const { organizationIds } = await getCompositionLines(app.db, post.compositionId);
    assertCanClosePost(person, { organizationIds });
    const version = postedVersion(request.body);
    if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
    const rerender = async (status: number, closeErrors: FieldErrors) =>
      reply.render(
        { page: 'posts/show', status },
        await postPageData(app.db, person, (await getPost(app.db, post.id)) ?? post, app.config.publicUrl, {
          closeErrors,
        }),
      );
    const form = parseForm(closeSchema, request.body);
    if (!form.ok) return rerender(422, form.errors);
    const result = await closePost(app.db, {
      postId: post.id,
      personId: person.id,
      version,
      outcome: form.data.outcome,
    });
    if (!result.ok) return rerender(409, { _form: result.message });
    reply.flash(form.data.outcome === 'filled' ? 'Le poste est pourvu : bravo !' : 'Le poste est clos.');
    return reply.redirect(`/postes/${post.id}`, 303);
  });
}
