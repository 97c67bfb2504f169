/**
 * The generated session secret is kept in the database: instances starting together agree on one, and a
 * DATA_DIR/session-secret of an earlier version becomes the stored one (cookies and links survive).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { appSecrets } from '../../db/schema';
import { sharedSecret, storedSecret } from '../../server/common/secrets';
import { createTestDb, type TestDb } from '../support/db';

let handle: TestDb;
let dir: string;
beforeEach(async () => {
  handle = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'mosaique-secret-'));
});
afterEach(async () => {
  await handle.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('is created once, whoever asks first, and the same for every caller', async () => {
  const secrets = await Promise.all(Array.from({ length: 6 }, () => sharedSecret(handle.db, 'session')));
  expect(new Set(secrets).size).toBe(1);
  expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
  expect(await handle.db.select().from(appSecrets)).toHaveLength(1);
  expect(await sharedSecret(handle.db, 'session')).toBe(secrets[0]);
});

it('takes the secret an earlier version kept in DATA_DIR when the database has none', async () => {
  const legacy = 'a-secret-from-an-earlier-version-0123456789abcdef';
  const legacyFile = path.join(dir, 'session-secret');
  writeFileSync(legacyFile, `${legacy}\n`);
  expect(await sharedSecret(handle.db, 'session', { legacyFile })).toBe(legacy);
  // Once stored, the database's secret is the one: another instance's file does not replace it.
  writeFileSync(legacyFile, 'another-secret-another-secret-another-secret');
  expect(await sharedSecret(handle.db, 'session', { legacyFile })).toBe(legacy);
});

it('is read back by tools without being created by them', async () => {
  expect(await storedSecret(handle.db, 'session')).toBeNull();
  const secret = await sharedSecret(handle.db, 'session');
  expect(await storedSecret(handle.db, 'session')).toBe(secret);
  expect(await storedSecret(handle.db, 'other')).toBeNull();
});
