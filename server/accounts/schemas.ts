import { z } from 'zod';
import { email, optionalText, text } from '../common/forms';

export const password = z
  .string({ error: 'Mot de passe : champ obligatoire.' })
  .min(10, { error: 'Mot de passe : 10 caractères au moins.' })
  .max(200, { error: 'Mot de passe : 200 caractères au plus.' });

/** A local path to go back to after signing in; anything else (another site, a scheme) is dropped. */
export const nextPath = z
  .string()
  .optional()
  .transform((v) => (v && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) && v.length < 500 ? v : undefined))
  .catch(undefined);

/** `?suite=` of the sign-in and sign-up pages: where to go afterwards, kept in the form. */
export const nextQuery = z.object({ suite: nextPath });

export const signUpSchema = z
  .object({
    displayName: text('Nom et prénom', { max: 120 }),
    email: email(),
    password,
    passwordConfirm: z.string({ error: 'Confirmation : champ obligatoire.' }),
    suite: nextPath,
  })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'Confirmation : les deux mots de passe diffèrent.',
  });

export const signInSchema = z.object({
  email: email(),
  password: z
    .string({ error: 'Mot de passe : champ obligatoire.' })
    .min(1, { error: 'Mot de passe : champ obligatoire.' })
    .max(200),
  suite: nextPath,
});

export const forgotSchema = z.object({ email: email() });

export const resetSchema = z
  .object({ password, passwordConfirm: z.string({ error: 'Confirmation : champ obligatoire.' }) })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    error: 'Confirmation : les deux mots de passe diffèrent.',
  });

export const profileSchema = z.object({
  displayName: text('Nom et prénom', { max: 120 }),
  phone: optionalText('Téléphone', 30).refine((v) => !v || /^[+\d][\d .-]{5,}$/.test(v), {
    error: 'Téléphone : chiffres, espaces, points ou tirets (exemple : 03 84 00 00 00).',
  }),
});
