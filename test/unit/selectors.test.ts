import { describe, expect, it } from 'vitest';
import {
  fieldSelectorToString,
  formatLabels,
  formatLabelSelector,
  labelSelectorFromObject,
  matchesFieldSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
  selectorToString,
} from '../../src/apiserver/selectors.js';

describe('label selectors', () => {
  it('parses the full syntax and prints it back sorted by key', () => {
    const sel = parseLabelSelector('a=b,c!=d,e in (y,x),f notin (z),g,!h,i==j');
    expect(selectorToString(sel)).toBe('a=b,c!=d,e in (x,y),f notin (z),g,!h,i==j');
  });

  it('matches labels', () => {
    const sel = parseLabelSelector('app=web,tier in (fe,be),!legacy');
    expect(matchesLabelSelector(sel, { app: 'web', tier: 'fe' })).toBe(true);
    expect(matchesLabelSelector(sel, { app: 'web', tier: 'db' })).toBe(false);
    expect(matchesLabelSelector(sel, { app: 'web', tier: 'fe', legacy: 'x' })).toBe(false);
    expect(matchesLabelSelector(parseLabelSelector('a!=b'), {})).toBe(true);
    expect(matchesLabelSelector(parseLabelSelector('n>3'), { n: '4' })).toBe(true);
    expect(matchesLabelSelector(parseLabelSelector(''), { x: 'y' })).toBe(true);
  });

  it('reports syntax errors with apimachinery texts', () => {
    expect(() => parseLabelSelector('a in b')).toThrow("unable to parse requirement: found 'b' expected: '('");
    expect(() => parseLabelSelector('a b')).toThrow("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(() => parseLabelSelector('a=b c')).toThrow("found 'c', expected: ',' or 'end of string'");
    expect(() => parseLabelSelector(',a')).toThrow("found ',', expected: !, identifier, or 'end of string'");
    expect(() => parseLabelSelector('a,')).toThrow("found '', expected: identifier after ','");
    expect(() => parseLabelSelector('a in (x y)')).toThrow("unable to parse requirement: found 'y', expected: ',' or ')'");
  });

  it('converts LabelSelector objects', () => {
    const ls = { matchLabels: { tier: 'x', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] };
    expect(formatLabelSelector(ls)).toBe('app=web,env in (dev,prod),tier=x');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] })).toBe('<error>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'DoesNotExist' }] })).toBe('a,!b');
    expect(matchesLabelSelector(labelSelectorFromObject(undefined), {})).toBe(false);
    expect(matchesLabelSelector(labelSelectorFromObject({}), {})).toBe(true);
  });

  it('formats label maps', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});

describe('field selectors', () => {
  const pod: Record<string, string> = { 'metadata.name': 'web', 'status.phase': 'Running' };
  const get = (p: string) => pod[p];

  it('parses and matches =, ==, !=', () => {
    expect(matchesFieldSelector(parseFieldSelector('metadata.name=web,status.phase!=Pending'), get)).toBe(true);
    expect(matchesFieldSelector(parseFieldSelector('status.phase==Pending'), get)).toBe(false);
    expect(matchesFieldSelector(parseFieldSelector('spec.nodeName='), get)).toBe(true);
    expect(fieldSelectorToString(parseFieldSelector('b=1,a!=2'))).toBe('a!=2,b=1');
  });

  it('reports errors with apimachinery texts', () => {
    expect(() => parseFieldSelector('abc')).toThrow("invalid selector: 'abc'; can't understand 'abc'");
    expect(() => parseFieldSelector('a=b=c')).toThrow('invalid field selector: unescaped character in value: 61');
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid field selector: invalid escape sequence: \\x');
  });
});
