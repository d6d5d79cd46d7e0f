//! The sentence and table shapes of published 部门整体支出绩效自评/评价报告
//! (docs/report-shapes.md), in our own words: `tests/fixtures/report_shapes/`,
//! written by `tests/fixtures/make_report_shapes.py`. For each shape, the claim
//! read (subject, value, unit, paragraph); for each planted slip, its finding; on
//! the right statements, no finding. Every expectation was set by hand from the
//! script's figures, not copied from jixiao's output.

mod common;

use common::root;

fn read(name: &str) -> jixiao::report::ReadReport {
    let path = root().join("tests/fixtures/report_shapes").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let ext = path.extension().unwrap().to_string_lossy().to_lowercase();
    let format = jixiao::collect::Format::from_extension(&ext).unwrap();
    let grades = jixiao::scheme::Scheme::builtin().grades;
    jixiao::report::read(
        &bytes,
        format,
        &Default::default(),
        &Default::default(),
        &grades,
    )
    .unwrap()
}

/// `paragraph subject value unit` of every claim.
fn claims(r: &jixiao::report::ReadReport) -> Vec<String> {
    r.statements
        .claims
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c.paragraph,
                c.subject,
                c.value,
                c.unit.label()
            )
        })
        .collect()
}

/// The prose shapes' claims, the same in the .docx and the .txt (paragraphs 3–13).
const PROSE: &[&str] = &[
    // S1 `收入：` and `财政拨款收入`
    "3 revenue 518.60 万元",
    "3 fiscal_income 518.60 万元",
    // S2 `支出：` and its parts in the next sentence
    "4 spent 523.40 万元",
    "4 personnel 301.20 万元",
    "4 public 62.20 万元",
    "4 project 160.00 万元",
    // S3 `全年支出——`
    "5 spent 523.40 万元",
    // S4 `结余结转` after the parts of 支出
    "6 spent 523.40 万元",
    "6 basic 363.40 万元",
    "6 project 160.00 万元",
    "6 carry_over 12.00 万元",
    // S5 年初 / 调整后 / 执行数 / 执行率
    "7 initial 480.00 万元",
    "7 budget 530.00 万元",
    "7 spent 523.40 万元",
    "7 rate 98.75 %",
    // S6 a named project: only its own progress, nothing of the department
    "8 project_progress_rate 100 %",
    // S7 funds and 收支平衡 (the 政府性基金 支出 it states)
    "9 general.income 503.40 万元",
    "9 general.spent 503.40 万元",
    "9 gov_fund.income 20.00 万元",
    "9 gov_fund.spent 20.00 万元",
    // S8 涉及 about the whole department (S9, about a project, gives nothing)
    "10 general.spent 503.40 万元",
    "10 gov_fund.spent 20.00 万元",
    // S10 支出总计 with 年末结转和结余
    "12 spent_total 535.40 万元",
    "12 carry_over 12.00 万元",
    // S11 score and grade
    "13 self_total 92.50 分",
    "13 grade 4 ",
];

#[test]
fn every_shape_gives_its_claim_and_right_statements_no_finding() {
    let docx = read("对_自评报告.docx");
    let mut want: Vec<String> = PROSE.iter().map(|s| s.to_string()).collect();
    want.extend(
        [
            // T1 score table: the total row (第20段) gives 分值, 自评得分, 等级
            "20 points 100.00 分",
            "20 self_total 92.50 分",
            "20 grade 4 ",
            // T2 budget table: rows named by a term under 全年执行数, the total row
            "23 basic 363.40 万元",
            "24 project 160.00 万元",
            "25 budget 530.00 万元",
            "25 spent 523.40 万元",
            "25 rate 98.75 %",
            // T3 label | value rows
            "27 self_total 92.50 分",
            "28 grade 4 ",
        ]
        .map(String::from),
    );
    assert_eq!(claims(&docx), want);
    assert!(docx.slips.is_empty(), "{:?}", docx.slips);
    // Totals with parts: S2, S4 (two parts: 结余结转 is none), S10; T1's 分值 and
    // 得分 columns, T2's 预算 and 执行 columns.
    assert_eq!(docx.statements.groups.len(), 3 + 2 + 2);
    let s4 = docx
        .statements
        .groups
        .iter()
        .find(|g| docx.statements.claims[g.total].paragraph == 6);
    assert_eq!(s4.map(|g| g.parts.len()), Some(2));
    let txt = read("对_自评报告.txt");
    assert_eq!(claims(&txt), PROSE);
    assert!(txt.slips.is_empty(), "{:?}", txt.slips);
}

/// (rule, paragraph) of each finding.
fn slips(r: &jixiao::report::ReadReport) -> Vec<(&'static str, usize)> {
    r.slips.iter().map(|s| (s.rule.id(), s.paragraph)).collect()
}

#[test]
fn every_planted_slip_is_found() {
    // The prose slips, in both formats:
    let prose = [
        // S2 parts 301.20 + 61.30 + 160.00 = 522.50, not 523.40
        ("REPORT-SUM", 4),
        // S3 全年支出 532.40 against S2's 523.40
        ("REPORT-CONFLICT", 5),
        // … and the later 523.40 statements against S3's 532.40
        ("REPORT-CONFLICT", 6),
        ("REPORT-CONFLICT", 7),
        // S5 523.40 ÷ 530.00 = 98.75%, not 97.75%
        ("REPORT-RATE", 7),
        // S8 一般公共预算 523.40 against S7's 503.40; 政府性基金 0 against 20.00
        ("REPORT-CONFLICT", 10),
        ("REPORT-CONFLICT", 10),
        // S10 年末结转和结余 21.00 against S4's 12.00, and 523.40 + 21.00 ≠ 535.40
        ("REPORT-CONFLICT", 12),
        ("REPORT-SUM", 12),
        // S11 92.50 分 is 优, not 良
        ("REPORT-SCORE", 13),
    ];
    let txt = read("错_自评报告.txt");
    assert_eq!(slips(&txt), prose);
    let docx = read("错_自评报告.docx");
    let mut want = prose.to_vec();
    want.extend([
        // T1 total row's 优 against S11's 良; 15 + 48.50 + 18 + 10 = 91.50, not 92.50
        ("REPORT-CONFLICT", 20),
        ("REPORT-SCORE", 20),
        // T2 total 执行数 532.40: against S2's 523.40, its rate against 97.75%
        // (S5), 532.40 ÷ 530.00 = 100.45% not 98.75%, 363.40 + 160.00 = 523.40
        ("REPORT-CONFLICT", 25),
        ("REPORT-CONFLICT", 25),
        ("REPORT-RATE", 25),
        ("REPORT-SUM", 25),
        // T3 等级 中 against 良 (S11), and 92.50 分 is 优
        ("REPORT-CONFLICT", 28),
        ("REPORT-SCORE", 28),
    ]);
    assert_eq!(slips(&docx), want);
    // S6 changes a named project's 年初预算数 (8 → 9): not the department's, no finding.
    assert!(docx.slips.iter().all(|s| s.paragraph != 8));
}
