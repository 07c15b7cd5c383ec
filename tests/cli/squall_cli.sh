#!/usr/bin/env bash
# The `squall` program: each command's output and exit code.
#   squall_cli.sh SQUALL_BINARY SOURCE_DIR
set -uo pipefail
squall=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
expect() {  # expect NAME EXIT_CODE PATTERN -- command...
  local name=$1 code=$2 pattern=$3
  shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc -ne $code ]]; then echo "FAIL $name: exit $rc, expected $code"; echo "$out"; failures=$((failures + 1)); return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then echo "FAIL $name: output lacks /$pattern/"; echo "$out"; failures=$((failures + 1)); return; fi
  echo "ok   $name"
}
wc="$source_dir/topologies/flux_word_count.yaml"
printf 'name: x\nspouts:\n  - id: a\n    className: TestWordSput\n' > "$work/bad.yaml"
printf 'name: ${name}\nspouts:\n  - {id: a, className: TestWordSpout}\n' > "$work/filtered.yaml"
printf 'name=from-filter\n' > "$work/p.properties"

expect version 0 '^squall [0-9]+\.[0-9]+\.[0-9]+ \(plugin ABI [0-9]+\)' -- "$squall" version
expect validate 0 "bolt 'bolt-1'  org.apache.storm.testing.TestWordCounter  parallelism 2" -- "$squall" validate "$wc"
expect dry-run-alias 0 "FIELDS \[word\]" -- "$squall" --dry-run "$wc"
expect validate-invalid 1 "bad.yaml:4:16: error: unknown className 'TestWordSput'" -- "$squall" validate "$work/bad.yaml"
expect filter 0 "topology 'from-filter'" -- "$squall" validate "$work/filtered.yaml" --filter "$work/p.properties"
expect unresolved 1 "filtered.yaml:1:7: error: '\\$\\{name\\}' is not defined" -- "$squall" validate "$work/filtered.yaml"
expect config-override 0 "topology.workers = 1" -- "$squall" validate "$wc" -c topology.message.timeout.secs=5
expect bad-override 2 "expected key=value" -- "$squall" validate "$wc" -c nonsense
# The settings table in the docs is the schema, generated: regenerate it when a key changes.
if "$squall" settings --markdown | diff -u "$source_dir/docs/settings.md" - > "$work/settings.diff"; then
  echo "ok   settings-docs"
else
  echo "FAIL settings-docs: docs/settings.md differs from the schema; run: squall settings --markdown > docs/settings.md"
  cat "$work/settings.diff"; failures=$((failures + 1))
fi
expect settings 0 "^topology.workers +int 1..1024 +default 1 " -- "$squall" settings
printf 'name: r\nconfig:\n  squall.messaging.transfer.batch.size: 10\nspouts:\n  - {id: a, className: TestWordSpout}\n' > "$work/renamed.yaml"
expect renamed-key 1 "renamed.yaml:3:41: error: config 'squall.messaging.transfer.batch.size': this key was renamed" -- "$squall" validate "$work/renamed.yaml"
expect components 0 "org.apache.storm.testing.TestWordSpout  \(spout\)" -- "$squall" components
expect components-settings 0 "interval.ms +int +default 100" -- "$squall" components
expect usage 2 "file is required" -- "$squall" run
expect no-command 2 "A subcommand is required" -- "$squall"
expect run 0 "spout-1 +spout +8 +8 +0 +8 +0" -- "$squall" run "$wc" --stats-interval 0
expect run-debug 0 "Emitting: spout-1:1 default \\[" -- "$squall" run "$wc" --stats-interval 0 -c topology.debug=true
expect run-duration 0 "spout-1 +spout" -- "$squall" --log-level warn run "$wc" --duration 0.2
expect help 0 "--plugin" -- "$squall" run --help
expect run-two-workers 0 "2 workers, 0 restarts" -- "$squall" run "$wc" --stats-interval 0 -c topology.workers=2
expect run-two-exec-workers 0 "2 exec'd workers" -- "$squall" run "$wc" --stats-interval 0 -c topology.workers=2
expect worker-no-document 3 "worker 0 could not read its topology document $work/none.json: cannot open" -- \
  "$squall" worker --document "$work/none.json" --worker 0 --run-id r
printf '{"format": "squall.topology/1", "name": 7}' > "$work/bad-document.json"
expect worker-bad-document 3 "topology document, \\$.name: expected string, got number" -- \
  "$squall" worker --document "$work/bad-document.json" --worker 0 --run-id r
