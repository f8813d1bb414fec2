// Issue 12, proof 3 (quick): malformed manifests, flags and URLs each get a
// kubectl-style error, a non-zero exit, no stack trace, and leave the state as
// it was. The full run (2,000+ inputs) is test/stress/ (`npm run stress`).
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, fuzzCases, fuzzRun, KNOWN_GAPS, newHome } from './lib.js';

describe('reliability: bad input', () => {
  it('120 malformed inputs: kubectl-style errors, nothing changed', async () => {
    const f = await fuzzRun(fuzzCases(120, 3), 4);
    console.log('fuzz', JSON.stringify({ ...f, crashes: f.crashes.length, zeroExits: f.zeroExits.length, unstyled: f.unstyled.length, stateChanged: f.stateChanged.length, known: f.known.length }));
    expect(f.crashes).toEqual([]);
    expect(f.zeroExits).toEqual([]);
    expect(f.unstyled).toEqual([]);
    expect(f.stateChanged).toEqual([]);
    expect(f.known).toEqual([]);
    expect(KNOWN_GAPS).toEqual([]);
  }, 120_000);

  // What kubectl v1.32 prints for each (recorded from kubectl.1.32; the field selector one against `kubesim serve`).
  const exact: [string[], string][] = [
    [['get', 'pods', '--v', 'loud'], `error: invalid argument "loud" for "-v, --v" flag: strconv.ParseInt: parsing "loud": invalid syntax\nSee 'kubectl get --help' for usage.\n`],
    [['get', 'pods', '-v', '99999999999'], `error: invalid argument "99999999999" for "-v, --v" flag: strconv.ParseInt: parsing "99999999999": value out of range\nSee 'kubectl get --help' for usage.\n`],
    [['delete', 'pod', 'x', '--grace-period=abc'], `error: invalid argument "abc" for "--grace-period" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl delete --help' for usage.\n`],
    [['drain', 'n1', '--grace-period= 5'], `error: invalid argument " 5" for "--grace-period" flag: strconv.ParseInt: parsing " 5": invalid syntax\nSee 'kubectl drain --help' for usage.\n`],
    [['scale', 'deploy/x', '--replicas=1e3'], `error: invalid argument "1e3" for "--replicas" flag: strconv.ParseInt: parsing "1e3": invalid syntax\nSee 'kubectl scale --help' for usage.\n`],
    [['scale', 'deploy/x', '--replicas=1', '--current-replicas=x'], `error: invalid argument "x" for "--current-replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee 'kubectl scale --help' for usage.\n`],
    [['create', 'deployment', 'x', '--image=a', '--replicas=abc'], `error: invalid argument "abc" for "-r, --replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n`],
    [['create', 'deployment', 'x', '--image=a', '--port=99999999999'], `error: invalid argument "99999999999" for "--port" flag: strconv.ParseInt: parsing "99999999999": value out of range\nSee 'kubectl create deployment --help' for usage.\n`],
    [['rollout', 'history', 'deploy/x', '--revision=1e3'], `error: invalid argument "1e3" for "--revision" flag: strconv.ParseInt: parsing "1e3": invalid syntax\nSee 'kubectl rollout history --help' for usage.\n`],
    [['rollout', 'undo', 'deploy/x', '--to-revision=x'], `error: invalid argument "x" for "--to-revision" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee 'kubectl rollout undo --help' for usage.\n`],
    [['proxy', '--port=abc'], `error: invalid argument "abc" for "-p, --port" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl proxy --help' for usage.\n`],
    [['proxy', '--port=70000'], 'error: listen tcp: address 70000: invalid port\n'],
    [['proxy', '-p', '-5'], 'error: listen tcp: address -5: invalid port\n'],
    [['get', 'pods', '-v=0x1'], `error: invalid argument "0x1" for "-v, --v" flag: strconv.ParseInt: parsing "0x1": invalid syntax\nSee 'kubectl get --help' for usage.\n`],
    [['get', 'pods', '--as-group', 'x'], 'error: requesting uid, groups or user-extra for  without impersonating a user\n'],
    [['-n'], `error: flag needs an argument: 'n' in -n\nSee 'kubectl --help' for usage.\n`],
    [['--namespace'], `error: flag needs an argument: --namespace\nSee 'kubectl --help' for usage.\n`],
    [['--bogus'], `error: unknown flag: --bogus\nSee 'kubectl --help' for usage.\n`],
    [['-n', 'dev', 'nosuchverb'], 'Error: flags cannot be placed before plugin name: -n\n'],
    [['get', 'pods', '--request-timeout', 'soon'], 'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n'],
    [['get', 'pods', '--field-selector', 'spec.nope=x'], 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.nope=x": field label not supported: spec.nope\n'],
    [['get', 'deploy', '-l', 'app=x', '--field-selector', 'status.replicas=1'], 'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "app=x", field selector "status.replicas=1": "status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"\n'],
  ];

  it('flag errors word as kubectl words them', async () => {
    const home = newHome('flags');
    try {
      for (const [args, stderr] of exact) {
        const r = await cli(home, args);
        expect({ args, stderr: r.stderr, code: r.code }).toEqual({ args, stderr, code: 1 });
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
