// `kubectl debug` with ephemeral containers, through the built CLI on a fresh cluster, the way the
// "Debug Running Pods" task uses it. Every message and exit status here is what real kubectl v1.32
// printed for the same words against the same cluster served by `kubesim serve` (side by side).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { ephemeralDebugContainer } from '../../src/client/debug-container.js';
import type { Pod } from '../../src/types/k8s.js';

const LEGACY = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';
const TARGETING = (c: string) => `Targeting container "${c}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`;

describe('kubectl debug', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'kubesim-debug-')), 'home');
  const kubectl = (args: string[], input?: string) => runCli(home, args, { input });
  const jsonpath = (path: string) => kubectl(['get', 'pod', 'ephemeral-demo', '-o', `jsonpath=${path}`]).out;

  beforeAll(() => {
    kubectl(['run', 'ephemeral-demo', '--image=registry.k8s.io/pause:3.1', '--restart=Never']);
    runCli(home, ['advance', '30s'], { argv0: 'kubesim' });
  });

  it('adds an ephemeral container through pods/ephemeralcontainers, named debugger-xxxxx unless named', () => {
    const r = kubectl(['debug', 'ephemeral-demo', '--image=busybox:1.28']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(LEGACY);
    expect(r.out).toMatch(/^Defaulting debug container name to debugger-[bcdfghjklmnpqrstvwxz2456789]{5}\.\n$/);
    const name = /debugger-\w{5}/.exec(r.out)![0];
    // Defaulted as a container is; busybox's sh, with no stdin, exits at once and is not restarted.
    expect(JSON.parse(jsonpath('{.spec.ephemeralContainers}'))).toEqual([
      { image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', name, resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
    ]);
    runCli(home, ['advance', '5s'], { argv0: 'kubesim' });
    const [status] = JSON.parse(jsonpath('{.status.ephemeralContainerStatuses}')) as Record<string, unknown>[];
    expect(status).toMatchObject({ name, ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(status).not.toHaveProperty('started');
    // The kubelet's events name the container by its place in the spec.
    const events = kubectl(['get', 'events', '--field-selector', `involvedObject.fieldPath=spec.ephemeralContainers{${name}}`, '-o', 'custom-columns=R:.reason', '--no-headers']).out;
    expect(events.split('\n').filter(Boolean)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(kubectl(['describe', 'pod', 'ephemeral-demo']).out).toContain(`Ephemeral Containers:\n  ${name}:\n`);
  });

  it('-i with --target attaches to a shell that sees the target container processes', () => {
    const r = kubectl(['debug', '-i', 'ephemeral-demo', '--image=busybox:1.28', '--target=ephemeral-demo', '-c', 'shell'], 'ps\nid\nexit\n');
    expect(r.code).toBe(0);
    expect(r.err).toBe(`${LEGACY}If you don't see a command prompt, try pressing enter.\n`);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(TARGETING('ephemeral-demo').trimEnd());
    expect(lines[1]).toBe('PID   USER     TIME  COMMAND');
    expect(lines[2]).toBe('    1 root      0:00 /pause');
    expect(lines.slice(3, -2).every((l) => / (sh|ps)$/.test(l))).toBe(true);
    expect(lines.at(-2)).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)');
    // Without --target the shell has its own process namespace.
    const own = kubectl(['debug', '-i', '-q', 'ephemeral-demo', '--image=busybox:1.28', '-c', 'alone'], 'ps\n');
    expect(own.out).not.toContain('/pause');
    expect(own.out).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sh\n/);
  });

  it('applies the debugging profiles to the container it adds', () => {
    const base = { name: 'd', image: 'busybox', env: [], imagePullPolicy: '', stdin: false, tty: false, target: '', args: [], argumentsOnly: false };
    expect(ephemeralDebugContainer({ ...base, profile: 'general' }).securityContext).toEqual({ capabilities: { add: ['SYS_PTRACE'] } });
    expect(ephemeralDebugContainer({ ...base, profile: 'netadmin' }).securityContext).toEqual({ capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(ephemeralDebugContainer({ ...base, profile: 'sysadmin' }).securityContext).toEqual({ privileged: true });
    expect(ephemeralDebugContainer({ ...base, profile: 'restricted' }).securityContext).toEqual({
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(ephemeralDebugContainer({ ...base, profile: 'baseline' }).securityContext).toBeUndefined();
    expect(ephemeralDebugContainer({ ...base, profile: 'legacy', args: ['sleep', '1d'] }).command).toEqual(['sleep', '1d']);
    expect(ephemeralDebugContainer({ ...base, profile: 'legacy', args: ['x'], argumentsOnly: true }).args).toEqual(['x']);
  });

  it("checks what kubectl checks, in kubectl's order", () => {
    const fails = (args: string[], err: string) => expect(kubectl(['debug', ...args]), args.join(' ')).toEqual({ out: '', err, code: 1 });
    fails(['ephemeral-demo'], 'error: you must specify --image when not using --copy-to.\n');
    fails(['ephemeral-demo', '--attach'], 'error: you must specify --container or create a new container using --image in order to attach.\n');
    fails(['ephemeral-demo', '--image=busybox:1.28', '--replace'], 'error: --replace may only be used with --copy-to.\n');
    fails(['ephemeral-demo', '--image=BAD::image'], 'error: invalid image name "BAD::image": invalid reference format\n');
    fails(['--image=busybox:1.28'], 'error: NAME or filename is required for debug\n');
    fails(['ephemeral-demo', '--image=busybox:1.28', '--image-pull-policy=Sometimes'], 'error: invalid image pull policy: Sometimes\n');
    fails(['ephemeral-demo', '--image=busybox:1.28', '-t'], 'error: -i/--stdin is required for containers with -t/--tty=true\n');
    fails(['ephemeral-demo', '--image=busybox:1.28', '--profile=weird'], 'error: unknown profile: weird\n');
    fails(['ephemeral-demo', '--image=busybox:1.28', '--env=A'], `error: invalid argument "A" for "--env" flag: A must be formatted as key=value\nSee 'kubectl debug --help' for usage.\n`);
  });

  it('leaves to the API server what it validates', () => {
    const fails = (args: string[], err: string) => expect(kubectl(['debug', 'ephemeral-demo', '--image=busybox:1.28', ...args]).err, args.join(' ')).toBe(err);
    const count = (JSON.parse(jsonpath('{.spec.ephemeralContainers}')) as unknown[]).length;
    fails(['-c', 'ephemeral-demo'], `${LEGACY}The Pod "ephemeral-demo" is invalid: spec.ephemeralContainers[${count}].name: Duplicate value: "ephemeral-demo"\n`);
    fails(['-c', 'x', '--target=nosuch'], `${LEGACY}The Pod "ephemeral-demo" is invalid: spec.ephemeralContainers[${count}].targetContainerName: Not found: "nosuch"\n`);
    expect(kubectl(['debug', 'nosuch', '--image=busybox:1.28', '-c', 'x']).err).toBe(`${LEGACY}Error from server (NotFound): pods "nosuch" not found\n`);
    expect(kubectl(['debug', 'deploy/x', '--image=busybox:1.28', '-c', 'x']).err).toBe(`${LEGACY}Error from server (NotFound): deployments.apps "x" not found\n`);
    // Nothing was added by the failures.
    expect((JSON.parse(jsonpath('{.spec.ephemeralContainers}')) as unknown[]).length).toBe(count);
  });

  it('while the container waits, its waiting message is a warning at each version of the pod', () => {
    const image = 'your.private.registry.example.com/janedoe/jdoe-private:v1';
    const r = kubectl(['debug', '-i', 'ephemeral-demo', `--image=${image}`, '-c', 'private', '--profile=general'], '');
    const lines = r.err.split('\n').filter(Boolean);
    const pullFailed = `Warning: container private: rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
    expect(lines.slice(0, 4)).toEqual([pullFailed, `Warning: container private: Back-off pulling image "${image}"`, pullFailed, `Warning: container private: Back-off pulling image "${image}"`]);
    // kubectl would wait until interrupted; kubesim stops after an hour and says so.
    expect(lines.at(-1)).toBe('error: container private did not start within 1h; kubectl would go on waiting until interrupted, kubesim stops here');
    expect(r.code).toBe(1);
  });

  it('RBAC checks the subresource: patching pods is not enough', () => {
    for (const args of [
      ['create', 'role', 'podrw', '--verb=get,patch', '--resource=pods'],
      ['create', 'rolebinding', 'jane-podrw', '--role=podrw', '--user=jane'],
    ]) expect(kubectl(args).code).toBe(0);
    const asJane = ['debug', 'ephemeral-demo', '--image=busybox:1.28', '-c', 'jane', '--profile=general', '--as=jane'];
    expect(kubectl(asJane)).toEqual({
      out: '',
      err: 'Error from server (Forbidden): pods "ephemeral-demo" is forbidden: User "jane" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"\n',
      code: 1,
    });
    kubectl(['create', 'role', 'debugger', '--verb=patch', '--resource=pods/ephemeralcontainers']);
    kubectl(['create', 'rolebinding', 'jane-debugger', '--role=debugger', '--user=jane']);
    expect(kubectl(asJane)).toEqual({ out: '', err: '', code: 0 });
  });

  it('Pod Security admission checks the ephemeral container as part of the pod', () => {
    kubectl(['create', 'ns', 'secure']);
    kubectl(['label', 'ns', 'secure', 'pod-security.kubernetes.io/enforce=restricted']);
    const app = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app', namespace: 'secure' },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'busybox:1.28', command: ['sleep', '3600'], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    };
    expect(kubectl(['apply', '-f', '-'], JSON.stringify(app)).code).toBe(0);
    expect(kubectl(['debug', '-n', 'secure', 'app', '--image=busybox:1.28', '-c', 'd1', '--profile=general']).err).toBe(
      'Error from server (Forbidden): pods "app" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "d1" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "d1" must set securityContext.capabilities.drop=["ALL"]; container "d1" must not include "SYS_PTRACE" in securityContext.capabilities.add)\n',
    );
    expect(kubectl(['debug', '-n', 'secure', 'app', '--image=busybox:1.28', '-c', 'd2', '--profile=restricted'])).toEqual({ out: '', err: '', code: 0 });
  });

  it('what kubesim does not simulate it says so', () => {
    expect(kubectl(['debug', 'node/kubesim-worker', '--image=busybox:1.28']).err).toBe(`${LEGACY}error: debug of a node is not supported by kubesim yet\n`);
    expect(kubectl(['debug', 'ephemeral-demo', '--image=busybox:1.28', '--custom=x.json'])).toEqual({ out: '', err: 'error: debug --custom is not supported by kubesim yet\n', code: 1 });
  });
});

describe('kubectl debug --copy-to', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'kubesim-debug-copy-')), 'home');
  const kubectl = (args: string[], input?: string) => runCli(home, args, { input });
  const pod = (name: string) => JSON.parse(kubectl(['get', 'pod', name, '-o', 'json']).out) as Pod;
  const MYAPP = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: myapp, labels: {app: myapp}, annotations: {note: x}}',
    'spec:',
    '  initContainers: [{name: init, image: "busybox:1.28", command: [sh, -c, "true"]}]',
    '  containers:',
    '  - {name: myapp, image: "busybox:1.28", command: [sh, -c, sleep 1d], livenessProbe: {exec: {command: ["true"]}}}',
  ].join('\n');

  beforeAll(() => {
    kubectl(['apply', '-f', '-'], MYAPP);
    runCli(home, ['advance', '30s'], { argv0: 'kubesim' });
  });

  it('legacy: a copy without the labels, on any node, with the debug container added', () => {
    expect(kubectl(['debug', 'myapp', '--copy-to=c1', '--image=busybox:1.28', '-c', 'dbg'])).toEqual({ out: '', err: LEGACY, code: 0 });
    const copy = pod('c1');
    const original = pod('myapp');
    expect(copy.metadata.labels).toBeUndefined();
    expect(copy.metadata.annotations?.['note']).toBe('x');
    expect(copy.spec.initContainers?.map((c) => c.name)).toEqual(['init']);
    expect(copy.spec.containers.map((c) => c.name)).toEqual(['myapp', 'dbg']);
    expect(copy.spec.containers[0]!.livenessProbe).toBeDefined();
    expect(copy.spec.shareProcessNamespace).toBeUndefined();
    // The copy keeps the original's token volume; the added container mounts it too.
    const volume = original.spec.volumes![0]!.name;
    expect(copy.spec.volumes?.map((v) => v.name)).toEqual([volume]);
    expect(copy.spec.containers[1]!.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume, readOnly: true }]);
    expect(copy.spec.containers[1]).toMatchObject({ image: 'busybox:1.28', terminationMessagePolicy: 'File' });
    expect(copy.spec.containers[1]).not.toHaveProperty('stdin');
  });

  it('general: process namespace shared, probes, annotations and labels left out unless kept; a container changed in place', () => {
    const r = kubectl(['debug', 'myapp', '--copy-to=c2', '--container=myapp', '--profile=general', '--keep-labels', '--', 'sh']);
    expect(r).toEqual({ out: '', err: '', code: 0 });
    const copy = pod('c2');
    expect(copy.metadata.labels).toEqual({ app: 'myapp' });
    expect(copy.metadata.annotations).toBeUndefined();
    expect(copy.spec.shareProcessNamespace).toBe(true);
    expect(copy.spec.containers).toHaveLength(1);
    expect(copy.spec.containers[0]).toMatchObject({ name: 'myapp', command: ['sh'], securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(copy.spec.containers[0]!.livenessProbe).toBeUndefined();
  });

  it('--set-image alone changes images and adds no container; --replace deletes the original', () => {
    expect(kubectl(['debug', 'myapp', '--copy-to=c3', '--set-image=*=busybox:1.36', '--profile=baseline']).code).toBe(0);
    expect(pod('c3').spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['myapp=busybox:1.36']);
    const r = kubectl(['debug', 'myapp', '--copy-to=c4', '--image=busybox:1.28', '-i', '--profile=baseline', '--replace'], 'echo from-the-copy\n');
    expect(r.out).toMatch(/^Defaulting debug container name to debugger-\w{5}\.\nfrom-the-copy\n$/);
    expect(kubectl(['get', 'pod', 'myapp']).err).toBe('Error from server (NotFound): pods "myapp" not found\n');
    expect(pod('c4').spec.containers.map((c) => c.name)).toEqual(['myapp', /debugger-\w{5}/.exec(r.out)![0]]);
  });

  it("checks what kubectl checks for a copy, in kubectl's order", () => {
    const fails = (args: string[], err: string) => expect(kubectl(['debug', 'c1', ...args]), args.join(' ')).toEqual({ out: '', err, code: 1 });
    fails(['--copy-to=x'], 'error: you must specify --image, --set-image or command arguments.\n');
    fails(['--copy-to=x', '--', 'sh'], 'error: you must specify an existing container or a new image when specifying args.\n');
    fails(['--copy-to=x', '--set-image=myapp=BAD::x'], 'error: invalid image name "BAD::x" for container "myapp": invalid reference format\n');
    fails(['--copy-to=x', '--image=busybox:1.28', '--target=myapp'], 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n');
    fails(['--image=busybox:1.28', '--set-image=a=b'], 'error: --set-image may only be used with --copy-to.\n');
  });
});
