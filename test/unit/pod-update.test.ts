// ValidatePodUpdate (v1.32) texts, checked against the expected output of the
// tutorials 00a-pod-basics.t and 03-resize-container-resources.t (cram lines
// copied verbatim below, matched with the cram rules: exact, (glob), (re)).
import { describe, expect, it } from 'vitest';
import { podSpecDiff, validatePodUpdate } from '../../src/apiserver/pod-update.js';
import { formatStatusError, invalid } from '../../src/apiserver/errors.js';
import type { Pod } from '../../src/types/k8s.js';

const T00A: string[] = [
  "  The Pod \"nginx\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
  "  *core.PodSpec{ (glob)",
  "  *... // 3 identical fields (glob)",
  "  *EphemeralContainers:           nil, (glob)",
  "  *RestartPolicy:                 \"Always\", (glob)",
  "  -*TerminationGracePeriodSeconds: &30, (glob)",
  "  +*TerminationGracePeriodSeconds: &10, (glob)",
  "  *ActiveDeadlineSeconds:         nil, (glob)",
  "  *DNSPolicy:                     \"ClusterFirst\", (glob)",
  "  *... // 26 identical fields (glob)",
  "  *} (glob)",
  "  "
];
const T03: string[] = [
  "  The Pod \"qos-demo-5\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
  "    core.PodSpec{",
  "    \tVolumes:        \\{\\{Name: \"kube-api-access-[a-z0-9]{5}\", VolumeSource: \\{Projected: &\\{Sources: \\{\\{ServiceAccountToken: &\\{ExpirationSeconds: 3607, Path: \"token\"\\}\\}, \\{ConfigMap: &\\{LocalObjectReference: \\{Name: \"kube-root-ca\\.crt\"\\}, Items: \\{\\{Key: \"ca\\.crt\", Path: \"ca\\.crt\"\\}\\}\\}\\}, \\{DownwardAPI: &\\{Items: \\{\\{Path: \"namespace\", FieldRef: &\\{APIVersion: \"v1\", FieldPath: \"metadata\\.namespace\"\\}\\}\\}\\}\\}\\}, DefaultMode: &420\\}\\}\\}\\}, (re)",
  "    \tInitContainers: nil,",
  "    \tContainers: []core.Container{",
  "    \t\t{",
  "    \t\t\t... // 6 identical fields",
  "    \t\t\tEnvFrom: nil,",
  "    \t\t\tEnv:     nil,",
  "    \t\t\tResources: core.ResourceRequirements{",
  "    \t\t\t\tLimits: core.ResourceList{",
  "  - \t\t\t\t\ts\"cpu\":    {i: resource.int64Amount{value: 700, scale: -3}, s: \"700m\", Format: \"DecimalSI\"},",
  "  + \t\t\t\t\ts\"cpu\":    {i: resource.int64Amount{value: 800, scale: -3}, s: \"800m\", Format: \"DecimalSI\"},",
  "    \t\t\t\t\ts\"memory\": {i: {...}, s: \"200Mi\", Format: \"BinarySI\"},",
  "    \t\t\t\t},",
  "    \t\t\t\tRequests: core.ResourceList{",
  "  - \t\t\t\t\ts\"cpu\":    {i: resource.int64Amount{value: 700, scale: -3}, s: \"700m\", Format: \"DecimalSI\"},",
  "  + \t\t\t\t\ts\"cpu\":    {i: resource.int64Amount{value: 800, scale: -3}, s: \"800m\", Format: \"DecimalSI\"},",
  "    \t\t\t\t\ts\"memory\": {i: {...}, s: \"200Mi\", Format: \"BinarySI\"},",
  "    \t\t\t\t},",
  "    \t\t\t\tClaims: nil,",
  "    \t\t\t},",
  "    \t\t\tResizePolicy:  {{ResourceName: s\"cpu\", RestartPolicy: \"NotRequired\"}, {ResourceName: s\"memory\", RestartPolicy: \"NotRequired\"}},",
  "    \t\t\tRestartPolicy: nil,",
  "    \t\t\t... // 13 identical fields",
  "    \t\t},",
  "    \t},",
  "    \tEphemeralContainers: nil,",
  "    \tRestartPolicy:       \"Always\",",
  "    \t\\.\\.\\. // [0-9]+ identical fields (re)",
  "    }",
  "  "
];

