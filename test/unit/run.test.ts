import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { actualTranscript, PROJECT_ROOT, readsOnly, runScenario } from '../scenario/run.js';

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', name);

describe.concurrent('scenario runner (fixtures use only the shell)', () => {
  it('passes a scenario whose outputs all match', async () => {
    const r = await runScenario(fixture('passing.t'), { requireCli: false });
    expect(r.cram.commands).toHaveLength(26);
    expect(r.report).toMatch(/passing\.t: 26\/26 commands passed/);
    expect(r.passed, r.report).toBe(true);
  });

  it('reports mismatches as a diff and keeps going after a failure', async () => {
    const r = await runScenario(fixture('failing.t'), { requireCli: false });
    expect(r.passed).toBe(false);
    expect(r.results.map((c) => c.passed)).toEqual([false, true, false, false, true]);
    expect(r.report).toContain(
      [
        `@@ test/fixtures/failing.t:1 @@`,
        `   $ echo one; echo two; echo three`,
        `   one`,
        `-  deux`,
        `+  two`,
        `   three`,
      ].join('\n'),
    );
    expect(r.report).toContain(['   $ printf \'eol\\n\'', '-  eol (no-eol)', '+  eol'].join('\n'));
    expect(r.report).toContain(['   $ true', '-  [1]'].join('\n'));
    expect(r.report).toMatch(/failing\.t: 2\/5 commands passed, 3 failed/);
    const t = actualTranscript(r);
    expect(t).toBe(
      [
        '  $ echo one; echo two; echo three',
        '  one',
        '  two',
        '  three',
        '  $ echo fine',
        '  fine',
        "  $ printf 'eol\\n'",
        '  eol',
        '  $ true',
        '  $ echo after',
        '  after',
        '',
      ].join('\n'),
    );
  });

  it('stops at the first failure when asked', async () => {
    const r = await runScenario(fixture('failing.t'), { stopOnFailure: true, requireCli: false });
    expect(r.results).toHaveLength(1);
    expect(r.notRun).toHaveLength(4);
    expect(r.report).toContain('4 not run (stopped at the first failure)');
  });

  it('kills a command that runs too long and says so', async () => {
    const t0 = Date.now();
    const r = await runScenario(fixture('timeout.t'), { commandTimeoutMs: 700, requireCli: false });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.passed).toBe(false);
    expect(r.results.map((c) => c.passed)).toEqual([true, false]);
    expect(r.report).toContain('timed out after 1 s');
    expect(r.report).toContain('1 not run');
  });
});

describe('the commands real mode may ask again (readsOnly)', () => {
  it('takes a lone get or describe, not a watch, a pipe or a write', () => {
    expect(readsOnly('kubectl describe node kubesim-worker2')).toBe(true);
    expect(readsOnly('kubectl get pods -A -o wide')).toBe(true);
    expect(readsOnly('kubectl get pods -w')).toBe(false);
    expect(readsOnly('kubectl get pods --watch=true')).toBe(false);
    expect(readsOnly('kubectl get pods | grep web')).toBe(false);
    expect(readsOnly('kubectl get pods; kubectl delete pod web')).toBe(false);
    expect(readsOnly('kubectl delete pod web')).toBe(false);
    expect(readsOnly('kubectl get pod $(cat name)')).toBe(false);
  });
});
