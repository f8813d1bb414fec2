// Patch semantics checked against the real kubectl v1.32 client: every
// expected object below is the output of
//   kubectl.1.32 patch --local -f OBJ.json --type=TYPE -p PATCH -o json
// (strategicpatch / evanphx json-patch, the same code the API server runs),
// recorded by a generator script so the test runs without the binary.
import { describe, expect, it } from 'vitest';
import { applyPatch, createApplyPatch, jsonPatchClientError, mergePatch, strategicMergePatch, type PatchType } from '../../src/apiserver/patch.js';
import { StatusError, formatStatusError } from '../../src/apiserver/errors.js';
import type { KObject } from '../../src/types/k8s.js';

const OBJECTS: Record<string, KObject> = {
  "pod": {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
      "name": "web",
      "namespace": "default",
      "labels": {
        "app": "web",
        "tier": "fe"
      },
      "finalizers": [
        "a.example.com/x",
        "b.example.com/y"
      ],
      "ownerReferences": [
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "name": "rs1",
          "uid": "u1"
        }
      ]
    },
    "spec": {
      "containers": [
        {
          "name": "nginx",
          "image": "nginx:1.14.2",
          "command": [
            "nginx",
            "-g",
            "daemon off;"
          ],
          "env": [
            {
              "name": "A",
              "value": "1"
            },
            {
              "name": "B",
              "value": "2"
            }
          ],
          "ports": [
            {
              "containerPort": 80,
              "protocol": "TCP"
            },
            {
              "containerPort": 443,
              "protocol": "TCP"
            }
          ],
          "volumeMounts": [
            {
              "name": "data",
              "mountPath": "/data"
            },
            {
              "name": "cfg",
              "mountPath": "/etc/cfg",
              "readOnly": true
            }
          ],
          "resources": {
            "limits": {
              "cpu": "500m",
              "memory": "128Mi"
            }
          }
        },
        {
          "name": "sidecar",
          "image": "busybox",
          "args": [
            "sleep",
            "3600"
          ]
        },
        {
          "name": "logger",
          "image": "fluentd"
        }
      ],
      "volumes": [
        {
          "name": "data",
          "emptyDir": {}
        },
        {
          "name": "cfg",
          "configMap": {
            "name": "cfg",
            "defaultMode": 420
          }
        }
      ],
      "tolerations": [
        {
          "key": "k1",
          "operator": "Exists",
          "effect": "NoSchedule"
        },
        {
          "key": "k2",
          "operator": "Equal",
          "value": "v",
          "effect": "NoExecute",
          "tolerationSeconds": 300
        }
      ],
      "imagePullSecrets": [
        {
          "name": "reg1"
        }
      ],
      "nodeSelector": {
        "disktype": "ssd",
        "zone": "a"
      },
      "securityContext": {
        "runAsUser": 1000,
        "fsGroup": 2000
      },
      "hostAliases": [
        {
          "ip": "10.0.0.1",
          "hostnames": [
            "foo.local"
          ]
        }
      ],
      "topologySpreadConstraints": [
        {
          "maxSkew": 1,
          "topologyKey": "zone",
          "whenUnsatisfiable": "DoNotSchedule",
          "labelSelector": {
            "matchLabels": {
              "app": "web"
            }
          }
        }
      ],
      "restartPolicy": "Always",
      "terminationGracePeriodSeconds": 30
    },
    "status": {
      "phase": "Running",
      "conditions": [
        {
          "type": "Ready",
          "status": "True"
        },
        {
          "type": "PodScheduled",
          "status": "True"
        }
      ]
    }
  },
  "deploy": {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {
      "name": "d",
      "namespace": "default",
      "labels": {
        "app": "d"
      }
    },
    "spec": {
      "replicas": 2,
      "selector": {
        "matchLabels": {
          "app": "d"
        }
      },
      "strategy": {
        "type": "RollingUpdate",
        "rollingUpdate": {
          "maxSurge": "25%",
          "maxUnavailable": "25%"
        }
      },
      "template": {
        "metadata": {
          "labels": {
            "app": "d"
          }
        },
        "spec": {
          "containers": [
            {
              "name": "c",
              "image": "nginx:1",
              "ports": [
                {
                  "containerPort": 80
                }
              ]
            }
          ]
        }
      }
    }
  },
  "svc": {
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {
      "name": "s",
      "namespace": "default"
    },
    "spec": {
      "selector": {
        "app": "d"
      },
      "ports": [
        {
          "name": "http",
          "port": 80,
          "targetPort": 8080,
          "protocol": "TCP"
        },
        {
          "name": "https",
          "port": 443,
          "targetPort": 8443,
          "protocol": "TCP"
        }
      ]
    }
  },
  "node": {
    "apiVersion": "v1",
    "kind": "Node",
    "metadata": {
      "name": "n1",
      "labels": {
        "a": "b"
      }
    },
    "spec": {
      "podCIDR": "10.0.0.0/24",
      "podCIDRs": [
        "10.0.0.0/24"
      ],
      "taints": [
        {
          "key": "x",
          "effect": "NoSchedule"
        }
      ]
    },
    "status": {
      "conditions": [
        {
          "type": "Ready",
          "status": "True"
        },
        {
          "type": "MemoryPressure",
          "status": "False"
        }
      ],
      "addresses": [
        {
          "type": "InternalIP",
          "address": "1.2.3.4"
        },
        {
          "type": "Hostname",
          "address": "n1"
        }
      ]
    }
  },
  "cm": {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {
      "name": "c",
      "namespace": "default"
    },
    "data": {
      "a": "1",
      "b": "2"
    }
  }
};

