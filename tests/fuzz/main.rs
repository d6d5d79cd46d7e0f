//! Fuzz test of issue #24: no file takes the batch down.
//!
//! Mutants of our own files ([`gen`]: damaged seeds, and hostile files built
//! after each attack of the issue) are put in one folder with a copy of
//! `samples/` and run through the real binary under a 6 GiB address-space limit
//! and a watchdog ([`harness`]). The contract: the process ends by itself with
//! exit code 0 or 1 (never a signal, never 101 or 134), the workbook and JSON are
//! written, every input is in `files[]` exactly once, every file refused has a
//! plain Chinese reason, and the samples' five departments are read. When a run
//! dies, the culprits are found by halving the set and named.
//!
//! - `cargo test --test fuzz`: the fast set, every hostile case once and 80
//!   damaged seeds (about 330 files);
//! - `bench/fuzz.sh [N]` (`cargo test --release --test fuzz -- --ignored`): the long
//!   set, N mutants (10,000 by default) in batches of 500, and each file's own
//!   time and peak memory measured alone.

#[path = "../common/mod.rs"]
mod common;
mod gen;
mod harness;

use gen::{Family, Mutant};
use harness::{End, Run};
use std::collections::BTreeMap;
use std::time::Duration;

/// The culprits of a failed batch, one line each, and the sets the search had
/// no time to halve.
fn name_culprits(mutants: &[&Mutant], fatal: &str, wall: Duration) -> String {
    let search = harness::culprits(mutants, fatal.to_string(), wall);
    let line = |(set, why): &(Vec<&Mutant>, String)| {
        let names: Vec<&str> = set.iter().map(|m| m.name.as_str()).collect();
        format!("  {}: {why}", names.join(" + "))
    };
    let mut out: Vec<String> = search.found.iter().map(line).collect();
    if out.is_empty() {
        out.push("  (the failure did not recur)".into());
    }
    if !search.unresolved.is_empty() {
        out.push(format!(
            "not searched further (JIXIAO_FUZZ_SEARCH={} s spent; raise it to go on):",
            harness::search_budget().as_secs()
        ));
        out.extend(search.unresolved.iter().map(line));
    }
    out.join("\n")
}

#[test]
fn reasons_in_english_are_caught() {
    let shown = ["in/00001-flip-0-000.xlsx".to_string()];
    for ok in [
        "请在 Excel 或 WPS 中另存为 .xlsx",
        "PDF 使用了本程序不解的压缩方式 /LZWDecode，请用 Word 或 WPS 重新导出 PDF",
        "与 in/00001-flip-0-000.xlsx 是同一张表",
        "文件过大（2.0 MiB，上限 1 KB）",
    ] {
        assert_eq!(harness::plain_chinese(ok, &shown), Ok(()), "{ok}");
    }
    for bad in [
        "无法打开（Xlsx error: File not found）",
        "文件已损坏：invalid Zip archive",
        "stack overflow",
        "",
    ] {
        assert!(harness::plain_chinese(bad, &shown).is_err(), "{bad}");
    }
}

#[test]
fn mutants_are_deterministic_and_small() {
    let seeds = gen::seeds(&common::root());
    assert!(seeds.iter().any(|s| s.path == "samples/000.xlsx"));
    assert!(seeds.iter().any(|s| s.ext == "xls"));
    assert!(seeds.iter().any(|s| s.ext == "ods"));
    let a = gen::generate(&seeds, 7, 0, 60);
    let b = gen::generate(&seeds, 7, 0, 60);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.name, &x.bytes), (&y.name, &y.bytes));
    }
    // Every case of every hostile family can be made, and none is large.
    let fast = gen::fast_set(&seeds, 0);
    let cases: usize = Family::ALL
        .iter()
        .filter(|f| f.is_hostile())
        .map(|f| f.cases())
        .sum();
    assert_eq!(fast.len(), cases, "a hostile case without a mutant");
    for m in fast.iter().chain(&a) {
        assert!(
            m.bytes.len() <= gen::MAX_BYTES,
            "{}: {} bytes",
            m.name,
            m.bytes.len()
        );
    }
}

/// The fast set: every hostile case once, and 80 damaged seeds, in one batch
/// with the samples.
#[test]
fn no_mutant_takes_the_batch_down() {
    let seeds = gen::seeds(&common::root());
    let mutants = gen::fast_set(&seeds, 80);
    let all: Vec<&Mutant> = mutants.iter().collect();
    let (run, verdict) = harness::batch(&all);
    eprintln!(
        "{} mutants and the samples: {} in {:.1} s, peak {} MiB",
        all.len(),
        run.describe(),
        run.wall.as_secs_f64(),
        run.peak_kib >> 10
    );
    if let Some(fatal) = &verdict.fatal {
        panic!(
            "the batch did not survive: {fatal}\nculprits (each takes a batch down):\n{}",
            name_culprits(&all, fatal, run.wall)
        );
    }
    assert!(
        verdict.files.is_empty(),
        "{} files broke the contract:\n{}",
        verdict.files.len(),
        verdict.files.join("\n")
    );
}

/// A number from the environment, or the default.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// One file's figures, measured alone.
struct Measured {
    name: String,
    family: Family,
    run: Run,
}

impl Measured {
    fn line(&self) -> String {
        format!(
            "  {:>8.2} s {:>7} MiB  {}  {}",
            self.run.wall.as_secs_f64(),
            self.run.peak_kib >> 10,
            self.name,
            match self.run.end {
                End::Exited(c) => format!("exit {c}"),
                _ => self.run.describe(),
            }
        )
    }
}

/// The long set's batches: 500 mutants each.
const BATCH: usize = 500;

