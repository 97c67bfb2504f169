/** argon2id hashing; the cost comes from config so tests can lower it, production keeps the defaults. */
import argon2 from 'argon2';

export interface HashCost {
  memoryCost?: number;
  timeCost?: number;
}

export function hashPassword(password: string, cost: HashCost = {}): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash, still spends the same time so unknown emails don't show. */
export async function verifyPassword(stored: string | undefined, password: string, cost: HashCost = {}) {
  if (!stored) {
    dummyHash ??= hashPassword('not-a-real-password', cost);
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(stored, password).catch(() => false);
}
