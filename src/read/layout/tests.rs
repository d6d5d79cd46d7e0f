//! Unit tests of `read/layout.rs`.

use super::*;

#[test]
fn shipped_layouts_load() {
    let l = Layouts::builtin();
    let ids: Vec<&str> = l.all.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        ["canonical", "mof-2020", "fujian-2018", "chongqing-2021"]
    );
}

/// Every synonym of the table in FORM.md §2, as written there, is accepted by
/// the canonical layout.
#[test]
fn canonical_layout_takes_every_synonym_of_form_md() {
    let l = &Layouts::builtin().all[0];
    let field = |f: Field| l.field(f).unwrap().labels.clone();
    let col = |c: MoneyCol| l.money.columns[&c].clone();
    let row = |r: MoneyRow| l.money.rows[&r].clone();
    let ind = |c: IndicatorCol| l.indicators.columns[&c].clone();
    let table: Vec<(Labels, &[&str])> = vec![
        (
            field(Field::Name),
            &["部门名称", "单位名称", "部门（单位）名称", "预算部门名称"],
        ),
        (
            field(Field::Subordinate),
            &["所属下级预算单位数量", "下属单位数量", "下级单位数量"],
        ),
        (col(MoneyCol::Initial), &["年初预算数", "年初预算"]),
        (
            col(MoneyCol::Budget),
            &["全年预算数", "调整后预算数", "全年预算", "预算数"],
        ),
        (
            col(MoneyCol::Spent),
            &[
                "全年执行数",
                "执行数",
                "实际支出数",
                "实际支出",
                "决算数",
                "支出数",
            ],
        ),
        (
            row(MoneyRow::Total),
            &["年度资金总额", "资金总额", "合计", "总计"],
        ),
        (
            row(MoneyRow::GeneralPublic),
            &["一般公共预算", "一般公共预算财政拨款", "财政拨款"],
        ),
        (ind(IndicatorCol::SelfScore), &["自评得分", "得分"]),
        (ind(IndicatorCol::Points), &["分值", "权重", "标准分"]),
        (
            ind(IndicatorCol::Reason),
            &[
                "偏差原因",
                "偏差原因分析",
                "扣分原因",
                "未完成原因及改进措施",
            ],
        ),
    ];
    for (labels, written) in table {
        for w in written {
            assert!(labels.has(&label::key(w)), "{w}");
        }
    }
}

#[test]
fn a_misspelt_role_is_refused() {
    let text = BUILTIN[0].replacen("\nbudget = ", "\nbugdet = ", 1);
    assert_ne!(text, BUILTIN[0]);
    let err = Layout::parse(&text).unwrap_err().to_string();
    assert!(err.contains("bugdet"), "{err}");
}
