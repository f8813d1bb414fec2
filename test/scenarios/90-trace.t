kubesim explains itself: the trail of an object (issue 14)

`kubesim trace TYPE/NAME` prints what each component did to one object, in simulated time, as a
timeline with offsets from the object's creation (docs/trace.md). Here: a Deployment's pod from
`kubectl create deployment` to Running, in a namespace whose LimitRange gives containers a default
memory request and limit, then a pod no node can take, then kubectl's request log at -v=6.

Must model:
- the trail of a pod made by a controller starts with its owners' entries: the Deployment's request
(user, groups, the RBAC binding and rule that allowed it), its storage write, the deployment
controller's ReplicaSet, the replicaset controller's request for the pod;
- each mutating admission plugin that changed the pod, with its JSON patch (LimitRanger's defaults
and its annotation, ServiceAccount's token volume, Priority, DefaultTolerationSeconds);
- the scheduler's verdict node by node: the control plane refused by TaintToleration for its taint,
the workers feasible with their scores, the chosen node;
- the kubelet's steps: admission, the sandbox with its IP from the node's podCIDR and the volumes,
the image pull, the container created and started, the pod Running and Ready;
- for an unschedulable pod, the filter that refused each node and why;
- `kubectl get pods -v=6`: the klog lines of real kubectl (feature gates, the kubeconfig file, one
line per request with its URL, status and duration).

A LimitRange with defaults for containers that set no memory of their own.

  $ cat > limits.yaml <<'YAML'
  > apiVersion: v1
  > kind: LimitRange
  > metadata:
  >   name: memory-defaults
  > spec:
  >   limits:
  >   - type: Container
  >     default:
  >       memory: 256Mi
  >     defaultRequest:
  >       memory: 128Mi
  > YAML
  $ kubectl apply -f limits.yaml
  limitrange/memory-defaults created

  $ kubectl create deployment web --image=nginx
  deployment.apps/web created

The image pull takes a few seconds.

  $ kubesim advance 10s
  $ kubectl get pods
  NAME                  READY   STATUS    RESTARTS   AGE
  web-[a-z0-9]+-[a-z0-9]{5} +1/1     Running   0          10s (re)

The whole story of the pod. Offsets count from the pod's creation; the Deployment and its
ReplicaSet were made in the same instant, so their entries come first at +0s.

  $ kubesim trace $(kubectl get pods -l app=web -o name)
  pod/web-*-* in namespace default, created 2025-01-15T10:00:00Z (offsets from then) (glob)
  TIME +OBJECT +COMPONENT +WHAT (re)
  \+0s +deployment/web +kube-apiserver +POST /apis/apps/v1/namespaces/default/deployments by kubernetes-admin \[kubeadm:cluster-admins, system:authenticated\] (re)
  \+0s +deployment/web +authorizer +RBAC allowed create: ClusterRoleBinding kubeadm:cluster-admins -> ClusterRole cluster-admin: {"verbs":\["\*"\],"apiGroups":\["\*"\],"resources":\["\*"\]} (re)
  \+0s +deployment/web +etcd +created, resourceVersion [0-9]+ (re)
  \+0s +replicaset/web-[a-z0-9]+ +kube-apiserver +POST /apis/apps/v1/namespaces/default/replicasets by system:kube-controller-manager \[system:authenticated\] \(the deployment controller\) (re)
  \+0s +replicaset/web-[a-z0-9]+ +authorizer +allowed: the control plane's own identity \(kubesim does not check it\) (re)
  \+0s +replicaset/web-[a-z0-9]+ +etcd +created, resourceVersion [0-9]+ (re)
  \+0s +deployment/web +deployment-controller +event ScalingReplicaSet: Scaled up replica set web-[a-z0-9]+ from 0 to 1 (re)
  \+0s +pod/web-[a-z0-9-]+ +kube-apiserver +POST /api/v1/namespaces/default/pods by system:kube-controller-manager \[system:authenticated\] \(the replicaset controller\) (re)
  \+0s +pod/web-[a-z0-9-]+ +authorizer +allowed: the control plane's own identity \(kubesim does not check it\) (re)
  \+0s +pod/web-[a-z0-9-]+ +admission +LimitRanger \(mutating\) changed the object (re)
   +{"op":"replace","path":"/status/qosClass","value":"Burstable"} (re)
   +{"op":"add","path":"/spec/containers/0/resources/limits","value":{"memory":"256Mi"}} (re)
   +{"op":"add","path":"/spec/containers/0/resources/requests","value":{"memory":"128Mi"}} (re)
   +{"op":"add","path":"/metadata/annotations","value":{"kubernetes.io/limit-ranger":"LimitRanger plugin set: memory request for container nginx; memory limit for container nginx"}} (re)
  \+0s +pod/web-[a-z0-9-]+ +admission +ServiceAccount \(mutating\) changed the object (re)
   +{"op":"add","path":"/spec/containers/0/volumeMounts","value":\[{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","name":"kube-api-access-[a-z0-9]{5}","readOnly":true}\]} (re)
   +{"op":"add","path":"/spec/serviceAccountName","value":"default"} (re)
   +{"op":"add","path":"/spec/serviceAccount","value":"default"} (re)
   +{"op":"add","path":"/spec/volumes","value":\[{"name":"kube-api-access-[a-z0-9]{5}","projected":.*}\]} (re)
  \+0s +pod/web-[a-z0-9-]+ +admission +Priority \(mutating\) changed the object (re)
   +{"op":"add","path":"/spec/priority","value":0} (re)
   +{"op":"add","path":"/spec/preemptionPolicy","value":"PreemptLowerPriority"} (re)
  \+0s +pod/web-[a-z0-9-]+ +admission +DefaultTolerationSeconds \(mutating\) changed the object (re)
   +{"op":"add","path":"/spec/tolerations","value":\[.*\]} (re)
  \+0s +pod/web-[a-z0-9-]+ +etcd +created, resourceVersion [0-9]+ (re)
  \+0s +pod/web-[a-z0-9-]+ +default-scheduler +chose kubesim-worker2? \(2 of 3 node\(s\) feasible, highest score\) (re)
   +kubesim-control-plane: refused by TaintToleration: node\(s\) had untolerated taint {node-role.kubernetes.io/control-plane: } (re)
   +kubesim-worker: feasible, score [0-9]+ (re)
   +kubesim-worker2: feasible, score [0-9]+ (re)
  \+0s +pod/web-[a-z0-9-]+ +default-scheduler +event Scheduled: Successfully assigned default/web-[a-z0-9-]+ to kubesim-worker2? (re)
  \+0s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +admitted the pod; creating its sandbox (re)
  \+0s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +sandbox ready, IP 10\.244\.[12]\.[0-9]+ from the node's podCIDR 10\.244\.[12]\.0/24 (re)
   +volumes mounted: kube-api-access-[a-z0-9]{5} \(projected\) (re)
  \+0s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +event Pulling: Pulling image "nginx" (re)
  \+[0-9.]+s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +event Pulled: Successfully pulled image "nginx" in [0-9.]+m?s \([0-9.]+m?s including waiting\). Image size: [0-9]+ bytes. (re)
  \+[0-9.]+s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +event Created: Created container: nginx (re)
  \+[0-9.]+s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +event Started: Started container nginx (re)
  \+[0-9.]+s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +status: phase Pending -> Running (re)
  \+[0-9.]+s +pod/web-[a-z0-9-]+ +kubelet \(kubesim-worker2?\) +status: Ready=True (re)

A pod that asks for more CPU than any node has. The trail shows which filter refused each node.

  $ cat > big.yaml <<'YAML'
  > apiVersion: v1
  > kind: Pod
  > metadata:
  >   name: big
  > spec:
  >   containers:
  >   - name: app
  >     image: nginx
  >     resources:
  >       requests:
  >         cpu: "10"
  > YAML
  $ kubectl apply -f big.yaml
  pod/big created
  $ kubesim trace pod/big | grep -A3 default-scheduler
  +0s       pod/big  default-scheduler  no node fits: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..
                                          kubesim-control-plane: refused by TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }
                                          kubesim-worker: refused by NodeResourcesFit: Insufficient cpu
                                          kubesim-worker2: refused by NodeResourcesFit: Insufficient cpu
  +0s       pod/big  default-scheduler  event FailedScheduling: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..

The same trail for tools: the entries as JSON.

  $ kubesim trace pod/big -o json | grep -c '"component"'
  9

The request log of real kubectl: at -v=6 one line per request, on stderr (here merged into stdout).
The discovery requests kubectl makes when its cache is cold are not simulated. The kubeconfig is
loaded first; the four client feature gates follow in an order that changes from run to run (real
kubectl v1.32 logs them while ranging over a Go map: a random rotation of ClientsAllowCBOR,
ClientsPreferCBOR, InformerResourceVersion, WatchListClient), so each line accepts any of them.

  $ kubectl get pods -v=6 2>&1
  I[0-9]{4} [0-9:.]{15} +[0-9]+ loader.go:402\] Config loaded from file:  .*/kubeconfig (re)
  I[0-9]{4} [0-9:.]{15} +[0-9]+ envvar.go:172\] "Feature gate default state" feature="(ClientsAllowCBOR|ClientsPreferCBOR|InformerResourceVersion|WatchListClient)" enabled=false (re)
  I[0-9]{4} [0-9:.]{15} +[0-9]+ envvar.go:172\] "Feature gate default state" feature="(ClientsAllowCBOR|ClientsPreferCBOR|InformerResourceVersion|WatchListClient)" enabled=false (re)
  I[0-9]{4} [0-9:.]{15} +[0-9]+ envvar.go:172\] "Feature gate default state" feature="(ClientsAllowCBOR|ClientsPreferCBOR|InformerResourceVersion|WatchListClient)" enabled=false (re)
  I[0-9]{4} [0-9:.]{15} +[0-9]+ envvar.go:172\] "Feature gate default state" feature="(ClientsAllowCBOR|ClientsPreferCBOR|InformerResourceVersion|WatchListClient)" enabled=false (re)
  I[0-9]{4} [0-9:.]{15} +[0-9]+ round_trippers.go:560\] GET https://127.0.0.1:6443/api/v1/namespaces/default/pods\?limit=500 200 OK in [0-9]+ milliseconds (re)
  NAME                  READY   STATUS    RESTARTS   AGE
  big                   0/1     Pending   0          0s
  web-[a-z0-9]+-[a-z0-9]{5} +1/1     Running   0          10s (re)

