//! The batch keeps its departments encoded (in memory, then in a temporary file)
//! and its writers make table rows on demand. These paths must not change a byte
//! of the outputs, and the findings must come out in the batch's order.

use crate::common;

use common::*;
use jixiao::scheme::Scheme;
use jixiao::write::{json, xlsx};
use jixiao::Batch;
use std::fs;
use std::path::Path;

/// A folder with every kind of outcome: five departments, one of them submitted
/// twice (DUP-DEPT, one superseded), a damaged file, and the reader fixtures
/// (failures, skips, variants).
fn mixed_folder(dir: &Path) {
    for entry in fs::read_dir(root().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    fs::copy(root().join("samples/002.xlsx"), dir.join("002_重报.xlsx")).unwrap();
    let good = fs::read(root().join("samples/001.xlsx")).unwrap();
    fs::write(dir.join("截断.xlsx"), &good[..good.len() / 2]).unwrap();
    let reader = dir.join("reader");
    fs::create_dir(&reader).unwrap();
    for entry in fs::read_dir(root().join("tests/fixtures/reader")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, reader.join(path.file_name().unwrap())).unwrap();
    }
}

fn batch(dir: &Path, in_memory: usize) -> Batch {
    let mut options = jixiao::Options::new(vec![dir.to_path_buf()], Scheme::builtin());
    options.in_memory = in_memory;
    let inputs = jixiao::inputs(&options).unwrap();
    jixiao::run(&options, &inputs, &|_| {})
}

#[test]
fn a_spilled_batch_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    mixed_folder(dir.path());
    let scheme = Scheme::builtin();
    let kept = batch(dir.path(), jixiao::store::IN_MEMORY);
    let spilled = batch(dir.path(), 0);
    assert!(
        kept.departments.len() >= 6,
        "the samples and reader fixtures"
    );
    // The second batch really went through the temporary file, the first did not
    // (a temporary file that cannot be made would keep everything in memory).
    assert_eq!(kept.departments.spilled(), 0);
    assert!(
        spilled.departments.spilled() > 10_000,
        "spilled {} bytes",
        spilled.departments.spilled()
    );
    assert_eq!(
        json::to_bytes(&kept, &scheme),
        json::to_bytes(&spilled, &scheme)
    );
    assert_eq!(
        xlsx::to_bytes(&kept, &scheme).unwrap(),
        xlsx::to_bytes(&spilled, &scheme).unwrap()
    );
}

#[test]
fn findings_come_sorted_by_department_file_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    mixed_folder(dir.path());
    let batch = batch(dir.path(), 0);
    let findings: Vec<_> = batch.findings().collect();
    // An oracle apart from the code under test: the place as printed, read back by
    // hand (`自评表!E8` → sheet, row 8, column 5; `第3段` → paragraph 3).
    let key = |f: &jixiao::model::Finding| {
        let shown = f.place.shown().unwrap_or_default();
        let place = if let Some(n) = shown.strip_prefix('第').and_then(|s| s.strip_suffix('段')) {
            (String::new(), n.parse::<u32>().unwrap(), 0)
        } else if let Some((sheet, a1)) = shown.rsplit_once('!') {
            let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let col = letters
                .bytes()
                .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
            let row: u32 = a1[letters.len()..].parse().unwrap();
            (sheet.to_string(), row, col)
        } else {
            (String::new(), 0, 0)
        };
        (f.department.clone(), f.file.clone(), place)
    };
    for pair in findings.windows(2) {
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "{:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
    // Every kind is there: a failed file's, the superseded and the kept copy's
    // DUP-DEPT, and each counted once in the district totals.
    assert!(findings.iter().any(|f| f.department.is_empty()));
    let dup_files: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.id() == "DUP-DEPT" && f.file.contains("002"))
        .map(|f| Path::new(&f.file).file_name().unwrap().to_owned())
        .collect();
    assert_eq!(dup_files, ["002.xlsx", "002_重报.xlsx"]);
    assert_eq!(
        findings.len(),
        batch.district.findings.iter().sum::<usize>()
    );
}

#[test]
fn tables_made_twice_write_the_same_workbook_as_tables_held() {
    let dir = tempfile::tempdir().unwrap();
    mixed_folder(dir.path());
    let scheme = Scheme::builtin();
    let batch = batch(dir.path(), 0);
    for max_rows in [40, xlsx::EXCEL_MAX_ROWS] {
        assert_eq!(
            xlsx::to_bytes_with_limit(&batch, &scheme, max_rows).unwrap(),
            xlsx::to_bytes_streamed(&batch, &scheme, max_rows).unwrap(),
            "{max_rows} rows a sheet"
        );
    }
}
