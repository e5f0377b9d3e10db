#!/usr/bin/env bash
# A 3-server cluster (raft, fsync on) of the built dist on 127.0.0.1/.2/.3, measured with the shared harness
# against the 3-member etcd anchor: starts the servers, waits until all three name the same leader, runs
# ../shared/bench/consul-compat.sh against the leader's HTTP and DNS addresses with --anchor-members 3 and one
# --agent-pid per server, then stops the servers (trap) and prints each server's RSS.
#
# usage: bench/raft3.sh [consul-compat.sh options...]
#   e.g. bench/raft3.sh --run-anchors --runs 1 --duration 10
#   Everything after the script name goes to consul-compat.sh (--runs, --duration, --workloads, --no-dns,
#   --run-anchors to re-measure etcd3.sh --members 3 and dns.sh in the same run).
# env: SHARED_BENCH (../shared/bench), RESULTS_DIR (per-run TSVs; default a fresh /tmp/bench-raft3-results.*),
#      WARMUP_S (20: one throw-away kv_put_c16 + kv_get_default_c16 pass so JIT is out of the measured window;
#      5 s left three JVMs on 2 cores still compiling: the first measured run's p99 was 2-3x the second's;
#      0 skips it), KEEP_DATA=1 keeps the servers' data dirs, MUSTER_JAVA_OPTS (passed to bin/agent),
#      AGENT_ARGS (extra agent flags, e.g. AGENT_ARGS='-hcl raft{snapshot_threshold=8388608}').
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
agent="$here/dist/target/muster-0.1.0/bin/agent"
SHARED_BENCH="${SHARED_BENCH:-$here/../shared/bench}"
compat="$SHARED_BENCH/consul-compat.sh"
[[ -x "$agent" ]] || { echo "no $agent: build the dist first (mvn -B -q -pl dist -am package -DskipTests)" >&2; exit 1; }
[[ -x "$compat" ]] || { echo "no $compat: set SHARED_BENCH to the shared bench directory" >&2; exit 1; }

run_anchors=0
for a in "$@"; do [[ "$a" == --run-anchors ]] && run_anchors=1; done
export RESULTS_DIR="${RESULTS_DIR:-$(mktemp -d /tmp/bench-raft3-results.XXXXXX)}"
# without --run-anchors, compare with the anchors already measured in the shared results
((run_anchors)) || export ANCHOR_DIR="${ANCHOR_DIR:-$SHARED_BENCH/results}"

addrs=(127.0.0.1 127.0.0.2 127.0.0.3)
data=$(mktemp -d /tmp/bench-raft3.XXXXXX)
pids=()
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ "${KEEP_DATA:-0}" == 1 ]]; then log "kept $data"; else rm -rf "$data"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

join=(); for a in "${addrs[@]}"; do join+=(-retry-join "$a"); done
for i in 0 1 2; do
  a=${addrs[$i]}
  for port in 8300 8301 8305 8500 8600; do
    ! ss -Hltn "( sport = :$port )" 2>/dev/null | grep -q "$a:$port " || { log "$a:$port is in use"; exit 1; }
  done
  "$agent" -server -bootstrap-expect 3 -node "bench-s$((i + 1))" -datacenter dc1 -data-dir "$data/s$((i + 1))" \
    -bind "$a" -client "$a" -log-level warn "${join[@]}" ${AGENT_ARGS:-} >"$data/s$((i + 1)).log" 2>&1 &
  pids+=($!)
done
log "servers started: pids ${pids[*]} (data $data)"

leader=""
for ((t = 0; t < 600; t++)); do
  seen=()
  for a in "${addrs[@]}"; do seen+=("$(curl -s --max-time 1 "http://$a:8500/v1/status/leader" || true)"); done
  if [[ "${seen[0]}" =~ ^\"127\. && "${seen[0]}" == "${seen[1]}" && "${seen[0]}" == "${seen[2]}" ]]; then
    leader=${seen[0]//\"/}; leader=${leader%:*}; break
  fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { log "server pid $p exited"; tail -20 "$data"/s*.log >&2; exit 1; }; done
  sleep 0.1
done
[[ -n "$leader" ]] || { log "no agreed leader after 60 s: ${seen[*]}"; tail -20 "$data"/s*.log >&2; exit 1; }
log "leader: $leader (took $((t / 10)).$((t % 10)) s after start)"

pid_args=(); for p in "${pids[@]}"; do pid_args+=(--agent-pid "$p"); done
if (( ${WARMUP_S:-20} > 0 )); then
  log "warm-up: kv_put_c16 + kv_get_default_c16, ${WARMUP_S:-20} s each (not recorded)"
  RESULTS_DIR="$data/warmup" "$compat" --http "$leader:8500" --no-dns --anchor-members 3 --runs 1 \
    --duration "${WARMUP_S:-20}" --workloads "kv_put_c16 kv_get_default_c16" --label warmup >/dev/null
fi
"$compat" --http "$leader:8500" --dns "$leader:8600" --anchor-members 3 --label raft3 "${pid_args[@]}" "$@"

echo
echo "per-server RSS after the run (MiB), leader $leader:"
for i in 0 1 2; do
  p=${pids[$i]}
  rss=$(awk '/^VmRSS:/{print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo gone)
  hwm=$(awk '/^VmHWM:/{print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo gone)
  echo "  bench-s$((i + 1)) ${addrs[$i]} pid $p: rss ${rss} peak ${hwm}"
done
log "per-run data: $RESULTS_DIR"
