/**
 * The environment, validated once with zod. `loadConfig` never throws a stack trace at a user:
 * it returns a ConfigError whose message is one clear line.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from './data-dir';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .optional();

/** A proxy address as proxy-addr (Fastify's trustProxy) takes it: an IP, a CIDR, or a named range. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: what Fastify's `trustProxy` accepts. `true` trusts every hop (only when nothing but the
 * proxy can reach the app), a number trusts that many hops, a list trusts those addresses or CIDRs.
 */
export type TrustProxy = boolean | number | string[];

const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): TrustProxy => {
    const lower = v.toLowerCase();
    if (lower === '' || lower === 'false' || lower === '0') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !isProxyAddress(e));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be true, a hop count, or comma-separated addresses/CIDRs (not "${bad}")`,
      });
      return z.NEVER;
    }
    return entries;
  })
  .optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
      message: 'must look like postgres://user@host:5432/database',
    })
    .optional(),
  MEILI_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:7700' })
    .optional(),
  MEILI_MASTER_KEY: z.string().optional(),
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, { message: 'letters, digits and _ only' })
    .default(''),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Mosaïque <ne-pas-repondre@mosaique.invalid>'),
  PUBLIC_URL: z.url().optional(),
  RELAY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, {
      message: 'must be a mail domain such as mosaique.example.org',
    })
    .optional(),
  MOSAIQUE_DEMO: flag,
  TRUST_PROXY: trustProxy,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  meili?: { url: string; masterKey?: string };
  meiliIndexPrefix: string;
  /** Secret for signed cookies; main.ts keeps a generated one in the database when absent (secrets.ts). */
  sessionSecret: string;
  smtpUrl?: string;
  mailFrom: string;
  /** Base of links written in mails. */
  publicUrl: string;
  /**
   * True when PUBLIC_URL is unset and publicUrl is the `http://HOST:PORT` default: the sitemap, feed and
   * canonical links then use the request's own protocol and host (server/discovery/site-url.ts).
   */
  publicUrlIsDefault?: boolean;
  /** Domain of the message relay's addresses (relais+TOKEN@domain); absent: PUBLIC_URL's host. */
  relayDomain?: string;
  demo: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /**
   * Fastify's trustProxy: behind it the client address comes from X-Forwarded-For and the protocol from
   * X-Forwarded-Proto (cookies are Secure over https). Off by default: a client could forge them.
   */
  trustProxy: TrustProxy;
  /** argon2 cost; tests lower it to keep the suite fast, production keeps the library's defaults. */
  passwordHashing: { memoryCost?: number; timeCost?: number };
  /** Attempts allowed per IP and window on sign-in and password reset. */
  rateLimit: { max: number; windowMs: number };
  /** Invitations an organization may send per window (counted in the database, common/rate-limit.ts). */
  invitationLimit: { max: number; windowMs: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Omit<AppConfig, 'sessionSecret'> & {
  sessionSecret?: string;
} {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  const host = e.HOST;
  return {
    port: e.PORT,
    host,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    meili: e.MEILI_URL ? { url: e.MEILI_URL, masterKey: e.MEILI_MASTER_KEY } : undefined,
    meiliIndexPrefix: e.MEILI_INDEX_PREFIX,
    sessionSecret: e.SESSION_SECRET,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${e.PORT}`,
    publicUrlIsDefault: !e.PUBLIC_URL,
    relayDomain: e.RELAY_DOMAIN?.toLowerCase(),
    demo: e.MOSAIQUE_DEMO ?? !e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY ?? false,
    passwordHashing: {},
    rateLimit: { max: 10, windowMs: 60_000 },
    invitationLimit: { max: 20, windowMs: 3_600_000 },
  };
}