function cramMatch(expectedAll: string[], actual: string): void {
  // cram: each expected line is one output line; `[N]` is the exit status, not output.
  const expected = expectedAll.filter((l) => !/^  \[\d+\]$/.test(l));
  expect(actual.endsWith('\n')).toBe(true);
  const lines = actual.slice(0, -1).split('\n');
  expect(lines.length, lines.join("\n")).toBe(expected.length);
  expected.forEach((raw, i) => {
    const want = raw.startsWith('  ') ? raw.slice(2) : raw;
    const got = lines[i];
    if (want.endsWith(' (re)')) {
      expect(got, `line ${i}`).toMatch(new RegExp(`^(?:${want.slice(0, -5)})$`));
    } else if (want.endsWith(' (glob)')) {
      const pat = want
        .slice(0, -7)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      expect(got, `line ${i}`).toMatch(new RegExp(`^${pat}$`));
    } else {
      expect(got, `line ${i}`).toBe(want);
    }
  });
}

function apiAccessVolume(suffix: string) {
  return {
    name: `kube-api-access-${suffix}`,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

/** simple-pod.yaml as the API server stores it (apiserver.md §2). */
function nginxPod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nginx', namespace: 'default', uid: 'u', resourceVersion: '1' },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.14.2',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-7x2kq', readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: 'kubesim-worker2',
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [apiAccessVolume('7x2kq')],
    },
    status: { phase: 'Running', qosClass: 'BestEffort' },
  } as Pod;
}

/** qos-pod-5.yaml as stored with InPlacePodVerticalScaling on (resizePolicy defaulted). */
function qosPod(): Pod {
  const pod = nginxPod();
  pod.metadata.name = 'qos-demo-5';
  pod.metadata.namespace = 'qos-example';
  pod.spec.containers = [
    {
      name: 'qos-demo-ctr-5',
      image: 'nginx',
      imagePullPolicy: 'Always',
      resizePolicy: [
        { resourceName: 'cpu', restartPolicy: 'NotRequired' },
        { resourceName: 'memory', restartPolicy: 'NotRequired' },
      ],
      resources: { limits: { cpu: '700m', memory: '200Mi' }, requests: { cpu: '700m', memory: '200Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-abcde', readOnly: true }],
    },
  ];
  pod.spec.volumes = [apiAccessVolume('abcde')];
  return pod;
}

const kubectlText = (pod: Pod, causes: ReturnType<typeof validatePodUpdate>) => {
  // MultilineError ends the cause with a newline (after the diff's own); checkErr adds one only if missing.
  const text = formatStatusError(invalid('Pod', pod.metadata.name!, causes));
  return text.endsWith('\n') ? text : text + '\n';
};

