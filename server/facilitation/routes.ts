/**
 * The facilitator's territory space (/animation): counts and lists of their départements, and the
 * invitation that lets a structure created by an import claim its page. Every route is
 * `access: 'facilitator'` (admins too) and checks the département asked for with permissions.ts.
 * The import pages are in import-routes.ts.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedInPerson } from '../common/access';
import { HttpError, idParam, NotFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { departementLabel, formatHours } from '../common/labels';
import { AlreadyInvited, inviteClaimant } from './claim';
import importRoutes from './import-routes';
import { assertFacilitates, scopeOf } from './permissions';
import { inviteSchema, parseState, queryParam } from './schemas';
import {
  findStructure,
  STRUCTURE_STATE_LABELS,
  type StructureState,
  territoryNeeds,
  territoryOverview,
  territoryStructures,
} from './service';

const facilitator = { access: 'facilitator' as const };

class BadRequest extends HttpError {
  constructor() {
    super(400, 'La requête est mal formée.');
  }
}

let allDepartements: { code: string; label: string }[] | undefined;

/** The départements the person may pick: theirs, or every one for an admin. */
function departementChoices(person: ReturnType<typeof signedInPerson>) {
  if (!person.isAdmin) return person.territories.map((code) => ({ code, label: departementLabel(code) }));
  allDepartements ??= (
    createRequire(import.meta.url)('@etalab/decoupage-administratif/data/departements.json') as {
      code: string;
    }[]
  ).map((d) => ({ code: d.code, label: departementLabel(d.code) }));
  return allDepartements;
}

/** The page's scope from `?departement=`: another facilitator's département is refused (403). */
export function pageScope(request: FastifyRequest) {
  const person = signedInPerson(request);
  const requested = queryParam(request.query, 'departement');
  if (requested === null) throw new BadRequest();
  const departements = scopeOf(person, requested);
  return {
    person,
    departements,
    selected: requested ?? '',
    choices: departementChoices(person),
    scopeLabel: departements ? departements.map(departementLabel).join(', ') : 'tous les départements',
  };
}

async function renderStructures(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { status?: number; inviteFor?: number; values?: unknown; errors?: unknown } = {},
) {
  const scope = pageScope(request);
  const rawState = queryParam(request.query, 'etat');
  const state = rawState === null ? null : parseState(rawState);
  if (state === null) throw new BadRequest();
  const structures = await territoryStructures(app.db, scope.departements, state);
  return reply.render(
    { page: 'facilitation/structures', status: extra.status },
    {
      title: 'Structures du territoire',
      ...scope,
      state: state ?? '',
      stateLabels: STRUCTURE_STATE_LABELS,
      structures,
      inviteFor: extra.inviteFor,
      values: extra.values ?? {},
      errors: extra.errors ?? {},
    },
  );
}

export default async function facilitationRoutes(app: FastifyInstance) {
  app.get('/animation', { config: facilitator }, async (request, reply) => {
    const scope = pageScope(request);
    const overview = await territoryOverview(app.db, scope.departements);
    return reply.render(
      { page: 'facilitation/index' },
      {
        title: 'Animation territoriale',
        ...scope,
        overview,
        hours: (hundredths: number) => formatHours((hundredths ?? 0) / 100),
        stateLabels: STRUCTURE_STATE_LABELS,
        structures: overview.structures.slice(0, 50),
      },
    );
  });

  app.get('/animation/besoins', { config: facilitator }, async (request, reply) => {
    const scope = pageScope(request);
    const needs = await territoryNeeds(app.db, scope.departements, scope.person.id);
    return reply.render(
      { page: 'facilitation/needs' },
      { title: 'Besoins du territoire', ...scope, needs, limit: 500 },
    );
  });

  app.get('/animation/structures', { config: facilitator }, async (request, reply) =>
    renderStructures(app, request, reply),
  );

  app.post('/animation/structures/:id/inviter', { config: facilitator }, async (request, reply) => {
    const person = signedInPerson(request);
    const structure = await findStructure(app.db, idParam((request.params as { id: string }).id));
    if (!structure) throw new NotFound();
    assertFacilitates(person, structure.departement);
    const state: StructureState = structure.state;
    const back = `/animation/structures?departement=${encodeURIComponent(structure.departement)}`;
    if (state !== 'unclaimed') {
      reply.flash(`« ${structure.name} » a déjà un propriétaire : elle n’a pas besoin d’être revendiquée.`);
      return reply.redirect(back, 303);
    }
    const parsed = parseForm(inviteSchema, request.body);
    if (!parsed.ok) {
      return renderStructures(app, request, reply, {
        status: 422,
        inviteFor: structure.id,
        values: parsed.values,
        errors: parsed.errors,
      });
    }
    try {
      await inviteClaimant(app.db, {
        organizationId: structure.id,
        organizationName: structure.name,
        email: parsed.data.email,
        invitedBy: { id: person.id, displayName: person.displayName },
        publicUrl: app.config.publicUrl,
      });
    } catch (error) {
      if (!(error instanceof AlreadyInvited)) throw error;
      reply.flash(
        `${parsed.data.email} a déjà reçu une invitation pour « ${structure.name} » : elle reste valable.`,
      );
      return reply.redirect(back, 303);
    }
    reply.flash(`Invitation envoyée à ${parsed.data.email} pour revendiquer « ${structure.name} ».`);
    return reply.redirect(back, 303);
  });

  await app.register(importRoutes);
}
