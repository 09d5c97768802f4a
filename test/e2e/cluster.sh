#!/usr/bin/env bash
# Starts a loopback-only control plane for the e2e tier in the folder $1 and writes
# $1/env (KUBECONFIG, ports, pids). Stop it with `cluster.sh down $1`.
#
#   etcd -> kube-apiserver (RBAC; NodeRestriction, PodSecurity, ServiceAccount admission; local CA,
#   serving and client certificates, service-account signing key) -> kube-controller-manager,
#   kube-scheduler, kwok (fake nodes: two CPU nodes and one GPU node with an nvidia.com/gpu
#   capacity and a NoSchedule taint).
set -euo pipefail
cmd="$1"; dir="$2"; bin="${3:-}"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

if [ "$cmd" = down ]; then
  [ -f "$dir/pids" ] || exit 0
  # Stop in reverse start order; only the processes this script started.
  tac "$dir/pids" | while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 50); do
    alive=0
    while read -r name pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$dir/pids"
    [ "$alive" = 0 ] && break; sleep 0.2
  done
  while read -r name pid; do kill -9 "$pid" 2>/dev/null || true; done < "$dir/pids"
  rm -f "$dir/pids"
  exit 0
fi

mkdir -p "$dir/pki" "$dir/logs" "$dir/etcd"
pki="$dir/pki"
: > "$dir/pids"

# --- certificates and keys (openssl, all local) ---
ossl() { openssl "$@" 2>>"$dir/logs/openssl.log"; }
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=modelship-e2e-ca" -keyout "$pki/ca.key" -out "$pki/ca.crt"
sign() { # name subject [san]
  ossl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" -out "$pki/$1.csr"
  local ext="$pki/$1.ext"
  if [ -n "${3:-}" ]; then
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$3" > "$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' > "$ext"
  fi
  ossl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 -extfile "$ext" -out "$pki/$1.crt"
}
sign apiserver "/CN=kube-apiserver" "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1"
sign admin "/O=system:masters/CN=modelship-e2e-admin"
sign controller-manager "/CN=system:kube-controller-manager"
sign scheduler "/CN=system:kube-scheduler"
sign kwok "/O=system:masters/CN=kwok"
ossl genrsa -out "$pki/sa.key" 2048
ossl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port)

kubeconfig() { # name user
  cat > "$dir/$1.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: $2
  user:
    client-certificate: $pki/$2.crt
    client-key: $pki/$2.key
contexts:
- name: e2e
  context: {cluster: e2e, user: $2}
current-context: e2e
EOF
}
kubeconfig admin admin; kubeconfig controller-manager controller-manager; kubeconfig scheduler scheduler; kubeconfig kwok kwok

start() { # name args...
  local name="$1"; shift
  "$@" > "$dir/logs/$name.log" 2>&1 &
  echo "$name $!" >> "$dir/pids"
}
wait_for() { # what seconds command...
  local what="$1" secs="$2"; shift 2
  for _ in $(seq 1 $((secs * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "e2e cluster: $what did not come up in ${secs}s; its log:" >&2
  tail -n 40 "$dir/logs/$what.log" >&2 || true
  return 1
}
curl_api() { curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "https://127.0.0.1:$api_port$1"; }

start etcd "$bin/etcd" --name e2e --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "e2e=http://127.0.0.1:$etcd_peer" \
  --quota-backend-bytes 2147483648 --unsafe-no-fsync
wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_port/health"

start kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --authorization-mode Node,RBAC \
  --enable-admission-plugins NodeRestriction,PodSecurity,ServiceAccount \
  --service-cluster-ip-range 10.96.0.0/16 \
  --allow-privileged=true --profiling=false \
  --cert-dir "$pki/generated"
wait_for kube-apiserver 180 curl_api /readyz
curl_api /version | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).gitVersion))' > "$dir/version"

start kube-controller-manager "$bin/kube-controller-manager" \
  --kubeconfig "$dir/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$dir/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
  --use-service-account-credentials \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --service-cluster-ip-range 10.96.0.0/16
start kube-scheduler "$bin/kube-scheduler" \
  --kubeconfig "$dir/scheduler.kubeconfig" \
  --authentication-kubeconfig "$dir/scheduler.kubeconfig" \
  --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false
start kwok "$bin/kwok" --kubeconfig "$dir/kwok.kubeconfig" \
  --config "$(dirname "$(readlink -f "$bin/kwok")")/../kwok-stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.1/16 --node-ip 10.244.0.1 --server-address "127.0.0.1:$(free_port)" \
  --node-lease-duration-seconds 40

cat > "$dir/env" <<EOF
export KUBECONFIG="$dir/admin.kubeconfig"
export E2E_API_PORT=$api_port
export E2E_DIR="$dir"
EOF
echo "e2e cluster: kube-apiserver on https://127.0.0.1:$api_port, etcd on :$etcd_port" >&2
