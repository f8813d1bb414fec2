// kubectl plugins through the built CLI: `plugin list` with kubectl's warnings, and an unknown
// command running the plugin of the longest run of its words. Real kubectl v1.32 printed the same
// for the same PATH.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { kubectlCommandFor } from '../../src/client/plugins.js';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('kubectl plugins', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubesim-plugins-'));
  const [a, b] = [join(root, 'a'), join(root, 'b')];
  mkdirSync(a);
  mkdirSync(b);
  const plugin = (dir: string, name: string, mode = 0o755) => {
    writeFileSync(join(dir, name), '#!/bin/sh\necho "plugin $0 got: $*"\n');
    chmodSync(join(dir, name), mode);
  };
  plugin(a, 'kubectl-hello');
  plugin(a, 'kubectl-foo_bar');
  plugin(a, 'kubectl-noexec', 0o644);
  plugin(a, 'kubectl-version');
  plugin(b, 'kubectl-hello');
  const home = join(root, 'home');
  // No other directory: the machine's PATH may hold plugins of its own.
  const PATH = [a, b, join(root, 'missing')].join(':');

  it('plugin list: each plugin, its warnings, and the count as the error', () => {
    expect(runCli(home, ['plugin', 'list'], { env: { PATH } })).toEqual({
      out: `The following compatible plugins are available:\n\n${a}/kubectl-foo_bar\n${a}/kubectl-hello\n${a}/kubectl-noexec\n${a}/kubectl-version\n${b}/kubectl-hello\n`,
      err: [
        `Unable to read directory "${root}/missing" from your PATH: open ${root}/missing: no such file or directory. Skipping...`,
        `  - warning: ${a}/kubectl-noexec identified as a kubectl plugin, but it is not executable`,
        '  - warning: kubectl-version overwrites existing command: "kubectl version"',
        `  - warning: ${b}/kubectl-hello is overshadowed by a similarly named plugin: ${a}/kubectl-hello`,
        'error: 3 plugin warnings were found',
        '',
      ].join('\n'),
      code: 1,
    });
    expect(runCli(home, ['plugin', 'list'], { env: { PATH: b } })).toMatchObject({ out: `The following compatible plugins are available:\n\n${b}/kubectl-hello\n`, err: '', code: 0 });
    expect(runCli(home, ['plugin', 'list', '--name-only'], { env: { PATH: b } }).out).toBe('The following compatible plugins are available:\n\nkubectl-hello\n');
    expect(runCli(home, ['plugin', 'list'], { env: { PATH: join(root, 'missing') } }).err).toMatch(/\nerror: unable to find any kubectl plugins in your PATH\n$/);
  });

  it('an unknown command runs the plugin of its longest run of words, with the rest as arguments', () => {
    expect(runCli(home, ['hello', 'x', '-y'], { env: { PATH } })).toMatchObject({ out: `plugin ${a}/kubectl-hello got: x -y\n`, code: 0 });
    expect(runCli(home, ['foo-bar', 'z'], { env: { PATH } }).out).toBe(`plugin ${a}/kubectl-foo_bar got: z\n`);
    expect(runCli(home, ['frobnicate'], { env: { PATH } })).toMatchObject({ err: 'error: unknown command "frobnicate" for "kubectl"\n', code: 1 });
  });

  it("names the kubectl command a plugin's words would shadow, and only kubectl's", () => {
    expect(kubectlCommandFor(['config', 'view'])).toBe('kubectl config view');
    expect(kubectlCommandFor(['config', 'foo'])).toBe('kubectl config');
    expect(kubectlCommandFor(['get', 'all'])).toBe('kubectl get');
    expect(kubectlCommandFor(['toString'])).toBeUndefined();
    expect(kubectlCommandFor(['hello'])).toBeUndefined();
  });
});
