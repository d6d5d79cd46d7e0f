//! One batch of `samples/` plus every hostile reproducer of `tests/fixtures/hostile/`
//! (made by `make_hostile_pdfs.py` and `make_hostile_inputs.py`), read under a
//! 6 GiB address-space limit as a small office machine might impose: the batch
//! completes, the workbook and JSON are written, every file is accounted for, and
//! the five departments of `samples/` are read as without the hostile files.

use crate::common;

use common::root;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Copy every file under `from` into `to`, keeping the relative paths.
fn copy_tree(from: &Path, to: &Path, copied: &mut Vec<String>) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target, copied);
        } else if path.extension().is_none_or(|e| e != "py") {
            std::fs::copy(&path, &target).unwrap();
            copied.push(target.to_string_lossy().into_owned());
        }
    }
}

#[cfg(unix)]
#[test]
fn samples_and_every_hostile_file_under_a_6_gib_address_space() {
    let hostile = root().join("tests/fixtures/hostile");
    if !hostile.is_dir() {
        panic!("tests/fixtures/hostile/ is missing");
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut copied = Vec::new();
    std::fs::create_dir_all(input.join("samples")).unwrap();
    copy_tree(&root().join("samples"), &input.join("samples"), &mut copied);
    let samples = copied.len();
    std::fs::create_dir_all(input.join("hostile")).unwrap();
    copy_tree(&hostile, &input.join("hostile"), &mut copied);
    assert!(copied.len() > samples, "no hostile files");

    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 6291456 && exec '{}' build -q in -o out.xlsx --json out.json",
            env!("CARGO_BIN_EXE_jixiao")
        ))
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A watchdog, not a timing assert: a batch that hangs is killed and fails.
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(900) {
            let _ = child.kill();
            panic!("the batch did not end in 15 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!(
        "{} files ({} hostile) in {:.1} s",
        copied.len(),
        copied.len() - samples,
        started.elapsed().as_secs_f64()
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(dir.path().join("out.xlsx").is_file());
    let doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    let files = doc["files"].as_array().unwrap();
    // Every input file once in files[] (a zip's entries are listed inside it, so a
    // hostile zip counts as its entries or as itself when refused).
    for path in &copied {
        let rel = Path::new(path).strip_prefix(dir.path()).unwrap();
        let rel = rel.to_string_lossy();
        assert!(
            files
                .iter()
                .any(|f| f["file"].as_str().unwrap().starts_with(rel.as_ref())),
            "{rel} not in files[]"
        );
    }
    for f in files {
        let name = f["file"].as_str().unwrap();
        if !name.starts_with("in/hostile/") {
            continue;
        }
        let status = f["status"].as_str().unwrap();
        if status == "imported" {
            continue;
        }
        let reason = f["reason"].as_str().unwrap_or("");
        assert!(
            reason
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name}: {status} without a Chinese reason: {reason}"
        );
    }
    assert_eq!(doc["district"]["departments"], 5);
    // The five sample departments, each counted once: a hostile archive may hold
    // an identical copy of a sample, which then counts in its place (DUP-DEPT on
    // identical content keeps the first by path).
    let mut names: Vec<&str> = doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室",
            "中国人民政治协商会议广州市南沙区委员会办公室",
            "广州市南沙区人民政府办公室",
            "广州市海珠区科技工业商务和信息化局",
            "广州开发区穗港智造合作区管理委员会",
        ]
    );
}
