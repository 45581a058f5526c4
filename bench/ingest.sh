#!/usr/bin/env bash
# Ingest benchmark: Weir with 1 and N packet workers against tshark, ndpiReader and tcpdump on the
# same capture, in the same run.
# Usage: bench/ingest.sh [CAPTURE]   (default: build/bench/bench.pcap, built from the corpus
#        by ../shared/bench/make-bench-pcap.sh on first use; needs tshark, tcpdump, tcpreplay,
#        ndpiReader from libndpi-bin)
# Env:   WORKERS (the N of the N-worker run; default: the number of cores), ROUNDS (bench capture
#        size, default 240 ≈ 1.06 M packets), RUNS (timed rounds, default 3), WEIR_BENCH_ARGS
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cap=${1:-$here/build/bench/bench.pcap}
if [ ! -f "$cap" ]; then
  maker="$here/../shared/bench/make-bench-pcap.sh"
  [ -f "$maker" ] || { echo "no capture given and $maker is absent" >&2; exit 2; }
  mkdir -p "$(dirname "$cap")"
  echo "building the bench capture (${ROUNDS:-240} rounds) ..." >&2
  bash "$maker" "$cap" "${ROUNDS:-240}" >&2
fi
[ -f "$here/dist/src/cli/main.js" ] || (cd "$here" && npm run build --silent)
for tool in tshark tcpdump ndpiReader capinfos bc; do
  command -v "$tool" > /dev/null || { echo "$tool is missing (apt-get install tshark tcpdump libndpi-bin bc)" >&2; exit 2; }
done
workers=${WORKERS:-$(nproc)}
packets=$(capinfos -c -M "$cap" | awk -F: '/Number of packets/ {gsub(/ /,"",$2); print $2}')
bytes=$(stat -c %s "$cap")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Wall-clock seconds of one run.
time_one() {
  local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
min() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }

weir() { rm -f "$work/w.duckdb"*; node "$here/bin/weir.js" import --quiet --db "$work/w.duckdb" ${WEIR_BENCH_ARGS:-} "$@" "$cap"; }
weir1() { weir --workers 1; }
weirn() { weir --workers "$workers"; }
bare() { weir --workers 1 --no-parsers; }
# The tools take turns, round after round, so a slow spell of this shared machine hits all of them
# alike; each keeps its best round (page cache warm after the first).
declare -A best
names=(weir1 weirn bare tshark ndpi tcpdump)
for round in $(seq "${RUNS:-3}"); do
  best[weir1]=$(min "${best[weir1]:-}" "$(time_one weir1)")
  best[weirn]=$(min "${best[weirn]:-}" "$(time_one weirn)")
  best[bare]=$(min "${best[bare]:-}" "$(time_one bare)")
  best[tshark]=$(min "${best[tshark]:-}" "$(time_one tshark -n -q -z conv,tcp -z conv,udp -r "$cap")")
  best[ndpi]=$(min "${best[ndpi]:-}" "$(time_one ndpiReader -i "$cap")")
  best[tcpdump]=$(min "${best[tcpdump]:-}" "$(time_one tcpdump -n -r "$cap" -w /dev/null)")
  echo "round $round done (best so far: weir 1w ${best[weir1]}, ${workers}w ${best[weirn]}, ndpiReader ${best[ndpi]})" >&2
done
sessions=$(node "$here/bin/weir.js" import --quiet --workers 1 --db "$work/s.duckdb" ${WEIR_BENCH_ARGS:-} "$cap" | sed -n 's/.* \([0-9]*\) sessions.*/\1/p')

declare -A label=([weir1]="weir, 1 worker" [weirn]="weir, $workers workers" [bare]="weir 1w --no-parsers" [tshark]="tshark -z conv" [ndpi]="ndpiReader -i" [tcpdump]="tcpdump -w /dev/null")
printf 'capture: %s\n  %s packets, %.1f MB, %s sessions (weir); %s cores\n\n' "$cap" "$packets" "$(echo "$bytes/1000000" | bc -l)" "$sessions" "$(nproc)"
printf '%-22s %8s %12s %10s %16s %16s\n' tool seconds packets/s Mbit/s 'weir 1w is x' "weir ${workers}w is x"
for k in "${names[@]}"; do
  t=${best[$k]}
  printf '%-22s %8.2f %12.0f %10.0f %16.2f %16.2f\n' "${label[$k]}" "$t" "$(echo "$packets/$t" | bc -l)" "$(echo "$bytes*8/1000000/$t" | bc -l)" \
    "$(echo "$t/${best[weir1]}" | bc -l)" "$(echo "$t/${best[weirn]}" | bc -l)"
done
printf '\n(x > 1: weir is faster than that tool)\n%s workers vs 1: %.2fx\n' "$workers" "$(echo "${best[weir1]}/${best[weirn]}" | bc -l)"
printf 'parsers (classification, reassembly, protocol modules, protocol tables): %.0f %% of 1-worker ingest\n' \
  "$(echo "100 * (${best[weir1]} - ${best[bare]}) / ${best[weir1]}" | bc -l)"
