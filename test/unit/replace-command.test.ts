// `kubectl replace` end to end, through the built CLI (npm test builds first). The same command
// lines gave the same output from real kubectl v1.32 against `kubesim serve` (replace is computed
// on the client: the GET for a missing resourceVersion, the PUT, --force's delete, wait and create).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const cli = (home: string, args: string[], input?: string) => runCli(home, args, { cwd: home, input });

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.14.2
`;

describe('kubectl replace', () => {
  it('replaces what the file holds; a missing object or a stale resourceVersion is an error naming the file', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-replace-'));
    writeFileSync(join(home, 'pod.yaml'), POD);
    expect(cli(home, ['replace', '-f', 'pod.yaml'])).toMatchObject({
      err: 'Error from server (NotFound): error when replacing "pod.yaml": pods "web" not found\n',
      code: 1,
    });
    expect(cli(home, ['create', 'deployment', 'web', '--image=nginx:1.14.2', '--replicas=2']).code).toBe(0);
    const exported = cli(home, ['get', 'deployment', 'web', '-o', 'yaml']).out;
    writeFileSync(join(home, 'd.yaml'), exported.replace('replicas: 2', 'replicas: 3').replace('image: nginx:1.14.2', 'image: nginx:1.16.1'));
    expect(cli(home, ['replace', '-f', 'd.yaml'])).toMatchObject({ out: 'deployment.apps/web replaced\n', code: 0 });
    expect(cli(home, ['replace', '-f', 'd.yaml'])).toMatchObject({
      err: 'Error from server (Conflict): error when replacing "d.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
      code: 1,
    });
    // Without a resourceVersion the live object is replaced whatever its version.
    const unversioned = readFileSync(join(home, 'd.yaml'), 'utf8').replace(/^ {2}resourceVersion: .*\n/m, '');
    expect(cli(home, ['replace', '-f', '-', '-o', 'jsonpath={.spec.replicas}'], unversioned)).toMatchObject({ out: '3', code: 0 });
    expect(cli(home, ['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']).out).toBe('nginx:1.16.1');
    expect(cli(home, ['replace', '-f', 'd.yaml', '--dry-run=client'])).toMatchObject({ out: 'deployment.apps/web replaced (dry run)\n', code: 0 });
  });

  it('checks its flags as kubectl does', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-replace-'));
    writeFileSync(join(home, 'pod.yaml'), POD);
    expect(cli(home, ['replace'])).toMatchObject({ err: 'error: must specify one of -f and -k\n', code: 1 });
    expect(cli(home, ['replace', '--grace-period=5', '-f', 'pod.yaml'])).toMatchObject({ err: 'error: --grace-period must have --force specified\n', code: 1 });
    expect(cli(home, ['replace', '--timeout=5s', '-f', 'pod.yaml'])).toMatchObject({ err: 'error: --timeout must have --force specified\n', code: 1 });
    expect(cli(home, ['replace', '--force', '--dry-run=client', '-f', 'pod.yaml'])).toMatchObject({ err: 'error: --dry-run can not be used when --force is set\n', code: 1 });
  });

  it('--force deletes, waits until the object is gone (simulated time passes), then creates it', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-replace-'));
    writeFileSync(join(home, 'pod.yaml'), POD);
    expect(cli(home, ['apply', '-f', 'pod.yaml']).code).toBe(0);
    const uid = cli(home, ['get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid}']).out;
    writeFileSync(join(home, 'pod2.yaml'), POD.replace('nginx:1.14.2', 'nginx:1.16.1'));
    expect(cli(home, ['replace', '--force', '-f', 'pod2.yaml'])).toMatchObject({ out: 'pod "web" deleted\npod/web replaced\n', code: 0 });
    const after = cli(home, ['get', 'pod', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.containers[0].image}']).out.split(' ');
    expect(after[0]).not.toBe(uid);
    expect(after[1]).toBe('nginx:1.16.1');
    // Nothing to delete: it is created.
    expect(cli(home, ['replace', '--force', '-f', 'pod.yaml', '-n', 'kube-public'])).toMatchObject({ out: 'pod/web replaced\n', code: 0 });
  });
});

describe('kubectl verbs kubesim does not simulate', () => {
  it('says so plainly instead of calling them unknown', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-verbs-'));
    for (const verb of ['cp', 'autoscale', 'certificate', 'completion', 'alpha']) {
      expect(cli(home, [verb, 'x'])).toMatchObject({ err: `error: ${verb} is not supported by kubesim yet\n`, code: 1 });
    }
    expect(cli(home, ['cluster-info', 'dump'])).toMatchObject({ err: 'error: cluster-info dump is not supported by kubesim yet\n', code: 1 });
    expect(cli(home, ['frobnicate'])).toMatchObject({ err: 'error: unknown command "frobnicate" for "kubectl"\n', code: 1 });
    // A subcommand of a kubectl command group that kubesim does not have, and one kubectl does not have either.
    expect(cli(home, ['auth', 'reconcile', '-f', 'x.yaml'])).toMatchObject({ err: 'error: auth reconcile is not supported by kubesim yet\n', code: 1 });
    expect(cli(home, ['set', 'frobnicate'])).toMatchObject({ err: `error: unknown command "frobnicate"\nSee 'kubectl set -h' for help and examples\n`, code: 1 });
  });
});
