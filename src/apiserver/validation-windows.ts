// Validation of Windows pod settings (pkg/apis/core/validation: validateWindowsSecurityContextOptions
// and validateWindowsHostProcessPod), with the API server's messages.
import type { Container, PodSpec } from '../types/k8s.js';
import type { FieldCause } from './errors.js';
import { invalidValue, validateDnsSubdomain } from './validation.js';

type WindowsOptions = { gmsaCredentialSpecName?: string; gmsaCredentialSpec?: string; runAsUserName?: string; hostProcess?: boolean };

const CTRL = /[\x00-\x1f\x7f]/;
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const BAD_USER_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const ONLY_DOTS_SPACES = /^[. ]+$/;

function validateWindowsOptions(o: WindowsOptions | undefined, path: string): FieldCause[] {
  if (!o) return [];
  const out: FieldCause[] = [];
  if (o.gmsaCredentialSpecName !== undefined) out.push(...validateDnsSubdomain(`${path}.gmsaCredentialSpecName`, o.gmsaCredentialSpecName));
  if (o.gmsaCredentialSpec !== undefined) {
    if (o.gmsaCredentialSpec.length === 0) out.push({ field: `${path}.gmsaCredentialSpec`, message: 'Required value: gmsaCredentialSpec cannot be an empty string' });
    else if (Buffer.byteLength(o.gmsaCredentialSpec) > 64 * 1024) {
      out.push({ field: `${path}.gmsaCredentialSpec`, message: `Too long: may not be more than ${64 * 1024} bytes` });
    }
  }
  const name = o.runAsUserName;
  if (name !== undefined) {
    const field = `${path}.runAsUserName`;
    const bad = (msg: string) => out.push(invalidValue(field, name, msg));
    const parts = name.split('\\');
    if (name.length === 0) bad('runAsUserName cannot be an empty string');
    else if (CTRL.test(name)) bad('runAsUserName cannot contain control characters');
    else if (parts.length > 2) bad('runAsUserName cannot contain more than one backslash');
    else {
      const hasDomain = parts.length === 2;
      const domain = hasDomain ? parts[0]! : '';
      const user = hasDomain ? parts[1]! : parts[0]!;
      if (Buffer.byteLength(domain) >= 256) bad("runAsUserName's Domain length must be under 256 characters");
      if (hasDomain && !(NETBIOS.test(domain) || DNS_DOMAIN.test(domain))) bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
      if (user.length === 0) bad("runAsUserName's User cannot be empty");
      else if (Buffer.byteLength(user) > 104) bad("runAsUserName's User length must not be longer than 104 characters");
      if (ONLY_DOTS_SPACES.test(user)) bad("runAsUserName's User cannot contain only periods or spaces");
      if (BAD_USER_CHARS.test(user)) bad('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
    }
  }
  return out;
}

const optionsOf = (c: Container) => c.securityContext?.windowsOptions as WindowsOptions | undefined;

/** The Windows checks of a pod spec at `path` (`spec`, `spec.template.spec`). */
export function validateWindowsPodSpec(spec: PodSpec, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const podOptions = spec.securityContext?.windowsOptions as WindowsOptions | undefined;
  const lists: [Container[] | undefined, string][] = [
    [spec.initContainers, 'initContainers'],
    [spec.containers, 'containers'],
    [(spec as { ephemeralContainers?: Container[] }).ephemeralContainers, 'ephemeralContainers'],
  ];
  // ValidatePodSpec's order: containers, init containers, ephemeral containers, then the pod's security context.
  for (const [list, name] of [lists[1]!, lists[0]!, lists[2]!]) {
    (list ?? []).forEach((c, i) => out.push(...validateWindowsOptions(optionsOf(c), `${path}.${name}[${i}].securityContext.windowsOptions`)));
  }
  out.push(...validateWindowsOptions(podOptions, `${path}.securityContext.windowsOptions`));
  // validateWindowsHostProcessPod
  const podHost = podOptions?.hostProcess;
  let count = 0;
  let hostProcess = 0;
  for (const [list, name] of lists) {
    (list ?? []).forEach((c, i) => {
      count++;
      const own = optionsOf(c)?.hostProcess;
      if (podHost !== undefined && own !== undefined && podHost !== own) {
        out.push(invalidValue(`${path}.${name}[${i}].securityContext.windowsOptions.hostProcess`, own, `pod hostProcess value must be identical if both are specified, was ${podHost}`));
      }
      if (own === true || (own === undefined && podHost === true)) hostProcess++;
    });
  }
  if (hostProcess > 0) {
    if (hostProcess !== count) out.push(invalidValue(path, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    if (!spec.hostNetwork) out.push(invalidValue(`${path}.hostNetwork`, false, 'hostNetwork must be true if pod contains any hostProcess containers'));
  }
  return out;
}
