//! Every review rule of CHECKS.md fires on a fixture, with its severity and cell.
//!
//! Fixtures are the clean sample 001 (2023, no slips) with one slip injected,
//! written in the canonical layout, whose cells are (1-based rows):
//! row 2 year; row 4 部门名称 (B4); rows 8–14 funds (C 年初, D 全年预算, E 全年执行,
//! F 执行率); C15 结转结余; rows 18–23 三公 and 24 政府采购 (C 预算, D 执行, E 率);
//! goals from row 31 (H = 实际完成值); with 001's six goals section 五 starts at
//! row 37, indicators at rows 39–54 (E 分值, I 自评得分), 总分 row 55, 评价等级 E56.

use crate::common;

use common::*;
use jixiao::model::*;
use jixiao::scheme::Scheme;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sample_form(name: &str) -> Form {
    let bytes = std::fs::read(root().join("samples").join(name)).unwrap();
    jixiao::read::read_form(name, &bytes, &Scheme::builtin()).unwrap()
}

/// Write 001 with `mutate` applied to `dir/file`.
fn fixture(dir: &Path, file: &str, mutate: impl FnOnce(&mut Form)) -> PathBuf {
    let mut form = sample_form("001.xlsx");
    mutate(&mut form);
    let bytes = jixiao::write::form::canonical_bytes(&form, &Scheme::builtin()).unwrap();
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `jixiao check` over the paths; returns (exit code, JSON document).
fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let json = dir.join("check.json");
    let mut all = vec!["check", "-q", "--json", json.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = jixiao(dir, &all);
    (out.status.code().unwrap(), read_json(&json))
}

/// (rule, severity, cell) of every finding.
fn findings(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// One expected finding: (rule, severity, cell, declared, computed); "" stands
/// for an absent cell or value.
type Expected<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// The findings are exactly `expected` (in any order): each rule, severity and
/// cell with its declared and computed values, and nothing else fired.
fn exactly(doc: &Value, expected: &[Expected]) {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut got: Vec<[String; 5]> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            [
                text(&f["rule"]),
                text(&f["severity"]),
                text(&f["cell"]),
                text(&f["declared"]),
                text(&f["computed"]),
            ]
        })
        .collect();
    let mut want: Vec<[String; 5]> = expected
        .iter()
        .map(|(r, s, c, d, v)| [r, s, c, d, v].map(|x| x.to_string()))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(
        got, want,
        "findings (rule, severity, cell, declared, computed)"
    );
}

fn one(dir: &Path, file: &str, mutate: impl FnOnce(&mut Form)) -> (i32, Value) {
    fixture(dir, file, mutate);
    check(dir, &[file])
}

fn set(a: &mut Amount, v: &str) {
    a.as_mut().unwrap().value = d(v);
}

#[test]
fn the_clean_base_fixture_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = one(dir.path(), "base.xlsx", |_| {});
    assert_eq!(code, 0);
    assert_eq!(findings(&doc), vec![]);
}

#[test]
fn sum_funds_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.funds[1].budget, "3300.00")
    });
    assert_eq!(code, 0, "警告 only");
    // 一般公共预算 3300.00 + three zero sources ≠ 3378.30; the row itself now
    // spends 3342.07 of 3300.00: over budget, at 101.27% against the 98.93% declared.
    exactly(
        &doc,
        &[
            ("SUM-FUNDS", "警告", "自评表!D8", "3378.30", "3300.00"),
            ("OVERSPEND", "警告", "自评表!E9", "3342.07", "3300.00"),
            ("RATE-DECLARED", "警告", "自评表!F9", "98.93%", "101.27%"),
        ],
    );
}

#[test]
fn sum_nature() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.funds[5].spent, "2400.00")
    });
    // 2400.00 + 848.65 = 3248.65 ≠ 3342.07; 基本支出 2400 / 2510 = 95.62%.
    exactly(
        &doc,
        &[
            ("SUM-NATURE", "警告", "自评表!E8", "3342.07", "3248.65"),
            ("RATE-DECLARED", "警告", "自评表!F13", "99.34%", "95.62%"),
        ],
    );
}

