//! Issue #26 items 5–7 on whole forms: targets that are not plain numbers
//! (deadlines, budget controls, ranges, quantities with 万/亿, percentages under a
//! `%` header), the year from a title, a `年度：` label or the 填报日期, and the
//! declared total of a 总分 row merged across columns.
//!
//! The national-form fixtures are written by `tests/fixtures/make_target_fixtures.py`
//! (figures set there); the year forms are written here. Expected values are worked
//! out by hand in the comments.

use crate::common;

use common::*;
use jixiao::model::{Form, Rule};
use jixiao::scheme::Scheme;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `jixiao check` on one fixture of `tests/fixtures/targets/`: the JSON document.
fn check(file: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("check.json");
    let path = root().join("tests/fixtures/targets").join(file);
    jixiao(
        dir.path(),
        &[
            "check",
            "-q",
            "--json",
            json.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
    );
    read_json(&json)
}

/// (rule, cell) of every finding, sorted.
fn findings(doc: &Value) -> Vec<(String, String)> {
    rule_cells(doc, &[])
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    out.sort();
    out
}

/// Each goal's completion, `None` where it could not be worked out.
fn completions(dep: &Value) -> Vec<Option<Decimal>> {
    dep["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["completion"].as_str().map(d))
        .collect()
}

#[test]
fn every_target_shape_met_gives_100() {
    let doc = check("期限目标_示例县档案馆.xlsx");
    let dep = department(&doc, "示例县档案馆");
    // 9月前/7月, 11月前/10月 (not 7/9 and 10/11), ≥5万人次/5.6万人次,
    // 不超预算/未超预算, 年底前完成/已完成, 12月底前/11月完成, 90%-95%/93%,
    // ≥1.5亿元/16000万元 (1.6亿), ≥90%/96 (96%): every one met.
    assert_eq!(completions(dep), vec![Some(Decimal::ONE); 9]);
    // Budget 520.00 of 520.00: 10; nine rows of 10 × 1: 90. Total 100.00, as declared.
    assert_eq!(dec(&dep["scores"]["total"]), d("100.00"));
    assert_eq!(dec(&dep["scores"]["self_total"]), d("100.00"));
    assert_eq!(findings(&doc), vec![]);
}

#[test]
fn a_late_deadline_a_short_quantity_and_a_count_against_a_percent() {
    let doc = check("期限逾期_示例县文化馆.xlsx");
    let dep = department(&doc, "示例县文化馆");
    let one = Some(Decimal::ONE);
    // 9月前 done in 10月: late, 0. 4.5万 of 5万人次: 45000 / 50000 = 0.9.
    // ≥90% against 96人: a count is not a percentage, no completion.
    assert_eq!(
        completions(dep),
        vec![
            Some(Decimal::ZERO),
            one,
            Some(d("0.9")),
            one,
            one,
            one,
            one,
            one,
            None
        ]
    );
    // 10 + 0 + 10 + 9.00 + 10 × 4 + 10 (the unreadable row keeps its declared 10) = 89.00.
    assert_eq!(dec(&dep["scores"]["total"]), d("89.00"));
    assert_eq!(
        findings(&doc),
        pairs(&[
            ("SCORE-REVIEW", "自评表!H14"),
            ("SCORE-REVIEW", "自评表!H16"),
            ("GOAL-UNREADABLE", "自评表!F22"),
        ])
    );
}

#[test]
fn plain_numbers_under_a_percent_header() {
    let doc = check("百分比表头_示例县图书馆.xlsx");
    let dep = department(&doc, "示例县图书馆");
    let one = Some(Decimal::ONE);
    // 90 under 年度指标值(%) against 96%: 0.90 against 0.96, met. 95 (a percentage)
    // against 96人 (a count): not comparable, where 96 / 95 would have said met.
    assert_eq!(
        completions(dep),
        vec![one, one, one, one, one, one, None, one, one]
    );
    assert_eq!(dep["goals"][8]["unit"], "%");
    // Every row keeps its declared 10: 100.00.
    assert_eq!(dec(&dep["scores"]["total"]), d("100.00"));
    assert_eq!(findings(&doc), pairs(&[("GOAL-UNREADABLE", "自评表!F20")]));
}

#[test]
fn total_row_merged_across_columns_below_its_block() {
    // 示例区档案馆's figures: declared total 99.30 in H, 100 in G, label over A:F.
    let doc = check("总分合并_示例区档案馆.xlsx");
    let dep = department(&doc, "示例区档案馆");
    assert_eq!(dec(&dep["scores"]["self_total"]), d("99.30"));
    // 98.38 reviewed (tests/layouts.rs), so 98.38 − 99.30 = −0.92.
    assert_eq!(dec(&dep["scores"]["difference"]), d("-0.92"));
    // The slip of the original fixture and nothing else (the declared scores add up
    // to 99.30: no SCORE-TOTAL).
    assert_eq!(findings(&doc), pairs(&[("SCORE-REVIEW", "自评表!H20")]));
}

#[test]
fn total_row_found_with_its_total_empty_is_a_finding_there() {
    let doc = check("总分未填_示例区方志馆.xlsx");
    let dep = department(&doc, "示例区方志馆");
    assert!(dep["scores"]["self_total"].is_null());
    assert_eq!(
        findings(&doc),
        pairs(&[
            ("SCORE-REVIEW", "自评表!H20"),
            ("MISSING-FIELD", "自评表!H25")
        ])
    );
}

/// A small canonical form: `head` cells first (row, col, text), then a money
/// table and one indicator row, so that it is read as a form.
fn year_form(path: &Path, head: &[(u32, u16, &str)]) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    for (r, c, t) in head {
        ws.write(*r, *c, *t).unwrap();
    }
    ws.write(3, 0, "单位名称：").unwrap();
    ws.write(3, 1, "示例区某局").unwrap();
    for (c, h) in ["资金类别", "全年预算数", "全年执行数"].iter().enumerate() {
        ws.write(5, c as u16, *h).unwrap();
    }
    ws.write(6, 0, "合计").unwrap();
    ws.write(6, 1, 100).unwrap();
    ws.write(6, 2, 90).unwrap();
    for (c, h) in ["一级指标", "二级指标", "三级指标", "分值", "自评得分"]
        .iter()
        .enumerate()
    {
        ws.write(8, c as u16, *h).unwrap();
    }
    ws.write(9, 0, "管理效率").unwrap();
    ws.write(9, 1, "预算编制").unwrap();
    ws.write(9, 2, "预算编制规范性").unwrap();
    ws.write(9, 3, 3).unwrap();
    ws.write(9, 4, 3).unwrap();
    ws.write(10, 0, "说明").unwrap();
    ws.write(10, 1, "2017年预算执行情况见附件，2024年5月20日已报送")
        .unwrap();
    wb.save(path).unwrap();
}

fn read(head: &[(u32, u16, &str)]) -> Form {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("表.xlsx");
    year_form(&path, head);
    let bytes = std::fs::read(&path).unwrap();
    jixiao::read::read_form("表.xlsx", &bytes, &Scheme::builtin()).unwrap()
}

/// The year and its cell (A1 style, row and column 0-based).
fn year(f: &Form) -> Option<(i32, u32, u32)> {
    f.year.as_ref().map(|y| (y.value, y.at.row, y.at.col))
}

fn no_year_notes(f: &Form) -> usize {
    f.findings.iter().filter(|x| x.rule == Rule::NoYear).count()
}

#[test]
fn year_from_a_title_with_nian_but_not_niandu() {
    let f = read(&[(0, 0, "2017年部门整体支出绩效评价得分表")]);
    assert_eq!(year(&f), Some((2017, 0, 0)));
    assert_eq!(no_year_notes(&f), 0);
}

#[test]
fn year_from_niandu_in_brackets_and_a_label() {
    let f = read(&[(0, 0, "部门整体支出绩效自评表"), (1, 0, "（2017年度）")]);
    assert_eq!(year(&f), Some((2017, 1, 0)));
    let f = read(&[(0, 0, "部门整体支出绩效自评表"), (1, 0, "年度：2017")]);
    assert_eq!(year(&f), Some((2017, 1, 0)));
    // The label in one cell, the year in the next.
    let f = read(&[
        (0, 0, "部门整体支出绩效自评表"),
        (1, 3, "年度"),
        (1, 4, "2017"),
    ]);
    assert_eq!(year(&f), Some((2017, 1, 4)));
}

#[test]
fn year_from_the_fill_date_else_a_note() {
    // Filled 2024-05-20, in the first half of the year after: the form of 2023,
    // at the date's cell.
    let f = read(&[
        (0, 0, "部门整体支出绩效自评表"),
        (1, 0, "填报日期"),
        (1, 1, "2024-05-20"),
    ]);
    assert_eq!(year(&f), Some((2023, 1, 1)));
    assert_eq!(no_year_notes(&f), 0);
    // No year anywhere: the remark's 2017年预算 and 2024年5月20日 are not taken.
    let f = read(&[(0, 0, "部门整体支出绩效自评表")]);
    assert_eq!(year(&f), None);
    assert_eq!(no_year_notes(&f), 1);
    // A December date cannot tell 2023 from 2022.
    let f = read(&[
        (0, 0, "部门整体支出绩效自评表"),
        (1, 0, "填报日期"),
        (1, 1, "2023-12-20"),
    ]);
    assert_eq!(year(&f), None);
    assert_eq!(no_year_notes(&f), 1);
}

#[test]
fn year_mismatch_applies_to_a_year_from_a_title() {
    let dir = tempfile::tempdir().unwrap();
    year_form(
        &dir.path().join("表.xlsx"),
        &[(0, 0, "2017年部门整体支出绩效评价得分表")],
    );
    let json = dir.path().join("check.json");
    jixiao(
        dir.path(),
        &[
            "check",
            "-q",
            "--json",
            json.to_str().unwrap(),
            "表.xlsx",
            "--year",
            "2018",
        ],
    );
    let doc = read_json(&json);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "YEAR-MISMATCH")
        .expect("YEAR-MISMATCH");
    assert_eq!(f["cell"], "自评表!A1");
    assert_eq!(f["declared"], "2017");
    assert_eq!(f["computed"], "2018");
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "NO-YEAR"));
}
