// `kubectl get -w | --watch-only | --output-watch-events` (kubectl/pkg/cmd/get
// watch()): print the current object(s), then one entry per change.
//
// Changes come from the watch journal (src/store/journal.ts), each with the
// object as it was at that revision and the simulated instant it happened (AGE
// is computed then, as the API server computes the table it sends).
//
// Time: with KUBESIM_CLOCK=manual the whole watch is one cluster session that
// moves simulated time on wake-up by wake-up, printing changes as they happen,
// until --request-timeout has passed. With the wall clock it polls: every
// ~200 ms it opens a session (lock, catch up to now, read the changes, unlock),
// so other commands and the daemon run in between, until Ctrl-C or the timeout.
import type { ClusterSession } from '../cluster/session.js';
import { isManualClock } from '../cluster/clock.js';
import { journalOf, touchWatchMarker, type JournalEntry, type WatchEventType } from '../store/journal.js';
import { storageKey, qualifiedKind, type ResourceInfo } from '../apiserver/resources.js';
import { matchesFieldSelector, matchesLabelSelector, parseFieldSelector, parseLabelSelector } from '../apiserver/selectors.js';
import { fieldValue } from '../apiserver/fields.js';
import { isTableFormat, OutputError, splitOutput, tableLayout, type OutputOptions } from '../printers/output.js';
import { GET_TABLE, TabWriter, tableCell } from '../printers/tabwriter.js';
import { toYaml } from '../printers/yaml.js';
import { toJson } from '../printers/json.js';
import { executeJsonPath, executeJsonPathAsJson } from '../printers/jsonpath.js';
import { customColumnCell, parseCustomColumns, type CustomColumn } from '../printers/custom-columns.js';
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import { parseDuration } from '../util/duration.js';

export interface WatchRequest {
  resource: ResourceInfo;
  /** The object names asked for (none: the whole collection). */
  names: string[];
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output?: string;
  noHeaders?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  watchOnly?: boolean;
  outputWatchEvents?: boolean;
  /** --request-timeout in ms; 0 or undefined: no timeout. */
  timeoutMs?: number;
}

export interface WatchIO {
  /** Runs `fn` in a cluster session, with the namespace the kubeconfig context selects. */
  open<T>(fn: (s: ClusterSession, namespace: string) => T | Promise<T>): Promise<T>;
  /** Where the state lives (the marker that turns the journal on is there). */
  stateDir: string;
  write(text: string): void;
  /** Set on Ctrl-C (wall clock). */
  signal?: AbortSignal;
  /** Poll period in wall-clock mode. */
  pollMs?: number;
  manual?: boolean;
}

/** In manual mode without --request-timeout: stop once the watched objects have been quiet this long. */
export const MANUAL_QUIET_MS = 5 * 60_000;
/** ... and in any case after this much simulated time (a crash loop never goes quiet). */
export const MANUAL_MAX_MS = 60 * 60_000;

const EVENT_CELL: Record<WatchEventType, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ' };

/** kubectl's printers in watch mode: one object (or watch event) at a time. */
export class WatchPrinter {
  private readonly tw = new TabWriter(GET_TABLE);
  private printedHeaders = false;
  private count = 0;
  private readonly format: string;
  private readonly arg: string;
  private readonly columns: CustomColumn[] | undefined;

  constructor(
    private readonly req: WatchRequest,
    private readonly write: (text: string) => void,
  ) {
    const { format, arg } = splitOutput(req.output);
    this.format = format;
    this.arg = arg;
    this.columns = format === 'custom-columns' ? parseCustomColumns(arg) : undefined;
  }

  print(type: WatchEventType, object: KObject, now: number): void {
    this.printAll([{ type, object, now }]);
  }

  /**
   * Several objects with one flush at the end: the initial list is aligned as
   * one block (kubectl prints it through the tabwriter, then flushes once).
   */
  printAll(items: { type: WatchEventType; object: KObject; now: number }[]): void {
    if (items.length === 0) return;
    if (isTableFormat(this.req.output) || this.format === 'custom-columns') {
      this.write(this.tab(items.flatMap((i) => this.lines(i.type, i.object, i.now))));
    } else {
      this.write(items.map((i) => this.render(i.type, i.object)).join(''));
    }
  }

