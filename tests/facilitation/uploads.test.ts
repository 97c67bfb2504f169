/**
 * Uploads kept in the database: their uploader's alone, gone when expired (swept by the next upload of
 * anyone), at most KEEP_PER_PERSON per person, and never over the upload limit (a check constraint
 * holds it even against a route that forgot).
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importUploads } from '../../db/schema';
import {
  KEEP_PER_PERSON,
  loadUpload,
  saveUpload,
  UPLOAD_TTL_MS,
  uploadContent,
} from '../../server/facilitation/uploads';
import { IMPORT_LIMITS } from '../../server/imports';
import { createTestDb, type TestDb } from '../support/db';
import { makePerson } from '../support/factories';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.destroy();
});

describe('uploads', () => {
  it('are found by their uploader only, until they expire; the next upload deletes the expired', async () => {
    const owner = await makePerson(handle.db, { territories: ['90'] });
    const other = await makePerson(handle.db, { territories: ['90'] });
    const id = await saveUpload(handle.db, owner.id, '../../étrange/diagnostic.csv', Buffer.from('a;b\n'));
    const upload = await loadUpload(handle.db, id, owner.id);
    expect(upload?.meta).toMatchObject({
      ownerId: owner.id,
      filename: 'diagnostic.csv',
      size: 4,
      mapping: null,
    });
    expect((await uploadContent(handle.db, id))?.toString()).toBe('a;b\n');
    expect(await loadUpload(handle.db, id, other.id)).toBeNull();
    expect(await loadUpload(handle.db, 'A'.repeat(32), owner.id)).toBeNull();

    const later = new Date(Date.now() + UPLOAD_TTL_MS + 1000);
    expect(await loadUpload(handle.db, id, owner.id, later)).toBeNull();
    await saveUpload(handle.db, other.id, 'autre.csv', Buffer.from('x'), later);
    expect(await handle.db.select().from(importUploads).where(eq(importUploads.id, id))).toEqual([]);
  });

  it(`keep the last ${KEEP_PER_PERSON} of a person`, async () => {
    const person = await makePerson(handle.db, { territories: ['25'] });
    const ids: string[] = [];
    for (let i = 0; i < KEEP_PER_PERSON + 3; i++) {
      ids.push(
        await saveUpload(
          handle.db,
          person.id,
          `f${i}.csv`,
          Buffer.from('x'),
          new Date(Date.now() + i * 1000),
        ),
      );
    }
    const kept = await handle.db
      .select({ n: count() })
      .from(importUploads)
      .where(eq(importUploads.ownerId, person.id));
    expect(kept[0].n).toBe(KEEP_PER_PERSON);
    expect(await loadUpload(handle.db, ids[0], person.id)).toBeNull();
    expect(await loadUpload(handle.db, ids.at(-1) ?? '', person.id)).not.toBeNull();
  });

  it('cannot hold more than the upload limit', async () => {
    const person = await makePerson(handle.db, { territories: ['25'] });
    const tooBig = Buffer.alloc(IMPORT_LIMITS.fileBytes + 1, 0x61);
    await expect(saveUpload(handle.db, person.id, 'gros.csv', tooBig)).rejects.toThrow();
  });
});
