// REST strategies of the RBAC kinds (pkg/registry/rbac/*): names are path
// segments (so `system:basic-user` is valid), a binding's roleRef is required
// and can never change, subjects are checked (pkg/apis/rbac/validation).
import type { KObject } from '../../types/k8s.js';
import { baseStrategy, registerStrategy, type Strategy } from '../strategies.js';
import { invalid, type FieldCause } from '../errors.js';
import { invalidValue, required } from '../validation.js';
import type { RoleBinding } from './rbac.js';
import { guardBindingWrite, guardRoleWrite } from './escalation.js';
import { resolveResource } from '../resources.js';

/** ValidatePathSegmentName. */
export function validatePathSegmentName(obj: KObject): FieldCause[] {
  const name = obj.metadata.name;
  if (!name) return [required('metadata.name', 'name or generateName is required')];
  if (name === '.' || name === '..') return [invalidValue('metadata.name', name, `may not be '${name}'`)];
  const out: FieldCause[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) out.push(invalidValue('metadata.name', name, `may not contain '${bad}'`));
  return out;
}

function throwIfAny(obj: KObject, causes: FieldCause[]): void {
  if (causes.length) throw invalid(obj.kind, obj.metadata.name ?? '', causes);
}

function validateBinding(b: RoleBinding, cluster: boolean): FieldCause[] {
  const out = validatePathSegmentName(b);
  const ref = b.roleRef as RoleBinding['roleRef'] | undefined;
  if (!ref || ref.apiGroup !== 'rbac.authorization.k8s.io') {
    out.push({ field: 'roleRef.apiGroup', message: `Unsupported value: ${JSON.stringify(ref?.apiGroup ?? '')}: supported values: "rbac.authorization.k8s.io"` });
  }
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!ref || !kinds.includes(ref.kind)) {
    out.push({ field: 'roleRef.kind', message: `Unsupported value: ${JSON.stringify(ref?.kind ?? '')}: supported values: ${kinds.map((k) => JSON.stringify(k)).join(', ')}` });
  }
  if (!ref?.name) out.push(required('roleRef.name'));
  (b.subjects ?? []).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (!s.name) out.push(required(`${p}.name`));
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind)) {
      out.push({ field: `${p}.kind`, message: `Unsupported value: ${JSON.stringify(s.kind)}: supported values: "ServiceAccount", "User", "Group"` });
    }
    if (s.kind === 'ServiceAccount' && !s.namespace && cluster) out.push(required(`${p}.namespace`));
  });
  return out;
}

/** `roles` or `clusterroles` (the group qualifies the name: `roles` alone could be a custom resource). */
const rbacResource = (obj: KObject) => resolveResource(`${obj.kind.toLowerCase()}s.rbac.authorization.k8s.io`)!;

const roleStrategy: Strategy = {
  ...baseStrategy(),
  validateCreate(obj) {
    throwIfAny(obj, validatePathSegmentName(obj));
  },
  guardWrite(obj, old, api) {
    guardRoleWrite(api, rbacResource(obj), obj, old, old?.metadata.name);
  },
};

function bindingStrategy(cluster: boolean): Strategy {
  return {
    ...baseStrategy(),
    validateCreate(obj) {
      throwIfAny(obj, validateBinding(obj as RoleBinding, cluster));
    },
    guardWrite(obj, old, api) {
      guardBindingWrite(api, rbacResource(obj), obj, old);
    },
    validateUpdate(obj, old) {
      const causes = validateBinding(obj as RoleBinding, cluster);
      if (JSON.stringify((obj as RoleBinding).roleRef) !== JSON.stringify((old as RoleBinding).roleRef)) {
        causes.push(invalidValue('roleRef', (obj as RoleBinding).roleRef as unknown as string, 'cannot change roleRef'));
      }
      throwIfAny(obj, causes);
    },
  };
}

registerStrategy('Role', roleStrategy);
registerStrategy('ClusterRole', roleStrategy);
registerStrategy('RoleBinding', bindingStrategy(false));
registerStrategy('ClusterRoleBinding', bindingStrategy(true));