interface Case { name: string; obj: string; type: PatchType; patch: unknown; expected: unknown }
const CASES: Case[] = [{"name":"image change","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16.1"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.16.1","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"add container at end","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"new","image":"x"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"image":"x","name":"new"},{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"patch middle and add","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"sidecar","image":"B"},{"name":"new","image":"n"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"B","name":"sidecar"},{"image":"n","name":"new"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"patch reversed order","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"logger","image":"L"},{"name":"nginx","image":"N"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"L","name":"logger"},{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"N","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"new first then existing","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"zzz","image":"z"},{"name":"nginx","image":"N"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"image":"z","name":"zzz"},{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"N","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"delete container","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"replace list","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"only","image":"o"},{"$patch":"replace"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"image":"o","name":"only"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"setElementOrder only","obj":"pod","type":"strategic","patch":{"spec":{"$setElementOrder/containers":[{"name":"logger"},{"name":"nginx"},{"name":"sidecar"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"image":"fluentd","name":"logger"},{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"setElementOrder with new","obj":"pod","type":"strategic","patch":{"spec":{"$setElementOrder/containers":[{"name":"logger"},{"name":"new"},{"name":"nginx"}],"containers":[{"name":"new","image":"n"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"},{"image":"n","name":"new"},{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"setElementOrder with delete","obj":"pod","type":"strategic","patch":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"logger"}],"containers":[{"name":"sidecar","$patch":"delete"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"finalizers merge","obj":"pod","type":"strategic","patch":{"metadata":{"finalizers":["c.example.com/z","a.example.com/x"]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["c.example.com/z","a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"finalizers delete","obj":"pod","type":"strategic","patch":{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.example.com/x"]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"finalizers order","obj":"pod","type":"strategic","patch":{"metadata":{"$setElementOrder/finalizers":["b.example.com/y","c.example.com/z","a.example.com/x"],"finalizers":["c.example.com/z"]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["b.example.com/y","c.example.com/z","a.example.com/x"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"labels add and remove","obj":"pod","type":"strategic","patch":{"metadata":{"labels":{"tier":null,"version":"v2"}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","version":"v2"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"ownerReferences by uid","obj":"pod","type":"strategic","patch":{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"X","name":"x","uid":"u2"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"v1","kind":"X","name":"x","uid":"u2"},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"tolerations replaced","obj":"pod","type":"strategic","patch":{"spec":{"tolerations":[{"key":"k3","operator":"Exists"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"key":"k3","operator":"Exists"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"env merge","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"two"},{"name":"C","value":"3"}]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"two"},{"name":"C","value":"3"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"env delete","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","env":[{"name":"A","$patch":"delete"}]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"ports merge","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","ports":[{"containerPort":443,"name":"https"},{"containerPort":8080}]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"name":"https","protocol":"TCP"},{"containerPort":8080}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"volumeMounts by mountPath","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","volumeMounts":[{"mountPath":"/data","readOnly":true},{"name":"x","mountPath":"/x"}]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data","readOnly":true},{"mountPath":"/x","name":"x"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"volume retainKeys","obj":"pod","type":"strategic","patch":{"spec":{"volumes":[{"name":"data","$retainKeys":["configMap","name"],"configMap":{"name":"other"}}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"configMap":{"name":"other"},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"volume merge no retainKeys","obj":"pod","type":"strategic","patch":{"spec":{"volumes":[{"name":"data","configMap":{"name":"other"}}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"configMap":{"name":"other"},"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"imagePullSecrets merge","obj":"pod","type":"strategic","patch":{"spec":{"imagePullSecrets":[{"name":"reg2"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg2"},{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"hostAliases merge","obj":"pod","type":"strategic","patch":{"spec":{"hostAliases":[{"ip":"10.0.0.2","hostnames":["bar"]},{"ip":"10.0.0.1","hostnames":["baz"]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["bar"],"ip":"10.0.0.2"},{"hostnames":["baz"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"topologySpread merge","obj":"pod","type":"strategic","patch":{"spec":{"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":2}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":2,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"command replaced","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","command":["sh"]}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["sh"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"nodeSelector merge","obj":"pod","type":"strategic","patch":{"spec":{"nodeSelector":{"zone":null,"rack":"1"}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","rack":"1"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"map replace directive","obj":"pod","type":"strategic","patch":{"spec":{"securityContext":{"$patch":"replace","runAsUser":1}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"runAsUser":1},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"map delete directive","obj":"pod","type":"strategic","patch":{"spec":{"securityContext":{"$patch":"delete"}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"nulls in new values","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","image":null,"foo":null,"bar":{"x":null,"y":1}}],"newthing":{"a":null,"b":[{"c":null}]}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"bar":{"y":1},"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"newthing":{"b":[{}]},"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"resources merge","obj":"pod","type":"strategic","patch":{"spec":{"containers":[{"name":"nginx","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"100m"}}}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"1","memory":"128Mi"},"requests":{"cpu":"100m"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"status conditions merge","obj":"pod","type":"strategic","patch":{"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"False","type":"Ready"},{"status":"True","type":"Initialized"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"type change scalar to map","obj":"pod","type":"strategic","patch":{"spec":{"restartPolicy":{"a":1}}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":{"a":1},"securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"deploy strategy retainKeys","obj":"deploy","type":"strategic","patch":{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}},"expected":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"d"},"name":"d","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"strategy":{"type":"Recreate"},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"image":"nginx:1","name":"c","ports":[{"containerPort":80}]}]}}}}},{"name":"deploy strategy plain","obj":"deploy","type":"strategic","patch":{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}},"expected":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"d"},"name":"d","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"strategy":{"type":"Recreate"},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"image":"nginx:1","name":"c","ports":[{"containerPort":80}]}]}}}}},{"name":"deploy template image","obj":"deploy","type":"strategic","patch":{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"nginx:2"}]}}}},"expected":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"d"},"name":"d","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"image":"nginx:2","name":"c","ports":[{"containerPort":80}]}]}}}}},{"name":"deploy replicas and labels","obj":"deploy","type":"strategic","patch":{"spec":{"replicas":5,"template":{"metadata":{"labels":{"v":"2"}}}}},"expected":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"d"},"name":"d","namespace":"default"},"spec":{"replicas":5,"selector":{"matchLabels":{"app":"d"}},"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"},"template":{"metadata":{"labels":{"app":"d","v":"2"}},"spec":{"containers":[{"image":"nginx:1","name":"c","ports":[{"containerPort":80}]}]}}}}},{"name":"service ports by port","obj":"svc","type":"strategic","patch":{"spec":{"ports":[{"port":443,"targetPort":9443},{"port":8080,"name":"alt"}]}},"expected":{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"default"},"spec":{"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},{"name":"https","port":443,"protocol":"TCP","targetPort":9443},{"name":"alt","port":8080}],"selector":{"app":"d"}}}},{"name":"node taints replaced","obj":"node","type":"strategic","patch":{"spec":{"taints":[{"key":"y","effect":"NoExecute"}]}},"expected":{"apiVersion":"v1","kind":"Node","metadata":{"labels":{"a":"b"},"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24","podCIDRs":["10.0.0.0/24"],"taints":[{"effect":"NoExecute","key":"y"}]},"status":{"addresses":[{"address":"1.2.3.4","type":"InternalIP"},{"address":"n1","type":"Hostname"}],"conditions":[{"status":"True","type":"Ready"},{"status":"False","type":"MemoryPressure"}]}}},{"name":"node podCIDRs merged","obj":"node","type":"strategic","patch":{"spec":{"podCIDRs":["fd00::/64"]}},"expected":{"apiVersion":"v1","kind":"Node","metadata":{"labels":{"a":"b"},"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24","podCIDRs":["fd00::/64","10.0.0.0/24"],"taints":[{"effect":"NoSchedule","key":"x"}]},"status":{"addresses":[{"address":"1.2.3.4","type":"InternalIP"},{"address":"n1","type":"Hostname"}],"conditions":[{"status":"True","type":"Ready"},{"status":"False","type":"MemoryPressure"}]}}},{"name":"node addresses by type","obj":"node","type":"strategic","patch":{"status":{"addresses":[{"type":"Hostname","address":"n1.local"},{"type":"ExternalIP","address":"5.6.7.8"}]}},"expected":{"apiVersion":"v1","kind":"Node","metadata":{"labels":{"a":"b"},"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24","podCIDRs":["10.0.0.0/24"],"taints":[{"effect":"NoSchedule","key":"x"}]},"status":{"addresses":[{"address":"1.2.3.4","type":"InternalIP"},{"address":"n1.local","type":"Hostname"},{"address":"5.6.7.8","type":"ExternalIP"}],"conditions":[{"status":"True","type":"Ready"},{"status":"False","type":"MemoryPressure"}]}}},{"name":"configmap data","obj":"cm","type":"strategic","patch":{"data":{"a":null,"c":"3"}},"expected":{"apiVersion":"v1","data":{"b":"2","c":"3"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}},{"name":"merge: containers replaced","obj":"pod","type":"merge","patch":{"spec":{"containers":[{"name":"nginx","image":"x"}]}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"image":"x","name":"nginx"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"merge: nulls and nested","obj":"pod","type":"merge","patch":{"metadata":{"labels":{"tier":null,"new":"y"}},"spec":{"securityContext":{"runAsUser":null,"runAsGroup":5},"nodeSelector":null}},"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","new":"y"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsGroup":5},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"merge: scalar to map","obj":"cm","type":"merge","patch":{"data":{"a":{"x":null,"y":1}}},"expected":{"apiVersion":"v1","data":{"a":{"y":1},"b":"2"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}},{"name":"json: replace image","obj":"pod","type":"json","patch":[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:2"}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: add toleration at end","obj":"pod","type":"json","patch":[{"op":"add","path":"/spec/tolerations/-","value":{"key":"m","operator":"Exists"}}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"},{"key":"m","operator":"Exists"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: add at index","obj":"pod","type":"json","patch":[{"op":"add","path":"/spec/tolerations/0","value":{"key":"first"}}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"key":"first"},{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: remove","obj":"pod","type":"json","patch":[{"op":"remove","path":"/spec/tolerations/1"},{"op":"remove","path":"/metadata/labels/tier"}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: test and copy and move","obj":"pod","type":"json","patch":[{"op":"test","path":"/spec/restartPolicy","value":"Always"},{"op":"copy","from":"/metadata/labels/app","path":"/metadata/labels/copy"},{"op":"move","from":"/metadata/labels/tier","path":"/metadata/annotations"}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":"fe","finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","copy":"web"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: replace missing key adds it","obj":"pod","type":"json","patch":[{"op":"replace","path":"/spec/activeDeadlineSeconds","value":1}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"activeDeadlineSeconds":1,"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}},{"name":"json: escaped key","obj":"pod","type":"json","patch":[{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/example.com~1a~0b","value":"v"}],"expected":{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"example.com/a~b":"v"},"finalizers":["a.example.com/x","b.example.com/y"],"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs1","uid":"u1"}]},"spec":{"containers":[{"command":["nginx","-g","daemon off;"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"volumeMounts":[{"mountPath":"/data","name":"data"},{"mountPath":"/etc/cfg","name":"cfg","readOnly":true}]},{"args":["sleep","3600"],"image":"busybox","name":"sidecar"},{"image":"fluentd","name":"logger"}],"hostAliases":[{"hostnames":["foo.local"],"ip":"10.0.0.1"}],"imagePullSecrets":[{"name":"reg1"}],"nodeSelector":{"disktype":"ssd","zone":"a"},"restartPolicy":"Always","securityContext":{"fsGroup":2000,"runAsUser":1000},"terminationGracePeriodSeconds":30,"tolerations":[{"effect":"NoSchedule","key":"k1","operator":"Exists"},{"effect":"NoExecute","key":"k2","operator":"Equal","tolerationSeconds":300,"value":"v"}],"topologySpreadConstraints":[{"labelSelector":{"matchLabels":{"app":"web"}},"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}],"volumes":[{"emptyDir":{},"name":"data"},{"configMap":{"defaultMode":420,"name":"cfg"},"name":"cfg"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"PodScheduled"}],"phase":"Running"}}}];

interface ErrorCase { name: string; obj: string; type: PatchType; patch: unknown; kubectl: string }
const ERRORS: ErrorCase[] = [
 {
  "name": "strategic: missing merge key",
  "obj": "pod",
  "type": "strategic",
  "patch": {
   "spec": {
    "containers": [
     {
      "image": "x"
     }
    ]
   }
  },
  "kubectl": "error: map: map[image:x] does not contain declared merge key: name"
 },
 {
  "name": "strategic: missing merge key nested",
  "obj": "pod",
  "type": "strategic",
  "patch": {
   "spec": {
    "containers": [
     {
      "name": "nginx",
      "env": [
       {
        "value": "x",
        "valueFrom": {
         "a": 1
        }
       }
      ]
     }
    ]
   }
  },
  "kubectl": "error: map: map[value:x valueFrom:map[a:1]] does not contain declared merge key: name"
 },
 {
  "name": "strategic: bad directive",
  "obj": "pod",
  "type": "strategic",
  "patch": {
   "spec": {
    "containers": [
     {
      "name": "nginx",
      "$patch": "bogus"
     }
    ]
   }
  },
  "kubectl": "error: unknown patch type: bogus in map: map[$patch:bogus name:nginx]"
 },
 {
  "name": "strategic: delete without key",
  "obj": "pod",
  "type": "strategic",
  "patch": {
   "spec": {
    "containers": [
     {
      "$patch": "delete"
     }
    ]
   }
  },
  "kubectl": "error: map: map[$patch:delete] does not contain declared merge key: name"
 },
 {
  "name": "json: remove missing",
  "obj": "pod",
  "type": "json",
  "patch": [
   {
    "op": "remove",
    "path": "/spec/activeDeadlineSeconds"
   }
  ],
  "kubectl": "error: error in remove for path: '/spec/activeDeadlineSeconds': Unable to remove nonexistent key: activeDeadlineSeconds: missing value"
 },
 {
  "name": "json: replace missing parent",
  "obj": "pod",
  "type": "json",
  "patch": [
   {
    "op": "replace",
    "path": "/spec/nope/x",
    "value": 1
   }
  ],
  "kubectl": "error: replace operation does not apply: doc is missing path: /spec/nope/x: missing value"
 },
 {
  "name": "json: unknown op",
  "obj": "pod",
  "type": "json",
  "patch": [
   {
    "op": "bogus",
    "path": "/spec"
   }
  ],
  "kubectl": "error: Unexpected kind: bogus"
 },
 {
  "name": "json: add missing parent",
  "obj": "pod",
  "type": "json",
  "patch": [
   {
    "op": "add",
    "path": "/spec/foo/bar",
    "value": 1
   }
  ],
  "kubectl": "error: add operation does not apply: doc is missing path: \"/spec/foo/bar\": missing value"
 },
 {
  "name": "json: test fails",
  "obj": "pod",
  "type": "json",
  "patch": [
   {
    "op": "test",
    "path": "/spec/restartPolicy",
    "value": "Never"
   }
  ],
  "kubectl": "error: testing value /spec/restartPolicy failed: test failed"
 }
];

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
      : v;

describe('applyPatch matches kubectl patch --local', () => {
  for (const c of CASES) {
    it(`${c.type}: ${c.name}`, () => {
      const original = structuredClone(OBJECTS[c.obj]);
      const out = applyPatch(original, structuredClone(c.patch), c.type, OBJECTS[c.obj].kind);
      expect(sortKeys(out)).toEqual(sortKeys(c.expected));
      // the input object is not required to survive, but the patch result must be plain JSON
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    });
  }
});

describe('patch errors', () => {
  for (const c of ERRORS) {
    it(`${c.type}: ${c.name}`, () => {
      const original = structuredClone(OBJECTS[c.obj]);
      let err: unknown;
      try {
        applyPatch(original, structuredClone(c.patch), c.type, OBJECTS[c.obj].kind);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      const se = err as StatusError;
      if (c.type === 'json') {
        // the API server hides the json-patch error behind a generic 422
        expect(se.code).toBe(422);
        expect(se.reason).toBe('Invalid');
        expect(se.message).toBe('the server rejected our request due to an error in our request');
        // the client-side text (kubectl --local) is what evanphx/json-patch says
        expect(`error: ${jsonPatchClientError(OBJECTS[c.obj], c.patch)}`).toBe(c.kubectl);
      } else {
        // strategicpatch's own errors are not API statuses: 500, reason Unknown, raw text
        expect(`error: ${se.message}`).toBe(c.kubectl);
        expect(se.code).toBe(500);
      }
    });
  }

  it('json patch that is not a list is a BadRequest', () => {
    const err = (() => {
      try {
        applyPatch(structuredClone(OBJECTS.cm), { op: 'remove' }, 'json', 'ConfigMap');
      } catch (e) {
        return e as StatusError;
      }
    })();
    expect(err?.code).toBe(400);
    expect(formatStatusError(err!)).toBe('Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });

  it('json patch replace of a missing key of an object adds it (evanphx v4)', () => {
    const out = applyPatch(structuredClone(OBJECTS.cm), [{ op: 'replace', path: '/data/zz', value: '1' }], 'json', 'ConfigMap');
    expect(out.data).toEqual({ a: '1', b: '2', zz: '1' });
  });

  it('strategic merge patch is refused for custom resources', () => {
    const cr = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'x' }, spec: { a: 1 } };
    try {
      applyPatch(cr, { spec: { a: 2 } }, 'strategic', 'CronTab');
      expect.unreachable();
    } catch (e) {
      expect((e as StatusError).code).toBe(415);
      expect(formatStatusError(e as StatusError)).toBe(
        'Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    expect(applyPatch(cr, { spec: { a: 2 } }, 'merge', 'CronTab').spec).toEqual({ a: 2 });
  });
});

describe('mergePatch (RFC 7386 examples)', () => {
  it('follows the RFC appendix', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } })).toEqual({ a: { b: 'd' } });
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
});

// kubectl apply: the patch computed from (last-applied, manifest, live), then
// applied to live, gives the object kubectl apply produces.
describe('createApplyPatch', () => {
  const base = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'd', old: 'x' } },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
      template: {
        metadata: { labels: { app: 'd' } },
        spec: {
          containers: [
            { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], args: ['p', 'q'] },
            { name: 'b', image: 'b:1' },
          ],
        },
      },
    },
  };

  it('is empty when nothing changed', () => {
    const live = structuredClone(base) as Record<string, unknown>;
    (live.metadata as Record<string, unknown>).uid = 'u';
    (live as { status?: unknown }).status = { replicas: 2 };
    expect(createApplyPatch(base, base, live, 'Deployment')).toEqual({});
  });

  it('sets changed fields, deletes removed ones, keeps fields set by others', () => {
    const modified = structuredClone(base);
    modified.metadata.labels = { app: 'd' } as typeof base.metadata.labels;
    modified.spec.template.spec.containers = [{ name: 'a', image: 'a:2', env: [{ name: 'X', value: '1' }], args: ['p', 'q'] }] as typeof base.spec.template.spec.containers;
    const live = structuredClone(base) as typeof base & { spec: { template: { spec: { dnsPolicy?: string } } } };
    live.spec.template.spec.dnsPolicy = 'ClusterFirst';
    const patch = createApplyPatch(base, modified, live, 'Deployment');
    expect(patch).toEqual({
      metadata: { labels: { old: null } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [
              { name: 'a', image: 'a:2', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'Y', $patch: 'delete' }] },
              { name: 'b', $patch: 'delete' },
            ],
          },
        },
      },
    });
    const applied = strategicMergePatch(live, patch as Record<string, unknown>, 'Deployment') as typeof live;
    expect(applied.metadata.labels).toEqual({ app: 'd' });
    expect(applied.spec.template.spec.containers).toEqual([{ name: 'a', image: 'a:2', env: [{ name: 'X', value: '1' }], args: ['p', 'q'] }]);
    expect(applied.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('uses $retainKeys for a Deployment strategy change', () => {
    const modified = structuredClone(base) as Record<string, any>;
    modified.spec.strategy = { type: 'Recreate' };
    const patch = createApplyPatch(base, modified, base, 'Deployment') as Record<string, any>;
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    const applied = strategicMergePatch(base, patch, 'Deployment') as Record<string, any>;
    expect(applied.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('replaces non-merge lists and diffs primitive merge lists', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['a', 'b'] }, spec: { containers: [{ name: 'c', image: 'i', args: ['1'] }] } };
    const modified = structuredClone(pod);
    modified.metadata.finalizers = ['b', 'c'];
    modified.spec.containers[0].args = ['2'];
    const patch = createApplyPatch(pod, modified, pod, 'Pod');
    expect(patch).toEqual({
      metadata: { '$setElementOrder/finalizers': ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] },
      spec: { '$setElementOrder/containers': [{ name: 'c' }], containers: [{ name: 'c', args: ['2'] }] },
    });
    const applied = strategicMergePatch(pod, patch as Record<string, unknown>, 'Pod') as typeof pod;
    expect(applied.metadata.finalizers).toEqual(['b', 'c']);
    expect(applied.spec.containers[0].args).toEqual(['2']);
  });
});
