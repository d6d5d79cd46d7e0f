#!/usr/bin/env bash
# A/B: the same corpus read by two jixiao binaries, interleaved, ROUNDS times each
# (default 5); prints the median wall and CPU seconds of `check` and `build` per
# binary and the ratio B/A. Usage: bench/compare.sh OLD_BIN NEW_BIN [N] [ROUNDS]
# (the corpus of bench/run.sh N, made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 N=${3:-10000} ROUNDS=${4:-5}
DIR=${BENCH_DIR:-/tmp/jixiao-bench-$N}
if [ ! -d "$DIR" ] || [ "$(ls "$DIR" | wc -l)" -ne "$N" ]; then
  cargo build -q --release --example make_corpus
  rm -rf "$DIR" "$DIR-reports"
  ./target/release/examples/make_corpus "$N" "$DIR" 7 "$DIR-reports" >/dev/null
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run() { # label bin args...
  local label=$1 bin=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$OUT/t" "$bin" "$@" >/dev/null 2>&1 || true
  read -r wall user sys < <(tail -n 1 "$OUT/t")
  echo "$label $wall $(echo "$user + $sys" | bc)" >> "$OUT/all"
}
for _ in $(seq "$ROUNDS"); do
  for side in A B; do
    bin=${!side}
    run "$side-check" "$bin" check -q "$DIR"
    run "$side-build" "$bin" build -q "$DIR" -o "$OUT/x.xlsx" --json "$OUT/x.json"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf "%-6s %10s %10s %10s %10s\n" "" "A wall" "B wall" "A CPU" "B CPU"
for what in check build; do
  aw=$(grep "^A-$what " "$OUT/all" | cut -d' ' -f2 | median)
  bw=$(grep "^B-$what " "$OUT/all" | cut -d' ' -f2 | median)
  ac=$(grep "^A-$what " "$OUT/all" | cut -d' ' -f3 | median)
  bc_=$(grep "^B-$what " "$OUT/all" | cut -d' ' -f3 | median)
  printf "%-6s %10.2f %10.2f %10.2f %10.2f   B/A wall %.3f, CPU %.3f\n" "$what" "$aw" "$bw" "$ac" "$bc_" \
    "$(echo "$bw / $aw" | bc -l)" "$(echo "$bc_ / $ac" | bc -l)"
done
