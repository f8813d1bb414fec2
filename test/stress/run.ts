// The long reliability runs of issue 12 (`npm run stress`; one part: `npm run stress -- crash`).
// Each prints its figures as JSON and the run exits non-zero if any proof fails.
// Sizes: STRESS_WORKERS (16), STRESS_SECONDS (30), STRESS_KILLS (200), STRESS_FUZZ (2000).
// `daemon` (issue 10): the daemon plus 8 wall-clock writers for STRESS_DAEMON_SECONDS (60).
import { rmSync } from 'node:fs';
import { concurrencyRun, crashRun, fuzzCases, fuzzRun, newHome } from '../reliability/lib.js';
import { daemonWritersRun } from '../waiting/lib.js';

const want = new Set(process.argv.slice(2));
const runs = (name: string) => want.size === 0 || want.has(name);
const num = (name: string, d: number) => Number(process.env[name] ?? d);
let failed = false;
const report = (name: string, figures: object, problems: unknown[]) => {
  const bad = problems.filter((p) => (Array.isArray(p) ? p.length : Number(p)) > 0);
  console.log(`${name}: ${bad.length ? 'FAIL' : 'ok'} ${JSON.stringify(figures, null, 1).replace(/\n\s*/g, ' ')}`);
  if (bad.length) failed = true;
};

if (runs('concurrency')) {
  const home = newHome('stress-conc');
  const f = await concurrencyRun(home, num('STRESS_WORKERS', 16), num('STRESS_SECONDS', 30) * 1000);
  report('concurrency', f, [f.failures, f.missing, f.duplicateRVs, f.nonIncreasing]);
  rmSync(home, { recursive: true, force: true });
}

if (runs('crash')) {
  // Four homes in parallel, each killing its writer at random points.
  const kills = num('STRESS_KILLS', 200);
  const lanes = 4;
  const homes = Array.from({ length: lanes }, () => newHome('stress-crash'));
  const all = await Promise.all(homes.map((h) => crashRun(h, Math.ceil(kills / lanes), 220)));
  const sum = (k: 'kills' | 'killedWhileRunning' | 'acknowledged' | 'staleLocksFound' | 'duplicateRVs') => all.reduce((n, f) => n + f[k], 0);
  const rec = all.flatMap((f) => f.staleLockRecoveryMs).sort((a, b) => a - b);
  const flat = (k: 'lostAcknowledged' | 'partialObjects' | 'loadFailures') => all.flatMap((f) => f[k]);
  const figures = {
    kills: sum('kills'), killedWhileRunning: sum('killedWhileRunning'), acknowledgedWrites: sum('acknowledged'),
    lostAcknowledged: flat('lostAcknowledged'), partialObjects: flat('partialObjects'), duplicateRVs: sum('duplicateRVs'), loadFailures: flat('loadFailures'),
    staleLocksRecovered: sum('staleLocksFound'),
    staleLockRecoveryMs: rec.length ? { min: rec[0], median: rec[Math.floor(rec.length / 2)], max: rec.at(-1) } : null,
  };
  report('crash', figures, [figures.lostAcknowledged, figures.partialObjects, figures.duplicateRVs, figures.loadFailures]);
  for (const h of homes) rmSync(h, { recursive: true, force: true });
}

if (runs('fuzz')) {
  const f = await fuzzRun(fuzzCases(num('STRESS_FUZZ', 2000), 2024), 8);
  report('fuzz', { ...f, crashes: f.crashes.length, zeroExits: f.zeroExits.length, unstyled: f.unstyled.length, stateChanged: f.stateChanged.length, known: f.known.length },
    [f.crashes, f.zeroExits, f.unstyled, f.stateChanged]);
  for (const k of ['crashes', 'zeroExits', 'unstyled', 'stateChanged'] as const) for (const line of f[k].slice(0, 20)) console.log(`  ${k}: ${line}`);
}

if (runs('daemon')) {
  const home = newHome('stress-daemon');
  const f = await daemonWritersRun(home, 8, num('STRESS_DAEMON_SECONDS', 60) * 1000);
  report('daemon', { ...f, failedCommands: f.failedCommands.length }, [f.failedCommands, f.lost, f.unexpected, f.leftProcesses]);
  for (const line of [...f.failedCommands, ...f.lost, ...f.unexpected].slice(0, 20)) console.log(`  ${line}`);
  rmSync(home, { recursive: true, force: true });
}

process.exit(failed ? 1 : 0);
