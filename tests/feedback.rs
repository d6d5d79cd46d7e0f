//! The converted form as feedback (`build --forms`): each finding marks its cell
//! with a fill by severity and a note, `审核意见` lists them first, text where a
//! number belongs is kept as written, column K says what it holds. The fixture's
//! slips are set by hand in tests/fixtures/make_feedback_fixtures.py.

use crate::common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

#[test]
fn converted_form_marks_every_finding_and_lists_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("tests/fixtures/feedback/示例区退回.xlsx");
    let forms = dir.path().join("退回");
    build(
        dir.path(),
        &[
            input.to_str().unwrap(),
            "-o",
            "汇总表.xlsx",
            "--forms",
            forms.to_str().unwrap(),
            "--review-date",
            "2026年11月24日",
            "--deadline",
            "2026年12月5日",
        ],
    );
    let xlsx = forms.join("广州市南沙区人民政府办公室.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["审核意见", "自评表", "填报说明"]);

    // 审核意见: heading with the deadline, department, date, counts, then one row
    // per finding in cell order (the fixture's four, see its script), each rule by
    // its Chinese name.
    let rows = sheet_rows(&xlsx, "审核意见");
    assert_eq!(
        rows[0][0],
        "请逐项核对以下问题，修改后于 2026年12月5日前重新报送"
    );
    assert_eq!(rows[1][..2], ["部门", "广州市南沙区人民政府办公室"]);
    assert_eq!(rows[2][..2], ["审核日期", "2026年11月24日"]);
    assert_eq!(rows[3][1], "错误 1 个，警告 2 个，提示 1 个");
    assert_eq!(
        rows[5],
        ["级别", "问题", "位置", "说明", "申报值", "复核值"]
    );
    let listed: Vec<(&str, &str, &str)> = rows[6..10]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("错误", "数字无法识别", "自评表!E8"),
            ("警告", "三公经费分项不符", "自评表!C18"),
            ("警告", "执行率填报不符", "自评表!E19"),
            ("提示", "比率不可比", "自评表!I41"),
        ]
    );
    assert_eq!(rows[6][4], "约3342万");
    // SUM-SANGONG: 合计 30.00 against 6 + 15 + 10 = 31.00.
    assert_eq!(rows[7][4..6], ["30.00", "31.00"]);
    // 位置 is a link to the cell.
    let opinion = zip_text(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(opinion.contains("location=\"'自评表'!E8\""), "{opinion}");

    // 自评表: the text kept as written; each finding's cell filled by severity.
    let form = wb.worksheet_range("自评表").unwrap();
    assert_eq!(
        form.get_value((7, 4)),
        Some(&Data::String("约3342万".into()))
    );
    let sheet = "xl/worksheets/sheet2.xml";
    assert_eq!(fill_of(&xlsx, sheet, "E8").as_deref(), Some("FFFF9999"));
    assert_eq!(fill_of(&xlsx, sheet, "C18").as_deref(), Some("FFFFD966"));
    assert_eq!(fill_of(&xlsx, sheet, "E19").as_deref(), Some("FFFFD966"));
    assert_eq!(fill_of(&xlsx, sheet, "I41").as_deref(), Some("FF9DC3E6"));
    // A cell without a finding keeps its plain look.
    assert_eq!(fill_of(&xlsx, sheet, "D8"), None);
    // The notes: one per marked cell, with the message and both values.
    // (审核意见's notes, the rule ids, come first: comments1.xml.)
    let notes = zip_text(&xlsx, "xl/comments2.xml");
    for a1 in ["E8", "C18", "E19", "I41"] {
        assert!(notes.contains(&format!("ref=\"{a1}\"")), "no note on {a1}");
    }
    assert!(notes.contains("【错误】年度资金总额全年执行数应为数字，实际填写“约3342万”"));
    assert!(notes.contains("申报值：30.00"));
    assert!(notes.contains("复核值：31.00"));
    // The legend line under the form.
    let cells: Vec<String> = form
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.iter().any(|c| c == "审核标记："));
    // Column K says what it holds, row by row.
    assert_eq!(
        form.get_value((6, 10)),
        Some(&Data::String("复核执行率".into()))
    );
    assert_eq!(
        form.get_value((14, 11)),
        Some(&Data::String("复核结转结余率".into()))
    );
    assert_eq!(
        form.get_value((16, 10)),
        Some(&Data::String("复核执行率".into()))
    );
    assert_eq!(
        form.get_value((24, 11)),
        Some(&Data::String("复核固定资产利用率".into()))
    );
}

#[test]
fn report_findings_are_listed_with_their_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("退回");
    build(
        &root(),
        &[
            "samples",
            "-o",
            dir.path().join("汇总表.xlsx").to_str().unwrap(),
            "--forms",
            forms.to_str().unwrap(),
        ],
    );
    let rows = sheet_rows(
        &forms.join("中国人民政治协商会议广州市南沙区委员会办公室.xlsx"),
        "审核意见",
    );
    // 002: the form's YEAR-MISMATCH (A2) and RATE-DECLARED (F8), then the six
    // findings of its report (scripts/make_sample_reports.py), each at its paragraph.
    let places: Vec<&str> = rows[6..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        places,
        [
            "自评表!A2",
            "自评表!F8",
            "002_自评报告.docx 第7段",
            "002_自评报告.docx 第15段",
            "002_自评报告.docx 第15段",
            "002_自评报告.docx 第15段",
            "002_自评报告.docx 第15段",
            "002_自评报告.docx 第15段",
        ]
    );
}

#[test]
fn a_finding_follows_its_value_to_the_canonical_cell() {
    // The fixture's 年度资金总额 row is 9 and 全年预算数 is column C (one column and
    // one row off the canonical layout); its UNIT-SUSPECT at C9 is marked where that
    // value is written, the canonical D8.
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("tests/fixtures/layouts/canonical_示例区老干部局.xlsx");
    let forms = dir.path().join("退回");
    build(
        dir.path(),
        &[
            input.to_str().unwrap(),
            "-o",
            "汇总表.xlsx",
            "--forms",
            forms.to_str().unwrap(),
        ],
    );
    let xlsx = forms.join("示例区老干部局.xlsx");
    let rows = sheet_rows(&xlsx, "审核意见");
    assert_eq!(rows[6][..3], ["错误", "金额单位存疑", "自评表!D8"]);
    assert_eq!(
        fill_of(&xlsx, "xl/worksheets/sheet2.xml", "D8").as_deref(),
        Some("FFFF9999")
    );
}