#[test]
fn sum_sangong_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.sangong[1].spent, "3.10"); // 因公出国 spent +1.00
        set(&mut f.sangong[3].budget, "1.00"); // 购置费 budget 0 → 1
    });
    // Spent: 3.10 + 14.23 + 8.30 = 25.63 ≠ 24.63; 出国 3.10 / 5.00 = 62.00%.
    // 公务用车 budget: 购置 1.00 + 运行 15.00 = 16.00 ≠ 15.00.
    exactly(
        &doc,
        &[
            ("SUM-SANGONG", "警告", "自评表!D18", "24.63", "25.63"),
            ("SUM-SANGONG", "警告", "自评表!C20", "15.00", "16.00"),
            ("RATE-DECLARED", "警告", "自评表!E19", "42.00%", "62.00%"),
        ],
    );
}

#[test]
fn rate_declared_and_overspend() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.funds[0].declared_rate, "0.9800");
        set(&mut f.procurement.spent, "260.00");
    });
    // 3342.07 / 3378.30 = 98.93%; 采购 260.00 / 256.30 = 101.44% (its score stays
    // 5: the completion is capped at 1).
    exactly(
        &doc,
        &[
            ("RATE-DECLARED", "警告", "自评表!F8", "98.00%", "98.93%"),
            ("OVERSPEND", "警告", "自评表!D24", "260.00", "256.30"),
            ("RATE-DECLARED", "警告", "自评表!E24", "100.00%", "101.44%"),
        ],
    );
}

#[test]
fn negative_amount() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = one(dir.path(), "f.xlsx", |f| set(&mut f.carryover, "-36.23"));
    exactly(&doc, &[("NEGATIVE", "错误", "自评表!C15", "-36.23", "")]);
    assert_eq!(code, 1, "an 错误 makes check exit 1");
}

#[test]
fn points_total() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.indicators[3].points, "4")
    });
    // The scheme gives 预算编制规范性 3 points; the column adds up to 101.
    exactly(
        &doc,
        &[
            ("POINTS-TOTAL", "错误", "自评表!E42", "4", "3"),
            ("POINTS-TOTAL", "错误", "自评表!E55", "101", "100"),
        ],
    );
}

#[test]
fn unknown_and_missing_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        let mut extra = f.indicators[3].clone();
        extra.scheme_index = None;
        extra.level3 = "办公用房管理".into();
        extra.points = None;
        extra.self_score = None;
        f.indicators.remove(4); // 预算执行序时进度
        f.indicators.push(extra);
    });
    // Rows 39–53 hold the 15 indicators left, the unknown one is row 54.
    // 2 points and 2 self-scored points are gone: 98 points, 97 self-scored
    // against the declared 99; the missing indicator has no score, so no total.
    exactly(
        &doc,
        &[
            ("UNKNOWN-INDICATOR", "警告", "自评表!C54", "", ""),
            ("MISSING-INDICATOR", "错误", "自评表!C38", "", ""),
            ("TOTAL-NA", "错误", "自评表!C38", "", ""),
            ("POINTS-TOTAL", "错误", "自评表!E55", "98", "100"),
            ("SCORE-TOTAL", "警告", "自评表!I55", "99.00", "97.00"),
        ],
    );
}

