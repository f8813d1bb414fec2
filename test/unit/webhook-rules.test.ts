// Admission webhook rules' resources, as the API server's rule predicates read them.
import { describe, expect, it } from 'vitest';
import { resourceMatches } from '../../src/apiserver/admission/webhooks.js';

describe('webhook rule resources', () => {
  it('* is every resource but no subresource; */* is everything', () => {
    expect(resourceMatches(['*'], 'pods', undefined)).toBe(true);
    expect(resourceMatches(['*'], 'pods', 'ephemeralcontainers')).toBe(false);
    expect(resourceMatches(['*/*'], 'pods', undefined)).toBe(true);
    expect(resourceMatches(['*/*'], 'pods', 'ephemeralcontainers')).toBe(true);
    expect(resourceMatches(undefined, 'pods', 'ephemeralcontainers')).toBe(true);
  });

  it('names a subresource exactly, all of one resource, or one of every resource', () => {
    expect(resourceMatches(['pods'], 'pods', 'ephemeralcontainers')).toBe(false);
    expect(resourceMatches(['pods/ephemeralcontainers'], 'pods', 'ephemeralcontainers')).toBe(true);
    expect(resourceMatches(['pods/*'], 'pods', 'ephemeralcontainers')).toBe(true);
    expect(resourceMatches(['pods/*'], 'pods', undefined)).toBe(false);
    expect(resourceMatches(['*/ephemeralcontainers'], 'pods', 'ephemeralcontainers')).toBe(true);
    expect(resourceMatches(['deployments'], 'pods', undefined)).toBe(false);
  });
});
