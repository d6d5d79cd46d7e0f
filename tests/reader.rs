//! The reader on real drifted submissions (tests/fixtures/reader/, written by
//! tests/fixtures/make_reader_fixtures.py with openpyxl and LibreOffice). Every
//! fixture carries the same department, whose figures are set by hand in that
//! script's header; each test asserts them as read from one variant.

use crate::common;

use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// `jixiao check --json` on one fixture: the JSON document.
fn read(fixture: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("o.json");
    let path = root().join("tests/fixtures/reader").join(fixture);
    let out = jixiao(
        dir.path(),
        &[
            "check",
            "-q",
            path.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{fixture}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_json(&json)
}

fn rules(doc: &Value) -> Vec<String> {
    let mut r: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r.dedup();
    r
}

/// The figures every fixture carries (see make_reader_fixtures.py).
fn assert_figures(doc: &Value, fixture: &str, name: &str) {
    assert_eq!(doc["files"][0]["status"], "imported", "{fixture}");
    let d = &doc["departments"][0];
    assert_eq!(d["name"], name, "{fixture}");
    let f = &d["funds"];
    let t = &f["total"];
    assert_eq!(
        (
            t["initial"].as_str(),
            t["budget"].as_str(),
            t["spent"].as_str()
        ),
        (Some("1200.00"), Some("1234.56"), Some("1200.12")),
        "{fixture}"
    );
    assert_eq!(t["declared_rate"], "0.9721", "{fixture}");
    assert_eq!(t["rate"], "0.9721", "{fixture}: 1200.12 / 1234.56");
    assert_eq!(
        (
            f["general_public"]["budget"].as_str(),
            f["general_public"]["spent"].as_str()
        ),
        (Some("1000.00"), Some("980.12")),
        "{fixture}"
    );
    assert_eq!(
        (f["other"]["budget"].as_str(), f["other"]["spent"].as_str()),
        (Some("234.56"), Some("220.00")),
        "{fixture}"
    );
    assert_eq!(f["gov_fund"]["spent"], "0.00", "{fixture}");
    assert_eq!(
        (f["basic"]["spent"].as_str(), f["project"]["spent"].as_str()),
        (Some("690.12"), Some("510.00")),
        "{fixture}"
    );
    assert_eq!(d["sangong"]["total"]["budget"], "20.00", "{fixture}");
    assert_eq!(
        d["sangong"]["vehicle_running"]["spent"], "9.50",
        "{fixture}"
    );
    assert_eq!(d["assets"]["fixed_in_use"], "400.00", "{fixture}");
    let s = &d["scores"];
    assert_eq!(s["self_total"], "95.22", "{fixture}");
    let self_score = |name: &str| {
        d["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["level3"] == name)
            .unwrap()["self_score"]
            .clone()
    };
    assert_eq!(self_score("部门预算资金支出率"), "9.72", "{fixture}");
    assert_eq!(self_score("绩效目标管理"), "3.50", "{fixture}");
    assert_eq!(self_score("采购管理规范性"), "4.00", "{fixture}");
    assert_eq!(self_score("资产管理规范性"), "2.00", "{fixture}");
    assert_eq!(
        d["indicators"].as_array().unwrap().len(),
        16,
        "{fixture}: every indicator matched"
    );
    // Goals: ≥ 24/20 → 1; ≤30天 with 25天 → 1; = 100% → 1; 定性 较好 → 0.8; ≥95% with 96% → 1.
    let goals: Vec<(&str, &str)> = d["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["direction"].as_str().unwrap(),
                g["completion"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        goals,
        vec![
            (">=", "1.0000"),
            ("<=", "1.0000"),
            ("=", "1.0000"),
            ("qualitative", "0.8000"),
            (">=", "1.0000")
        ],
        "{fixture}"
    );
    // 产出: mean 1 → 20; 效益+满意度: (0.8 + 1) / 2 → 18, against a declared 20.
    assert_eq!(
        s["by_level2"]["整体效能"], "47.72",
        "{fixture}: 20 + 18 + 9.72"
    );
    assert_eq!(d["filler"]["date"], "2024-05-20", "{fixture}");
    assert_eq!(d["year"], 2023, "{fixture}");
}

fn clean(fixture: &str) {
    let doc = read(fixture);
    assert_figures(&doc, fixture, "广州市南沙区示例局");
    // The one real finding: 效益 goals complete 90%, declared full points.
    assert_eq!(rules(&doc), vec!["SCORE-REVIEW"], "{fixture}");
}

#[test]
fn offset_extra_title_and_blank_rows() {
    clean("01_偏移与空行.xlsx");
}

#[test]
fn labels_with_spaces_breaks_and_half_width_punctuation() {
    clean("02_标签空格与半角.xlsx");
}

#[test]
fn synonyms_of_form_md() {
    clean("03_同义词.xlsx");
}

#[test]
fn form_on_another_sheet() {
    let doc = read("04_表在第三个工作表.xlsx");
    assert_eq!(doc["departments"][0]["source"]["sheet"], "Sheet3");
    clean("04_表在第三个工作表.xlsx");
}

/// A chart sheet placed before the form is passed over, not taken for damage.
#[test]
fn a_chart_sheet_before_the_form() {
    let doc = read("18_图表工作表.xlsx");
    assert_eq!(doc["departments"][0]["source"]["sheet"], "自评表");
    clean("18_图表工作表.xlsx");
}

#[test]
fn sections_and_columns_in_another_order() {
    clean("05_区块与列顺序.xlsx");
}

#[test]
fn numbers_written_as_text() {
    // 1,234.56 · 1200.12万元 · full-width １０００．００ · 97.21 % · — for zero.
    clean("06_文本数字.xlsx");
}

#[test]
fn amounts_in_yuan_are_divided_exactly() {
    clean("07_单位元.xlsx");
}

#[test]
fn merged_level_cells_cover_the_rows_beneath() {
    clean("08_合并单元格.xlsx");
    clean("15_启用宏.xlsm");
}

#[test]
fn date_cells_and_percent_formatted_fractions() {
    clean("09_日期与百分比格式.xlsx");
}

#[test]
fn seal_decorations_are_dropped_from_the_name() {
    clean("10_名称带公章.xlsx");
}

#[test]
fn no_name_falls_back_to_the_file_name() {
    let doc = read("11_无部门名称.xlsx");
    assert_figures(&doc, "11", "11_无部门名称");
    assert_eq!(rules(&doc), vec!["NAME-FALLBACK", "SCORE-REVIEW"]);
}

#[test]
fn formula_cells_give_their_cached_values() {
    clean("12_公式.xlsx");
}

#[test]
fn old_binary_xls_with_chinese_text() {
    clean("13_旧格式.xls");
}

#[test]
fn open_document_spreadsheet() {
    clean("14_开放格式.ods");
}

#[test]
fn encrypted_workbook_is_refused_with_a_reason() {
    let doc = read("16_加密.xlsx");
    assert_eq!(doc["files"][0]["status"], "failed");
    assert_eq!(doc["files"][0]["reason"], "文件已加密，请提交未加密的文件");
    assert_eq!(rules(&doc), vec!["UNREADABLE"]);
}

/// .xlsb as Excel and SheetJS write it, with compact "short" cell records that
/// calamine alone skips (see src/read/xlsb.rs): every value is read.
#[test]
fn xlsb_with_short_cell_records() {
    clean("17_二进制.xlsb");
}

fn write_zip(path: &Path, entries: &[(&str, &str)]) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (name, text) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_mixed_folder_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送材料");
    fs::create_dir_all(input.join("二级单位")).unwrap();
    let fixtures = root().join("tests/fixtures/reader");
    fs::copy(fixtures.join("13_旧格式.xls"), input.join("甲.xls")).unwrap();
    fs::copy(
        fixtures.join("14_开放格式.ods"),
        input.join("二级单位/乙.ods"),
    )
    .unwrap();
    fs::copy(root().join("samples/004.xlsx"), input.join("丙.xlsx")).unwrap();
    fs::write(input.join("~$丙.xlsx"), b"lock").unwrap();
    fs::write(input.join("报送说明.txt"), "附件三份").unwrap();
    fs::write(input.join("空.xlsx"), b"").unwrap();
    let good = fs::read(root().join("samples/001.xlsx")).unwrap();
    fs::write(input.join("截断.xlsx"), &good[..good.len() / 3]).unwrap();
    write_zip(
        &input.join("其实是文档.xlsx"),
        &[
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ],
    );
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "通讯录").unwrap();
    wb.save(input.join("通讯录.xlsx")).unwrap();

    let json = dir.path().join("o.json");
    let out = jixiao(
        dir.path(),
        &[
            "build",
            "-q",
            "报送材料",
            "-o",
            "o.xlsx",
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = read_json(&json);
    let files = doc["files"].as_array().unwrap();
    let status: Vec<(&str, &str)> = files
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().trim_start_matches("报送材料/"),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    let mut want = vec![
        ("~$丙.xlsx", "skipped"),
        ("丙.xlsx", "imported"),
        // 乙.ods and 甲.xls hold the same form (in other cells, under another name
        // label): a plain duplicate, the first path counts, 报送材料/二级单位/乙.ods
        // (二 U+4E8C sorts before 甲 U+7532).
        ("二级单位/乙.ods", "imported"),
        ("其实是文档.xlsx", "failed"),
        ("截断.xlsx", "failed"),
        ("报送说明.txt", "skipped"),
        ("甲.xls", "skipped"),
        ("空.xlsx", "failed"),
        ("通讯录.xlsx", "failed"),
    ];
    want.sort();
    let mut got = status.clone();
    got.sort();
    assert_eq!(got, want);
    for f in files {
        if f["status"] != "imported" {
            assert!(!f["reason"].as_str().unwrap().is_empty(), "{f}");
        }
    }
    let reason = |name: &str| {
        files
            .iter()
            .find(|f| f["file"] == format!("报送材料/{name}"))
            .unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        reason("甲.xls"),
        "与 报送材料/二级单位/乙.ods 内容相同，只计一次"
    );
    assert!(reason("通讯录.xlsx").contains("未找到自评表"));
    // A Word document named .xlsx is read by its content: a report, without text.
    assert_eq!(reason("其实是文档.xlsx"), "报告中没有文字");
    assert_eq!(reason("空.xlsx"), "文件为空（0 字节）");
    // Both departments are there with their figures.
    assert_eq!(
        department(&doc, "广州市南沙区示例局")["funds"]["total"]["budget"],
        "1234.56"
    );
    assert_eq!(
        department(&doc, "广州市海珠区")["funds"]["total"]["spent"],
        "40036.38"
    );
}
