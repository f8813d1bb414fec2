// `kubectl kustomize DIR` and `-k DIR`: the part of kustomize v5.5.0 (the one kubectl v1.32 embeds)
// that kubesim models: resources (files and kustomization directories), configMapGenerator and
// secretGenerator (literals, files, envs; options; the content-hash name suffix), generatorOptions,
// namespace, labels (without selectors), the name references from pod specs to generated objects,
// and the legacy output order. Every other kustomization field is refused as not supported.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import { readManifests, type Manifest } from './manifests.js';
import { resourceForKind } from '../apiserver/resources.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Every field a kustomization may have (unknown ones are an error, as in kustomize). */
const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements', 'replicas', 'vars', 'sortOptions',
  'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator',
  'generatorOptions', 'configurations', 'generators', 'transformers', 'validators', 'buildMetadata',
]);
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'configMapGenerator', 'secretGenerator', 'generatorOptions']);

interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GeneratorOptions;
}

interface Label {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: unknown;
}

interface Kustomization {
  namespace?: string;
  labels?: Label[];
  resources?: string[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
}

const unsupported = (what: string) => new ClientError(`${what} is not supported by kubesim yet`);

/** The objects `kustomize build DIR` emits, in its output order. */
export async function kustomizeBuild(dir: string): Promise<KObject[]> {
  const objects = await build(dir);
  return legacySort(objects);
}

/** `-k DIR` as manifests (kubectl names the directory as their source). */
export async function kustomizeManifests(dir: string): Promise<Manifest[]> {
  return (await kustomizeBuild(dir)).map((object) => ({ object, source: dir }));
}

function evalSymlinkError(path: string): string {
  return `evalsymlink failure on '${path}' : lstat ${resolve(path)}: no such file or directory`;
}

async function readKustomization(dir: string): Promise<Kustomization> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ClientError(`must build at directory: not a valid directory: ${evalSymlinkError(dir)}`);
  }
  const file = KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) {
    throw new ClientError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${resolve(dir)}'`);
  }
  const text = readFileSync(file, 'utf8');
  const { parseYamlDocuments } = await import('../printers/yaml.js');
  const docs = parseYamlDocuments(text).filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) throw new ClientError(`${basename(file)} is empty`);
  const k = docs[0] as Record<string, unknown>;
  if (typeof k !== 'object' || Array.isArray(k)) throw new ClientError(`invalid Kustomization: ${basename(file)} is not a mapping`);
  for (const key of Object.keys(k)) {
    if (!KNOWN_FIELDS.has(key)) throw new ClientError(`invalid Kustomization: json: unknown field ${JSON.stringify(key)}`);
    if (!SUPPORTED_FIELDS.has(key)) throw unsupported(`the kustomization field ${JSON.stringify(key)}`);
  }
  return k as Kustomization;
}

