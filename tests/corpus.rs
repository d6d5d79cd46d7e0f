//! The real-world spreadsheets of `../shared/corpus/` (a public test suite's files,
//! not forms) as one batch: every file accounted for in `文件清单`/JSON, no panic,
//! and every reason in plain Chinese. Skipped, with a message, where the folder is
//! absent (it lives beside the project, not in it).

use crate::common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Runs of Latin letters that are English words: file extensions (after a dot),
/// product and format names are not.
fn english_words(reason: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "Excel", "WPS", "Word", "ODS", "PDF", "UTF", "GBK", "GB", "ANSI", "zip", "VS", "Code",
        "jixiao", "JSON", "OLE", "BOM",
    ];
    let mut out = Vec::new();
    let mut word = String::new();
    let mut after_dot = false;
    for c in reason.chars().chain([' ']) {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if word.len() >= 2 && !after_dot && !NAMES.contains(&word.as_str()) {
            out.push(word.clone());
        }
        word.clear();
        after_dot = c == '.';
    }
    out
}

#[test]
fn english_words_are_found_and_names_are_not() {
    assert_eq!(
        english_words("请在 Excel 或 WPS 中另存为 .xlsx"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_words("无法打开（Xlsx error: File not found）"),
        ["Xlsx", "error", "File", "not", "found"]
    );
}

#[test]
fn the_public_corpus_is_accounted_for_in_chinese() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        // Straight to stderr, past the test harness's capture: seen in `cargo test`.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "跳过：没有 ../shared/corpus（公开测试表格），本测试不运行"
        );
        return;
    }
    let mut inputs = Vec::new();
    files_under(&corpus, &mut inputs);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("c.json");
    let out = jixiao(
        dir.path(),
        &[
            "build",
            corpus.to_str().unwrap(),
            "-q",
            "-o",
            dir.path().join("c.xlsx").to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let doc = read_json(&json);
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), inputs.len(), "every file is listed once");
    let mut reasons: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in files {
        let status = f["status"].as_str().unwrap();
        if status == "imported" {
            continue;
        }
        let reason = f["reason"]
            .as_str()
            .unwrap_or_else(|| panic!("{f} has no reason"));
        assert!(!reason.contains('\n'), "one line: {reason}");
        let words = english_words(reason);
        assert!(words.is_empty(), "{}: {reason} ({words:?})", f["file"]);
        // Numbers vary between files; the tally counts kinds of reason.
        let kind: String = reason
            .chars()
            .map(|c| if c.is_ascii_digit() { 'N' } else { c })
            .collect();
        *reasons.entry((status.to_string(), kind)).or_default() += 1;
    }
    let mut tally: Vec<_> = reasons.into_iter().collect();
    tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((status, reason), n) in tally {
        eprintln!("{n:>4}  {status}  {reason}");
    }
}
