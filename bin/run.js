#!/usr/bin/env node
// The one program: answers as `kubectl` when invoked under that name (a shim or
// symlink) or with KUBESIM_ARGV0=kubectl, and as `kubesim` otherwise.
// CommonJS (bin/package.json), not an ES module: an ES module entry costs Node ~4 ms of start-up
// for its module loader, a tenth of what a whole `kubectl get pods` may add to Node's own start.
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { basename, dirname } = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const asKubectl = process.env.KUBESIM_ARGV0 === 'kubectl' || basename(process.argv[1] ?? '') === 'kubectl';
process.env.KUBESIM_AS = asKubectl ? 'kubectl' : 'kubesim';
// A reader that stops early (`kubectl logs x | head`) closes the pipe: end quietly, as kubectl does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const root = pathToFileURL(`${dirname(__dirname)}/`);
const argv = process.argv.slice(2);
const hot = loadHotPath();
(async () => {
  if (!hot || !(await hot.run(argv, asKubectl, root))) {
    hot?.discardCache();
    const { dispatch } = await import('../dist/bundle/src/client/dispatch.js');
    await dispatch(argv, asKubectl, root);
  }
})();

/**
 * The hot path's CommonJS bundle (src/client/hot.ts), compiled with the V8 code cache of this
 * verb (`<verb>+new` on an empty home): dist/hot/<verb>.<bundle mtime and size>.v8cache, written at exit by the verb's first run
 * (and whenever V8 rejects it, e.g. under other V8 flags; not when the hot path declined the
 * invocation), so later runs skip parsing and
 * compiling what that verb ran. A build empties dist/hot; V8 checks the cache against the source's
 * length and its own version and flags, and the name against the bundle's mtime. Undefined when the
 * bundle is missing (dispatch then does everything from the ES module bundle).
 */
function loadHotPath() {
  const file = fileURLToPath(new URL('dist/hot/cli.cjs', root));
  let source, stat;
  try {
    stat = statSync(file);
    source = readFileSync(file, 'latin1'); // ASCII, which the build checks: one-byte text is quicker to compile (from cache)
  } catch {
    return undefined;
  }
  // A command on an empty home first makes the default cluster, code no other run of the verb
  // compiles: it keeps a cache of its own, so neither kind of run goes without what it compiles.
  // The home and its state file as src/cluster/session.ts finds them (kubesimHome, stateDir,
  // Store.exists), written again here because this loader runs before any of src is compiled; a
  // kubeconfig naming another home only picks the other cache, which V8 still checks.
  const home = process.env.KUBESIM_HOME || `${require('node:os').homedir()}/.kubesim`;
  const verb = (/^[a-z][a-z-]*$/.test(argv[0] ?? '') ? argv[0] : 'other') + (existsSync(`${home}/state/meta.json`) ? '' : '+new');
  const cacheFile = `${dirname(file)}/${verb}.${Math.trunc(stat.mtimeMs)}-${stat.size}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  let keep = !cachedData || script.cachedDataRejected;
  if (keep) {
    process.on('exit', () => {
      if (!keep) return;
      // Atomic: concurrent first runs each write their own file and rename it into place.
      try {
        writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {}
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { run: module.exports.run, discardCache: () => (keep = false) };
}
