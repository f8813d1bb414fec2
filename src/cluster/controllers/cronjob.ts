// The CronJob controller (pkg/controller/cronjob, cronjob_controllerv2 in
// v1.32): at each scheduled time it creates the Job NAME-<scheduled minute
// since the epoch>, tracks it in status.active until it finishes, records
// lastScheduleTime / lastSuccessfulTime and keeps the finished Jobs' history
// within the limits. It wakes only at schedule times (never per minute): after
// a long pause only the most recent missed run is started, as
// mostRecentScheduleTime does.
import type { Condition, KObject, ObjectReference } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import { compact, controllerRef, event, keyOf, ownerRefTo, res, self, splitKey, systemApi, toOwner, writeStatus } from './common.js';
import { JOBS, type Job } from './job.js';
import { parseSchedule, validTimeZone, CronParseError, type Schedule } from '../../util/cron.js';
import { rfc3339 } from '../../util/duration.js';
import { StatusError } from '../../apiserver/errors.js';

export const CRONJOBS = 'cronjobs.batch';
const COMPONENT = 'cronjob-controller';

export interface CronJob extends KObject {
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Job['spec'] };
  };
  status?: {
    active?: ObjectReference[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
}

const finished = (j: Job): Condition | undefined => j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(t: number): string {
  const d = new Date(t);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 of `t` in zone `tz` (Go's t.In(loc).Format(time.RFC3339)). */
function rfc3339In(t: number, tz: string | undefined): string {
  if (!tz || tz === 'UTC') return rfc3339(t);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  const off = Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const zone = off === 0 ? 'Z' : `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${String(Number(parts.hour) % 24).padStart(2, '0')}:${parts.minute}:${parts.second}${zone}`;
}

/**
 * mostRecentScheduleTime: the earliest time considered, the most recent
 * schedule time at or before `now` (if any) and roughly how many were missed.
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, sched: Schedule, includeDeadline: boolean): { earliest: number; mostRecent?: number; missed: number } {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeDeadline && sds !== undefined && sds !== null) {
    const deadline = now - sds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = sched.next(earliest);
  if (t1 === undefined || now < t1) return { earliest, missed: 0 };
  const t2 = sched.next(t1);
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const interval = Math.round((t2 - t1) / 1000);
  if (interval < 1) return { earliest, missed: 0 };
  const missed = Math.floor((now - t1) / 1000 / interval) + 1;
  // The latest activation not after now: start a little before the estimate, step back further if needed.
  let back = 2 * interval * 1000;
  for (;;) {
    const from = Math.max(earliest, t1 + (missed - 2) * interval * 1000 - back);
    let mostRecent: number | undefined;
    for (let t = sched.next(from); t !== undefined && t <= now; t = sched.next(t)) mostRecent = t;
    if (mostRecent !== undefined || from <= earliest) return { earliest, mostRecent: mostRecent ?? t1, missed };
    back *= 4;
  }
}

function jobRef(job: Job): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name!, namespace: job.metadata.namespace!, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
}

/** byJobStartTime: by status.startTime (unset last), then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa && sb && sa !== sb) return Date.parse(sa) - Date.parse(sb);
  if (sa && !sb) return -1;
  if (!sa && sb) return 1;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly watches = {
    [CRONJOBS]: self,
    [JOBS]: toOwner('CronJob'),
  };

  reconcile(key: string, engine: Engine): void {
    const [ns, name] = splitKey(key);
    const stored = engine.store.get(CRONJOBS, ns, name) as CronJob | undefined;
    if (!stored) return;
    const cj = structuredClone(stored);
    const now = engine.now;
    const status = { ...(cj.status ?? {}) };
    let active = [...(status.active ?? [])];
    const jobs = (engine.store.list(JOBS, ns) as Job[]).filter((j) => controllerRef(j)?.uid === cj.metadata.uid);
    const children = new Set(jobs.map((j) => j.metadata.uid));

    for (const j of jobs) {
      const found = active.some((r) => r.uid === j.metadata.uid);
      const done = finished(j);
      if (!found && !done) {
        event(engine, cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`, COMPONENT);
      } else if (found && done) {
        active = active.filter((r) => r.uid !== j.metadata.uid);
        event(engine, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${done.type}`, COMPONENT);
      }
      // (The real controller notes lastSuccessfulTime on the sync that follows; the result is the same.)
      if (done?.type === 'Complete' && j.status?.completionTime) {
        const at = j.status.completionTime;
        if (!status.lastSuccessfulTime || Date.parse(at) > Date.parse(status.lastSuccessfulTime)) status.lastSuccessfulTime = at;
      }
    }
    for (const r of [...active]) {
      if (children.has(r.uid)) continue;
      if (!engine.store.get(JOBS, ns, r.name!)) {
        event(engine, cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`, COMPONENT);
        active = active.filter((x) => x.uid !== r.uid);
      }
    }

    if (!cj.metadata.deletionTimestamp) active = this.schedule(engine, cj, status, active, jobs, now);
    active = this.cleanup(engine, cj, active);

    const cur = engine.store.get(CRONJOBS, ns, name);
    if (!cur) return;
    writeStatus(engine, CRONJOBS, cur, compact({ active: active.length ? active : undefined, lastScheduleTime: status.lastScheduleTime, lastSuccessfulTime: status.lastSuccessfulTime }));
  }

  /** syncCronJob's scheduling half: returns the active list after creating (or replacing) a Job. */
  private schedule(engine: Engine, cj: CronJob, status: NonNullable<CronJob['status']>, active: ObjectReference[], jobs: Job[], now: number): ObjectReference[] {
    const tz = cj.spec.timeZone;
    if (tz !== undefined && tz !== null && !validTimeZone(tz)) {
      event(engine, cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`, COMPONENT);
      return active;
    }
    if (cj.spec.suspend) return active;
    let sched: Schedule;
    try {
      sched = parseSchedule(cj.spec.schedule, tz);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      event(engine, cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${e.message}`, COMPONENT);
      return active;
    }
    const key = keyOf(cj);
    const requeue = (state: CronJob) => {
      const { earliest, mostRecent } = mostRecentScheduleTime(state, now, sched, false);
      const at = sched.next(mostRecent ?? earliest);
      if (at !== undefined) engine.schedule(this.name, key, Math.max(at, now));
    };
    const { mostRecent, missed } = mostRecentScheduleTime(cj, now, sched, true);
    if (mostRecent === undefined || mostRecent > now) {
      requeue(cj);
      return active;
    }
    if (missed > 100) {
      event(engine, cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, COMPONENT);
    }
    const sds = cj.spec.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null && mostRecent + sds * 1000 < now) {
      event(engine, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(mostRecent)}`, COMPONENT);
      requeue(cj);
      return active;
    }
    const jobName = `${cj.metadata.name}-${Math.floor(mostRecent / 60_000)}`;
    const withState = (): CronJob => ({ ...cj, status: { ...status, active } });
    if (active.some((r) => r.name === jobName) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === mostRecent)) {
      requeue(withState());
      return active;
    }
    if (cj.spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
      event(engine, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
      requeue(withState());
      return active;
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const r of [...active]) {
        const j = jobs.find((x) => x.metadata.uid === r.uid) ?? (engine.store.get(JOBS, cj.metadata.namespace!, r.name!) as Job | undefined);
        if (!j) continue;
        if (this.deleteJob(engine, cj, j)) active = active.filter((x) => x.uid !== r.uid);
      }
    }
    const tmpl = cj.spec.jobTemplate ?? { spec: {} };
    const annotations = { ...(tmpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339In(mostRecent, tz) };
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: cj.metadata.namespace,
        ...(tmpl.metadata?.labels ? { labels: { ...tmpl.metadata.labels } } : {}),
        annotations,
        ownerReferences: [ownerRefTo(cj)],
      },
      spec: structuredClone(tmpl.spec),
    };
    let created: Job;
    try {
      created = systemApi(engine).create(res(JOBS), cj.metadata.namespace, job) as Job;
      event(engine, cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, COMPONENT);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.reason === 'AlreadyExists') {
        const existing = engine.store.get(JOBS, cj.metadata.namespace, jobName) as Job | undefined;
        if (!existing || controllerRef(existing)?.uid !== cj.metadata.uid || active.some((r) => r.uid === existing.metadata.uid)) return active;
        created = existing;
      } else {
        event(engine, cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`, COMPONENT);
        return active;
      }
    }
    active = [...active, jobRef(created)];
    status.lastScheduleTime = rfc3339(mostRecent);
    requeue(withState());
    return active;
  }

  /** cleanupFinishedJobs: the oldest finished Jobs beyond the history limits go (background deletion). */
  private cleanup(engine: Engine, cj: CronJob, active: ObjectReference[]): ObjectReference[] {
    const jobs = (engine.store.list(JOBS, cj.metadata.namespace) as Job[]).filter((j) => controllerRef(j)?.uid === cj.metadata.uid && !j.metadata.deletionTimestamp);
    const ok = jobs.filter((j) => finished(j)?.type === 'Complete');
    const failed = jobs.filter((j) => finished(j)?.type === 'Failed');
    const trim = (list: Job[], limit: number | undefined) => {
      if (limit === undefined || limit === null) return;
      const extra = list.length - limit;
      if (extra <= 0) return;
      for (const j of [...list].sort(byStartTime).slice(0, extra)) {
        if (this.deleteJob(engine, cj, j)) active = active.filter((r) => r.uid !== j.metadata.uid);
      }
    };
    trim(ok, cj.spec.successfulJobsHistoryLimit);
    trim(failed, cj.spec.failedJobsHistoryLimit);
    return active;
  }

  private deleteJob(engine: Engine, cj: CronJob, job: Job): boolean {
    try {
      systemApi(engine).delete(res(JOBS), job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      event(engine, cj, 'Warning', 'FailedDelete', `Deleted job: ${e.message}`, COMPONENT);
      return false;
    }
    event(engine, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, COMPONENT);
    return true;
  }
}

export const cronJobController = new CronJobController();
