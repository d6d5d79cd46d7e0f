//! Score sheets with the points in the indicator names (tests/fixtures/points/, made
//! by make_points_fixtures.py with hand-set figures): the shipped layout
//! `sichuan-score` reads the points of every level, checks them level by level,
//! gives a review total and catches a score above its points; a fixed scheme scores
//! the rows a department names under `部门特性指标` within the level's 20 points.
//! These sheets have no money block, and their layouts no `[money]`: no
//! MISSING-FIELD for it.

use crate::common;

use common::{check_json, dec, read_json, root, rule_cells};
use rust_decimal::Decimal;
use serde_json::Value;

const NDRC: &str = "tests/fixtures/points/sichuan_示例县发展和改革局.xlsx";
const STATS: &str = "tests/fixtures/points/sichuan_示例县统计局.xlsx";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `jixiao check <form> [extra…] --json`: the JSON document.
fn check(form: &str, extra: &[&str]) -> Value {
    check_json(form, extra)
}

/// (rule, cell) of every finding but the batch's YEAR-MISMATCH, sorted.
fn rules(doc: &Value) -> Vec<(String, String)> {
    rule_cells(doc, &["YEAR-MISMATCH"])
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// (三级 name, points, declared score) of each row.
fn rows(doc: &Value) -> Vec<(String, String, String)> {
    doc["departments"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            (s("level3"), s("points"), s("self_score"))
        })
        .collect()
}

#[test]
fn the_sichuan_score_sheet_yields_a_review_total_and_catches_a_score_above_its_points() {
    let doc = check(NDRC, &[]);
    let dept = &doc["departments"][0];
    assert_eq!(dept["layout"], "sichuan-score", "detected without --layout");
    // Points from the names, the names without them (`绩效目标明确性 5分` too).
    let got = rows(&doc);
    assert_eq!(got.len(), 15);
    assert_eq!(got[0], ("绩效目标合理性".into(), "3".into(), "4.00".into()));
    assert_eq!(got[2], ("绩效目标明确性".into(), "5".into(), "5.00".into()));
    assert_eq!(
        got[13],
        ("重大项目前期工作完成率".into(), "6".into(), "7.00".into())
    );
    let scores = &dept["scores"];
    // Declared 97; each row within its points: 4 → 3 and 7 → 6, so 95.00.
    assert_eq!(dec(&scores["total"]), d("95.00"));
    assert_eq!(scores["grade"], "优");
    assert_eq!(dec(&scores["by_level1"]["部门决策"]), d("23.50"));
    assert_eq!(dec(&scores["by_level1"]["部门特性指标"]), d("20.00"));
    // No per-row GOAL-UNREADABLE, no false POINTS-TOTAL, no MISSING-FIELD for the
    // money block this sheet has not: the two scores above their points.
    assert_eq!(
        rules(&doc),
        pairs(&[("SCORE-RANGE", "得分表!D18"), ("SCORE-RANGE", "得分表!D5"),])
    );
}

#[test]
fn points_are_checked_level_by_level() {
    let doc = check(STATS, &[]);
    // 相关性（5分） over 3 + 3 = 6; 部门决策（25分） = 5 + 10 + 10 as its 二级 labels
    // say (no second finding); the points add up to 101.
    assert_eq!(
        rules(&doc),
        pairs(&[("POINTS-TOTAL", "得分表!B5"), ("POINTS-TOTAL", "得分表!C4"),])
    );
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(messages.contains(&"“相关性”标明 5 分，其下各指标分值之和为 6"));
    // Scores within their points: 95.00 all the same.
    assert_eq!(dec(&doc["departments"][0]["scores"]["total"]), d("95.00"));
}

