//! The returned forms as a department and the reviewer read them (`build --forms`,
//! issue #25 items 3, 4, 5 and 7): 审核通过 for a department with nothing to
//! correct, the request with its deadline once for the others, Chinese rule names
//! (the id in a note), `退回清单.xlsx`, an earlier round's forms moved aside, and in
//! a follow-up round each finding's status. Every expected value is derived by
//! hand from the samples' slips (README “在 samples 上走一遍”, `jixiao check samples`)
//! and from tests/fixtures/make_follow_up_fixtures.py.

use crate::common;

use common::*;
use jixiao::batch::follow_up::{DepartmentFollowUp, Presence, Seen};
use jixiao::model::Place;
use jixiao::write::feedback::{converted_bytes, Feedback, Sender};
use std::path::{Path, PathBuf};

const POLICY: &str = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
const CPPCC: &str = "中国人民政治协商会议广州市南沙区委员会办公室";
const OFFICE: &str = "广州市南沙区人民政府办公室";
const HAIZHU: &str = "广州市海珠区科技工业商务和信息化局";
const SUIGANG: &str = "广州开发区穗港智造合作区管理委员会";

/// Copy `samples/` into `dir/name`, the files of `replace` taken from
/// tests/fixtures/follow_up instead.
fn inbox(dir: &Path, name: &str, replace: &[&str]) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        let from = if replace.contains(&file.as_str()) {
            root().join("tests/fixtures/follow_up").join(&file)
        } else {
            p
        };
        std::fs::copy(from, to.join(&file)).unwrap();
    }
    to
}

/// `jixiao build -q --in-process` with `args` in `dir`; its stderr.
fn run(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["--in-process"];
    all.extend_from_slice(args);
    let out = build(dir, &all);
    String::from_utf8(out.stderr).unwrap()
}

/// Every cell of a sheet, row by row, as one list.
fn cells(rows: &[Vec<String>]) -> Vec<&str> {
    rows.iter().flatten().map(String::as_str).collect()
}

/// The names at the top of `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn forms_args<'a>(inbox: &'a str, forms: &'a str) -> Vec<&'a str> {
    vec![
        inbox,
        "-o",
        "汇总表.xlsx",
        "--forms",
        forms,
        "--deadline",
        "2026年12月5日",
        "--review-date",
        "2026年11月24日",
    ]
}

