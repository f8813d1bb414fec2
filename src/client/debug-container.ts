// What `kubectl debug POD --image=...` adds to a pod (kubectl/pkg/cmd/debug, v1.32): an ephemeral
// container with a generated name unless one is given, shaped by the debugging profile.
import type { EphemeralContainer, Pod, SecurityContext } from '../types/k8s.js';
import { randomSuffix } from '../util/ids.js';
import { ClientError } from './command.js';

export const DEBUG_PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'] as const;
export type DebugProfile = (typeof DEBUG_PROFILES)[number];

export function debugProfile(name: string): DebugProfile {
  if (!(DEBUG_PROFILES as readonly string[]).includes(name)) throw new ClientError(`unknown profile: ${name}`);
  return name as DebugProfile;
}

/** Every container name of the pod: regular, init and ephemeral. */
function containerNames(pod: Pod): Set<string> {
  return new Set([...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...(pod.spec.ephemeralContainers ?? [])].map((c) => c.name));
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
  applyProfile(c, o.profile);
  return c;
}

/** profiles.go, for an ephemeral container: the security context each profile gives it. */
function applyProfile(c: EphemeralContainer, profile: DebugProfile): void {
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
