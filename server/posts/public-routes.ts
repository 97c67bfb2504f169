/** Shared posts, the public side: /postes (search), a post's page, and a job seeker's interest. */
import { wantsJson } from '../common/error-pages';
import { NotFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { beyondStatus, pastLastPage } from '../common/pagination';
import { formBody, idParams, type RouteApp } from '../common/route-schemas';
import { getCompositionLines } from '../compositions/service';
import { departements } from '../places';
import { cachedPostPageData, postPageData } from './page';
import { interestSchema } from './schemas';
import { postQuery, postQueryString, searchPosts } from './search';
import { expressInterest, getPost } from './service';

export default async function publicPostRoutes(app: RouteApp) {
  const visible = { access: 'public' as const };

  app.get('/postes', { config: visible, schema: { querystring: postQuery } }, async (request, reply) => {
    const params = request.query;
    const result = await searchPosts(app.db, app.searchEngine, params);
    if (wantsJson(request)) {
      reply.header('Vary', 'Accept');
      return reply.send({
        hits: result.hits,
        total: result.total,
        degraded: result.degraded,
        page: result.page,
        pages: result.pages,
      });
    }
    reply.header('Vary', 'Accept, HX-Request');
    const pageLink = (page: number) => `/postes?${postQueryString(params, page)}`;
    const beyond = pastLastPage(result, pageLink);
    return reply.render(
      { page: 'posts/index', fragment: 'posts/_results', status: beyondStatus(request, beyond) },
      {
        beyond,
        params,
        result,
        options: {
          departements: departements(),
          distances: [5, 10, 20, 30, 50, 100],
        },
        roleSuggestions: params.roleCandidates?.map((c) => ({
          display: c.display,
          href: `/postes?${postQueryString({ ...params, role: c.code }, 1)}`,
        })),
        previous: result.page > 1 && !beyond ? pageLink(result.page - 1) : null,
        next: result.page < result.pages ? pageLink(result.page + 1) : null,
      },
    );
  });

  const loadPost = async (id: number) => {
    const post = await getPost(app.db, id);
    if (!post) throw new NotFound('Ce poste n’existe pas.');
    return post;
  };

  app.get('/postes/:id', { config: visible, schema: { params: idParams } }, async (request, reply) => {
    const page = await cachedPostPageData(
      app.readCache,
      app.db,
      request.person,
      request.params.id,
      app.config.publicUrl,
    );
    if (!page) throw new NotFound('Ce poste n’existe pas.');
    return reply.render({ page: 'posts/show' }, page);
  });

  app.post(
    '/postes/:id/interet',
    {
      config: {
        ...visible,
        rateLimit: { max: app.config.rateLimit.max, timeWindow: app.config.rateLimit.windowMs },
      },
      schema: { params: idParams, body: formBody },
    },
    async (request, reply) => {
      const post = await loadPost(request.params.id);
      const form = parseForm(interestSchema, request.body);
      if (!form.ok)
        return reply.render(
          { page: 'posts/show', status: 422 },
          await postPageData(app.db, request.person, post, app.config.publicUrl, {
            errors: form.errors,
            values: form.values,
          }),
        );
      const { organizationIds } = await getCompositionLines(app.db, post.compositionId);
      const result = await expressInterest(app.db, {
        post,
        organizationIds,
        form: form.data,
        publicUrl: app.config.publicUrl,
      });
      if (!result.ok)
        return reply.render(
          { page: 'posts/show', status: 409 },
          await postPageData(app.db, request.person, post, app.config.publicUrl, {
            errors: { _form: result.message },
            values: form.data as unknown as Record<string, string>,
          }),
        );
      reply.flash(
        'Merci : votre intérêt est transmis aux structures qui recrutent. Elles vous recontacteront si votre profil correspond.',
      );
      return reply.redirect(`/postes/${post.id}`, 303);
    },
  );
}
