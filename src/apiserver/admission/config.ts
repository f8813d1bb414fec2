// The API server's --admission-control-config-file, as `kubesim reset
// --admission-config FILE` gives it: an AdmissionConfiguration whose
// PodSecurity entry is kept in the cluster settings (meta.settings).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { POD_SECURITY_SETTING, podSecurityFromAdmissionConfig } from './podsecurity.js';

/** The settings a new cluster gets from an admission configuration file; throws a message when invalid. */
export function admissionSettings(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`failed to read admission control configuration from "${file}": open ${file}: no such file or directory`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`failed to read admission control configuration from "${file}": ${(e as Error).message}`);
  }
  const ps = podSecurityFromAdmissionConfig(doc);
  return ps ? { [POD_SECURITY_SETTING]: ps } : {};
}
