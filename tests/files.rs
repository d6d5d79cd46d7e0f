//! The files departments really send (`tests/fixtures/files/`, made by
//! `make_file_fixtures.py`): a zipped submission folder with a zip inside, an HTML
//! table saved as `.xls`, WPS `.et` files, RAR/7z archives, a report named
//! `.xlsx`. Content decides what a file is, not its name. Expected figures are the
//! samples' (the seeds'), and the reader fixture 13's hand-set ones.

use crate::common;

use common::*;
use serde_json::Value;

fn batch() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("收件箱");
    std::fs::create_dir(&input).unwrap();
    for e in std::fs::read_dir(root().join("tests/fixtures/files")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    let json = dir.path().join("o.json");
    build(
        dir.path(),
        &["收件箱", "-o", "o.xlsx", "--json", json.to_str().unwrap()],
    );
    read_json(&json)
}

/// The `files[]` entry of `path` under 收件箱/.
fn file<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == format!("收件箱/{path}"))
        .unwrap_or_else(|| panic!("{path} not listed"))
}

#[test]
fn every_file_sent_is_read_by_its_content_or_given_a_reason() {
    let doc = batch();
    let listed = listed_files(&doc);
    assert_eq!(
        listed,
        [
            "收件箱/WPS专有格式.et",
            "收件箱/WPS表格.et",
            "收件箱/其实是报告.xlsx",
            "收件箱/存档.7z",
            "收件箱/报送.zip/南沙区/打包.zip/001.xlsx",
            "收件箱/报送.zip/南沙区/打包.zip/再套.zip",
            "收件箱/报送.zip/海珠区科工商信局/004.xlsx",
            "收件箱/报送.zip/海珠区科工商信局/004_自评报告.docx",
            "收件箱/报送.zip/说明.rar",
            // Stored in GBK without the UTF-8 flag, as Chinese Windows zips it.
            "收件箱/报送.zip/财政局/000.xlsx",
            "收件箱/材料.rar",
            "收件箱/网页导出.xls",
        ]
    );
    let unpack = "压缩包（RAR/7z）无法直接读取，请解压后再报送";
    for path in ["存档.7z", "材料.rar", "报送.zip/说明.rar"] {
        assert_eq!(file(&doc, path)["status"], "skipped", "{path}");
        assert_eq!(file(&doc, path)["reason"], unpack, "{path}");
    }
    let deep = file(&doc, "报送.zip/南沙区/打包.zip/再套.zip");
    assert_eq!(deep["status"], "failed");
    assert!(deep["reason"].as_str().unwrap().contains("超过一层"));
}

#[test]
fn a_zipped_folder_is_read_inside_one_zip_deep() {
    let doc = batch();
    // 004 and its report, paired in their folder inside the zip.
    let form = file(&doc, "报送.zip/海珠区科工商信局/004.xlsx");
    assert_eq!(form["status"], "imported");
    assert_eq!(
        form["paired_with"],
        "收件箱/报送.zip/海珠区科工商信局/004_自评报告.docx"
    );
    let d = department(&doc, "广州市海珠区");
    assert_eq!(
        d["source"]["file"],
        "收件箱/报送.zip/海珠区科工商信局/004.xlsx"
    );
    assert_eq!(d["funds"]["total"]["budget"], "40118.72");
    assert_eq!(d["funds"]["total"]["spent"], "40036.38");
    assert_eq!(d["scores"]["total"], "94.00");
    // 001 from the zip inside the zip; 000 under a GBK-named folder.
    let d = department(&doc, "广州市南沙区人民政府办公室");
    assert_eq!(
        d["source"]["file"],
        "收件箱/报送.zip/南沙区/打包.zip/001.xlsx"
    );
    assert_eq!(d["funds"]["total"]["spent"], "3342.07");
    let d = department(&doc, "中共广州南沙");
    assert_eq!(d["source"]["file"], "收件箱/报送.zip/财政局/000.xlsx");
    assert_eq!(d["scores"]["total"], "91.86");
}

#[test]
fn an_html_table_saved_as_xls_is_read_as_a_sheet() {
    let doc = batch();
    let d = department(&doc, "广州开发区穗港智造");
    assert_eq!(d["source"]["file"], "收件箱/网页导出.xls");
    // Excel names the sheet of an HTML page after the file.
    assert_eq!(d["source"]["sheet"], "网页导出");
    // 003's figures, rates written “98.92%” on the page: 1924.46 / 1945.54.
    let total = &d["funds"]["total"];
    assert_eq!(total["budget"], "1945.54");
    assert_eq!(total["spent"], "1924.46");
    assert_eq!(total["rate"], "0.9892");
    assert_eq!(total["declared_rate"], "0.9892");
    assert_eq!(d["scores"]["self_total"], "98.29");
    assert_eq!(d["scores"]["total"], "98.29");
    // A finding points into the page's sheet.
    let year = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "收件箱/网页导出.xls")
        .unwrap();
    assert_eq!(year["rule"], "YEAR-MISMATCH");
    assert_eq!(year["cell"], "网页导出!A2");
    // 003's report, sent as .xlsx, is read as the report and paired by its name.
    let report = file(&doc, "其实是报告.xlsx");
    assert_eq!(report["status"], "imported");
    assert_eq!(report["kind"], "report");
    assert_eq!(report["paired_with"], "收件箱/网页导出.xls");
}

#[test]
fn wps_et_files_are_read_when_their_content_allows() {
    let doc = batch();
    let et = file(&doc, "WPS表格.et");
    assert_eq!(et["status"], "imported");
    // Reader fixture 13's hand-set figures.
    let d = department(&doc, "广州市南沙区示例局");
    assert_eq!(d["funds"]["total"]["budget"], "1234.56");
    assert_eq!(d["funds"]["total"]["spent"], "1200.12");
    let own = file(&doc, "WPS专有格式.et");
    assert_eq!(own["status"], "skipped");
    assert_eq!(
        own["reason"],
        "WPS 表格文件（.et）无法直接读取，请在 WPS 中另存为 .xlsx"
    );
}
