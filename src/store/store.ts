// The object store: what etcd is to a real cluster.
//
// Objects live in lowdb documents sharded per resource and namespace
// (state/objects/<resource>/<namespace>.json, `_cluster` for cluster-scoped
// kinds), so a command reads only the shards it touches. A small meta document
// holds the cluster-wide resourceVersion counter, the clock and the engine's
// wake-up queue. Writes are buffered and committed together at the end of a
// session; each file is written atomically (lowdb writes a temp file and renames it).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LowSync } from 'lowdb';
import { DataFileSync } from 'lowdb/node';
import type { KObject } from '../types/k8s.js';
import type { ClockState } from '../cluster/clock.js';

export const CLUSTER_SCOPE = '_cluster';

/** A scheduled call of one controller for one object key. */
export interface Wakeup {
  at: number;
  controller: string;
  key: string;
}

export interface Meta {
  schema: number;
  /** The cluster-wide revision counter (etcd revision). */
  revision: number;
  clock: ClockState;
  /** The simulated instant the engine has processed up to. */
  processedUntil: number;
  wakeups: Wakeup[];
  createdAt: number;
  featureGates: Record<string, boolean>;
  /** Free-form cluster settings (admission configuration, add-ons). */
  settings: Record<string, unknown>;
}

interface Shard {
  db: LowSync<Record<string, KObject>>;
  dirty: boolean;
}

/** A change to one object, as the engine sees it. */
export interface Change {
  resource: string;
  object: KObject;
  old?: KObject;
  deleted?: boolean;
}

function compactJson<T>(file: string, fallback: T): LowSync<T> {
  const adapter = new DataFileSync<T>(file, {
    parse: (text: string) => JSON.parse(text) as T,
    stringify: (data: T) => JSON.stringify(data),
  });
  return new LowSync<T>(adapter, fallback);
}

export class Store {
  readonly dir: string;
  readonly meta: Meta;
  private readonly metaDb: LowSync<Meta>;
  private readonly shards = new Map<string, Shard>();
  private readonly listeners: ((change: Change) => void)[] = [];

  private constructor(dir: string, metaDb: LowSync<Meta>) {
    this.dir = dir;
    this.metaDb = metaDb;
    this.meta = metaDb.data;
  }

  /** Opens the store under `stateDir`; `init` builds the meta of a new store. */
  static open(stateDir: string, init: () => Meta): Store {
    mkdirSync(join(stateDir, 'objects'), { recursive: true });
    const metaFile = join(stateDir, 'meta.json');
    const fresh = !existsSync(metaFile);
    const db = compactJson<Meta>(metaFile, fresh ? init() : ({} as Meta));
    if (!fresh) db.read();
    if (!db.data) throw new Error(`the state file ${metaFile} is empty`);
    return new Store(stateDir, db);
  }

  static exists(stateDir: string): boolean {
    return existsSync(join(stateDir, 'meta.json'));
  }

  static destroy(stateDir: string): void {
    rmSync(stateDir, { recursive: true, force: true });
  }

  onChange(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  private shardFile(resource: string, namespace: string): string {
    return join(this.dir, 'objects', resource, `${namespace}.json`);
  }

  private shard(resource: string, namespace: string): Shard {
    const id = `${resource}/${namespace}`;
    let shard = this.shards.get(id);
    if (!shard) {
      const file = this.shardFile(resource, namespace);
      const db = compactJson<Record<string, KObject>>(file, {});
      if (existsSync(file)) db.read();
      shard = { db, dirty: false };
      this.shards.set(id, shard);
    }
    return shard;
  }

  /** Namespaces that hold at least one object of `resource` (on disk or in memory). */
  namespacesOf(resource: string): string[] {
    const names = new Set<string>();
    const dir = join(this.dir, 'objects', resource);
    if (existsSync(dir)) {
      for (const f of readdirSync(dir)) if (f.endsWith('.json')) names.add(f.slice(0, -5));
    }
    for (const id of this.shards.keys()) {
      const [res, ns] = id.split('/') as [string, string];
      if (res === resource) names.add(ns);
    }
    return [...names].sort();
  }

  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.shard(resource, namespace || CLUSTER_SCOPE).db.data[name];
  }

  /**
   * Objects of `resource` in `namespace`, or in every namespace when `namespace`
   * is undefined; sorted by namespace, then name (etcd key order).
   */
  list(resource: string, namespace?: string): KObject[] {
    const namespaces = namespace === undefined ? this.namespacesOf(resource) : [namespace || CLUSTER_SCOPE];
    const out: KObject[] = [];
    for (const ns of namespaces) {
      const data = this.shard(resource, ns).db.data;
      for (const name of Object.keys(data).sort()) out.push(data[name]!);
    }
    return out;
  }

  nextRevision(): number {
    this.meta.revision += 1;
    return this.meta.revision;
  }

  /** Stores `object` (stamping a new resourceVersion) and notifies listeners; the caller hands the object over. */
  put(resource: string, object: KObject): KObject {
    const ns = object.metadata.namespace || CLUSTER_SCOPE;
    const shard = this.shard(resource, ns);
    const name = object.metadata.name!;
    const old = shard.db.data[name];
    if (old) {
      // A write that changes nothing is not a write: no new revision, no watchers woken.
      object.metadata.resourceVersion = old.metadata.resourceVersion;
      if (JSON.stringify(object) === JSON.stringify(old)) return old;
    }
    object.metadata.resourceVersion = String(this.nextRevision());
    shard.db.data[name] = object;
    shard.dirty = true;
    for (const l of this.listeners) l({ resource, object, old });
    return object;
  }

  remove(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const shard = this.shard(resource, namespace || CLUSTER_SCOPE);
    const old = shard.db.data[name];
    if (!old) return undefined;
    delete shard.db.data[name];
    shard.dirty = true;
    this.nextRevision();
    for (const l of this.listeners) l({ resource, object: old, old, deleted: true });
    return old;
  }

  /** Writes every changed shard, then the meta document (last, so a crash leaves the old meta). */
  commit(): void {
    for (const [id, shard] of this.shards) {
      if (!shard.dirty) continue;
      const [resource] = id.split('/') as [string];
      mkdirSync(join(this.dir, 'objects', resource), { recursive: true });
      shard.db.write();
      shard.dirty = false;
    }
    this.metaDb.write();
  }
}
