//! Seeded mutation test: the samples (forms and reports, .docx and .pdf) and the
//! reader fixtures, truncated, bit-flipped, overwritten, their zip parts shuffled,
//! dropped or corrupted, their XML broken, their numbers made absurd, and PDF syntax
//! (brackets, dictionaries, stream keywords) spliced into the PDFs. Every mutated file must end as imported or failed
//! with a reason (or skipped as a duplicate of another), the reader must never
//! panic, and the binary must exit 0 or 1.
//!
//! 1,200 files per `cargo test`; `cargo test --test mutation -- --ignored` runs
//! 20,000 with other seeds.

mod common;

use common::*;
use jixiao::model::FileStatus;
use std::path::{Path, PathBuf};

/// The files mutated: every sample and reader fixture, in every format, and the
/// Word and PDF report fixtures.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures/reader", "tests/fixtures/reports"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let ext = p.extension().map(|e| e.to_string_lossy().into_owned());
                let name = p.file_name().unwrap().to_string_lossy();
                matches!(
                    ext.as_deref(),
                    Some("xlsx" | "xls" | "xlsm" | "xlsb" | "ods")
                ) || name.contains("自评报告") && matches!(ext.as_deref(), Some("docx" | "pdf"))
            })
            .collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().unwrap().to_string_lossy().into_owned();
            out.push((ext, std::fs::read(&p).unwrap()));
        }
    }
    out
}

const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"</c>",
    b"<v>",
    b"</row>",
    b"]]>",
    b"&#0;",
    b"\xEF\xBF\xBF",
    b"\xFF\xFE",
    b"1e309",
    b"-",
    b"NaN",
    b"99999999999999999999999999999",
    b"r=\"XFD1048576\"",
    b"t=\"s\"",
    b"<v>4294967295</v>",
];

const NUMBERS: &[&[u8]] = &[
    b"1e309",
    b"-1e309",
    b"NaN",
    b"inf",
    b"",
    b"-0",
    b"99999999999999999999999999999999",
    b"0.000000000000000000000000000001",
    b"4294967296",
    b"-7.9e28",
    b"12,345.6",
    b"\xE5\x8D\x81",
];

/// Byte-level damage to any file.
fn damage_bytes(rng: &mut fastrand::Rng, mut b: Vec<u8>) -> (Vec<u8>, &'static str) {
    if b.is_empty() {
        return (b, "empty");
    }
    match rng.u8(0..3) {
        0 => {
            b.truncate(rng.usize(0..b.len()));
            (b, "truncate")
        }
        1 => {
            for _ in 0..rng.usize(1..=16) {
                let i = rng.usize(0..b.len());
                b[i] ^= rng.u8(1..=255);
            }
            (b, "flip")
        }
        _ => {
            let at = rng.usize(0..b.len());
            let end = (at + rng.usize(1..=256)).min(b.len());
            for x in &mut b[at..end] {
                *x = rng.u8(..);
            }
            (b, "splat")
        }
    }
}

/// Damage inside a part's text (XML) or bytes (xlsb records).
fn damage_part(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let at = rng.usize(0..data.len());
    match rng.u8(0..5) {
        0 => {
            let end = (at + rng.usize(1..=64)).min(data.len());
            data.drain(at..end);
        }
        1 => {
            let end = (at + rng.usize(1..=64)).min(data.len());
            let span = data[at..end].to_vec();
            data.splice(at..at, span);
        }
        2 => {
            let t = TOKENS[rng.usize(0..TOKENS.len())];
            data.splice(at..at, t.iter().copied());
        }
        3 => absurd_number(rng, data),
        _ => {
            for _ in 0..rng.usize(1..=8) {
                let i = rng.usize(0..data.len());
                data[i] ^= rng.u8(1..=255);
            }
        }
    }
}