#[test]
fn score_range_total_review_and_grade() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        set(&mut f.indicators[3].self_score, "5"); // 预算编制规范性, 3 points
        set(&mut f.procurement.spent, "200.00"); // 200/256.30 → 3.90 of 5
        f.self_total = Some(Located {
            value: d("98"),
            at: CellPos::new(0, 0),
        });
        f.declared_grade = Some(Located {
            value: "良".into(),
            at: CellPos::new(0, 0),
        });
    });
    // 5 of 3 points (reviewed as 3.00); 采购 5 × 200/256.30 = 3.90 (78.03%);
    // the self scores add up to 99 − 3 + 5 = 101; 98 is 优, not the declared 良.
    exactly(
        &doc,
        &[
            ("SCORE-RANGE", "错误", "自评表!I42", "5.00", "3"),
            ("SCORE-REVIEW", "警告", "自评表!I42", "5.00", "3.00"),
            ("SCORE-REVIEW", "警告", "自评表!I50", "5.00", "3.90"),
            ("RATE-DECLARED", "警告", "自评表!E24", "100.00%", "78.03%"),
            ("SCORE-TOTAL", "警告", "自评表!I55", "98.00", "101.00"),
            ("GRADE-DECLARED", "警告", "自评表!E56", "良", "优"),
        ],
    );
}

#[test]
fn goal_unreadable_rate_na_and_no_goals() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = one(dir.path(), "f.xlsx", |f| {
        let actual = f.goals[0].actual.as_mut().unwrap();
        actual.value = GoalValue {
            raw: "未统计".into(),
            sign: None,
            measure: Measure::Text("未统计".into()),
        };
        set(&mut f.procurement.budget, "0");
        set(&mut f.procurement.spent, "0");
        f.goals.retain(|g| g.level1 == "产出指标");
    });
    // Four 产出 goals are left, one unreadable (0): 20 × 3/4 = 15.00. With two
    // goal rows fewer, section 五 starts at row 35: 产出 I37, 效益 I38, 采购 I48.
    exactly(
        &doc,
        &[
            ("GOAL-UNREADABLE", "警告", "自评表!H31", "", ""),
            ("SCORE-REVIEW", "警告", "自评表!I37", "20.00", "15.00"),
            ("NO-GOALS", "提示", "自评表!I38", "", ""),
            ("RATE-NA", "提示", "自评表!I48", "", ""),
        ],
    );
}

#[test]
fn missing_field() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = one(dir.path(), "f.xlsx", |f| {
        f.name = String::new();
        f.funds[0].budget = None;
    });
    // Without 全年预算数 the 支出率 cannot be computed: noted, the 自评得分 stands.
    exactly(
        &doc,
        &[
            ("MISSING-FIELD", "错误", "自评表!A4", "", ""),
            ("MISSING-FIELD", "错误", "自评表!A8", "", ""),
            ("RATE-NA", "提示", "自评表!I41", "", ""),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        doc["departments"][0]["name"], "f",
        "the file name stands in"
    );
}

#[test]
fn year_mismatch_against_the_given_year() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path(), "f.xlsx", |_| {});
    let (_, doc) = check(dir.path(), &["f.xlsx", "--year", "2024"]);
    // The form says 2023 (the fixture's year); the batch is 2024.
    exactly(
        &doc,
        &[("YEAR-MISMATCH", "警告", "自评表!A2", "2023", "2024")],
    );
}

/// A minimal hand-made form (not the canonical writer's): labels only where a
/// department would put them.
fn minimal_form(path: &Path, name: Option<&str>, budget_text: &str) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    ws.write(0, 0, "（2023年度）").unwrap();
    if let Some(n) = name {
        ws.write(1, 0, "单位名称：").unwrap();
        ws.write(1, 1, n).unwrap();
    }
    for (c, h) in ["资金类别", "全年预算数", "全年执行数"].iter().enumerate() {
        ws.write(3, c as u16, *h).unwrap();
    }
    ws.write(4, 0, "合计").unwrap();
    ws.write(4, 1, budget_text).unwrap();
    ws.write(4, 2, 90.5).unwrap();
    for (c, h) in ["一级指标", "二级指标", "三级指标", "分值", "自评得分"]
        .iter()
        .enumerate()
    {
        ws.write(6, c as u16, *h).unwrap();
    }
    ws.write(7, 0, "管理效率").unwrap();
    ws.write(7, 1, "预算编制").unwrap();
    ws.write(7, 2, "预算编制规范性").unwrap();
    ws.write(7, 3, 3).unwrap();
    ws.write(7, 4, 3).unwrap();
    wb.save(path).unwrap();
}

