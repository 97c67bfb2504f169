/**
 * A composition's thread, for the members of its organizations: the page (GET) and posting a message
 * (POST; htmx swaps the thread in place, without JavaScript the page reloads at the new message).
 */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import type { FieldErrors, FormValues } from '../common/forms';
import { formValues, parseForm } from '../common/forms';
import { frenchDateTime } from '../common/paris-time';
import { formBody, type IdRequest, idParams, type RouteApp } from '../common/route-schemas';
import { isHtmx } from '../common/views';
import { getComposition } from '../compositions/service';
import { assertCanReadThread, assertCanWriteThread, authorOrganizations, isThreadOpen } from './permissions';
import { relayDomain } from './relay';
import { MESSAGE_MAX_LENGTH, messageSchema } from './schemas';
import { listMessages, postMessage } from './service';

export default async function messageRoutes(app: RouteApp) {
  const signedIn = { access: 'signedIn' as const };

  const load = async (request: IdRequest) =>
    assertCanReadThread(request.person, await getComposition(app.db, request.params.id));

  const render = async (
    request: IdRequest,
    reply: FastifyReply,
    status = 200,
    extra: { errors?: FieldErrors; values?: FormValues } = {},
  ) => {
    const person = signedInPerson(request);
    const detail = await load(request);
    const c = detail.composition;
    const mine = authorOrganizations(person, detail);
    const names = new Map(detail.lines.map((l) => [l.organizationId, l.organizationName]));
    const messages = await listMessages(app.db, c.id);
    return reply.render(
      { page: 'messages/show', fragment: 'messages/_thread', status },
      {
        composition: c,
        organizationNames: detail.organizationIds.map((id) => names.get(id) ?? ''),
        messages: messages.map((m) => ({
          ...m,
          at: frenchDateTime(m.createdAt),
          paragraphs: m.body.split(/\n{2,}/).map((p) => p.split('\n')),
        })),
        open: isThreadOpen(c.status),
        authorOptions: mine.map((id) => ({ value: String(id), label: names.get(id) ?? '' })),
        maxLength: MESSAGE_MAX_LENGTH,
        errors: extra.errors ?? {},
        values: extra.values ?? {},
      },
    );
  };

  app.get(
    '/compositions/:id/messages',
    { config: signedIn, schema: { params: idParams } },
    async (request, reply) => render(request, reply),
  );

  const post = { config: signedIn, schema: { params: idParams, body: formBody } };
  app.post('/compositions/:id/messages', post, async (request, reply) => {
    const person = signedInPerson(request);
    const detail = await load(request);
    assertCanWriteThread(person, detail);
    const form = parseForm(messageSchema, request.body);
    const typed = formValues(request.body);
    if (!form.ok) return render(request, reply, 422, { errors: form.errors, values: form.values });
    const mine = authorOrganizations(person, detail);
    const organizationId = form.data.organizationId ?? (mine.length === 1 ? mine[0] : undefined);
    if (organizationId === undefined || !mine.includes(organizationId))
      return render(request, reply, 422, {
        errors: {
          organizationId: 'Structure : choisissez au nom de laquelle de vos structures vous écrivez.',
        },
        values: typed,
      });
    const result = await postMessage(app.db, {
      compositionId: detail.composition.id,
      personId: person.id,
      organizationId,
      body: form.data.body,
      source: 'web',
      publicUrl: app.config.publicUrl,
      relay: { secret: app.config.sessionSecret, domain: relayDomain(app.config) },
    });
    if (!result.ok) return render(request, reply, 409, { errors: { _form: result.message }, values: typed });
    if (isHtmx(request)) return render(request, reply);
    reply.flash('Message envoyé aux autres structures.');
    return reply.redirect(`/compositions/${detail.composition.id}/messages#message-${result.messageId}`, 303);
  });
}
