/**
 * `npm start`: runs the built server (dist/server/*.cjs, compiled through V8's code cache:
 * code-cache.mjs) on plain node, building it first when dist/ is missing or older than one of the files
 * it was built from (scripts/build.mjs lists them in dist/build-info.json). So `npm install && npm start` stay the two commands on a fresh clone, a
 * `git pull` is picked up by the next start, and no start pays for loading TypeScript through tsx's
 * loader hooks (docs/speed.md, "Start-up"). The check is one stat per source file, a few milliseconds. Instances
 * started together on a stale build build it once: under a lock file, the others wait and find it fresh.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILD_INFO, build, DIST, EARLY_BUNDLE, SERVER_BUNDLE } from './build.mjs';
import { runWithCodeCache } from './code-cache.mjs';

const ROOT = path.dirname(DIST);

function stale() {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(BUILD_INFO).mtimeMs;
    inputs = JSON.parse(readFileSync(BUILD_INFO, 'utf8')).inputs;
  } catch {
    return true;
  }
  for (const input of inputs) {
    try {
      if (statSync(path.join(ROOT, input)).mtimeMs > builtAt) return true;
    } catch {
      return true; // a file the build read is gone: the sources changed
    }
  }
  return false;
}

const LOCK = `${DIST}.lock`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding dist.lock (created exclusively); a lock older than a minute is a dead start's. */
async function underLock(work) {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 60_000) rmSync(LOCK, { force: true });
      } catch {
        // released meanwhile
      }
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

if (stale()) {
  try {
    await underLock(async () => {
      if (stale()) await build({ quiet: true });
    });
  } catch (err) {
    console.error(
      `Mosaïque could not start: build failed (run \`npm run build\` where dist/ is writable): ${err.message.split('\n')[0]}`,
    );
    process.exit(1);
  }
}
// What server/main.ts does from the sources: the embedded database starts opening, then the server loads.
const earlyBundle = runWithCodeCache(EARLY_BUNDLE);
const early = earlyBundle.exports.openEmbeddedEarly();
const serverBundle = runWithCodeCache(SERVER_BUNDLE);
await serverBundle.exports.serve(early);
// Listening: what the start compiled is kept for the next one (a few tens of ms, once per build).
setTimeout(() => {
  earlyBundle.saveCache();
  serverBundle.saveCache();
}, 500).unref();
