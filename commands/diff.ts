import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError, HelpRequested } from '../src/client/command.js';
import { FlagError } from '../src/client/flags.js';
import { readManifests } from '../src/client/manifests.js';
import { kustomizeManifests } from '../src/client/kustomize.js';
import { diffFileText, diffPairs, maskSecretData } from '../src/client/diff.js';

export default class Diff extends KubeCommand {
  static override summary = 'Diff the live version against a would-be applied version';
  static override description =
    'Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied. The output is always YAML. KUBECTL_EXTERNAL_DIFF names the diff program (default `diff -u -N`). Exit status: 0 no differences, 1 differences found, >1 kubectl or diff failed.';
  static override examples = ['# Diff resources included in pod.json\nkubectl diff -f pod.json', '# Diff file read from stdin\ncat service.yaml | kubectl diff -f -'];
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files contains the configuration to diff' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process the kustomization directory' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'server-side': Flags.boolean({ description: 'If true, apply runs in the server instead of the client.' }),
    'force-conflicts': Flags.boolean({ description: 'If true, server-side apply will force the changes against conflicts.' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership.' }),
    prune: Flags.boolean({ description: 'Include resources that would be deleted by pruning.' }),
    'prune-allowlist': Flags.string({ multiple: true, description: 'Overwrite the default allowlist with <group/version/kind> for --prune' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, include managed fields in the diff.' }),
    concurrency: Flags.string({ description: 'Number of objects to process in parallel when diffing against the live version.' }),
  };

  async run(): Promise<void> {
    if (this.args.length) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const files = this.flag<string[]>('filename') ?? [];
    const kdir = this.flag<string | undefined>('kustomize');
    if (kdir && files.length) throw new ClientError('only one of -f or -k can be specified');
    if (files.length === 0 && !kdir) throw new ClientError('must specify one of -f and -k');
    if (this.flag('force-conflicts') && !this.flag('server-side')) throw new ClientError('--force-conflicts only works with --server-side');
    if (this.flag('server-side')) throw new ClientError('diff --server-side is not supported by kubesim yet');
    if (this.flag('prune')) throw new ClientError('diff --prune is not supported by kubesim yet');
    const manifests = kdir ? await kustomizeManifests(kdir) : await readManifests(files, { recursive: this.flag('recursive') });
    const { pairs, warnings } = await this.cluster((s, k) => diffPairs(s, manifests, k.namespace, !!this.flag('namespace'), this.flag('selector')));
    for (const w of warnings) this.printErr(w);
    // The two directories, named as Go's os.MkdirTemp names them (a random decimal after the prefix).
    const live = tempDir('LIVE');
    const merged = tempDir('MERGED');
    try {
      for (const pair of pairs.map(maskSecretData)) {
        writeFileSync(join(live, pair.file), diffFileText(pair.live));
        writeFileSync(join(merged, pair.file), diffFileText(pair.merged));
      }
      this.flushOutput();
      process.exitCode = runDiffProgram(live, merged);
    } finally {
      rmSync(live, { recursive: true, force: true });
      rmSync(merged, { recursive: true, force: true });
    }
  }

  /**
   * CheckDiffErr: status 1 means differences, so kubectl's own errors exit with their status + 1,
   * and a flag error is reported as a usage error.
   */
  override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    if (err instanceof HelpRequested) return super.catch(err);
    if (err instanceof FlagError) {
      this.flushOutput();
      process.stderr.write(`error: ${err.message}\nSee '${this.commandPath()} -h' for help and examples\n`);
      process.exitCode = 2;
      return;
    }
    await super.catch(err);
    process.exitCode = (typeof process.exitCode === 'number' ? process.exitCode : 1) + 1;
  }
}

function tempDir(prefix: string): string {
  for (;;) {
    const dir = join(tmpdir(), `${prefix}-${Math.floor(Math.random() * 2 ** 32)}`);
    try {
      mkdirSync(dir, { mode: 0o700 });
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * DiffProgram.Run: `diff -u -N FROM TO`, or KUBECTL_EXTERNAL_DIFF's first word run with FROM TO
 * and then those of its other words made only of letters, digits, `-` and `=`, writing to this
 * command's stdout and stderr. Its status 0 or 1 is kubectl's; a failure to run it is kubectl's error.
 */
function runDiffProgram(from: string, to: string): number {
  const external = process.env.KUBECTL_EXTERNAL_DIFF;
  const words = external ? external.split(' ') : [];
  const program = external ? words[0]! : 'diff';
  const args = external ? [from, to, ...words.slice(1).filter((w) => /^[a-zA-Z0-9-=]+$/.test(w))] : ['-u', '-N', from, to];
  const r = spawnSync(program, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) {
    const why = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'executable file not found in $PATH' : r.error.message;
    throw new ClientError(`failed to run "${program}": exec: "${program}": ${why}`);
  }
  if (r.status !== null && r.status <= 1) return r.status;
  throw new ClientError(`failed to run "${program}": exit status ${r.status ?? 1}`);
}
