// PodDisruptionBudgets end to end, through the built CLI (npm test builds first): `create pdb`,
// the disruption controller as simulated time passes, `get pdb` and `describe pdb` (the bytes
// kubectl v1.32 printed for the same objects served by `kubesim serve`).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';


const cli = (home: string, args: string[], argv0: 'kubectl' | 'kubesim' = 'kubectl') => runCli(home, args, { argv0 });

describe('kubectl create/get/describe pdb', () => {
  it('tracks a Deployment of 3 replicas', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-pdb-'));
    expect(cli(home, ['create', 'deployment', 'web', '--image=nginx', '--replicas=3']).code).toBe(0);
    expect(cli(home, ['create', 'pdb', 'web', '--selector=app=web', '--min-available=2'])).toMatchObject({ out: 'poddisruptionbudget.policy/web created\n', code: 0 });
    expect(cli(home, ['create', 'deployment', 'api', '--image=nginx', '--replicas=3']).code).toBe(0);
    expect(cli(home, ['create', 'poddisruptionbudget', 'api', '--selector=app=api', '--max-unavailable=34%']).code).toBe(0);
    expect(cli(home, ['create', 'pdb', 'none', '--selector=app=none', '--max-unavailable=1']).code).toBe(0);
    expect(cli(home, ['advance', '30s'], 'kubesim').code).toBe(0);
    expect(cli(home, ['get', 'pdb']).out).toBe(
      [
        'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
        // ceil(34% of 3) = 2 may be unavailable.
        'api    N/A             34%               2                     30s',
        'none   N/A             1                 0                     30s',
        'web    2               N/A               1                     30s',
        '',
      ].join('\n'),
    );
    expect(cli(home, ['get', 'pdb', 'web', '-o', 'wide']).out).toBe('NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    2               N/A               1                     30s\n');
    expect(cli(home, ['describe', 'pdb', 'web']).out).toBe(
      [
        'Name:           web',
        'Namespace:      default',
        'Min available:  2',
        'Selector:       app=web',
        'Status:',
        '    Allowed disruptions:  1',
        '    Current:              3',
        '    Desired:              2',
        '    Total:                3',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
    expect(cli(home, ['describe', 'pdb', 'none']).out).toBe(
      [
        'Name:             none',
        'Namespace:        default',
        'Max unavailable:  1',
        'Selector:         app=none',
        'Status:',
        '    Allowed disruptions:  0',
        '    Current:              0',
        '    Desired:              0',
        '    Total:                0',
        'Events:',
        '  Type    Reason  Age                From               Message',
        '  ----    ------  ----               ----               -------',
        '  Normal  NoPods  30s (x2 over 30s)  controllermanager  No matching pods found',
        '',
      ].join('\n'),
    );
    const status = JSON.parse(cli(home, ['get', 'pdb', 'web', '-o', 'json']).out).status;
    expect(status.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: expect.any(String), reason: 'SufficientPods', message: '' }]);
  }, 60_000);

  it('validates its flags as kubectl does and prints client dry runs', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-pdb-'));
    const err = (args: string[]) => cli(home, ['create', 'pdb', ...args]).err;
    expect(err(['x', '--min-available=1'])).toBe('error: a selector must be specified\n');
    expect(err(['x', '--selector=a=b'])).toBe('error: one of min-available or max-unavailable must be specified\n');
    expect(err(['x', '--selector=a=b', '--min-available=1', '--max-unavailable=1'])).toBe('error: min-available and max-unavailable cannot be both specified\n');
    expect(err(['x', '--selector=a=b', '--min-available=1x'])).toBe('error: invalid format specified for min-available\n');
    expect(err(['x', '--selector=a!=b', '--min-available=1'])).toBe('error: "!=" is not a valid label selector operator\n');
    expect(err(['--selector=a=b', '--min-available=1'])).toBe("error: exactly one NAME is required, got 0\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n");
    expect(cli(home, ['create', 'pdb', 'x', '--selector=z,a=1', '--min-available=50%', '--dry-run=client', '-o', 'yaml']).out).toBe(
      [
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  creationTimestamp: null',
        '  name: x',
        'spec:',
        '  minAvailable: 50%',
        '  selector:',
        '    matchExpressions:',
        '    - key: z',
        '      operator: Exists',
        '    matchLabels:',
        '      a: "1"',
        'status:',
        '  currentHealthy: 0',
        '  desiredHealthy: 0',
        '  disruptionsAllowed: 0',
        '  expectedPods: 0',
        '',
      ].join('\n'),
    );
  }, 60_000);
});
