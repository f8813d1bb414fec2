// `kubectl diff` end to end, through the built CLI and the machine's `diff -u -N` (as kubectl runs
// it). The same command lines gave the same output from real kubectl v1.32 against `kubesim serve`.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hasDiff = spawnSync('diff', ['--version']).status === 0;

function cli(home: string, args: string[]) {
  const r = runCli(home, args, { cwd: home });
  // The temporary directories' names and the files' times are the machine's.
  const out = r.out.replace(/\/(LIVE|MERGED)-\d+\//g, '/$1-N/').replace(/\t\d{4}-\d\d-\d\d [\d:.]+ [+-]\d{4}$/gm, '\tDATE');
  return { ...r, out };
}

const DEPLOYMENT = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe.skipIf(!hasDiff)('kubectl diff', () => {
  it('shows what apply would change, exits 1 on differences and 0 without; errors exit 2', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-diff-'));
    writeFileSync(join(home, 'web.yaml'), DEPLOYMENT(2, 'nginx:1.14.2'));
    const created = cli(home, ['diff', '-f', 'web.yaml']);
    expect(created.code).toBe(1);
    expect(created.out).toMatch(/^diff -u -N \/tmp\/LIVE-N\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED-N\/apps\.v1\.Deployment\.default\.web\n--- .*\tDATE\n\+\+\+ .*\tDATE\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: apps\/v1\n/);
    expect(cli(home, ['apply', '-f', 'web.yaml']).code).toBe(0);
    expect(cli(home, ['diff', '-f', 'web.yaml'])).toMatchObject({ out: '', code: 0 });
    writeFileSync(join(home, 'web.yaml'), DEPLOYMENT(3, 'nginx:1.16.1'));
    const changed = cli(home, ['diff', '-f', 'web.yaml']);
    expect(changed.code).toBe(1);
    // The last-applied annotation is not part of the merge: only the fields and the generation move.
    expect(changed.out.split('\n').filter((l) => /^[-+] /.test(l))).toEqual([
      '-  generation: 1',
      '+  generation: 2',
      '-  replicas: 2',
      '+  replicas: 3',
      '-      - image: nginx:1.14.2',
      '+      - image: nginx:1.16.1',
    ]);
    expect(cli(home, ['diff'])).toMatchObject({ err: 'error: must specify one of -f and -k\n', code: 2 });
    expect(cli(home, ['diff', '-f', 'web.yaml', '--nope'])).toMatchObject({ err: "error: unknown flag: --nope\nSee 'kubectl diff -h' for help and examples\n", code: 2 });
  });

  it("masks a Secret's data, saying only which values change", () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-diff-'));
    writeFileSync(join(home, 's.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: one\n  b: two\n');
    expect(cli(home, ['apply', '-f', 's.yaml']).code).toBe(0);
    writeFileSync(join(home, 's.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: one\n  b: three\n  c: new\n');
    const out = cli(home, ['diff', '-f', 's.yaml']).out;
    expect(out).toContain("\n data:\n   a: '***'\n-  b: '*** (before)'\n+  b: '*** (after)'\n+  c: '***'\n");
    expect(out).not.toMatch(/one|two|three|new/);
  });
});
