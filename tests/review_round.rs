//! The review round as a loop, as a reviewer runs it (issue #25): round 1 on
//! `samples/`; the reviewer marks both YEAR-MISMATCH findings 已核实无误 in the
//! workbook's 审核问题 (with a remark) and adds a remark to 002's RATE-DECLARED;
//! 000 corrects its 三公 lines (tests/fixtures/follow_up/000.xlsx); round 2 reads
//! the edited workbook; round 3 reads round 2's workbook untouched, with 003 sent
//! again under another year (tests/fixtures/follow_up/round3/003.xlsx); round 4
//! reads round 3's JSON. Every expected row is derived by hand from those edits
//! and round 1's fifteen warnings (README “在 samples 上走一遍”).

use crate::common;

use common::*;
use std::path::Path;

const POLICY: &str = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
const OFFICE: &str = "广州市南沙区人民政府办公室";
const CPPCC: &str = "中国人民政治协商会议广州市南沙区委员会办公室";
const HAIZHU: &str = "广州市海珠区科技工业商务和信息化局";
const SUIGANG: &str = "广州开发区穗港智造合作区管理委员会";

const VERIFIED: &str = "按财政年度口径填报，已电话核实";
const ASK: &str = "请按执行数÷预算数重新计算";

/// `samples/` copied to `dir/name`, with some files taken from fixtures.
fn inbox(dir: &Path, name: &str, replaced: &[(&str, &str)]) {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        let from = replaced
            .iter()
            .find(|(f, _)| *f == file)
            .map_or(p, |(_, fixture)| root().join(fixture));
        std::fs::copy(from, to.join(&file)).unwrap();
    }
}

