/**
 * `npm run relay -- [FILE.eml]`: the message relay's inbound side. Reads one RFC 822 message from FILE or
 * from stdin (as a mail server's pipe transport hands it over), and posts the reply into its composition's
 * thread (docs/messages.md). Prints one line and exits:
 *   0  posted, or ignored on purpose: an automatic reply, or a mail already posted (same Message-ID,
 *      delivered twice);
 *   65 (EX_DATAERR) a bad message: no relay address, bad signature, no longer a member, empty text…,
 *      or larger than RELAY_MAX_BYTES (10 MB), refused after reading at most that much and one chunk;
 *   75 (EX_TEMPFAIL) the database could not be reached: the mail server keeps the mail and retries.
 * Uses DATABASE_URL when set, otherwise the embedded PGlite of DATA_DIR (which serves one process at a
 * time: with the embedded database, stop the server first; production uses DATABASE_URL).
 * The secret that signs relay addresses is SESSION_SECRET when set, else the one the server keeps in the
 * database (server/common/secrets.ts), so a relay on another machine needs only DATABASE_URL.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { openDb } from '../db/client';
import { SESSION_SECRET_NAME, storedSecret } from '../server/common/secrets';
import { loadConfig } from '../server/config';
import { RELAY_MAX_BYTES, receiveRelayedMail } from '../server/messages/inbound';
import { relayDomain } from '../server/messages/relay';

const EX_DATAERR = 65;
const EX_TEMPFAIL = 75;

/**
 * The message's bytes, or null past `max`: the read stops there (a 50 MB mail is never held whole), the
 * rest is left unread.
 */
async function readInput(file: string | undefined, max: number): Promise<Buffer | null> {
  const stream = file ? createReadStream(file, { highWaterMark: 64 * 1024 }) : process.stdin;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > max) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function main(): Promise<number> {
  const config = loadConfig();
  const file = process.argv.slice(2).find((a) => a !== '--');
  let raw: Buffer | null;
  try {
    raw = await readInput(file, RELAY_MAX_BYTES);
  } catch (err) {
    console.error(`relay: cannot read ${file ?? 'stdin'}: ${(err as Error).message}`);
    return EX_DATAERR;
  }
  if (!raw) {
    console.error(`relay: rejected: message larger than ${RELAY_MAX_BYTES} bytes`);
    return EX_DATAERR;
  }
  let handle: Awaited<ReturnType<typeof openDb>>;
  try {
    handle = await openDb(
      config.databaseUrl
        ? { databaseUrl: config.databaseUrl }
        : { pgliteDir: path.join(config.dataDir, 'pglite') },
    );
    await handle.migrate();
  } catch (err) {
    console.error(`relay: database unavailable: ${(err as Error).message.split('\n')[0]}`);
    return EX_TEMPFAIL;
  }
  const secret =
    config.sessionSecret ?? (await storedSecret(handle.db, SESSION_SECRET_NAME).catch(() => null));
  if (!secret) {
    await handle.close();
    console.error(
      'relay: no SESSION_SECRET and none stored in the database yet: cannot verify relay addresses',
    );
    return EX_TEMPFAIL;
  }
  try {
    const result = await receiveRelayedMail(handle.db, raw, {
      secret,
      domain: relayDomain(config),
      publicUrl: config.publicUrl,
    });
    if (result.status === 'posted') {
      console.log(
        `relay: posted message ${result.messageId} in composition ${result.compositionId} for person ${result.personId}`,
      );
      return 0;
    }
    if (result.status === 'ignored') {
      console.log(`relay: ignored: ${result.reason}`);
      return 0;
    }
    console.error(`relay: rejected: ${result.reason}`);
    return EX_DATAERR;
  } catch (err) {
    console.error(`relay: failed: ${(err as Error).message.split('\n')[0]}`);
    return EX_TEMPFAIL;
  } finally {
    await handle.close();
  }
}

main().then((code) => process.exit(code));
