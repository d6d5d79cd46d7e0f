#!/usr/bin/env bash
# Benchmark: generate N forms, time the read floor (calamine touching every cell,
# same parallelism) and jixiao on the same files, print forms/s, the ratio
# jixiao/floor and peak RSS. Usage: bench/run.sh [N] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DIR=${BENCH_DIR:-/tmp/jixiao-bench-$N}
cargo build -q --release --bin jixiao --example make_corpus --example read_floor
if [ ! -d "$DIR" ] || [ "$(ls "$DIR" | wc -l)" -ne "$N" ]; then
  rm -rf "$DIR"
  ./target/release/examples/make_corpus "$N" "$DIR" >/dev/null
fi
OUT=$(mktemp -d)
measure() { # label, command... (exit code 1 is fine: check found 错误)
  local label=$1 rc=0; shift
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" || rc=$?
  if [ "$rc" -gt 1 ]; then cat "$OUT/err"; exit 1; fi
  read -r secs kb user sys < <(tail -n 1 "$OUT/time")
  echo "$label $secs $kb $user $sys"
}
floor=$(measure floor ./target/release/examples/read_floor "$DIR")
check=$(measure check ./target/release/jixiao check -q "$DIR")
build=$(measure build ./target/release/jixiao build -q "$DIR" -o "$OUT/汇总表.xlsx" --json "$OUT/汇总.json")
rm -rf "$OUT"
awk -v n="$N" -v cores="$(nproc)" '
  { secs[$1] = $2; rss[$1] = $3; cpu[$1] = $4 + $5 }
  END {
    printf "forms: %d, cores: %d\n", n, cores
    printf "%-34s %8s %10s %9s %8s %12s\n", "", "seconds", "forms/s", "×floor", "CPU s", "peak RSS MB"
    split("floor check build", order, " ")
    label["floor"] = "read floor (calamine, every cell)"
    label["check"] = "jixiao check (read+compute+check)"
    label["build"] = "jixiao build (+ workbook + JSON)"
    for (i = 1; i <= 3; i++) {
      k = order[i]
      printf "%-34s %8.2f %10.0f %9.2f %8.2f %12.0f\n", label[k], secs[k], n / secs[k], secs[k] / secs["floor"], cpu[k], rss[k] / 1024
    }
  }' <<< "$floor
$check
$build"
