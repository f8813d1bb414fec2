// CustomResourceDefinitions (apiextensions-apiserver): the CRD strategy, and the
// generic serving of the resources they define. Creating or updating a CRD
// registers its resource in the discovery table (resources.ts), its storage
// strategy and its table printer; later invocations find the stored CRDs again
// through the discovery hook, so a custom resource is known whenever its CRD is.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KObject } from '../types/k8s.js';
import { CLUSTER_SCOPE, type Store } from '../store/store.js';
import { rfc3339 } from '../util/duration.js';
import { invalid, type FieldCause } from './errors.js';
import { RESOURCES, isBuiltIn, registerResource, setCustomResourceDiscovery, storageKey, type ResourceInfo } from './resources.js';
import { baseStrategy, registerStrategy, type Strategy } from './strategies.js';
import { invalidValue, required, validateObjectMeta } from './validation.js';
import { ageCell, registerPrinter, type Printer } from '../printers/tables.js';
import { evaluateJsonPathValues, goSprint } from '../printers/jsonpath.js';

export const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  additionalPrinterColumns?: PrinterColumn[];
  schema?: { openAPIV3Schema?: unknown };
  subresources?: { status?: object; scale?: object };
}

export interface CrdSpec {
  group: string;
  names: { kind: string; plural: string; singular?: string; shortNames?: string[]; listKind?: string; categories?: string[] };
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
  conversion?: { strategy?: string };
}

export type Crd = KObject & { spec: CrdSpec };

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Kubernetes' version priority: GA before beta before alpha, then the higher number; others last, by name. */
export function versionPriority(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return { rank: 3, major: 0, minor: 0 };
    return { rank: m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0, major: Number(m[1]), minor: Number(m[3] ?? 0) };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.rank !== y.rank) return x.rank - y.rank;
  if (x.rank === 3) return a < b ? -1 : a > b ? 1 : 0;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}

function servedVersions(crd: Crd): CrdVersion[] {
  return (crd.spec.versions ?? []).filter((v) => v.served !== false).sort((a, b) => versionPriority(a.name, b.name));
}

/** The resource a CRD defines (its preferred version first). */
export function crdResource(crd: Crd): ResourceInfo | undefined {
  const served = servedVersions(crd);
  const names = crd.spec.names;
  if (!served.length || !names?.plural || !names.kind) return undefined;
  return {
    name: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    group: crd.spec.group,
    version: served[0]!.name,
    versions: served.map((v) => v.name),
    namespaced: crd.spec.scope !== 'Cluster',
    kind: names.kind,
    verbs: CRUD,
    ...(names.categories?.length ? { categories: names.categories } : {}),
    served: true,
  };
}

/** Custom objects: names are DNS subdomains (or path segments for some), generation is tracked, status is kept on update. */
const customResourceStrategy: Strategy = {
  ...baseStrategy(),
  tracksGeneration: true,
};

function printerFor(crd: Crd, r: ResourceInfo): Printer | undefined {
  const version = crd.spec.versions.find((v) => v.name === r.version);
  const columns = version?.additionalPrinterColumns ?? [];
  if (!columns.length) return undefined;
  return {
    columns: [{ name: 'NAME', priority: 0 }, ...columns.map((c) => ({ name: c.name.toUpperCase(), priority: c.priority ?? 0 }))],
    row: (obj, now) => [obj.metadata.name ?? '', ...columns.map((c) => cell(obj, c, now))],
  };
}

function cell(obj: KObject, c: PrinterColumn, now: number): string {
  let values: unknown[];
  try {
    values = evaluateJsonPathValues(`{${c.jsonPath}}`, obj)[0] ?? [];
  } catch {
    return '<none>';
  }
  if (!values.length || values[0] === undefined || values[0] === null) return '<none>';
  const v = values[0];
  if (c.type === 'date' && typeof v === 'string') return ageCell(v, now);
  return typeof v === 'object' ? JSON.stringify(v) : goSprint(v);
}

/** Makes the CRD's resource known to this process: discovery, storage strategy, table printer. */
export function serveCustomResource(crd: Crd): ResourceInfo | undefined {
  const r = crdResource(crd);
  if (!r) return undefined;
  const at = RESOURCES.findIndex((x) => x.name === r.name && x.group === r.group);
  if (at >= 0) RESOURCES[at] = r;
  else registerResource(r);
  registerStrategy(r.kind, customResourceStrategy);
  registerPrinter(r.kind, printerFor(crd, r));
  return r;
}

function stopServing(crd: Crd): void {
  const r = crdResource(crd);
  if (!r) return;
  const at = RESOURCES.findIndex((x) => x.name === r.name && x.group === r.group);
  if (at >= 0) RESOURCES.splice(at, 1);
  registerPrinter(r.kind, undefined);
}

