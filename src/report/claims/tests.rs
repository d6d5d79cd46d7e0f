//! Unit tests of `report/claims.rs`.

use super::*;

fn subjects(text: &str) -> Vec<(String, String)> {
    statements(&[text.to_string()])
        .claims
        .iter()
        .map(|c| (c.subject.clone(), c.value.to_string()))
        .collect()
}

#[test]
fn terms_name_their_numbers() {
    assert_eq!(
        subjects("全年部门预算数 3,378.30万元，执行数 3,342.07万元，完成预算的 98.93%。"),
        [
            ("budget".into(), "3378.30".into()),
            ("spent".into(), "3342.07".into()),
            ("rate".into(), "98.93".into())
        ]
    );
    // Unclear subjects are not claims.
    assert!(subjects("共涉及资金 848.65万元，其中重点任务项目预算支出 3616.58 万元。").is_empty());
    assert!(subjects("社会保障和就业支出87.78万元，同比增长77.1%。").is_empty());
}

#[test]
fn funds_qualify_and_lists_group() {
    let st = statements(&["全年一般公共预算财政拨款收入 37,888.34 万元，支出 37,888.34 万元，收支平衡，其中基本支出 2,817.24 万元，项目支出 35,071.10 万元。".to_string()]);
    let ids: Vec<&str> = st.claims.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        ids,
        [
            "general.income",
            "general.spent",
            "general.basic",
            "general.project"
        ]
    );
    assert_eq!(st.groups.len(), 1);
    assert_eq!(st.claims[st.groups[0].total].subject, "general.spent");
}

#[test]
fn a_named_project_is_not_the_department() {
    assert!(subjects("其中，法院执行年初预算数6万元，年末结算支出6万元。").is_empty());
    assert_eq!(
        subjects("年初部门预算数 500万元。"),
        [("initial".into(), "500".into())]
    );
}

#[test]
fn colon_and_dash_join_a_term_to_its_number() {
    assert_eq!(
        subjects("2、支出：420.50万元。"),
        [("spent".into(), "420.50".into())]
    );
    assert_eq!(
        subjects("支出——420.50万元，收入：418.20万元，其中财政拨款收入 400万元。"),
        [
            ("spent".into(), "420.50".into()),
            ("revenue".into(), "418.20".into()),
            ("fiscal_income".into(), "400".into())
        ]
    );
    // A colon after something else than a term gives nothing.
    assert!(subjects("填报日期：2024年3月1日，联系人：张三 12.5万元。").is_empty());
}

#[test]
fn carry_over_is_no_part_of_spending() {
    let st = statements(&[
        "支出 90.00万元，其中基本支出 60.00万元，项目支出 30.00万元，结余结转 5.00万元。"
            .to_string(),
    ]);
    assert_eq!(st.groups.len(), 1);
    assert_eq!(st.groups[0].parts.len(), 2);
    // 支出总计 includes the carry-over (the 决算 wording).
    let st = statements(&[
        "支出总计 95.00万元，其中本年支出合计 90.00万元，年末结转和结余 5.00万元。".to_string(),
    ]);
    assert_eq!(st.claims[st.groups[0].total].subject, "spent_total");
    assert_eq!(st.groups[0].parts.len(), 2);
}

#[test]
fn involve_is_read_only_for_the_whole_department() {
    assert_eq!(
        subjects("我局整体支出绩效自评（含下属单位1个），涉及一般公共预算支出 300万元，政府性基金预算支出 0万元。"),
        [
            ("general.spent".into(), "300".into()),
            ("gov_fund.spent".into(), "0".into())
        ]
    );
    assert!(subjects(
        "对“设备购置”项目开展了重点绩效评价，涉及一般公共预算支出 30万元，政府性基金预算支出 0万元。"
    )
    .is_empty());
}

#[test]
fn a_balanced_fund_spends_its_income() {
    assert_eq!(
        subjects("政府性基金预算财政拨款收入 80.00万元，收支平衡，其中项目支出 80.00万元。"),
        [
            ("gov_fund.income".into(), "80.00".into()),
            ("gov_fund.project".into(), "80.00".into()),
            ("gov_fund.spent".into(), "80.00".into())
        ]
    );
}

#[test]
fn budgets_stay_apart_and_progress_is_read() {
    assert_eq!(
        subjects("年初预算数 500万元，调整后预算数 620万元，追加预算数 120万元。"),
        [
            ("initial".into(), "500".into()),
            ("budget".into(), "620".into())
        ]
    );
    assert_eq!(
        subjects("全年预算 620万元，支出进度比率为 98%，项目资金支出进度比率为100%。"),
        [
            ("budget".into(), "620".into()),
            ("progress_rate".into(), "98".into()),
            ("project_progress_rate".into(), "100".into())
        ]
    );
}

fn rows(rows: &[&str]) -> Vec<String> {
    rows.iter().map(|r| r.replace('|', "\t")).collect()
}

#[test]
fn a_score_table_is_read_like_sentences() {
    let st = statements(&rows(&[
        "一级指标|分值|得分|绩效等级",
        "投入|15.00|15.00|优",
        "过程|55.00|49.04|良",
        "产出|20.00|20.00|优",
        "效果|10.00|10.00|优",
        "合计|100.00|94.04|优",
    ]));
    let got: Vec<(&str, String)> = st
        .claims
        .iter()
        .map(|c| (c.subject.as_str(), c.value.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("points", "100.00".to_string()),
            ("self_total", "94.04".to_string()),
            ("grade", "4".to_string())
        ]
    );
    assert_eq!(st.groups.len(), 2);
    assert_eq!(st.claims[6 - 4].paragraph, 6);
}

#[test]
fn a_budget_table_and_a_two_column_table() {
    let st = statements(&rows(&[
        "项目|全年预算数（万元）|全年执行数（万元）|执行率",
        "基本支出|600.00|590.00|98.33%",
        "项目支出|400.00|380.00|95.00%",
        "合计|1000.00|970.00|97.00%",
    ]));
    let got: Vec<(&str, String)> = st
        .claims
        .iter()
        .map(|c| (c.subject.as_str(), c.value.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("basic", "590.00".to_string()),
            ("project", "380.00".to_string()),
            ("budget", "1000.00".to_string()),
            ("spent", "970.00".to_string()),
            ("rate", "97.00".to_string())
        ]
    );
    assert_eq!(st.groups.len(), 2);
    let st = statements(&rows(&["自评得分|94.04", "等级|优"]));
    let got: Vec<&str> = st.claims.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(got, ["self_total", "grade"]);
}
