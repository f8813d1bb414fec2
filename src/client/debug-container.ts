// What `kubectl debug POD --image=...` adds to a pod (kubectl/pkg/cmd/debug, v1.32): an ephemeral
// container with a generated name unless one is given, or with --copy-to a copy of the pod with a
// debug container; both shaped by the debugging profile.
import type { Container, EphemeralContainer, Pod, SecurityContext } from '../types/k8s.js';
import { randomSuffix } from '../util/ids.js';
import { allContainers } from '../util/pod-containers.js';
import { ClientError } from './command.js';

export const DEBUG_PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'] as const;
export type DebugProfile = (typeof DEBUG_PROFILES)[number];

export function debugProfile(name: string): DebugProfile {
  if (!(DEBUG_PROFILES as readonly string[]).includes(name)) throw new ClientError(`unknown profile: ${name}`);
  return name as DebugProfile;
}

/** Every container name of the pod: regular, init and ephemeral. */
function containerNames(pod: Pod): Set<string> {
  return new Set(allContainers(pod.spec).map((c) => c.name));
}

/** computeDebugContainerName: `debugger-` and 5 random characters no container of the pod has. */
export function generatedDebugName(pod: Pod): string {
  const taken = containerNames(pod);
  let name = '';
  while (!name || taken.has(name)) name = `debugger-${randomSuffix(5)}`;
  return name;
}

export interface DebugContainerOptions {
  name: string;
  image: string;
  env: { name: string; value: string }[];
  imagePullPolicy: string;
  stdin: boolean;
  tty: boolean;
  target: string;
  /** The words after `--`: the command, or with --arguments-only its arguments. */
  args: string[];
  argumentsOnly: boolean;
  profile: DebugProfile;
}

/** generateDebugContainer: the ephemeral container, with the profile applied as for the "ephemeral" style. */
export function ephemeralDebugContainer(o: DebugContainerOptions): EphemeralContainer {
  const c: EphemeralContainer = {
    name: o.name,
    ...(o.env.length ? { env: o.env } : {}),
    image: o.image,
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
    ...(o.stdin ? { stdin: true } : {}),
    terminationMessagePolicy: 'File',
    ...(o.tty ? { tty: true } : {}),
    ...(o.target ? { targetContainerName: o.target } : {}),
    ...(o.args.length ? (o.argumentsOnly ? { args: o.args } : { command: o.args }) : {}),
  };
  applyContainerProfile(c, o.profile);
  return c;
}

/** What of the original pod a copy keeps (the --keep-* flags). */
export interface KeepFlags {
  labels: boolean;
  annotations: boolean;
  liveness: boolean;
  readiness: boolean;
  startup: boolean;
  initContainers: boolean;
}

export interface PodCopyOptions extends Omit<DebugContainerOptions, 'name' | 'target'> {
  copyTo: string;
  /** --container: an existing container of the copy to change, or the new container's name ('' for a generated one). */
  container: string;
  sameNode: boolean;
  /** --share-processes when given (the copy keeps the pod's setting otherwise). */
  shareProcesses: boolean | undefined;
  /** --set-image: container name (or `*`) to image. */
  setImages: Record<string, string>;
  keep: KeepFlags;
}

/**
 * generatePodCopyWithDebugContainer: a copy of `pod` named --copy-to, with a debug container added
 * (or one of its containers changed), shaped by the profile for the "pod copy" style. `name` is the
 * debug container's ('' when only images were set); `generated` tells the caller to announce it.
 */
export function podCopyWithDebugContainer(pod: Pod, o: PodCopyOptions): { copy: Pod; name: string; generated: boolean } {
  const spec = structuredClone(pod.spec);
  delete spec.ephemeralContainers;
  if (o.shareProcesses !== undefined) spec.shareProcessNamespace = o.shareProcesses;
  if (!o.sameNode) delete spec.nodeName;
  for (const c of spec.containers) {
    const image = o.setImages[c.name] ?? o.setImages['*'];
    if (image) c.image = image;
  }
  const copy = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.copyTo,
      namespace: pod.metadata.namespace,
      ...(pod.metadata.annotations ? { annotations: { ...pod.metadata.annotations } } : {}),
      ...(pod.metadata.labels ? { labels: { ...pod.metadata.labels } } : {}),
    },
    spec,
  } as Pod;
  let c = allContainers(spec).find((x) => x.name === o.container);
  let generated = false;
  if (!c) {
    if (!o.image) {
      if (Object.keys(o.setImages).length) return { copy, name: '', generated };
      throw new ClientError('you must specify image when creating new container');
    }
    generated = !o.container;
    c = { name: o.container || generatedDebugName(copy), terminationMessagePolicy: 'File' };
    spec.containers.push(c);
  }
  if (o.args.length) {
    if (o.argumentsOnly) c.args = o.args;
    else {
      c.command = o.args;
      delete c.args;
    }
  }
  if (o.env.length) c.env = o.env;
  if (o.image) c.image = o.image;
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  // Stdin and TTY as asked, for a container changed too (false is Go's omitted zero value).
  if (o.stdin) c.stdin = true;
  else delete c.stdin;
  if (o.tty) c.tty = true;
  else delete c.tty;
  applyContainerProfile(c, o.profile);
  applyCopyProfile(copy, o.profile, o.keep);
  return { copy, name: c.name, generated };
}

/** profiles.go for the "pod copy" style: what of the original the copy leaves out, and process sharing. */
function applyCopyProfile(copy: Pod, profile: DebugProfile, keep: KeepFlags): void {
  const md = copy.metadata;
  // legacy leaves out the labels whatever --keep-labels says, and nothing else.
  if (profile === 'legacy' || !keep.labels) delete md.labels;
  if (profile === 'legacy') return;
  if (!keep.annotations) delete md.annotations;
  for (const c of copy.spec.containers) {
    if (!keep.liveness) delete c.livenessProbe;
    if (!keep.readiness) delete c.readinessProbe;
    if (!keep.startup) delete c.startupProbe;
  }
  if (!keep.initContainers) delete copy.spec.initContainers;
  copy.spec.shareProcessNamespace ??= true;
}

/** profiles.go, for the debug container in every style: the security context each profile gives it. */
function applyContainerProfile(c: Container, profile: DebugProfile): void {
  const sc = (): SecurityContext => (c.securityContext ??= {});
  const addCapability = (cap: string) => {
    const caps = (sc().capabilities ??= {});
    caps.add = [...(caps.add ?? []), cap];
  };
  switch (profile) {
    case 'legacy':
    case 'baseline':
      return;
    case 'general':
      addCapability('SYS_PTRACE');
      return;
    case 'restricted':
      delete c.securityContext;
      sc().runAsNonRoot = true;
      sc().capabilities = { drop: ['ALL'] };
      sc().allowPrivilegeEscalation = false;
      sc().seccompProfile = { type: 'RuntimeDefault' };
      return;
    case 'netadmin':
      addCapability('NET_ADMIN');
      addCapability('NET_RAW');
      return;
    case 'sysadmin':
      sc().privileged = true;
      return;
  }
}
