/** Accounts: sign-in checks, password reset tokens, the profile. Sign-up is in sign-up.ts. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { passwordResets, people } from '../../db/schema';
import { enqueueMail } from '../mail/service';
import { type HashCost, hashPassword, verifyPassword } from './passwords';
import { endAllSessions, hashToken, newToken } from './session';

const RESET_HOURS = 2;

export async function checkCredentials(db: Db, email: string, password: string, cost: HashCost) {
  const [person] = await db
    .select({ id: people.id, hash: people.passwordHash })
    .from(people)
    .where(eq(people.email, email));
  const ok = await verifyPassword(person?.hash, password, cost);
  return ok && person ? person.id : null;
}

/** Always answers the same way whether the email is known or not; mails a link only when it is. */
export async function requestPasswordReset(db: Db, email: string, publicUrl: string) {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.email, email));
  if (!person) return;
  const token = newToken();
  await db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({
      tokenHash: hashToken(token),
      personId: person.id,
      expiresAt: new Date(Date.now() + RESET_HOURS * 3_600_000),
    });
    await enqueueMail(tx, {
      to: email,
      kind: 'password-reset',
      subject: 'Mosaïque : réinitialiser votre mot de passe',
      text: [
        'Bonjour,',
        '',
        'Vous avez demandé à réinitialiser votre mot de passe Mosaïque. Ouvrez ce lien pour en choisir un nouveau :',
        `${publicUrl}/mot-de-passe/reinitialiser/${token}`,
        '',
        `Ce lien est valable ${RESET_HOURS} heures et une seule fois. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
      ].join('\n'),
    });
  });
}

export async function findValidReset(db: Db, token: string) {
  const [row] = await db
    .select({ personId: passwordResets.personId })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    );
  return row ?? null;
}

/** Sets the new password, spends the token and closes every open session of the person. */
export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  cost: HashCost,
): Promise<boolean> {
  const passwordHash = await hashPassword(password, cost);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResets.tokenHash, hashToken(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
        ),
      )
      .returning({ personId: passwordResets.personId });
    if (!spent) return false;
    await tx.update(people).set({ passwordHash }).where(eq(people.id, spent.personId));
    await endAllSessions(tx, [spent.personId]);
    return true;
  });
}

/** What the profile page shows: the fields a person may change, and the address they sign in with. */
export async function profileOf(db: Db, personId: number) {
  const [profile] = await db
    .select({ displayName: people.displayName, phone: people.phone, email: people.email })
    .from(people)
    .where(eq(people.id, personId));
  return profile;
}

export async function updateProfile(
  db: Db,
  personId: number,
  profile: { displayName: string; phone?: string },
): Promise<void> {
  await db
    .update(people)
    .set({ displayName: profile.displayName, phone: profile.phone ?? null })
    .where(eq(people.id, personId));
}