/// What a reviewer does in Excel: in 审核问题, the rows of rule `rule` get 处理
/// `verdict` and 审核人意见 `remark` (cells I and J of each row). Returns how many
/// rows were edited.
fn decide(workbook: &Path, rule: &str, verdict: &str, remark: &str) -> usize {
    let bytes = std::fs::read(workbook).unwrap();
    let part = unzip(&bytes)
        .into_iter()
        .find(|(name, data)| {
            name.starts_with("xl/worksheets/sheet")
                && String::from_utf8_lossy(data).contains("审核问题清单")
        })
        .map(|(name, _)| name)
        .expect("a 审核问题 sheet");
    let edited = std::cell::Cell::new(0);
    let out = edit_part(&bytes, &part, |xml| {
        let mut rows: Vec<String> = xml.split("<row ").map(str::to_string).collect();
        for row in rows.iter_mut().skip(1) {
            if !row.contains(&format!("（{rule}）")) {
                continue;
            }
            let n: String = row[3..].chars().take_while(char::is_ascii_digit).collect();
            *row = row.replacen("<t>待整改</t>", &format!("<t>{verdict}</t>"), 1);
            let blank = row[row.find(&format!("<c r=\"J{n}\"")).unwrap()..]
                .split_inclusive("/>")
                .next()
                .unwrap()
                .to_string();
            let style = blank
                .split("s=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let filled =
                format!("<c r=\"J{n}\" s=\"{style}\" t=\"inlineStr\"><is><t>{remark}</t></is></c>");
            *row = row.replacen(&blank, &filled, 1);
            edited.set(edited.get() + 1);
        }
        rows.join("<row ")
    });
    std::fs::write(workbook, out).unwrap();
    edited.get()
}

/// 整改情况 as (部门, 情况, 规则, 上次, 本次, 审核人意见), and the 小计 lines.
fn follow_up(workbook: &Path) -> (Vec<[String; 6]>, Vec<(String, String)>) {
    let rows = sheet_rows(workbook, "整改情况");
    assert_eq!(
        rows[2],
        [
            "部门",
            "情况",
            "说明",
            "级别",
            "规则",
            "位置/项目",
            "上次",
            "本次",
            "审核人意见"
        ]
    );
    let mut findings = Vec::new();
    let mut counts = Vec::new();
    for r in &rows[3..] {
        match r[1].as_str() {
            "小计" => counts.push((r[0].clone(), r[2].clone())),
            "已整改" | "未整改" | "新问题" | "已核实" => {
                findings.push([&r[0], &r[1], &r[4], &r[6], &r[7], &r[8]].map(|s| s.to_string()))
            }
            _ => {}
        }
    }
    (findings, counts)
}

fn row(d: &str, status: &str, rule: &str, before: &str, now: &str, remark: &str) -> [String; 6] {
    [d, status, rule, before, now, remark].map(str::to_string)
}

/// The 审核问题 rows of one rule.
fn listed(workbook: &Path, rule: &str) -> Vec<Vec<String>> {
    sheet_rows(workbook, "审核问题")
        .into_iter()
        .filter(|r| r.get(3).is_some_and(|c| c.contains(&format!("（{rule}）"))))
        .collect()
}

#[test]
fn a_round_trip_of_review_decisions_and_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let wb = |name: &str| d.join(name);

    // Round 1: fifteen warnings; 处理 starts as 待整改 on every row.
    inbox(d, "报送", &[]);
    let r1 = [
        "报送",
        "-o",
        "一轮.xlsx",
        "--json",
        "一轮.json",
        "--review-date",
        "2026-11-24",
    ];
    build(d, &r1);
    let findings = sheet_rows(&wb("一轮.xlsx"), "审核问题");
    assert_eq!(findings[2][0], "编号");
    assert_eq!(findings[2][8..], ["处理", "审核人意见", "位置"]);
    assert_eq!(findings.len() - 3, 15);
    assert!(findings[3..]
        .iter()
        .all(|r| r[8] == "待整改" && r[9].is_empty()));

    // The reviewer closes both year findings and asks 002 to redo its rate.
    assert_eq!(
        decide(&wb("一轮.xlsx"), "YEAR-MISMATCH", "已核实无误", VERIFIED),
        2
    );
    assert_eq!(decide(&wb("一轮.xlsx"), "RATE-DECLARED", "待整改", ASK), 1);

    // Round 2: 000 corrected its 三公 lines, the rest sent unchanged.
    inbox(
        d,
        "重报",
        &[("000.xlsx", "tests/fixtures/follow_up/000.xlsx")],
    );
    let r2 = [
        "重报",
        "-o",
        "二轮.xlsx",
        "--json",
        "二轮.json",
        "--previous",
        "一轮.xlsx",
        "--review-date",
        "2026-12-08",
        "--forms",
        "退回2",
        "--deadline",
        "12月15日",
    ];
    build(d, &r2);
    let title = &sheet_rows(&wb("二轮.xlsx"), "整改情况")[0][0];
    assert!(
        title.ends_with("整改情况（上次审核 2026年11月24日，本次审核 2026年12月8日）"),
        "{title}"
    );
    let (rows, counts) = follow_up(&wb("二轮.xlsx"));
    let sum = "三公经费分项不符（SUM-SANGONG）";
    let year = "年度不符（YEAR-MISMATCH）";
    let rate = "执行率填报不符（RATE-DECLARED）";
    let years = "申报 2022，复核 2023";
    #[rustfmt::skip]
    let want = vec![
        // 000: C18 and C20 now add up; its report's three slips stay; the report's
        // 41.94 no longer matches the form's 41.21.
        row(POLICY, "已整改", sum, "申报 41.94，复核 40.94", "已无此问题", ""),
        row(POLICY, "已整改", sum, "申报 21.13，复核 21.40", "已无此问题", ""),
        row(POLICY, "未整改", "报告分项不符（REPORT-SUM）", "申报 41.94万元，复核 40.94万元", "申报 41.94万元，复核 40.94万元", ""),
        row(POLICY, "未整改", "报告分项不符（REPORT-SUM）", "申报 21.13万元，复核 21.40万元", "申报 21.13万元，复核 21.40万元", ""),
        row(POLICY, "未整改", "报告比率不符（REPORT-RATE）", "申报 64.59%，复核 57.34%", "申报 64.59%，复核 57.34%", ""),
        row(POLICY, "新问题", "报告与自评表不符（REPORT-FORM）", "", "申报 41.94万元，复核 41.21万元", ""),
        // 002: its rate stays, with the reviewer's request; its year is closed.
        row(CPPCC, "未整改", rate, "申报 99.80%，复核 99.98%", "申报 99.80%，复核 99.98%", ASK),
    ];
    assert_eq!(rows[..want.len()], want);
    // 002's six report slips stay (not listed here one by one), then its year.
    assert!(rows[7..13]
        .iter()
        .all(|r| r[0] == CPPCC && r[1] == "未整改"));
    #[rustfmt::skip]
    let want_rest = vec![
        row(CPPCC, "已核实", year, years, years, VERIFIED),
        row(HAIZHU, "未整改", "报告得分不符（REPORT-SCORE）", "申报 50分，复核 60分", "申报 50分，复核 60分", ""),
        row(SUIGANG, "已核实", year, years, years, VERIFIED),
    ];
    assert_eq!(rows[13..], want_rest);
    let line = |r, o, n, v| format!("已整改 {r}，未整改 {o}，新问题 {n}，已核实 {v}；数字变化 0");
    assert_eq!(
        counts,
        [
            (POLICY.to_string(), line(2, 3, 1, 0)),
            (CPPCC.to_string(), line(0, 7, 0, 1)),
            (OFFICE.to_string(), line(0, 0, 0, 0)),
            (HAIZHU.to_string(), line(0, 1, 0, 0)),
            (SUIGANG.to_string(), line(0, 0, 0, 1)),
        ]
    );
    // Closed findings are neither listed nor counted: 15 − 2 corrected + 1 new − 2
    // closed = 12 warnings.
    assert!(listed(&wb("二轮.xlsx"), "YEAR-MISMATCH").is_empty());
    let doc = read_json(&wb("二轮.json"));
    assert_eq!(doc["district"]["findings"]["警告"], 12);
    assert_eq!(doc["decisions"].as_array().unwrap().len(), 2);

    // The departments are told the same in their round-2 forms' 审核意见.
    let opinion =
        |name: &str| sheet_rows(&d.join("退回2").join(format!("{name}.xlsx")), "审核意见");
    let form = opinion(CPPCC);
    assert_eq!(
        form[0][0],
        "请逐项核对以下问题，修改后于 2026年12月15日前重新报送"
    );
    let header = form.iter().position(|r| r[0] == "情况").unwrap();
    assert_eq!(form[header][..4], ["情况", "级别", "问题", "位置"]);
    assert_eq!(form[header][7], "审核人意见");
    let statuses: Vec<[&str; 4]> = form[header + 1..]
        .iter()
        .map(|r| [r[0].as_str(), r[2].as_str(), r[3].as_str(), r[7].as_str()])
        .collect();
    let para15 = "002_自评报告.docx 第15段";
    #[rustfmt::skip]
    assert_eq!(statuses, [
        ["未整改", "执行率填报不符", "自评表!F8", ASK],
        ["未整改", "报告与自评表不符", "002_自评报告.docx 第7段", ""],
        ["未整改", "报告前后不一", para15, ""],
        ["未整改", "报告前后不一", para15, ""],
        ["未整改", "报告前后不一", para15, ""],
        ["未整改", "报告与自评表不符", para15, ""],
        ["未整改", "报告分项不符", para15, ""],
        ["已核实", "年度不符", "002.xlsx 自评表!A2", VERIFIED],
    ]);
    // 003's only warning is closed: it passes, the closed finding listed for reference.
    let form = opinion(SUIGANG);
    assert_eq!(form[0][0], "审核通过");
    assert!(!form.iter().flatten().any(|c| c.contains("重新报送前")));
    let last = form.last().unwrap();
    assert_eq!(
        [&last[0], &last[2], &last[7]],
        ["已核实", "年度不符", VERIFIED]
    );

    // Round 3: round 2's workbook as the reviewer left it (no new decisions); 003
    // sent again with 2021: its closed finding changed values and is raised again.
    inbox(
        d,
        "三报",
        &[
            ("000.xlsx", "tests/fixtures/follow_up/000.xlsx"),
            ("003.xlsx", "tests/fixtures/follow_up/round3/003.xlsx"),
        ],
    );
    let r3 = [
        "三报",
        "-o",
        "三轮.xlsx",
        "--json",
        "三轮.json",
        "--previous",
        "二轮.xlsx",
        "--review-date",
        "2026-12-20",
    ];
    build(d, &r3);
    let (rows, counts) = follow_up(&wb("三轮.xlsx"));
    let mine =
        |who: &str| -> Vec<[String; 6]> { rows.iter().filter(|r| r[0] == who).cloned().collect() };
    // 002: closed two rounds ago, still closed; the request was for one round.
    let cppcc = mine(CPPCC);
    assert_eq!(
        cppcc.last().unwrap(),
        &row(CPPCC, "已核实", year, years, years, VERIFIED)
    );
    assert_eq!(
        cppcc[0],
        row(
            CPPCC,
            "未整改",
            rate,
            "申报 99.80%，复核 99.98%",
            "申报 99.80%，复核 99.98%",
            ""
        )
    );
    assert_eq!(
        mine(SUIGANG),
        [row(
            SUIGANG,
            "未整改",
            year,
            years,
            "申报 2021，复核 2023",
            VERIFIED
        )]
    );
    assert_eq!(counts[4], (SUIGANG.to_string(), line(0, 1, 0, 0)));
    assert_eq!(counts[1], (CPPCC.to_string(), line(0, 7, 0, 1)));
    let raised = listed(&wb("三轮.xlsx"), "YEAR-MISMATCH");
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0][1], SUIGANG);
    assert_eq!(raised[0][6..8], ["2021", "2023"]);

    // Round 4 from round 3's JSON: the decision on 002 is carried there too.
    let r4 = ["三报", "-o", "四轮.xlsx", "--previous", "三轮.json"];
    build(d, &r4);
    let (rows, _) = follow_up(&wb("四轮.xlsx"));
    assert!(rows.contains(&row(CPPCC, "已核实", year, years, years, VERIFIED)));
    assert_eq!(listed(&wb("四轮.xlsx"), "YEAR-MISMATCH").len(), 1);
}

#[test]
fn a_workbook_not_from_jixiao_is_refused_as_previous() {
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let out = jixiao(
        dir.path(),
        &[
            "check",
            "-q",
            samples.to_str().unwrap(),
            "--previous",
            samples.join("000.xlsx").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不是 jixiao 生成的汇总表"), "{err}");
}
