// Captures kubectl v1.32's help texts into data/kubectl-help/: what `kubectl <command> --help`,
// `kubectl help <command>` and a command group run without a subcommand print. Run by hand when
// kubesim gains a kubectl command (the build does not need the real client, nor does kubesim):
//
//   node scripts/capture-kubectl-help.mjs [path/to/kubectl.1.32]
//
// One file per command path, named by its words joined with `_` (`kubectl_create_configmap.txt`);
// an alias (`create cm`) is stored once, under the name its Usage line gives. `kubectl.usage.txt`
// is the root command's usage, which `kubectl help <unknown topic>` prints after its complaint.
// The real client is the one beside the `kubectl` on PATH (or KUBECTL_REAL), never a server:
// help needs none.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data', 'kubectl-help');

function realKubectl() {
  if (process.argv[2]) return process.argv[2];
  if (process.env.KUBECTL_REAL) return process.env.KUBECTL_REAL;
  const onPath = spawnSync('bash', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout.trim();
  return join(dirname(onPath), 'kubectl.1.32');
}
const kubectl = realKubectl();

function run(args) {
  // A HOME of its own: no help text may depend on the user's files.
  const r = spawnSync(kubectl, args, { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent' } });
  if (r.error) throw r.error;
  return r;
}

// The kubectl command paths kubesim has (dist/command-index.json, from `npm run build`), with the
// groups above them (`set` for `set image`, `create secret` for `create secret generic`).
const index = JSON.parse(readFileSync(join(root, 'dist', 'command-index.json'), 'utf8')).commands;
const paths = new Set([[], ['help']].map((p) => p.join(' ')));
for (const [id, c] of Object.entries(index)) {
  if (c.kubesimOnly) continue;
  const words = id.split(':');
  for (let n = 1; n <= words.length; n++) paths.add(words.slice(0, n).join(' '));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const path of [...paths].sort()) {
  const words = path ? path.split(' ') : [];
  const r = run([...words, '--help']);
  if (r.status !== 0 || r.stderr) throw new Error(`kubectl ${path} --help: exit ${r.status}: ${r.stderr}`);
  // The canonical path: the Usage line's first words (an alias prints its command's usage).
  // `kubectl options --help` prints nothing at all.
  const usage = /\nUsage:\n {2}kubectl((?: [a-z][a-z-]*)*)/.exec(r.stdout);
  if (!usage && r.stdout) throw new Error(`kubectl ${path} --help: no Usage line`);
  const canonical = usage ? usage[1].trim().split(' ').filter(Boolean).slice(0, words.length) : words;
  writeFileSync(join(out, `${['kubectl', ...canonical].join('_')}.txt`), r.stdout);
}
// `kubectl help <unknown topic>`: the complaint's first line, then the root command's usage.
const unknown = run(['help', 'no-such-topic']).stderr;
writeFileSync(join(out, 'kubectl.usage.txt'), unknown.slice(unknown.indexOf('\n') + 1));
console.log(`${readdirSync(out).length} files in ${out}`);