#[test]
fn a_fixed_scheme_scores_the_rows_a_department_names_within_their_points() {
    let layout = root().join("tests/fixtures/points/sichuan-fixed-layout.toml");
    let doc = check(
        NDRC,
        &[
            "--layouts",
            layout.to_str().unwrap(),
            "--layout",
            "sichuan-fixed",
        ],
    );
    let scores = &doc["departments"][0]["scores"];
    // Fixed `self` rows: 3 2 5 4 4.5 5 | 9 10 8 6 | 9 9.5 = 75; the department's
    // own rows under 部门特性指标 (20 points): 8 + min(7, 6) + 6 = 20; 95.00.
    assert_eq!(dec(&scores["total"]), d("95.00"));
    assert_eq!(dec(&scores["by_level1"]["部门决策"]), d("23.50"));
    assert_eq!(dec(&scores["by_level1"]["部门特性指标"]), d("20.00"));
    assert_eq!(dec(&scores["by_level2"]["目标设定"]), d("9.00"));
    // No UNKNOWN-INDICATOR, no TOTAL-NA. The fixed `self` row above its points gets
    // SCORE-REVIEW beside SCORE-RANGE, as every `self` indicator does.
    assert_eq!(
        rules(&doc),
        pairs(&[
            ("SCORE-RANGE", "得分表!D18"),
            ("SCORE-RANGE", "得分表!D5"),
            ("SCORE-REVIEW", "得分表!D5"),
        ])
    );
}

#[test]
fn a_form_scored_under_its_layouts_own_scheme_is_described_by_that_scheme() {
    // JSON and 指标得分 used to name the rows after the main (Guangzhou) scheme:
    // 政府采购执行率 where the form's own scheme has 政府采购规范性.
    let layout = root().join("tests/fixtures/points/sichuan-fixed-layout.toml");
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, json) = (dir.path().join("out.xlsx"), dir.path().join("out.json"));
    common::build(
        &root(),
        &[
            NDRC,
            "--layouts",
            layout.to_str().unwrap(),
            "--layout",
            "sichuan-fixed",
            "-o",
            xlsx.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    // The twelve fixed rows of sichuan-fixed.toml, then the department's own three.
    let own: [(&str, &str, &str, &str); 15] = [
        ("部门决策", "相关性", "绩效目标合理性", "3"),
        ("部门决策", "相关性", "职能职责匹配性", "2"),
        ("部门决策", "目标设定", "绩效目标明确性", "5"),
        ("部门决策", "目标设定", "绩效指标细化量化", "5"),
        ("部门决策", "预算编制", "预算编制科学性", "5"),
        ("部门决策", "预算编制", "资金分配合理性", "5"),
        ("部门管理", "资金管理", "预算执行率", "10"),
        ("部门管理", "资金管理", "资金使用合规性", "10"),
        ("部门管理", "业务管理", "制度执行有效性", "8"),
        ("部门管理", "业务管理", "政府采购规范性", "7"),
        ("部门绩效", "履职效果", "重点工作完成率", "10"),
        ("部门绩效", "履职效果", "社会公众满意度", "10"),
        ("部门特性指标", "", "招商引资项目落地数", "8"),
        ("部门特性指标", "", "重大项目前期工作完成率", "6"),
        ("部门特性指标", "", "价格监测报告按时报送率", "6"),
    ];
    let doc = read_json(&json);
    let got: Vec<(String, String, String, String)> = doc["departments"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            (s("level1"), s("level2"), s("level3"), s("points"))
        })
        .collect();
    let want: Vec<(String, String, String, String)> = own
        .iter()
        .map(|(a, b, c, p)| (a.to_string(), b.to_string(), c.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, want);
    // The workbook's 指标得分: the same names, in 三级指标 (column D), 分值 in E.
    let rows = common::sheet_rows(&xlsx, "指标得分");
    let named: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r.first().is_some_and(|c| c.starts_with("示例县")))
        .map(|r| (r[3].clone(), r[4].clone()))
        .collect();
    let want: Vec<(String, String)> = own
        .iter()
        .map(|(_, _, c, p)| (c.to_string(), p.to_string()))
        .collect();
    assert_eq!(named, want);
}

#[test]
fn a_year_written_before_the_sichuan_title_is_detected_and_read() {
    // `2017年部门整体支出绩效评价得分表`, no `（2017年度）` line, no --layout.
    let doc = check(
        "tests/fixtures/points/sichuan_2017年_示例县审计局.xlsx",
        &[],
    );
    assert_eq!(doc["files"][0]["layout"], "sichuan-score");
    assert_eq!(doc["departments"][0]["year"], 2017);
    // 3 2 5 4 4.5 5 | 9 10 8 6 | 9 9.5 | 8 6 6 = 95.00, every score within its points.
    assert_eq!(dec(&doc["departments"][0]["scores"]["total"]), d("95.00"));
    // No finding: no money block to miss, every score within its points.
    assert_eq!(rules(&doc), pairs(&[]));
}
