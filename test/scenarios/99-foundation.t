The default cluster and one nginx pod, end to end (kubesim's own foundation scenario)

Written from ../shared/reference (get.md, describe.md, apiserver.md, kubelet.md, errors.md,
commands.md) and the default-cluster facts of FORMAT.md, for issue 3: the walking skeleton.

Must model:
- the default cluster of FORMAT.md: nodes with their roles, addresses, OS image and runtime,
the system pods Running on the nodes named there, the five namespaces with their default
ServiceAccount and kube-root-ca.crt ConfigMap;
- `apply` (created / unchanged), the scheduler's least-allocated choice, the kubelet's pull and
start with v1.32 event texts, pod defaulting and admission as `-o yaml` shows them;
- get tables, wide, yaml, name, jsonpath, custom-columns, --show-labels, -L, -l; describe pod
and node; events; label; delete waiting for the pod to go;
- kubectl's error texts for NotFound, AlreadyExists, an unknown resource type, an unknown flag
and an unknown command.

The default cluster: three kind nodes, the control plane tainted, all Ready a minute after the
cluster was made (the first command made it).

  $ kubectl get nodes
  NAME                    STATUS   ROLES           AGE   VERSION
  kubesim-control-plane   Ready    control-plane   60s   v1.32.0
  kubesim-worker          Ready    <none>          60s   v1.32.0
  kubesim-worker2         Ready    <none>          60s   v1.32.0
  $ kubectl get nodes -o wide
  NAME                    STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
  kubesim-control-plane   Ready    control-plane   60s   v1.32.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1019-gcp   containerd://1.7.24
  kubesim-worker          Ready    <none>          60s   v1.32.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1019-gcp   containerd://1.7.24
  kubesim-worker2         Ready    <none>          60s   v1.32.0   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1019-gcp   containerd://1.7.24

What kind runs in kube-system and local-path-storage, plus metrics-server, all Running.
Random name suffixes are masked.

  $ kubectl get pods -A
  NAMESPACE            NAME                                            READY   STATUS    RESTARTS   AGE
  kube-system          coredns-668d6bf9bc-[a-z0-9]{5}                        1/1     Running   0          60s (re)
  kube-system          coredns-668d6bf9bc-[a-z0-9]{5}                        1/1     Running   0          60s (re)
  kube-system          etcd-kubesim-control-plane                      1/1     Running   0          60s
  kube-system          kindnet-[a-z0-9]{5}                                   1/1     Running   0          60s (re)
  kube-system          kindnet-[a-z0-9]{5}                                   1/1     Running   0          60s (re)
  kube-system          kindnet-[a-z0-9]{5}                                   1/1     Running   0          60s (re)
  kube-system          kube-apiserver-kubesim-control-plane            1/1     Running   0          60s
  kube-system          kube-controller-manager-kubesim-control-plane   1/1     Running   0          60s
  kube-system          kube-proxy-[a-z0-9]{5}                                1/1     Running   0          60s (re)
  kube-system          kube-proxy-[a-z0-9]{5}                                1/1     Running   0          60s (re)
  kube-system          kube-proxy-[a-z0-9]{5}                                1/1     Running   0          60s (re)
  kube-system          kube-scheduler-kubesim-control-plane            1/1     Running   0          60s
  kube-system          metrics-server-6f9d8c7b5d-[a-z0-9]{5}                 1/1     Running   0          60s (re)
  local-path-storage   local-path-provisioner-58cc7856b6-[a-z0-9]{5}         1/1     Running   0          60s (re)

Where the control plane and the cluster's DNS answer (the services labelled
kubernetes.io/cluster-service=true in kube-system); the port is the kubeconfig's.

  $ kubectl cluster-info
  Kubernetes control plane is running at https://127\.0\.0\.1:[0-9]+ (re)
  CoreDNS is running at https://127\.0\.0\.1:[0-9]+/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy (re)
  
  To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.

The five namespaces, each with its default ServiceAccount and the kube-root-ca.crt ConfigMap.

  $ kubectl get namespaces
  NAME                 STATUS   AGE
  default              Active   60s
  kube-node-lease      Active   60s
  kube-public          Active   60s
  kube-system          Active   60s
  local-path-storage   Active   60s
  $ kubectl get serviceaccounts,configmaps
  NAME                     SECRETS   AGE
  serviceaccount/default   0         60s
  
  NAME                         DATA   AGE
  configmap/kube-root-ca.crt   1      60s

