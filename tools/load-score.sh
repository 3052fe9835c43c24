#!/usr/bin/env bash
# Load test of the scoring routes over loopback with wrk (apt-get install wrk), against a running host:
#   dotnet run -c Release --project src/Moderation.Host -- --Moderation:RateLimit:PermitsPerSecond=1000000 --Moderation:RateLimit:Burst=1000000 &
#   MODERATION_KEY=$(dotnet run --project src/Moderation.Cli -- keys create --role scorer --name load | tail -1) tools/load-score.sh
# Prints single-comment throughput and latency percentiles, then batch throughput (requests/s x 1,000 = comments/s).
set -euo pipefail
url=${URL:-http://127.0.0.1:5080}
here=$(dirname "$0")
wrk -t1 -c4 -d10s -s "$here/score.lua" "$url" >/dev/null   # warm-up: JIT and connection pools
echo "== POST /v1/score, 30 s, 1 thread, 4 connections"
wrk -t1 -c4 -d30s --latency -s "$here/score.lua" "$url"
echo "== POST /v1/score, 30 s, 2 threads, 32 connections (saturated)"
wrk -t2 -c32 -d30s --latency -s "$here/score.lua" "$url"
echo "== POST /v1/score/batch (1,000 comments per request), 20 s, 2 threads, 4 connections"
wrk -t2 -c4 -d20s -s "$here/batch.lua" "$url"
