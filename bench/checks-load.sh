#!/usr/bin/env bash
# 1,000 HTTP checks (10 s interval, against a local python HTTP server) and 1,000 TTL checks on one dev agent:
# the agent's CPU % over 60 s, its threads and heap, and how the HTTP checks' runs spread over the interval.
#   bench/checks-load.sh [N=1000] [SECONDS=60]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-1000}"; secs="${2:-60}"
addr=127.0.0.34; target=127.0.0.35
work=$(mktemp -d /tmp/bench-checks.XXXX)
trap 'kill $agent $server 2>/dev/null; rm -rf "$work"' EXIT
"$here/dist/target/muster-0.1.0/bin/agent" -dev -bind $addr -client $addr -log-level warn >"$work/agent.log" 2>&1 &
agent=$!
( cd "$work" && exec python3 -m http.server 18080 --bind $target >"$work/http.log" 2>&1 ) &
server=$!
for _ in $(seq 1 100); do curl -sf "http://$addr:8500/v1/status/leader" >/dev/null && break; sleep 0.1; done
for i in $(seq 1 "$n"); do
  printf '{"ID":"h%d","Name":"web","Port":%d,"Check":{"HTTP":"http://%s:18080/","Interval":"10s","Timeout":"2s"}}' "$i" "$i" "$target"
  echo
  printf '{"ID":"t%d","Name":"ttl","Port":%d,"Check":{"TTL":"10m","Status":"passing"}}' "$i" "$i"
  echo
done | while read -r body; do curl -sf -X PUT -d "$body" "http://$addr:8500/v1/agent/service/register" >/dev/null; done
sleep 12   # let every HTTP check have run once before measuring
ticks() { awk '{print $14 + $15}' /proc/$agent/stat; }
t0=$(ticks); start=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); end=$(date +%s.%N)
hz=$(getconf CLK_TCK)
cpu=$(echo "scale=2; 100 * ($t1 - $t0) / $hz / ($end - $start)" | bc)
echo "checks: $n http + $n ttl; agent CPU over ${secs}s: ${cpu}% of one core"
echo "agent threads: $(awk '/Threads/ {print $2}' /proc/$agent/status); RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$agent/status)"
jcmd $agent GC.heap_info | grep -E "total .* used" | sed 's/^/heap: /'
echo "HTTP check runs per second of the last 10 s window (spread over the interval):"
grep -o '\[[^]]*\]' "$work/http.log" | tail -n "$n" | sed -E 's/.*:([0-9]{2})\]$/\1/' | sort | uniq -c \
  | awk '{printf "  :%s %d", $2, $1} END {print ""}'
echo "passing HTTP instances: $(curl -s "http://$addr:8500/v1/health/service/web?passing" | grep -o '"Service":{' | wc -l)"
