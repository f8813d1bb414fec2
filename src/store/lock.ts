// One writer at a time across processes. lowdb's own locking is in-process
// only, so the cluster is guarded by proper-lockfile: an atomic mkdir lock whose
// mtime the holder refreshes; a lock left by a killed process goes stale and is
// taken over (see docs/architecture.md).
import lockfile from 'proper-lockfile';
import { join } from 'node:path';

/** How long a lock may go un-refreshed before another process takes it over. */
const STALE_MS = 4000;

export async function acquireLock(home: string): Promise<() => void> {
  const release = await lockfile.lock(home, {
    lockfilePath: join(home, 'state.lock'),
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 4,
    retries: { retries: 2000, factor: 1.2, minTimeout: 5, maxTimeout: 50, randomize: true },
    onCompromised: (err) => {
      // Another process took the lock over while we held it: we must not write.
      throw err;
    },
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      lockfile.unlockSync(home, { lockfilePath: join(home, 'state.lock'), realpath: false });
    } catch {
      void release;
    }
  };
}
