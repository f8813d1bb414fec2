// node:crypto, loaded on first use. The API layer's modules (ids, token authentication) are on
// every command's path, but a read (`kubectl get`) makes no id and checks no token, and loading
// node:crypto is ~3 ms of its start-up.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let crypto: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  return (crypto ??= load('node:crypto') as typeof import('node:crypto'));
}
