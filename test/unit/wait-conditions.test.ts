import { describe, expect, it } from 'vitest';
import { conditionMet, parseWaitFor, waitTimeoutMs } from '../../src/client/wait.js';
import type { KObject } from '../../src/types/k8s.js';

const pod = (ready: string, phase = 'Running', generation?: number, observed?: number): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', generation },
    status: { phase, conditions: [{ type: 'Ready', status: ready, observedGeneration: observed }], containerStatuses: [{ name: 'a' }, { name: 'b' }] },
  }) as unknown as KObject;

describe('--for parsing', () => {
  it('knows delete, create, conditions and jsonpath', () => {
    expect(parseWaitFor('delete')).toEqual({ kind: 'delete' });
    expect(parseWaitFor('Delete')).toEqual({ kind: 'delete' });
    expect(parseWaitFor('create')).toEqual({ kind: 'create' });
    expect(parseWaitFor('condition=Ready')).toEqual({ kind: 'condition', name: 'Ready', status: 'true' });
    expect(parseWaitFor('condition=Ready=false')).toEqual({ kind: 'condition', name: 'Ready', status: 'false' });
    expect(parseWaitFor('jsonpath={.status.phase}=Running')).toEqual({ kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' });
    expect(parseWaitFor("jsonpath='{.status.phase}'=Running")).toEqual({ kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' });
    expect(parseWaitFor('jsonpath={.status.phase}')).toEqual({ kind: 'jsonpath', expression: '{.status.phase}' });
    expect(parseWaitFor('jsonpath=.status.phase=Running')).toEqual({ kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' });
  });

  it('rejects what kubectl rejects', () => {
    expect(() => parseWaitFor('x')).toThrow('unrecognized condition: "x"');
    expect(() => parseWaitFor('jsonpath={.status.phase}=')).toThrow('jsonpath wait has to have a value after equal sign');
  });
});

describe('conditions', () => {
  it('compares condition status case-insensitively', () => {
    expect(conditionMet(pod('True'), parseWaitFor('condition=Ready'))).toBe(true);
    expect(conditionMet(pod('True'), parseWaitFor('condition=ready=TRUE'))).toBe(true);
    expect(conditionMet(pod('False'), parseWaitFor('condition=Ready'))).toBe(false);
    expect(conditionMet(pod('False'), parseWaitFor('condition=Ready=false'))).toBe(true);
    expect(conditionMet(pod('True'), parseWaitFor('condition=Available'))).toBe(false);
  });

  it('ignores a condition about an older generation', () => {
    expect(conditionMet(pod('True', 'Running', 2, 1), parseWaitFor('condition=Ready'))).toBe(false);
    expect(conditionMet(pod('True', 'Running', 2, 2), parseWaitFor('condition=Ready'))).toBe(true);
  });

  it('jsonpath: value, existence, and the errors', () => {
    expect(conditionMet(pod('True'), parseWaitFor('jsonpath={.status.phase}=Running'))).toBe(true);
    expect(conditionMet(pod('True', 'Pending'), parseWaitFor('jsonpath={.status.phase}=Running'))).toBe(false);
    expect(conditionMet(pod('True'), parseWaitFor('jsonpath={.status.phase}'))).toBe(true);
    expect(conditionMet(pod('True'), parseWaitFor('jsonpath={.status.nothing}'))).toBe(false);
    expect(() => conditionMet(pod('True'), parseWaitFor('jsonpath={.status.containerStatuses[*].name}=a'))).toThrow('matches more than one value');
    expect(() => conditionMet(pod('True'), parseWaitFor('jsonpath={.status}=x'))).toThrow('nested object');
  });
});

describe('--timeout', () => {
  it('negative waits a week', () => {
    expect(waitTimeoutMs(-1)).toBe(7 * 24 * 3600_000);
    expect(waitTimeoutMs(0)).toBe(0);
  });
});
