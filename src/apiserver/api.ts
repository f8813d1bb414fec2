// The API layer: every read and write of the cluster goes through here, shaped
// like the REST API (verb, resource, namespace, name, body, options) so that a
// real HTTP endpoint can sit in front of it later. A write runs the API
// server's pipeline: decode + defaulting -> mutating admission -> validation ->
// validating admission -> storage (uid, resourceVersion, creationTimestamp).
import { strictDecode } from './schema.js';
import type { KObject, Pod } from '../types/k8s.js';
import { resizeUpdate } from './pod-features.js';
import { ephemeralContainersUpdate } from './ephemeral-containers.js';
import type { Store } from '../store/store.js';
import type { Engine } from '../cluster/engine.js';
import { rfc3339 } from '../util/duration.js';
import { generateName, newUid } from '../util/ids.js';
import { alreadyExists, badRequest, conflict, notFound, StatusError } from './errors.js';
import { apiVersionOf, storageKey, type ResourceInfo } from './resources.js';
import { strategyFor } from './strategies.js';
import { applyPatch, type PatchType } from './patch.js';
import { matchesLabelSelector, parseLabelSelector, matchesFieldSelector, parseFieldSelector } from './selectors.js';
import { fieldValue, unsupportedFieldLabel } from './fields.js';
import { admit, type AdmissionRequest } from './admission.js';
import { authorizeRequest } from './auth/rbac.js';
import { traceRequest } from './request-trail.js';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export const ADMIN_USER: UserInfo = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
export const SYSTEM_USER: UserInfo = { name: 'system:kube-controller-manager', groups: ['system:authenticated'] };

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Write the status subresource (`PATCH .../status`): only `status` changes, no admission. */
  /** `resize` (pods, InPlacePodVerticalScaling): only the containers' resources change (pod-features.ts). */
  /** `ephemeralcontainers` (pods): only the ephemeral containers change (ephemeral-containers.ts). */
  subresource?: 'status' | 'resize' | 'ephemeralcontainers';
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * The caller lays out a `get` table (listByNamespace): the objects may be table projections,
   * holding what the table printers and the label selector read (src/store/table-projections.ts).
   * Not with a field selector, which may read other fields.
   */
  forTable?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  dryRun?: boolean;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Per-resource read projections (see ApiServer.view); registered by the cluster. */
/** A projection may also hide an object that no longer exists for readers (an expired event). */
type ReadProjection = (obj: KObject, now: number) => KObject | undefined;
const READ_PROJECTIONS = new Map<string, ReadProjection>();

export function registerReadProjection(resource: string, project: ReadProjection): void {
  READ_PROJECTIONS.set(resource, project);
}

export class ApiServer {
  constructor(
    readonly store: Store,
    readonly engine: Engine,
    readonly user: UserInfo,
    /**
     * Let the controllers react after each write, before the next request (as
     * the watches of a real control plane do within milliseconds). Only the
     * client-facing API settles; the controllers' own API must not re-enter the engine.
     */
    private readonly settles = false,
    /**
     * Reads hand out copies, so that a caller's changes never reach the store behind its back.
     * A read-only session (ClusterSession.readOnly) shares the stored objects instead: it writes
     * nothing, so what its caller does with them is never saved, and a big list costs no copy.
     */
    private readonly copyReads = true,
  ) {}

  private settle<T>(result: T): T {
    if (this.settles) this.engine.runUntil(this.engine.now);
    return result;
  }

  get now(): number {
    return this.engine.now;
  }

  /** Warnings for the client (kubectl prints `Warning: TEXT` on stderr); commands print them with KubeCommand.printWarnings. */
  readonly warnings: string[] = [];

  /** RBAC (auth/rbac.ts); the controllers' own identity is not checked. */
  private authorize(verb: string, r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): void {
    if (this.user !== SYSTEM_USER) authorizeRequest(this.store, this.user, verb, r, namespace, name, subresource);
  }

  /** The same API seen by another identity (controllers, impersonation). */
  as(user: UserInfo): ApiServer {
    return new ApiServer(this.store, this.engine, user, this.settles, this.copyReads);
  }

  /** GET of an object, or of one of its subresources (`pods/NAME/status`: the same object, authorized as the subresource). */
  get(r: ResourceInfo, namespace: string | undefined, name: string, subresource?: string): KObject {
    this.authorize('get', r, namespace, name, subresource);
    return this.read(r, namespace, name);
  }

