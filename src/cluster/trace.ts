// The trail: for each object, what each component did to it and why, in simulated time
// (`kubesim trace TYPE/NAME`, docs/trace.md). The API server records the request, the
// authorizer's decision, each admission plugin's patch or rejection and the storage write;
// the scheduler its per-node filter results and scores; the kubelet its steps; the event
// recorder every event (the controllers' reactions among them).
//
// Cost: recording appends to an in-memory buffer; the session's commit appends the buffer to
// state/trails/<namespace>.jsonl (one JSON entry a line) without reading anything, so commands
// that never read trails pay one append per namespace written. A file that has grown past
// TRAIL_FILE_BYTES is compacted at commit (kept: the newest TRAIL_PER_OBJECT entries of each
// object, the newest TRAIL_PER_FILE in all). An append cut short by a kill leaves a partial
// last line, which readers skip. A store with no trail attached (unit tests) records nothing.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KObject, Pod } from '../types/k8s.js';
import { CLUSTER_SCOPE, type Change, type Store } from '../store/store.js';

/** One thing a component did to an object. */
export interface TrailEntry {
  /** The object's uid. */
  uid: string;
  /** Simulated instant, epoch ms. */
  at: number;
  /** Who: kube-apiserver, admission, etcd, default-scheduler, kubelet (kubesim-worker), replicaset-controller... */
  component: string;
  /** What happened, one line. */
  message: string;
  /** Further lines: a JSON patch, per-node filter results, scores. */
  details?: string[];
}

export const TRAIL_PER_OBJECT = 200;
export const TRAIL_PER_FILE = 5000;
export const TRAIL_FILE_BYTES = 2_000_000;

/** Resources whose objects get no trail: events are themselves a record, leases are heartbeats. */
const UNTRACED = new Set(['events', 'leases.coordination.k8s.io']);

/** The request being served, whose entries are kept until storage accepts the object. */
interface PendingRequest {
  resource: string;
  namespace: string;
  name?: string;
  entries: Omit<TrailEntry, 'uid'>[];
}

export class Trail {
  /** Entries not yet written, per file (namespace). */
  private readonly buffer = new Map<string, TrailEntry[]>();
  private request?: PendingRequest;

  constructor(
    readonly stateDir: string,
    private readonly now: () => number,
  ) {}

  private add(namespace: string, entry: TrailEntry): void {
    let list = this.buffer.get(namespace);
    if (!list) this.buffer.set(namespace, (list = []));
    list.push(entry);
    // A long catch-up (a crash loop over days) stays bounded in memory too.
    if (list.length > 2 * TRAIL_PER_FILE) this.buffer.set(namespace, keepNewest(list, entryUid, TRAIL_PER_OBJECT, TRAIL_PER_FILE));
  }

  /** A request starts: its entries wait for the storage write (a rejected request leaves no trail). */
  begin(resource: string, namespace: string | undefined, name: string | undefined, component: string, message: string): void {
    this.request = UNTRACED.has(resource)
      ? undefined
      : { resource, namespace: namespace || CLUSTER_SCOPE, name, entries: [{ at: this.now(), component, message }] };
  }

  /** An entry of the request being served (authorization, admission). */
  step(component: string, message: string, details?: string[]): void {
    this.request?.entries.push({ at: this.now(), component, message, ...(details?.length ? { details } : {}) });
  }

  /** The request was refused: its entries stay only if it was about a stored object (an update). */
  refused(stored: KObject | undefined): void {
    const req = this.request;
    this.request = undefined;
    if (req && stored?.metadata.uid) for (const e of req.entries) this.add(req.namespace, { uid: stored.metadata.uid, ...e });
  }

  get tracing(): boolean {
    return this.request !== undefined;
  }

