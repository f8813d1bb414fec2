// Bundles the CLI into a few ESM files (dist/bundle/) so that a command starts
// without resolving and loading hundreds of small modules: start-up time is most
// of what a kubectl invocation costs. tsc still type-checks and emits dist/ for tests.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
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
  banner: {
    // oclif and other CommonJS dependencies call require() for Node built-ins.
    js: "import { createRequire as __kubesimCreateRequire } from 'node:module'; const require = __kubesimCreateRequire(import.meta.url);",
  },
});