expect worker-usage 2 "--run-id is required" -- "$squall" worker --document x --worker 0
expect keygen 0 '^squall\.messaging\.curve\.secret\.key: "[]0-9a-zA-Z.:+=^!/*?&<>()@%$#{}[-]{40}"$' -- "$squall" keygen
"$squall" keygen | grep curve > "$work/keys.txt"
public=$(sed -n 's/.*public.key: "\(.*\)"/\1/p' "$work/keys.txt"); secret=$(sed -n 's/.*secret.key: "\(.*\)"/\1/p' "$work/keys.txt")
expect run-two-workers-curve 0 "spout-1 +spout +8 +8 +0 +8 +0" -- "$squall" run "$wc" --stats-interval 0 -c topology.workers=2 \
  -c squall.messaging.transport=tcp -c squall.messaging.tcp.port.base=$((30000 + RANDOM % 20000)) \
  -c "squall.messaging.curve.public.key=$public" -c "squall.messaging.curve.secret.key=$secret"
# Ctrl-C to a supervisor drains and stops both workers: exit 0, no process of the run left.
ctrl_c_stops_every_worker() {
  "$squall" run "$wc" -c topology.workers=2 --duration 120 --stats-interval 0 > "$work/ctrl-c.log" 2>&1 &
  local supervisor=$! fork_server="" workers="" i
  for i in $(seq 200); do  # until the fork server has forked both workers (at most 20 s)
    fork_server=$(pgrep -P "$supervisor" || true)
    [[ -n $fork_server ]] && workers=$(pgrep -P "$fork_server" || true)
    [[ $(wc -w <<<"$workers") -eq 2 ]] && break
    sleep 0.1
  done
  [[ $(wc -w <<<"$workers") -eq 2 ]] || { echo "two workers never started"; cat "$work/ctrl-c.log"; return 1; }
  kill -INT "$supervisor"
  wait "$supervisor" || { echo "squall run exited with $?"; return 1; }
  for pid in $fork_server $workers; do
    if kill -0 "$pid" 2>/dev/null; then echo "process $pid outlived the supervisor"; return 1; fi
  done
  grep -E "2 workers, 0 restarts" "$work/ctrl-c.log"
}
expect ctrl-c-two-workers 0 "2 workers, 0 restarts" -- ctrl_c_stops_every_worker
demo="$source_dir/examples/h2o_demo"
expect predict-xgboost 0 "accuracy against 'Label': 0\.98[0-9]+" -- "$squall" predict --model "$demo/model/cat_dog.xgb.json" --input "$demo/data/training_data.csv" --label Label --output "$work/p.csv"
expect predict-output 0 "^predicted,cat,dog" -- head -1 "$work/p.csv"
expect predict-mojo 0 "scored 2140 rows with h2o-mojo gbm" -- "$squall" predict --model "$demo/model/gbm_v1.40_eyestate.mojo" --input "$demo/data/eyestate_sample.csv" --output "$work/e.csv"
printf 'Has4Legs,CoatColor\n1,Brown\n' > "$work/short.csv"
expect predict-missing-feature 1 "needs feature 'HairLength', but the input has no field 'HairLength'" -- "$squall" predict --model "$demo/model/cat_dog.xgb.json" --input "$work/short.csv"
printf 'not a model' > "$work/broken.json"
expect predict-broken-model 1 "broken.json" -- "$squall" predict --model "$work/broken.json" --input "$work/short.csv"
printf 'a,a\n1,2\n' > "$work/repeated.csv"
expect predict-repeated-header 1 "repeated.csv:1: bad header" -- "$squall" predict --model "$demo/model/cat_dog.xgb.json" --input "$work/repeated.csv"
expect predict-device-input 2 "/dev/zero: not a regular file" -- "$squall" predict --model "$demo/model/cat_dog.xgb.json" --input /dev/zero
{ head -1 "$demo/data/training_data.csv"; cat "$demo/data/live_data.csv"; } > "$work/live.csv"  # live_data.csv has no header
# Every MOJO algorithm through the CLI: H2O's own iris models of Deep Learning, XGBoost and RuleFit.
mojoland="$source_dir/tests/data/mojoland"
expect predict-mojo-deeplearning 0 "h2o-mojo deeplearning .*accuracy against 'Species': 0\.9667" -- "$squall" predict --model "$mojoland/deeplearning/iris/v1.10/deeplearning_v1.10_iris.mojo" --input "$mojoland/datasets/iris.csv" --label Species --output "$work/dl.csv"
expect predict-mojo-xgboost 0 "h2o-mojo xgboost .*accuracy against 'Species': 1\.0000" -- "$squall" predict --model "$mojoland/xgboost/iristree/v1.00/xgboost_v1.00_iristree.mojo" --input "$mojoland/datasets/iris.csv" --label Species --output "$work/xgb.csv"
expect predict-mojo-rulefit 0 "h2o-mojo rulefit .*accuracy against 'Species': 0\.9600" -- "$squall" predict --model "$mojoland/rulefit/iris/v1.00/rulefit_v1.00_iris.mojo" --input "$mojoland/datasets/iris.csv" --label Species --output "$work/rf.csv"
expect predict-pojo 0 "with h2o-pojo gbm .*accuracy against 'Label': 0\.9890" -- "$squall" predict --model "$demo/model/GBMPojo.java" --input "$work/live.csv" --label Label --output "$work/pojo.csv"
printf 'public class GBMPojo extends GenModel {}\n' > "$work/GBMPojo.java"
expect predict-malformed-pojo 1 "GBMPojo.java:1:14: class GBMPojo has no method getModelCategory" -- "$squall" predict --model "$work/GBMPojo.java" --input "$work/short.csv"
printf 'not a model' > "$work/notes.txt"
expect predict-unknown-model 1 "unknown format.*POJOs" -- "$squall" predict --model "$work/notes.txt" --input "$work/short.csv"