  /** An entry about a stored object, at `at` (now unless said). */
  record(obj: KObject, component: string, message: string, details?: string[], at = this.now()): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    this.add(obj.metadata.namespace || CLUSTER_SCOPE, { uid, at, component, message, ...(details?.length ? { details } : {}) });
  }

  /** The store's change feed: the storage write ends the request; pods' phase and readiness changes. */
  onChange(change: Change): void {
    const obj = change.object;
    const req = this.request;
    if (req && req.resource === change.resource && (req.namespace === (obj.metadata.namespace || CLUSTER_SCOPE)) && (!req.name || req.name === obj.metadata.name)) {
      this.request = undefined;
      for (const e of req.entries) this.add(req.namespace, { uid: obj.metadata.uid!, ...e });
      this.record(obj, 'etcd', storageWrite(change));
    }
    if (change.resource === 'pods' && !change.deleted) this.podProgress(obj as Pod, change.old as Pod | undefined);
  }

  /** Phase and readiness changes of a pod (written by its kubelet). */
  private podProgress(pod: Pod, old: Pod | undefined): void {
    if (!old) return;
    const who = pod.spec?.nodeName ? `kubelet (${pod.spec.nodeName})` : 'kube-apiserver';
    const phase = pod.status?.phase;
    if (phase && phase !== old.status?.phase) this.record(pod, who, `status: phase ${old.status?.phase ?? '(none)'} -> ${phase}`);
    const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    if (ready(pod) && ready(old) && ready(pod) !== ready(old)) this.record(pod, who, `status: Ready=${ready(pod)}`);
  }

  /** The trails of these objects of one namespace, stored and not yet written, in the order recorded. */
  read(namespace: string | undefined, uids: string[]): TrailEntry[] {
    const wanted = new Set(uids);
    const buffered = (this.buffer.get(namespace || CLUSTER_SCOPE) ?? []).filter((e) => wanted.has(e.uid));
    return keepNewest([...readTrails(this.stateDir, namespace, wanted), ...buffered], entryUid, TRAIL_PER_OBJECT, Infinity);
  }

  /** Appends the buffer to the trail files (the session's commit). */
  commit(): void {
    if (this.buffer.size === 0) return;
    const dir = trailDir(this.stateDir);
    mkdirSync(dir, { recursive: true });
    for (const [namespace, entries] of this.buffer) {
      const file = join(dir, `${namespace}.jsonl`);
      appendFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
      if (statSync(file).size > TRAIL_FILE_BYTES) compact(file);
    }
    this.buffer.clear();
  }
}

/** What a storage write did, in one line. */
function storageWrite(change: Change): string {
  if (change.deleted) return 'removed from storage';
  const rv = `resourceVersion ${change.object.metadata.resourceVersion}`;
  if (!change.old) return `created, ${rv}`;
  const marked = change.object.metadata.deletionTimestamp && !change.old.metadata.deletionTimestamp;
  return marked ? `marked for deletion at ${change.object.metadata.deletionTimestamp} (graceful), ${rv}` : `updated, ${rv}`;
}

const trailDir = (stateDir: string) => join(stateDir, 'trails');

/**
 * Keeps the newest TRAIL_PER_OBJECT entries per object and TRAIL_PER_FILE in all; written by rename.
 * The lines are kept as they are, not parsed: a catch-up over thousands of pods compacts a file of
 * thousands of entries, and only each line's uid matters here.
 */
export function compact(file: string, perObject = TRAIL_PER_OBJECT, total = TRAIL_PER_FILE): void {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // A last line without its newline is cut short: it is never kept (appends end with one).
  lines.pop();
  const kept = keepNewest(lines.filter(wholeLine), lineUid, perObject, total);
  writeFileSync(`${file}.tmp`, kept.join('\n') + (kept.length ? '\n' : ''));
  renameSync(`${file}.tmp`, file);
}

/**
 * The start of every line the trail writes: JSON.stringify of an entry, uid first. It cannot occur
 * inside an entry (quotes in strings are escaped), so a line with it anywhere but at its start is
 * an entry cut short by a kill with the next append glued on.
 */
const LINE_START = '{"uid":"';

const wholeLine = (line: string) => line.startsWith(LINE_START) && line.endsWith('}') && line.indexOf(LINE_START, 1) < 0;

const lineUid = (line: string) => line.slice(LINE_START.length, line.indexOf('"', LINE_START.length));

function keepNewest<T>(entries: T[], uidOf: (e: T) => string, perObject: number, total: number): T[] {
  const counts = new Map<string, number>();
  const out: T[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < total; i--) {
    const e = entries[i]!;
    const uid = uidOf(e);
    const n = counts.get(uid) ?? 0;
    if (n >= perObject) continue;
    counts.set(uid, n + 1);
    out.push(e);
  }
  return out.reverse();
}

const entryUid = (e: TrailEntry) => e.uid;

function parseLines(text: string): TrailEntry[] {
  const out: TrailEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as TrailEntry);
    } catch {
      // a line cut short by a kill: skipped
    }
  }
  return out;
}

/** The stored trails of these objects of one namespace, in the order recorded. */
function readTrails(stateDir: string, namespace: string | undefined, wanted: Set<string>): TrailEntry[] {
  const file = join(trailDir(stateDir), `${namespace || CLUSTER_SCOPE}.jsonl`);
  if (!existsSync(file)) return [];
  return parseLines(readFileSync(file, 'utf8')).filter((e) => wanted.has(e.uid));
}

const trails = new WeakMap<Store, Trail>();

/** Turns the trail on for this store (the session does, as it attaches the watch journal). */
export function attachTrail(store: Store, now: () => number): Trail {
  const trail = new Trail(store.dir, now);
  trails.set(store, trail);
  store.onChange((change) => trail.onChange(change));
  return trail;
}

/** The store's trail, if one is attached: the hooks elsewhere are one `trailOf(store)?.x(...)` call. */
export function trailOf(store: Store): Trail | undefined {
  return trails.get(store);
}