function validateCrd(crd: Crd): FieldCause[] {
  const out = validateObjectMeta(crd, false);
  const spec = crd.spec ?? ({} as CrdSpec);
  const names = spec.names ?? ({} as CrdSpec['names']);
  if (!spec.group) out.push(required('spec.group'));
  else if (!spec.group.includes('.')) out.push(invalidValue('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!names.plural) out.push(required('spec.names.plural'));
  if (!names.kind) out.push(required('spec.names.kind'));
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    out.push(spec.scope ? { field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"` } : required('spec.scope'));
  }
  if (names.plural && spec.group && crd.metadata.name !== `${names.plural}.${spec.group}`) {
    out.push(invalidValue('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  const versions = spec.versions ?? [];
  if (!versions.length) out.push(invalidValue('spec.versions', null, 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage).length !== 1) {
    out.push(invalidValue('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
  }
  return out;
}

function crdStatus(crd: Crd, now: number, old?: Crd): KObject['status'] {
  const names = crd.spec.names;
  const at = rfc3339(now);
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const previous = (old?.status as { storedVersions?: string[]; conditions?: unknown[] } | undefined) ?? {};
  const stored = [...(previous.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return {
    acceptedNames: {
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular || names.kind.toLowerCase(),
      ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
      ...(names.categories?.length ? { categories: names.categories } : {}),
    },
    conditions: previous.conditions ?? [
      { lastTransitionTime: at, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: at, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: stored,
  };
}

function defaultCrd(crd: Crd): void {
  const spec = crd.spec;
  if (!spec?.names) return;
  spec.names.singular ||= spec.names.kind?.toLowerCase();
  spec.names.listKind ||= `${spec.names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
}

const crdStrategy: Strategy = {
  ...baseStrategy(),
  tracksGeneration: true,
  prepareForCreate(obj, api) {
    defaultCrd(obj as Crd);
    if ((obj as Crd).spec?.names) obj.status = crdStatus(obj as Crd, api.now);
  },
  validateCreate(obj) {
    const causes = validateCrd(obj as Crd);
    if (causes.length) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
    serveCustomResource(obj as Crd);
  },
  prepareForUpdate(obj, old, api) {
    defaultCrd(obj as Crd);
    if ((obj as Crd).spec?.names) obj.status = crdStatus(obj as Crd, api.now, old as Crd);
  },
  validateUpdate(obj) {
    const causes = validateCrd(obj as Crd);
    if (causes.length) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
    serveCustomResource(obj as Crd);
  },
  // Deleting a CRD deletes every object of its resource (the customresourcecleanup finalizer's work).
  validateDelete(obj, api) {
    const r = crdResource(obj as Crd);
    if (r) {
      const key = storageKey(r);
      for (const o of api.store.list(key)) api.store.remove(key, o.metadata.namespace, o.metadata.name!);
    }
    stopServing(obj as Crd);
  },
};

registerStrategy('CustomResourceDefinition', crdStrategy);

/** Serves every stored CRD's resource; discovery calls it when a resource name is not known yet. */
function serveAll(crds: KObject[]): void {
  for (const crd of crds) if (!crd.metadata.deletionTimestamp) serveCustomResource(crd as Crd);
}

/** Inside a session: discovery reads the CRDs from the open store. */
export function discoverFromStore(store: Store): void {
  setCustomResourceDiscovery(() => serveAll(store.list(CRD_KEY, '')));
}

/** The CRDs committed to disk (none when the shard is missing or damaged: the session reports that). */
function committedCrds(stateDir: string): KObject[] {
  const file = join(stateDir, 'objects', CRD_KEY, `${CLUSTER_SCOPE}.json`);
  if (!existsSync(file)) return [];
  try {
    return Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, KObject>);
  } catch {
    return [];
  }
}

/** Before a session (resolving what the user typed): discovery reads the committed CRDs from disk. */
export function discoverFromDisk(stateDir: string): void {
  setCustomResourceDiscovery(() => serveAll(committedCrds(stateDir)));
}

/**
 * Makes this process's custom resources those of the CRDs committed now: a long-lived process
 * (kubesim serve) sees the CRDs other processes created or deleted since it started.
 */
export function syncCustomResourcesFromDisk(stateDir: string): void {
  const live = committedCrds(stateDir).filter((crd) => !crd.metadata.deletionTimestamp) as Crd[];
  const current = new Set(live.map(crdResource).filter((r) => r !== undefined).map((r) => `${r.name}.${r.group}`));
  for (let i = RESOURCES.length - 1; i >= 0; i--) {
    const r = RESOURCES[i]!;
    if (isBuiltIn(r) || current.has(`${r.name}.${r.group}`)) continue;
    RESOURCES.splice(i, 1);
    registerPrinter(r.kind, undefined);
  }
  serveAll(live);
}