  private lines(type: WatchEventType, object: KObject, now: number): string[][] {
    const lines: string[][] = [];
    if (this.columns) {
      if (!this.req.noHeaders && !this.printedHeaders) lines.push(this.columns.map((c) => c.header));
      lines.push(this.columns.map((c) => customColumnCell(object, c)));
      this.printedHeaders = true;
      return lines;
    }
    const events = !!this.req.outputWatchEvents;
    const opts: OutputOptions = {
      output: this.req.output,
      showLabels: this.req.showLabels,
      labelColumns: this.req.labelColumns,
      allNamespaces: this.req.allNamespaces,
      now,
    };
    const { header, rows } = tableLayout({ resource: this.req.resource, objects: [object] }, opts);
    if (!this.req.noHeaders && !this.printedHeaders) lines.push(events ? ['EVENT', ...header] : header);
    for (const r of rows) lines.push(events ? [EVENT_CELL[type], ...r] : r);
    if (rows.length) this.printedHeaders = true;
    return lines;
  }

  private render(type: WatchEventType, object: KObject): string {
    const data: unknown = this.req.outputWatchEvents ? { type, object } : object;
    this.count++;
    switch (this.format) {
      case 'yaml':
        return (this.count > 1 ? '---\n' : '') + toYaml(data);
      case 'json':
        if (!this.req.outputWatchEvents) return toJson(object);
        // metav1.WatchEvent marshals its fields in struct order: type, then object.
        return `{\n    "type": ${JSON.stringify(type)},\n    "object": ${toJson(object).trimEnd().replace(/\n/g, '\n    ')}\n}\n`;
      case 'name':
        return `${qualifiedKind(this.req.resource)}/${object.metadata.name}\n`;
      case 'jsonpath':
        return executeJsonPath(this.arg, data, { allowMissingKeys: true });
      case 'jsonpath-as-json':
        return executeJsonPathAsJson(this.arg, data);
      default:
        throw new OutputError(`output format "${this.format}" is not supported by kubesim yet`);
    }
  }

  /** Rows through the one tabwriter, widths remembered across flushes. */
  private tab(lines: string[][]): string {
    this.tw.write(lines.map((l) => l.map(tableCell).join('\t') + '\n').join(''));
    return this.tw.flush();
  }
}

/** Decides what a change means to this watch (selectors can move objects in and out). */
export class WatchFilter {
  private readonly labels;
  private readonly fields;

  constructor(
    private readonly req: WatchRequest,
    private readonly namespace: string | undefined,
  ) {
    this.labels = req.labelSelector ? parseLabelSelector(req.labelSelector) : undefined;
    this.fields = req.fieldSelector ? parseFieldSelector(req.fieldSelector) : undefined;
  }

  matches(o: KObject): boolean {
    if (this.req.resource.namespaced && this.namespace !== undefined && (o.metadata.namespace ?? '') !== this.namespace) return false;
    if (this.req.names.length && !this.req.names.includes(o.metadata.name ?? '')) return false;
    if (this.labels && !matchesLabelSelector(this.labels, o.metadata.labels ?? {})) return false;
    if (this.fields && !matchesFieldSelector(this.fields, (p) => fieldValue(o, p))) return false;
    return true;
  }

  /** The event a journal entry is for this watch, if any. */
  event(e: JournalEntry): { type: WatchEventType; object: KObject } | undefined {
    if (e.resource !== storageKey(this.req.resource)) return undefined;
    const now = this.matches(e.object);
    if (e.type !== 'MODIFIED') return now ? { type: e.type, object: e.object } : undefined;
    const before = e.old ? this.matches(e.old) : now;
    if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: e.object };
    return before ? { type: 'DELETED', object: e.old ?? e.object } : undefined;
  }
}

interface Cursor {
  revision: number;
  /** What the watch believes exists, by namespace/name (for a re-list after a gap). */
  known: Map<string, KObject>;
}

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The initial get or list, authorized as the user's (Forbidden, or NotFound for a missing named object). */
function initial(s: ClusterSession, req: WatchRequest, namespace: string | undefined, ctxNamespace: string): KObject[] {
  if (req.names.length) return req.names.map((name) => s.api.get(req.resource, ctxNamespace, name));
  return s.api.list(req.resource, namespace, { labelSelector: req.labelSelector, fieldSelector: req.fieldSelector });
}

/**
 * kubectl opens the watch after printing the initial objects: a user who may get or list but not
 * watch sees them, then the refusal (a named object's watch carries its name in a field selector).
 */
function authorizeWatch(s: ClusterSession, req: WatchRequest, namespace: string | undefined): void {
  s.api.authorizeRequest('watch', req.resource, namespace, req.names.length === 1 ? req.names[0] : undefined);
}

