//! Hostile inputs and output safety: zip bombs and oversized sheets are refused
//! in bounded memory, outputs are atomic (a failure, a panic or Ctrl-C leaves the
//! previous output and no partial file), I/O errors exit 2, and text from a
//! submission never becomes a live formula.

use crate::common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

/// Run `jixiao` under a 3 GiB address-space limit where the shell allows it, so that
/// a file that made the reader allocate without bound fails the test instead of
/// the machine.
fn jixiao_bounded(cwd: &Path, args: &[&str]) -> Output {
    if cfg!(unix) {
        Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 3145728 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("run jixiao")
    } else {
        jixiao(cwd, args)
    }
}

fn file<'a>(doc: &'a Value, suffix: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("no file {suffix}"))
}

fn reason(doc: &Value, suffix: &str) -> String {
    let f = file(doc, suffix);
    assert_eq!(f["status"], "failed", "{suffix}: {f}");
    f["reason"].as_str().unwrap().to_string()
}

/// Each fixture of `tests/fixtures/hardening` (see its generator for what each one
/// is) ends as `failed` with the right reason, in bounded memory, and the batch goes
/// on: the form with a far stray cell is read as if the cell were not there.
#[test]
fn bombs_and_oversized_sheets_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let fixtures = root().join("tests/fixtures/hardening");
    let out = jixiao_bounded(
        dir.path(),
        &[
            "check",
            "-q",
            fixtures.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = read_json(&json);
    assert!(reason(&doc, "/bomb.xlsx").contains("压缩炸弹"));
    assert!(reason(&doc, "/bomb-lying.xlsx").contains("大于其声明的大小"));
    assert!(reason(&doc, "/repeat-bomb.ods").contains("范围过大"));
    assert!(reason(&doc, "/far-cell.xls").contains("范围过大"));
    assert!(reason(&doc, "/huge-dimensions.xls").contains("范围过大"));
    assert!(reason(&doc, "/huge-dim-only.xlsx").contains("未找到自评表"));
    assert_eq!(file(&doc, "/huge-dim.xlsx")["status"], "imported");

    // The far cell changes nothing: same department as samples/000.xlsx.
    let sample = dir.path().join("sample.json");
    let out = jixiao(
        dir.path(),
        &[
            "check",
            "-q",
            root().join("samples/000.xlsx").to_str().unwrap(),
            "--json",
            sample.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let mut a = read_json(&sample)["departments"][0].clone();
    let mut b = doc["departments"][0].clone();
    for d in [&mut a, &mut b] {
        d["source"] = Value::Null;
        d["findings"] = Value::Null;
    }
    assert_eq!(a, b);
}

/// `--max-file-mib` refuses larger files before reading them.
#[test]
fn files_over_the_size_limit_fail_with_the_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let out = jixiao(
        &root(),
        &[
            "check",
            "-q",
            "samples",
            "--max-file-mib",
            "0",
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = read_json(&json);
    assert_eq!(doc["departments"].as_array().unwrap().len(), 0);
    let r = reason(&doc, "000.xlsx");
    assert!(
        r.starts_with("文件过大（") && r.contains("上限 0 KB"),
        "{r}"
    );
}

/// A write that fails or panics half-way leaves the previous output untouched and
/// no temporary file.
#[test]
fn a_failed_or_panicking_write_leaves_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("汇总表.xlsx");
    std::fs::write(&target, b"previous").unwrap();
    let result = jixiao::write::write_with(&target, |f| {
        f.write_all(b"half of a workbook")?;
        Err(std::io::Error::other("模拟写入中途失败"))
    });
    assert!(result.is_err());
    let panicked = std::panic::catch_unwind(|| {
        jixiao::write::write_with(&target, |f| {
            f.write_all(b"half of a workbook")?;
            panic!("模拟写入中途崩溃");
        })
    });
    assert!(panicked.is_err());
    assert_eq!(std::fs::read(&target).unwrap(), b"previous");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["汇总表.xlsx"]);

    jixiao::write::write_atomic(&target, b"new").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
}

/// Ctrl-C during a run: exit code 130, the previous workbook as it was, no JSON
/// (there was none before), no temporary file.
#[cfg(unix)]
#[test]
fn ctrl_c_leaves_the_previous_output_and_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    std::fs::create_dir(&input).unwrap();
    for i in 0..400 {
        let src = root().join(format!("samples/00{}.xlsx", i % 5));
        std::fs::copy(src, input.join(format!("{i:03}.xlsx"))).unwrap();
    }
    let out_dir = dir.path().join("输出");
    std::fs::create_dir(&out_dir).unwrap();
    let workbook = out_dir.join("汇总表.xlsx");
    std::fs::write(&workbook, b"previous").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["build", "-q", "报送", "-o", "输出/汇总表.xlsx", "--json"])
        .arg("输出/汇总.json")
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    let temporaries = || {
        std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .count()
    };
    // The temporaries are opened before the batch is read; interrupt while they exist.
    let started = std::time::Instant::now();
    while temporaries() == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before Ctrl-C"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // The shell's own `kill`: no dependence on a kill binary being installed.
    let kill = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -INT {}", child.id()))
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(std::fs::read(&workbook).unwrap(), b"previous");
    assert!(!out_dir.join("汇总.json").exists());
    assert_eq!(temporaries(), 0);
}