describe('validatePodUpdate (00a-pod-basics)', () => {
  it('allows an image change', () => {
    const old = nginxPod();
    const next = structuredClone(old);
    next.spec.containers[0].image = 'nginx:1.16.1';
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('allows label and annotation changes', () => {
    const old = nginxPod();
    const next = structuredClone(old);
    next.metadata.labels = { a: 'b' };
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('refuses terminationGracePeriodSeconds with the go-cmp diff', () => {
    const old = nginxPod();
    const next = structuredClone(old);
    next.spec.terminationGracePeriodSeconds = 10;
    const causes = validatePodUpdate(next, old);
    expect(causes).toHaveLength(1);
    cramMatch(T00A, kubectlText(next, causes));
    // the ASCII variant exactly
    expect(causes[0].message.split('\n').slice(1).join('\n')).toBe(
      [
        '  core.PodSpec{',
        '  \t... // 3 identical fields',
        '  \tEphemeralContainers:           nil,',
        '  \tRestartPolicy:                 "Always",',
        '- \tTerminationGracePeriodSeconds: &30,',
        '+ \tTerminationGracePeriodSeconds: &10,',
        '  \tActiveDeadlineSeconds:         nil,',
        '  \tDNSPolicy:                     "ClusterFirst",',
        '  \t... // 26 identical fields',
        '  }',
        '',
      ].join('\n'),
    );
  });

  it('activeDeadlineSeconds: set, lower, not raise, not remove', () => {
    const old = nginxPod();
    const set = structuredClone(old);
    set.spec.activeDeadlineSeconds = 86400;
    expect(validatePodUpdate(set, old)).toEqual([]);
    const lower = structuredClone(set);
    lower.spec.activeDeadlineSeconds = 43200;
    expect(validatePodUpdate(lower, set)).toEqual([]);
    const raise = structuredClone(lower);
    raise.spec.activeDeadlineSeconds = 90000;
    expect(kubectlText(raise, validatePodUpdate(raise, lower))).toBe(
      'The Pod "nginx" is invalid: spec.activeDeadlineSeconds: Invalid value: 90000: must be less than or equal to previous value\n',
    );
    const removed = structuredClone(lower);
    delete removed.spec.activeDeadlineSeconds;
    expect(kubectlText(removed, validatePodUpdate(removed, lower))).toBe(
      'The Pod "nginx" is invalid: spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value\n',
    );
    const zero = structuredClone(lower);
    zero.spec.activeDeadlineSeconds = 0;
    expect(validatePodUpdate(zero, lower)).toEqual([
      { field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 0: must be between 1 and 2147483647, inclusive' },
    ]);
  });

  it('tolerations: additions only', () => {
    const old = nginxPod();
    const added = structuredClone(old);
    added.spec.tolerations!.push({ key: 'example.com/maintenance', operator: 'Exists', effect: 'NoSchedule' });
    expect(validatePodUpdate(added, old)).toEqual([]);
    const removed = structuredClone(added);
    removed.spec.tolerations!.splice(2, 1);
    expect(kubectlText(removed, validatePodUpdate(removed, added))).toBe(
      'The Pod "nginx" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds\n',
    );
    const seconds = structuredClone(old);
    seconds.spec.tolerations![0].tolerationSeconds = 100;
    expect(validatePodUpdate(seconds, old)).toEqual([]);
  });

  it('terminationGracePeriodSeconds may go from negative to 1', () => {
    const old = nginxPod();
    old.spec.terminationGracePeriodSeconds = -1;
    const next = structuredClone(old);
    next.spec.terminationGracePeriodSeconds = 1;
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('scheduling gates: only removal', () => {
    const old = nginxPod();
    old.spec.schedulingGates = [{ name: 'a' }];
    const removed = structuredClone(old);
    removed.spec.schedulingGates = [];
    expect(validatePodUpdate(removed, old)).toEqual([]);
    const added = structuredClone(old);
    added.spec.schedulingGates = [{ name: 'a' }, { name: 'b' }];
    expect(validatePodUpdate(added, old)).toEqual([
      { field: 'spec.schedulingGates[1].name', message: "Forbidden: only deletion is allowed, but found new scheduling gate 'b'" },
    ]);
  });

  it('refuses adding a container', () => {
    const old = nginxPod();
    const next = structuredClone(old);
    next.spec.containers.push({ name: 'x', image: 'busybox' });
    expect(validatePodUpdate(next, old)).toEqual([{ field: 'spec.containers', message: 'Forbidden: pod updates may not add or remove containers' }]);
  });

  it('ignores the deprecated serviceAccount field (not in the internal type)', () => {
    const old = nginxPod();
    const next = structuredClone(old);
    delete (next.spec as Record<string, unknown>).serviceAccount;
    expect(validatePodUpdate(next, old)).toEqual([]);
  });
});

describe('validatePodUpdate (03-resize-container-resources)', () => {
  it('refuses a resources change with the go-cmp diff of the container', () => {
    const old = qosPod();
    const next = structuredClone(old);
    next.spec.containers[0].resources = { limits: { cpu: '800m', memory: '200Mi' }, requests: { cpu: '800m', memory: '200Mi' } };
    const causes = validatePodUpdate(next, old);
    expect(causes).toHaveLength(1);
    cramMatch(T03, kubectlText(next, causes));
  });
});

describe('podSpecDiff', () => {
  it('is empty for equal specs', () => {
    expect(podSpecDiff(nginxPod().spec, nginxPod().spec)).toBe('');
  });

  it('shows a changed map entry and a new pointer', () => {
    const a = nginxPod().spec;
    const b = structuredClone(a);
    b.nodeSelector = { disk: 'ssd' };
    const text = podSpecDiff(a, b);
    expect(text).toContain('- \tNodeSelector:                 nil,');
    expect(text).toContain('+ \tNodeSelector:                 map[string]string{"disk": "ssd"},');
  });
});
