/**
 * `npm run relay -- FILE` (scripts/relay-inbound.ts) as a mail server's pipe transport runs it: a reply
 * read from a file or from stdin is posted (exit 0); delivered again (same Message-ID) it is ignored
 * (exit 0, posted once); a tampered address is refused with one line and exit 65 (EX_DATAERR), and
 * nothing is posted; a 50 MB mail is refused (65) after reading about RELAY_MAX_BYTES of it, never whole.
 * On the embedded database of a DATA_DIR of its own.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { compositionMessages } from '../../db/schema';
import { RELAY_MAX_BYTES } from '../../server/messages/inbound';
import { relayAddress } from '../../server/messages/relay';
import { openPgliteDir } from '../support/db';
import { makeMember, makeNeed, makeProposal, WEEK_A, WEEK_B } from '../support/factories';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..');
const SECRET = 'relay-cli-secret-relay-cli-secret-0123456789';
const DOMAIN = 'relais.example.org';

let dataDir: string;
let compositionId: number;
let address: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mosaique-relay-'));
  const handle = await openPgliteDir(path.join(dataDir, 'pglite'));
  const a = await makeMember(handle.db, { name: 'Atelier du relais' });
  const b = await makeMember(handle.db, { name: 'Régie du relais' });
  const na = await makeNeed(handle.db, { org: a.org, hours: 21, slots: WEEK_A });
  const nb = await makeNeed(handle.db, { org: b.org, hours: 14, slots: WEEK_B });
  const c = await makeProposal(handle.db, [
    { need: na, slots: WEEK_A },
    { need: nb, slots: WEEK_B },
  ]);
  compositionId = c.id;
  address = relayAddress(SECRET, DOMAIN, { compositionId: c.id, personId: b.owner.id });
  await handle.close();
}, 60_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function relayEnv() {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return {
    ...env,
    DATA_DIR: dataDir,
    SESSION_SECRET: SECRET,
    RELAY_DOMAIN: DOMAIN,
    PUBLIC_URL: 'http://mosaique.test',
  };
}

async function relay(args: string[], input?: string) {
  // node --import tsx rather than npx: npx may print its own warnings on stderr.
  const child = run(process.execPath, ['--import', 'tsx', 'scripts/relay-inbound.ts', ...args], {
    cwd: ROOT,
    env: relayEnv(),
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const mail = (to: string, text: string) =>
  `From: x@exemple.fr\nTo: ${to}\nMessage-ID: <${text.length}-${Date.now()}@exemple.fr>\nSubject: Re: Message\nContent-Type: text/plain; charset=utf-8\n\n${text}\n\n> cité\n`;

it('posts a reply read from a file, and refuses a tampered one read from stdin (65)', async () => {
  const file = path.join(dataDir, 'reply.eml');
  writeFileSync(file, mail(address, 'Réponse par le relais.'));
  const posted = await relay([file]);
  expect(posted.stderr.trim()).toBe('');
  expect(posted.code).toBe(0);
  expect(posted.stdout).toMatch(/^relay: posted message \d+ in composition \d+ for person \d+\n$/);
  // The mail server delivers it again: ignored, still exit 0 (it must not retry or bounce).
  const again = await relay([file]);
  expect(again.code).toBe(0);
  expect(again.stdout).toBe(
    'relay: ignored: a mail with this Message-ID is already in the thread (delivered twice)\n',
  );

  const forged = address.replace(/[0-9a-f]@/, (m) => (m[0] === '0' ? '1@' : '0@'));
  const refused = await relay([], mail(forged, 'Faux.'));
  expect(refused.code).toBe(65);
  expect(refused.stderr).toBe('relay: rejected: relay address with a bad signature\n');

  const handle = await openDb({ pgliteDir: path.join(dataDir, 'pglite') });
  try {
    const rows = await handle.db
      .select()
      .from(compositionMessages)
      .where(eq(compositionMessages.compositionId, compositionId));
    expect(rows.map((r) => [r.body, r.source])).toEqual([['Réponse par le relais.', 'mail']]);
  } finally {
    await handle.close();
  }
}, 120_000);

it('refuses a 50 MB mail on stdin (65) after reading about the cap, not the whole mail', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/relay-inbound.ts'], {
    cwd: ROOT,
    env: relayEnv(),
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  child.stdin.on('error', () => {}); // EPIPE once the relay has stopped reading
  const total = 50 * 1024 * 1024;
  const filler = Buffer.alloc(256 * 1024, 'a');
  let written = 0;
  child.stdin.write(mail(address, 'Une pièce jointe énorme :'));
  while (written < total && !gone) {
    written += filler.length;
    if (!child.stdin.write(filler)) {
      await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
    }
  }
  child.stdin.end();
  expect(await exited).toBe(65);
  expect(stderr).toBe(`relay: rejected: message larger than ${RELAY_MAX_BYTES} bytes\n`);
  // What the pipe took: the cap, plus the chunks in flight when the relay stopped (pipe and stream buffers).
  expect(written).toBeLessThan(RELAY_MAX_BYTES + 4 * 1024 * 1024);
}, 120_000);
