/** Sign-up, sign-in, sign-out, password reset, profile. */
import type { FastifyReply } from 'fastify';
import { signedInPerson } from '../common/access';
import { type FieldErrors, type FormValues, parseForm } from '../common/forms';
import { formBody, type RouteApp, tokenParams } from '../common/route-schemas';
import { forgotSchema, nextQuery, profileSchema, resetSchema, signInSchema, signUpSchema } from './schemas';
import {
  checkCredentials,
  findValidReset,
  profileOf,
  requestPasswordReset,
  resetPassword,
  updateProfile,
} from './service';
import { endSession, startSession } from './session';
import { confirmSignUp, findSignUp, requestSignUp, SIGN_UP_HOURS } from './sign-up';

type Form = { values?: FormValues; errors?: FieldErrors };

export default async function accountRoutes(app: RouteApp) {
  const cost = app.config.passwordHashing;
  const limited = {
    access: 'public' as const,
    rateLimit: { max: app.config.rateLimit.max, timeWindow: app.config.rateLimit.windowMs },
  };
  const page = (reply: FastifyReply, template: string, form: Form & Record<string, unknown>, status = 200) =>
    reply.render({ page: `accounts/${template}`, status }, { values: {}, errors: {}, ...form });

  app.get(
    '/inscription',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => page(reply, 'sign-up', { values: { suite: request.query.suite ?? '' } }),
  );

  // The same answer whether the address is new or known (sign-up.ts): a page saying a message was sent.
  app.post('/inscription', { config: limited, schema: { body: formBody } }, async (request, reply) => {
    const form = parseForm(signUpSchema, request.body);
    if (!form.ok) return page(reply, 'sign-up', form, 422);
    await requestSignUp(app.db, form.data, cost, app.config.publicUrl);
    return page(reply, 'sign-up-sent', { email: form.data.email, hours: SIGN_UP_HOURS });
  });

  app.get(
    '/inscription/confirmer/:token',
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const pending = await findSignUp(app.db, token);
      return page(
        reply,
        'sign-up-confirm',
        { token, email: pending?.email, invalid: !pending },
        pending ? 200 : 404,
      );
    },
  );

  app.post(
    '/inscription/confirmer/:token',
    { config: limited, schema: { params: tokenParams, body: formBody } },
    async (request, reply) => {
      const { token } = request.params;
      const confirmed = await confirmSignUp(app.db, token);
      if (confirmed.status === 'invalid')
        return page(reply, 'sign-up-confirm', { token, invalid: true }, 404);
      if (confirmed.status === 'taken') {
        reply.flash(
          'Un compte existe déjà avec cette adresse : connectez-vous, ou choisissez un nouveau mot de passe.',
        );
        return reply.redirect('/connexion', 303);
      }
      await startSession(app.db, request, reply, confirmed.personId);
      reply.flash('Bienvenue sur Mosaïque ! Votre compte est créé.');
      return reply.redirect(confirmed.suite ?? '/tableau-de-bord', 303);
    },
  );

  app.get(
    '/connexion',
    { config: { access: 'public' }, schema: { querystring: nextQuery } },
    async (request, reply) => page(reply, 'sign-in', { values: { suite: request.query.suite ?? '' } }),
  );

  app.post('/connexion', { config: limited, schema: { body: formBody } }, async (request, reply) => {
    const form = parseForm(signInSchema, request.body);
    if (!form.ok) return page(reply, 'sign-in', form, 422);
    const personId = await checkCredentials(app.db, form.data.email, form.data.password, cost);
    if (!personId) {
      const errors = { _form: 'Adresse e-mail ou mot de passe incorrect.' };
      return page(
        reply,
        'sign-in',
        { values: { email: form.data.email, suite: form.data.suite ?? '' }, errors },
        422,
      );
    }
    await startSession(app.db, request, reply, personId);
    return reply.redirect(form.data.suite ?? '/tableau-de-bord', 303);
  });

  app.post(
    '/deconnexion',
    { config: { access: 'public' }, schema: { body: formBody } },
    async (request, reply) => {
      await endSession(app.db, request, reply);
      reply.flash('Vous êtes déconnecté.');
      return reply.redirect('/', 303);
    },
  );

  app.get('/mot-de-passe-oublie', { config: { access: 'public' } }, async (_request, reply) =>
    page(reply, 'forgot', {}),
  );

  app.post(
    '/mot-de-passe-oublie',
    { config: limited, schema: { body: formBody } },
    async (request, reply) => {
      const form = parseForm(forgotSchema, request.body);
      if (!form.ok) return page(reply, 'forgot', form, 422);
      await requestPasswordReset(app.db, form.data.email, app.config.publicUrl);
      return page(reply, 'forgot', { sent: true, values: { email: form.data.email } });
    },
  );

  app.get(
    '/mot-de-passe/reinitialiser/:token',
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const valid = await findValidReset(app.db, token);
      return page(reply, 'reset', { token, invalid: !valid }, valid ? 200 : 404);
    },
  );

  app.post(
    '/mot-de-passe/reinitialiser/:token',
    { config: limited, schema: { params: tokenParams, body: formBody } },
    async (request, reply) => {
      const { token } = request.params;
      const form = parseForm(resetSchema, request.body);
      if (!form.ok) return page(reply, 'reset', { token, ...form }, 422);
      if (!(await resetPassword(app.db, token, form.data.password, cost))) {
        return page(reply, 'reset', { token, invalid: true }, 404);
      }
      reply.flash('Votre mot de passe est changé. Connectez-vous avec le nouveau.');
      return reply.redirect('/connexion', 303);
    },
  );

  app.get('/compte', { config: { access: 'signedIn' } }, async (request, reply) => {
    const me = await profileOf(app.db, signedInPerson(request).id);
    return page(reply, 'profile', {
      values: { displayName: me.displayName, phone: me.phone ?? '' },
      email: me.email,
    });
  });

  app.post(
    '/compte',
    { config: { access: 'signedIn' }, schema: { body: formBody } },
    async (request, reply) => {
      const form = parseForm(profileSchema, request.body);
      if (!form.ok) return page(reply, 'profile', { ...form, email: signedInPerson(request).email }, 422);
      await updateProfile(app.db, signedInPerson(request).id, form.data);
      reply.flash('Profil enregistré.');
      return reply.redirect('/compte', 303);
    },
  );
}