/// Exit code 2 with a Chinese reason and nothing written: an output folder that
/// cannot exist, a folder without spreadsheets, an output over a named input.
#[test]
fn io_errors_exit_2_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("说明.txt"), "不是表格").unwrap();
    let samples = root().join("samples");
    let samples = samples.to_str().unwrap();

    let out = jixiao(
        dir.path(),
        &["build", samples, "-o", "说明.txt/汇总表.xlsx"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("无法写入输出文件")
            && err.contains("路径中的某一级不是文件夹，请换一个输出路径")
            && !err.contains("os error")
            && !err.contains("Excel"),
        "{err}"
    );

    let out = jixiao(dir.path(), &["build", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("既不是电子表格"));

    let copy = dir.path().join("某局.xlsx");
    std::fs::copy(root().join("samples/000.xlsx"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let out = jixiao(dir.path(), &["build", "某局.xlsx", "-o", "某局.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是输入文件之一"));
    assert_eq!(std::fs::read(&copy).unwrap(), before);

    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["某局.xlsx", "说明.txt"]);
}

/// Building into the input folder twice: the second run skips the first run's
/// workbook (it is not a department) and replaces it.
#[test]
fn a_previous_summary_in_the_input_folder_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        let name = format!("00{i}.xlsx");
        std::fs::copy(root().join("samples").join(&name), dir.path().join(&name)).unwrap();
    }
    build(dir.path(), &[".", "-o", "汇总表.xlsx"]);
    build(
        dir.path(),
        &[".", "-o", "汇总表.xlsx", "--json", "汇总.json"],
    );
    let doc = read_json(&dir.path().join("汇总.json"));
    assert_eq!(doc["departments"].as_array().unwrap().len(), 5);
    let f = file(&doc, "汇总表.xlsx");
    assert_eq!(f["status"], "skipped");
    assert_eq!(f["reason"], "jixiao 生成的汇总表，不是报送的自评表");
}

const NAME: &str = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";

/// Every formula of every sheet of a workbook.
fn formulas(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut all = Vec::new();
    for name in wb.sheet_names() {
        let f = wb.worksheet_formula(&name).unwrap();
        all.extend(f.used_cells().map(|(_, _, s)| s.clone()));
    }
    all
}

/// A department name that looks like a formula, with control characters: a string
/// cell in the workbook (control characters stripped), never a formula; in CSV it is
/// neutralised with a leading `'`; JSON keeps the text as read.
#[test]
fn formula_like_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let evil = r#"=HYPERLINK("http://x.invalid","点我")"#;
    let bytes = std::fs::read(root().join("samples/000.xlsx")).unwrap();
    let edited = edit_part(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replace(
            NAME,
            &format!("{}_x0001_南沙_x0007_", evil.replace('"', "&quot;")),
        )
    });
    std::fs::write(dir.path().join("a.xlsx"), edited).unwrap();
    build(
        dir.path(),
        &[
            "a.xlsx", "-o", "out.xlsx", "--json", "out.json", "--csv", "csv",
        ],
    );
    let doc = read_json(&dir.path().join("out.json"));
    let name = doc["departments"][0]["name"].as_str().unwrap();
    assert_eq!(name, format!("{evil}\u{1}南沙\u{7}"));

    let mut wb: Xlsx<_> = calamine::open_workbook(dir.path().join("out.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总表").unwrap();
    let clean = format!("{evil}南沙");
    assert!(
        summary
            .used_cells()
            .any(|(_, _, v)| *v == Data::String(clean.clone())),
        "name not a string cell"
    );
    let all = formulas(&dir.path().join("out.xlsx"));
    assert!(!all.is_empty(), "the workbook has its own formulas");
    assert!(all.iter().all(|f| !f.contains("HYPERLINK")), "{all:?}");

    let csv = std::fs::read_to_string(dir.path().join("csv/汇总表.csv")).unwrap();
    assert!(
        csv.contains(&format!("'{}", evil.replace('"', "\"\""))),
        "{csv}"
    );
}

/// A department name longer than an Excel cell holds: the build still succeeds, the
/// cell is cut to 32,767 characters and says so, JSON keeps the whole name.
#[test]
fn text_longer_than_a_cell_is_cut_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let long = "局".repeat(40_000);
    let bytes = std::fs::read(root().join("samples/000.xlsx")).unwrap();
    let edited = edit_part(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replace(NAME, &long)
    });
    std::fs::write(dir.path().join("a.xlsx"), edited).unwrap();
    build(
        dir.path(),
        &["a.xlsx", "-o", "out.xlsx", "--json", "out.json"],
    );
    let doc = read_json(&dir.path().join("out.json"));
    assert_eq!(doc["departments"][0]["name"].as_str().unwrap(), long);
    let mut wb: Xlsx<_> = calamine::open_workbook(dir.path().join("out.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总表").unwrap();
    let cut = summary
        .used_cells()
        .find_map(|(_, _, v)| match v {
            Data::String(s) if s.starts_with("局局局") => Some(s.clone()),
            _ => None,
        })
        .expect("the name cell");
    assert_eq!(cut.chars().count(), 32_767);
    assert!(cut.ends_with("…（已截断）"));
}
