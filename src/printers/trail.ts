// `kubesim trace`: an object's trail as a timeline (offsets from the object's creation), or as
// JSON for tools. The entries come from src/client/trace.ts.
import { goDurationString } from '../util/go-duration.js';
import { rfc3339 } from '../util/duration.js';
import { tabwrite, DESCRIBE } from './tabwriter.js';
import { toJson } from './json.js';
import type { TrailEntry } from '../cluster/trace.js';

/** An entry with the object it is about (the traced object or one of its owners). */
export interface ShownEntry extends TrailEntry {
  object: string;
}

export interface TrailView {
  /** `pod/nginx-...` */
  object: string;
  namespace?: string;
  uid: string;
  /** The object's creation instant, epoch ms (offsets are counted from it). */
  created: number;
  entries: ShownEntry[];
}

const OFFSET_WIDTH = '+59.999s'.length;
const offset = (ms: number) => (ms < 0 ? goDurationString(ms) : `+${goDurationString(ms)}`);

/** The heading line of the timeline. */
export function trailHeading(view: TrailView): string {
  const where = view.namespace ? ` in namespace ${view.namespace}` : '';
  return `${view.object}${where}, created ${rfc3339(view.created)} (offsets from then)\n`;
}

/** The timeline rows of `entries` (a header line first when `header`). */
export function trailRows(view: TrailView, entries: ShownEntry[], header: boolean): string {
  const lines: string[] = header ? [`${'TIME'.padEnd(OFFSET_WIDTH)}\tOBJECT\tCOMPONENT\tWHAT`] : [];
  for (const e of entries) {
    // The time column is at least as wide as `+59.999s`, so rows printed later (--follow) stay aligned.
    lines.push(`${offset(e.at - view.created).padEnd(OFFSET_WIDTH)}\t${e.object}\t${e.component}\t${e.message}`);
    for (const d of e.details ?? []) lines.push(`\t\t\t  ${d}`);
  }
  return lines.length ? tabwrite(lines.join('\n') + '\n', DESCRIBE) : '';
}

export function trailJson(view: TrailView): string {
  return toJson({
    object: view.object,
    ...(view.namespace ? { namespace: view.namespace } : {}),
    uid: view.uid,
    creationTimestamp: rfc3339(view.created),
    entries: view.entries.map((e) => ({
      time: new Date(e.at).toISOString(),
      offsetMilliseconds: e.at - view.created,
      object: e.object,
      component: e.component,
      message: e.message,
      ...(e.details ? { details: e.details } : {}),
    })),
  });
}
