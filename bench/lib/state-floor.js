// The floor under a catch-up's time with kubesim's store: a bare Node process that only reads,
// parses, prints and writes back (to a temporary name, then renamed, as the store does) the state
// files a catch-up rewrote. Any command that changes those objects pays at least this much: the
// store keeps each shard as one JSON document of whole objects.
//
// Usage: node bench/lib/state-floor.js FILE.json...   Prints `{"ms":..,"bytes":..}` (ms: from the
// first read to the last rename; the process's own start is measured by the caller).
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const t0 = performance.now();
let bytes = 0;
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  bytes += raw.length;
  const text = raw.toString(isAscii(raw) ? 'latin1' : 'utf8');
  writeFileSync(`${file}.floor.tmp`, JSON.stringify(JSON.parse(text)));
  renameSync(`${file}.floor.tmp`, file);
}
console.log(JSON.stringify({ ms: performance.now() - t0, bytes }));
