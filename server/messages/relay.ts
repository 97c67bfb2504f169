/**
 * The message relay's addresses. A relayed mail's Reply-To is `relais+<token>@<domain>`, where the token
 * names a composition and the recipient and is signed with a key derived from SESSION_SECRET:
 * `<compositionId>-<personId>-<signature>`. A reply is attributed from the address alone, and nobody can
 * make up an address that posts as someone else (or into another thread) without the secret.
 *
 * Lower-case hex only: mail systems may change the case of a local part.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config';

export const RELAY_LOCAL_PART = 'relais';
/** 96 bits of HMAC-SHA-256: guessing one is out of reach, and the address stays readable. */
const SIGNATURE_HEX = 24;

export interface RelayTarget {
  compositionId: number;
  personId: number;
}

/** A key for this use only: the session secret itself never signs anything but sessions. */
const relayKey = (secret: string) =>
  createHmac('sha256', secret).update('mosaique message relay v1').digest();

function signature(secret: string, t: RelayTarget): string {
  return createHmac('sha256', relayKey(secret))
    .update(`${t.compositionId}:${t.personId}`)
    .digest('hex')
    .slice(0, SIGNATURE_HEX);
}

export function relayToken(secret: string, t: RelayTarget): string {
  return `${t.compositionId}-${t.personId}-${signature(secret, t)}`;
}

/** The domain of relay addresses: RELAY_DOMAIN, else the host of PUBLIC_URL. */
export function relayDomain(config: Pick<AppConfig, 'relayDomain' | 'publicUrl'>): string {
  return config.relayDomain ?? new URL(config.publicUrl).hostname;
}

export function relayAddress(secret: string, domain: string, t: RelayTarget): string {
  return `${RELAY_LOCAL_PART}+${relayToken(secret, t)}@${domain}`;
}

const TOKEN = /^([1-9]\d{0,9})-([1-9]\d{0,9})-([0-9a-f]+)$/;

/** The target of a token whose signature holds; null for anything else (malformed, tampered). */
export function verifyRelayToken(secret: string, token: string): RelayTarget | null {
  const m = TOKEN.exec(token.toLowerCase());
  if (!m) return null;
  const target = { compositionId: Number(m[1]), personId: Number(m[2]) };
  if (target.compositionId > 2_147_483_647 || target.personId > 2_147_483_647) return null;
  const expected = Buffer.from(signature(secret, target));
  const given = Buffer.from(m[3]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? target : null;
}

/** Relay tokens found in addresses (`relais+TOKEN@domain`), in order, for the given domain. */
export function tokensIn(addresses: string, domain: string): string[] {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${RELAY_LOCAL_PART}\\+([0-9a-z-]+)@${escaped}(?![a-z0-9.-])`, 'gi');
  return [...addresses.matchAll(pattern)].map((m) => m[1]);
}
