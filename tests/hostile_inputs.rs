//! Hostile inputs that jixiao's own code bounds (issue 24): the reproducers of
//! `tests/fixtures/hostile/inputs/`, made by `tests/fixtures/make_hostile_inputs.py`
//! (see it for what each file is). Before the bounds each one cost gigabytes of
//! memory, aborted the process or took minutes. Each is now failed (or read) with
//! a plain Chinese reason, and the batch goes on: a sample form beside them is
//! still imported. Run through the library, as the batch runs them.

use crate::common;

use common::*;
use jixiao::model::{FileRecord, FileStatus, Place, Rule};
use jixiao::scheme::Scheme;
use sha2::{Digest, Sha256};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/hostile/inputs").join(name)
}

/// A batch of `names` from the fixtures, copied into a folder `收件箱` beside
/// `samples/<sample>`.
fn batch(names: &[&str], sample: &str) -> (tempfile::TempDir, jixiao::Batch) {
    batch_with(names, sample, &[])
}

/// The same, with `extra` files (name, content) written beside them.
fn batch_with(
    names: &[&str],
    sample: &str,
    extra: &[(&str, String)],
) -> (tempfile::TempDir, jixiao::Batch) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir(&inbox).unwrap();
    for name in names {
        std::fs::copy(fixture(name), inbox.join(name)).unwrap();
    }
    for (name, text) in extra {
        std::fs::write(inbox.join(name), text).unwrap();
    }
    std::fs::copy(root().join("samples").join(sample), inbox.join(sample)).unwrap();
    let options = jixiao::Options::new(vec![inbox], Scheme::builtin());
    let inputs = jixiao::inputs(&options).unwrap();
    let batch = jixiao::run(&options, &inputs, &|_| {});
    (dir, batch)
}

fn record<'a>(batch: &'a jixiao::Batch, path: &str) -> &'a FileRecord {
    let wanted = format!("收件箱/{path}");
    batch
        .files
        .iter()
        .find(|f| f.file.ends_with(&wanted))
        .unwrap_or_else(|| panic!("{path} not in files[]"))
}

/// The reason of a failed file.
fn failed<'a>(batch: &'a jixiao::Batch, path: &str) -> &'a str {
    let f = record(batch, path);
    assert_eq!(f.status, FileStatus::Failed, "{path}: {f:?}");
    f.reason.as_deref().unwrap()
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn hostile_spreadsheets_fail_with_a_reason_and_the_batch_goes_on() {
    let names = [
        "xls-dir-loop.xls",
        "xls-stream-loop.xls",
        "sst-count.xlsx",
        "ods-text-s.ods",
        "ods-text-s-repeated.ods",
        "ods-value-repeat.ods",
        "html-nested-tables.xls",
        "xls-minifat.xls",
        "xls-sheet-offset.xls",
    ];
    // Read in this process, without the workers' limits: each of these made the
    // reader abort the whole process (a grid of 4 billion cells) before the bounds.
    let (_dir, batch) = batch(&names, "000.xlsx");
    assert_eq!(
        batch.files.len(),
        names.len() + 1,
        "every file accounted for"
    );

    // The OLE chains: the directory's, the Workbook stream's (4 GiB claimed).
    for (name, chain) in [
        ("xls-dir-loop.xls", "directory"),
        ("xls-stream-loop.xls", "Workbook"),
    ] {
        assert!(failed(&batch, name).contains("扇区链成环"), "{name}");
        let detail = record(&batch, name).detail.as_deref().unwrap();
        assert!(detail.contains(chain), "{name}: {detail}");
    }
    assert!(
        failed(&batch, "sst-count.xlsx").contains("共享字符串表声明有 100000000000 个字符串"),
        "{}",
        failed(&batch, "sst-count.xlsx")
    );
    // text:c of a billion spaces, read as imported before; 2.56 billion characters
    // by repeats.
    for name in ["ods-text-s.ods", "ods-text-s-repeated.ods"] {
        let reason = failed(&batch, name);
        assert!(
            reason.contains("文字展开后超过 64.0 MiB"),
            "{name}: {reason}"
        );
    }
    // 6,000 × 16,384 cells valued by office:value alone.
    assert!(failed(&batch, "ods-value-repeat.ods").contains("范围过大"));
    // 4,000 tables, each one level.
    assert!(failed(&batch, "html-nested-tables.xls").contains("嵌套超过 256 层"));
    assert_eq!(
        record(&batch, "html-nested-tables.xls").detail.as_deref(),
        Some("HTML nesting depth 4000, limit 256")
    );

    // A damaged MiniFAT: the strict OLE reader refuses the file, which is then
    // failed as damaged rather than given to calamine's lenient reader unscanned
    // (its sheet has a cell at row 65000, column 65000).
    let minifat = failed(&batch, "xls-minifat.xls");
    assert!(minifat.contains("文件已损坏或格式异常"), "{minifat}");
    let detail = record(&batch, "xls-minifat.xls").detail.as_deref().unwrap();
    assert!(detail.contains("MiniFAT"), "{detail}");
    // A BoundSheet pointing into another record, read there as a sheet with cells
    // at A1 and row 65000, column 65000: the sheet is scanned where calamine
    // reads it.
    assert!(failed(&batch, "xls-sheet-offset.xls").contains("工作表范围过大"));

    let sample = record(&batch, "000.xlsx");
    assert_eq!(sample.status, FileStatus::Imported);
    assert!(sample
        .department
        .as_deref()
        .unwrap()
        .starts_with("中共广州南沙"));
}

