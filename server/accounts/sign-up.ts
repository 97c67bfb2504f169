/**
 * Sign-up without revealing accounts: the form answers the same page, with the same status and the same
 * work (a password hash, a mail queued), whether the address is new or already has an account.
 * - a new address gets a link; the account is created when the link is followed (sign_up_requests);
 * - a known address gets a warning instead ("someone tried to create an account with your address"),
 *   with the ways back in: sign in, or choose a new password.
 * Following the link proves the address, so its page may say plainly if the account exists by then.
 */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { people, signUpRequests } from '../../db/schema';
import { enqueueMail } from '../mail/service';
import { type HashCost, hashPassword } from './passwords';
import { hashToken, newToken } from './session';

export const SIGN_UP_HOURS = 24;

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  suite?: string;
}

export async function requestSignUp(db: Db, input: SignUpInput, cost: HashCost, publicUrl: string) {
  // Hashed whether or not it will be used: the answer takes as long either way.
  const passwordHash = await hashPassword(input.password, cost);
  const [known] = await db.select({ id: people.id }).from(people).where(eq(people.email, input.email));
  await db.transaction(async (tx) => {
    if (known) {
      await enqueueMail(tx, {
        to: input.email,
        kind: 'sign-up-known-address',
        subject: 'Mosaïque : une inscription avec votre adresse',
        text: [
          'Bonjour,',
          '',
          'Quelqu’un vient de demander la création d’un compte Mosaïque avec votre adresse e-mail, qui a déjà un compte. Aucun nouveau compte n’a été créé.',
          '',
          'Si c’était vous, connectez-vous :',
          `${publicUrl}/connexion`,
          '',
          'ou, si vous avez oublié votre mot de passe, choisissez-en un nouveau :',
          `${publicUrl}/mot-de-passe-oublie`,
          '',
          'Si ce n’était pas vous, ignorez ce message : votre compte n’a pas changé.',
        ].join('\n'),
      });
      return;
    }
    const token = newToken();
    await tx.insert(signUpRequests).values({
      tokenHash: hashToken(token),
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      suite: input.suite ?? null,
      expiresAt: new Date(Date.now() + SIGN_UP_HOURS * 3_600_000),
    });
    await enqueueMail(tx, {
      to: input.email,
      kind: 'sign-up-confirm',
      subject: 'Mosaïque : confirmez votre adresse pour créer votre compte',
      text: [
        'Bonjour,',
        '',
        'Pour créer votre compte Mosaïque, ouvrez ce lien :',
        `${publicUrl}/inscription/confirmer/${token}`,
        '',
        `Ce lien est valable ${SIGN_UP_HOURS} heures. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucun compte ne sera créé.`,
      ].join('\n'),
    });
  });
}

const live = (token: string) =>
  and(eq(signUpRequests.tokenHash, hashToken(token)), gt(signUpRequests.expiresAt, sql`now()`));

export async function findSignUp(db: Db, token: string): Promise<{ email: string } | null> {
  const [row] = await db.select({ email: signUpRequests.email }).from(signUpRequests).where(live(token));
  return row ?? null;
}

export type Confirmation =
  | { status: 'created'; personId: number; suite: string | null }
  | { status: 'taken' }
  | { status: 'invalid' };

/** Spends the link and creates the account; 'taken' when the address got an account meanwhile. */
export async function confirmSignUp(db: Db, token: string): Promise<Confirmation> {
  return db.transaction(async (tx) => {
    const [request] = await tx.delete(signUpRequests).where(live(token)).returning();
    if (!request) return { status: 'invalid' };
    const [created] = await tx
      .insert(people)
      .values({ email: request.email, passwordHash: request.passwordHash, displayName: request.displayName })
      .onConflictDoNothing()
      .returning({ id: people.id });
    if (!created) return { status: 'taken' };
    return { status: 'created', personId: created.id, suite: request.suite };
  });
}

export async function purgeExpiredSignUps(db: Db): Promise<number> {
  const gone = await db
    .delete(signUpRequests)
    .where(lte(signUpRequests.expiresAt, sql`now()`))
    .returning({ email: signUpRequests.email });
  return gone.length;
}
