// Objects kubectl builds itself (create configmap|secret|namespace|serviceaccount,
// run), in Go struct field order so that `-o json` and the last-applied
// annotation of --save-config come out as kubectl writes them.
import type { KObject } from '../types/k8s.js';
import { goMap, toOrderedCompactJson, toOrderedJson } from './ordered-json.js';
import { LAST_APPLIED, sortedJson } from './apply.js';
import { qualifiedKind, type ResourceInfo } from '../apiserver/resources.js';
import { splitOutput } from '../printers/output.js';
import { ClientError } from './command.js';

const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];
const MAP_FIELDS = new Set(['labels', 'annotations']);

const TOP_ORDER: Record<string, string[]> = {
  ConfigMap: ['immutable', 'data', 'binaryData'],
  Secret: ['immutable', 'data', 'stringData', 'type'],
  Namespace: ['spec', 'status'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
};
const MAP_TOP = new Set(['data', 'binaryData', 'stringData']);

function ordered(src: Record<string, unknown>, order: string[], maps: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    if (!(k in src) || src[k] === undefined) continue;
    const v = src[k];
    out[k] = maps.has(k) && v && typeof v === 'object' ? goMap({ ...(v as Record<string, unknown>) }) : v;
  }
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out;
}

/** Re-orders a stored object of a kind kubectl handles as a typed struct; undefined when unknown. */
export function asTypedStruct(obj: KObject): Record<string, unknown> | undefined {
  const order = TOP_ORDER[obj.kind];
  if (!order) return undefined;
  const o = obj as unknown as Record<string, unknown>;
  const top: Record<string, unknown> = { kind: obj.kind, apiVersion: obj.apiVersion };
  top.metadata = ordered(obj.metadata as Record<string, unknown>, META_ORDER, MAP_FIELDS);
  return { ...top, ...ordered(Object.fromEntries(Object.entries(o).filter(([k]) => !['kind', 'apiVersion', 'metadata'].includes(k))), order, MAP_TOP) };
}

function meta(name: string, namespace?: string): Record<string, unknown> {
  return namespace ? { name, namespace, creationTimestamp: null } : { name, creationTimestamp: null };
}

export function configMapObject(name: string, namespace: string | undefined, data: Map<string, Buffer>, binary: Map<string, Buffer>): KObject {
  const obj: Record<string, unknown> = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, namespace) };
  if (data.size) obj.data = goMap(Object.fromEntries([...data].map(([k, v]) => [k, v.toString('utf8')])));
  if (binary.size) obj.binaryData = goMap(Object.fromEntries([...binary].map(([k, v]) => [k, v.toString('base64')])));
  return obj as unknown as KObject;
}

export function secretObject(name: string, namespace: string | undefined, data: Map<string, Buffer>, type?: string): KObject {
  const obj: Record<string, unknown> = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name, namespace) };
  if (data.size) obj.data = goMap(Object.fromEntries([...data].map(([k, v]) => [k, v.toString('base64')])));
  if (type) obj.type = type;
  return obj as unknown as KObject;
}

export function namespaceObject(name: string): KObject {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: meta(name), spec: {}, status: {} } as unknown as KObject;
}

export function serviceAccountObject(name: string, namespace: string | undefined): KObject {
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, namespace) } as unknown as KObject;
}

/** The .dockerconfigjson kubectl writes (json.Marshal of its DockerConfigJSON struct). */
export function dockerConfigJson(server: string, username: string, password: string, email: string): string {
  const entry: Record<string, unknown> = { username, password };
  if (email) entry.email = email;
  entry.auth = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return toOrderedCompactJson({ auths: goMap({ [server]: entry }) });
}

/** --save-config: the object's own JSON (struct order for typed objects) in the annotation. */
export function withSaveConfig(obj: KObject, typed: boolean): KObject {
  const text = (typed ? toOrderedCompactJson(obj) : sortedJson(obj)) + '\n';
  const m = obj.metadata as unknown as Record<string, unknown>;
  const annotations = goMap({ ...((m.annotations as Record<string, string> | undefined) ?? {}), [LAST_APPLIED]: text });
  // annotations sit after labels in ObjectMeta; rebuild the metadata in order.
  obj.metadata = ordered({ ...m, annotations }, META_ORDER, new Set(['labels'])) as KObject['metadata'];
  return obj;
}

export type DryRun = 'client' | 'server' | undefined;

/** Validates --dry-run as kubectl does. */
export function parseDryRun(v: string | undefined): DryRun {
  if (v === undefined || v === 'none' || v === 'false') return undefined;
  if (v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new ClientError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** What the printers add after `kind/name verb` for a dry run (PrintFlags' DryRunStrategy). */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** The object without metadata.managedFields (as kubectl prints objects without --show-managed-fields); the rest shared, not copied. */
export function withoutManagedFields(obj: KObject): KObject {
  const { managedFields: _mf, ...metadata } = obj.metadata as Record<string, unknown>;
  void _mf;
  return { ...obj, metadata } as KObject;
}

const SUPPORTED = new Set(['', 'yaml', 'json', 'name', 'jsonpath', 'jsonpath-as-json', 'custom-columns']);

export function validatePrintOutput(output: string | undefined): void {
  const { format } = splitOutput(output);
  const allowed = ['json', 'yaml', 'name', 'go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
  if (format !== '' && !allowed.includes(format)) {
    throw new ClientError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed.join(',')}`);
  }
  if (!SUPPORTED.has(format)) throw new ClientError(`--output ${format} is not supported by kubesim yet`);
}

/**
 * What a mutating command prints for one object: the `kind/name verb` line
 * (with the dry-run suffix), or the object itself with -o.
 */
export async function renderMutated(
  obj: KObject,
  r: ResourceInfo,
  verb: string,
  opts: { output?: string; dryRun?: DryRun; typed?: boolean },
): Promise<string> {
  const { format, arg } = splitOutput(opts.output);
  const kindName = `${qualifiedKind(r)}/${obj.metadata.name}`;
  const shown = withoutManagedFields(obj);
  switch (format) {
    case '':
      return `${kindName} ${verb}${dryRunSuffix(opts.dryRun)}\n`;
    case 'name':
      return `${kindName}\n`;
    case 'yaml': {
      const { toYaml } = await import('../printers/yaml.js');
      return toYaml(shown);
    }
    case 'json': {
      if (opts.typed) return toOrderedJson(asTypedStruct(shown) ?? shown);
      const { toJson } = await import('../printers/json.js');
      return toJson(shown);
    }
    case 'jsonpath':
    case 'jsonpath-as-json': {
      const jp = await import('../printers/jsonpath.js');
      try {
        if (format === 'jsonpath-as-json') return jp.executeJsonPathAsJson(arg, shown);
        return jp.executeJsonPath(arg, shown);
      } catch (e) {
        throw new ClientError((e as Error).message);
      }
    }
    case 'custom-columns': {
      const cc = await import('../printers/custom-columns.js');
      return cc.printCustomColumns([shown], cc.parseCustomColumns(arg), { noHeaders: false });
    }
    default:
      throw new ClientError(`--output ${format} is not supported by kubesim yet`);
  }
}
