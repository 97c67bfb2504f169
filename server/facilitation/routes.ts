/**
 * The facilitator's territory space (/animation): counts and lists of their départements, and the
 * invitation that lets a structure created by an import claim its page. Every route is
 * `access: 'facilitator'` (admins too) and checks the département asked for with permissions.ts.
 * The import pages are in import-routes.ts.
 */
import { createRequire } from 'node:module';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { signedInPerson } from '../common/access';
import { NotFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { departementLabel, formatHours } from '../common/labels';
import { formBody, idParams, type RouteApp } from '../common/route-schemas';
import { AlreadyInvited, inviteClaimant } from './claim';
import importRoutes from './import-routes';
import { assertFacilitates, scopeOf } from './permissions';
import { inviteSchema, structuresQuery, territoryQuery } from './schemas';
import {
  findStructure,
  STRUCTURE_STATE_LABELS,
  type StructureState,
  territoryNeeds,
  territoryOverview,
  territoryStructures,
} from './service';

const facilitator = { access: 'facilitator' as const };

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

/** The page's scope from `?departement=` (territoryQuery): another facilitator's département is refused (403). */
export function pageScope(request: FastifyRequest, requested: string | undefined) {
  const person = signedInPerson(request);
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
  app: RouteApp,
  request: FastifyRequest,
  reply: FastifyReply,
  query: z.infer<typeof structuresQuery>,
  extra: { status?: number; inviteFor?: number; values?: unknown; errors?: unknown } = {},
) {
  const scope = pageScope(request, query.departement);
  const state = query.etat;
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

export default async function facilitationRoutes(app: RouteApp) {
  const territoryPage = { config: facilitator, schema: { querystring: territoryQuery } };

  app.get('/animation', territoryPage, async (request, reply) => {
    const scope = pageScope(request, request.query.departement);
    const overview = await territoryOverview(app.readCache, app.db, scope.departements);
    return reply.render(
      { page: 'facilitation/index' },
      {
        title: 'Animation territoriale',
        ...scope,
        overview,
        hours: (hundredths: number) => formatHours((hundredths ?? 0) / 100),
        stateLabels: STRUCTURE_STATE_LABELS,
        structures: overview.structures,
      },
    );
  });

  app.get('/animation/besoins', territoryPage, async (request, reply) => {
    const scope = pageScope(request, request.query.departement);
    const needs = await territoryNeeds(app.db, scope.departements, scope.person.id);
    return reply.render(
      { page: 'facilitation/needs' },
      { title: 'Besoins du territoire', ...scope, needs, limit: 500 },
    );
  });

  app.get(
    '/animation/structures',
    { config: facilitator, schema: { querystring: structuresQuery } },
    async (request, reply) => renderStructures(app, request, reply, request.query),
  );

  // The form is on the structures page: a refused address re-renders that page, with its query string.
  const invite = { params: idParams, querystring: structuresQuery, body: formBody };
  app.post(
    '/animation/structures/:id/inviter',
    { config: facilitator, schema: invite },
    async (request, reply) => {
      const person = signedInPerson(request);
      const structure = await findStructure(app.db, request.params.id);
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
        return renderStructures(app, request, reply, request.query, {
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
    },
  );

  await app.register(importRoutes);
}