  private read(r: ResourceInfo, namespace: string | undefined, name: string): KObject {
    const obj = this.store.get(storageKey(r), r.namespaced ? namespace : undefined, name);
    const seen = obj && this.view(r, obj);
    if (!seen) throw notFound(r, name);
    return seen;
  }

  /**
   * What a read returns: a copy, with the fields that a real node keeps fresh
   * by writing every few seconds (heartbeats) brought up to now.
   */
  private view(r: ResourceInfo, obj: KObject): KObject | undefined {
    const project = READ_PROJECTIONS.get(storageKey(r));
    // A projection changes what it is given: always a copy.
    if (project) return project(clone(obj), this.now);
    return this.copyReads ? clone(obj) : obj;
  }

  /** A client's GET that may find nothing (kubectl get NAME, apply's look-up): authorized like get. */
  find(r: ResourceInfo, namespace: string | undefined, name: string): KObject | undefined {
    this.authorize('get', r, namespace, name);
    return this.tryGet(r, namespace, name);
  }

  /**
   * RBAC for a client request that reads no stored object through get/list: a watch, a
   * subresource it connects to (`create` pods/exec, `get` pods/log), the aggregated metrics API.
   */
  authorizeRequest(verb: string, r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): void {
    if (this.user !== SYSTEM_USER) authorizeRequest(this.store, this.user, verb, r, namespace, name, subresource);
  }

  /** The server's own look-up (admission, controllers): no RBAC check; clients use find(). */
  tryGet(r: ResourceInfo, namespace: string | undefined, name: string): KObject | undefined {
    const obj = this.store.get(storageKey(r), r.namespaced ? namespace : undefined, name);
    return obj ? this.view(r, obj) : undefined;
  }

  /** Objects in `namespace` (all namespaces when undefined), filtered by selectors. */
  list(r: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): KObject[] {
    this.authorize('list', r, namespace);
    const select = this.selection(r, opts);
    return select(this.store.list(storageKey(r), r.namespaced ? namespace : ''));
  }

  /**
   * The objects of `list`, one namespace at a time (Store.listByNamespace): for a reader that is
   * done with each namespace's objects before it asks for the next. Authorized and the selectors
   * checked before the first.
   */
  *listByNamespace(r: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): Generator<KObject[]> {
    this.authorize('list', r, namespace);
    const select = this.selection(r, opts);
    const forTable = opts.forTable === true && !opts.fieldSelector;
    for (const page of this.store.listByNamespace(storageKey(r), r.namespaced ? namespace : '', forTable)) yield select(page);
  }

  /** The filter of a list's selectors, as the caller sees the objects; bad selectors throw here. */
  private selection(r: ResourceInfo, opts: ListOptions): (items: KObject[]) => KObject[] {
    const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
    const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
    if (fields) {
      const unsupported = unsupportedFieldLabel(r.group, r.kind, fields.requirements.map((q) => q.field));
      if (unsupported) throw badRequest(unsupported);
    }
    return (items) => {
      if (labels) items = items.filter((o) => matchesLabelSelector(labels, o.metadata.labels ?? {}));
      // `spec.host` is the old name of spec.nodeName (the Pod conversion maps it).
      if (fields) items = items.filter((o) => matchesFieldSelector(fields, (path) => fieldValue(o, path === 'spec.host' ? 'spec.nodeName' : path)));
      return items.map((o) => this.view(r, o)).filter((o): o is KObject => o !== undefined);
    };
  }

