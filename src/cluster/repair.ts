// `kubesim repair`: brings a damaged KUBESIM_HOME back to a state that loads,
// keeping every object that can still be read. A shard that is not JSON is
// moved aside (`<file>.damaged`); objects that are not stored objects are
// dropped from their shard; a damaged meta.json is rebuilt (revision counter
// from the highest resourceVersion kept, a fresh clock no earlier than the
// newest object, and one wake-up per kept object for every controller that
// watches it, so the cluster reconciles everything again); a damaged
// wakeups.json is moved aside and the queue rebuilt the same way. Runs under the lock.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMeta, checkShard, checkWakeups, Store, WAKEUPS_FILE, type Meta, type Wakeup } from '../store/store.js';
import type { KObject } from '../types/k8s.js';
import { isManualClock } from './clock.js';
import { freshMeta } from './session.js';
import { CONTROLLERS } from './control-plane.js';

export interface RepairReport {
  /** One line per thing done, for the user. */
  actions: string[];
  objectsKept: number;
}

function readJson(file: string): { ok: true; data: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, data: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One wake-up at `at` per kept object for every controller that watches it. */
function requeue(kept: { resource: string; object: KObject }[], at: number): Wakeup[] {
  const seen = new Set<string>();
  const wakeups: Wakeup[] = [];
  for (const { resource, object } of kept) {
    for (const c of CONTROLLERS) {
      for (const key of c.watches[resource]?.({ resource, object }) ?? []) {
        const id = `${c.name}\u0000${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        wakeups.push({ at, controller: c.name, key });
      }
    }
  }
  return wakeups;
}

export function repairState(stateDir: string): RepairReport {
  const actions: string[] = [];
  let objectsKept = 0;
  let newest = 0;
  const kept: { resource: string; object: KObject }[] = [];
  const root = join(stateDir, 'objects');
  if (existsSync(root)) {
    for (const resource of readdirSync(root).sort()) {
      for (const f of readdirSync(join(root, resource)).sort()) {
        if (!f.endsWith('.json') || f.startsWith('.')) continue;
        const file = join(root, resource, f);
        const read = readJson(file);
        if (!read.ok || !isObj(read.data)) {
          renameSync(file, `${file}.damaged`);
          actions.push(`moved ${file} aside to ${file}.damaged (${read.ok ? 'not a JSON object' : read.reason})`);
          continue;
        }
        const data = read.data;
        let dropped = 0;
        for (const [name, obj] of Object.entries(data)) {
          try {
            checkShard(file, { [name]: obj });
            kept.push({ resource, object: obj as KObject });
            const md = (obj as KObject).metadata;
            newest = Math.max(newest, Date.parse(md.creationTimestamp ?? '') || 0);
          } catch {
            delete data[name];
            dropped++;
            actions.push(`dropped the unreadable object "${name}" from ${file}`);
          }
        }
        objectsKept += Object.keys(data).length;
        if (dropped) writeFileSync(file, JSON.stringify(data));
      }
    }
  }
  const metaFile = join(stateDir, 'meta.json');
  const metaRead = existsSync(metaFile) ? readJson(metaFile) : { ok: false as const, reason: 'missing' };
  let metaOk = false;
  if (metaRead.ok) {
    try {
      checkMeta(metaFile, metaRead.data);
      metaOk = true;
    } catch {
      // rebuilt below
    }
  }
  const highest = Store.highestRevision(stateDir);
  const wakeupsFile = join(stateDir, WAKEUPS_FILE);
  if (metaOk && metaRead.ok) {
    const meta = metaRead.data as Meta;
    let changed = false;
    if (meta.revision < highest) {
      meta.revision = highest;
      changed = true;
      actions.push(`raised the revision counter in ${metaFile} to ${highest}`);
    }
    const queue = existsSync(wakeupsFile) ? readJson(wakeupsFile) : undefined;
    let queueOk = queue?.ok ?? true;
    if (queue?.ok) {
      try {
        checkWakeups(wakeupsFile, queue.data);
      } catch {
        queueOk = false;
      }
    }
    if (!queueOk) {
      renameSync(wakeupsFile, `${wakeupsFile}.damaged`);
      meta.wakeups = requeue(kept, meta.processedUntil);
      changed = true;
      actions.push(`moved ${wakeupsFile} aside to ${wakeupsFile}.damaged (${queue?.ok === false ? queue.reason : 'not a list of wake-ups'}): every kept object queued for its controllers`);
    }
    if (changed) writeFileSync(metaFile, JSON.stringify(meta));
  } else {
    const meta = freshMeta({});
    meta.revision = highest;
    if (isManualClock()) meta.clock.frozenMs = Math.max(meta.clock.frozenMs, newest);
    meta.processedUntil = Math.max(meta.processedUntil, newest);
    meta.createdAt = meta.processedUntil;
    // A queue in meta.json wins over wakeups.json (the form from before the split), so the old file is ignored.
    meta.wakeups = requeue(kept, meta.processedUntil);
    if (existsSync(metaFile)) renameSync(metaFile, `${metaFile}.damaged`);
    writeFileSync(metaFile, JSON.stringify(meta));
    actions.push(
      `rebuilt ${metaFile} (${metaRead.ok ? 'not a cluster meta document' : metaRead.reason}): revision ${highest}, ` +
        'a new clock, every kept object queued for its controllers; feature gates and admission settings are reset',
    );
  }
  const marker = join(stateDir, 'commit.json');
  if (existsSync(marker)) renameSync(marker, `${marker}.done`);
  return { actions, objectsKept };
}
