// kubectl diff (pkg/cmd/diff, client-side apply): each object of the files as it is live and as
// `kubectl apply` would leave it (the apply patch sent with dryRun, or a dry-run create), printed
// as YAML into a LIVE and a MERGED directory for the diff program. Secret data is masked.
import type { ClusterSession } from '../cluster/session.js';
import type { KObject } from '../types/k8s.js';
import { toYaml } from '../printers/yaml.js';
import { matchesLabelSelector, parseLabelSelector } from '../apiserver/selectors.js';
import { StatusError } from '../apiserver/errors.js';
import type { ResourceInfo } from '../apiserver/resources.js';
import { applyObject, placeInNamespace, resourceOrFail } from './apply.js';
import { withoutManagedFields } from './generated.js';
import type { Manifest } from './manifests.js';

/** One object: its file name in both directories, and its two versions (no live one when it is new). */
export interface DiffPair {
  file: string;
  live?: KObject;
  merged: KObject;
}

/** InfoObject.Name(): `[group.]version.Kind.namespace.name`. */
export function diffFileName(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return `${r.group ? `${r.group}.` : ''}${r.version}.${r.kind}.${r.namespaced ? (namespace ?? '') : ''}.${name}`;
}

/** The live and merged versions of each manifest object (those matching `selector`, when given). */
export function diffPairs(s: ClusterSession, manifests: Manifest[], namespace: string, explicit: boolean, selector?: string): { pairs: DiffPair[]; warnings: string[] } {
  const wanted = selector ? parseLabelSelector(selector) : undefined;
  const pairs: DiffPair[] = [];
  const warnings: string[] = [];
  for (const m of manifests) {
    if (wanted && !matchesLabelSelector(wanted, m.object.metadata.labels)) continue;
    const r = resourceOrFail(m.object, m.source, namespace);
    placeInNamespace(m.object, r, namespace, explicit);
    const { namespace: ns, name } = m.object.metadata;
    let live: KObject | undefined;
    try {
      live = s.api.get(r, ns, name!);
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
    }
    const merged = applyObject(s.api, r, m.object, { dryRun: true, annotate: false }).object;
    pairs.push({ file: diffFileName(r, ns, name!), live, merged });
    // apply.WarnIfDeleting
    if (live?.metadata.deletionTimestamp) warnings.push(`Warning: Detected changes to resource ${name} which is currently being deleted.`);
  }
  return { pairs, warnings };
}

const MASK = '***';

/** The Masker: a v1 Secret's data values never reach the diff, only whether each changed. */
export function maskSecretData(pair: DiffPair): DiffPair {
  if (pair.merged.apiVersion !== 'v1' || pair.merged.kind !== 'Secret') return pair;
  const from = (pair.live as { data?: Record<string, string> } | undefined)?.data;
  const to = (pair.merged as { data?: Record<string, string> }).data;
  const maskedFrom = from && Object.fromEntries(Object.entries(from).map(([k, v]) => [k, to && k in to && to[k] !== v ? `${MASK} (before)` : MASK]));
  const maskedTo = to && Object.fromEntries(Object.entries(to).map(([k, v]) => [k, from && k in from && from[k] !== v ? `${MASK} (after)` : MASK]));
  return {
    file: pair.file,
    live: pair.live && (maskedFrom ? { ...pair.live, data: maskedFrom } : pair.live),
    merged: maskedTo ? { ...pair.merged, data: maskedTo } : pair.merged,
  } as DiffPair;
}

/** A version's file: the object as YAML, or empty when there is none (a new object's LIVE file). */
export function diffFileText(obj: KObject | undefined): string {
  return obj ? toYaml(withoutManagedFields(obj)) : '';
}
