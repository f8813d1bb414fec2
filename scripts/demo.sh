#!/usr/bin/env bash
# A short walk-through on the default cluster, in a fresh temporary cluster
# folder with the manual clock, so every run shows the same thing.
# Run it with `npm run demo` (which builds first) or `bash scripts/demo.sh`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANDBOX="$(mktemp -d "${TMPDIR:-/tmp}/kubesim-demo.XXXXXX")"
trap 'rm -rf "$SANDBOX"' EXIT

mkdir -p "$SANDBOX/bin" "$SANDBOX/home" "$SANDBOX/cluster"
ln -s "$ROOT/bin/run.js" "$SANDBOX/bin/kubectl"
ln -s "$ROOT/bin/run.js" "$SANDBOX/bin/kubesim"
export PATH="$SANDBOX/bin:$PATH"
export KUBESIM_HOME="$SANDBOX/cluster"   # a fresh, empty cluster folder
export KUBESIM_CLOCK=manual              # time moves only with `kubesim advance`
export HOME="$SANDBOX/home"              # leave the user's ~/.kube alone
cd "$SANDBOX"

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
step() {
  printf '\n%s$ %s%s\n' "$BOLD" "$*" "$PLAIN"
  "$@"
}

echo "kubesim demo: a throw-away cluster in $KUBESIM_HOME"
step kubectl get nodes
step kubectl get pods -A
step kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml
step kubectl get pods
step kubesim advance 60s
step kubectl get pods -o wide
step kubectl describe pod nginx
printf '\nDone. The demo cluster is deleted on exit; see README.md to keep one of your own.\n'
