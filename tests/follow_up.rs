//! The review round's second pass (`--previous`): samples/ reviewed, then sent
//! again with 000's 三公 corrected, a new slip in 003 and 001 missing
//! (tests/fixtures/make_follow_up_fixtures.py). Every expected row is derived by
//! hand from those edits and the first round's findings.

use crate::common;

use common::*;
use std::path::Path;

/// Copy `samples/` into `dir/name`, replacing and removing files.
fn round(dir: &Path, name: &str, replace: &[&str], remove: &[&str]) {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        if remove.contains(&file.as_str()) {
            continue;
        }
        let from = if replace.contains(&file.as_str()) {
            root().join("tests/fixtures/follow_up").join(&file)
        } else {
            p
        };
        std::fs::copy(from, to.join(&file)).unwrap();
    }
}

#[test]
fn second_round_shows_what_was_corrected_and_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    round(dir.path(), "报送", &[], &[]);
    build(
        dir.path(),
        &["报送", "-o", "一轮.xlsx", "--json", "一轮.json"],
    );
    round(
        dir.path(),
        "重报",
        &["000.xlsx", "003.xlsx"],
        &["001.xlsx", "001_自评报告.docx", "001_自评报告.pdf"],
    );
    build(
        dir.path(),
        &[
            "重报",
            "-o",
            "二轮.xlsx",
            "--json",
            "二轮.json",
            "--previous",
            "一轮.json",
        ],
    );
    let rows = sheet_rows(&dir.path().join("二轮.xlsx"), "整改情况");
    // No dates were given: each round is dated today, and the title says so.
    assert!(rows[0][0].contains("整改情况（上次审核 "), "{:?}", rows[0]);
    assert!(!rows[0][0].contains("一轮.json"), "{:?}", rows[0]);
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
    let got: Vec<[&str; 5]> = rows[3..]
        .iter()
        .map(|r| [&r[0], &r[1], &r[3], &r[4], &r[5]].map(String::as_str))
        .collect();
    let policy = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
    let cppcc = "中国人民政治协商会议广州市南沙区委员会办公室";
    let office = "广州市南沙区人民政府办公室";
    let haizhu = "广州市海珠区科技工业商务和信息化局";
    let suigang = "广州开发区穗港智造合作区管理委员会";
    #[rustfmt::skip]
    let want: Vec<[&str; 5]> = vec![
        [policy, "小计", "", "", ""],
        // 000: both 三公 sums now add up (9.81 + 21.40 + 10 = 41.21; 18 + 3.40 = 21.40).
        [policy, "已整改", "警告", "三公经费分项不符（SUM-SANGONG）", "报送/000.xlsx 自评表!C18"],
        [policy, "已整改", "警告", "三公经费分项不符（SUM-SANGONG）", "报送/000.xlsx 自评表!C20"],
        // Its report was sent unchanged: its three slips stay…
        [policy, "未整改", "警告", "报告分项不符（REPORT-SUM）", "重报/000_自评报告.docx 第18段"],
        [policy, "未整改", "警告", "报告分项不符（REPORT-SUM）", "重报/000_自评报告.docx 第20段"],
        [policy, "未整改", "警告", "报告比率不符（REPORT-RATE）", "重报/000_自评报告.docx 第30段"],
        // …and its 41.94 no longer matches the form's corrected 41.21.
        [policy, "新问题", "警告", "报告与自评表不符（REPORT-FORM）", "重报/000_自评报告.docx 第18段"],
        // 002 sent the same files: all eight findings stay.
        [cppcc, "小计", "", "", ""],
        [cppcc, "未整改", "警告", "年度不符（YEAR-MISMATCH）", "重报/002.xlsx 自评表!A2"],
        [cppcc, "未整改", "警告", "执行率填报不符（RATE-DECLARED）", "重报/002.xlsx 自评表!F8"],
        [cppcc, "未整改", "警告", "报告与自评表不符（REPORT-FORM）", "重报/002_自评报告.docx 第7段"],
        [cppcc, "未整改", "警告", "报告前后不一（REPORT-CONFLICT）", "重报/002_自评报告.docx 第15段"],
        [cppcc, "未整改", "警告", "报告前后不一（REPORT-CONFLICT）", "重报/002_自评报告.docx 第15段"],
        [cppcc, "未整改", "警告", "报告前后不一（REPORT-CONFLICT）", "重报/002_自评报告.docx 第15段"],
        [cppcc, "未整改", "警告", "报告与自评表不符（REPORT-FORM）", "重报/002_自评报告.docx 第15段"],
        [cppcc, "未整改", "警告", "报告分项不符（REPORT-SUM）", "重报/002_自评报告.docx 第15段"],
        // 001 was not sent again.
        [office, "未再报送", "", "", ""],
        // 004: its report's 履职效能 sum still reads 60 against 50.
        [haizhu, "小计", "", "", ""],
        [haizhu, "未整改", "警告", "报告得分不符（REPORT-SCORE）", "重报/004_自评报告.docx 第11段"],
        // 003: the year stays; 执行数 as text is new, and without it the
        // 部门预算资金支出率 indicator (I41) cannot be recomputed; 执行数 and 执行率
        // are gone (1924.46 / 1945.54 = 98.92% before). Its 复核总分 stays 98.29:
        // the indicator's self score 9.89 equals what was computed before.
        [suigang, "小计", "", "", ""],
        [suigang, "未整改", "警告", "年度不符（YEAR-MISMATCH）", "重报/003.xlsx 自评表!A2"],
        [suigang, "新问题", "错误", "数字无法识别（BAD-NUMBER）", "重报/003.xlsx 自评表!E8"],
        [suigang, "新问题", "提示", "比率不可比（RATE-NA）", "重报/003.xlsx 自评表!I41"],
        [suigang, "数字变化", "", "", ""],
        [suigang, "数字变化", "", "", ""],
    ];
    assert_eq!(got, want);
    // The counts of each department, and the values before and now.
    let line = |k: usize| [&rows[k][2], &rows[k][6], &rows[k][7]].map(String::as_str);
    assert_eq!(
        line(3)[0],
        "已整改 2，未整改 3，新问题 1，已核实 0；数字变化 0"
    );
    assert_eq!(line(4), ["“三公”经费合计的预算数不等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和：合计填 41.94，分项之和为 40.94，相差 1.00", "申报 41.94，复核 40.94", "已无此问题"]);
    // The report still says 41.94 where the form now says 41.21.
    assert_eq!(line(9)[1..], ["", "申报 41.94万元，复核 41.21万元"]);
    assert_eq!(
        line(10)[0],
        "已整改 0，未整改 8，新问题 0，已核实 0；数字变化 0"
    );
    assert_eq!(
        line(11)[1..],
        ["申报 2022，复核 2023", "申报 2022，复核 2023"]
    );
    assert_eq!(line(19)[0], "上次有这个部门，本次没有读到它的自评表");
    assert_eq!(
        line(22)[0],
        "已整改 0，未整改 1，新问题 2，已核实 0；数字变化 2"
    );
    assert_eq!(line(26), ["全年执行数", "1924.46", "—"]);
    assert_eq!(line(27), ["执行率", "98.92%", "—"]);

    // The same in JSON, and `check` prints the summary per department.
    let doc = read_json(&dir.path().join("二轮.json"));
    let follow = &doc["follow_up"];
    assert_eq!(follow["previous"], "一轮.json");
    let office_json = follow["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == office)
        .unwrap();
    assert_eq!(office_json["presence"], "missing");
    assert_eq!(follow["missing_departments"], serde_json::json!([office]));
    assert_eq!(follow["new_departments"], serde_json::json!([]));
    let out = jixiao(
        dir.path(),
        &["check", "-q", "重报", "--previous", "一轮.json"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "  {policy}：已整改 2，未整改 3，新问题 1，已核实 0\n"
        )),
        "{text}"
    );
    assert!(text.contains(&format!("  {office}：未再报送\n")));
    assert!(text.contains(&format!(
        "  {suigang}：已整改 0，未整改 1，新问题 2，已核实 0；全年执行数 1924.46 → —；执行率 98.92% → —\n"
    )));
    // A workbook without --previous has no 整改情况, a JSON no follow_up.
    assert!(read_json(&dir.path().join("二轮.json"))
        .get("follow_up")
        .is_some());
    let first = read_json(&dir.path().join("一轮.json"));
    assert!(first.get("follow_up").is_none());
}

#[test]
fn an_earlier_file_that_cannot_be_compared_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let samples = samples.to_str().unwrap();
    std::fs::write(dir.path().join("不是.json"), "汇总表").unwrap();
    std::fs::write(
        dir.path().join("别人的.json"),
        r#"{"departments": [], "findings": []}"#,
    )
    .unwrap();
    build(
        dir.path(),
        &[samples, "-o", "一轮.xlsx", "--json", "一轮.json"],
    );
    let text = std::fs::read_to_string(dir.path().join("一轮.json")).unwrap();
    let other = text.replacen("\"scheme\": \"", "\"scheme\": \"别的方案-", 1);
    std::fs::write(dir.path().join("别的方案.json"), other).unwrap();
    for (file, says) in [
        ("不是.json", "不是 JSON 文件"),
        ("别人的.json", "不是 jixiao 导出的 JSON"),
        ("别的方案.json", "两次的得分和问题不可比"),
        ("没有这个.json", "无法读取上次的结果"),
    ] {
        let out = jixiao(dir.path(), &["check", samples, "--previous", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{file}: {err}");
    }
}