  create(r: ResourceInfo, namespace: string | undefined, body: KObject, opts: WriteOptions = {}): KObject {
    if (this.user !== SYSTEM_USER) strictDecode(r, body); // the decoder runs before anything else (schema.ts)
    const obj = clone(body);
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    obj.metadata = obj.metadata ?? {};
    if (r.namespaced) {
      const ns = obj.metadata.namespace || namespace || 'default';
      if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns;
    } else {
      delete obj.metadata.namespace;
    }
    this.authorize('create', r, obj.metadata.namespace);
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
    // The uid exists before the strategy runs (a Job's generated selector names it).
    obj.metadata.uid = newUid();
    traceRequest(this.store, this.engine, this.user, 'create', r, obj.metadata.namespace, obj.metadata.name);
    const strategy = strategyFor(r);
    strategy.prepareForCreate(obj, this);
    const request: AdmissionRequest = { operation: 'CREATE', resource: r, object: obj, user: this.user, api: this };
    admit(request, 'mutating');
    if (this.user !== SYSTEM_USER) strategy.guardWrite?.(obj, undefined, this);
    strategy.validateCreate(obj, this);
    admit(request, 'validating');
    const key = storageKey(r);
    if (this.store.get(key, obj.metadata.namespace, obj.metadata.name!)) throw alreadyExists(r, obj.metadata.name!);
    obj.metadata.creationTimestamp = rfc3339(this.now);
    delete obj.metadata.resourceVersion;
    delete obj.metadata.deletionTimestamp;
    if (strategy.tracksGeneration) obj.metadata.generation = 1;
    if (opts.dryRun) return obj;
    return this.settle(clone(this.store.put(key, obj)));
  }

