// What the kubelet of a Windows node adds to a container (who it runs as, the
// HostProcess settings) and the node's own state a learner can change from a
// shell on it (`kubesim ssh NODE -- net localgroup NAME /add`): local groups,
// kept in the store (`_winnode`, one record per node that has any).
import type { Container, KObject, Node, Pod } from '../types/k8s.js';
import { CLUSTER_SCOPE, type Store } from '../store/store.js';
import { randomHex } from '../util/ids.js';
import { defaultWindowsUser, isWindowsImage, windowsNodeCommand, type WindowsContainer } from '../runtime/windows.js';
import { normalizeImage } from '../runtime/images.js';

export const WINNODE = '_winnode';

interface WindowsNodeRecord extends KObject {
  localGroups: string[];
}

export function isWindowsNode(store: Store, nodeName: string | undefined): boolean {
  if (!nodeName) return false;
  const node = store.get('nodes', undefined, nodeName) as Node | undefined;
  return node?.metadata.labels?.['kubernetes.io/os'] === 'windows';
}

export function localGroups(store: Store, nodeName: string): string[] {
  return (store.get(WINNODE, CLUSTER_SCOPE, nodeName) as WindowsNodeRecord | undefined)?.localGroups ?? [];
}

type WindowsOptions = { runAsUserName?: string; hostProcess?: boolean };

/** The runtime's Windows settings for container `c` of `pod` on a Windows node (container options over the pod's). */
export function windowsContainer(store: Store, pod: Pod, c: Container): WindowsContainer | undefined {
  const nodeName = pod.spec.nodeName;
  if (!isWindowsNode(store, nodeName)) return undefined;
  const podOpts = (pod.spec.securityContext?.windowsOptions ?? {}) as WindowsOptions;
  const own = (c.securityContext?.windowsOptions ?? {}) as WindowsOptions;
  const hostProcess = !!(own.hostProcess ?? podOpts.hostProcess);
  const userName = own.runAsUserName ?? podOpts.runAsUserName ?? defaultWindowsUser(c.image ?? '', hostProcess);
  return {
    userName,
    hostProcess,
    nodeName: nodeName!,
    containerId: randomHex(32),
    ...(hostProcess ? { localGroups: localGroups(store, nodeName!) } : {}),
  };
}

/** A command run on a Windows node as Administrator (`kubesim ssh`): its output, exit status, and any change to the node. */
export function runOnWindowsNode(store: Store, nodeName: string, argv: string[]): { out: string; err: string; code: number } {
  const r = windowsNodeCommand(argv, localGroups(store, nodeName));
  if (r.groups) {
    const rec: WindowsNodeRecord = { apiVersion: 'kubesim/v1', kind: 'WindowsNode', metadata: { name: nodeName }, localGroups: r.groups };
    store.put(WINNODE, rec);
  }
  return { out: r.out, err: r.err, code: r.code };
}

/**
 * A pull of an image with no variant for the node's OS (a Linux image on a Windows node, or the
 * other way round): containerd's error. Images kubesim does not know are taken to be Linux images.
 */
export function platformPullError(store: Store, nodeName: string, image: string): string | undefined {
  if (isWindowsNode(store, nodeName) === isWindowsImage(image)) return undefined;
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${normalizeImage(image)}": no match for platform in manifest: not found`;
}
