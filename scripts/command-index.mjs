// Writes dist/command-index.json: what dispatch needs of oclif.manifest.json (each command's id,
// whether it is kubesim-only, where its bundled file is), a few KB instead of the 530 KB manifest
// that every invocation would otherwise parse. Run by `npm run build` after `oclif manifest`.
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'));
const index = {};
for (const [id, c] of Object.entries(manifest.commands)) {
  index[id] = { id: c.id, ...(c.kubesimOnly ? { kubesimOnly: true } : {}), ...(c.relativePath ? { relativePath: c.relativePath } : {}) };
}
writeFileSync('dist/command-index.json', JSON.stringify({ commands: index }));