The nginx pod of the Pods concept page. At the instant of the apply it is already bound and
pulling its image. Applying the same manifest again changes nothing.

  $ kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml
  pod/nginx created
  $ kubectl get pods
  NAME    READY   STATUS              RESTARTS   AGE
  nginx   0/1     ContainerCreating   0          0s
  $ kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml
  pod/nginx unchanged

A minute later it runs on a worker (the least-allocated one: kubesim-worker2).

  $ kubesim advance 60s
  $ kubectl get pods
  NAME    READY   STATUS    RESTARTS   AGE
  nginx   1/1     Running   0          60s
  $ kubectl get pod nginx -o wide
  NAME    READY   STATUS    RESTARTS   AGE   IP +NODE +NOMINATED NODE   READINESS GATES (re)
  nginx   1/1     Running   0          60s   10\.244\.[0-9]+\.[0-9]+ +kubesim-worker2   <none>           <none> (re)

Everything the API server defaulted and admitted (service account volume, tolerations, priority),
and the status the kubelet reports (pod IPs masked).

  $ kubectl get pod nginx -o yaml
  apiVersion: v1
  kind: Pod
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}
    creationTimestamp: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
    name: nginx
    namespace: default
    resourceVersion: "[0-9]+" (re)
    uid: [0-9a-f-]{36} (re)
  spec:
    containers:
    - image: nginx:1.14.2
      imagePullPolicy: IfNotPresent
      name: nginx
      ports:
      - containerPort: 80
        protocol: TCP
      resources: {}
      terminationMessagePath: /dev/termination-log
      terminationMessagePolicy: File
      volumeMounts:
      - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
        name: kube-api-access-[a-z0-9]{5} (re)
        readOnly: true
    dnsPolicy: ClusterFirst
    enableServiceLinks: true
    nodeName: kubesim-worker2
    preemptionPolicy: PreemptLowerPriority
    priority: 0
    restartPolicy: Always
    schedulerName: default-scheduler
    securityContext: {}
    serviceAccount: default
    serviceAccountName: default
    terminationGracePeriodSeconds: 30
    tolerations:
    - effect: NoExecute
      key: node.kubernetes.io/not-ready
      operator: Exists
      tolerationSeconds: 300
    - effect: NoExecute
      key: node.kubernetes.io/unreachable
      operator: Exists
      tolerationSeconds: 300
    volumes:
    - name: kube-api-access-[a-z0-9]{5} (re)
      projected:
        defaultMode: 420
        sources:
        - serviceAccountToken:
            expirationSeconds: 3607
            path: token
        - configMap:
            items:
            - key: ca.crt
              path: ca.crt
            name: kube-root-ca.crt
        - downwardAPI:
            items:
            - fieldRef:
                apiVersion: v1
                fieldPath: metadata.namespace
              path: namespace
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      status: "True"
      type: PodReadyToStartContainers
    - lastProbeTime: null
      lastTransitionTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      status: "True"
      type: Initialized
    - lastProbeTime: null
      lastTransitionTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      status: "True"
      type: Ready
    - lastProbeTime: null
      lastTransitionTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      status: "True"
      type: ContainersReady
    - lastProbeTime: null
      lastTransitionTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      status: "True"
      type: PodScheduled
    containerStatuses:
    - containerID: containerd://[0-9a-f]{64} (re)
      image: docker.io/library/nginx:1.14.2
      imageID: docker\.io/library/nginx@sha256:[0-9a-f]{64} (re)
      lastState: {}
      name: nginx
      ready: true
      restartCount: 0
      started: true
      state:
        running:
          startedAt: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)
      volumeMounts:
      - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
        name: kube-api-access-[a-z0-9]{5} (re)
        readOnly: true
        recursiveReadOnly: Disabled
    hostIP: 172.18.0.4
    hostIPs:
    - ip: 172.18.0.4
    phase: Running
    podIP: 10\.244\.[0-9]+\.[0-9]+ (re)
    podIPs:
    - ip: 10\.244\.[0-9]+\.[0-9]+ (re)
    qosClass: BestEffort
    startTime: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" (re)

