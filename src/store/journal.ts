// The watch journal: what etcd's watch window is to a real cluster.
//
// `kubectl get -w` needs every change to the objects it watches, in order, with
// the object as it was at that revision (not as it is now). Inside one session
// the store's change listener sees every write; across processes (a watch that
// polls while `kubectl apply`, the daemon or a catch-up in another command
// writes) the changes are kept in an append-only, bounded document,
// state/journal.json: {revision, at, type, resource, namespace, name, object, old}.
//
// Recording costs a clone per write and a file round trip per session, so it is
// on only while someone watches: a watcher touches state/watch.active, and a
// session records (and persists) only while that marker is fresh. A watcher that
// finds revisions missing (the window overflowed, or its marker went stale)
// re-lists instead, as a real client does after "too old resource version".
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LowSync } from 'lowdb';
import type { KObject } from '../types/k8s.js';
import { DocumentFile, type Change, type Store } from './store.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface JournalEntry {
  revision: number;
  /** The simulated instant of the change. */
  at: number;
  type: WatchEventType;
  /** Storage key of the resource (`pods`, `deployments.apps`). */
  resource: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The object after the change (before it, for DELETED). */
  object: KObject;
  /** The object before a MODIFIED change (selectors: an object can move out of a watch). */
  old?: KObject;
  /**
   * A change no watcher is shown (see Journal.unrecorded): kept so that its revision is no gap,
   * which would make watchers list everything again.
   */
  silent?: true;
}

interface JournalDoc {
  /** The highest revision no longer in `entries` (dropped to keep the document bounded). */
  droppedThrough: number;
  entries: JournalEntry[];
}

/** How many changes the persisted window keeps. */
export const JOURNAL_LIMIT = 512;
/** A watcher refreshes the marker every poll; older than this, nobody is watching. */
export const WATCH_MARKER_FRESH_MS = 10_000;

const markerFile = (stateDir: string) => join(stateDir, 'watch.active');
const journalFile = (stateDir: string) => join(stateDir, 'journal.json');

/** A watcher announces itself (before each session it opens). */
export function touchWatchMarker(stateDir: string): void {
  const file = markerFile(stateDir);
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, '');
  }
}

export function watcherActive(stateDir: string, nowMs = Date.now()): boolean {
  try {
    return nowMs - statSync(markerFile(stateDir)).mtimeMs < WATCH_MARKER_FRESH_MS;
  } catch {
    return false;
  }
}

const journals = new WeakMap<Store, Journal>();

export class Journal {
  /** Changes recorded in this session, not yet persisted. */
  private fresh: JournalEntry[] = [];
  private doc: JournalDoc | undefined;
  private db: LowSync<JournalDoc> | undefined;
  /** The revision this session started at: earlier changes are in the persisted document only. */
  readonly startRevision: number;
  private recordingNow: boolean;
  /** Inside `unrecorded`. */
  private muted = 0;
  private readonly recordingListeners: (() => void)[] = [];
  /** ... and persist for watchers in other processes. */
  readonly persistent: boolean;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.startRevision = store.meta.revision;
    this.persistent = watcherActive(store.dir);
    this.recordingNow = this.persistent;
    store.onChange((c) => this.record(c));
  }

  /** Record in memory (a watch inside this session) ... */
  get recording(): boolean {
    return this.recordingNow;
  }

  set recording(on: boolean) {
    const started = on && !this.recordingNow;
    this.recordingNow = on;
    if (started) for (const l of this.recordingListeners) l();
  }

  /**
   * Runs `fn` with what it changes hidden from watchers (silent entries): work that ends where a
   * reader already is (a parked loop made real again: its pod and its events as they were
   * derived), whose steps a watcher must not see.
   */
  unrecorded<T>(fn: () => T): T {
    this.muted++;
    try {
      return fn();
    } finally {
      this.muted--;
    }
  }

  /** Calls `listener` when recording starts in this session (what is derived unseen must then be made real). */
  onRecording(listener: () => void): void {
    this.recordingListeners.push(listener);
  }

  private record(change: Change): void {
    if (!this.recordingNow) return;
    const o = change.object;
    const type: WatchEventType = change.deleted ? 'DELETED' : change.old ? 'MODIFIED' : 'ADDED';
    const revision = change.deleted ? this.store.meta.revision : Number(o.metadata.resourceVersion);
    const object = structuredClone(o);
    // etcd gives a delete its own revision, and the DELETED event carries the object at it.
    if (change.deleted) object.metadata.resourceVersion = String(revision);
    this.fresh.push({
      revision,
      at: this.now(),
      type,
      resource: change.resource,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name ?? '',
      object,
      old: type === 'MODIFIED' && change.old && !this.muted ? structuredClone(change.old) : undefined,
      ...(this.muted ? { silent: true as const } : {}),
    });
  }

  private load(): JournalDoc {
    if (this.doc) return this.doc;
    const file = journalFile(this.store.dir);
    this.db = new LowSync<JournalDoc>(
      new DocumentFile<JournalDoc>(file, {
        // The journal is only a window of recent changes: a damaged one is dropped
        // (watchers see a gap and list again) rather than failing the command.
        parse: (t: string) => {
          try {
            const doc = JSON.parse(t) as JournalDoc;
            if (Array.isArray(doc?.entries) && typeof doc.droppedThrough === 'number') return doc;
          } catch {
            // fall through
          }
          return { droppedThrough: this.store.meta.revision, entries: [] };
        },
        stringify: (d: JournalDoc) => JSON.stringify(d),
      }),
      { droppedThrough: 0, entries: [] },
    );
    if (existsSync(file)) this.db.read();
    this.doc = this.db.data;
    return this.doc;
  }

  /**
   * Every recorded change after revision `since` (persisted ones first, then
   * this session's), and whether the list is complete: false when some revision
   * after `since` was never recorded or has been dropped from the window.
   */
  since(since: number): { entries: JournalEntry[]; complete: boolean } {
    const out: JournalEntry[] = [];
    let complete = true;
    if (since < this.startRevision) {
      const doc = this.load();
      if (doc.droppedThrough > since) complete = false;
      for (const e of doc.entries) if (e.revision > since && e.revision <= this.startRevision) out.push(e);
    }
    for (const e of this.fresh) if (e.revision > since) out.push(e);
    // Every revision is one change: a gap means something was not recorded.
    let expected = since + 1;
    for (const e of out) {
      if (e.revision !== expected) complete = false;
      expected = e.revision + 1;
    }
    if (expected <= this.store.meta.revision) complete = false;
    return { entries: out.filter((e) => !e.silent), complete };
  }

  /** Appends this session's changes to the persisted window (while someone watches). */
  commit(): void {
    if (!this.persistent || this.fresh.length === 0) return;
    const doc = this.load();
    doc.entries.push(...this.fresh);
    this.fresh = [];
    const extra = doc.entries.length - JOURNAL_LIMIT;
    if (extra > 0) {
      doc.droppedThrough = doc.entries[extra - 1]!.revision;
      doc.entries.splice(0, extra);
    }
    this.db!.write();
  }
}

/** Hooks a journal onto a freshly opened store (withCluster does this). */
export function attachJournal(store: Store, now: () => number): Journal {
  const j = new Journal(store, now);
  journals.set(store, j);
  return j;
}

export function journalOf(store: Store): Journal | undefined {
  return journals.get(store);
}

