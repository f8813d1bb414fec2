// The object store: what etcd is to a real cluster.
//
// Objects live in lowdb documents sharded per resource and namespace
// (state/objects/<resource>/<namespace>.json, `_cluster` for cluster-scoped
// kinds), so a command reads only the shards it touches. A small meta document
// holds the cluster-wide resourceVersion counter, the clock and the instant of
// the engine's next wake-up; the queue itself is in wakeups.json, read only when
// something is due or scheduled. Writes are buffered and committed together at the end of a
// session; each file is written atomically (lowdb writes a temp file and renames it). Objects that
// change with time alone can be derived when read instead of rewritten (overlays, below).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { isAscii } from 'node:buffer';
import { join } from 'node:path';
import { LowSync, type SyncAdapter } from 'lowdb';
import { TextFileSync } from 'lowdb/node';
import type { KObject } from '../types/k8s.js';
import { TABLE_PROJECTIONS } from './table-projections.js';
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
  /**
   * The engine's wake-up queue. Not stored in meta.json (wakeups.json holds it; the engine serves
   * this property from there); a meta.json from before the split carries it and is migrated.
   */
  wakeups: Wakeup[];
  /** The instant of the earliest pending wake-up (null: none; absent: unknown, read the queue). */
  nextWakeupAt?: number | null;
  createdAt: number;
  featureGates: Record<string, boolean>;
  /** Free-form cluster settings (admission configuration, add-ons). */
  settings: Record<string, unknown>;
}

interface Shard {
  db: LowSync<Record<string, KObject>>;
  dirty: boolean;
  /** Its objects' names in order, kept until an object is added or removed (controllers list a namespace often). */
  names?: string[];
}

/** A change to one object, as the engine sees it. */
export interface Change {
  resource: string;
  object: KObject;
  old?: KObject;
  deleted?: boolean;
}

/**
 * A state file that cannot be read back (truncated, hand-edited): the message
 * names the file and the ways out, and no stack trace reaches the user.
 */
export class DamagedStateError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `the cluster state file ${file} is damaged (${reason}); ` +
        'run `kubesim repair` to keep every object that can still be read, or `kubesim reset` to start a new cluster',
    );
  }
}

/**
 * Derived state: fields of stored objects that formulas kept in another (internal) resource
 * set as of the store's current instant, when the object is read (the kubelet's parked crash
 * loops, src/cluster/parked-loops.ts). A catch-up then moves the clock without rewriting them.
 */
export interface Overlay<F = unknown> {
  /** The resource whose objects, in the same namespace, hold the formulas. */
  source: string;
  /** The formulas one source object holds, with the names of the objects they apply to. */
  entries(source: KObject): Iterable<[name: string, formula: F]>;
  /**
   * Derives the object's status (and resourceVersion), nothing else: readers may pick objects by
   * their metadata and spec before they are derived (`list`'s `where`). `sibling` finds another
   * object of the same namespace (state a formula keeps beside it).
   */
  apply(object: KObject, formula: F, now: number, sibling: (resource: string, name: string) => KObject | undefined): void;
  /**
   * What `apply` depends on at `now` (derived again only when it changes); without it, an
   * object is derived once per instant.
   */
  epoch?(formula: F, now: number): number;
}

const OVERLAYS = new Map<string, Overlay>();

/** Registers how `resource`'s objects are derived (once per process, before any store reads them). */
export function registerOverlay<F>(resource: string, overlay: Overlay<F>): void {
  OVERLAYS.set(resource, overlay as Overlay);
}