#[test]
fn only_departments_with_errors_or_warnings_are_asked_to_resubmit() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "报送", &[]);
    let err = run(dir.path(), &forms_args("报送", "退回"));
    // 001 has no finding at all; the four others have warnings (000: two 三公
    // sums and three report slips; 002: year, declared rate and six report slips;
    // 003: year; 004: its report's score sum).
    assert!(
        err.contains("退回（5 份，其中审核通过 1 份，另附 退回清单.xlsx）"),
        "{err}"
    );
    let forms = dir.path().join("退回");

    // 001: 审核通过, no request, no deadline.
    let rows = sheet_rows(&forms.join(format!("{OFFICE}.xlsx")), "审核意见");
    assert_eq!(rows[0][0], "审核通过");
    assert_eq!(rows[1][0], "经审核，未发现需要修改的问题，无需重新报送。");
    assert_eq!(rows[2][..2], ["部门", OFFICE]);
    assert_eq!(rows[4][..2], ["问题数", "错误 0 个，警告 0 个，提示 0 个"]);
    let all = cells(&rows);
    assert!(all.contains(&"未发现问题。"));
    assert!(!all.iter().any(|c| c.contains("12月5日")), "{all:?}");
    assert!(!all.iter().any(|c| c.contains("请逐项核对")), "{all:?}");

    // 002: the request, its deadline printed once; the rules by Chinese name, each
    // id in the note of its cell only.
    let xlsx = forms.join(format!("{CPPCC}.xlsx"));
    let rows = sheet_rows(&xlsx, "审核意见");
    assert_eq!(
        rows[0][0],
        "请逐项核对以下问题，修改后于 2026年12月5日前重新报送"
    );
    let all = cells(&rows);
    assert_eq!(all.iter().filter(|c| c.contains("12月5日")).count(), 1);
    assert_eq!(rows[3][..2], ["问题数", "错误 0 个，警告 8 个，提示 0 个"]);
    assert_eq!(
        rows[5],
        ["级别", "问题", "位置", "说明", "申报值", "复核值"]
    );
    assert_eq!(rows[6][..3], ["警告", "年度不符", "自评表!A2"]);
    assert_eq!(rows[7][..3], ["警告", "执行率填报不符", "自评表!F8"]);
    assert_eq!(rows[8][1], "报告与自评表不符");
    assert!(!all.iter().any(|c| c.contains("YEAR-MISMATCH")));
    let notes = zip_text(&xlsx, "xl/comments1.xml");
    assert!(notes.contains("规则编号：YEAR-MISMATCH"), "{notes}");
    assert!(notes.contains("规则编号：RATE-DECLARED"), "{notes}");

    // 004: one warning, in its report only: asked to resubmit all the same.
    let rows = sheet_rows(&forms.join(format!("{HAIZHU}.xlsx")), "审核意见");
    assert!(rows[0][0].starts_with("请逐项核对以下问题"));
    assert_eq!(
        rows[6][..3],
        ["警告", "报告得分不符", "004_自评报告.docx 第11段"]
    );

    // 退回清单: one row per department in the workbook's order (by name), counts by
    // hand from the slips above.
    let rows = sheet_rows(&forms.join("退回清单.xlsx"), "退回清单");
    assert_eq!(rows[0][0], "部门整体支出绩效自评退回清单");
    assert_eq!(rows[1][0], "审核日期：2026年11月24日");
    assert_eq!(rows[2][0], "共 5 个部门：退回修改 4 个，审核通过 1 个");
    assert_eq!(
        rows[4],
        [
            "序号",
            "部门",
            "结果",
            "错误",
            "警告",
            "提示",
            "截止日期",
            "文件"
        ]
    );
    let deadline = "2026年12月5日";
    let want = [
        ["1", POLICY, "退回修改", "0", "5", "0", deadline],
        ["2", CPPCC, "退回修改", "0", "8", "0", deadline],
        ["3", OFFICE, "审核通过", "0", "0", "0", ""],
        ["4", HAIZHU, "退回修改", "0", "1", "0", deadline],
        ["5", SUIGANG, "退回修改", "0", "1", "0", deadline],
    ];
    assert_eq!(rows.len(), 5 + want.len());
    for (row, want) in rows[5..].iter().zip(want) {
        assert_eq!(row[..7], want);
        assert_eq!(row[7], format!("{}.xlsx", want[1]));
    }
}