/// 40,000 paragraphs: the 39,999 equal ones agree, the last one (90.00%, paragraph
/// 40,001 after the title) disagrees with the first of them (paragraph 2), once.
#[test]
fn a_report_of_repeated_paragraphs_is_read_with_its_one_conflict() {
    let (_dir, batch) = batch(&["repeated-paragraphs.docx"], "000.xlsx");
    let report = record(&batch, "repeated-paragraphs.docx");
    assert_eq!(report.status, FileStatus::Imported);
    assert!(report.report);
    let conflicts: Vec<_> = batch
        .findings()
        .filter(|f| f.rule == Rule::ReportConflict)
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].place, Place::Paragraph(40_001));
    assert_eq!(
        conflicts[0].message,
        "“部门整体预算完成率为90.00%”与第 2 段“部门整体预算完成率为99.80%”不一致（预算执行率）"
    );
    assert_eq!(conflicts[0].declared.as_deref(), Some("90.00%"));
    assert_eq!(conflicts[0].computed.as_deref(), Some("99.80%"));
    assert_eq!(record(&batch, "000.xlsx").status, FileStatus::Imported);
}

/// The same report as text beside the .docx is its other format, compared claim
/// by claim with it: 39,999 lines of 90.00% (which the .docx states last) agree;
/// 91.00% on the last line agrees with none, and is held to the .docx's first
/// statement (paragraph 2).
#[test]
fn two_versions_of_a_long_report_are_compared() {
    let mut text = String::from("示例区档案馆2023年度部门整体支出绩效自评报告\n");
    text.push_str(&"部门整体预算完成率为90.00%。\n".repeat(39_999));
    text.push_str("部门整体预算完成率为91.00%。\n");
    let (_dir, batch) = batch_with(
        &["repeated-paragraphs.docx"],
        "000.xlsx",
        &[("repeated-paragraphs.txt", text)],
    );
    let copy = record(&batch, "repeated-paragraphs.txt");
    assert_eq!(copy.status, FileStatus::Imported);
    assert!(copy
        .reason
        .as_deref()
        .unwrap()
        .contains("是同一报告的另一格式"));
    let conflicts: Vec<_> = batch
        .findings()
        .filter(|f| f.rule == Rule::ReportConflict && f.file.ends_with(".txt"))
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].place, Place::Paragraph(40_001));
    assert!(conflicts[0]
        .message
        .starts_with("“部门整体预算完成率为91.00%”与同一报告的另一版本（"));
    assert!(conflicts[0].message.ends_with(
        "repeated-paragraphs.docx）第 2 段“部门整体预算完成率为99.80%”不一致（预算执行率）"
    ));
}