#[test]
fn bad_number_and_name_fallback_on_a_hand_made_form() {
    let dir = tempfile::tempdir().unwrap();
    minimal_form(&dir.path().join("某街道办.xlsx"), None, "约一百万");
    let (code, doc) = check(dir.path(), &["某街道办.xlsx"]);
    assert_eq!(code, 1);
    // One indicator of the scheme's 16 is on the form: 15 missing, 3 of 100
    // points, no total; the goals, the rate amounts and the 三公 are not there.
    let mut want: Vec<Expected> = vec![
        ("BAD-NUMBER", "错误", "Sheet1!B5", "约一百万", ""),
        ("NAME-FALLBACK", "警告", "", "", ""),
        ("POINTS-TOTAL", "错误", "Sheet1!C7", "3", "100"),
        ("TOTAL-NA", "错误", "Sheet1!C7", "", ""),
        ("NO-GOALS", "提示", "", "", ""),
        ("NO-GOALS", "提示", "", "", ""),
    ];
    want.extend([("MISSING-INDICATOR", "错误", "Sheet1!C7", "", ""); 15]);
    want.extend([("RATE-NA", "提示", "", "", ""); 4]);
    exactly(&doc, &want);
    let fallback = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "NAME-FALLBACK")
        .unwrap();
    assert_eq!(fallback["severity"], "警告");
    assert_eq!(doc["departments"][0]["name"], "某街道办");
    // The same form with a name and a number reads cleanly where it can.
    minimal_form(&dir.path().join("b.xlsx"), Some("某某局（公章）"), "100.25");
    let (_, doc) = check(dir.path(), &["b.xlsx"]);
    assert_eq!(doc["departments"][0]["name"], "某某局");
    assert_eq!(doc["departments"][0]["funds"]["total"]["budget"], "100.25");
    assert_eq!(doc["departments"][0]["funds"]["total"]["spent"], "90.50");
}

#[test]
fn unreadable_and_no_form_are_findings_without_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("坏.xlsx"), b"PK\x03\x04 truncated").unwrap();
    let (code, doc) = check(dir.path(), &["坏.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        vec![("UNREADABLE".into(), "错误".into(), String::new())]
    );
}

