//! Reading isolated in worker processes: a file whose reading hangs, aborts, runs
//! out of memory or overflows its stack fails alone, with a Chinese reason, and the
//! batch completes with every other file read.
//!
//! The ways a worker dies are simulated by the worker's test hook
//! (`JIXIAO_WORKER_FAULTS`, on copies of a sample form), so that the batch's side
//! is checked whatever the readers' own pre-scans refuse; real hostile files are
//! in tests/hostile_*.rs and tests/fuzz/.

use crate::common;

use common::root;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `samples/` plus four copies of a sample form that will make their worker die.
fn folder(dir: &Path) {
    for entry in std::fs::read_dir(root().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for name in ["挂起.xlsx", "中止.xlsx", "内存.xlsx", "栈溢出.xlsx"] {
        std::fs::copy(root().join("samples/000.xlsx"), dir.join(name)).unwrap();
    }
}

fn run(dir: &Path, extra: &[&str]) -> (std::process::ExitStatus, Value) {
    let json = dir.join("out.json");
    let mut args = vec!["build", "-q", "in", "-o", "out.xlsx", "--json", "out.json"];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(&args)
        .current_dir(dir)
        .env(
            "JIXIAO_WORKER_FAULTS",
            "hang:挂起.xlsx,abort:中止.xlsx,oom:内存.xlsx,overflow:栈溢出.xlsx",
        )
        .output()
        .unwrap();
    assert!(
        dir.join("out.xlsx").exists(),
        "no workbook: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    (out.status, doc)
}

fn file<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in files[]"))
}

#[test]
fn a_worker_that_dies_fails_its_file_and_the_batch_completes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    folder(&input);
    let (status, doc) = run(dir.path(), &["--file-timeout", "2", "--file-memory", "512"]);
    assert_eq!(status.code(), Some(0));
    // Every file accounted for: 12 of samples/ and the four.
    assert_eq!(doc["files"].as_array().unwrap().len(), 16);
    // The five departments of samples/ read, as without the four.
    assert_eq!(doc["district"]["departments"], 5);
    let expect = [
        ("挂起.xlsx", "读取超过 2 秒仍未完成", "超过 2 秒"),
        ("中止.xlsx", "异常退出", "SIGABRT"),
        ("内存.xlsx", "超出内存限制（512 MiB", "memory allocation"),
        ("栈溢出.xlsx", "异常退出", "overflowed its stack"),
    ];
    for (name, reason, detail) in expect {
        let f = file(&doc, name);
        assert_eq!(f["status"], "failed", "{name}");
        let r = f["reason"].as_str().unwrap();
        assert!(
            r.starts_with("文件结构异常") && r.contains(reason),
            "{name}: {r}"
        );
        let d = f["detail"].as_str().unwrap();
        assert!(d.contains(detail), "{name}: {d}");
        // Each is a finding of the batch, at the file.
        let findings: Vec<&Value> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["file"].as_str().unwrap().ends_with(name))
            .collect();
        assert_eq!(findings.len(), 1, "{name}");
        assert_eq!(findings[0]["rule"], "UNREADABLE");
        assert_eq!(findings[0]["severity"], "错误");
    }
}

#[test]
fn in_process_and_isolated_reading_give_the_same_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for entry in std::fs::read_dir(root().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    let (_, isolated) = run(dir.path(), &[]);
    let isolated_xlsx = std::fs::read(dir.path().join("out.xlsx")).unwrap();
    let (_, in_process) = run(dir.path(), &["--in-process"]);
    let in_process_xlsx = std::fs::read(dir.path().join("out.xlsx")).unwrap();
    assert_eq!(isolated, in_process);
    assert_eq!(isolated_xlsx, in_process_xlsx);
}

/// `jixiao layout` reads its one form as a worker does, alone under the same
/// limits: each way of dying ends in exit code 2, one Chinese line naming the file
/// and the limit, and no draft written; a form that reads well still gives its
/// draft (the first run, without faults).
#[test]
fn layout_reads_its_form_alone_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let layout = |name: &str| {
        std::fs::copy(root().join("samples/000.xlsx"), dir.path().join(name)).unwrap();
        Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["layout", name, "-o", "草稿.toml"])
            .args(["--file-timeout", "2", "--file-memory", "512"])
            .current_dir(dir.path())
            .env(
                "JIXIAO_WORKER_FAULTS",
                "hang:挂起.xlsx,abort:中止.xlsx,oom:内存.xlsx,overflow:栈溢出.xlsx",
            )
            .output()
            .unwrap()
    };
    let good = layout("某局.xlsx");
    assert_eq!(good.status.code(), Some(0));
    let said = String::from_utf8_lossy(&good.stdout);
    assert!(said.starts_with("已起草版式：草稿.toml"), "{said}");
    std::fs::remove_file(dir.path().join("草稿.toml")).unwrap();

    let expect = [
        (
            "挂起.xlsx",
            "读取超过 2 秒仍未完成，已停止读取（时间限制 --file-timeout）",
        ),
        (
            "中止.xlsx",
            "读取程序异常退出，已停止读取（进程退出：信号 6 SIGABRT）",
        ),
        ("内存.xlsx", "超出内存限制（512 MiB，--file-memory）"),
        ("栈溢出.xlsx", "overflowed its stack"),
    ];
    for (name, reason) in expect {
        let out = layout(name);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.starts_with(&format!("错误：无法起草 {name} 的版式：文件结构异常，")),
            "{name}: {err}"
        );
        assert!(err.contains(reason), "{name}: {err}");
        assert!(!dir.path().join("草稿.toml").exists(), "{name}");
    }
}
