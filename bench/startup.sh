#!/usr/bin/env bash
# Dev agent start to first 200 from /v1/status/leader, and idle RSS 5 s after start. Median of RUNS runs.
#   bench/startup.sh [RUNS=5]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
agent="$here/dist/target/muster-0.1.0/bin/agent"
runs="${1:-5}"
addr=127.0.0.31
times=(); rss=()
for ((i = 0; i < runs; i++)); do
  start=$(date +%s%N)
  "$agent" -dev -bind $addr -client $addr >/tmp/bench-startup.log 2>&1 &
  pid=$!
  for ((j = 0; j < 600; j++)); do
    if curl -sf "http://$addr:8500/v1/status/leader" | grep -q 8300; then break; fi
    sleep 0.01
  done
  end=$(date +%s%N)
  times+=($(((end - start) / 1000000)))
  sleep 5
  rss+=($(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status))
  kill $pid; wait $pid || true
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "start_to_first_200_ms: median $(median "${times[@]}") (runs: ${times[*]})"
echo "idle_rss_mb: median $(median "${rss[@]}") (runs: ${rss[*]})"
