/** `npm run demo`: loads the demo data into the configured database when it is empty. */
import path from 'node:path';
import { openDb } from '../db/client';
import { isDatabaseEmpty, loadDemo } from '../db/demo';
import { loadConfig } from '../server/config';

const config = loadConfig();
const handle = await openDb(
  config.databaseUrl
    ? { databaseUrl: config.databaseUrl }
    : { pgliteDir: path.join(config.dataDir, 'pglite') },
);
try {
  await handle.migrate();
  if (!(await isDatabaseEmpty(handle.db))) {
    console.log('The database already holds data: demo not loaded.');
  } else {
    await loadDemo(handle.db, { publicUrl: config.publicUrl });
    console.log('Demo data loaded.');
  }
} finally {
  await handle.close();
}
