#!/usr/bin/env bash
# Builds lib/muster.jsa, the agent's class-data-sharing archive: one short -dev run on a private loopback address
# (HTTP, KV, DNS touched once), stopped with SIGTERM so the JVM writes the archive at exit. It roughly halves the
# time from start to the first answer. Optional: if training fails the dist still works, only slower to start.
set -uo pipefail
home="$1"
addr="${MUSTER_CDS_TRAIN_ADDR:-127.0.0.240}"
archive="$home/lib/muster.jsa"
rm -f "$archive"
MUSTER_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off" \
  "$home/bin/agent" -dev -bind "$addr" -client "$addr" -log-level warn >/dev/null 2>&1 &
pid=$!
ready=0
for _ in $(seq 1 300); do
  if curl -sf "http://$addr:8500/v1/status/leader" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [[ $ready == 1 ]]; then
  curl -sf -X PUT -d v "http://$addr:8500/v1/kv/cds-training" >/dev/null
  curl -sf "http://$addr:8500/v1/kv/cds-training" >/dev/null
  curl -sf "http://$addr:8500/v1/health/service/consul?passing" >/dev/null
  command -v dig >/dev/null && dig +short +time=1 +tries=1 @"$addr" -p 8600 consul.service.consul >/dev/null
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [[ $ready == 1 && -s "$archive" ]]; then
  echo "train-agent-cds: wrote $archive"
else
  rm -f "$archive"
  echo "train-agent-cds: WARNING: no archive (the agent did not become ready on $addr:8500); the dist works without it, starting slower" >&2
fi
exit 0
