import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchedule, CronParseError } from '../../src/util/cron.js';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { KObject } from '../../src/types/k8s.js';

const R = (n: string) => resolveResource(n)!;
const T = (s: string) => Date.parse(s);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString().replace('.000Z', 'Z'));

beforeAll(() => {
  process.env.KUBESIM_CLOCK = 'manual';
});

describe('cron schedule parser (robfig/cron v3 ParseStandard)', () => {
  const next = (spec: string, from: string, tz?: string) => iso(parseSchedule(spec, tz).next(T(from)));

  it('steps, ranges, lists and names', () => {
    expect(next('*/1 * * * *', '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:01:00Z');
    expect(next('*/15 * * * *', '2025-01-15T10:07:30Z')).toBe('2025-01-15T10:15:00Z');
    expect(next('5-10/5 * * * *', '2025-01-15T10:07:00Z')).toBe('2025-01-15T10:10:00Z');
    expect(next('0 9 * * MON-FRI', '2025-01-17T09:00:00Z')).toBe('2025-01-20T09:00:00Z'); // Friday -> Monday
    expect(next('0 0 1 feb,Mar *', '2025-01-15T00:00:00Z')).toBe('2025-02-01T00:00:00Z');
    expect(next('30 2 * * ?', '2025-01-15T10:00:00Z')).toBe('2025-01-16T02:30:00Z');
  });

  it('descriptors and @every', () => {
    expect(next('@hourly', '2025-01-15T10:00:00Z')).toBe('2025-01-15T11:00:00Z');
    expect(next('@daily', '2025-01-15T10:00:00Z')).toBe('2025-01-16T00:00:00Z');
    expect(next('@weekly', '2025-01-15T10:00:00Z')).toBe('2025-01-19T00:00:00Z');
    expect(next('@monthly', '2025-01-15T10:00:00Z')).toBe('2025-02-01T00:00:00Z');
    expect(next('@yearly', '2025-01-15T10:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(next('@every 90s', '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:01:30Z');
    // Go durations: fractions, several pieces, both micro signs; under a second rounds up to one.
    expect(next('@every 1.5m', '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:01:30Z');
    expect(next('@every 1h30m', '2025-01-15T10:00:00Z')).toBe('2025-01-15T11:30:00Z');
    expect(next('@every 500\u00b5s', '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:00:01Z');
    expect(next('@every 500\u03bcs', '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:00:01Z');
  });

  it('day-of-month and day-of-week are ORed unless one is a star', () => {
    // the 13th or any Friday
    expect(next('0 0 13 * 5', '2025-01-01T00:00:00Z')).toBe('2025-01-03T00:00:00Z');
    expect(next('0 0 13 * *', '2025-01-01T00:00:00Z')).toBe('2025-01-13T00:00:00Z');
    // a step clears the star: */2 days OR Sunday
    expect(next('0 0 */10 * 0', '2025-01-01T00:00:00Z')).toBe('2025-01-05T00:00:00Z');
  });

  it('evaluates in a time zone', () => {
    expect(next('0 9 * * *', '2025-01-15T10:00:00Z', 'America/New_York')).toBe('2025-01-15T14:00:00Z');
    expect(next('0 9 * * *', '2025-07-15T10:00:00Z', 'America/New_York')).toBe('2025-07-15T13:00:00Z');
    expect(next('30 0 * * *', '2025-01-15T10:00:00Z', 'Asia/Kolkata')).toBe('2025-01-15T19:00:00Z');
  });

  it('an impossible date has no next time', () => {
    expect(next('0 0 30 2 *', '2025-01-15T10:00:00Z')).toBeUndefined();
  });

  it("rejects with robfig's messages", () => {
    const err = (s: string) => {
      try {
        parseSchedule(s);
      } catch (e) {
        expect(e).toBeInstanceOf(CronParseError);
        return (e as Error).message;
      }
      return 'parsed';
    };
    expect(err('bad')).toBe('expected exactly 5 fields, found 1: [bad]');
    expect(err('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(err('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(err('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(err('5-2 * * * *')).toBe('beginning of range (5) beyond end of range (2): 5-2');
    expect(err('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(err('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(err('@often')).toBe('unrecognized descriptor: @often');
    // time.ParseDuration's own error, after the whole descriptor.
    expect(err('@every 5')).toBe('failed to parse duration @every 5: time: missing unit in duration "5"');
    expect(err('@every 5y')).toBe('failed to parse duration @every 5y: time: unknown unit "y" in duration "5y"');
    expect(err('@every x')).toBe('failed to parse duration @every x: time: invalid duration "x"');
    expect(err('')).toBe('empty spec string');
  });
});

function home(): string {
  return mkdtempSync(join(tmpdir(), 'kubesim-cj-'));
}

function cronJob(name: string, schedule: string, extra: Record<string, unknown> = {}, command = ['sh', '-c', 'echo hi']): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule,
      ...extra,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command }] } } } },
    },
  };
}

const jobsOf = (s: ClusterSession) => s.api.list(R('jobs.batch'), 'default').filter((j) => !j.metadata.deletionTimestamp);
const cjEvents = (s: ClusterSession, name: string) =>
  s.api.list(R('events'), 'default').filter((e) => (e as unknown as { involvedObject: { name: string; kind: string } }).involvedObject.kind === 'CronJob' && (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name).map((e) => `${(e as unknown as { reason: string }).reason} ${(e as unknown as { message: string }).message}`);

describe('CronJob controller', () => {
  it('defaults the spec and creates NAME-<minutes> Jobs at schedule times, with history cleanup', async () => {
    await withCluster({ home: home() }, (s) => {
      const cj = s.api.create(R('cronjobs.batch'), 'default', cronJob('hello', '*/1 * * * *'));
      expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
      expect(jobsOf(s)).toHaveLength(0);
      const start = s.now;
      const firstMinute = Math.floor(start / 60_000) + 1;
      s.advance(firstMinute * 60_000 - start);
      const jobs = jobsOf(s);
      expect(jobs.map((j) => j.metadata.name)).toEqual([`hello-${firstMinute}`]);
      const job = jobs[0]!;
      expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true, blockOwnerDeletion: true });
      expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(iso(firstMinute * 60_000));
      const st = s.api.get(R('cronjobs.batch'), 'default', 'hello').status as { active?: { name: string }[]; lastScheduleTime?: string };
      expect(st.active?.map((a) => a.name)).toEqual([`hello-${firstMinute}`]);
      expect(st.lastScheduleTime).toBe(iso(firstMinute * 60_000));
      s.advance(5 * 60_000);
      const names = jobsOf(s).map((j) => j.metadata.name).sort();
      expect(names).toHaveLength(4); // 3 finished kept + the one just started
      expect(names.at(-1)).toBe(`hello-${firstMinute + 5}`);
      const ev = cjEvents(s, 'hello');
      expect(ev).toContain(`SuccessfulCreate Created job hello-${firstMinute}`);
      expect(ev).toContain(`SawCompletedJob Saw completed job: hello-${firstMinute}, condition: Complete`);
      expect(ev).toContain(`SuccessfulDelete Deleted job hello-${firstMinute}`);
      const st2 = s.api.get(R('cronjobs.batch'), 'default', 'hello').status as { lastSuccessfulTime?: string };
      expect(st2.lastSuccessfulTime).toBeDefined();
    });
  });

  it('wakes only at schedule times and starts only the latest missed run after a suspension', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('cronjobs.batch'), 'default', cronJob('hourly', '0 * * * *'));
      const wakeups = () => (s.store.meta.wakeups as { controller: string; at: number }[]).filter((w) => w.controller === 'cronjob');
      expect(wakeups()).toHaveLength(1);
      expect(new Date(wakeups()[0]!.at).getUTCMinutes()).toBe(0);
      const cur = s.api.get(R('cronjobs.batch'), 'default', 'hourly');
      s.api.update(R('cronjobs.batch'), 'default', { ...cur, spec: { ...(cur.spec as object), suspend: true } });
      s.advance(5 * 3_600_000);
      expect(jobsOf(s)).toHaveLength(0);
      const again = s.api.get(R('cronjobs.batch'), 'default', 'hourly');
      s.api.update(R('cronjobs.batch'), 'default', { ...again, spec: { ...(again.spec as object), suspend: false } });
      const jobs = jobsOf(s);
      expect(jobs).toHaveLength(1);
      const latest = Math.floor(s.now / 3_600_000) * 60;
      expect(jobs[0]!.metadata.name).toBe(`hourly-${latest}`);
    });
  });

  it('startingDeadlineSeconds skips a run that is too late', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('cronjobs.batch'), 'default', cronJob('late', '0 * * * *', { startingDeadlineSeconds: 60, suspend: true }));
      s.advance(2 * 3_600_000 + 30 * 60_000);
      const cur = s.api.get(R('cronjobs.batch'), 'default', 'late');
      s.api.update(R('cronjobs.batch'), 'default', { ...cur, spec: { ...(cur.spec as object), suspend: false } });
      expect(jobsOf(s)).toHaveLength(0);
      s.advance(60 * 60_000);
      expect(jobsOf(s)).toHaveLength(1);
    });
  });

  it('Forbid skips while a run is active; Replace deletes it', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('cronjobs.batch'), 'default', cronJob('forbid', '*/1 * * * *', { concurrencyPolicy: 'Forbid' }, ['sleep', '3600']));
      s.api.create(R('cronjobs.batch'), 'default', cronJob('replace', '*/1 * * * *', { concurrencyPolicy: 'Replace' }, ['sleep', '3600']));
      s.advance(3 * 60_000);
      const byOwner = (n: string) => jobsOf(s).filter((j) => j.metadata.ownerReferences?.[0]?.name === n);
      expect(byOwner('forbid')).toHaveLength(1);
      expect(cjEvents(s, 'forbid')).toContain('JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');
      expect(byOwner('replace')).toHaveLength(1);
      const replaced = cjEvents(s, 'replace').filter((e) => e.startsWith('SuccessfulDelete'));
      expect(replaced.length).toBeGreaterThanOrEqual(1);
      const st = s.api.get(R('cronjobs.batch'), 'default', 'replace').status as { active?: unknown[] };
      expect(st.active).toHaveLength(1);
    });
  });

  it('rejects an unparseable schedule and an unknown time zone', async () => {
    await withCluster({ home: home() }, (s) => {
      expect(() => s.api.create(R('cronjobs.batch'), 'default', cronJob('bad', 'bad'))).toThrow('spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]');
      expect(() => s.api.create(R('cronjobs.batch'), 'default', cronJob('tz', '* * * * *', { timeZone: 'Mars/Olympus' }))).toThrow('unknown time zone Mars/Olympus');
    });
  });
});