async function build(dir: string): Promise<KObject[]> {
  const k = await readKustomization(dir);
  const objects: KObject[] = [];
  for (const r of k.resources ?? []) {
    if (/^[a-z]+:\/\//.test(r) || r.startsWith('git@') || r.startsWith('github.com/')) throw unsupported('kustomize remote resources');
    const path = join(dir, r);
    if (!existsSync(path)) {
      throw new ClientError(`accumulating resources: accumulation err='accumulating resources from '${r}': ${evalSymlinkError(path)}': must build at directory: not a valid directory: ${evalSymlinkError(path)}`);
    }
    if (statSync(path).isDirectory()) objects.push(...(await build(path)));
    else objects.push(...(await readManifests([path])).map((m) => m.object));
  }
  const generated: { object: KObject; baseName: string }[] = [];
  for (const g of k.configMapGenerator ?? []) generated.push(generate('ConfigMap', dir, g, k.generatorOptions));
  for (const g of k.secretGenerator ?? []) generated.push(generate('Secret', dir, g, k.generatorOptions));
  objects.push(...generated.map((g) => g.object));
  fixNameReferences(objects, generated);
  if (k.namespace) setNamespace(objects, k.namespace);
  for (const l of k.labels ?? []) addLabels(objects, l);
  return objects;
}

// ---------------------------------------------------------------- generators

function mergeOptions(global: GeneratorOptions | undefined, own: GeneratorOptions | undefined): GeneratorOptions {
  return {
    labels: { ...(global?.labels ?? {}), ...(own?.labels ?? {}) },
    annotations: { ...(global?.annotations ?? {}), ...(own?.annotations ?? {}) },
    disableNameSuffixHash: own?.disableNameSuffixHash ?? global?.disableNameSuffixHash ?? false,
    immutable: own?.immutable ?? global?.immutable ?? false,
  };
}

function removeQuotes(s: string): string {
  if (s.length === 0 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const KEY_NAME = /^[-._a-zA-Z0-9]+$/;

function loadFile(dir: string, what: string, sources: string[], path: string): Buffer {
  const full = join(dir, path);
  if (!existsSync(full)) throw new ClientError(`loading KV pairs: ${what}: [${sources.join(' ')}]: ${evalSymlinkError(full)}`);
  return readFileSync(full);
}

/** kustomize's kv loader: env files, then literals, then files, each key once. */
function pairs(kind: string, dir: string, g: GeneratorArgs): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const envs = [...(g.envs ?? []), ...(g.env ? [g.env] : [])];
  for (const p of envs) {
    const lines = loadFile(dir, 'env source files', envs, p).toString('utf8').split(/\r?\n/);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((raw, i) => {
      let line = i === 0 ? raw.replace(/^\uFEFF/, '') : raw;
      line = line.replace(/^\s+/, '');
      if (!line || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!ENV_NAME.test(key)) {
        throw new ClientError(`loading KV pairs: env source files: [${envs.join(' ')}]: "${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`);
      }
      out.push([key, Buffer.from(eq < 0 ? '' : line.slice(eq + 1), 'utf8')]);
    });
  }
  for (const lit of g.literals ?? []) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new ClientError(`loading KV pairs: literal sources [${(g.literals ?? []).join(' ')}]: invalid literal source ${lit}, expected key=value`);
    out.push([lit.slice(0, eq), Buffer.from(removeQuotes(lit.slice(eq + 1)), 'utf8')]);
  }
  for (const src of g.files ?? []) {
    const eq = src.indexOf('=');
    let key: string;
    let path: string;
    if (eq < 0) [key, path] = [posix.basename(src), src];
    else if (eq === 0) throw new ClientError(`loading KV pairs: file sources: [${(g.files ?? []).join(' ')}]: missing key name for file path "${src.slice(1)}" in source "${src}"`);
    else [key, path] = [src.slice(0, eq), src.slice(eq + 1)];
    if (/^https?:\/\//.test(path)) throw unsupported('kustomize remote file sources');
    out.push([key, loadFile(dir, 'file sources', g.files ?? [], path)]);
  }
  const seen = new Set<string>();
  for (const [key] of out) {
    if (!KEY_NAME.test(key)) {
      throw new ClientError(`"${key}" is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    }
    if (seen.has(key)) throw new ClientError(`${kind.toLowerCase()} ${g.name} illegally repeats the key \`${key}\``);
    seen.add(key);
  }
  return out;
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

function generate(kind: 'ConfigMap' | 'Secret', dir: string, g: GeneratorArgs, global: GeneratorOptions | undefined): { object: KObject; baseName: string } {
  if (!g.name) throw new ClientError('a configmap must have a name');
  if (g.behavior && g.behavior !== 'create') throw unsupported(`kustomize generator behavior "${g.behavior}"`);
  const opts = mergeOptions(global, g.options);
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind };
  const metadata: Record<string, unknown> = { name: g.name };
  if (g.namespace) metadata.namespace = g.namespace;
  obj.metadata = metadata;
  const kv = pairs(kind, dir, g);
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  if (kind === 'ConfigMap') {
    for (const [k, v] of kv) {
      if (isUtf8(v)) data[k] = v.toString('utf8');
      else binaryData[k] = v.toString('base64');
    }
  } else {
    for (const [k, v] of kv) data[k] = v.toString('base64');
    obj.type = g.type || 'Opaque';
  }
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binaryData).length) obj.binaryData = binaryData;
  if (Object.keys(opts.labels ?? {}).length) metadata.labels = { ...opts.labels };
  if (Object.keys(opts.annotations ?? {}).length) metadata.annotations = { ...opts.annotations };
  if (opts.immutable) obj.immutable = true;
  if (!opts.disableNameSuffixHash) metadata.name = `${g.name}-${contentHash(obj)}`;
  return { object: obj as unknown as KObject, baseName: g.name };
}

/** Go's json.Marshal of a string (HTML characters and U+2028/9 escaped). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's json.Marshal of maps of strings: keys sorted bytewise. */
function goJson(v: unknown): string {
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  const keys = Object.keys(v as object).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * kustomize's hasher: sha256 of the JSON of kind, name, data (and type / binaryData), ten characters.
 * The name kustomize v5.5.0 hashes is always empty (checked against kubectl v1.32's kustomize: the
 * older kustomize that hashed the real name gave the c92b5mmcf2-style suffixes of the docs).
 */
function contentHash(obj: Record<string, unknown>): string {
  const m: Record<string, unknown> = { kind: obj.kind, name: '', data: obj.data ?? '' };
  if (obj.kind === 'ConfigMap' && obj.binaryData) m.binaryData = obj.binaryData;
  if (obj.kind === 'Secret') m.type = obj.type ?? '';
  const hex = createHash('sha256').update(goJson(m), 'utf8').digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

// ---------------------------------------------------------------- transformers

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

function podSpecs(o: J): J[] {
  if (o.kind === 'Pod') return o.spec ? [o.spec] : [];
  if (TEMPLATE_KINDS.has(o.kind)) return o.spec?.template?.spec ? [o.spec.template.spec] : [];
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec ? [o.spec.jobTemplate.spec.template.spec] : [];
  if (o.kind === 'PodTemplate') return o.template?.spec ? [o.template.spec] : [];
  return [];
}

function templateMetas(o: J): J[] {
  const t = TEMPLATE_KINDS.has(o.kind) ? o.spec?.template : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : undefined;
  if (!t) return [];
  t.metadata ??= {};
  return [t.metadata];
}

/** Points the pod specs' (and ServiceAccounts') references to generated objects at their hashed names. */
function fixNameReferences(objects: KObject[], generated: { object: KObject; baseName: string }[]): void {
  const renamed = (kind: string, ns: string | undefined, name: string | undefined): string | undefined => {
    if (!name) return undefined;
    const g = generated.find((x) => x.object.kind === kind && x.baseName === name && (x.object.metadata.namespace ?? '') === (ns ?? ''));
    return g && g.object.metadata.name !== name ? g.object.metadata.name : undefined;
  };
  const fix = (holder: J | undefined, key: string, kind: string, ns: string | undefined) => {
    if (!holder) return;
    const n = renamed(kind, ns, holder[key]);
    if (n) holder[key] = n;
  };
  for (const o of objects as unknown as J[]) {
    const ns = o.metadata?.namespace;
    if (o.kind === 'ServiceAccount') for (const s of o.imagePullSecrets ?? []) fix(s, 'name', 'Secret', ns);
    for (const spec of podSpecs(o)) {
      for (const s of spec.imagePullSecrets ?? []) fix(s, 'name', 'Secret', ns);
      for (const v of spec.volumes ?? []) {
        fix(v.configMap, 'name', 'ConfigMap', ns);
        fix(v.secret, 'secretName', 'Secret', ns);
        for (const src of v.projected?.sources ?? []) {
          fix(src.configMap, 'name', 'ConfigMap', ns);
          fix(src.secret, 'name', 'Secret', ns);
        }
      }
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
        for (const e of c.env ?? []) {
          fix(e.valueFrom?.configMapKeyRef, 'name', 'ConfigMap', ns);
          fix(e.valueFrom?.secretKeyRef, 'name', 'Secret', ns);
        }
        for (const e of c.envFrom ?? []) {
          fix(e.configMapRef, 'name', 'ConfigMap', ns);
          fix(e.secretRef, 'name', 'Secret', ns);
        }
      }
    }
  }
}

function isClusterScoped(o: KObject): boolean {
  const r = resourceForKind(o.apiVersion, o.kind);
  return r ? !r.namespaced : false;
}

function setNamespace(objects: KObject[], namespace: string): void {
  for (const o of objects) {
    if (o.kind === 'Namespace') {
      o.metadata.name = namespace;
      continue;
    }
    if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      const subjects = (o as unknown as J).subjects as J[] | undefined;
      if (subjects?.some((s) => s.kind === 'ServiceAccount')) throw unsupported('kustomize namespace on role bindings to service accounts');
    }
    if (isClusterScoped(o)) continue;
    o.metadata.namespace = namespace;
  }
}

function addLabels(objects: KObject[], l: Label): void {
  if (l.includeSelectors) throw unsupported('kustomize labels with includeSelectors');
  if (l.fields) throw unsupported('kustomize labels with fields');
  const pairs = Object.entries(l.pairs ?? {}).map(([k, v]) => [k, String(v)] as const);
  for (const o of objects as unknown as J[]) {
    o.metadata.labels = { ...(o.metadata.labels ?? {}), ...Object.fromEntries(pairs) };
    if (l.includeTemplates) for (const m of templateMetas(o)) m.labels = { ...(m.labels ?? {}), ...Object.fromEntries(pairs) };
  }
}

// ---------------------------------------------------------------- output order

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding',
  'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function typeOrder(kind: string): number {
  const i = ORDER_FIRST.indexOf(kind);
  if (i >= 0) return i - ORDER_FIRST.length;
  const j = ORDER_LAST.indexOf(kind);
  return j >= 0 ? j + 1 : 0;
}

function gvkSortString(o: KObject): string {
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  const version = slash < 0 ? o.apiVersion : o.apiVersion.slice(slash + 1);
  return [group || '~G', version || '~V', o.kind || '~K'].join('_');
}

/** kustomize's legacy order: by kind (namespaces first, webhooks last), then group/version/kind, then namespace and name. */
function legacySort(objects: KObject[]): KObject[] {
  const less = (a: KObject, b: KObject): number => {
    const [ta, tb] = [typeOrder(a.kind), typeOrder(b.kind)];
    if (ta !== tb) return ta - tb;
    const [ga, gb] = [gvkSortString(a), gvkSortString(b)];
    if (ga !== gb) return ga < gb ? -1 : 1;
    const ka = `${a.metadata.namespace ?? ''}|${a.metadata.name ?? ''}`;
    const kb = `${b.metadata.namespace ?? ''}|${b.metadata.name ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  return [...objects].sort(less);
}
