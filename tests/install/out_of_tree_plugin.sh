#!/usr/bin/env bash
# Installs squall into a temporary prefix, builds examples/custom_bolt against it with
# find_package(squall) as an outside project would, and runs the example's topology with the
# installed `squall` program and the freshly built plugin.
#   out_of_tree_plugin.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$source_dir/examples/custom_bolt" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"

# The plugin links the core library only: none of the connectors', models' or web's libraries.
needed=$(readelf -d "$work/build/libuppercase_bolt.so" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
echo "plugin needs: $(tr '\n' ' ' <<<"$needed")"
grep -q '^libsquall_core\.so' <<<"$needed" || { echo "FAIL: the plugin does not link libsquall_core"; exit 1; }
if grep -E 'rdkafka|xgboost|zip|httplib|yaml|libsquall(_flux|_connectors|_ml|_web|_formats)?\.so' <<<"$needed"; then
  echo "FAIL: the plugin links more than the core library"; exit 1
fi
# Internals are not installed.
if find "$work/prefix/include/squall" -path '*/detail/*' -o -path '*/runtime/*/*' | grep -q .; then
  echo "FAIL: internal headers installed:"; find "$work/prefix/include/squall" -path '*/detail/*' -o -path '*/runtime/*/*'; exit 1
fi

out=$("$work/prefix/bin/squall" run "$source_dir/examples/custom_bolt/topology.yaml" \
        --plugin "$work/build/libuppercase_bolt.so" --stats-interval 0 2>&1)
echo "$out"
for word in STORM FLUX SQUALL BOLT SPOUT; do
  grep -q "\[$word\]" <<<"$out" || { echo "FAIL: $word was not logged"; exit 1; }
done
if grep -q '\[OF\]' <<<"$out"; then echo "FAIL: OF should be dropped (min.length 3)"; exit 1; fi
echo "PASS: out-of-tree plugin built against the installed package and ran"
