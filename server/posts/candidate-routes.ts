/**
 * The candidates of a shared post, for the structures of its composition (and the GE carrying it, and
 * admins): the list with each person's status, and changing a status (a form per row, enhanced by htmx
 * to swap the row alone).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CANDIDATE_STATUSES } from '../../db/schema/posts';
import { HttpError, NotFound } from '../common/errors';
import type { FieldErrors } from '../common/forms';
import { parseForm } from '../common/forms';
import { formBody, id, idParams, type RouteApp } from '../common/route-schemas';
import { postedVersion } from '../common/status-actions';
import { getComposition } from '../compositions/service';
import { CANDIDATE_STATUS_LABELS, candidateStatusSchema, setCandidateStatus } from './candidate-status';
import { assertCanSeeCandidates } from './permissions';
import { CANDIDATE_RETENTION_MONTHS } from './schemas';
import { listCandidates, postOfComposition } from './service';

const candidateParams = z.object({ id, candidateId: id });
const isHtmx = (request: FastifyRequest) => request.headers['hx-request'] === 'true';

export default async function candidateRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };

  /** The composition, its post and candidates, for someone allowed to see them (404 otherwise). */
  const load = async (request: FastifyRequest, compositionId: number) => {
    const detail = await getComposition(app.db, compositionId);
    const post = detail ? await postOfComposition(app.db, detail.composition.id) : undefined;
    assertCanSeeCandidates(
      request.person,
      detail,
      post?.geOrganizationId ?? detail?.composition.chosenGeId ?? null,
    );
    if (!detail) throw new NotFound();
    return { detail, post };
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    compositionId: number,
    options: { status?: number; row?: number; rowErrors?: FieldErrors } = {},
  ) => {
    const { detail, post } = await load(request, compositionId);
    const candidates = post ? await listCandidates(app.db, post.id) : [];
    const counts = CANDIDATE_STATUSES.map((s) => ({
      status: s,
      label: CANDIDATE_STATUS_LABELS[s],
      count: candidates.filter((c) => c.status === s).length,
    }));
    return reply.render(
      { page: 'posts/candidates', fragment: 'posts/_candidate-row', status: options.status },
      {
        composition: detail.composition,
        post: post ?? null,
        candidates,
        counts,
        c: candidates.find((c) => c.id === options.row) ?? null,
        rowErrors: options.rowErrors ?? {},
        errorRow: options.row ?? null,
        statusOptions: CANDIDATE_STATUSES.map((s) => ({ value: s, label: CANDIDATE_STATUS_LABELS[s] })),
        statusLabels: CANDIDATE_STATUS_LABELS,
        retentionMonths: CANDIDATE_RETENTION_MONTHS,
      },
    );
  };

  app.get(
    '/compositions/:id/candidats',
    { config: signedIn, schema: { params: idParams } },
    async (request, reply) => render(request, reply, request.params.id),
  );

  app.post(
    '/compositions/:id/candidats/:candidateId/statut',
    { config: signedIn, schema: { params: candidateParams, body: formBody } },
    async (request, reply) => {
      const { id: compositionId, candidateId } = request.params;
      const { post } = await load(request, compositionId);
      if (!post) throw new NotFound('Ce poste n’est pas encore ouvert.');
      const version = postedVersion(request.body);
      if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
      const form = parseForm(candidateStatusSchema, request.body);
      // htmx swaps the row alone: a refused change is said inside it (200), the page gets its status.
      const refuse = (status: number, errors: FieldErrors) =>
        render(request, reply, compositionId, {
          status: isHtmx(request) ? 200 : status,
          row: candidateId,
          rowErrors: errors,
        });
      if (!form.ok) return refuse(422, form.errors);
      const result = await setCandidateStatus(app.db, {
        postId: post.id,
        candidateId,
        status: form.data.status,
        version,
      });
      if (!result.ok) {
        if (result.status === 404) throw new NotFound(result.message);
        return refuse(409, { status: result.message });
      }
      if (isHtmx(request)) return render(request, reply, compositionId, { row: candidateId });
      reply.flash(`Statut enregistré : ${CANDIDATE_STATUS_LABELS[form.data.status].toLowerCase()}.`);
      return reply.redirect(`/compositions/${compositionId}/candidats#candidat-${candidateId}`, 303);
    },
  );
}
