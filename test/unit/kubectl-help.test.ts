// kubectl's help through the built CLI: `kubectl`, `kubectl <command> --help`, `kubectl help
// <command>`, a group run without a subcommand. Each case's streams and exit status are what
// real kubectl v1.32 printed for the same words (checked side by side); the texts themselves are
// data/kubectl-help/, captured from the real client, and compared with it here when it is present.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { KUBECTL_ALIASES } from '../../src/client/kubectl-tree.js';
import { findRealKubectl } from '../scenario/run.js';

const ROOT = join(__dirname, '..', '..');
const HELP_DIR = join(ROOT, 'data', 'kubectl-help');
const text = (...words: string[]) => readFileSync(join(HELP_DIR, `${['kubectl', ...words].join('_')}.txt`), 'utf8');

describe('kubectl help texts', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'kubesim-help-')), 'home');
  const kubectl = (...args: string[]) => runCli(home, args);

  it('kubectl alone, with --help, -h, or help before any command word prints its own help', () => {
    for (const args of [[], ['--help'], ['-h'], ['-h', 'get'], ['-n', 'x', '--help', 'get'], ['-n', 'x'], ['help']]) {
      expect(kubectl(...args), args.join(' ')).toEqual({ out: text(), err: '', code: 0 });
    }
  });

  it('a command with --help or -h anywhere before `--` prints its help instead of running', () => {
    for (const args of [['get', '--help'], ['get', 'pods', '-h'], ['-n', 'x', 'get', '--help'], ['get', '--help', 'pods', '-o', 'nonsense'], ['get', '-h', '--', 'ls']]) {
      expect(kubectl(...args), args.join(' ')).toEqual({ out: text('get'), err: '', code: 0 });
    }
    expect(kubectl('config', 'view', '-h', '--minify')).toEqual({ out: text('config', 'view'), err: '', code: 0 });
    expect(kubectl('create', 'secret', 'generic', '--help')).toEqual({ out: text('create', 'secret', 'generic'), err: '', code: 0 });
    // `kubectl options --help` prints nothing at all.
    expect(kubectl('options', '--help')).toEqual({ out: '', err: '', code: 0 });
  });

  it('a flag error comes before the help, as cobra parses the flags first', () => {
    expect(kubectl('get', '--foo', '--help')).toEqual({ out: '', err: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect(kubectl('get', '--help', '-n')).toEqual({ out: '', err: "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect(kubectl('set', '--bogus', '--help')).toEqual({ out: '', err: "error: unknown flag: --bogus\nSee 'kubectl set --help' for usage.\n", code: 1 });
    expect(kubectl('config', '--bogus')).toEqual({ out: '', err: "error: unknown flag: --bogus\nSee 'kubectl config --help' for usage.\n", code: 1 });
    expect(kubectl('help', '--foo')).toEqual({ out: '', err: "error: unknown flag: --foo\nSee 'kubectl help --help' for usage.\n", code: 1 });
  });

  it('an alias is helped, and named in messages, as its command', () => {
    expect(kubectl('top', 'po', '--help')).toEqual({ out: text('top', 'pod'), err: '', code: 0 });
    expect(kubectl('create', 'cm', '-h')).toEqual({ out: text('create', 'configmap'), err: '', code: 0 });
    expect(kubectl('help', 'create', 'resourcequota')).toEqual({ out: text('create', 'quota'), err: '', code: 0 });
    expect(kubectl('top', 'nodes', '--bogus')).toEqual({ out: '', err: "error: unknown flag: --bogus\nSee 'kubectl top node --help' for usage.\n", code: 1 });
    expect(kubectl('create', 'cj', '--bogus')).toEqual({ out: '', err: "error: unknown flag: --bogus\nSee 'kubectl create cronjob --help' for usage.\n", code: 1 });
  });

  it('a group without a subcommand prints its help and exits 1 (on stdout for rollout alone)', () => {
    for (const group of [['set'], ['top'], ['auth'], ['plugin'], ['config'], ['create', 'secret']]) {
      expect(kubectl(...group), group.join(' ')).toEqual({ out: '', err: text(...group), code: 1 });
      expect(kubectl(...group, '--help'), `${group.join(' ')} --help`).toEqual({ out: text(...group), err: '', code: 0 });
    }
    expect(kubectl('rollout')).toEqual({ out: text('rollout'), err: '', code: 1 });
    expect(kubectl('config', '-n', 'x')).toEqual({ out: '', err: text('config'), code: 1 });
    // Help is asked for before the words are checked; without it a word no command is, is an error.
    expect(kubectl('set', 'foo', '--help')).toEqual({ out: text('set'), err: '', code: 0 });
    expect(kubectl('create', 'secret', 'foo')).toEqual({ out: '', err: 'error: unknown command "foo"\nSee \'kubectl create secret -h\' for help and examples\n', code: 1 });
  });

  it('kubectl help finds the deepest command its words name, as cobra does', () => {
    expect(kubectl('help', 'get', 'pods')).toEqual({ out: text('get'), err: '', code: 0 });
    expect(kubectl('help', '-n', 'x', 'get')).toEqual({ out: text('get'), err: '', code: 0 });
    expect(kubectl('help', 'config', 'nosuch')).toEqual({ out: text('config'), err: '', code: 0 });
    expect(kubectl('help', '--help')).toEqual({ out: text('help'), err: '', code: 0 });
    expect(kubectl('help', '-h', 'get')).toEqual({ out: text('help'), err: '', code: 0 });
    const usage = readFileSync(join(HELP_DIR, 'kubectl.usage.txt'), 'utf8');
    expect(kubectl('help', 'nosuch')).toEqual({ out: '', err: `Unknown help topic [\`nosuch\`]\n${usage}`, code: 0 });
    expect(kubectl('help', 'a', 'b')).toEqual({ out: '', err: `Unknown help topic [\`a\` \`b\`]\n${usage}`, code: 0 });
  });

  it('help for a kubectl command kubesim does not have says so', () => {
    expect(kubectl('help', 'certificate')).toEqual({ out: '', err: 'error: certificate is not supported by kubesim yet\n', code: 1 });
    expect(kubectl('help', 'create', 'service')).toEqual({ out: '', err: 'error: create service is not supported by kubesim yet\n', code: 1 });
    expect(kubectl('set', 'env', '--help')).toEqual({ out: '', err: 'error: set env is not supported by kubesim yet\n', code: 1 });
  });

  it('kubesim keeps oclif help for itself: `kubesim help advance` is `kubesim advance --help`', () => {
    const help = runCli(home, ['advance', '--help'], { argv0: 'kubesim' });
    expect(help.code).toBe(0);
    expect(help.out).toContain('Move simulated time forward');
    expect(runCli(home, ['help', 'advance'], { argv0: 'kubesim' })).toEqual(help);
  });

  it('every kubectl command kubesim has has its help text', () => {
    const index = JSON.parse(readFileSync(join(ROOT, 'dist', 'command-index.json'), 'utf8')) as { commands: Record<string, { kubesimOnly?: boolean }> };
    const files = new Set(readdirSync(HELP_DIR));
    for (const [id, c] of Object.entries(index.commands)) {
      if (c.kubesimOnly) continue;
      const words = (KUBECTL_ALIASES[id] ?? id).split(':');
      expect(files.has(`${['kubectl', ...words].join('_')}.txt`), id).toBe(true);
    }
  });

  // The captured texts against the real client they came from (skipped where it is absent).
  const real = findRealKubectl();
  it.runIf(real)('the texts are real kubectl v1.32 help, byte for byte', async () => {
    const files = readdirSync(HELP_DIR).filter((f) => f.endsWith('.txt') && f !== 'kubectl.usage.txt');
    const help = (file: string) =>
      new Promise<string>((resolve, reject) => {
        const words = file.slice(0, -4).split('_').slice(1);
        execFile(real!, [...words, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
      });
    // Eight clients at a time: 86 of them one after the other took most of this file's time.
    for (let i = 0; i < files.length; i += 8) {
      const batch = files.slice(i, i + 8);
      const texts = await Promise.all(batch.map(help));
      batch.forEach((file, j) => expect(texts[j], file).toBe(readFileSync(join(HELP_DIR, file), 'utf8')));
    }
  });
});
