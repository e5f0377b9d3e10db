#!/usr/bin/env bash
# A 3-server cluster (raft, fsync on) of the built dist on 127.0.0.1/.2/.3, measured with the shared harness
# against the 3-member etcd anchor: starts the servers, waits until all three name the same leader, runs
# ../shared/bench/consul-compat.sh against the leader's HTTP and DNS addresses with --anchor-members 3 and one
# --agent-pid per server, then stops the servers (trap) and prints each server's RSS.
#
# usage: bench/raft3.sh [consul-compat.sh options...]
#   e.g. bench/raft3.sh --run-anchors --runs 1 --duration 10
#   Everything after the script name goes to consul-compat.sh (--runs, --duration, --workloads, --no-dns,
#   --run-anchors to re-measure etcd3.sh --members 3 and dns.sh in the same run, before the servers start).
# env: SHARED_BENCH (../shared/bench), RESULTS_DIR (per-run TSVs; default a fresh /tmp/bench-raft3-results.*),
#      WARMUP_S (30: one throw-away pass of each of WARMUP_WORKLOADS, default kv_put_c1 kv_put_c16
#      kv_get_default_c16 catalog_register_c16, so JIT is out of the measured window: three JVMs on 2 cores keep
#      C2 busy for over a minute, and until then the c1 PUT p99 is 2-4 ms instead of 1.3-2; 0 skips it),
#      KEEP_DATA=1 keeps the servers' data dirs, MUSTER_JAVA_OPTS (passed to bin/agent),
#      AGENT_ARGS (extra agent flags, e.g. AGENT_ARGS='-hcl raft{snapshot_threshold=8388608}').
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
agent="$here/dist/target/muster-0.1.0/bin/agent"
SHARED_BENCH="${SHARED_BENCH:-$here/../shared/bench}"
compat="$SHARED_BENCH/consul-compat.sh"
[[ -x "$agent" ]] || { echo "no $agent: build the dist first (mvn -B -q -pl dist -am package -DskipTests)" >&2; exit 1; }
[[ -x "$compat" ]] || { echo "no $compat: set SHARED_BENCH to the shared bench directory" >&2; exit 1; }

# --run-anchors is handled here, not by consul-compat.sh: the anchors run before the servers start, so the servers'
# warm-up is followed directly by the measured runs (with anchors in between, the first run after minutes of idle
# JVMs and etcd's data-dir clean-up had a p99 1.8x the second's)
run_anchors=0 runs=3 duration=15 no_dns=0 args=()
for ((i = 1; i <= $#; i++)); do
  a=${!i}
  case "$a" in
    --run-anchors) run_anchors=1; continue ;;
    --runs) j=$((i + 1)); runs=${!j} ;;
    --duration) j=$((i + 1)); duration=${!j} ;;
    --no-dns) no_dns=1 ;;
  esac
  args+=("$a")
done
export RESULTS_DIR="${RESULTS_DIR:-$(mktemp -d /tmp/bench-raft3-results.XXXXXX)}"
if ((run_anchors)); then
  "$SHARED_BENCH/etcd3.sh" --members 3 --runs "$runs" --duration "$duration" >&2
  ((no_dns)) || "$SHARED_BENCH/dns.sh" --runs "$runs" --duration "$duration" >&2
  export ANCHOR_DIR="$RESULTS_DIR"
else
  # compare with the anchors already measured in the shared results
  export ANCHOR_DIR="${ANCHOR_DIR:-$SHARED_BENCH/results}"
fi

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
warmup_workloads=${WARMUP_WORKLOADS:-kv_put_c1 kv_put_c16 kv_get_default_c16 catalog_register_c16}
jit_seconds() { # total JIT compile time of each server so far (jstat), to show whether compilation has settled
  local p out=()
  for p in "${pids[@]}"; do out+=("$(jstat -compiler "$p" 2>/dev/null | awk 'NR == 2 {print $4}')"); done
  echo "${out[*]}"
}
if (( ${WARMUP_S:-30} > 0 )); then
  log "warm-up: $warmup_workloads, ${WARMUP_S:-30} s each (not recorded)"
  RESULTS_DIR="$data/warmup" "$compat" --http "$leader:8500" --no-dns --anchor-members 3 --runs 1 \
    --duration "${WARMUP_S:-30}" --workloads "$warmup_workloads" --label warmup >/dev/null
  log "JIT compile time so far per server (s): $(jit_seconds)"
fi
"$compat" --http "$leader:8500" --dns "$leader:8600" --anchor-members 3 --label raft3 "${pid_args[@]}" "${args[@]}"
log "JIT compile time per server after the measured runs (s): $(jit_seconds)"

echo
echo "per-server RSS after the run (MiB), leader $leader:"
for i in 0 1 2; do
  p=${pids[$i]}
  rss=$(awk '/^VmRSS:/{print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo gone)
  hwm=$(awk '/^VmHWM:/{print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo gone)
  echo "  bench-s$((i + 1)) ${addrs[$i]} pid $p: rss ${rss} peak ${hwm}"
done
log "per-run data: $RESULTS_DIR"
