// kubeconfig files: which ones kubectl reads (--kubeconfig, then $KUBECONFIG,
// then the default), how they merge, and the current context's cluster, user and
// namespace. kubesim's default kubeconfig lives in KUBESIM_HOME.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { ADMIN_CLIENT_CERT, ADMIN_CLIENT_KEY, CLUSTER_CA_CERT } from '../cluster/ca.js';

export interface NamedCluster {
  name: string;
  cluster: { server?: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean; [k: string]: unknown };
}
export interface NamedUser {
  name: string;
  user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string; username?: string; password?: string; [k: string]: unknown };
}
export interface NamedContext {
  name: string;
  context: { cluster?: string; user?: string; namespace?: string; [k: string]: unknown };
}

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: NamedCluster[];
  contexts?: NamedContext[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  users?: NamedUser[];
  [k: string]: unknown;
}

export const KUBESIM_NAME = 'kubesim';

export function defaultKubeconfigPath(home: string): string {
  return join(home, 'kubeconfig');
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The kind-like kubeconfig of the embedded cluster. */
export function defaultKubeconfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    clusters: [
      { cluster: { 'certificate-authority-data': b64(CLUSTER_CA_CERT), server: 'https://127.0.0.1:6443' }, name: KUBESIM_NAME },
    ],
    contexts: [{ context: { cluster: KUBESIM_NAME, user: KUBESIM_NAME }, name: KUBESIM_NAME }],
    'current-context': KUBESIM_NAME,
    kind: 'Config',
    preferences: {},
    users: [
      {
        name: KUBESIM_NAME,
        user: { 'client-certificate-data': b64(ADMIN_CLIENT_CERT), 'client-key-data': b64(ADMIN_CLIENT_KEY) },
      },
    ],
  };
}

/** Writes the default kubeconfig unless one is already there. */
export function writeDefaultKubeconfig(home: string): void {
  const path = defaultKubeconfigPath(home);
  if (existsSync(path)) return;
  mkdirSync(home, { recursive: true });
  // JSON is valid YAML and kubectl reads it; it keeps start-up free of a YAML parser. Written
  // aside and renamed into place: several first commands at once on an empty home each write it,
  // and none may read a file another has created but not yet filled.
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(defaultKubeconfig(), null, 2) + '\n');
  renameSync(tmp, path);
}

/** The files kubectl would read, in precedence order, and the one it writes to. */
export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
  if (flag) return [flag];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((p) => p !== '');
  return [defaultKubeconfigPath(home)];
}

export async function parseKubeconfigText(text: string): Promise<Kubeconfig> {
  const trimmed = text.trimStart();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(text) as Kubeconfig;
    } catch {
      // fall through to YAML, which accepts more
    }
  }
  const { parseYamlDocuments } = await import('../printers/yaml.js');
  return (parseYamlDocuments(text)[0] ?? {}) as Kubeconfig;
}

export async function readKubeconfigFile(path: string): Promise<Kubeconfig> {
  if (!existsSync(path)) return {};
  return parseKubeconfigText(readFileSync(path, 'utf8'));
}

/** Merges files the way kubectl does: the first file to define a name (or current-context) wins. */
export async function loadKubeconfig(files: string[]): Promise<Kubeconfig> {
  const merged: Kubeconfig = { clusters: [], contexts: [], users: [], preferences: {} };
  for (const file of files) {
    const cfg = await readKubeconfigFile(file);
    if (cfg['current-context'] && !merged['current-context']) merged['current-context'] = cfg['current-context'];
    for (const listName of ['clusters', 'contexts', 'users'] as const) {
      const target = merged[listName] as { name: string }[];
      for (const item of (cfg[listName] ?? []) as { name: string }[]) {
        if (!target.some((t) => t.name === item.name)) target.push(item);
      }
    }
  }
  return merged;
}

export async function writeKubeconfigFile(path: string, cfg: Kubeconfig): Promise<void> {
  const { toYaml } = await import('../printers/yaml.js');
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, toYaml(cfg));
  renameSync(tmp, path);
}

export interface ResolvedContext {
  contextName: string;
  cluster?: NamedCluster;
  user?: NamedUser;
  namespace: string;
  /** True when the namespace came from -n or the context, not the default. */
  explicitNamespace: boolean;
}

export function resolveContext(cfg: Kubeconfig, opts: { context?: string; namespace?: string; cluster?: string; user?: string }): ResolvedContext {
  const contextName = opts.context || cfg['current-context'] || '';
  const ctx = cfg.contexts?.find((c) => c.name === contextName)?.context ?? {};
  const clusterName = opts.cluster || ctx.cluster;
  const userName = opts.user || ctx.user;
  const namespace = opts.namespace || ctx.namespace || 'default';
  return {
    contextName,
    cluster: cfg.clusters?.find((c) => c.name === clusterName),
    user: cfg.users?.find((u) => u.name === userName),
    namespace,
    explicitNamespace: !!(opts.namespace || ctx.namespace),
  };
}