/// The mutants of batch `b` of the long set for `seed`, out of `n`.
fn long_batch(seeds: &[gen::Seed], seed: u64, n: usize, b: usize) -> Vec<Mutant> {
    let first = b * BATCH;
    gen::generate(
        seeds,
        seed * 1_000_003 + b as u64,
        first,
        BATCH.min(n - first),
    )
}

/// The long set: `JIXIAO_FUZZ_N` mutants (10,000) for seed `JIXIAO_FUZZ_SEED` (1),
/// in batches of 500 with the samples. Then each mutant of the two slowest
/// batches and of every failed batch, and one in `JIXIAO_FUZZ_EVERY` (20) of the
/// others, is run alone for its time and peak memory; a failed batch none of
/// whose files fails alone is searched by halves. Prints the figures; fails as
/// the fast set does.
#[test]
#[ignore = "10,000 mutants, minutes in release: bench/fuzz.sh [N]"]
fn long_set() {
    let n = env_or("JIXIAO_FUZZ_N", 10_000) as usize;
    let seed = env_or("JIXIAO_FUZZ_SEED", 1);
    let every = env_or("JIXIAO_FUZZ_EVERY", 20).max(1) as usize;
    let seeds = gen::seeds(&common::root());
    let mut failures: Vec<String> = Vec::new();
    // Per batch: its wall time and, if it did not survive, how it ended.
    let mut batches: Vec<(Duration, Option<String>)> = Vec::new();
    let mut families: BTreeMap<&str, usize> = BTreeMap::new();
    let started = std::time::Instant::now();
    for b in 0..n.div_ceil(BATCH) {
        let mutants = long_batch(&seeds, seed, n, b);
        for m in &mutants {
            *families.entry(m.family.name()).or_default() += 1;
        }
        let refs: Vec<&Mutant> = mutants.iter().collect();
        let (run, verdict) = harness::batch(&refs);
        eprintln!(
            "batch {b}: {} mutants, {} in {:.1} s, peak {} MiB",
            mutants.len(),
            run.describe(),
            run.wall.as_secs_f64(),
            run.peak_kib >> 10
        );
        if let Some(fatal) = &verdict.fatal {
            failures.push(format!("batch {b}: {fatal}"));
        }
        failures.extend(verdict.files.iter().map(|f| format!("batch {b}: {f}")));
        batches.push((run.wall, verdict.fatal));
    }
    let batch_time = started.elapsed();

    // Each file alone: the slowest batches, the failed ones, a sample of the rest.
    let mut order: Vec<usize> = (0..batches.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(batches[i].0));
    let mut measured: Vec<Measured> = Vec::new();
    let mut culprits: Vec<String> = Vec::new();
    for (rank, &b) in order.iter().enumerate() {
        let (wall, fatal) = &batches[b];
        let mutants = long_batch(&seeds, seed, n, b);
        let whole = rank < 2 || fatal.is_some();
        let mut alone_failed = false;
        for (k, m) in mutants.iter().enumerate() {
            if !whole && k % every != 0 {
                continue;
            }
            let run = harness::alone(m);
            if !run.ended_normally(&[0, 1, 2]) {
                alone_failed = true;
                culprits.push(format!("  {}: {}", m.name, run.describe()));
            }
            measured.push(Measured {
                name: m.name.clone(),
                family: m.family,
                run,
            });
        }
        if let (Some(fatal), false) = (fatal, alone_failed) {
            let refs: Vec<&Mutant> = mutants.iter().collect();
            let search = harness::culprits(&refs, fatal.clone(), *wall);
            for (set, why) in search.found.iter().chain(&search.unresolved) {
                let names: Vec<&str> = set.iter().map(|m| m.name.as_str()).collect();
                culprits.push(format!("  {} (with the samples): {why}", names.join(" + ")));
            }
        }
    }

    let worst = |key: &dyn Fn(&Measured) -> u64| {
        let mut v: Vec<&Measured> = measured.iter().collect();
        v.sort_by_key(|m| std::cmp::Reverse(key(m)));
        v.iter()
            .take(10)
            .map(|m| m.line())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut per_family: BTreeMap<&str, (usize, Duration, u64)> = BTreeMap::new();
    for m in &measured {
        let e = per_family.entry(m.family.name()).or_default();
        e.0 += 1;
        e.1 = e.1.max(m.run.wall);
        e.2 = e.2.max(m.run.peak_kib);
    }
    let failed_batches = batches.iter().filter(|b| b.1.is_some()).count();
    eprintln!("\n== long fuzz run, seed {seed}");
    eprintln!(
        "files: {n} mutants in {} batches of up to {BATCH} with the samples ({:.0} s)",
        batches.len(),
        batch_time.as_secs_f64()
    );
    eprintln!(
        "aborts: {failed_batches} batches did not survive; {} files abort or hang",
        culprits.len()
    );
    for c in &culprits {
        eprintln!("{c}");
    }
    eprintln!("files measured alone: {}", measured.len());
    eprintln!("per family: files made, measured alone, worst wall time, worst peak memory");
    for (family, count) in &families {
        let (alone, wall, peak) = per_family.get(family).copied().unwrap_or_default();
        eprintln!(
            "  {family:<18} {count:>6} {alone:>6} {:>8.2} s {:>7} MiB",
            wall.as_secs_f64(),
            peak >> 10
        );
    }
    eprintln!(
        "worst wall time per file:\n{}",
        worst(&|m| m.run.wall.as_micros() as u64)
    );
    eprintln!(
        "worst peak memory per file:\n{}",
        worst(&|m| m.run.peak_kib)
    );
    assert!(
        failures.is_empty() && culprits.is_empty(),
        "{} batch problems, {} files that abort or hang:\n{}",
        failures.len(),
        culprits.len(),
        failures.join("\n")
    );
}