#[test]
fn a_second_run_moves_the_earlier_forms_aside_and_reading_the_folder_skips_the_list() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "报送", &[]);
    let forms = dir.path().join("退回");
    run(dir.path(), &forms_args("报送", "退回"));
    let first: Vec<(String, Vec<u8>)> = listing(&forms)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(forms.join(&n)).unwrap();
            (n, bytes)
        })
        .collect();
    assert_eq!(first.len(), 6);
    // The reviewer's own files in the folder: a workbook that is not jixiao's, a
    // note, a subfolder. None of them is moved.
    std::fs::copy(root().join("samples/000.xlsx"), forms.join("我的底稿.xlsx")).unwrap();
    std::fs::write(forms.join("说明.txt"), "退回说明").unwrap();
    std::fs::create_dir(forms.join("往来函件")).unwrap();

    let err = run(dir.path(), &forms_args("报送", "退回"));
    let names = listing(&forms);
    let aside: Vec<&String> = names.iter().filter(|n| n.starts_with("旧表_")).collect();
    assert_eq!(aside.len(), 1, "{names:?}");
    let aside = aside[0].clone();
    // 旧表_年月日_时分
    assert_eq!(aside.chars().count(), "旧表_20261130_1507".chars().count());
    assert!(
        err.contains(&format!("原有 6 个文件已移到 退回/{aside}")),
        "{err}"
    );
    let mut want: Vec<String> = first.iter().map(|(n, _)| n.clone()).collect();
    want.extend(["我的底稿.xlsx", "说明.txt", "往来函件"].map(String::from));
    want.push(aside.clone());
    want.sort();
    assert_eq!(names, want);
    // The earlier set is in the subfolder as it was; the new set, from the same
    // inputs, is byte for byte the same.
    assert_eq!(listing(&forms.join(&aside)).len(), 6);
    for (name, bytes) in &first {
        assert_eq!(
            &std::fs::read(forms.join(&aside).join(name)).unwrap(),
            bytes
        );
        assert_eq!(&std::fs::read(forms.join(name)).unwrap(), bytes, "{name}");
    }

    // Read back as submissions, 退回清单.xlsx is skipped with its reason.
    run(
        dir.path(),
        &["退回", "-o", "读回.xlsx", "--json", "读回.json"],
    );
    let doc = read_json(&dir.path().join("读回.json"));
    let list = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "退回/退回清单.xlsx")
        .unwrap();
    assert_eq!(list["status"], "skipped");
    assert_eq!(list["reason"], "jixiao 生成的退回清单，不是报送的自评表");
    // The earlier round's forms, moved aside, are one skipped folder: not read
    // again as second submissions of the same departments.
    let files = doc["files"].as_array().unwrap();
    let folder = format!("退回/{aside}");
    let set_aside: Vec<_> = files
        .iter()
        .filter(|f| f["file"].as_str().unwrap().starts_with(&folder))
        .collect();
    assert_eq!(set_aside.len(), 1, "{set_aside:?}");
    assert_eq!(set_aside[0]["file"], folder.as_str());
    assert_eq!(set_aside[0]["status"], "skipped");
    assert!(set_aside[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("jixiao 写退回表时移开的上一轮退回表，不读取"));
    let text = std::fs::read_to_string(dir.path().join("读回.json")).unwrap();
    assert!(!text.contains(&format!("{folder}/")), "旧表 read: {folder}");
}

#[test]
fn a_follow_up_round_says_what_changed() {
    // Round 1 on the samples; round 2 with 000's 三公 corrected and 003's 执行数
    // written as text (tests/fixtures/make_follow_up_fixtures.py).
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "报送", &[]);
    run(
        dir.path(),
        &["报送", "-o", "一轮.xlsx", "--json", "一轮.json"],
    );
    inbox(dir.path(), "重报", &["000.xlsx", "003.xlsx"]);
    run(
        dir.path(),
        &[
            "重报",
            "-o",
            "二轮.xlsx",
            "--previous",
            "一轮.json",
            "--forms",
            "退回2",
            "--deadline",
            "2026年12月15日",
        ],
    );
    let forms = dir.path().join("退回2");
    let xlsx = forms.join(format!("{POLICY}.xlsx"));
    let rows = sheet_rows(&xlsx, "审核意见");
    assert_eq!(
        rows[0][0],
        "请逐项核对以下问题，修改后于 2026年12月15日前重新报送"
    );
    // 000 now: its report's three slips stay, its 41.94 no longer matches the
    // form's corrected 41.21 (new); both 三公 sums were corrected.
    assert_eq!(rows[3][..2], ["问题数", "错误 0 个，警告 4 个，提示 0 个"]);
    assert_eq!(
        rows[4][..2],
        [
            "整改情况",
            "未整改 3 个，新问题 1 个，已核实 0 个，已整改 2 个"
        ]
    );
    assert_eq!(
        rows[7],
        ["情况", "级别", "问题", "位置", "说明", "申报值", "复核值"]
    );
    let got: Vec<[&str; 4]> = rows[8..]
        .iter()
        .map(|r| [&r[0], &r[1], &r[2], &r[3]].map(String::as_str))
        .collect();
    #[rustfmt::skip]
    let want = [
        // This round's findings in the department's order (report paragraph,
        // then rule).
        ["新问题", "警告", "报告与自评表不符", "000_自评报告.docx 第18段"],
        ["未整改", "警告", "报告分项不符", "000_自评报告.docx 第18段"],
        ["未整改", "警告", "报告分项不符", "000_自评报告.docx 第20段"],
        ["未整改", "警告", "报告比率不符", "000_自评报告.docx 第30段"],
        // Corrected since round 1, at their cells of the file sent then.
        ["已整改", "警告", "三公经费分项不符", "000.xlsx 自评表!C18"],
        ["已整改", "警告", "三公经费分项不符", "000.xlsx 自评表!C20"],
    ];
    assert_eq!(got, want);
    // The status cells' fills: 新问题 lavender, 未整改 orange, 已整改 green.
    let sheet = "xl/worksheets/sheet1.xml";
    assert_eq!(fill_of(&xlsx, sheet, "A9").as_deref(), Some("FFE4DFEC"));
    assert_eq!(fill_of(&xlsx, sheet, "A10").as_deref(), Some("FFF8CBAD"));
    assert_eq!(fill_of(&xlsx, sheet, "A13").as_deref(), Some("FFC6EFCE"));

    // 001 had nothing and has nothing: 审核通过, with the (empty) statuses.
    let rows = sheet_rows(&forms.join(format!("{OFFICE}.xlsx")), "审核意见");
    assert_eq!(rows[0][0], "审核通过");
    assert_eq!(
        rows[5][..2],
        [
            "整改情况",
            "未整改 0 个，新问题 0 个，已核实 0 个，已整改 0 个"
        ]
    );

    // 退回清单 has the status counts too. 003: year open; BAD-NUMBER (错误) and
    // RATE-NA (提示) new.
    let rows = sheet_rows(&forms.join("退回清单.xlsx"), "退回清单");
    assert_eq!(
        rows[4],
        [
            "序号",
            "部门",
            "结果",
            "错误",
            "警告",
            "提示",
            "未整改",
            "新问题",
            "已核实",
            "已整改",
            "截止日期",
            "文件"
        ]
    );
    assert_eq!(
        rows[9][..10],
        ["5", SUIGANG, "退回修改", "1", "1", "1", "1", "2", "0", "0"]
    );
    assert_eq!(
        rows[5][..10],
        ["1", POLICY, "退回修改", "0", "4", "0", "3", "1", "0", "2"]
    );
}

