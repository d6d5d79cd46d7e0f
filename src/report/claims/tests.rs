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
