//! `jixiao.toml` beside the inbox, and the dates of `--deadline`/`--review-date`,
//! through the real binary on a copy of `samples/`: the settings reach the
//! workbook, the findings and the converted forms; the command line wins over the
//! file; a malformed file stops the run before anything is read or written, naming
//! the file and the line.
//!
//! The samples' hand-checked facts used here: the workbook title is
//! `{区名}2023年度部门整体支出绩效自评汇总表`; 000.xlsx has two SUM-SANGONG
//! findings, off by 1.00 and 0.27 万元, which a money tolerance of 1 万元 hides.

use crate::common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use std::path::{Path, PathBuf};

/// A temporary folder with `报送/` a copy of `samples/` and `报送/jixiao.toml` holding
/// `settings` (none when empty).
fn inbox(settings: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("报送");
    std::fs::create_dir(&inbox).unwrap();
    for entry in std::fs::read_dir(root().join("samples")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), inbox.join(entry.file_name())).unwrap();
        }
    }
    if !settings.is_empty() {
        std::fs::write(inbox.join("jixiao.toml"), settings).unwrap();
    }
    (dir, inbox)
}

/// Every text cell of `sheet` in the workbook at `path`.
fn texts(path: &Path, sheet: &str) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// How often `needle` occurs in the texts.
fn occurrences(texts: &[String], needle: &str) -> usize {
    texts.iter().map(|t| t.matches(needle).count()).sum()
}