# kill -9 of the supervisor (`squall run` itself), then the same command: the run directory is
# stable and locked per topology name, so the rerun finds the CsvSpout's progress and FileSink's
# marker, resumes, and repeats at most what was in flight. Before, the directory had the
# supervisor's PID in its name: the rerun started over (486,201 duplicates) and the old one leaked.
supervisor_killed_then_rerun() {
  local dir="$work/rerun" rows=40000 i
  mkdir -p "$dir"
  { echo "id,payload"; for ((i = 0; i < rows; i++)); do echo "$i,row-$i"; done; } > "$dir/rows.csv"
  cat > "$dir/rerun.yaml" <<YAML
name: rerun-$RANDOM
config: {topology.workers: 2, topology.max.spout.pending: 1000, topology.message.timeout.secs: 5}
spouts:
  - {id: rows, className: CsvSpout, config: {path: rows.csv, types: {id: int}, rows.per.second: 20000}}
bolts:
  - {id: sink, className: FileSink, config: {path: out.csv, header: false}}
streams:
  - {from: rows, to: sink, grouping: {type: SHUFFLE}}
YAML
  (cd "$dir" && exec "$squall" run rerun.yaml --stats-interval 0 > first.log 2>&1) &
  local supervisor=$!
  for i in $(seq 600); do [[ -f $dir/out.csv && $(wc -l < "$dir/out.csv") -ge 10000 ]] && break; sleep 0.05; done
  kill -9 "$supervisor"; wait "$supervisor" 2>/dev/null
  local first; first=$(wc -l < "$dir/out.csv")
  (cd "$dir" && "$squall" run rerun.yaml --stats-interval 0 > second.log 2>&1) || { echo "rerun failed"; cat "$dir/second.log"; return 1; }
  local unique total; unique=$(sort -u "$dir/out.csv" | wc -l); total=$(wc -l < "$dir/out.csv")
  echo "first run wrote $first rows before the kill; $unique distinct ids, $((total - unique)) repeated"
  [[ $unique -eq $rows ]] || { echo "lost $((rows - unique)) rows"; return 1; }
  [[ $((total - unique)) -le 1064 ]] || { echo "too many repeats"; return 1; }
  grep -q "rows already done" "$dir/second.log" || { echo "the rerun did not resume"; return 1; }
  echo "resumed"
}
expect supervisor-kill-rerun 0 "resumed" -- supervisor_killed_then_rerun

# A FileSink on a FIFO whose reader leaves: writes fail with EPIPE (SIGPIPE is ignored), the
# tuples fail, are replayed and in the end dead-lettered; the run completes and says so. Before,
# the first write after the reader left killed the process.
fifo_reader_leaves() {
  local dir="$work/fifo"
  mkdir -p "$dir" && mkfifo "$dir/pipe"
  { echo "id,payload"; for ((i = 0; i < 2000; i++)); do echo "$i,row-$i"; done; } > "$dir/rows.csv"
  cat > "$dir/fifo.yaml" <<'YAML'
name: fifo-sink
config: {topology.max.replays: 1, topology.message.timeout.secs: 5, squall.deadletter.file: dead.jsonl}
spouts:
  - {id: rows, className: CsvSpout, config: {path: rows.csv, rows.per.second: 2000}}  # writes go on for a second after the reader left
bolts:
  - {id: sink, className: FileSink, config: {path: pipe, flush.every: 10}}
streams:
  - {from: rows, to: sink, grouping: {type: SHUFFLE}}
YAML
  head -c 100 "$dir/pipe" > /dev/null &
  (cd "$dir" && "$squall" run fifo.yaml --stats-interval 0 > run.log 2>&1) || { echo "exit $?"; tail "$dir/run.log"; return 1; }
  grep -E "dead-lettered" "$dir/run.log"
}
expect fifo-reader-leaves 0 "spout 'rows': [0-9]+ tuples dead-lettered" -- fifo_reader_leaves