  /** Replaces an object (PUT). A resourceVersion in the body must match the stored one. */
  update(r: ResourceInfo, namespace: string | undefined, body: KObject, opts: WriteOptions = {}): KObject {
    if (this.user !== SYSTEM_USER) strictDecode(r, body);
    const name = body.metadata?.name;
    if (!name) throw badRequest('name is required');
    // A subresource is authorized as itself (`pods/ephemeralcontainers`), as RBAC sees it.
    this.authorize('update', r, namespace, name, opts.subresource);
    const old = this.read(r, namespace, name);
    traceRequest(this.store, this.engine, this.user, 'update', r, namespace, name, opts.subresource);
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(r, name);
    }
    return this.write(r, old, clone(body), opts);
  }

  /** PATCH with a strategic merge, JSON merge or JSON patch document. */
  patch(r: ResourceInfo, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): KObject {
    this.authorize('patch', r, namespace, name, opts.subresource);
    // A merge patch is decoded like a body (a JSON patch's values are checked once applied, by validation).
    if (this.user !== SYSTEM_USER && type !== 'json' && opts.subresource !== 'status') strictDecode(r, patch);
    const old = this.read(r, namespace, name);
    traceRequest(this.store, this.engine, this.user, 'patch', r, namespace, name, opts.subresource);
    const patched = applyPatch(clone(old), patch, type, r.kind);
    if (patched.metadata?.name !== name) {
      throw badRequest(`the name of the object (${patched.metadata?.name}) does not match the name on the URL (${name})`);
    }
    if (r.namespaced && patched.metadata.namespace !== old.metadata.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    return this.write(r, old, patched, opts);
  }

  /** The new object of an update or patch, stored as the object or the subresource it names. */
  private write(r: ResourceInfo, old: KObject, obj: KObject, opts: WriteOptions): KObject {
    switch (opts.subresource) {
      case 'status':
        return this.replaceStatus(r, old, obj, opts);
      case 'resize':
        return this.replaceResize(r, old, obj, opts);
      case 'ephemeralcontainers':
        return this.replaceEphemeralContainers(r, old, obj, opts);
      default:
        return this.replace(r, old, obj, opts);
    }
  }

  /** What a subresource write left of the object, stored (not when dry, nor when nothing changed). */
  private storeSubresourceWrite(r: ResourceInfo, old: KObject, next: KObject, opts: WriteOptions): KObject {
    if (opts.dryRun) return next;
    if (JSON.stringify(next) === JSON.stringify(old)) return old;
    return this.settle(clone(this.store.put(storageKey(r), next)));
  }

  /** The pods/resize subresource: new container resources, validated as a pod update. */
  private replaceResize(r: ResourceInfo, old: KObject, obj: KObject, opts: WriteOptions): KObject {
    const next = r.name === 'pods' ? resizeUpdate(old as Pod, obj as Pod, this.store.meta.featureGates) : undefined;
    if (!next) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    return this.storeSubresourceWrite(r, old, next, opts);
  }

  /** The pods/ephemeralcontainers subresource: ephemeral containers added to a pod (kubectl debug). */
  private replaceEphemeralContainers(r: ResourceInfo, old: KObject, obj: KObject, opts: WriteOptions): KObject {
    if (r.name !== 'pods') throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    // Mutating admission sees the request; what it changes outside the ephemeral containers is
    // dropped with the rest (the strategy runs after it); validating admission sees the result.
    const request: AdmissionRequest = { operation: 'UPDATE', resource: r, subresource: 'ephemeralcontainers', object: obj, oldObject: old, user: this.user, api: this };
    admit(request, 'mutating');
    const next = ephemeralContainersUpdate(old as Pod, request.object as Pod);
    admit({ ...request, object: next }, 'validating');
    return this.storeSubresourceWrite(r, old, next, opts);
  }

  /** The status subresource: everything but `status` stays as stored (the registries' status strategies). */
  private replaceStatus(r: ResourceInfo, old: KObject, obj: KObject, opts: WriteOptions): KObject {
    const next = clone(old);
    const status = (obj as { status?: unknown }).status;
    if (status === undefined) delete (next as { status?: unknown }).status;
    else (next as { status?: unknown }).status = status;
    return this.storeSubresourceWrite(r, old, next, opts);
  }

  private replace(r: ResourceInfo, old: KObject, obj: KObject, opts: WriteOptions): KObject {
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    // Identity fields are the server's, whatever the client sent.
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    obj.metadata.namespace = old.metadata.namespace;
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) {
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    const strategy = strategyFor(r);
    strategy.prepareForUpdate(obj, old, this);
    const request: AdmissionRequest = { operation: 'UPDATE', resource: r, object: obj, oldObject: old, user: this.user, api: this };
    admit(request, 'mutating');
    if (this.user !== SYSTEM_USER) strategy.guardWrite?.(obj, old, this);
    strategy.validateUpdate(obj, old, this);
    admit(request, 'validating');
    if (strategy.tracksGeneration) {
      const specChanged = JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
      obj.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    if (opts.dryRun) return obj;
    // An update that changes nothing is not written (no new resourceVersion), as in etcd3's GuaranteedUpdate.
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (JSON.stringify(obj) === JSON.stringify(old)) return old;
    return this.settle(clone(this.store.put(storageKey(r), obj)));
  }

  /** Writes status (the status subresource): no admission, no spec changes. */
  updateStatus(r: ResourceInfo, obj: KObject): KObject {
    return clone(this.store.put(storageKey(r), clone(obj)));
  }

  /**
   * DELETE. Objects with finalizers or a graceful deletion (bound pods) are
   * marked with a deletionTimestamp; others are removed at once.
   */
  delete(r: ResourceInfo, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    this.authorize('delete', r, namespace, name);
    const obj = this.read(r, namespace, name);
    traceRequest(this.store, this.engine, this.user, 'delete', r, namespace, name);
    const strategy = strategyFor(r);
    strategy.validateDelete?.(obj, this);
    if (opts.dryRun) return obj;
    const grace = strategy.gracefulDeletion?.(obj, opts.gracePeriodSeconds);
    if (obj.metadata.deletionTimestamp) {
      // A second delete may only shorten the grace period.
      if (grace !== undefined && grace < (obj.metadata.deletionGracePeriodSeconds ?? Infinity)) {
        obj.metadata.deletionGracePeriodSeconds = grace;
        obj.metadata.deletionTimestamp = rfc3339(this.now + grace * 1000);
        return this.settle(clone(this.store.put(storageKey(r), obj)));
      }
      return obj;
    }
    const marked = strategy.markForDeletion?.(obj) ?? false;
    // Foreground and orphan deletions are finished by the garbage collector (its finalizers).
    const gcFinalizer = opts.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : opts.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
    if (marked || (grace !== undefined && grace > 0) || (obj.metadata.finalizers?.length ?? 0) > 0 || gcFinalizer) {
      obj.metadata.deletionTimestamp = rfc3339(this.now + (grace ?? 0) * 1000);
      obj.metadata.deletionGracePeriodSeconds = grace ?? 0;
      if (gcFinalizer && !obj.metadata.finalizers?.includes(gcFinalizer)) {
        obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), gcFinalizer];
      }
      return this.settle(clone(this.store.put(storageKey(r), obj)));
    }
    this.store.remove(storageKey(r), r.namespaced ? namespace : undefined, name);
    return this.settle(obj);
  }

  /** Removes an object for good (the kubelet after termination, the GC). */
  purge(r: ResourceInfo, namespace: string | undefined, name: string): void {
    this.store.remove(storageKey(r), r.namespaced ? namespace : undefined, name);
  }
}

