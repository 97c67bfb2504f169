/**
 * The publish / withdraw / close buttons of a versioned record (needs, offers): one POST route per action,
 * each refusing a move its current status forbids, and refusing a stale version (someone saved since the
 * page was read) with the current version shown. Capabilities give their own loading, rules and wording.
 */
import { z } from 'zod';
import { HttpError } from './errors';
import { formBody, type IdRequest, idParams, type RouteApp } from './route-schemas';

export interface StatusActions<Status extends string, Target extends Status> {
  /** URL prefix of the record, e.g. '/besoins'; routes are `${base}/:id/${action}`. */
  base: string;
  actions: readonly (readonly [action: string, to: Target, done: string])[];
  /** Loads the record of the URL for its editor, throwing 403/404 for anyone else. */
  load(request: IdRequest): Promise<{ id: number; status: Status }>;
  canMove(from: Status, to: Target): boolean;
  setStatus(id: number, version: number, to: Target): Promise<{ ok: boolean }>;
  /** French message when the current status forbids the action. */
  forbidden(status: Status): string;
  /** French message when someone else saved in between. */
  conflict: string;
}

const versionField = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});

/** The version a form was read at; a missing or garbled one is a malformed request (400). */
export function postedVersion(body: unknown): number | null {
  const posted = versionField.safeParse(body);
  return posted.success ? posted.data.version : null;
}

export function registerStatusActions<Status extends string, Target extends Status>(
  app: RouteApp,
  spec: StatusActions<Status, Target>,
): void {
  const route = { config: { access: 'signedIn' as const }, schema: { params: idParams, body: formBody } };
  for (const [action, to, done] of spec.actions) {
    app.post(`${spec.base}/:id/${action}`, route, async (request, reply) => {
      const record = await spec.load(request);
      const version = postedVersion(request.body);
      if (version === null) throw new HttpError(400, 'La version du formulaire manque : rechargez la page.');
      const page = `${spec.base}/${record.id}`;
      if (!spec.canMove(record.status, to)) {
        reply.flash(spec.forbidden(record.status));
        return reply.redirect(page, 303);
      }
      const result = await spec.setStatus(record.id, version, to);
      reply.flash(result.ok ? done : spec.conflict);
      return reply.redirect(page, 303);
    });
  }
}