interface OverlayState {
  formulas: Map<string, unknown>;
  /** The epoch (or instant) each object was last derived at: objects are derived in place, once per epoch. */
  at: WeakMap<KObject, number>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape a loaded document must have before the engine may trust it (a shallow check, not a schema). */
export function checkMeta(file: string, data: unknown): asserts data is Meta {
  const bad = (why: string) => new DamagedStateError(file, why);
  if (!isPlainObject(data)) throw bad('not a JSON object');
  if (typeof data.revision !== 'number' || !Number.isFinite(data.revision)) throw bad('"revision" is not a number');
  if (!isPlainObject(data.clock)) throw bad('"clock" is not an object');
  if (typeof data.processedUntil !== 'number') throw bad('"processedUntil" is not a number');
  if (data.wakeups !== undefined && !Array.isArray(data.wakeups)) throw bad('"wakeups" is not a list');
  if (data.nextWakeupAt !== undefined && data.nextWakeupAt !== null && typeof data.nextWakeupAt !== 'number') throw bad('"nextWakeupAt" is not a number');
}

export function checkWakeups(file: string, data: unknown): asserts data is Wakeup[] {
  if (!Array.isArray(data)) throw new DamagedStateError(file, 'not a JSON list');
  for (const w of data) {
    if (!isPlainObject(w) || typeof w.at !== 'number' || typeof w.controller !== 'string' || typeof w.key !== 'string') {
      throw new DamagedStateError(file, 'an entry is not a wake-up');
    }
  }
}

export function checkShard(file: string, data: unknown): asserts data is Record<string, KObject> {
  if (!isPlainObject(data)) throw new DamagedStateError(file, 'not a JSON object');
  for (const name in data) {
    const obj = data[name];
    const md = isPlainObject(obj) ? obj.metadata : undefined;
    if (!isPlainObject(md) || md.name !== name || typeof md.resourceVersion !== 'string') {
      throw new DamagedStateError(file, `the object "${name}" is not a stored object`);
    }
  }
}

/**
 * Checks a shard just parsed and gives each object its key's string as its name: the same text,
 * but the one the shard's dictionary holds, so a look-up by an object's name (every `put`) finds
 * its entry without first looking the text up among all the strings V8 keeps (~1 µs cold each,
 * over a catch-up's 18,000 events).
 */
function loadShard(file: string, data: unknown): asserts data is Record<string, KObject> {
  checkShard(file, data);
  for (const name in data) data[name]!.metadata.name = name;
}

/**
 * lowdb's DataFileSync (parse on read; stringify, then its TextFileSync writes a temp file and
 * renames it), except that a file of ASCII bytes, which a shard almost always is, is read as
 * one-byte text: Node's UTF-8 decoding of 38 MB of shards costs ~25 ms more than the check
 * and the copy, for the same string.
 */
export class DocumentFile<T> implements SyncAdapter<T> {
  private readonly text: TextFileSync;

  constructor(
    private readonly file: string,
    private readonly format: { parse: (text: string) => T; stringify: (data: T) => string },
  ) {
    this.text = new TextFileSync(file);
  }

  read(): T | null {
    const text = readText(this.file);
    return text === null ? null : this.format.parse(text);
  }

