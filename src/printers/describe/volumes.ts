// describeVolumes (describe.md §2.2): one block per pod volume.

import type { Volume } from '../../types/k8s.js';
import { formatQty, parseQty } from './qty.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

type Src = Record<string, unknown>;

/** Go's %v of a *bool: `<nil>` when unset (a set pointer prints an address). */
const boolPtr = (b: unknown): string => (b === undefined || b === null ? '<nil>' : '0xc000a1b2c8');

export function describeVolumes(w: PrefixWriter, volumes: Volume[] | undefined, space = ''): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(w, v);
  }
}

/** The `Type:` line and details of one volume source, at LEVEL_2. */
export function describeVolumeSource(w: PrefixWriter, v: Src): void {
  const printer = Object.keys(VOLUME_PRINTERS).find((k) => v[k] !== undefined && v[k] !== null);
  if (printer) VOLUME_PRINTERS[printer](w, v[printer] as Src);
  else w.write(LEVEL_1, '<unknown>\n');
}

const lines = (w: PrefixWriter, type: string, fields: [string, unknown][]): void => {
  w.write(LEVEL_2, `Type:\t${type}\n`);
  for (const [k, val] of fields) w.write(LEVEL_2, `${k}:\t${val ?? ''}\n`);
};

const VOLUME_PRINTERS: Record<string, (w: PrefixWriter, s: Src) => void> = {
  hostPath: (w, s) =>
    lines(w, 'HostPath (bare host directory volume)', [
      ['Path', s.path],
      ['HostPathType', s.type === undefined || s.type === null ? '<none>' : s.type],
    ]),
  emptyDir: (w, s) => {
    const limit = s.sizeLimit ? formatQty(parseQty(String(s.sizeLimit))) : '';
    lines(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium', s.medium ?? ''],
      ['SizeLimit', limit && limit !== '0' && !limit.startsWith('-') ? limit : '<unset>'],
    ]);
  },
  secret: (w, s) =>
    lines(w, 'Secret (a volume populated by a Secret)', [
      ['SecretName', s.secretName],
      ['Optional', s.optional === true],
    ]),
  configMap: (w, s) =>
    lines(w, 'ConfigMap (a volume populated by a ConfigMap)', [
      ['Name', s.name],
      ['Optional', s.optional === true],
    ]),
  persistentVolumeClaim: (w, s) =>
    lines(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName', s.claimName],
      ['ReadOnly', s.readOnly === true],
    ]),
  nfs: (w, s) =>
    lines(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', s.server],
      ['Path', s.path],
      ['ReadOnly', s.readOnly === true],
    ]),
  image: (w, s) =>
    lines(w, 'Image (a container image or OCI artifact)', [
      ['Reference', s.reference],
      ['PullPolicy', s.pullPolicy],
    ]),
  downwardAPI: (w, s) => {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n');
    w.write(LEVEL_2, 'Items:\n');
    for (const item of (s.items as Src[] | undefined) ?? []) {
      const field = item.fieldRef as Src | undefined;
      const res = item.resourceFieldRef as Src | undefined;
      if (field) w.write(LEVEL_3, `${field.fieldPath} -> ${item.path}\n`);
      if (res) w.write(LEVEL_3, `${res.resource} -> ${item.path}\n`);
    }
  },
  projected: (w, s) => {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const src of (s.sources as Src[] | undefined) ?? []) describeProjection(w, src);
  },
  csi: (w, s) => {
    lines(w, 'CSI (a Container Storage Interface (CSI) volume source)', [
      ['Driver', s.driver],
      ['FSType', s.fsType ?? ''],
      ['ReadOnly', s.readOnly === true],
    ]);
    // printCSIPersistentVolumeAttributesMultiline: every fragment gets the LEVEL_2 prefix.
    const attrs = (s.volumeAttributes as Record<string, string> | undefined) ?? {};
    const keys = Object.keys(attrs).sort();
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.write(LEVEL_0, '<none>\n');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(LEVEL_2, '    \t');
      const line = `${k}=${attrs[k]}`;
      w.write(LEVEL_2, `${line.length > 140 ? line.slice(0, 140) + '...' : line}\n`);
    });
  },
  ephemeral: (w) => {
    w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  },
};

function describeProjection(w: PrefixWriter, src: Src): void {
  const secret = src.secret as Src | undefined;
  const configMap = src.configMap as Src | undefined;
  const token = src.serviceAccountToken as Src | undefined;
  if (secret) {
    w.write(LEVEL_2, `SecretName:\t${secret.name ?? ''}\n`);
    w.write(LEVEL_2, `SecretOptionalName:\t${boolPtr(secret.optional)}\n`);
  } else if (src.downwardAPI) {
    w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
  } else if (configMap) {
    w.write(LEVEL_2, `ConfigMapName:\t${configMap.name ?? ''}\n`);
    w.write(LEVEL_2, `ConfigMapOptional:\t${boolPtr(configMap.optional)}\n`);
  } else if (token) {
    w.write(LEVEL_2, `TokenExpirationSeconds:\t${token.expirationSeconds ?? 3600}\n`);
  }
}
