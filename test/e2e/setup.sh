#!/usr/bin/env bash
# Builds the e2e tier's upstream components from their Go modules (pinned in test/e2e/tools/*/go.mod
# and go.sum) into a cache outside the repository, keyed by component, version and go.sum, and does
# nothing for a component that is already there. No prebuilt binaries are downloaded.
#
#   test/e2e/setup.sh            build what is missing, print the bin folder on the last line
#   test/e2e/setup.sh --print    print the bin folder only (exit 1 when something is missing)
#
# Env: MODELSHIP_E2E_CACHE (default ~/.cache/modelship-e2e), E2E_COMPONENTS (default: all).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/tools"
cache="${MODELSHIP_E2E_CACHE:-$HOME/.cache/modelship-e2e}"
mode="${1:-build}"

if ! command -v go >/dev/null 2>&1; then
  echo "e2e setup: Go is not installed; the e2e tier needs Go (>= 1.25) to build its components." >&2
  exit 3
fi
gover="$(go env GOVERSION)"

# component  module-folder  version-label  what to build (go build targets)
modver() { awk -v m="$2" '{ for (i = 1; i < NF; i++) if ($i == m) { print $(i + 1); exit } }' "$tools/$1/go.mod"; }
components=(
  "k8s|k8s|$(modver k8s k8s.io/kubernetes)|./etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler"
  "kwok|kwok|$(modver kwok sigs.k8s.io/kwok)|sigs.k8s.io/kwok/cmd/kwok"
  "pulumi|pulumi|$(modver pulumi github.com/pulumi/pulumi/pkg/v3)|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./pulumi-language-nodejs"
  "pulumi-kubernetes|pulumi-kubernetes|$(modver pulumi-kubernetes github.com/pulumi/pulumi-kubernetes/provider/v4)|./provider"
)
want="${E2E_COMPONENTS:-k8s kwok pulumi pulumi-kubernetes}"

key_of() { # name dir version -> cache folder name
  local sum
  sum="$(cat "$tools/$2/go.mod" "$tools/$2/go.sum" "$tools/$2"/*.go "$tools/$2"/*/*.go 2>/dev/null | { echo "$gover"; cat; } | sha256sum | cut -c1-10)"
  echo "$1-$3-$sum"
}

build_one() { # name dir version targets
  local name="$1" dir="$2" version="$3" targets="$4" out ldflags=""
  out="$cache/$(key_of "$name" "$dir" "$version")"
  if [ -f "$out/.done" ]; then return 0; fi
  [ "$mode" = "--print" ] && { echo "e2e setup: $name $version is not built ($out)" >&2; return 1; }
  echo "e2e setup: building $name $version into $out (nice -n 19; this is slow on a cold cache)" >&2
  rm -rf "$out.tmp" && mkdir -p "$out.tmp/bin"
  case "$name" in
    k8s)
      local v=k8s.io/component-base/version minor
      minor="$(echo "$version" | cut -d. -f2)"
      ldflags="-X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean" ;;
    kwok)
      ldflags="-X sigs.k8s.io/kwok/pkg/consts.Version=$version" ;;
    pulumi)
      ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version -X main.version=$version" ;;
    pulumi-kubernetes)
      # The upstream main embeds files its `go generate` writes: the schema with its version set,
      # and the terraform mapping, both from the module's own copies.
      local mdir pv
      mdir="$(cd "$tools/$dir" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)"
      pv="$(sed -n 's/^\/\/ plugin-version: //p' "$tools/$dir/go.mod")"
      node -e '
        const fs = require("fs"); const [src, dst, v] = process.argv.slice(1);
        const s = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8")); s.version = v;
        fs.writeFileSync(dst + "/schema-embed.json", JSON.stringify(s));
        fs.writeFileSync(dst + "/terraform-mapping-embed.json",
          JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
      ' "$mdir/cmd/pulumi-resource-kubernetes" "$tools/$dir/provider" "$pv"
      ldflags="-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$pv" ;;
  esac
  local start=$SECONDS
  # shellcheck disable=SC2086
  (cd "$tools/$dir" && nice -n 19 go build -mod=readonly -trimpath -ldflags "-s -w $ldflags" -o "$out.tmp/bin/" $targets)
  if [ "$name" = kwok ]; then
    # kwok has no built-in stages: the ones kwokctl uses (nodes Ready with leases; pods Ready,
    # Job pods Succeeded, deletion honoured), from the module itself.
    local kdir
    kdir="$(cd "$tools/$dir" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
    for f in "$kdir"/node/fast/node-initialize.yaml "$kdir"/node/heartbeat-with-lease/*.yaml "$kdir"/pod/fast/*.yaml; do
      echo "---"; cat "$f"
    done > "$out.tmp/kwok-stages.yaml"
  fi
  if [ "$name" = pulumi-kubernetes ]; then
    mv "$out.tmp/bin/provider" "$out.tmp/bin/pulumi-resource-kubernetes"
  fi
  echo "$name $version built in $((SECONDS - start))s with $gover" > "$out.tmp/.done"
  rm -rf "$out" && mv "$out.tmp" "$out"
  cat "$out/.done" >&2
}

# One folder of links for the whole set, named by every component's key.
set_key=""
for c in "${components[@]}"; do
  IFS='|' read -r name dir version targets <<<"$c"
  case " $want " in *" $name "*) ;; *) continue ;; esac
  build_one "$name" "$dir" "$version" "$targets"
  set_key="$set_key$(key_of "$name" "$dir" "$version")"
done
bin="$cache/set-$(echo "$set_key" | sha256sum | cut -c1-12)/bin"
if [ ! -d "$bin" ]; then
  mkdir -p "$bin"
  for c in "${components[@]}"; do
    IFS='|' read -r name dir version targets <<<"$c"
    case " $want " in *" $name "*) ;; *) continue ;; esac
    for f in "$cache/$(key_of "$name" "$dir" "$version")"/bin/*; do ln -sf "$f" "$bin/"; done
  done
fi
echo "$bin"