  write(data: T): void {
    this.text.write(this.format.stringify(data));
  }
}

/** A file's text (null if there is none), ASCII read as one-byte text (see DocumentFile). */
function readText(file: string): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** Which version of a shard file a table projection was made from. */
const fingerprint = (stat: Stats) => `${stat.size} ${stat.mtimeMs}`;

function compactJson<T>(file: string, fallback: T, check?: (file: string, data: unknown) => void): LowSync<T> {
  const adapter = new DocumentFile<T>(file, {
    parse: (text: string) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new DamagedStateError(file, (e as Error).message);
      }
      check?.(file, data);
      return data as T;
    },
    stringify: (data: T) => JSON.stringify(data),
  });
  return new LowSync<T>(adapter, fallback);
}

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * Whether `a` and `b` serialize to the same JSON text (members in the same order, undefined ones
 * left out), found without serializing them: stopping at the first difference, it costs a
 * fraction of two JSON.stringify calls on every write of a big cluster.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Leaves of one type, the common case, without printing them: two different strings or booleans
  // never print alike, two different numbers only when neither is finite (both print null).
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Values that differ may still print alike (NaN, Infinity and null all print null).
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = omitted(a[i]) ? null : a[i];
      const y = omitted(b[i]) ? null : b[i];
      if (!sameJson(x, y)) return false;
    }
    return true;
  }
  if ('toJSON' in a || 'toJSON' in b) return JSON.stringify(a) === JSON.stringify(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  // The members that print, pairwise in order (undefined ones skipped, without building lists of them).
  for (let i = 0, j = 0; ; i++, j++) {
    while (i < ka.length && omitted(ra[ka[i]!])) i++;
    while (j < kb.length && omitted(rb[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j] || !sameJson(ra[ka[i]!], rb[kb[j]!])) return false;
  }
}

/**
 * The commit marker. A commit writes several shard files and meta.json last,
 * each atomically but not together: a process killed between two files leaves
 * shards that hold resourceVersions the old meta's counter has not reached, and
 * the next writer would hand the same resourceVersions out again. So before the
 * first shard is written, `commit.json` records the revision the commit ends
 * at; it is removed once meta.json is written. A store that opens and finds it
 * knows a commit was cut short and raises its counter to that revision (the
 * shards that were written stay: every object in them is whole, since each file
 * is replaced by rename; the session that was killed never acknowledged them).
 */
const COMMIT_MARKER = 'commit.json';
/** The engine's wake-up queue (see Meta.wakeups). */
export const WAKEUPS_FILE = 'wakeups.json';

export class Store {
  readonly dir: string;
  readonly meta: Meta;
  private readonly metaDb: LowSync<Meta>;
  /** Loaded shards, by resource, then namespace. */
  private readonly shards = new Map<string, Map<string, Shard>>();
  private readonly listeners: ((change: Change) => void)[] = [];
  private readonly commitHooks: (() => void)[] = [];
  /** A queue from a meta.json written before wakeups.json existed. */
  private readonly legacyWakeups?: Wakeup[];
  /** The queue to write at the next commit. */
  private pendingWakeups?: Wakeup[];
  /** meta.json as it is on disk (undefined: not written yet), so a commit that changed nothing writes nothing. */
  private storedMeta: string | undefined;
  /** The instant derived objects are shown at (the engine's cursor). */
  now: number;
  /** Overlays' formulas, per overlaid resource and namespace, read on first use. */
  private readonly overlayStates = new Map<string, OverlayState>();
  /**
   * Called before an object with a formula is written or removed, with that formula (the kubelet
   * unparks the loop first, so the write applies to what the loop has become).
   */
  releaser?: (resource: string, namespace: string, name: string, formula: unknown) => void;

  private constructor(dir: string, metaDb: LowSync<Meta>, storedMeta: string | undefined) {
    this.dir = dir;
    this.metaDb = metaDb;
    this.meta = metaDb.data;
    this.storedMeta = storedMeta;
    this.now = this.meta.processedUntil;
    const legacy = (this.meta as Partial<Meta>).wakeups;
    if (legacy) {
      this.legacyWakeups = legacy;
      delete (this.meta as Partial<Meta>).wakeups;
      delete this.meta.nextWakeupAt;
    }
  }

  /**
   * The stored wake-up queue, sorted; `legacy` when it came from an old meta.json (so it is
   * written to its own file at the next commit).
   */
  readWakeups(): { wakeups: Wakeup[]; legacy: boolean } {
    if (this.legacyWakeups) return { wakeups: this.legacyWakeups, legacy: true };
    const file = join(this.dir, WAKEUPS_FILE);
    if (!existsSync(file)) return { wakeups: [], legacy: false };
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new DamagedStateError(file, (e as Error).message);
    }
    checkWakeups(file, data);
    return { wakeups: data, legacy: false };
  }

  /** Replaces the stored wake-up queue at the next commit (written before the meta). */
  writeWakeups(wakeups: Wakeup[]): void {
    this.pendingWakeups = wakeups;
  }

  /** Runs `hook` at the start of every commit (the engine hands over its queue there). */
  beforeCommit(hook: () => void): void {
    this.commitHooks.push(hook);
  }

  /** Opens the store under `stateDir`; `init` builds the meta of a new store. */
  static open(stateDir: string, init: () => Meta): Store {
    mkdirSync(join(stateDir, 'objects'), { recursive: true });
    const metaFile = join(stateDir, 'meta.json');
    const fresh = !existsSync(metaFile);
    if (fresh && readdirSync(join(stateDir, 'objects')).length > 0) {
      // Objects without their meta: bootstrapping a new cluster over them would mix two clusters.
      throw new DamagedStateError(metaFile, 'the file is missing but objects are stored');
    }
    const db = compactJson<Meta>(metaFile, fresh ? init() : ({} as Meta), checkMeta);
    if (!fresh) db.read();
    if (!db.data) throw new DamagedStateError(metaFile, 'the file is empty');
    const storedMeta = fresh ? undefined : JSON.stringify(db.data);
    const marker = join(stateDir, COMMIT_MARKER);
    if (!fresh && existsSync(marker)) {
      // A commit was cut short (see COMMIT_MARKER): never hand out a revision twice.
      let revision = NaN;
      try {
        revision = Number((JSON.parse(readFileSync(marker, 'utf8')) as { revision?: unknown }).revision);
      } catch {
        // The marker is written by rename, so it is whole or absent; be safe anyway.
      }
      if (!Number.isFinite(revision)) revision = Store.highestRevision(stateDir);
      db.data.revision = Math.max(db.data.revision, revision);
      // wakeups.json may be newer than the meta's note of the earliest one: read the queue.
      delete db.data.nextWakeupAt;
    }
    return new Store(stateDir, db, storedMeta);
  }

  /** The highest resourceVersion held by any readable shard (for recovery, reads every shard). */
  static highestRevision(stateDir: string): number {
    let max = 0;
    const root = join(stateDir, 'objects');
    if (!existsSync(root)) return max;
    for (const resource of readdirSync(root)) {
      for (const f of readdirSync(join(root, resource))) {
        if (!f.endsWith('.json') || f.startsWith('.')) continue;
        try {
          const data = JSON.parse(readFileSync(join(root, resource, f), 'utf8')) as Record<string, KObject>;
          for (const o of Object.values(data)) max = Math.max(max, Number(o?.metadata?.resourceVersion) || 0);
        } catch {
          // a damaged shard: `kubesim repair` deals with it
        }
      }
    }
    return max;
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

  /**
   * state/tables/<resource>/<namespace>.json: the shard's table projection (table-projections.ts),
   * after a first line with the fingerprint of the shard file it was made from. Derived data: one
   * that is missing, damaged or of another version of the shard is not used.
   */
  private tableFile(resource: string, namespace: string): string {
    return join(this.dir, 'tables', resource, `${namespace}.json`);
  }

  /** Writes the table projection of a shard just written (for the resources that have one). */
  private writeTable(resource: string, namespace: string, data: Record<string, KObject>): void {
    const project = TABLE_PROJECTIONS.get(resource);
    if (!project) return;
    const projected: Record<string, KObject> = {};
    for (const name in data) projected[name] = project(data[name]!);
    const file = this.tableFile(resource, namespace);
    mkdirSync(join(this.dir, 'tables', resource), { recursive: true });
    writeFileSync(`${file}.tmp`, `${fingerprint(statSync(this.shardFile(resource, namespace)))}\n${JSON.stringify(projected)}`);
    renameSync(`${file}.tmp`, file);
  }

  /** A shard's table projection, if it was made from the shard file as it is. */
  private readTable(resource: string, namespace: string): Record<string, KObject> | undefined {
    if (!TABLE_PROJECTIONS.has(resource)) return undefined;
    const file = this.tableFile(resource, namespace);
    const text = readText(file);
    if (text === null) return undefined;
    const nl = text.indexOf('\n');
    let stat: Stats;
    try {
      stat = statSync(this.shardFile(resource, namespace));
    } catch {
      return undefined;
    }
    if (nl < 0 || text.slice(0, nl) !== fingerprint(stat)) return undefined;
    try {
      const data = JSON.parse(text.slice(nl + 1)) as unknown;
      loadShard(file, data);
      return data;
    } catch {
      return undefined; // damaged: the shard itself is read
    }
  }

  /** The shard, read on first use and kept for the session (`keep` false: not kept if not already). */
  private shard(resource: string, namespace: string, keep = true): Shard {
    let ofResource = this.shards.get(resource);
    let shard = ofResource?.get(namespace);
    if (!shard) {
      const file = this.shardFile(resource, namespace);
      const db = compactJson<Record<string, KObject>>(file, {}, loadShard);
      if (existsSync(file)) db.read();
      shard = { db, dirty: false };
      if (keep) {
        if (!ofResource) this.shards.set(resource, (ofResource = new Map()));
        ofResource.set(namespace, shard);
      }
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
    for (const ns of this.shards.get(resource)?.keys() ?? []) names.add(ns);
    return [...names].sort();
  }

  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const ns = namespace || CLUSTER_SCOPE;
    const obj = this.shard(resource, ns).db.data[name];
    return obj && OVERLAYS.has(resource) ? this.derive(resource, ns, obj) : obj;
  }

  /** The formulas of `resource`'s objects in `ns` (undefined: the resource has no overlay). */
  private overlayState(resource: string, ns: string): OverlayState | undefined {
    const overlay = OVERLAYS.get(resource);
    if (!overlay) return undefined;
    const key = `${resource}\0${ns}`;
    let state = this.overlayStates.get(key);
    if (!state) {
      const formulas = new Map<string, unknown>();
      for (const source of this.objectsIn(overlay.source, ns)) for (const [name, f] of overlay.entries(source)) formulas.set(name, f);
      state = { formulas, at: new WeakMap() };
      this.overlayStates.set(key, state);
    }
    return state;
  }

  /** `obj` as of `now`, derived in place (once per epoch of its formula) when a formula applies to it. */
  private derive(resource: string, ns: string, obj: KObject): KObject {
    const state = this.overlayState(resource, ns)!;
    if (state.formulas.size === 0) return obj;
    const formula = state.formulas.get(obj.metadata.name!);
    if (formula === undefined) return obj;
    const overlay = OVERLAYS.get(resource)!;
    const epoch = overlay.epoch ? overlay.epoch(formula, this.now) : this.now;
    if (state.at.get(obj) === epoch) return obj;
    overlay.apply(obj, formula, this.now, (r, name) => this.shard(r, ns).db.data[name]);
    state.at.set(obj, epoch);
    return obj;
  }

  /** Keeps the formulas read from `resource`'s shard of `ns` current, when `resource` is an overlay's source. */
  private sourceChanged(resource: string, ns: string, old: KObject | undefined, object: KObject | undefined): void {
    for (const [overlaid, overlay] of OVERLAYS) {
      if (overlay.source !== resource) continue;
      const state = this.overlayStates.get(`${overlaid}\0${ns}`);
      if (!state) continue;
      // The objects whose formula changed are derived again (epochs are a formula's own).
      const objects = this.shards.get(overlaid)?.get(ns)?.db.data;
      const forget = (name: string) => {
        const obj = objects?.[name];
        if (obj) state.at.delete(obj);
      };
      if (old) {
        for (const [name] of overlay.entries(old)) {
          state.formulas.delete(name);
          forget(name);
        }
      }
      if (object) {
        for (const [name, f] of overlay.entries(object)) {
          state.formulas.set(name, f);
          forget(name);
        }
      }
    }
  }

  /** Lets the releaser act before an object with a formula is written or removed. */
  release(resource: string, ns: string, name: string): void {
    if (!this.releaser || !OVERLAYS.has(resource)) return;
    const formula = this.overlayState(resource, ns)!.formulas.get(name);
    if (formula !== undefined) this.releaser(resource, ns, name, formula);
  }

  /**
   * Objects of `resource` in `namespace`, or in every namespace when `namespace`
   * is undefined; sorted by namespace, then name (etcd key order). `where` picks objects by their
   * metadata and spec before they are derived (a controller's own pods: the others' formulas are
   * not worked out for nothing).
   */
  list(resource: string, namespace?: string, where?: (stored: KObject) => boolean): KObject[] {
    return [...this.pages(resource, namespace, true, where)].flat();
  }

  /** The objects of `resource` in one namespace, in no particular order (for indexes and sweeps: no sort). */
  objectsIn(resource: string, namespace: string): KObject[] {
    const ns = namespace || CLUSTER_SCOPE;
    const objects = Object.values(this.shard(resource, ns).db.data);
    return OVERLAYS.has(resource) ? objects.map((o) => this.derive(resource, ns, o)) : objects;
  }

  /**
   * The objects of `list`, one namespace at a time, for a reader that is done with each before
   * the next: shards not already loaded are read without being kept, so the objects of a big
   * resource (`get pods -A` over 30,000 pods) die young instead of all living to the end, which
   * halves what the garbage collector does. Writers use `list`: `put` needs the shards kept.
   * `forTable`: the reader prints a table, and takes each shard's table projection when it has a
   * current one (table-projections.ts: a third of the bytes to parse for pods).
   */
  listByNamespace(resource: string, namespace?: string, forTable = false): Iterable<KObject[]> {
    return this.pages(resource, namespace, false, undefined, forTable);
  }

  private *pages(resource: string, namespace: string | undefined, keep: boolean, where?: (stored: KObject) => boolean, forTable = false): Generator<KObject[]> {
    const namespaces = namespace === undefined ? this.namespacesOf(resource) : [namespace || CLUSTER_SCOPE];
    for (const ns of namespaces) {
      // A table of a shard not loaded (so not changed in memory): its projection, if current.
      const table = forTable && !this.shards.get(resource)?.has(ns) ? this.readTable(resource, ns) : undefined;
      let objects: KObject[];
      if (table) {
        objects = Object.keys(table)
          .sort()
          .map((name) => table[name]!);
      } else {
        const shard = this.shard(resource, ns, keep);
        const data = shard.db.data;
        objects = (shard.names ??= Object.keys(data).sort()).map((name) => data[name]!);
      }
      const picked = where ? objects.filter(where) : objects;
      yield OVERLAYS.has(resource) ? picked.map((o) => this.derive(resource, ns, o)) : picked;
    }
  }

  nextRevision(): number {
    this.meta.revision += 1;
    return this.meta.revision;
  }

  /** Stores `object` (stamping a new resourceVersion) and notifies listeners; the caller hands the object over. */
  put(resource: string, object: KObject): KObject {
    const ns = object.metadata.namespace || CLUSTER_SCOPE;
    const name = object.metadata.name!;
    this.release(resource, ns, name);
    const shard = this.shard(resource, ns);
    const old = shard.db.data[name];
    if (old) {
      // A write that changes nothing is not a write: no new revision, no watchers woken.
      object.metadata.resourceVersion = old.metadata.resourceVersion;
      if (sameJson(object, old)) return old;
    }
    object.metadata.resourceVersion = String(this.nextRevision());
    if (!old) shard.names = undefined;
    shard.db.data[name] = object;
    shard.dirty = true;
    this.sourceChanged(resource, ns, old, object);
    for (const l of this.listeners) l({ resource, object, old });
    return object;
  }

  /**
   * Stores a change made in place to a stored object: a new resourceVersion, its shard written at
   * the commit, listeners told (with `old` the same object). For objects whose owner keeps them to
   * itself and no listener compares versions of (the kubelet's pod records, ~8 KB each, changed
   * at every sync): it spares the copy that `put` needs and the comparison it makes.
   */
  update(resource: string, object: KObject): void {
    const shard = this.shard(resource, object.metadata.namespace || CLUSTER_SCOPE);
    if (shard.db.data[object.metadata.name!] !== object) throw new Error(`update of a ${resource} object that is not the stored one`);
    object.metadata.resourceVersion = String(this.nextRevision());
    shard.dirty = true;
    for (const l of this.listeners) l({ resource, object, old: object });
  }

  remove(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    const ns = namespace || CLUSTER_SCOPE;
    this.release(resource, ns, name);
    const shard = this.shard(resource, ns);
    const old = shard.db.data[name];
    if (!old) return undefined;
    delete shard.db.data[name];
    shard.names = undefined;
    shard.dirty = true;
    this.sourceChanged(resource, ns, old, undefined);
    this.nextRevision();
    for (const l of this.listeners) l({ resource, object: old, old, deleted: true });
    return old;
  }

  /**
   * Marks an internal object changed in place for the next commit, without a resourceVersion or
   * listeners: state beside formulas that no one watches (a parked loop's shown revisions).
   */
  touch(resource: string, object: KObject): void {
    const shard = this.shard(resource, object.metadata.namespace || CLUSTER_SCOPE);
    if (shard.db.data[object.metadata.name!] !== object) throw new Error(`touch of a ${resource} object that is not the stored one`);
    shard.dirty = true;
  }

  /**
   * Tells the listeners of a change that no write made: a derived object's fields changed with
   * time (a parked loop's instance started or exited), shown to the controllers at its instant.
   */
  announce(change: Change): void {
    for (const l of this.listeners) l(change);
  }

  /** Writes every changed shard, then the meta document (last, so a crash leaves the old meta). */
  commit(): void {
    for (const hook of this.commitHooks) hook();
    const marker = join(this.dir, COMMIT_MARKER);
    const dirty = [...this.shards].flatMap(([resource, byNamespace]) => [...byNamespace].filter(([, s]) => s.dirty).map(([ns, shard]) => ({ resource, ns, shard })));
    const anyDirty = dirty.length > 0 || this.pendingWakeups !== undefined;
    if (anyDirty) {
      writeFileSync(`${marker}.tmp`, JSON.stringify({ revision: this.meta.revision }));
      renameSync(`${marker}.tmp`, marker);
    }
    for (const { resource, ns, shard } of dirty) {
      mkdirSync(join(this.dir, 'objects', resource), { recursive: true });
      shard.db.write();
      shard.dirty = false;
      this.writeTable(resource, ns, shard.db.data);
    }
    if (this.pendingWakeups) {
      const file = join(this.dir, WAKEUPS_FILE);
      writeFileSync(`${file}.tmp`, JSON.stringify(this.pendingWakeups));
      renameSync(`${file}.tmp`, file);
      this.pendingWakeups = undefined;
    }
    // A read that moved nothing (no object, no queue, not the clock) leaves meta.json as it is.
    const meta = JSON.stringify(this.meta);
    if (anyDirty || meta !== this.storedMeta) {
      this.metaDb.write();
      this.storedMeta = meta;
    }
    if (anyDirty) unlinkSync(marker);
  }
}
