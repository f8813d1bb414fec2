// Bundles the CLI into a few ESM files (dist/bundle/) so that a command starts
// without resolving and loading hundreds of small modules: start-up time is most
// of what a kubectl invocation costs. tsc still type-checks and emits dist/ for tests.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function commandFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...commandFiles(path));
    else if (entry.endsWith('.ts')) out.push(path);
  }
  return out;
}

// In both bundles proper-lockfile's fs is node:fs, not graceful-fs: a lock takes a handful of fs
// calls, nowhere near EMFILE, and graceful-fs clones and patches fs at load (~3 ms of every command).
const alias = { 'graceful-fs': 'node:fs' };

// Chunk names change with their content: start clean so stale chunks do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/client/dispatch.ts', ...commandFiles('commands')],
  outdir: 'dist/bundle',
  outbase: '.',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: false,
  legalComments: 'none',
  logLevel: 'warning',
  // oclif only loads these to run TypeScript sources in development; never at run time here.
  external: ['typescript', 'ts-node', 'tsx'],
  alias,
  banner: {
    // oclif and other CommonJS dependencies call require() for Node built-ins.
    js: "import { createRequire as __kubesimCreateRequire } from 'node:module'; const require = __kubesimCreateRequire(import.meta.url);",
  },
});

// The hot path again, as one CommonJS file (dist/hot/cli.cjs): bin/run.js compiles it with a V8
// code cache (vm.Script cachedData), which Node 20 offers only for CommonJS. Every command is in
// it, each evaluated only when run (esbuild keeps dynamic imports lazy); oclif is not (the hot
// path never loads it: src/client/oclif.ts resolves to its lite half here).
// Left out: commands that load sibling files of their ES module bundle at run time.
const NOT_HOT = new Set(['commands/config/index.ts']);
const hotCommands = commandFiles('commands')
  .filter((file) => !NOT_HOT.has(file))
  .map((file) => `  ${JSON.stringify(`dist/bundle/${file.replace(/\.ts$/, '.js')}`)}: () => import(${JSON.stringify(`./${file}`)}),`);
rmSync('dist/hot', { recursive: true, force: true });
await build({
  stdin: {
    contents: [
      "import { runHot } from './src/client/hot.ts';",
      `const table = {\n${hotCommands.join('\n')}\n};`,
      'export const run = (argv, asKubectl, root) => runHot(argv, asKubectl, root, table);',
    ].join('\n'),
    resolveDir: '.',
    sourcefile: 'hot-entry.ts',
    loader: 'ts',
  },
  outfile: 'dist/hot/cli.cjs',
  bundle: true,
  minify: true,
  keepNames: true,
  metafile: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['typescript', 'ts-node', 'tsx', '@oclif/core'],
  // import.meta is empty in CommonJS: give the modules that find files next to their own the URL
  // of this bundle (dist/hot/ sits beside dist/bundle/, so paths up to the package root hold).
  define: { 'import.meta.url': '__kubesimBundleUrl' },
  alias,
  banner: { js: "var __kubesimBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      name: 'lite-oclif',
      setup(b) {
        b.onResolve({ filter: /\/oclif\.js$/ }, (args) =>
          join(args.resolveDir, args.path) === join(process.cwd(), 'src/client/oclif.js')
            ? { path: join(process.cwd(), 'src/client/oclif-lite.ts') }
            : undefined,
        );
      },
    },
  ],
});

// bin/run.js reads the hot bundle as one-byte (latin1) text: a string of one-byte characters is
// read and compiled (from its code cache) ~4 ms sooner than the two-byte string a single
// non-ASCII character makes the whole file. esbuild escapes them in strings, not in regular
// expression literals: write those with \u escapes.
const hot = readFileSync('dist/hot/cli.cjs');
const wide = hot.findIndex((byte) => byte > 0x7f);
if (wide >= 0) {
  const line = hot.subarray(0, wide).toString('latin1').split('\n').length;
  throw new Error(`dist/hot/cli.cjs line ${line}: a non-ASCII character in the hot bundle: ${JSON.stringify(hot.subarray(Math.max(0, wide - 60), wide + 20).toString())}`);
}
