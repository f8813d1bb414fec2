// Stored forms: how a resource's objects are written in their shard when the full object says
// more than it needs to.
//
// A shard is a JSON object from name to stored value. A value that is a JSON object is the object
// itself (every resource, and every shard written before stored forms existed). A value that is a
// list is a resource's stored form: its first member names the form, the rest are the object's
// values that cannot be derived from the shard (its resource, namespace and the object's name).
// A form is only used for objects that read back exactly as they went in: the same JSON text, key
// order included (`kubectl get -o json` prints what the store holds); an object shaped any other
// way (a field more or less, another order) is stored as itself.
//
// Events are the one resource with a form: a catch-up of a big cluster keeps tens of thousands of
// them, all written by the event recorder in one shape (src/cluster/events.ts), and the form takes
// their shard from ~800 to ~350 bytes an event, read and written at every catch-up.
import type { Event, KObject } from '../types/k8s.js';

/** A resource's stored form; `encode` answers undefined for an object the form cannot hold exactly. */
interface StoredForm {
  encode(object: KObject, name: string, namespace: string): unknown[] | undefined;
  /** The object from its stored values; undefined when they are not that form's (a damaged shard). */
  decode(stored: unknown[], name: string, namespace: string): KObject | undefined;
}

/** A member an object must have (or, optional, may have), in a fixed order. */
interface KeySpec {
  key: string;
  optional: boolean;
}
/** The members of a shape, in order: a name with a `?` in front is optional. */
const shape = (...keys: string[]): KeySpec[] => keys.map((k) => (k.startsWith('?') ? { key: k.slice(1), optional: true } : { key: k, optional: false }));

