// The node lifecycle controller's TaintNodesByCondition part that kubesim simulates: a node's
// spec.unschedulable mirrored into the node.kubernetes.io/unschedulable:NoSchedule taint, with
// the kubelet's NodeNotSchedulable / NodeSchedulable event (src/cluster/node-ops.ts). kubectl
// cordon does it at once in its own session; this catches every other writer (kubectl patch or
// edit, a real client through kubesim serve).
import type { Node } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change } from '../../store/store.js';
import { mirrorUnschedulable } from '../node-ops.js';
import { systemApi } from './common.js';

export const nodeLifecycleController: Controller = {
  name: 'node-lifecycle',
  watches: {
    nodes: (change: Change) => {
      const node = change.object as Node;
      const old = change.old as Node | undefined;
      if (change.deleted || (old && !!old.spec?.unschedulable === !!node.spec?.unschedulable)) return [];
      return [node.metadata.name!];
    },
  },
  reconcile(name: string, engine: Engine): void {
    mirrorUnschedulable(systemApi(engine), name);
  },
};