/// The rules of every finding in the JSON at `path`.
fn rules(path: &Path) -> Vec<String> {
    read_json(path)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The converted form of 000.xlsx in `forms`.
fn form_000(forms: &Path) -> PathBuf {
    forms.join("中共广州南沙经济技术开发区工作委员会政策研究和创新办公室.xlsx")
}

const SETTINGS: &str = "\
# 南沙区的设置
区名 = \"南沙区\"
联系人 = \"张三\"
电话 = \"020-12345678\"
截止日期 = \"12月5日\"

[容差]
金额 = 1
";

#[test]
fn the_settings_file_reaches_the_outputs() {
    let (dir, inbox) = inbox(SETTINGS);
    let d = dir.path();
    let out = jixiao(
        d,
        &[
            "build",
            "-q",
            "--in-process",
            "报送",
            "-o",
            "out.xlsx",
            "--json",
            "out.json",
            "--forms",
            "退回",
            "--review-date",
            "2026-11-30",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("设置文件：报送/jixiao.toml"), "{stderr}");
    // 区名 in the title.
    let summary = texts(&d.join("out.xlsx"), "汇总表");
    assert!(
        summary
            .iter()
            .any(|t| t.starts_with("南沙区2023年度部门整体支出绩效自评汇总表")),
        "{summary:?}"
    );
    // 容差.金额 = 1: 000's two SUM-SANGONG slips (1.00 and 0.27) are within it.
    let found = rules(&d.join("out.json"));
    assert!(!found.iter().any(|r| r == "SUM-SANGONG"), "{found:?}");
    assert!(found.iter().any(|r| r == "YEAR-MISMATCH"), "{found:?}");
    // The settings file is no input: neither listed nor skipped.
    let doc = read_json(&d.join("out.json"));
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 12);
    assert!(files
        .iter()
        .all(|f| f["status"] == "imported" && !f["file"].as_str().unwrap().contains("jixiao")));
    assert!(stderr.contains("失败 0，跳过 0"), "{stderr}");
    // 截止日期 12月5日 with 审核日期 2026-11-30: 2026年12月5日, printed once.
    let opinion = texts(&form_000(&d.join("退回")), "审核意见");
    assert_eq!(occurrences(&opinion, "2026年12月5日"), 1, "{opinion:?}");
    assert_eq!(occurrences(&opinion, "2026年11月30日"), 1, "{opinion:?}");
    assert!(inbox.join("jixiao.toml").exists());
}

#[test]
fn the_command_line_wins_over_the_file() {
    let (dir, _inbox) = inbox(SETTINGS);
    let d = dir.path();
    build(
        d,
        &[
            "--in-process",
            "报送",
            "-o",
            "out.xlsx",
            "--json",
            "out.json",
            "--forms",
            "退回",
            "--review-date",
            "2026年11月30日",
            "--district",
            "海珠区",
            "--tolerance-money",
            "0.01",
            "--deadline",
            "2026/12/20",
        ],
    );
    let summary = texts(&d.join("out.xlsx"), "汇总表");
    assert!(
        summary.iter().any(|t| t.starts_with("海珠区2023年度")),
        "{summary:?}"
    );
    assert!(!summary.iter().any(|t| t.contains("南沙区2023年度")));
    let found = rules(&d.join("out.json"));
    assert_eq!(
        found.iter().filter(|r| *r == "SUM-SANGONG").count(),
        2,
        "{found:?}"
    );
    let opinion = texts(&form_000(&d.join("退回")), "审核意见");
    assert_eq!(occurrences(&opinion, "2026年12月20日"), 1, "{opinion:?}");
    assert_eq!(occurrences(&opinion, "2026年12月5日"), 0, "{opinion:?}");
}

#[test]
fn check_and_its_worker_processes_use_the_file_too() {
    // Without --in-process: the worker processes read the file again.
    let (dir, _inbox) = inbox("[容差]\n金额 = 1\n");
    let out = jixiao(dir.path(), &["check", "-q", "报送"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains("SUM-SANGONG"), "{stdout}");
    assert!(stdout.contains("YEAR-MISMATCH"), "{stdout}");
    let out = jixiao(
        dir.path(),
        &["check", "-q", "报送", "--tolerance-money", "0.01"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("SUM-SANGONG").count(), 2, "{stdout}");
}

#[test]
fn a_malformed_file_stops_the_run_with_the_file_and_the_line() {
    for (settings, line, hint) in [
        (
            "区名 = “南沙区”\n",
            "第 1 行第 6 列有误：区名 = “南沙区”",
            "不能用中文引号",
        ),
        (
            "区名 = \"南沙区\"\n审核日期 = \"11月30日\"\n",
            "第 2 行",
            "不认识的名称 审核日期",
        ),
        (
            "区名 = \"南沙区\"\n\n电话 = 12345678\n",
            "第 3 行",
            "取值的类型不对",
        ),
        (
            "截止日期 = \"2月30日\"\n",
            "第 1 行第 8 列有误",
            "2月没有 30 日（只有 29 天），例如 2月29日",
        ),
        (
            "[容差]\n金额 = -0.01\n",
            "第 2 行第 6 列有误",
            "容差不能为负数",
        ),
        (
            "区名 = \"南沙区\"\n区名 = \"海珠区\"\n",
            "第 2 行",
            "同一个名称写了两次",
        ),
    ] {
        let (dir, _inbox) = inbox(settings);
        let d = dir.path();
        for command in ["build", "check"] {
            let out = jixiao(
                d,
                &[command, "-q", "--in-process", "报送", "--json", "out.json"],
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{settings}: {stderr}");
            assert!(
                stderr.starts_with("错误：设置文件 报送/jixiao.toml "),
                "{settings}: {stderr}"
            );
            assert!(stderr.contains(line), "{settings}: {stderr}");
            assert!(stderr.contains(hint), "{settings}: {stderr}");
            // Stopped before anything was read or written.
            assert!(!stderr.contains("完成"), "{stderr}");
            assert!(!d.join("out.json").exists());
        }
    }
}

/// The two wrong files README's section “设置文件 jixiao.toml” shows, and its
/// messages, exactly.
#[test]
fn the_readme_shows_what_a_wrong_file_gives() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (settings, message) in [
        (
            "区名 = \"南沙区\"\n联系人 = \"张三\"\n截止日期 = \"2月30日\"\n",
            "错误：设置文件 报送/jixiao.toml 第 3 行第 8 列有误：截止日期 = \"2月30日\"\n  \
             2月没有 30 日（只有 29 天），例如 2月29日\n",
        ),
        (
            "区名 = \"南沙区\"\n审核日期 = \"11月30日\"\n",
            "错误：设置文件 报送/jixiao.toml 格式错误，第 2 行第 1 列有误：审核日期 = \"11月30日\"\n  \
             不认识的名称 审核日期，请检查拼写（可参照 templates/ 中的示例文件）\n  \
             设置文件可用的名称：区名、财政局名称、联系人、电话、截止日期、方案、版式，以及 [容差] 中的 金额、比率、得分\n",
        ),
    ] {
        let (dir, _inbox) = inbox(settings);
        let out = jixiao(dir.path(), &["build", "-q", "--in-process", "报送"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr), message);
        // In README inside a list item: every line indented by two spaces.
        let shown: String = message.lines().map(|l| format!("  {l}\n")).collect();
        assert!(readme.contains(&shown), "README lacks:\n{shown}");
    }
}

#[test]
fn deadlines_are_dates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let samples = root().join("samples");
    let samples = samples.to_str().unwrap();
    // 12月5日 after 2026-11-30: this year's.
    build(
        d,
        &[
            "--in-process",
            samples,
            "-o",
            "out.xlsx",
            "--forms",
            "退回",
            "--deadline",
            "12月5日",
            "--review-date",
            "2026-11-30",
        ],
    );
    let opinion = texts(&form_000(&d.join("退回")), "审核意见");
    assert_eq!(occurrences(&opinion, "2026年12月5日"), 1, "{opinion:?}");
    // After 2026-12-06 it is next year's.
    build(
        d,
        &[
            "--in-process",
            samples,
            "-o",
            "out.xlsx",
            "--forms",
            "退回",
            "--deadline",
            "12月5日",
            "--review-date",
            "2026-12-06",
        ],
    );
    let opinion = texts(&form_000(&d.join("退回")), "审核意见");
    assert_eq!(occurrences(&opinion, "2027年12月5日"), 1, "{opinion:?}");
    assert_eq!(occurrences(&opinion, "2026年12月6日"), 1, "{opinion:?}");
    // Refused before anything is read, with an example.
    for (deadline, reason) in [
        (
            "2026-13-01",
            "没有 13 月：月份应为 1–12，例如 2026年12月5日",
        ),
        ("2月30日", "2月没有 30 日（只有 29 天），例如 2月29日"),
        (
            "下周五",
            "日期应写成 2026-12-05、2026/12/5、2026年12月5日 或 12月5日",
        ),
        (
            "2026-11-01",
            "截止日期 2026年11月1日 早于审核日期 2026年11月30日",
        ),
    ] {
        let out = jixiao(
            d,
            &[
                "build",
                "-q",
                "--in-process",
                samples,
                "-o",
                "new.xlsx",
                "--forms",
                "退回2",
                "--deadline",
                deadline,
                "--review-date",
                "2026-11-30",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{deadline}: {stderr}");
        assert!(stderr.contains("--deadline"), "{stderr}");
        assert!(stderr.contains(reason), "{deadline}: {stderr}");
        assert!(!d.join("new.xlsx").exists() && !d.join("退回2").exists());
    }
    let out = jixiao(
        d,
        &[
            "build",
            "-q",
            samples,
            "--forms",
            "退回2",
            "--review-date",
            "2026-02-29",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--review-date") && stderr.contains("2026年2月没有 29 日"),
        "{stderr}"
    );
}

#[test]
fn a_settings_file_in_a_sub_folder_is_not_read_but_skipped() {
    let (dir, inbox) = inbox("");
    std::fs::create_dir(inbox.join("某局")).unwrap();
    std::fs::write(inbox.join("某局/jixiao.toml"), "区名 = “不读”\n").unwrap();
    let out = build(dir.path(), &["--in-process", "报送", "--json", "out.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("设置文件"), "{stderr}");
    let doc = read_json(&dir.path().join("out.json"));
    let skipped: Vec<_> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "skipped")
        .map(|f| (f["file"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [("报送/某局/jixiao.toml", "不是自评表或自评报告（.toml）")]
    );
}
