#!/usr/bin/env bash
# Ingest benchmark: Weir against tshark and tcpdump on the same capture, in the same run.
# Usage: bench/ingest.sh [CAPTURE]   (default: build/bench/bench.pcap, built from the corpus
#        by ../shared/bench/make-bench-pcap.sh on first use; needs tshark, tcpdump, tcpreplay)
# Env:   ROUNDS (bench capture size, default 240 ≈ 1.06 M packets), RUNS (timed rounds, default 3),
#        WEIR_BENCH_ARGS (extra import args)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cap=${1:-$here/build/bench/bench.pcap}
if [ ! -f "$cap" ]; then
  maker="$here/../shared/bench/make-bench-pcap.sh"
  [ -x "$maker" ] || [ -f "$maker" ] || { echo "no capture given and $maker is absent" >&2; exit 2; }
  mkdir -p "$(dirname "$cap")"
  echo "building the bench capture (${ROUNDS:-240} rounds) ..." >&2
  bash "$maker" "$cap" "${ROUNDS:-240}" >&2
fi
[ -f "$here/dist/src/cli/main.js" ] || (cd "$here" && npm run build --silent)
packets=$(capinfos -c -M "$cap" | awk -F: '/Number of packets/ {gsub(/ /,"",$2); print $2}')
bytes=$(stat -c %s "$cap")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Wall-clock seconds of one run.
time_one() {
  local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
min() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }

weir_run() { rm -f "$work/w.duckdb"*; node "$here/bin/weir.js" import --quiet --db "$work/w.duckdb" ${WEIR_BENCH_ARGS:-} "$cap"; }
weir_bare() { rm -f "$work/w.duckdb"*; node "$here/bin/weir.js" import --quiet --no-parsers --db "$work/w.duckdb" ${WEIR_BENCH_ARGS:-} "$cap"; }
# The tools take turns, round after round, so a slow spell of this shared machine hits all of them
# alike; each keeps its best round (page cache warm after the first).
t_weir=""; t_bare=""; t_tshark=""; t_tcpdump=""
for round in $(seq "${RUNS:-3}"); do
  t_weir=$(min "$t_weir" "$(time_one weir_run)")
  t_bare=$(min "$t_bare" "$(time_one weir_bare)")
  t_tshark=$(min "$t_tshark" "$(time_one tshark -n -q -z conv,tcp -r "$cap")")
  t_tcpdump=$(min "$t_tcpdump" "$(time_one tcpdump -n -r "$cap" -w /dev/null)")
  echo "round $round: weir $t_weir, bare $t_bare, tshark $t_tshark (best so far)" >&2
done
sessions=$(node "$here/bin/weir.js" import --quiet --db "$work/s.duckdb" ${WEIR_BENCH_ARGS:-} "$cap" | sed -n 's/.* \([0-9]*\) sessions.*/\1/p')

printf 'capture: %s\n  %s packets, %.1f MB, %s sessions (weir)\n\n' "$cap" "$packets" "$(echo "$bytes/1000000" | bc -l)" "$sessions"
printf '%-22s %10s %14s %10s %14s\n' tool seconds packets/s MB/s 'weir is x faster'
for row in "weir import:$t_weir" "weir --no-parsers:$t_bare" "tshark -z conv,tcp:$t_tshark" "tcpdump -w /dev/null:$t_tcpdump"; do
  name=${row%%:*}; t=${row##*:}
  printf '%-22s %10.2f %14.0f %10.1f %14.2f\n' "$name" "$t" "$(echo "$packets/$t" | bc -l)" "$(echo "$bytes/1000000/$t" | bc -l)" "$(echo "$t/$t_weir" | bc -l)"
done
printf '\nparsers (classification, reassembly, all protocol modules, protocol tables): %.2f s = %.0f %% of ingest\n' \
  "$(echo "$t_weir - $t_bare" | bc -l)" "$(echo "100 * ($t_weir - $t_bare) / $t_weir" | bc -l)"
