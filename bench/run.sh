#!/usr/bin/env bash
# Benchmark: generate N forms and a 自评报告 (.docx) per form, time the read floor
# (calamine touching every cell, same parallelism) and jixiao on the same files,
# print forms/s, the ratio jixiao/floor and peak RSS; then the reports alone, and
# the report-reading cost per department as a ratio to the form-reading cost.
# Usage: bench/run.sh [N] (default 10000).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
DIR=${BENCH_DIR:-/tmp/jixiao-bench-$N}
RDIR=$DIR-reports
cargo build -q --release --bin jixiao --example make_corpus --example read_floor
if [ ! -d "$DIR" ] || [ "$(ls "$DIR" | wc -l)" -ne "$N" ] || [ ! -d "$RDIR" ] || [ "$(ls "$RDIR" | wc -l)" -ne "$N" ]; then
  rm -rf "$DIR" "$RDIR"
  ./target/release/examples/make_corpus "$N" "$DIR" 7 "$RDIR" >/dev/null
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
reports=$(measure reports ./target/release/jixiao check -q "$RDIR")
both=$(measure both ./target/release/jixiao check -q "$DIR" "$RDIR")
rm -rf "$OUT"
awk -v n="$N" -v cores="$(nproc)" '
  { secs[$1] = $2; rss[$1] = $3; cpu[$1] = $4 + $5 }
  END {
    printf "forms: %d, cores: %d\n", n, cores
    printf "%-34s %8s %10s %9s %8s %12s\n", "", "seconds", "forms/s", "×floor", "CPU s", "peak RSS MB"
    split("floor check build reports both", order, " ")
    label["floor"] = "read floor (calamine, every cell)"
    label["check"] = "jixiao check (read+compute+check)"
    label["build"] = "jixiao build (+ workbook + JSON)"
    label["reports"] = "jixiao check, the reports alone"
    label["both"] = "jixiao check, forms + reports"
    for (i = 1; i <= 5; i++) {
      k = order[i]
      printf "%-34s %8.2f %10.0f %9.2f %8.2f %12.0f\n", label[k], secs[k], n / secs[k], secs[k] / secs["floor"], cpu[k], rss[k] / 1024
    }
    printf "report reading per department ÷ form reading (CPU): %.2f\n", cpu["reports"] / cpu["check"]
    printf "reports added to a batch (CPU, forms + reports − forms) ÷ forms: %.2f\n", (cpu["both"] - cpu["check"]) / cpu["check"]
  }' <<< "$floor
$check
$build
$reports
$both"
