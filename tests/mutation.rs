//! Seeded mutation test: the samples (forms and reports, .docx and .pdf) and the
//! reader fixtures, truncated, bit-flipped, overwritten, their zip parts shuffled,
//! dropped or corrupted, their XML broken, their numbers made absurd, and PDF syntax
//! (brackets, dictionaries, stream keywords) spliced into the PDFs. Every mutated file must end as imported or failed
//! with a reason (or skipped as a duplicate of another), the reader must never
//! panic, and the binary must exit 0 or 1.
//!
//! 1,200 files per `cargo test`; `cargo test --test all mutation -- --ignored` runs
//! 20,000 with other seeds.

use crate::common;

use common::*;
use jixiao::model::FileStatus;
use std::path::Path;

// The damage families of the fuzz harness (`tests/fuzz/gen`): one generator
// of damaged files for both.
#[path = "fuzz/gen/mod.rs"]
mod gen;

use gen::Family;

/// The folders whose files are mutated: every sample and reader fixture, in every
/// format, and the Word and PDF report fixtures (not the hostile fixtures: this
/// test reads in-process, without the workers' limits).
const SEED_DIRS: [&str; 3] = [
    "samples/",
    "tests/fixtures/reader/",
    "tests/fixtures/reports/",
];

/// Write `count` mutants of the seeds into `dir`, each damaged by one of the
/// fuzz harness's damage families (bytes flipped, cut or overwritten; a zip
/// part's XML broken or its numbers made absurd; zip parts spliced, dropped or
/// shuffled; PDF syntax spliced in).
fn write_mutants(dir: &Path, seed: u64, count: usize) {
    let seeds: Vec<gen::Seed> = gen::seeds(&root())
        .into_iter()
        .filter(|s| SEED_DIRS.iter().any(|d| s.path.starts_with(d)))
        .collect();
    let damage: Vec<Family> = Family::ALL
        .into_iter()
        .filter(|f| !f.is_hostile())
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut i = 0;
    while i < count {
        let family = damage[rng.usize(0..damage.len())];
        if let Some((bytes, ext, _)) = gen::make(family, 0, &seeds, &mut rng) {
            let name = format!("{i:05}-{}.{ext}", family.name());
            std::fs::write(dir.join(name), bytes).unwrap();
            i += 1;
        }
    }
}

fn run_mutants(seed: u64, count: usize) {
    let dir = tempfile::tempdir().unwrap();
    write_mutants(dir.path(), seed, count);
    let options = jixiao::Options::new(
        vec![dir.path().to_path_buf()],
        jixiao::scheme::Scheme::builtin(),
    );
    let inputs = jixiao::inputs(&options).unwrap();
    assert_eq!(inputs.len(), count);
    let batch = jixiao::run(&options, &inputs, &|_| {});
    assert_eq!(batch.files.len(), count, "every file accounted for");
    let internal = jixiao::read::ReadError::Internal.to_string();
    let mut imported = 0;
    for f in &batch.files {
        let reason = f.reason.as_deref().unwrap_or("");
        match f.status {
            FileStatus::Imported => imported += 1,
            FileStatus::Failed => {
                assert!(!reason.is_empty(), "{}: failed without a reason", f.file);
                assert_ne!(reason, internal, "{}: the reader panicked", f.file);
            }
            // Readable, but a duplicate of another mutant of the same department
            // (of another content, or harmless damage: the same content), a
            // report whose heading the damage took (no longer a 自评报告), or a
            // container whose parts another file's now make it another kind of
            // document (an ODS given an ODT's mimetype: not a form).
            FileStatus::Skipped => {
                assert!(
                    reason.contains("已被取代")
                        || reason.contains("内容相同")
                        || reason.contains("不是自评报告")
                        || reason.contains("不是自评表"),
                    "{}: skipped: {reason}",
                    f.file
                );
                imported += 1;
            }
        }
    }
    // Some damage is harmless (a shuffled zip, a flipped byte in a theme): the
    // mutants are not all failures, nor all imports.
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &batch.files {
        *reasons
            .entry(f.reason.as_deref().unwrap_or("导入"))
            .or_default() += 1;
    }
    eprintln!("{count} mutants: {reasons:#?}");
    assert!(
        imported > count / 10 && imported < count,
        "{imported} of {count} read"
    );

    let out = jixiao(dir.path(), &["check", "-q", "."]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn mutated_files_never_crash_and_are_all_accounted_for() {
    run_mutants(2026, 1_200);
}

#[test]
#[ignore = "20,000 mutants: cargo test --test all mutation -- --ignored"]
fn many_more_mutants() {
    for seed in 1..=10 {
        run_mutants(seed, 2_000);
    }
}
