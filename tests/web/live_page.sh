#!/usr/bin/env bash
# The demo's live page in headless Chromium: while topologies/h2o_prediction.yaml runs, the page
# receives results over Server-Sent Events and shows rows, the confusion matrix and accuracy.
#   live_page.sh SQUALL_BINARY SOURCE_DIR
set -uo pipefail
squall=$1
source_dir=$2
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "FAIL: chromium is not installed (scripts/install-deps --browser)"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# 50 rows a second: the run lasts 20 s, time enough for Chromium to start and connect on a loaded CI
# machine (at 200 a second it once ended before the page loaded, and the page came back empty).
printf 'rows.per.second=50\nport=0\nurl.file=%s/url\noutput=%s/out.csv\n' "$work" "$work" > "$work/p.properties"
"$squall" run "$source_dir/topologies/h2o_prediction.yaml" --filter "$work/p.properties" --stats-interval 0 > "$work/run.log" 2>&1 &
pid=$!
for _ in $(seq 300); do [[ -s "$work/url" ]] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
[[ -s "$work/url" ]] || { echo "FAIL: the web view did not start"; cat "$work/run.log"; exit 1; }
url=$(cat "$work/url")

dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom "$url" 2>/dev/null)
wait "$pid"; rc=$?
failures=0
check() { if grep -qE -- "$2" <<<"$3"; then echo "ok   $1"; else echo "FAIL $1: /$2/ not found"; failures=$((failures + 1)); fi; }
check "rows arrive in the page, with a drawn cat" '<li[^>]*><svg class="animal"[^>]*aria-label="cat"' "$dom"
check "and a drawn dog" '<li[^>]*><svg class="animal"[^>]*aria-label="dog"' "$dom"
check "accuracy shown" 'id="accuracy">(98|99|100)\.[0-9] %' "$dom"
check "confusion matrix shown" '<th>cat</th><td>[0-9]+</td><td>[0-9]+</td>' "$dom"
check "the run printed its summary" 'accuracy (98|99|100)\.[0-9]+ % \([0-9]+ of 1000 labelled rows\)' "$(cat "$work/run.log")"
[[ $rc -eq 0 ]] || { echo "FAIL: squall exited $rc"; failures=$((failures + 1)); }
[[ $failures -eq 0 ]] || { echo "--- page"; echo "$dom" | head -c 3000; echo "--- run log"; tail -20 "$work/run.log"; }
exit $failures
