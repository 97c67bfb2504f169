/**
 * Runs a CommonJS file the way node's `require` would, but compiled with V8's code cache: the code V8
 * compiled during an earlier run (the top level and every function that had run by then) is read back
 * from `FILE.code-cache` instead of being compiled again. Node 20 has no compile cache of its own (22
 * added one); compiling the server's bundle was about a sixth of a second start on the web thread
 * (docs/speed.md, "Start-up").
 *
 * The cache is written by `saveCache()` (scripts/start.mjs calls it once the server listens, so that
 * the functions the start ran are in it), when the run had none or V8 rejected it (a new build, another
 * node or other V8 flags), into a temporary file renamed into place: instances starting together never
 * read half of one. A directory that cannot be written only costs the compile.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs `file` and returns its exports, what became of the cache ('used'; 'rejected' or 'none': compiled)
 * and `saveCache()`, which writes a new cache unless this one was used.
 */
export function runWithCodeCache(file) {
  const cacheFile = `${file}.code-cache`;
  const bytes = readFileSync(file);
  // All ASCII (esbuild escapes most of the rest): read as latin1, which skips UTF-8's slower decoding.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // V8 checks a cache against the source's length only: one made from another file of the same length
  // would run that file's code. The cache file starts with the hash of the source it was made from.
  const fingerprint = createHash('sha256').update(bytes).digest();
  let cachedData;
  try {
    const stored = readFileSync(cacheFile);
    cachedData = stored.subarray(0, fingerprint.length).equals(fingerprint)
      ? stored.subarray(fingerprint.length)
      : Buffer.alloc(0); // another file's: compiled, and replaced
  } catch {
    // none yet
  }
  // No import() callback: a script compiled from the cache loses it (node 20), so the build leaves no
  // import() in the bundles (scripts/build.mjs turns them into require()).
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const cache = !cachedData
    ? 'none'
    : script.cachedDataRejected || cachedData.length === 0
      ? 'rejected'
      : 'used';
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  const run = script.runInThisContext();
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  let saved = cache === 'used';
  const saveCache = () => {
    if (!saved) writeCache(script, fingerprint, cacheFile);
    saved = true;
  };
  return { exports: module.exports, cache, saveCache };
}

function writeCache(script, fingerprint, cacheFile) {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    writeFileSync(partial, Buffer.concat([fingerprint, script.createCachedData()]));
    renameSync(partial, cacheFile);
  } catch {
    rmSync(partial, { force: true });
  }
}