#[test]
fn several_injected_errors_give_exactly_their_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = one(dir.path(), "多处错误.xlsx", |f| {
        set(&mut f.funds[4].spent, "10.00"); // 其他资金: 0 → 10, spent column off by 10
        set(&mut f.sangong[0].budget, "31.00"); // 三公合计 budget off by 1
        set(&mut f.funds[6].declared_rate, "0.9000"); // 项目支出 declared 90%
        set(&mut f.indicators[10].self_score, "3.5"); // 评价结果应用, 3 points
        set(&mut f.self_total, "100.5"); // the declared total follows the slip
    });
    assert_eq!(code, 1);
    let mut got: Vec<(String, String)> =
        findings(&doc).into_iter().map(|(r, _, c)| (r, c)).collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("OVERSPEND", "自评表!E12"),     // 其他资金 spent 10 > budget 0
        ("RATE-DECLARED", "自评表!F14"), // 848.65/868.30 = 97.74%, not 90%
        ("RATE-DECLARED", "自评表!E18"), // the declared 82.10% no longer fits: 24.63/31 = 79.45%
        ("SCORE-RANGE", "自评表!I49"),   // 3.5 > 3
        ("SUM-FUNDS", "自评表!E8"),      // 3342.07 ≠ 3342.07 + 10
        ("SUM-SANGONG", "自评表!C18"),   // 31.00 ≠ 5 + 15 + 10
    ]
    .iter()
    .map(|(r, c)| (r.to_string(), c.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    // 001 declared 2 for 评价结果应用; the slip's 3.5 is clamped to its 3 points,
    // so the review gives 99 − 2 + 3 = 100 against the declared 100.5.
    assert_eq!(doc["departments"][0]["scores"]["total"], "100.00");
    assert_eq!(doc["departments"][0]["scores"]["difference"], "-0.50");
}

#[test]
fn check_output_is_grouped_and_exit_codes_follow_errors() {
    let out = jixiao(&root(), &["check", "-q", "samples"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the samples have 警告 but no 错误"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // A heading per department; under it each of its files (form, then report)
    // with one line per finding: cell or paragraph, rule (name and id), message.
    let block = |name: &str| -> String {
        let start = text.find(&format!("\n{name}\n")).expect(name);
        let rest = &text[start + 1..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let policy = block("中共广州南沙经济技术开发区工作委员会政策研究和创新办公室");
    let form_at = policy.find("  自评表 samples/000.xlsx\n").unwrap();
    let report_at = policy
        .find("  自评报告 samples/000_自评报告.docx\n")
        .unwrap();
    assert!(form_at < report_at, "{policy}");
    assert!(
        policy[form_at..report_at].contains("警告  自评表!C18  三公经费分项不符（SUM-SANGONG）：")
    );
    assert!(
        policy[form_at..report_at].contains("警告  自评表!C20  三公经费分项不符（SUM-SANGONG）：")
    );
    assert!(
        policy[report_at..].contains("第18段      报告分项不符（REPORT-SUM）："),
        "{policy}"
    );
    assert!(
        policy[report_at..].contains("第30段      报告比率不符（REPORT-RATE）："),
        "{policy}"
    );
    let cppcc = block("中国人民政治协商会议广州市南沙区委员会办公室");
    assert!(cppcc.contains("警告  自评表!F8   执行率填报不符（RATE-DECLARED）："));
    assert_eq!(cppcc.matches("REPORT-CONFLICT").count(), 3, "{cppcc}");
    // 5 on the forms (two 三公 sums, two years, one declared rate) and 10 in the
    // reports (see scripts/make_sample_reports.py: 3 + 6 + 1).
    assert!(
        text.trim_end().ends_with("问题：错误 0，警告 15，提示 0"),
        "{text}"
    );
    let out = jixiao(&root(), &["check", "没有这个文件夹"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `SCORING.md` §1: a goal score is 分值 × the mean of the unrounded completions,
/// rounded once. Two 产出指标 goals, one met (100 of 100) and one at `actual/target`:
///   94 of 95: 20 × (1 + 0.9894737)/2 = 19.8947 → 19.89 (rounding 0.9895 first
///             would give 20 × 0.99475 = 19.895 → 19.90);
///   65 of 81: 20 × (1 + 0.8024691)/2 = 18.0247 → 18.02 (0.8025 first: 18.03).
#[test]
fn goal_scores_average_unrounded_completions() {
    use calamine::Data;
    for (actual, target, want) in [("94", "95", "19.89"), ("65", "81", "18.02")] {
        let dir = tempfile::tempdir().unwrap();
        fixture(dir.path(), "f.xlsx", |f| {
            let value = |s: &str| {
                jixiao::read::value::parse_goal_value(&Data::String(s.into())).map(|value| {
                    Located {
                        value,
                        at: CellPos::new(0, 0),
                    }
                })
            };
            let template = f
                .goals
                .iter()
                .find(|g| g.level1 == "产出指标")
                .unwrap()
                .clone();
            let goal = |t: &str, a: &str| GoalRow {
                direction: Some(Direction::AtLeast),
                target: value(t),
                actual: value(a),
                declared_completion: None,
                ..template.clone()
            };
            f.goals.retain(|g| g.level1 != "产出指标");
            f.goals.insert(0, goal("100", "100"));
            f.goals.insert(1, goal(target, actual));
        });
        let (_, doc) = check(dir.path(), &["f.xlsx"]);
        let scored = doc["departments"][0]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["level3"] == "部门整体绩效目标产出指标完成情况")
            .unwrap()
            .clone();
        assert_eq!(scored["score"], want, "{actual}/{target}: {scored}");
    }
}