describe shows the same with the scheduler's and the kubelet's events.

  $ kubectl describe pod nginx
  Name:             nginx
  Namespace:        default
  Priority:         0
  Service Account:  default
  Node:             kubesim-worker2/172.18.0.4
  Start Time:       [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4} (re)
  Labels:           <none>
  Annotations:      <none>
  Status:           Running
  IP:               10\.244\.[0-9]+\.[0-9]+ (re)
  IPs:
    IP:  10\.244\.[0-9]+\.[0-9]+ (re)
  Containers:
    nginx:
      Container ID:   containerd://[0-9a-f]{64} (re)
      Image:          nginx:1.14.2
      Image ID:       docker\.io/library/nginx@sha256:[0-9a-f]{64} (re)
      Port:           80/TCP
      Host Port:      0/TCP
      State:          Running
        Started:      [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4} (re)
      Ready:          True
      Restart Count:  0
      Environment:    <none>
      Mounts:
        /var/run/secrets/kubernetes\.io/serviceaccount from kube-api-access-[a-z0-9]{5} \(ro\) (re)
  Conditions:
    Type                        Status
    PodReadyToStartContainers   True 
    Initialized                 True 
    Ready                       True 
    ContainersReady             True 
    PodScheduled                True 
  Volumes:
    kube-api-access-[a-z0-9]{5}: (re)
      Type:                    Projected (a volume that contains injected data from multiple sources)
      TokenExpirationSeconds:  3607
      ConfigMapName:           kube-root-ca.crt
      ConfigMapOptional:       <nil>
      DownwardAPI:             true
  QoS Class:                   BestEffort
  Node-Selectors:              <none>
  Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                               node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
  Events:
    Type    Reason     Age   From               Message
    ----    ------     ----  ----               -------
    Normal  Scheduled  60s   default-scheduler  Successfully assigned default/nginx to kubesim-worker2
    Normal  Pulling    60s   kubelet            Pulling image "nginx:1.14.2"
    Normal  Pulled     55s   kubelet            Successfully pulled image "nginx:1\.14\.2" in [0-9.]+m?s \([0-9.]+m?s including waiting\)\. Image size: [0-9]+ bytes\. (re)
    Normal  Created    55s   kubelet            Created container: nginx
    Normal  Started    55s   kubelet            Started container nginx

The node now lists nginx among its non-terminated pods.

  $ kubectl describe node kubesim-worker2
  Name:               kubesim-worker2
  Roles:              <none>
  Labels:             beta.kubernetes.io/arch=amd64
                      beta.kubernetes.io/os=linux
                      kubernetes.io/arch=amd64
                      kubernetes.io/hostname=kubesim-worker2
                      kubernetes.io/os=linux
  Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                      node.alpha.kubernetes.io/ttl: 0
                      volumes.kubernetes.io/controller-managed-attach-detach: true
  CreationTimestamp:  [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4} (re)
  Taints:             <none>
  Unschedulable:      false
  Lease:
    HolderIdentity:  kubesim-worker2
    AcquireTime:     <unset>
    RenewTime:       [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4} (re)
  Conditions:
    Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
    ----             ------  -----------------                 ------------------                ------                       -------
    MemoryPressure   False   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   KubeletHasSufficientMemory   kubelet has sufficient memory available (re)
    DiskPressure     False   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   KubeletHasNoDiskPressure     kubelet has no disk pressure (re)
    PIDPressure      False   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   KubeletHasSufficientPID      kubelet has sufficient PID available (re)
    Ready            True    [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}   KubeletReady                 kubelet is posting ready status (re)
  Addresses:
    InternalIP:  172.18.0.4
    Hostname:    kubesim-worker2
  Capacity:
    cpu:                4
    ephemeral-storage:  [0-9]+Ki (re)
    hugepages-1Gi:      0
    hugepages-2Mi:      0
    memory:             8Gi
    pods:               110
  Allocatable:
    cpu:                4
    ephemeral-storage:  [0-9]+Ki (re)
    hugepages-1Gi:      0
    hugepages-2Mi:      0
    memory:             8Gi
    pods:               110
  System Info:
    Machine ID:                 [0-9a-f]{32} (re)
    System UUID:                [0-9a-f-]{36} (re)
    Boot ID:                    [0-9a-f-]{36} (re)
    Kernel Version:             .+ (re)
    OS Image:                   Debian GNU/Linux 12 (bookworm)
    Operating System:           linux
    Architecture:               amd64
    Container Runtime Version:  containerd://1.7.24
    Kubelet Version:            v1.32.0
    Kube-Proxy Version:         
  PodCIDR:                      10.244.2.0/24
  PodCIDRs:                     10.244.2.0/24
  ProviderID:                   kind://docker/kubesim/kubesim-worker2
  Non-terminated Pods:          (3 in total)
    Namespace                   Name                CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
    ---------                   ----                ------------  ----------  ---------------  -------------  ---
    default                     nginx               0 (0%)        0 (0%)      0 (0%)           0 (0%)         60s
    kube-system                 kindnet-[a-z0-9]{5}       100m \(2%\)     100m \(2%\)   50Mi \(0%\)        50Mi \(0%\)      2m (re)
    kube-system                 kube-proxy-[a-z0-9]{5}    0 \(0%\)        0 \(0%\)      0 \(0%\)           0 \(0%\)         2m (re)
  Allocated resources:
    (Total limits may be over 100 percent, i.e., overcommitted.)
    Resource           Requests   Limits
    --------           --------   ------
    cpu                100m (2%)  100m (2%)
    memory             50Mi (0%)  50Mi (0%)
    ephemeral-storage  0 (0%)     0 (0%)
    hugepages-1Gi      0 (0%)     0 (0%)
    hugepages-2Mi      0 (0%)     0 (0%)
  Events:
    Type    Reason                   Age   From             Message
    ----    ------                   ----  ----             -------
    Normal  Starting                 2m    kube-proxy       
    Normal  Starting                 2m    kubelet          Starting kubelet.
    Normal  NodeHasSufficientMemory  2m    kubelet          Node kubesim-worker2 status is now: NodeHasSufficientMemory
    Normal  NodeHasNoDiskPressure    2m    kubelet          Node kubesim-worker2 status is now: NodeHasNoDiskPressure
    Normal  NodeHasSufficientPID     2m    kubelet          Node kubesim-worker2 status is now: NodeHasSufficientPID
    Normal  NodeAllocatableEnforced  2m    kubelet          Updated Node Allocatable limit across pods
    Normal  RegisteredNode           2m    node-controller  Node kubesim-worker2 event: Registered Node kubesim-worker2 in Controller
    Normal  NodeReady                2m    kubelet          Node kubesim-worker2 status is now: NodeReady

