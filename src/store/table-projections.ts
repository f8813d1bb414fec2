// Table projections: what a `kubectl get` table of a resource reads of each object, kept beside
// its shards (state/tables/<resource>/<namespace>.json) so that a table of a big list parses a
// third of the bytes. `get pods -A` over 30,000 pods spends most of its time in JSON.parse of the
// pod shards (~3 KB a pod: defaulted tolerations, the projected token volume, each container's
// settings, the image IDs...), of which the table prints a few fields (docs/performance.md).
//
// A projection must keep every field the resource's table printer reads, in normal and wide
// output, with --show-labels and -L, and what the label selector and the store's overlays (parked
// crash loops derive a pod's status) read: test/unit/table-projections.test.ts lays the tables out
// from whole and projected objects alike. This module is pure; the store writes and reads the files.
import type { Condition, Container, ContainerStatus, KObject, Pod, PodStatus } from '../types/k8s.js';

/** A pod as its table row reads it (src/printers/tables.ts podRow, src/printers/pod-status.ts). */
function podForTable(obj: KObject): KObject {
  const pod = obj as Pod;
  const md = pod.metadata;
  const containers = (list: Container[] | undefined) => list?.map((c) => (c.restartPolicy === undefined ? { name: c.name } : { name: c.name, restartPolicy: c.restartPolicy }));
  const spec: Record<string, unknown> = { containers: containers(pod.spec?.containers) ?? [] };
  if (pod.spec?.initContainers) spec.initContainers = containers(pod.spec.initContainers);
  if (pod.spec?.nodeName !== undefined) spec.nodeName = pod.spec.nodeName;
  if (pod.spec?.readinessGates) spec.readinessGates = pod.spec.readinessGates;
  const metadata: Record<string, unknown> = { name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion, creationTimestamp: md.creationTimestamp };
  if (md.labels) metadata.labels = md.labels;
  if (md.deletionTimestamp) metadata.deletionTimestamp = md.deletionTimestamp;
  if (md.deletionGracePeriodSeconds !== undefined) metadata.deletionGracePeriodSeconds = md.deletionGracePeriodSeconds;
  return { apiVersion: pod.apiVersion, kind: pod.kind, metadata, spec, ...(pod.status ? { status: podStatusForTable(pod.status) } : {}) } as KObject;
}

/** The status less what no pod table shows: addresses of the host, QoS class, start time, images and container IDs. */
function podStatusForTable(status: PodStatus): PodStatus {
  const { hostIP: _hostIP, hostIPs: _hostIPs, qosClass: _qos, startTime: _start, ...kept } = status;
  const containers = (list: ContainerStatus[] | undefined) =>
    list?.map(({ image: _image, imageID: _imageID, containerID: _id, volumeMounts: _mounts, allocatedResources: _alloc, resources: _res, user: _user, ...c }) => c as ContainerStatus);
  if (kept.containerStatuses) kept.containerStatuses = containers(kept.containerStatuses);
  if (kept.initContainerStatuses) kept.initContainerStatuses = containers(kept.initContainerStatuses);
  if (kept.ephemeralContainerStatuses) kept.ephemeralContainerStatuses = containers(kept.ephemeralContainerStatuses);
  if (kept.conditions) kept.conditions = kept.conditions.map(({ lastProbeTime: _probe, ...c }) => c as Condition);
  return kept;
}

/** The resources whose shards have table projections, by storage key. */
export const TABLE_PROJECTIONS: ReadonlyMap<string, (obj: KObject) => KObject> = new Map([['pods', podForTable]]);