/// Past 50,000 paragraphs a file is no 自评报告 (a real one has a few hundred):
/// failed with its count, before any claim is read (a 1.5 MB Word file of 160,000
/// repeated paragraphs gave 640,000 findings and 6 GB in the batch).
#[test]
fn a_report_past_the_paragraph_limit_is_failed_with_its_count() {
    let mut text = String::from("示例区档案馆2023年度部门整体支出绩效自评报告\n");
    text.push_str(&"部门整体预算完成率为90.00%。\n".repeat(50_000));
    let (_dir, batch) = batch_with(&[], "000.xlsx", &[("过长的报告.txt", text)]);
    assert_eq!(
        failed(&batch, "过长的报告.txt"),
        "报告有 50001 段，超过 50000 段的上限，不像一份自评报告，未读取"
    );
    assert_eq!(record(&batch, "000.xlsx").status, FileStatus::Imported);
}

/// A zip of 10,000 entries (the limit) is read whole, each entry once; zips inside
/// a zip count towards the limit, and the inner zip that would pass it is refused as
/// one file.
#[test]
fn zips_are_read_whole_within_the_entry_limit() {
    let (_dir, batch) = batch(&["many-entries.zip", "nested-entries.zip"], "000.xlsx");
    // 10,000 + (002.xlsx, 4,000 in a.zip, 4,000 in b.zip, c.zip) + 000.xlsx.
    assert_eq!(batch.files.len(), 10_000 + 8_002 + 1);
    let empty = "文件为空（0 字节）";
    for i in [0, 4_321, 9_998] {
        assert_eq!(
            failed(&batch, &format!("many-entries.zip/e/{i:04}.xlsx")),
            empty
        );
    }
    for path in ["a.zip/a/0000.xlsx", "b.zip/b/3999.xlsx"] {
        assert_eq!(failed(&batch, &format!("nested-entries.zip/{path}")), empty);
    }
    let empties = batch
        .files
        .iter()
        .filter(|f| f.reason.as_deref() == Some(empty))
        .count();
    assert_eq!(empties, 9_999 + 8_000);

    // The forms inside, read as the samples they are.
    let form = record(&batch, "many-entries.zip/e/form.xlsx");
    assert_eq!(form.status, FileStatus::Imported);
    assert!(form
        .department
        .as_deref()
        .unwrap()
        .starts_with("广州市南沙区人民政府办公室"));
    assert_eq!(
        form.sha256.as_deref(),
        Some(sha256(&root().join("samples/001.xlsx")).as_str())
    );
    let form = record(&batch, "nested-entries.zip/002.xlsx");
    assert_eq!(form.status, FileStatus::Imported);
    assert_eq!(
        form.sha256.as_deref(),
        Some(sha256(&root().join("samples/002.xlsx")).as_str())
    );

    assert_eq!(
        failed(&batch, "nested-entries.zip/c.zip"),
        "压缩包及其中的压缩包共有超过 10000 个文件，这个压缩包中的 4000 个文件未读取：请解压后分批报送"
    );
    assert!(!batch.files.iter().any(|f| f.file.contains("c.zip/")));
    assert_eq!(record(&batch, "000.xlsx").status, FileStatus::Imported);
}

/// Workers that cannot be started (the program is gone): every file is read in
/// this process as without isolation, nothing is lost, and the batch counts the
/// files read so, for the command to say that they had no memory or time limit.
#[test]
fn files_are_read_in_process_when_no_worker_starts_and_the_batch_says_so() {
    let mut options = jixiao::Options::new(vec![root().join("samples")], Scheme::builtin());
    options.isolation = Some(jixiao::batch::worker::Isolation {
        command: vec!["/nonexistent/jixiao-worker".into(), "__worker".into()],
        timeout: std::time::Duration::from_secs(60),
        memory: 1 << 30,
    });
    let inputs = jixiao::inputs(&options).unwrap();
    let batch = jixiao::run(&options, &inputs, &|_| {});
    // samples/: 5 forms and 7 reports (two with a PDF beside the .docx), all
    // read, with the README's 15 warnings.
    assert_eq!(inputs.len(), 12);
    assert_eq!(batch.unisolated, 12);
    assert!(batch.files.iter().all(|f| f.status == FileStatus::Imported));
    assert_eq!(batch.departments.len(), 5);
    assert_eq!(batch.district.findings, [0, 15, 0]);
    // Without isolation asked for, nothing is counted.
    options.isolation = None;
    assert_eq!(jixiao::run(&options, &inputs, &|_| {}).unisolated, 0);
}
