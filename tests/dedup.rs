//! DUP-DEPT (one department in several files) on real files: the same content in
//! two files is a plain duplicate (the first by name counts); otherwise 填报日期,
//! then the modification time to the second, then the file name decide; each
//! note is one short sentence.
//!
//! `tests/fixtures/dedup/000.xls` is `samples/000.xlsx` saved as `.xls` by
//! LibreOffice (`soffice --headless --convert-to xls samples/000.xlsx`).

use crate::common;

use common::*;
use jixiao::model::*;
use jixiao::scheme::Scheme;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// 2024-11-24 16:00 Beijing time, seconds since the epoch.
const T: u64 = 1_732_435_200;

/// Write sample 001 in the canonical layout, with `mutate` applied, to `dir/file`.
fn fixture(dir: &Path, file: &str, mutate: impl FnOnce(&mut Form)) -> PathBuf {
    let bytes = std::fs::read(root().join("samples/001.xlsx")).unwrap();
    let mut form = jixiao::read::read_form("001.xlsx", &bytes, &Scheme::builtin()).unwrap();
    mutate(&mut form);
    let bytes = jixiao::write::form::canonical_bytes(&form, &Scheme::builtin()).unwrap();
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Copy `from` (relative to the repository) to `dir/file`.
fn copy(from: &str, dir: &Path, file: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(root().join(from), &path).unwrap();
    path
}

fn set_date(f: &mut Form, date: &str) {
    f.filler.date = Some(Located {
        value: date.to_string(),
        at: CellPos::new(0, 0),
    });
}

/// A different 自评总分: another content, everything else alike.
fn other_total(f: &mut Form) {
    f.self_total = Some(Located {
        value: "90".parse().unwrap(),
        at: CellPos::new(0, 0),
    });
}

/// Set a file's modification time (seconds since the epoch).
fn touch(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .unwrap();
}

/// `jixiao check` over `inputs` in `dir`; the JSON document.
fn check(dir: &Path, inputs: &[&str]) -> Value {
    let json = dir.join("check.json");
    let mut args = vec!["check", "-q", "--json", json.to_str().unwrap()];
    args.extend_from_slice(inputs);
    jixiao(dir, &args);
    read_json(&json)
}

/// Every DUP-DEPT note, by file, sorted by file. Each is one line, its own words
/// (the file names taken out) under 60 characters, and it points at 部门名称.
fn notes(doc: &Value) -> Vec<(String, String)> {
    let files: Vec<String> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    let mut notes: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DUP-DEPT")
        .map(|f| {
            assert_eq!(f["severity"], "警告");
            assert_eq!(f["cell"], "自评表!B4", "{f}");
            let note = f["message"].as_str().unwrap().to_string();
            let words = files
                .iter()
                .fold(note.clone(), |n, file| n.replace(file, ""));
            assert!(words.chars().count() < 60, "too long: {note}");
            assert!(!note.contains('\n'), "{note}");
            (f["file"].as_str().unwrap().to_string(), note)
        })
        .collect();
    notes.sort();
    notes
}

/// The file counted for the one department of the batch.
fn counted(doc: &Value) -> &str {
    let departments = doc["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 1, "one department");
    departments[0]["source"]["file"].as_str().unwrap()
}

/// (status, reason) of a file in the file list.
fn status<'a>(doc: &'a Value, file: &str) -> (&'a str, &'a str) {
    let f = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == file)
        .unwrap_or_else(|| panic!("{file} not listed"));
    (
        f["status"].as_str().unwrap(),
        f["reason"].as_str().unwrap_or(""),
    )
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_same_form_as_xls_and_xlsx_is_a_plain_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let xls = copy("tests/fixtures/dedup/000.xls", dir.path(), "报送/某局.xls");
    let xlsx = copy("samples/000.xlsx", dir.path(), "报送/某局.xlsx");
    // Whichever was saved later, the first by name counts: there is no choice.
    for (xls_time, xlsx_time) in [(T, T + 180), (T + 180, T), (T, T)] {
        touch(&xls, xls_time);
        touch(&xlsx, xlsx_time);
        let doc = check(dir.path(), &["报送"]);
        assert_eq!(
            notes(&doc),
            pairs(&[
                ("报送/某局.xls", "与 报送/某局.xlsx 内容相同，只计本文件"),
                (
                    "报送/某局.xlsx",
                    "与 报送/某局.xls 内容相同，只计一次，本文件不计入"
                ),
            ])
        );
        assert_eq!(counted(&doc), "报送/某局.xls");
        assert_eq!(status(&doc, "报送/某局.xls"), ("imported", ""));
        assert_eq!(
            status(&doc, "报送/某局.xlsx"),
            ("skipped", "与 报送/某局.xls 内容相同，只计一次")
        );
    }
}

