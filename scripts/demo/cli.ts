/** `npm run demo`: loads the demo data into the configured database when it is empty. */
import path from 'node:path';
import { openDb } from '../../db/client';
import { loadConfig } from '../../server/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoIfEmpty } from './index';

const config = loadConfig();
const handle = await openDb(
  config.databaseUrl
    ? { databaseUrl: config.databaseUrl }
    : { pgliteDir: path.join(config.dataDir, 'pglite') },
);
try {
  await handle.migrate();
  const started = performance.now();
  if (!(await loadDemoIfEmpty(handle.db, { publicUrl: config.publicUrl }))) {
    console.log('The database already holds data: demo not loaded.');
  } else {
    console.log(`Demo data loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email}  ${account.role}`);
  }
} finally {
  await handle.close();
}