The pod's events on their own.

  $ kubectl get events --field-selector involvedObject.name=nginx
  LAST SEEN   TYPE     REASON      OBJECT      MESSAGE
  60s         Normal   Scheduled   pod/nginx   Successfully assigned default/nginx to kubesim-worker2
  60s         Normal   Pulling     pod/nginx   Pulling image "nginx:1.14.2"
  55s         Normal   Pulled      pod/nginx   Successfully pulled image "nginx:1\.14\.2" in [0-9.]+m?s \([0-9.]+m?s including waiting\)\. Image size: [0-9]+ bytes\. (re)
  55s         Normal   Created     pod/nginx   Created container: nginx
  55s         Normal   Started     pod/nginx   Started container nginx

Labels: set one, show them, use one as a column and as a selector.

  $ kubectl label pod nginx tier=web
  pod/nginx labeled
  $ kubectl get pods --show-labels
  NAME    READY   STATUS    RESTARTS   AGE   LABELS
  nginx   1/1     Running   0          60s   tier=web
  $ kubectl get pods -L tier -l tier=web
  NAME    READY   STATUS    RESTARTS   AGE   TIER
  nginx   1/1     Running   0          60s   web

Other output formats.

  $ kubectl get pods -o name
  pod/nginx
  $ kubectl get pods -o jsonpath='{.items[*].metadata.name}{"\n"}'
  nginx
  $ kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image
  NAME    IMAGE
  nginx   nginx:1.14.2

Errors, as kubectl prints them: a missing object, an existing one, an unknown type, an unknown
flag, an unknown command and an unknown subcommand of a command group.

  $ kubectl get pod nope
  Error from server (NotFound): pods "nope" not found
  [1]
  $ kubectl create -f https://k8s.io/examples/pods/simple-pod.yaml
  Error from server (AlreadyExists): error when creating "https://k8s.io/examples/pods/simple-pod.yaml": pods "nginx" already exists
  [1]
  $ kubectl get foo
  error: the server doesn't have a resource type "foo"
  [1]
  $ kubectl get pods --foo
  error: unknown flag: --foo
  See 'kubectl get --help' for usage.
  [1]
  $ kubectl frobnicate
  error: unknown command "frobnicate" for "kubectl"
  [1]
  $ kubectl rollout frobnicate deployment/web
  error: unknown command "frobnicate deployment/web"
  See 'kubectl rollout -h' for help and examples
  [1]

Deleting waits until the kubelet has stopped the container and the pod is gone.

  $ kubectl delete pod nginx
  pod "nginx" deleted
  $ kubectl get pods
  No resources found in default namespace.
