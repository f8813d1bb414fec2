// ConfigMap, Secret and ServiceAccount describers (describe.md §9–11).

import type { ConfigMap, Secret, ServiceAccount } from '../../types/k8s.js';
import { relatedList, type DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { cmp, decodeBase64, decodedLength, printAnnotations, printLabels, sortedKeys } from './helpers.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './writer.js';

function writeMeta(w: PrefixWriter, obj: ConfigMap | Secret | ServiceAccount): void {
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabels(w, 'Labels', obj.metadata.labels);
  printAnnotations(w, 'Annotations', obj.metadata.annotations);
}

/** Keys sorted (kubectl iterates a Go map: random order). */
export function describeConfigMap(cm: ConfigMap, ctx: DescribeContext): string {
  return tabbedString((w) => {
    writeMeta(w, cm);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${decodedLength(cm.binaryData![k])} bytes\n`);
    w.write(LEVEL_0, '\n');
    describeEventsOf(w, cm, ctx);
  });
}

/** Values are never shown, except the token of a service-account-token Secret. No events. */
export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    writeMeta(w, secret);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(secret.data)) {
      const v = secret.data![k];
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') {
        w.write(LEVEL_0, `${k}:\t${decodeBase64(v)}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${decodedLength(v)} bytes\n`);
      }
    }
  });
}

const EMPTY_HEADER = ' '.repeat(19);

/** ctx.related.secrets: the Secrets of the namespace (for Tokens and "(not found)"). */
export function describeServiceAccount(sa: ServiceAccount, ctx: DescribeContext): string {
  const secrets = relatedList<Secret>(ctx, 'secrets');
  const missing = new Set((sa.secrets ?? []).map((s) => s.name ?? ''));
  const tokens: string[] = [];
  for (const s of secrets ?? []) {
    const ann = s.metadata.annotations ?? {};
    const isToken = s.type === 'kubernetes.io/service-account-token';
    if (isToken && ann['kubernetes.io/service-account.name'] === sa.metadata.name &&
        (ann['kubernetes.io/service-account.uid'] ?? '') === (sa.metadata.uid ?? '')) {
      tokens.push(s.metadata.name ?? '');
    }
    missing.delete(s.metadata.name ?? '');
  }
  if (!secrets) missing.clear();
  return tabbedString((w) => {
    writeMeta(w, sa);
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name)],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections.sort((a, b) => cmp(a[0], b[0]))) {
      if (names.length === 0) w.write(LEVEL_0, `${header}\t<none>\n`);
      names.forEach((n, i) =>
        w.write(LEVEL_0, `${i === 0 ? header : EMPTY_HEADER}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`),
      );
    }
    describeEventsOf(w, sa, ctx);
  });
}