# Every shipped topology validates and runs from its own folder (`cd topologies && squall run
# X.yaml`: a relative path with an empty parent once aborted). Run in a copy, so that outputs
# written relative to the working directory stay out of the source tree.
mkdir -p "$work/tree" && cp -r "$source_dir/topologies" "$source_dir/examples" "$work/tree/"
printf 'port=0\nrows.per.second=0\n' > "$work/tree/ports.properties"
for file in "$work"/tree/topologies/*.yaml; do
  name=$(basename "$file")
  expect "cd-validate-$name" 0 "topology '" -- bash -c "cd '$work/tree/topologies' && '$squall' validate '$name' --filter ../ports.properties"
  # A file that names a server it needs ("# needs: redis-server") is validated, not run: the
  # suites that start the server run it (tests/stateful_topologies.cpp).
  grep -q '^# needs: ' "$file" && continue
  expect "cd-run-$name" 0 "after [0-9.]+ s" -- bash -c "cd '$work/tree/topologies' && '$squall' --log-level error run '$name' --filter ../ports.properties --duration 0.5 --drain 2 --stats-interval 0"
done

# A closed stdout (`| head`) does not kill the run: it drains and exits 0 (SIGPIPE is ignored).
piped_run() {
  "$squall" run "$wc" --stats-interval 0 2>"$work/piped.err" | head -c 1 >/dev/null
  local rc=${PIPESTATUS[0]}
  [[ $rc -eq 0 ]] || { echo "squall exited with $rc"; return 1; }
  grep -q "stopped" "$work/piped.err" && echo "drained and stopped"
}
expect pipe-closed 0 "drained and stopped" -- piped_run
# Logs go to stderr; stdout has the summary only.
only_summary_on_stdout() {
  "$squall" run "$wc" --stats-interval 0 2>/dev/null | grep -c "\[info\]" || true
}
expect logs-on-stderr 0 "^0$" -- only_summary_on_stdout

# Hostile topology files are refused with a position, never a crash or unbounded memory.
printf 'name: x\nconfig: &c {self: *c}\nspouts:\n  - {id: a, className: TestWordSpout}\n' > "$work/recursive.yaml"
expect yaml-recursive-alias 1 "recursive.yaml:2:9: error: nesting deeper than 64" -- "$squall" validate "$work/recursive.yaml"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
s = 'name: x\na0: &a0 [x,x,x,x,x,x,x,x,x,x]\n'
for i in range(1, 12):
    s += 'a%d: &a%d [%s]\n' % (i, i, ','.join(['*a%d' % (i - 1)] * 10))
open(work + '/laughs.yaml', 'w').write(s + 'spouts:\n  - {id: a, className: TestWordSpout}\n')
deep = '${a:-' * 200000 + 'x' + '}' * 200000
open(work + '/nested.yaml', 'w').write('name: ' + deep + '\nspouts:\n  - {id: a, className: TestWordSpout}\n')
PY
expect yaml-billion-laughs 1 "laughs.yaml:[0-9]+:[0-9]+: error: the document has more than 1000000 nodes" -- "$squall" validate "$work/laughs.yaml"
expect yaml-nested-substitution 1 "nested more than 16 levels" -- "$squall" validate "$work/nested.yaml"
printf 'name: x\nincludes: [{file: /dev/zero}]\nspouts:\n  - {id: a, className: TestWordSpout}\n' > "$work/zero.yaml"
expect yaml-include-device 1 "/dev/zero: error: not a regular file" -- "$squall" validate "$work/zero.yaml"
# Storm's flux-examples kafka_spout.yaml sets a property with `ref:` (a component) instead of `value:`.
cat > "$work/ref.yaml" <<'YAML'
name: ref-property
components:
  - id: sentences
    className: java.util.List
    value: [a, b]
spouts:
  - id: spout
    className: FixedTupleSpout
    properties:
      - name: fields
        value: [word]
      - name: tuples
        ref: sentences
YAML
expect flux-property-ref 0 "topology 'ref-property'" -- "$squall" validate "$work/ref.yaml"
printf 'name: x\nspouts:\n  - id: a\n    className: FixedTupleSpout\n    properties:\n      - name: tuples\n        ref: nowhere\n' > "$work/badref.yaml"
expect flux-property-bad-ref 1 "badref.yaml:7:14: error: 'ref: nowhere' names no entry of 'components'" -- "$squall" validate "$work/badref.yaml"
exit $failures
