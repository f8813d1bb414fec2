// `kubectl config`: reading, editing and writing kubeconfig files the way
// clientcmd does it: several files merged (first definition wins), each edit
// written back to the file that defines the entry (else the default file),
// lists sorted by name, secrets shortened in `view`.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Kubeconfig } from './kubeconfig.js';
import { parseYamlDocuments } from '../printers/yaml.js';
import { ClientError } from './command.js';
import { goMap } from './ordered-json.js';

export type ListName = 'clusters' | 'contexts' | 'users';
export const ENTRY_KEY: Record<ListName, string> = { clusters: 'cluster', contexts: 'context', users: 'user' };

interface Named {
  name: string;
  [k: string]: unknown;
}

interface LoadedFile {
  path: string;
  exists: boolean;
  cfg: Kubeconfig;
  dirty: boolean;
}

const PATH_FIELDS: Record<ListName, string[]> = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'tokenFile'],
  contexts: [],
};

export class KubeconfigSet {
  private constructor(
    readonly files: LoadedFile[],
    readonly explicit: boolean,
  ) {}

  static async load(paths: string[], explicit: boolean): Promise<KubeconfigSet> {
    const files: LoadedFile[] = [];
    for (const path of paths) {
      const exists = existsSync(path);
      let cfg: Kubeconfig = {};
      if (exists) {
        try {
          cfg = parseConfigText(readFileSync(path, 'utf8'));
        } catch (e) {
          throw new ClientError(`Error in configuration: ${(e as Error).message}`, 1, true);
        }
      }
      files.push({ path, exists, cfg, dirty: false });
    }
    return new KubeconfigSet(files, explicit);
  }

  /** GetDefaultFilename: the explicit file, else the first existing file, else the first one. */
  defaultFile(): LoadedFile {
    if (this.explicit) return this.files[0]!;
    return this.files.find((f) => f.exists) ?? this.files[0]!;
  }

  private fileDefining(list: ListName, name: string): LoadedFile | undefined {
    return this.files.find((f) => ((f.cfg[list] ?? []) as unknown as Named[]).some((i) => i.name === name));
  }

  /** The merged view: first file to define a name (or current-context) wins. */
  merged(): Kubeconfig {
    const out: Kubeconfig = { clusters: [], contexts: [], users: [] };
    for (const f of this.files) {
      if (f.cfg['current-context'] && !out['current-context']) out['current-context'] = f.cfg['current-context'];
      for (const list of ['clusters', 'contexts', 'users'] as const) {
        const target = out[list] as unknown as Named[];
        for (const item of (f.cfg[list] ?? []) as unknown as Named[]) {
          if (!target.some((t) => t.name === item.name)) target.push(structuredClone(item));
        }
      }
    }
    return out;
  }

  get(list: ListName, name: string): Record<string, unknown> | undefined {
    const item = ((this.merged()[list] ?? []) as unknown as Named[]).find((i) => i.name === name);
    return item ? ((item[ENTRY_KEY[list]] as Record<string, unknown> | undefined) ?? {}) : undefined;
  }

  names(list: ListName): string[] {
    return ((this.merged()[list] ?? []) as unknown as Named[]).map((i) => i.name);
  }

  currentContext(): string {
    return this.merged()['current-context'] ?? '';
  }

  /** Sets (creates or replaces) an entry in the file that defines it, else the default file. */
  put(list: ListName, name: string, body: Record<string, unknown>): void {
    const file = this.fileDefining(list, name) ?? this.defaultFile();
    const items = ((file.cfg[list] ?? []) as unknown as Named[]).filter((i) => i.name !== name);
    items.push({ name, [ENTRY_KEY[list]]: body });
    file.cfg[list] = items as never;
    file.dirty = true;
  }

  remove(list: ListName, name: string): boolean {
    const file = this.fileDefining(list, name);
    if (!file) return false;
    file.cfg[list] = ((file.cfg[list] ?? []) as unknown as Named[]).filter((i) => i.name !== name) as never;
    file.dirty = true;
    return true;
  }

  /** writeCurrentContext: nothing if a file already says so, else the default file. */
  setCurrentContext(name: string): void {
    if (this.explicit) {
      const f = this.files[0]!;
      f.cfg['current-context'] = name;
      f.dirty = true;
      return;
    }
    if (this.files.some((f) => f.exists && (f.cfg['current-context'] ?? '') === name) && name !== '') return;
    const f = this.files.find((x) => x.cfg['current-context']) ?? this.defaultFile();
    f.cfg['current-context'] = name;
    f.dirty = true;
  }

  async save(): Promise<void> {
    for (const f of this.files) if (f.dirty) await writeKubeconfig(f.path, f.cfg);
  }
}

