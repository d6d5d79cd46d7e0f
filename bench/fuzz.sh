#!/usr/bin/env bash
# The long fuzz run of issue #24 on the release binary: N mutants (default 10000)
# of our own files and of the issue's hostile families, in batches of 500 with a
# copy of samples/, each batch under a 6 GiB address-space limit and a watchdog.
# Then each file of the two slowest batches and of every failed batch, and one in
# 20 of the others, is run alone for its wall time and peak memory. Prints: files,
# aborts, the files that abort or hang alone, the worst time and memory per file.
# Usage: bench/fuzz.sh [N] [SEED]   (tests/fuzz/main.rs, test long_set)
# Environment: JIXIAO_FUZZ_EVERY (1 in how many files of a good batch is measured
# alone, default 20), JIXIAO_FUZZ_WATCHDOG (seconds before a run is killed,
# default 300, plus half a second a file).
set -euo pipefail
cd "$(dirname "$0")/.."
export JIXIAO_FUZZ_N=${1:-10000}
export JIXIAO_FUZZ_SEED=${2:-1}
cargo test -q --release --test fuzz long_set -- --ignored --nocapture
