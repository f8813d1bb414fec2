// The Job controller (pkg/controller/job): runs pods until `completions`
// succeed (at most `parallelism` at a time), replaces failed pods after an
// exponential back-off, fails the Job past backoffLimit or
// activeDeadlineSeconds, and reports status with v1.32's conditions.
import type { Condition, KObject, LabelSelector, Pod, PodTemplateSpec } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import { compact, controllerRef, createPod, deletePod, event, isActive, isReady, keyOf, podFromTemplate, PODS, res, self, setCondition, splitKey, systemApi, toOwner, writeStatus } from './common.js';
import { rfc3339 } from '../../util/duration.js';
import { StatusError } from '../../apiserver/errors.js';

export const JOBS = 'jobs.batch';
const COMPONENT = 'job-controller';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 6 * 60_000;

export interface Job extends KObject {
  spec: {
    parallelism?: number;
    completions?: number;
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    selector?: LabelSelector;
    manualSelector?: boolean;
    template: PodTemplateSpec;
    ttlSecondsAfterFinished?: number;
    completionMode?: string;
    suspend?: boolean;
  };
  status?: {
    conditions?: Condition[];
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    uncountedTerminatedPods?: Record<string, unknown>;
  };
}

const finishedCondition = (j: Job) => j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

function lastFailure(pods: Pod[]): number {
  let t = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Failed') continue;
    for (const cs of p.status.containerStatuses ?? []) {
      const fin = cs.state?.terminated?.finishedAt;
      if (fin) t = Math.max(t, Date.parse(fin));
    }
    if (!t) t = Math.max(t, Date.parse(p.metadata.creationTimestamp ?? '') || 0);
  }
  return t;
}

class JobController implements Controller {
  readonly name = 'job';
  readonly watches = {
    [JOBS]: self,
    [PODS]: toOwner('Job'),
  };

  reconcile(key: string, engine: Engine): void {
    const [ns, name] = splitKey(key);
    const job = engine.store.get(JOBS, ns, name) as Job | undefined;
    if (!job || job.metadata.deletionTimestamp) return;
    const now = engine.now;
    const finished = finishedCondition(job);
    if (finished) return this.ttl(engine, job, finished);
    const pods = (engine.store.list(PODS, ns) as Pod[]).filter((p) => controllerRef(p)?.uid === job.metadata.uid);
    const active = pods.filter(isActive);
    const succeeded = Math.max(job.status?.succeeded ?? 0, pods.filter((p) => p.status?.phase === 'Succeeded').length);
    const failed = Math.max(job.status?.failed ?? 0, pods.filter((p) => p.status?.phase === 'Failed').length);
    const restarts = job.spec.template.spec.restartPolicy === 'OnFailure' ? active.reduce((s, p) => s + (p.status?.containerStatuses ?? []).reduce((x, c) => x + (c.restartCount ?? 0), 0), 0) : 0;
    let conditions = [...(job.status?.conditions ?? [])];
    const startTime = job.status?.startTime ?? (job.spec.suspend ? undefined : rfc3339(now));
    const backoffLimit = job.spec.backoffLimit ?? 6;
    const completions = job.spec.completions;
    const parallelism = job.spec.parallelism ?? 1;
    let completionTime: string | undefined;
    let failure: { reason: string; message: string } | undefined;

    if (failed + restarts > backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    const deadline = job.spec.activeDeadlineSeconds;
    if (!failure && deadline !== undefined && startTime) {
      const at = Date.parse(startTime) + deadline * 1000;
      if (at <= now) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      else engine.schedule(this.name, key, at);
    }
    const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;

    if (failure) {
      for (const p of active) this.remove(engine, job, p);
      conditions = setCondition(conditions, now, { type: 'FailureTarget', status: 'True', ...failure }, { probeTime: true });
      conditions = setCondition(conditions, now, { type: 'Failed', status: 'True', ...failure }, { probeTime: true });
      event(engine, job, 'Warning', failure.reason, failure.message, COMPONENT);
    } else if (complete) {
      for (const p of active) this.remove(engine, job, p);
      const msg = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
      conditions = setCondition(conditions, now, { type: 'SuccessCriteriaMet', status: 'True', ...msg }, { probeTime: true });
      conditions = setCondition(conditions, now, { type: 'Complete', status: 'True', ...msg }, { probeTime: true });
      completionTime = rfc3339(now);
      event(engine, job, 'Normal', 'Completed', 'Job completed', COMPONENT);
    } else if (job.spec.suspend) {
      for (const p of active) this.remove(engine, job, p);
      conditions = setCondition(conditions, now, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }, { probeTime: true });
    } else {
      if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        conditions = setCondition(conditions, now, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' }, { probeTime: true });
      }
      const wantActive = completions !== undefined ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
      if (active.length < wantActive) {
        const failedNow = pods.filter((p) => p.status?.phase === 'Failed').length;
        const delay = failedNow > 0 ? Math.min(BACKOFF_BASE_MS * 2 ** (failedNow - 1), BACKOFF_MAX_MS) : 0;
        const readyAt = failedNow > 0 ? lastFailure(pods) + delay : now;
        if (readyAt > now) {
          engine.schedule(this.name, key, readyAt);
        } else {
          for (let i = active.length; i < wantActive; i++) {
            const pod = podFromTemplate(job.spec.template, job, { generateName: `${job.metadata.name}-` });
            const created = createPod(engine, pod, job, COMPONENT);
            if (typeof created === 'string') break;
            event(engine, job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
          }
        }
      } else if (active.length > wantActive) {
        for (const p of active.slice(wantActive)) this.remove(engine, job, p);
      }
    }
    const nowPods = (engine.store.list(PODS, ns) as Pod[]).filter((p) => controllerRef(p)?.uid === job.metadata.uid);
    const nowActive = nowPods.filter(isActive);
    const status = compact({
      active: nowActive.length || undefined,
      completionTime: completionTime ?? job.status?.completionTime,
      conditions: conditions.length ? conditions : undefined,
      failed: failed || undefined,
      ready: nowActive.filter(isReady).length,
      startTime,
      succeeded: succeeded || undefined,
      terminating: nowPods.filter((p) => p.metadata.deletionTimestamp && !(p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')).length,
      uncountedTerminatedPods: {},
    });
    const cur = engine.store.get(JOBS, ns, name) as Job;
    writeStatus(engine, JOBS, cur, status);
    if (completionTime || failure) this.ttl(engine, cur, conditions.find((c) => c.type === 'Complete' || c.type === 'Failed')!);
  }

  private remove(engine: Engine, job: Job, p: Pod): void {
    deletePod(engine, p);
    event(engine, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
  }

  /** ttl-after-finished: the Job (and, through the GC, its pods) goes that long after finishing. */
  private ttl(engine: Engine, job: Job, finished: Condition): void {
    const ttl = job.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const at = Date.parse(job.status?.completionTime ?? finished.lastTransitionTime ?? rfc3339(engine.now)) + ttl * 1000;
    if (at > engine.now) return engine.schedule(this.name, keyOf(job), at);
    try {
      systemApi(engine).delete(res('jobs.batch'), job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }
}

export const jobController = new JobController();
