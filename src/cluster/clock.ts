// Simulated time. In wall mode simulated time = wall clock + a stored offset;
// in manual mode (KUBESIM_CLOCK=manual) it is frozen at a stored instant and only
// `kubesim advance` (or a waiting command) moves it.

/** The fixed instant a manual-clock cluster starts at. */
export const MANUAL_EPOCH = Date.parse('2025-01-15T10:00:00Z');

/** The default cluster is built this long before the first command, so its system pods are Running. */
export const BOOTSTRAP_LEAD_MS = 60_000;

export interface ClockState {
  /** Milliseconds added to the wall clock (wall mode). */
  offsetMs: number;
  /** The frozen simulated instant (manual mode), in epoch ms. */
  frozenMs: number;
}

export function isManualClock(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.KUBESIM_CLOCK === 'manual';
}

export function initialClock(manual: boolean): ClockState {
  return { offsetMs: 0, frozenMs: manual ? MANUAL_EPOCH : Date.now() };
}

/** The simulated "now" for a stored clock. */
export function simulatedNow(clock: ClockState, manual: boolean): number {
  return manual ? clock.frozenMs : Date.now() + clock.offsetMs;
}

/** Moves simulated time forward by `ms`. */
export function advanceClock(clock: ClockState, ms: number): void {
  clock.frozenMs += ms;
  clock.offsetMs += ms;
}