/** Whether `object`'s keys are those of `spec`, in that order (optional ones possibly absent). */
function hasKeys(object: object, spec: readonly KeySpec[]): boolean {
  let i = 0;
  for (const key in object) {
    while (i < spec.length && spec[i]!.optional && spec[i]!.key !== key) i++;
    if (i === spec.length || spec[i]!.key !== key) return false;
    i++;
  }
  for (; i < spec.length; i++) if (!spec[i]!.optional) return false;
  return true;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const presentIsString = (object: Record<string, unknown>, key: string) => !(key in object) || isString(object[key]);
/** An optional string member: absent (0 in the stored form) or a string. */
const optional = (v: string | undefined): string | 0 => (v === undefined ? 0 : v);
const orAbsent = (v: unknown): string | undefined => (v === 0 ? undefined : (v as string));
/** A string member that usually equals `usual`: 0 in the stored form when it does. */
const unlessSame = (v: string, usual: string): string | 0 => (v === usual ? 0 : v);
const orUsual = (v: unknown, usual: string): string => (v === 0 ? usual : (v as string));

const EVENT_KEYS = shape(
  'apiVersion', 'kind', 'metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp',
  'lastTimestamp', 'count', 'type', 'eventTime', 'reportingComponent', 'reportingInstance',
);
const EVENT_METADATA_KEYS = shape('name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion');
const INVOLVED_OBJECT_KEYS = shape('apiVersion', 'kind', 'name', '?namespace', 'uid', '?resourceVersion', '?fieldPath');
const SOURCE_KEYS = shape('component', '?host');
/** The first member of an Event's stored form (a later form would take another). */
const EVENT_FORM = 1;
const EVENT_FORM_LENGTH = 20;

/** What the involved object's name usually is: the event's name without the `.<nanoseconds>` the recorder adds. */
const namedAfter = (eventName: string) => eventName.slice(0, Math.max(0, eventName.lastIndexOf('.')));

/**
 * The form of the events the recorder writes: every value in a fixed place, with the shard's
 * namespace, the name, `apiVersion: v1`, `kind: Event`, `eventTime: null` and the reporting
 * component (the source's) left out, and members that repeat another (the involved object's
 * name and namespace, the first and last timestamps, the reporting instance) written as 0.
 */
const eventForm: StoredForm = {
  encode(object, name, namespace) {
    const ev = object as Event;
    const md = ev.metadata;
    const io = ev.involvedObject as Record<string, unknown> | undefined;
    const src = ev.source as Record<string, unknown> | undefined;
    if (ev.apiVersion !== 'v1' || ev.kind !== 'Event' || ev.eventTime !== null || !hasKeys(ev, EVENT_KEYS)) return undefined;
    if (!hasKeys(md, EVENT_METADATA_KEYS) || md.name !== name || md.namespace !== namespace) return undefined;
    if (!isString(md.uid) || !isString(md.creationTimestamp) || !isString(md.resourceVersion)) return undefined;
    if (typeof io !== 'object' || io === null || !hasKeys(io, INVOLVED_OBJECT_KEYS)) return undefined;
    if (typeof src !== 'object' || src === null || !hasKeys(src, SOURCE_KEYS)) return undefined;
    if (!isString(io.apiVersion) || !isString(io.kind) || !isString(io.name) || !isString(io.uid) || !isString(src.component)) return undefined;
    if (!isString(ev.reason) || !isString(ev.message) || !isString(ev.firstTimestamp) || !isString(ev.lastTimestamp) || !isString(ev.type)) return undefined;
    if (!isString(ev.reportingInstance) || ev.reportingComponent !== src.component || typeof ev.count !== 'number' || !Number.isFinite(ev.count)) return undefined;
    // An optional member that is there must print: undefined would be left out of the text.
    if (!presentIsString(io, 'namespace') || !presentIsString(io, 'resourceVersion') || !presentIsString(io, 'fieldPath') || !presentIsString(src, 'host')) return undefined;
    const ioName = io.name as string;
    const host = src.host as string | undefined;
    const first = ev.firstTimestamp as string;
    return [
      EVENT_FORM,
      md.uid,
      md.creationTimestamp,
      md.resourceVersion,
      io.apiVersion,
      io.kind,
      ioName === namedAfter(name) ? 0 : ioName,
      io.namespace === undefined ? 0 : io.namespace === namespace ? 1 : io.namespace,
      io.uid,
      optional(io.resourceVersion as string | undefined),
      optional(io.fieldPath as string | undefined),
      ev.reason,
      ev.message,
      src.component,
      optional(host),
      unlessSame(first, md.creationTimestamp),
      unlessSame(ev.lastTimestamp as string, first),
      ev.count,
      ev.type,
      unlessSame(ev.reportingInstance as string, host ?? ''),
    ];
  },

  decode(s, name, namespace) {
    if (s.length !== EVENT_FORM_LENGTH || s[0] !== EVENT_FORM) return undefined;
    const creationTimestamp = s[2] as string;
    const involvedObject: Record<string, unknown> = { apiVersion: s[4], kind: s[5], name: s[6] === 0 ? namedAfter(name) : s[6] };
    if (s[7] !== 0) involvedObject.namespace = s[7] === 1 ? namespace : s[7];
    involvedObject.uid = s[8];
    if (s[9] !== 0) involvedObject.resourceVersion = s[9];
    if (s[10] !== 0) involvedObject.fieldPath = s[10];
    const host = orAbsent(s[14]);
    const source: Record<string, unknown> = host === undefined ? { component: s[13] } : { component: s[13], host };
    const firstTimestamp = orUsual(s[15], creationTimestamp);
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: s[1] as string, creationTimestamp, resourceVersion: s[3] as string },
      involvedObject,
      reason: s[11] as string,
      message: s[12] as string,
      source,
      firstTimestamp,
      lastTimestamp: orUsual(s[16], firstTimestamp),
      count: s[17] as number,
      type: s[18] as string,
      eventTime: null,
      reportingComponent: s[13] as string,
      reportingInstance: orUsual(s[19], host ?? ''),
    };
    return event;
  },
};

/** By resource key: `events` is core Events' (EVENTS in src/cluster/events.ts, not imported: the store sits below the cluster). */
const forms: ReadonlyMap<string, StoredForm> = new Map([['events', eventForm]]);

/** Whether `resource`'s shards may hold stored forms (others are written as plain objects). */
export const hasStoredForm = (resource: string): boolean => forms.has(resource);

/**
 * A shard's objects as written to disk: each in its resource's stored form when it has one that
 * holds the object exactly, else the object itself.
 */
export function encodeShard(resource: string, namespace: string, objects: Record<string, KObject>): Record<string, unknown> {
  const form = forms.get(resource);
  if (!form) return objects;
  const out: Record<string, unknown> = {};
  for (const name in objects) {
    const object = objects[name]!;
    out[name] = form.encode(object, name, namespace) ?? object;
  }
  return out;
}

/**
 * The objects of a shard read from disk, decoded in place; `damaged` is called with the name of
 * a stored form that cannot be read (the caller says how that is reported) and the value is left.
 */
export function decodeShard(resource: string, namespace: string, data: Record<string, unknown>, damaged: (name: string) => void): void {
  const form = forms.get(resource);
  for (const name in data) {
    const stored = data[name];
    if (!Array.isArray(stored)) continue;
    const object = form?.decode(stored, name, namespace);
    if (object) data[name] = object;
    else damaged(name);
  }
}
