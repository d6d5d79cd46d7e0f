//! A form whose blocks stand on two sheets of one workbook (issue #26 item 1):
//! `tests/fixtures/two_sheets/两表_示例区档案馆.xlsx` (make_layout_fixtures.py's
//! `two_sheets()`, figures set by hand there) has its title, name and money block
//! on 基础数据表 and its 绩效指标 on 指标表; `two-sheets.toml` names each block's
//! sheet. Each sheet has one planted slip, and each finding names its own sheet.

use crate::common;

use common::*;
use rust_decimal::Decimal;
use serde_json::Value;

const FORM: &str = "tests/fixtures/two_sheets/两表_示例区档案馆.xlsx";
const LAYOUT: &str = "tests/fixtures/two_sheets/two-sheets.toml";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `jixiao check FORM [extra…] --json`: the JSON document.
fn check(extra: &[&str]) -> Value {
    check_json(FORM, extra)
}

/// (rule, cell) of every finding, sorted.
fn findings(doc: &Value) -> Vec<(String, String)> {
    rule_cells(doc, &[])
}

#[test]
fn money_and_indicators_are_read_from_their_own_sheets() {
    let doc = check(&["--layouts", LAYOUT]);
    assert_eq!(doc["files"][0]["layout"], "two-sheets");
    assert_eq!(doc["files"][0]["sheet"], "基础数据表、指标表");
    let dep = &doc["departments"][0];
    // 基础数据表: 年度资金总额 520.00 / 509.60; 财政拨款 500.00 / 490.00.
    assert_eq!(dec(&dep["funds"]["total"]["budget"]), d("520.00"));
    assert_eq!(dec(&dep["funds"]["total"]["spent"]), d("509.60"));
    assert_eq!(dec(&dep["funds"]["fiscal"]["budget"]), d("500.00"));
    assert_eq!(dec(&dep["funds"]["fiscal"]["spent"]), d("490.00"));
    // The budget row's score on 基础数据表, the eleven indicators on 指标表 (rows
    // 3–13, 得分 in H).
    let rows: Vec<(String, String)> = dep["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["level3"].as_str().unwrap().to_string(),
                r["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut want = vec![("预算执行率".to_string(), "基础数据表!H5".to_string())];
    let names = [
        "接收进馆档案数量",
        "档案数字化页数",
        "档案数字化合格率",
        "档案安全事故",
        "查阅申请办结时限",
        "数字化单页成本",
        "档案查阅服务人次",
        "档案开放鉴定数量",
        "档案信息化系统运行",
        "查阅群众满意度",
        "移交单位满意度",
    ];
    for (i, n) in names.iter().enumerate() {
        want.push((n.to_string(), format!("指标表!H{}", 3 + i)));
    }
    assert_eq!(rows, want);
    // 9.80 (基础数据表) + 88.58 (指标表) = 98.38; declared 99.30 on 指标表's 总分 row.
    assert_eq!(dec(&dep["scores"]["total"]), d("98.38"));
    assert_eq!(dec(&dep["scores"]["self_total"]), d("99.30"));
    // One slip on each sheet, each at its own sheet's cell.
    assert_eq!(
        findings(&doc),
        [
            ("RATE-DECLARED".to_string(), "基础数据表!G6".to_string()),
            ("SCORE-REVIEW".to_string(), "指标表!H9".to_string()),
        ]
    );
}

#[test]
fn without_the_layout_one_sheet_is_read_and_the_missing_table_said() {
    // Only the shipped layouts: 基础数据表 alone is a mof-2020 form; the indicator
    // table on the other sheet is missing, said, never taken as 0.
    let doc = check(&[]);
    assert_eq!(doc["files"][0]["layout"], "mof-2020");
    assert_eq!(doc["files"][0]["sheet"], "基础数据表");
    assert!(doc["departments"][0]["scores"]["total"].is_null());
    let rules = findings(&doc);
    assert!(
        rules.contains(&("TOTAL-NA".to_string(), String::new())),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("MISSING-FIELD".to_string(), "基础数据表!H4".to_string())),
        "{rules:?}"
    );
}

#[test]
fn the_converted_form_marks_the_findings_of_both_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("退回");
    build(
        dir.path(),
        &[
            root().join(FORM).to_str().unwrap(),
            "--layouts",
            root().join(LAYOUT).to_str().unwrap(),
            "-o",
            "汇总表.xlsx",
            "--forms",
            forms.to_str().unwrap(),
        ],
    );
    let xlsx = forms.join("示例区档案馆.xlsx");
    let rows = sheet_rows(&xlsx, "审核意见");
    let listed: Vec<(&str, &str, &str)> = rows[6..8]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    // 财政拨款 has no row on the converted (canonical) form: listed with its sheet
    // and cell in the original. 档案查阅服务人次's score is marked where it went.
    assert_eq!(
        listed,
        [
            ("警告", "执行率填报不符", "原表 基础数据表!G6"),
            ("警告", "自评与复核得分不符", "自评表!I51"),
        ]
    );
    let sheet = "xl/worksheets/sheet2.xml";
    assert_eq!(fill_of(&xlsx, sheet, "I51").as_deref(), Some("FFFFD966"));
}
