import { describe, expect, it } from 'vitest';

import { runsKubectlDescribe, sortConfigMapDataBlocks } from '../scenario/go-map-order.js';

const describeOf = (name: string, blocks: string[]) =>
  `Name:         ${name}\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\n${blocks.join('')}\nBinaryData\n====\n\nEvents:  <none>\n`;
const game = 'game.properties:\n----\nenemies=aliens\nlives=3\n\n\n';
const ui = 'ui.properties:\n----\ncolor.good=purple\n\n\n';
const one = 'a:\n----\nx\n\n';

describe('sortConfigMapDataBlocks', () => {
  it('puts the Data blocks of real kubectl in key order, bytes unchanged', () => {
    expect(sortConfigMapDataBlocks(describeOf('game-config', [ui, game]))).toBe(describeOf('game-config', [game, ui]));
    expect(sortConfigMapDataBlocks(describeOf('game-config', [game, ui]))).toBe(describeOf('game-config', [game, ui]));
  });

  it('sorts each ConfigMap of a multi-object describe on its own', () => {
    const both = `${describeOf('b', [ui, game])}\n\n${describeOf('a', [ui, one])}`;
    expect(sortConfigMapDataBlocks(both)).toBe(`${describeOf('b', [game, ui])}\n\n${describeOf('a', [one, ui])}`);
  });

  it('leaves outputs without ConfigMap blocks alone (a Secret, an empty ConfigMap)', () => {
    const secret = 'Name:  s\n\nType:  Opaque\n\nData\n====\nb:  3 bytes\na:  1 bytes\n';
    expect(sortConfigMapDataBlocks(secret)).toBe(secret);
    expect(sortConfigMapDataBlocks(describeOf('empty', []))).toBe(describeOf('empty', []));
  });
});

describe('runsKubectlDescribe', () => {
  it('finds kubectl describe as a command word', () => {
    expect(runsKubectlDescribe('kubectl describe configmaps game-config')).toBe(true);
    expect(runsKubectlDescribe('kubectl -n x describe cm/a')).toBe(true);
    expect(runsKubectlDescribe('kubectl get cm')).toBe(false);
    expect(runsKubectlDescribe('kubectl get cm -o yaml | grep describe')).toBe(false);
  });
});
