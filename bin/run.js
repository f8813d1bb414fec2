#!/usr/bin/env node
// The one program: answers as `kubectl` when invoked under that name (a shim or
// symlink) or with KUBESIM_ARGV0=kubectl, and as `kubesim` otherwise.
import { basename } from 'node:path';

const asKubectl = process.env.KUBESIM_ARGV0 === 'kubectl' || basename(process.argv[1] ?? '') === 'kubectl';
process.env.KUBESIM_AS = asKubectl ? 'kubectl' : 'kubesim';
// A reader that stops early (`kubectl logs x | head`) closes the pipe: end quietly, as kubectl does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { dispatch } = await import('../dist/bundle/src/client/dispatch.js');
await dispatch(process.argv.slice(2), asKubectl, new URL('..', import.meta.url));
