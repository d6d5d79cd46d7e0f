//! The sentence and table shapes of published 部门整体支出绩效自评/评价报告
//! (docs/report-shapes.md), in our own words: `tests/fixtures/report_shapes/`,
//! written by `tests/fixtures/make_report_shapes.py`. For each shape, the claim
//! read (subject, value, unit, paragraph); for each planted slip, its finding; on
//! the right statements, no finding. Every expectation was set by hand from the
//! script's figures, not copied from jixiao's output.
//!
//! Each report is read as .docx, as .txt (the tables as lines of cells) and as
//! .pdf (exported by LibreOffice): the three give the same claims with the same
//! paragraph numbers, and the same findings.

use crate::common;

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

/// The prose shapes' claims, the same in every format (paragraphs 3–13).
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

/// The tables' claims: a table row is one paragraph, in every format (paragraph 14
/// is N7, the values of performance targets, which gives nothing).
const TABLES: &[&str] = &[
    // T1 score table: the total row (第21段) gives 分值, 自评得分, 等级
    "21 points 100.00 分",
    "21 self_total 92.50 分",
    "21 grade 4 ",
    // T2 budget table: rows named by a term under 全年执行数, the total row
    "24 basic 363.40 万元",
    "25 project 160.00 万元",
    "26 budget 530.00 万元",
    "26 spent 523.40 万元",
    "26 rate 98.75 %",
    // T3 label | value rows
    "28 self_total 92.50 分",
    "29 grade 4 ",
];

const FORMATS: [&str; 3] = ["docx", "txt", "pdf"];

#[test]
fn every_shape_gives_its_claim_and_right_statements_no_finding() {
    let want: Vec<&str> = PROSE.iter().chain(TABLES).copied().collect();
    for ext in FORMATS {
        let r = read(&format!("对_自评报告.{ext}"));
        assert_eq!(claims(&r), want, "{ext}");
        assert!(r.slips.is_empty(), "{ext}: {:?}", r.slips);
        // Totals with parts: S2, S4 (two parts: 结余结转 is none), S10; T1's 分值
        // and 得分 columns, T2's 预算 and 执行 columns.
        assert_eq!(r.statements.groups.len(), 3 + 2 + 2, "{ext}");
        let s4 = r
            .statements
            .groups
            .iter()
            .find(|g| r.statements.claims[g.total].paragraph == 6);
        assert_eq!(s4.map(|g| g.parts.len()), Some(2), "{ext}");
    }
    // The .txt's last five lines are figures under no known header (N3): read as
    // prose, they give nothing.
    let txt = read("对_自评报告.txt");
    assert_eq!(txt.paragraphs.len(), 29 + 5);
    assert!(txt.paragraphs[29..].iter().all(|p| !p.contains('\t')));
}

/// (rule, paragraph) of each finding.
fn slips(r: &jixiao::report::ReadReport) -> Vec<(&'static str, usize)> {
    r.slips.iter().map(|s| (s.rule.id(), s.paragraph)).collect()
}

#[test]
fn every_planted_slip_is_found() {
    let want = [
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
        // T1 total row's 优 against S11's 良; 15 + 48.50 + 18 + 10 = 91.50, not 92.50
        ("REPORT-CONFLICT", 21),
        ("REPORT-SCORE", 21),
        // T2 total 执行数 532.40: against S2's 523.40, its rate against 97.75%
        // (S5), 532.40 ÷ 530.00 = 100.45% not 98.75%, 363.40 + 160.00 = 523.40
        ("REPORT-CONFLICT", 26),
        ("REPORT-CONFLICT", 26),
        ("REPORT-RATE", 26),
        ("REPORT-SUM", 26),
        // T3 等级 中 against 良 (S11), and 92.50 分 is 优
        ("REPORT-CONFLICT", 29),
        ("REPORT-SCORE", 29),
    ];
    for ext in FORMATS {
        let r = read(&format!("错_自评报告.{ext}"));
        assert_eq!(slips(&r), want, "{ext}");
        // S6 changes a named project's 年初预算数 (8 → 9): not the department's.
        assert!(r.slips.iter().all(|s| s.paragraph != 8), "{ext}");
    }
}

/// An evaluation report opening on its score (S12 `综合评分为X分`), its score
/// table and grade as lines of text (.txt, and a PDF LibreOffice made of it).
#[test]
fn an_evaluation_report_in_text_is_checked_against_its_table() {
    for ext in ["txt", "pdf"] {
        let right = read(&format!("对_评价报告.{ext}"));
        assert_eq!(
            claims(&right),
            [
                "4 self_total 96.00 分",
                // the table's total row: 20 + 28 + 30 + 18 = 96
                "11 points 100.00 分",
                "11 self_total 96.00 分",
                // `自评等级  优` right after the table, read as prose
                "12 grade 4 ",
            ],
            "{ext}"
        );
        assert!(right.slips.is_empty(), "{ext}: {:?}", right.slips);
        assert_eq!(right.statements.groups.len(), 2, "{ext}");
        // Slip: the opening score 97.00 is not the table's 96.00.
        let wrong = read(&format!("错_评价报告.{ext}"));
        assert_eq!(slips(&wrong), [("REPORT-CONFLICT", 11)], "{ext}");
    }
}