/// A finding as the follow-up keeps it.
fn seen(rule: &str, file: &str, cell: &str, message: &str, remark: Option<&str>) -> Seen {
    Seen {
        rule: rule.into(),
        severity: "警告".into(),
        file: file.into(),
        place: Place::parse(cell),
        message: message.into(),
        declared: None,
        computed: None,
        remark: remark.map(String::from),
        before: None,
    }
}

#[test]
fn findings_the_reviewer_closed_are_listed_with_the_remark_and_not_marked() {
    // The five sample forms without their reports: 002 has YEAR-MISMATCH (A2) and
    // RATE-DECLARED (F8), 003 only YEAR-MISMATCH (A2).
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("报送");
    std::fs::create_dir(&inbox).unwrap();
    for n in ["000", "001", "002", "003", "004"] {
        let name = format!("{n}.xlsx");
        std::fs::copy(root().join("samples").join(&name), inbox.join(&name)).unwrap();
    }
    let scheme = jixiao::scheme::Scheme::builtin();
    let options = jixiao::Options::new(vec![inbox], scheme.clone());
    let inputs = jixiao::inputs(&options).unwrap();
    let batch = jixiao::run(&options, &inputs, &|_| {});
    let department = |name: &str| {
        let i = (0..batch.departments.len())
            .find(|i| batch.departments.department(*i).form.name == name)
            .unwrap();
        let mut d = batch.departments.department(i);
        d.findings = batch.departments.findings(jixiao::store::Which::Kept(i));
        d
    };
    let year = "表中年度为 2022 年，本批汇总年度为 2023 年";
    let closed = "该部门按 2022 年度口径报送，已核实";
    let follow = |name: &str, open: Vec<Seen>, resolved: Vec<Seen>| DepartmentFollowUp {
        name: name.into(),
        presence: Presence::Both,
        resolved,
        open,
        new: Vec::new(),
        verified: vec![seen(
            "YEAR-MISMATCH",
            "报送/x.xlsx",
            "自评表!A2",
            year,
            Some(closed),
        )],
        changed: Vec::new(),
    };
    let feedback = Feedback {
        review_date: "2026年12月8日".into(),
        deadline: None,
        sender: Sender {
            bureau: Some("广州市南沙区财政局".into()),
            contact: Some("张三".into()),
            phone: None,
        },
    };

    // 002: the rate still open with the reviewer's remark, the year closed, a
    // 资金来源 sum corrected.
    let d = department(CPPCC);
    let up = follow(
        CPPCC,
        vec![seen(
            "RATE-DECLARED",
            "报送/002.xlsx",
            "自评表!F8",
            "…",
            Some("请按执行数÷预算数填写"),
        )],
        vec![seen(
            "SUM-FUNDS",
            "报送/002.xlsx",
            "自评表!D8",
            "资金来源之和不等于合计",
            None,
        )],
    );
    let bytes = converted_bytes(&d, &scheme, &feedback, Some(&up)).unwrap();
    let xlsx = dir.path().join("002.xlsx");
    std::fs::write(&xlsx, bytes).unwrap();
    let rows = sheet_rows(&xlsx, "审核意见");
    // No deadline: a blank to fill by hand.
    assert_eq!(
        rows[0][0],
        "请逐项核对以下问题，修改后于 　　年　　月　　日前重新报送"
    );
    // The sender block: bureau and contact, no phone line.
    assert_eq!(rows[1][..2], ["部门", CPPCC]);
    assert_eq!(rows[2][..2], ["审核日期", "2026年12月8日"]);
    assert_eq!(rows[3][..2], ["审核单位", "广州市南沙区财政局"]);
    assert_eq!(rows[4][..2], ["联系人", "张三"]);
    // The closed year is not counted among the problems.
    assert_eq!(rows[5][..2], ["问题数", "错误 0 个，警告 1 个，提示 0 个"]);
    assert_eq!(
        rows[6][..2],
        [
            "整改情况",
            "未整改 1 个，新问题 0 个，已核实 1 个，已整改 1 个"
        ]
    );
    assert_eq!(
        rows[9],
        [
            "情况",
            "级别",
            "问题",
            "位置",
            "说明",
            "申报值",
            "复核值",
            "审核人意见"
        ]
    );
    let got: Vec<[&str; 5]> = rows[10..]
        .iter()
        .map(|r| [&r[0], &r[2], &r[3], &r[4], &r[7]].map(String::as_str))
        .collect();
    #[rustfmt::skip]
    assert_eq!(got, [
        ["未整改", "执行率填报不符", "自评表!F8",
         "年度资金总额：申报执行率 99.80%，按执行数 ÷ 预算数计算应为 99.98%", "请按执行数÷预算数填写"],
        ["已核实", "年度不符", "x.xlsx 自评表!A2", year, closed],
        ["已整改", "资金来源分项不符", "002.xlsx 自评表!D8", "资金来源之和不等于合计", ""],
    ]);
    // 自评表 marks the open finding, not the closed one.
    let notes = zip_text(&xlsx, "xl/comments2.xml");
    assert!(notes.contains("申报执行率 99.80%"), "{notes}");
    assert!(!notes.contains("表中年度为"), "{notes}");

    // 003: its only warning closed: 审核通过, the closed finding listed for reference.
    let d = department(SUIGANG);
    let bytes = converted_bytes(
        &d,
        &scheme,
        &feedback,
        Some(&follow(SUIGANG, vec![], vec![])),
    )
    .unwrap();
    let xlsx = dir.path().join("003.xlsx");
    std::fs::write(&xlsx, bytes).unwrap();
    let rows = sheet_rows(&xlsx, "审核意见");
    assert_eq!(rows[0][0], "审核通过");
    assert_eq!(rows[6][..2], ["问题数", "错误 0 个，警告 0 个，提示 0 个"]);
    assert_eq!(rows[9][0], "以下内容仅供参考，无需修改。");
    assert_eq!(rows[11][..3], ["已核实", "警告", "年度不符"]);
    assert_eq!(rows.len(), 12);
}