/** The changes since the cursor, printed; re-lists when the journal has a gap. */
function emit(s: ClusterSession, filter: WatchFilter, printer: WatchPrinter, cursor: Cursor, relist: () => KObject[]): number {
  const journal = journalOf(s.store);
  let printed = 0;
  const { entries, complete } = journal ? journal.since(cursor.revision) : { entries: [], complete: false };
  if (complete) {
    for (const e of entries) {
      const ev = filter.event(e);
      if (!ev) continue;
      if (ev.type === 'DELETED') cursor.known.delete(keyOf(ev.object));
      else cursor.known.set(keyOf(ev.object), ev.object);
      printer.print(ev.type, ev.object, e.at);
      printed++;
    }
  } else {
    // Some changes were not kept: compare the current state with what we know.
    const current = relist();
    const seen = new Set<string>();
    for (const o of current) {
      const k = keyOf(o);
      seen.add(k);
      const before = cursor.known.get(k);
      if (before?.metadata.resourceVersion === o.metadata.resourceVersion) continue;
      printer.print(before === undefined ? 'ADDED' : 'MODIFIED', o, s.now);
      cursor.known.set(k, o);
      printed++;
    }
    for (const [k, last] of [...cursor.known]) {
      if (seen.has(k)) continue;
      cursor.known.delete(k);
      printer.print('DELETED', last, s.now);
      printed++;
    }
  }
  cursor.revision = s.store.meta.revision;
  return printed;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Runs a watch to its end (timeout, Ctrl-C, or in manual mode: quiet). */
export async function runWatch(req: WatchRequest, io: WatchIO): Promise<void> {
  const manual = io.manual ?? isManualClock();
  const printer = new WatchPrinter(req, io.write);
  const cursor: Cursor = { revision: 0, known: new Map() };
  const timeout = req.timeoutMs && req.timeoutMs > 0 ? req.timeoutMs : undefined;
  let filter: WatchFilter | undefined;
  let namespace: string | undefined;
  let ctxNamespace = '';
  const relist = (s: ClusterSession) => () => {
    try {
      return initial(s, req, namespace, ctxNamespace).filter((o) => filter!.matches(o));
    } catch {
      return req.names.map((n) => s.api.tryGet(req.resource, ctxNamespace, n)).filter((o): o is KObject => !!o);
    }
  };

  if (!manual) touchWatchMarker(io.stateDir);
  const start = Date.now();
  await io.open((s, ns) => {
    ctxNamespace = ns;
    namespace = req.allNamespaces ? undefined : ns;
    filter = new WatchFilter(req, req.resource.namespaced ? namespace : undefined);
    const objects = initial(s, req, namespace, ns);
    for (const o of objects) cursor.known.set(keyOf(o), o);
    if (!req.watchOnly) printer.printAll(objects.map((object) => ({ type: 'ADDED' as const, object, now: s.now })));
    authorizeWatch(s, req, namespace);
    cursor.revision = s.store.meta.revision;
    if (!manual) return;

    // Manual clock: one session; simulated time moves wake-up by wake-up.
    const journal = journalOf(s.store);
    if (journal) journal.recording = true;
    const begin = s.now;
    const deadline = timeout !== undefined ? begin + timeout : begin + MANUAL_MAX_MS;
    let lastChange = begin;
    for (;;) {
      const next = s.engine.nextWakeup();
      if (timeout === undefined) {
        // No timeout: a real watch never ends, but a simulated one with nobody to
        // press Ctrl-C must. It stops when nothing more is scheduled, or when the
        // watched objects have been quiet for MANUAL_QUIET_MS (periodic probes and
        // resyncs keep the queue from ever emptying), or after MANUAL_MAX_MS. The
        // clock stays at the last wake-up processed.
        if (next === undefined || next > lastChange + MANUAL_QUIET_MS || next > deadline) break;
      } else if (next === undefined || next > deadline) {
        s.advance(Math.max(0, deadline - s.now));
        emit(s, filter, printer, cursor, relist(s));
        break;
      }
      s.advance(Math.max(0, next - s.now));
      if (emit(s, filter, printer, cursor, relist(s)) > 0) lastChange = s.now;
    }
  });
  if (manual) return;

  // Wall clock: poll, letting other processes take the lock in between.
  const period = io.pollMs ?? 200;
  const deadline = timeout !== undefined ? start + timeout : Infinity;
  while (!io.signal?.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(period, left), io.signal);
    if (io.signal?.aborted) break;
    touchWatchMarker(io.stateDir);
    await io.open((s) => {
      emit(s, filter!, printer, cursor, relist(s));
    });
  }
}

/**
 * --request-timeout (client-go): a bare integer is seconds, else a Go duration;
 * 0 or empty means no timeout.
 */
export function parseRequestTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/.test(value) ? tryDuration(value) : undefined;
  if (ms === undefined || ms < 0) {
    throw new ClientError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
  }
  return ms;
}

function tryDuration(value: string): number | undefined {
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}