#[test]
fn a_byte_identical_copy_is_a_plain_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let first = copy("samples/001.xlsx", dir.path(), "报送/某局.xlsx");
    let again = copy("samples/001.xlsx", dir.path(), "重报/某局.xlsx");
    touch(&first, T);
    touch(&again, T + 1);
    let doc = check(dir.path(), &["报送", "重报"]);
    assert_eq!(
        notes(&doc),
        pairs(&[
            ("报送/某局.xlsx", "与 重报/某局.xlsx 内容相同，只计本文件"),
            (
                "重报/某局.xlsx",
                "与 报送/某局.xlsx 内容相同，只计一次，本文件不计入"
            ),
        ])
    );
    assert_eq!(counted(&doc), "报送/某局.xlsx");
}

#[test]
fn copies_count_once_against_a_different_version() {
    // 报送 holds a form and its copy, 重报 a corrected form saved a minute later
    // (报送's form has no full 填报日期, so the times decide).
    let dir = tempfile::tempdir().unwrap();
    let first = fixture(dir.path(), "报送/某局.xlsx", |_| {});
    let copied = dir.path().join("报送/某局 - 副本.xlsx");
    std::fs::copy(&first, &copied).unwrap();
    let newer = fixture(dir.path(), "重报/某局.xlsx", |f| {
        set_date(f, "2024-05-20")
    });
    touch(&first, T);
    touch(&copied, T);
    touch(&newer, T + 60);
    let doc = check(dir.path(), &["报送", "重报"]);
    // The copy whose name sorts first (a space sorts before the dot) stands for both.
    assert_eq!(
        notes(&doc),
        pairs(&[
            (
                "报送/某局 - 副本.xlsx",
                "另有 重报/某局.xlsx 较新（修改时间晚 1 分钟），本文件不计入"
            ),
            (
                "报送/某局.xlsx",
                "与 报送/某局 - 副本.xlsx 内容相同，以 重报/某局.xlsx 为准，本文件不计入"
            ),
            (
                "重报/某局.xlsx",
                "以本文件为准：修改时间比 报送/某局 - 副本.xlsx 晚 1 分钟"
            ),
        ])
    );
    assert_eq!(counted(&doc), "重报/某局.xlsx");
    for file in ["报送/某局.xlsx", "报送/某局 - 副本.xlsx"] {
        assert_eq!(
            status(&doc, file),
            (
                "skipped",
                "与 重报/某局.xlsx 为同一部门，以较新的为准（已被取代）"
            )
        );
    }
}

#[test]
fn the_later_date_decides_before_times_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let new = fixture(dir.path(), "报送/a_新.xlsx", |f| {
        set_date(f, "2024-05-20")
    });
    let old = fixture(dir.path(), "报送/b_旧.xlsx", |f| {
        set_date(f, "2024-03-01");
        other_total(f);
    });
    // The older form was saved later and its name sorts later: the date decides.
    touch(&new, T);
    touch(&old, T + 3600);
    let doc = check(dir.path(), &["报送"]);
    assert_eq!(
        notes(&doc),
        pairs(&[
            (
                "报送/a_新.xlsx",
                "以本文件为准：填报日期较晚（2024-05-20，报送/b_旧.xlsx 为 2024-03-01）"
            ),
            (
                "报送/b_旧.xlsx",
                "另有 报送/a_新.xlsx 填报日期较晚（2024-05-20，本文件 2024-03-01），本文件不计入"
            ),
        ])
    );
    assert_eq!(counted(&doc), "报送/a_新.xlsx");
    assert_eq!(
        status(&doc, "报送/b_旧.xlsx"),
        (
            "skipped",
            "与 报送/a_新.xlsx 为同一部门，以较新的为准（已被取代）"
        )
    );
}

