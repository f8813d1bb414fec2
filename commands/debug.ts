import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { FlagError } from '../src/client/flags.js';
import { debugProfile, ephemeralDebugContainer, generatedDebugName, podCopyWithDebugContainer, type DebugContainerOptions } from '../src/client/debug-container.js';
import { validImageReference } from '../src/client/run-pod.js';
import { resolveResource } from '../src/apiserver/resources.js';
import { createTwoWayPatch } from '../src/apiserver/patch.js';
import type { ContainerStatus, Pod } from '../src/types/k8s.js';
import type { ClusterSession } from '../src/cluster/session.js';
import { allContainers } from '../src/util/pod-containers.js';

/** How long (simulated, or wall-clock) debug waits for its container to start before giving up. */
const CONTAINER_START_TIMEOUT_MS = 3_600_000;
const PODS = resolveResource('pods')!;

/** What the flags ask for, once read and checked. */
interface DebugOptions extends Omit<DebugContainerOptions, 'name'> {
  attach: boolean;
  quiet: boolean;
  copyTo: string;
  container: string;
  setImages: Record<string, string>;
}

export default class Debug extends KubeCommand {
  static override summary = 'Create debugging sessions for troubleshooting workloads and nodes';
  static override examples = [
    'kubectl debug mypod -it --image=busybox',
    'kubectl debug mypod -it --image=busybox --target=mycontainer',
    'kubectl debug mypod --image=busybox -c debugger -- sleep 1d',
  ];
  static override args = { name: Args.string({ description: 'POD | TYPE/NAME' }) };
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'identifying the resource to debug' }),
    'arguments-only': Flags.boolean({ description: 'If specified, everything after -- will be passed to the new container as Args instead of Command.' }),
    attach: Flags.boolean({ description: "If true, wait for the container to start running, and then attach as if 'kubectl attach ...' were called." }),
    container: Flags.string({ char: 'c', description: 'Container name to use for debug container.' }),
    'copy-to': Flags.string({ description: 'Create a copy of the target Pod with this name.' }),
    replace: Flags.boolean({ description: "When used with '--copy-to', delete the original Pod." }),
    env: Flags.string({ multiple: true, description: 'Environment variables to set in the container.' }),
    image: Flags.string({ description: 'Container image to use for debug container.' }),
    'keep-labels': Flags.boolean({ description: "If true, keep the original pod labels.(This flag only works when used with '--copy-to')" }),
    'keep-annotations': Flags.boolean({ description: "If true, keep the original pod annotations.(This flag only works when used with '--copy-to')" }),
    'keep-liveness': Flags.boolean({ description: "If true, keep the original pod liveness probes.(This flag only works when used with '--copy-to')" }),
    'keep-readiness': Flags.boolean({ description: "If true, keep the original pod readiness probes.(This flag only works when used with '--copy-to')" }),
    'keep-startup': Flags.boolean({ description: "If true, keep the original startup probes.(This flag only works when used with '--copy-to')" }),
    'keep-init-containers': Flags.boolean({ description: "Run the init containers for the pod. Defaults to true.(This flag only works when used with '--copy-to')", default: true }),
    'set-image': Flags.string({ multiple: true, description: "When used with '--copy-to', a list of name=image pairs for changing container images." }),
    'image-pull-policy': Flags.string({ description: 'The image pull policy for the container.' }),
    stdin: Flags.boolean({ char: 'i', description: 'Keep stdin open on the container(s) in the pod, even if nothing is attached.' }),
    quiet: Flags.boolean({ char: 'q', description: 'If true, suppress informational messages.' }),
    'same-node': Flags.boolean({ description: "When used with '--copy-to', schedule the copy of target Pod on the same node." }),
    'share-processes': Flags.boolean({ description: "When used with '--copy-to', enable process namespace sharing in the copy.", default: true }),
    target: Flags.string({ description: 'When using an ephemeral container, target processes in this container name.' }),
    tty: Flags.boolean({ char: 't', description: 'Allocate a TTY for the debugging container.' }),
    profile: Flags.string({ description: 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".', default: 'legacy' }),
    custom: Flags.string({ description: 'Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.' }),
  };

  async run(): Promise<void> {
    const o = this.options();
    if (this.flag<string[]>('filename')?.length) throw new ClientError('debug -f is not supported by kubesim yet');
    // Run: each pod named gets its debug container (or its copy), then is attached to with --attach/-i.
    for (const word of this.args) {
      const { pod, name } = await this.cluster((s, k) => {
        const found = s.api.get(PODS, k.namespace, this.podName(s, k.namespace, word)) as Pod;
        return o.copyTo ? this.debugByCopy(s, found, o) : this.debugByEphemeralContainer(s, found, o);
      });
      if (o.attach && name) await this.attach(pod, name, o);
    }
  }

  /** Complete and Validate (debug.go): the flags read and checked in kubectl's order, with its notes. */
  private options(): DebugOptions {
    const stdin = this.flag<boolean>('stdin') === true;
    const tty = this.flag<boolean>('tty') === true;
    const quiet = this.flag<boolean>('quiet') === true;
    const attach = this.kubeArgs.given.has('attach') ? this.flag<boolean>('attach') === true : stdin;
    const env = keyValues('env', this.flag<string[]>('env') ?? []).map(([name, value]) => ({ name, value }));
    const setImages = Object.fromEntries(keyValues('set-image', this.flag<string[]>('set-image') ?? []));
    const profile = debugProfile(this.flag<string>('profile') ?? 'legacy');
    if (this.flag('custom') !== undefined) throw new ClientError('debug --custom is not supported by kubesim yet');
    const copyTo = this.flag<string | undefined>('copy-to') ?? '';
    const image = this.flag<string | undefined>('image') ?? '';
    const container = this.flag<string | undefined>('container') ?? '';
    const imagePullPolicy = this.flag<string | undefined>('image-pull-policy') ?? '';
    const target = this.flag<string | undefined>('target') ?? '';
    const args = this.kubeArgs.afterDash ?? [];
    if (attach && this.kubeArgs.given.has('attach') && !image && !container) {
      throw new ClientError('you must specify --container or create a new container using --image in order to attach.');
    }
    if (copyTo) {
      if (!image && !Object.keys(setImages).length && !args.length) throw new ClientError('you must specify --image, --set-image or command arguments.');
      if (args.length && !container && !image) throw new ClientError('you must specify an existing container or a new image when specifying args.');
    } else {
      if (this.flag('replace')) throw new ClientError('--replace may only be used with --copy-to.');
      if (this.flag('same-node')) throw new ClientError('--same-node may only be used with --copy-to.');
      if (Object.keys(setImages).length) throw new ClientError('--set-image may only be used with --copy-to.');
      if (!image) throw new ClientError('you must specify --image when not using --copy-to.');
    }
    if (image && !validImageReference(image)) throw new ClientError(`invalid image name "${image}": invalid reference format`);
    if (this.args.length === 0 && !this.flag<string[]>('filename')?.length) throw new ClientError('NAME or filename is required for debug');
    if (!['', 'Always', 'IfNotPresent', 'Never'].includes(imagePullPolicy)) throw new ClientError(`invalid image pull policy: ${imagePullPolicy}`);
    for (const [name, img] of Object.entries(setImages)) {
      if (!validImageReference(img)) throw new ClientError(`invalid image name "${img}" for container "${name}": invalid reference format`);
    }
    if (target && copyTo) throw new ClientError('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (target && !quiet) {
      this.print(`Targeting container "${target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
    }
    if (tty && !stdin) throw new ClientError('-i/--stdin is required for containers with -t/--tty=true');
    if (profile === 'legacy') {
      this.printErr('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".');
    }
    const argumentsOnly = this.flag<boolean>('arguments-only') === true;
    return { attach, quiet, copyTo, container, target, image, env, imagePullPolicy, stdin, tty, args, argumentsOnly, profile, setImages };
  }

  /** debugByEphemeralContainer: the two-way patch from the pod to the pod with the container added, to pods/ephemeralcontainers. */
  private debugByEphemeralContainer(s: ClusterSession, pod: Pod, o: DebugOptions): { pod: Pod; name: string } {
    const name = o.container || generatedDebugName(pod);
    if (!o.container && !o.quiet) this.print(`Defaulting debug container name to ${name}.\n`);
    const ec = ephemeralDebugContainer({ ...o, name });
    const patch = createTwoWayPatch(pod, { ...pod, spec: { ...pod.spec, ephemeralContainers: [...(pod.spec.ephemeralContainers ?? []), ec] } }, 'Pod');
    const patched = this.withWarnings(s.api, () => s.api.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'strategic', patch, { subresource: 'ephemeralcontainers' }));
    return { pod: patched as Pod, name };
  }

  /** debugByCopy: the copy created (the original deleted at once with --replace). */
  private debugByCopy(s: ClusterSession, pod: Pod, o: DebugOptions): { pod: Pod; name: string } {
    const { copy, name, generated } = podCopyWithDebugContainer(pod, {
      ...o,
      sameNode: this.flag<boolean>('same-node') === true,
      shareProcesses: this.kubeArgs.given.has('share-processes') ? this.flag<boolean>('share-processes') === true : undefined,
      keep: {
        labels: this.flag<boolean>('keep-labels') === true,
        annotations: this.flag<boolean>('keep-annotations') === true,
        liveness: this.flag<boolean>('keep-liveness') === true,
        readiness: this.flag<boolean>('keep-readiness') === true,
        startup: this.flag<boolean>('keep-startup') === true,
        initContainers: this.flag<boolean>('keep-init-containers') !== false,
      },
    });
    if (generated && !o.quiet) this.print(`Defaulting debug container name to ${name}.\n`);
    const created = this.withWarnings(s.api, () => s.api.create(PODS, pod.metadata.namespace, copy)) as Pod;
    if (this.flag('replace')) s.api.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
    return { pod: created, name };
  }

  /**
   * The pod a word names: POD or TYPE/NAME. Another kind is looked up first, as kubectl's builder
   * does (a missing object is the server's NotFound); a node is what kubesim cannot debug yet.
   */
  private podName(s: ClusterSession, namespace: string, word: string): string {
    const slash = word.indexOf('/');
    if (slash < 0) return word;
    const r = resolveResource(word.slice(0, slash));
    if (!r) throw new ClientError(`the server doesn't have a resource type "${word.slice(0, slash)}"`);
    const name = word.slice(slash + 1);
    if (r.name === 'pods') return name;
    s.api.get(r, r.namespaced ? namespace : undefined, name);
    if (r.name === 'nodes') throw new ClientError('debug of a node is not supported by kubesim yet');
    throw new ClientError(`"${r.group ? `${r.group}/${r.version}` : r.version}, Kind=${r.kind}" not supported by debug`);
  }

  /** handleAttachPod: wait for the container to run (or end), then attach to it, or print its log if it ended. */
  private async attach(pod: Pod, name: string, { stdin, tty, quiet }: DebugOptions): Promise<void> {
    const { waitUntil } = await import('../src/client/wait.js');
    const statusOf = (p: Pod): ContainerStatus | undefined =>
      [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? []), ...(p.status?.ephemeralContainerStatuses ?? [])].find((s) => s.name === name);
    let current: Pod | undefined;
    let seen: string | undefined;
    const started = await waitUntil(
      (fn) => this.cluster(fn),
      (s) => {
        current = s.store.get('pods', pod.metadata.namespace!, pod.metadata.name!) as Pod | undefined;
        if (!current || current.metadata.uid !== pod.metadata.uid) throw new ClientError('pods "" not found');
        const st = statusOf(current)?.state;
        if (st?.running || st?.terminated) return true;
        // waitForContainer looks at each version of the pod its watch delivers: a waiting container
        // with a message (a failed pull, its back-off) is a warning each time.
        if (current.metadata.resourceVersion !== seen) {
          seen = current.metadata.resourceVersion;
          if (!quiet && st?.waiting?.message) this.printErr(`Warning: container ${name}: ${st.waiting.message}`);
        }
        return false;
      },
      CONTAINER_START_TIMEOUT_MS,
    );
    if (!started || !current) {
      throw new ClientError(`container ${name} did not start within ${CONTAINER_START_TIMEOUT_MS / 3_600_000}h; kubectl would go on waiting until interrupted, kubesim stops here`);
    }
    const ready = current;
    this.flushOutput();
    if (statusOf(ready)?.state?.terminated) {
      // The container already ended: its log, as `kubectl logs` prints it.
      const { containerLogLines } = await import('../src/cluster/pod-logs.js');
      const lines = await this.cluster((s) => containerLogLines(s, ready, name));
      for (const l of lines) process.stdout.write(`${l.x}${l.p ? '' : '\n'}`);
      return;
    }
    const { AttachedContainer, attachStreams, ttyNote } = await import('../src/client/attach-session.js');
    const note = quiet ? undefined : ttyNote(stdin, tty);
    if (note) this.printErr(note);
    if (!quiet) this.printErr("If you don't see a command prompt, try pressing enter.");
    const open = <T>(fn: (s: ClusterSession) => T) => this.cluster(fn);
    const attached = await this.cluster((s) => new AttachedContainer(open, ready, name, s, true));
    const spec = allContainers(ready.spec).find((c) => c.name === name);
    await attachStreams(attached, { stdin, tty, stdinOnce: spec?.stdinOnce === true, quiet, commandName: 'kubectl attach', restartPolicy: ready.spec.restartPolicy ?? 'Always' });
  }
}

/** A pflag stringToString flag (--env, --set-image): `KEY=VALUE` pairs, comma-separated or repeated. */
function keyValues(flag: string, values: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const value of values) {
    for (const pair of value.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new FlagError(`invalid argument "${value}" for "--${flag}" flag: ${pair} must be formatted as key=value`);
      out.push([pair.slice(0, eq), pair.slice(eq + 1)]);
    }
  }
  return out;
}