A verbosity that is not a number is refused as kubectl refuses it.

  $ kubectl get pods --v loud
  error: invalid argument "loud" for "-v, --v" flag: strconv.ParseInt: parsing "loud": invalid syntax
  See 'kubectl get --help' for usage.
  [1]

`--follow` keeps printing as things happen. With KUBESIM_CLOCK=manual it lets simulated time pass,
as `kubectl get -w` does, until the trail has been quiet for 5 minutes: here the pod's image is
pulled and its container started after the trace began (without --follow the trail would end at
"Pulling", since the clock does not move).

  $ kubectl run late --image=nginx
  pod/late created
  $ kubesim trace pod/late --follow | grep kubelet | tr -s ' '
  +0s pod/late kubelet (kubesim-worker*) admitted the pod; creating its sandbox (glob)
  +0s pod/late kubelet (kubesim-worker*) sandbox ready, IP 10.244.*.* from the node's podCIDR 10.244.*.0/24 (glob)
  +0s pod/late kubelet (kubesim-worker*) event Pulling: Pulling image "nginx" (glob)
  +*s pod/late kubelet (kubesim-worker*) event Pulled: Successfully pulled image "nginx" in * (glob)
  +*s pod/late kubelet (kubesim-worker*) event Created: Created container: late (glob)
  +*s pod/late kubelet (kubesim-worker*) event Started: Started container late (glob)
  +*s pod/late kubelet (kubesim-worker*) status: phase Pending -> Running (glob)
  +*s pod/late kubelet (kubesim-worker*) status: Ready=True (glob)