#[test]
fn modification_times_a_second_apart_decide() {
    // No full 填报日期 on either (the sample's reads “2024 年 5 月 日”); 旧 (U+65E7)
    // sorts after 新 (U+65B0), so the name alone would keep （旧版）.
    let dir = tempfile::tempdir().unwrap();
    let new = fixture(dir.path(), "报送/某局（新版）.xlsx", |_| {});
    let old = fixture(dir.path(), "报送/某局（旧版）.xlsx", other_total);
    touch(&new, T + 1);
    touch(&old, T);
    let doc = check(dir.path(), &["报送"]);
    assert_eq!(
        notes(&doc),
        pairs(&[
            (
                "报送/某局（新版）.xlsx",
                "以本文件为准：修改时间比 报送/某局（旧版）.xlsx 晚 1 秒"
            ),
            (
                "报送/某局（旧版）.xlsx",
                "另有 报送/某局（新版）.xlsx 较新（修改时间晚 1 秒），本文件不计入"
            ),
        ])
    );
    assert_eq!(counted(&doc), "报送/某局（新版）.xlsx");

    // Saved three minutes later, （旧版） counts.
    touch(&old, T + 181);
    let doc = check(dir.path(), &["报送"]);
    assert_eq!(counted(&doc), "报送/某局（旧版）.xlsx");
    assert_eq!(
        notes(&doc)[1].1,
        "以本文件为准：修改时间比 报送/某局（新版）.xlsx 晚 3 分钟"
    );
}

#[test]
fn equal_dates_and_times_leave_the_later_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = fixture(dir.path(), "报送/某局（新版）.xlsx", |f| {
        set_date(f, "2024-05-20")
    });
    let b = fixture(dir.path(), "报送/某局（旧版）.xlsx", |f| {
        set_date(f, "2024-05-20");
        other_total(f);
    });
    touch(&a, T);
    touch(&b, T);
    let doc = check(dir.path(), &["报送"]);
    assert_eq!(
        notes(&doc),
        pairs(&[
            (
                "报送/某局（新版）.xlsx",
                "另有 报送/某局（旧版）.xlsx，填报日期相同、修改时间同一秒，按文件名以其为准，本文件不计入"
            ),
            (
                "报送/某局（旧版）.xlsx",
                "以本文件为准：与 报送/某局（新版）.xlsx 填报日期相同、修改时间同一秒，按文件名取排在后面的"
            ),
        ])
    );
    assert_eq!(counted(&doc), "报送/某局（旧版）.xlsx");
}

#[test]
fn the_content_digest_leaves_out_files_sheets_layouts_and_cells() {
    let read = |path: &str| {
        let bytes = std::fs::read(root().join(path)).unwrap();
        jixiao::read::read_form(path, &bytes, &Scheme::builtin()).unwrap()
    };
    let digest = |f: &Form| jixiao::batch::dedup::content_digest(f, &f.findings).unwrap();
    // One form, made as .xls under another name label and as .ods three rows down
    // and two columns right: other files, other cells, the same content.
    let xls = read("tests/fixtures/reader/13_旧格式.xls");
    let ods = read("tests/fixtures/reader/14_开放格式.ods");
    assert_ne!(xls.file, ods.file);
    assert_ne!(xls.name_at, ods.name_at);
    assert_eq!(digest(&xls), digest(&ods));
    assert_eq!(digest(&xls).len(), 64);
    // Any figure or text read makes another content.
    let mut changed = xls.clone();
    changed.text.problems = Some(Located {
        value: "无".to_string(),
        at: CellPos::new(0, 0),
    });
    assert_ne!(digest(&changed), digest(&xls));
    let mut changed = xls.clone();
    other_total(&mut changed);
    assert_ne!(digest(&changed), digest(&xls));
    // The sheet's name and the layout are not content.
    let mut renamed = xls.clone();
    renamed.sheet = "Sheet1".to_string();
    renamed.layout = "other".to_string();
    assert_eq!(digest(&renamed), digest(&xls));
}
