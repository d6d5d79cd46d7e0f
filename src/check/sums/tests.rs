//! SUM-FUNDS on the roles a form has: 上年结转资金 is a part of the total beside
//! 财政拨款 (or the three budgets) and 其他资金, and named in the message only where
//! the form has the row. Figures set by hand (万元).

use super::*;
use crate::check::department;
use crate::scheme::Scheme;

/// A form with the given 全年预算数 per fund row (row `i` of column D).
fn form(rows: &[(FundKind, &str)]) -> Form {
    let mut f = Form::new("x.xlsx", "表", "x");
    for (i, (kind, v)) in rows.iter().enumerate() {
        f.funds[*kind as usize].budget = Some(Located {
            value: v.parse().unwrap(),
            at: CellPos::new(3 + i as u32, 3),
        });
    }
    f
}

/// (cell, message) of every SUM-FUNDS finding.
fn sum_funds(f: Form) -> Vec<(String, String)> {
    let scheme = Scheme::builtin();
    let d = crate::compute::review(f, &scheme);
    department(&d, &scheme, Tolerances::default())
        .into_iter()
        .filter(|x| x.rule == Rule::SumFunds)
        .map(|x| (x.place.to_string(), x.message))
        .collect()
}

/// 500.00 = 450.00 当年财政拨款 + 30.00 上年结转 + 20.00 其他: no finding; without
/// the carry-over the parts fall 30.00 short, as SUM-FUNDS said before the row had
/// a role.
#[test]
fn the_carry_over_row_is_a_part_of_the_total() {
    let with = [
        (FundKind::Total, "500"),
        (FundKind::Fiscal, "450"),
        (FundKind::CarriedOver, "30"),
        (FundKind::Other, "20"),
    ];
    assert_eq!(sum_funds(form(&with)), vec![]);
    let without = [with[0], with[1], with[3]];
    assert_eq!(
        sum_funds(form(&without)),
        vec![(
            "表!D4".to_string(),
            "年度资金总额的全年预算数不等于财政拨款与其他资金之和：合计填 500.00，分项之和为 470.00，相差 30.00".to_string()
        )]
    );
}

/// A carry-over of 20.00 where 30.00 is missing: the gap is 10.00 and the message
/// names 上年结转资金 among the parts.
#[test]
fn a_gap_names_the_carry_over_among_the_parts() {
    let rows = [
        (FundKind::Total, "500"),
        (FundKind::Fiscal, "450"),
        (FundKind::CarriedOver, "20"),
        (FundKind::Other, "20"),
    ];
    assert_eq!(
        sum_funds(form(&rows)),
        vec![(
            "表!D4".to_string(),
            "年度资金总额的全年预算数不等于财政拨款、上年结转资金与其他资金之和：合计填 500.00，分项之和为 490.00，相差 10.00".to_string()
        )]
    );
}

/// Without 财政拨款 the canonical parts: 300 一般公共预算 + 100 政府性基金 +
/// 50 其他 + 50 上年结转 = 500.00, no finding; with 40 carried over, 10.00 short.
#[test]
fn the_canonical_parts_take_the_carry_over_too() {
    let mut rows = vec![
        (FundKind::Total, "500"),
        (FundKind::GeneralPublic, "300"),
        (FundKind::GovFund, "100"),
        (FundKind::Other, "50"),
        (FundKind::CarriedOver, "50"),
    ];
    assert_eq!(sum_funds(form(&rows)), vec![]);
    rows[4].1 = "40";
    assert_eq!(
        sum_funds(form(&rows)),
        vec![(
            "表!D4".to_string(),
            "年度资金总额的全年预算数不等于一般公共预算、政府性基金预算、国有资本经营预算、其他资金、上年结转资金之和：合计填 500.00，分项之和为 490.00，相差 10.00".to_string()
        )]
    );
}
