// API errors, shaped like the Status objects a real API server returns, and
// rendered by the client the way kubectl's checkErr renders them (errors.md).
import type { StatusDetails } from '../types/k8s.js';
import { qualifiedResource, type ResourceInfo } from './resources.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Invalid'
  | 'Forbidden'
  | 'BadRequest'
  | 'Conflict'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'Unauthorized'
  | 'Timeout'
  | 'TooManyRequests'
  | 'UnsupportedMediaType'
  /** A status without a reason (kubectl prints `Error from server: <message>`). */
  | '';

export interface FieldCause {
  field: string;
  /** The full cause text after the field, e.g. `Required value`. */
  message: string;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
}

export function notFound(r: ResourceInfo, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, {
    name,
    group: r.group,
    kind: r.name,
  });
}

export function alreadyExists(r: ResourceInfo, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, {
    name,
    group: r.group,
    kind: r.name,
  });
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function conflict(r: ResourceInfo, name: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
}

/** `<resource> "<name>" is forbidden: <why>` (admission and RBAC rejections). */
export function forbidden(r: ResourceInfo, name: string | undefined, why: string): StatusError {
  const subject = name ? `${qualifiedResource(r)} "${name}"` : qualifiedResource(r);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`);
}

export function invalid(kind: string, name: string, causes: FieldCause[]): StatusError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new StatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    kind,
    causes: causes.map((c) => ({ field: c.field, message: c.message })),
  });
}

/** Go's %q for a plain string (enough for names and values kubectl quotes). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * The text kubectl prints for an API error (the caller adds a final newline where it lacks one).
 * `source` is the file the object came from, for `error when creating "f.yaml": `.
 */
export function formatStatusError(err: StatusError, source?: { verb: string; file: string }): string {
  if (err.reason === 'Invalid' && !err.details?.causes?.length) {
    return err.message ? `The request is invalid: ${err.message}` : 'The request is invalid';
  }
  if (err.reason === 'Invalid' && err.details?.causes) {
    const header = `The ${err.details.kind} ${goQuote(err.details.name ?? '')} is invalid`;
    const seen = new Set<string>();
    const causes = err.details.causes
      .map((c) => `${c.field}: ${c.message}`)
      .filter((c) => !seen.has(c) && seen.add(c));
    // kubectl's MultilineError ends every cause with a newline, even one whose text already ends in
    // one (a go-cmp diff does): the caller adds a newline only where the text lacks one.
    if (causes.length === 1) return `${header}: ${causes[0]}\n`;
    return `${header}: \n${causes.map((c) => `* ${c}\n`).join('')}`;
  }
  const prefix = source ? `error when ${source.verb} ${goQuote(source.file)}: ` : '';
  if (err.reason === 'Unauthorized') return `error: You must be logged in to the server (${err.message})`;
  if (err.reason === '') return `Error from server: ${prefix}${err.message}`;
  return `Error from server (${err.reason}): ${prefix}${err.message}`;
}

/** The Status body of an error, as the API server sends it (`kubesim serve`, kubectl -v=6's "server response object"). */
export function statusBody(err: StatusError): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: err.message };
  if (err.reason) body.reason = err.reason;
  if (err.details) body.details = err.details;
  body.code = err.code;
  return body;
}