/// An absurd number in one value element (`<v>…</v>`, or an ODS `office:value`),
/// or a flipped byte if there is none.
fn absurd_number(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    let mut values: Vec<usize> = Vec::new();
    for pattern in [&b"<v>"[..], b"office:value=\""] {
        values.extend(
            data.windows(pattern.len())
                .enumerate()
                .filter(|(_, w)| *w == pattern)
                .map(|(i, _)| i + pattern.len()),
        );
    }
    if values.is_empty() {
        if data.is_empty() {
            return;
        }
        let i = rng.usize(0..data.len());
        data[i] ^= rng.u8(1..=255);
        return;
    }
    let start = values[rng.usize(0..values.len())];
    let end = data[start..]
        .iter()
        .position(|&c| c == b'<' || c == b'"')
        .map_or(data.len(), |p| start + p);
    let n = NUMBERS[rng.usize(0..NUMBERS.len())];
    data.splice(start..end, n.iter().copied());
}

/// Damage to a zip container that keeps it a valid zip: parts shuffled, one part
/// dropped, or one part's content damaged.
fn damage_zip(rng: &mut fastrand::Rng, bytes: &[u8]) -> (Vec<u8>, &'static str) {
    let mut parts = unzip(bytes);
    let what = match rng.u8(0..6) {
        0 => {
            rng.shuffle(&mut parts);
            "shuffle"
        }
        1 => {
            parts.remove(rng.usize(0..parts.len()));
            "drop-part"
        }
        _ => {
            // Mostly the parts that hold the form: sheets and shared strings.
            let weighty: Vec<usize> = (0..parts.len())
                .filter(|&i| {
                    let n = &parts[i].0;
                    n.contains("sheet")
                        || n.contains("content")
                        || n.contains("String")
                        || n.contains("document")
                })
                .collect();
            let i = if weighty.is_empty() || rng.u8(0..4) == 0 {
                rng.usize(0..parts.len())
            } else {
                weighty[rng.usize(0..weighty.len())]
            };
            if rng.bool() {
                for _ in 0..rng.usize(1..=3) {
                    damage_part(rng, &mut parts[i].1);
                }
                "part"
            } else {
                for _ in 0..rng.usize(1..=5) {
                    absurd_number(rng, &mut parts[i].1);
                }
                "numbers"
            }
        }
    };
    (zip(&parts), what)
}

/// PDF syntax spliced into a PDF: brackets and dictionaries opened (deeply, now and
/// then), strings, references and stream keywords where they do not belong.
fn damage_pdf(rng: &mut fastrand::Rng, mut b: Vec<u8>) -> (Vec<u8>, &'static str) {
    const SYNTAX: &[&[u8]] = &[
        b"[",
        b"<<",
        b"(",
        b" 0 R ",
        b"stream\n",
        b"endstream",
        b"endobj",
        b"/Form",
        b"/FlateDecode",
        b"/Do",
        b"%%EOF",
        b"99999999999 0 obj",
    ];
    for _ in 0..rng.usize(1..=4) {
        let at = rng.usize(0..=b.len());
        let token = SYNTAX[rng.usize(0..SYNTAX.len())];
        let times = if rng.u8(0..8) == 0 {
            rng.usize(50..5_000)
        } else {
            1
        };
        let insert: Vec<u8> = token.repeat(times);
        b.splice(at..at, insert);
    }
    (b, "pdf-syntax")
}

/// Write `count` mutants of the seeds into `dir`.
fn write_mutants(dir: &Path, seed: u64, count: usize) {
    let seeds = seeds();
    let mut rng = fastrand::Rng::with_seed(seed);
    for i in 0..count {
        let (ext, bytes) = &seeds[i % seeds.len()];
        let is_zip = bytes.starts_with(b"PK\x03\x04");
        let (data, what) = if is_zip && rng.bool() {
            damage_zip(&mut rng, bytes)
        } else if ext == "pdf" && rng.bool() {
            damage_pdf(&mut rng, bytes.clone())
        } else {
            damage_bytes(&mut rng, bytes.clone())
        };
        std::fs::write(dir.join(format!("{i:05}-{what}.{ext}")), data).unwrap();
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
            // (of another content, or harmless damage: the same content), or a
            // report whose heading the damage took (no longer a 自评报告).
            FileStatus::Skipped => {
                assert!(
                    reason.contains("已被取代")
                        || reason.contains("内容相同")
                        || reason.contains("不是自评报告"),
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
#[ignore = "20,000 mutants: cargo test --test mutation -- --ignored"]
fn many_more_mutants() {
    for seed in 1..=10 {
        run_mutants(seed, 2_000);
    }
}