/** A kubeconfig as clientcmd serializes it (lists sorted by name, empty lists null). */
export function normalizeForWrite(cfg: Kubeconfig, fileDir?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: 'v1' };
  for (const list of ['clusters', 'contexts', 'users'] as const) {
    const items = [...((cfg[list] ?? []) as unknown as Named[])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out[list] = items.length
      ? items.map((i) => {
          const body = { ...((i[ENTRY_KEY[list]] as Record<string, unknown> | undefined) ?? {}) };
          if (list === 'contexts') {
            body.cluster = body.cluster ?? '';
            body.user = body.user ?? '';
          }
          if (list === 'clusters') body.server = body.server ?? '';
          return { [ENTRY_KEY[list]]: body, name: i.name };
        })
      : null;
  }
  out['current-context'] = cfg['current-context'] ?? '';
  out.kind = 'Config';
  out.preferences = cfg.preferences ?? {};
  return out;
}

export async function writeKubeconfig(path: string, cfg: Kubeconfig): Promise<void> {
  const { toYaml } = await import('../printers/yaml.js');
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, toYaml(normalizeForWrite(cfg, dir)), { mode: 0o600 });
  renameSync(tmp, path);
}

function parseConfigText(text: string): Kubeconfig {
  if (text.trim() === '') return {};
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as Kubeconfig;
    } catch {
      // YAML below
    }
  }
  return ((parseYamlDocuments(text)[0] ?? {}) as Kubeconfig) ?? {};
}

const DATA_OMITTED = 'DATA+OMITTED';

/** ShortenConfig: byte data as DATA+OMITTED, tokens as REDACTED. */
export function shorten(cfg: Kubeconfig): void {
  for (const c of (cfg.clusters ?? []) as unknown as Named[]) {
    const b = c.cluster as Record<string, unknown>;
    if (b?.['certificate-authority-data']) b['certificate-authority-data'] = DATA_OMITTED;
  }
  for (const u of (cfg.users ?? []) as unknown as Named[]) {
    const b = u.user as Record<string, unknown>;
    if (!b) continue;
    if (b['client-certificate-data']) b['client-certificate-data'] = DATA_OMITTED;
    if (b['client-key-data']) b['client-key-data'] = DATA_OMITTED;
    if (b.token) b.token = 'REDACTED';
    if (b.password) b.password = 'REDACTED';
  }
}

/** --flatten: file references become embedded data. */
export function flatten(cfg: Kubeconfig): void {
  const embed = (body: Record<string, unknown>, from: string, to: string) => {
    const p = body[from];
    if (typeof p !== 'string' || p === '') return;
    try {
      body[to] = readFileSync(p).toString('base64');
    } catch {
      throw new ClientError(`open ${p}: no such file or directory`);
    }
    delete body[from];
  };
  for (const c of (cfg.clusters ?? []) as unknown as Named[]) embed(c.cluster as Record<string, unknown>, 'certificate-authority', 'certificate-authority-data');
  for (const u of (cfg.users ?? []) as unknown as Named[]) {
    embed(u.user as Record<string, unknown>, 'client-certificate', 'client-certificate-data');
    embed(u.user as Record<string, unknown>, 'client-key', 'client-key-data');
  }
}

/** --minify: only the current context, its cluster and user. */
export function minify(cfg: Kubeconfig, contextOverride?: string): void {
  const current = contextOverride || cfg['current-context'];
  if (!current) throw new ClientError('current-context must exist in order to minify');
  const ctx = (cfg.contexts ?? []).find((c) => c.name === current);
  if (!ctx) throw new ClientError(`cannot locate context ${current}`);
  cfg.contexts = [ctx];
  cfg.clusters = (cfg.clusters ?? []).filter((c) => c.name === ctx.context.cluster);
  cfg.users = (cfg.users ?? []).filter((u) => u.name === ctx.context.user);
  cfg['current-context'] = current;
}

const CLUSTER_ORDER = ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'];
const USER_ORDER = [
  'client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups',
  'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions',
];
const CONTEXT_ORDER = ['cluster', 'user', 'namespace', 'extensions'];

function inOrder(body: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (body[k] !== undefined) out[k] = body[k];
  for (const k of Object.keys(body)) if (!(k in out)) out[k] = body[k];
  return out;
}

/** The v1.Config struct, in field order, for `config view -o json`. */
export function asConfigStruct(normalized: Record<string, unknown>): Record<string, unknown> {
  const list = (name: ListName, order: string[]) => {
    const items = normalized[name] as unknown as Named[] | null;
    if (!items) return null;
    return items.map((i) => ({ name: i.name, [ENTRY_KEY[name]]: inOrder(i[ENTRY_KEY[name]] as Record<string, unknown>, order) }));
  };
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: goMap({ ...((normalized.preferences as Record<string, unknown>) ?? {}) }),
    clusters: list('clusters', CLUSTER_ORDER),
    users: list('users', USER_ORDER),
    contexts: list('contexts', CONTEXT_ORDER),
    'current-context': normalized['current-context'],
  };
}
