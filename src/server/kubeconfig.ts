// The kubeconfig `kubesim serve` writes for real clients: by default a
// `kubesim-api` cluster and context in KUBESIM_HOME/kubeconfig (the current
// context stays as it is: kubesim's own CLI talks to the cluster in-process), or,
// with --kubeconfig-out, a file of its own.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { defaultKubeconfig, defaultKubeconfigPath, readKubeconfigFile, writeDefaultKubeconfig, KUBESIM_NAME, type Kubeconfig, type NamedCluster } from '../client/kubeconfig.js';

export const SERVE_CONTEXT = 'kubesim-api';

function upsert<T extends { name: string }>(list: T[] | undefined, item: T): T[] {
  const out = (list ?? []).filter((x) => x.name !== item.name);
  out.push(item);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The cluster entry of `server`, trusting `caCert` (the serving CA an HTTPS endpoint's certificate is signed by). */
function clusterEntry(server: string, caCert: string | undefined): NamedCluster['cluster'] {
  const cluster: NamedCluster['cluster'] = { server };
  if (caCert) cluster['certificate-authority-data'] = Buffer.from(caCert, 'utf8').toString('base64');
  return cluster;
}

/**
 * Adds (or updates) the cluster and context `name` (default `kubesim-api`) for
 * `server` in KUBESIM_HOME/kubeconfig. The context's user is the default one
 * (`kubesim`: the admin client certificate), which the server checks against the
 * cluster CA; client-go sends no credentials over HTTP.
 */
export async function writeServeContext(home: string, server: string, caCert?: string, name = SERVE_CONTEXT): Promise<string> {
  writeDefaultKubeconfig(home);
  const path = defaultKubeconfigPath(home);
  const cfg: Kubeconfig = await readKubeconfigFile(path);
  cfg.clusters = upsert(cfg.clusters, { name, cluster: clusterEntry(server, caCert) });
  cfg.contexts = upsert(cfg.contexts, { name, context: { cluster: name, user: KUBESIM_NAME } });
  const wasJson = readFileSync(path, 'utf8').trimStart().startsWith('{');
  if (wasJson) {
    // JSON stays JSON: kubectl reads it, and kubesim's start-up needs no YAML parser for it.
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, path);
  } else {
    const { writeKubeconfig } = await import('../client/kubeconfig-edit.js');
    await writeKubeconfig(path, cfg);
  }
  return path;
}

/**
 * Writes a kubeconfig of its own at `path` (`kubesim serve --kubeconfig-out`):
 * the default kubeconfig's shape (cluster, context and user all named `name`,
 * the admin client certificate, `name` current) pointing at `server`, so a real
 * kubectl sees what kubesim's own shows, with the serve endpoint behind it.
 */
export async function writeClientKubeconfig(path: string, server: string, caCert: string | undefined, name: string): Promise<void> {
  const base = defaultKubeconfig();
  const cfg: Kubeconfig = {
    ...base,
    clusters: [{ cluster: clusterEntry(server, caCert), name }],
    contexts: [{ context: { cluster: name, user: name }, name }],
    'current-context': name,
    users: [{ name, user: base.users![0]!.user }],
  };
  const { writeKubeconfig } = await import('../client/kubeconfig-edit.js');
  await writeKubeconfig(path, cfg);
}
