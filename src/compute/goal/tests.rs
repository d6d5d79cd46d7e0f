//! Unit tests of `compute/goal.rs`: the completion of each target shape, worked
//! out by hand in the comments.

use super::*;
use crate::model::{CellPos, GoalValue, Located};
use crate::read::value::parse_goal_value;
use calamine::Data;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn value(s: &str) -> Option<Located<GoalValue>> {
    parse_goal_value(&Data::String(s.into())).map(|value| Located {
        value,
        at: CellPos::new(0, 0),
    })
}

/// The completion of a goal with this target, actual, 计量单位 and 指标性质, in a
/// form of `year`.
fn of(
    target: &str,
    actual: &str,
    unit: &str,
    direction: Option<Direction>,
    year: Option<i32>,
) -> Option<Decimal> {
    let g = GoalRow {
        level1: "产出指标".into(),
        level2: "时效指标".into(),
        name: "甲".into(),
        direction,
        unit: unit.into(),
        target: value(target),
        actual: value(actual),
        declared_completion: None,
        reason: String::new(),
        at: CellPos::new(0, 0),
    };
    goal_exact(&g, &Scheme::builtin(), year).1
}

fn c(target: &str, actual: &str) -> Option<Decimal> {
    of(target, actual, "", None, Some(2023))
}

#[test]
fn deadlines_as_dates_of_the_form_year() {
    // July ends before September starts: met. Not 7/9.
    assert_eq!(c("9月前", "7月"), Some(Decimal::ONE));
    // October ends before November starts: met. Not 10/11.
    assert_eq!(c("11月前", "10月"), Some(Decimal::ONE));
    assert_eq!(c("12月底前", "11月完成"), Some(Decimal::ONE));
    assert_eq!(c("9月底前", "10月底"), Some(Decimal::ZERO));
    assert_eq!(c("年底前完成", "已完成"), Some(Decimal::ONE));
    assert_eq!(c("第三季度前", "5月"), Some(Decimal::ONE));
    assert_eq!(c("9月前", "按期完成"), Some(Decimal::ONE));
    assert_eq!(c("9月前", "未完成"), Some(Decimal::ZERO));
    // September against "before September": either reading holds; undecided.
    assert_eq!(c("9月前", "9月"), None);
    // Done, without saying when, against a deadline before the year's end.
    assert_eq!(c("9月前", "已完成"), None);
    // January of the next year is late for a deadline at the end of 2023.
    assert_eq!(c("12月底前", "次年1月"), Some(Decimal::ZERO));
    assert_eq!(c("12月底前", "2024年1月"), Some(Decimal::ZERO));
    assert_eq!(c("2023年12月底前", "2023年11月"), Some(Decimal::ONE));
    // A written year on one side and no form year: cannot be placed.
    assert_eq!(of("2023年12月底前", "11月", "", None, None), None);
    // No year anywhere: months of one year.
    assert_eq!(of("9月前", "7月", "", None, None), Some(Decimal::ONE));
    // 定性 in 指标性质 does not stop a deadline from being read.
    assert_eq!(
        of("9月前", "7月", "", Some(Direction::Qualitative), Some(2023)),
        Some(Decimal::ONE)
    );
    // A month is not a count.
    assert_eq!(c("9月前", "7"), None);
    assert_eq!(c("≥9", "7月"), None);
}

#[test]
fn budget_controls() {
    assert_eq!(c("不超预算", "未超预算"), Some(Decimal::ONE));
    assert_eq!(c("不超预算", "控制在预算内"), Some(Decimal::ONE));
    assert_eq!(c("控制在预算内", "超预算"), Some(Decimal::ZERO));
    assert_eq!(c("不超预算", "98%"), None);
    // 不超过 a quantity: 4.8万元 ≤ 5万元 met; 6万元 gives 5 / 6 = 0.8333….
    assert_eq!(c("不超过5万元", "4.8万元"), Some(Decimal::ONE));
    assert_eq!(c("不超过5万元", "60000元"), Some(d("5") / d("6")));
}

#[test]
fn ranges() {
    // Within: met; 88% below 90%: 0.88 / 0.90; 97% above 95%: 0.95 / 0.97.
    assert_eq!(c("90%-95%", "93%"), Some(Decimal::ONE));
    assert_eq!(c("90%～95%", "88%"), Some(d("0.88") / d("0.90")));
    assert_eq!(c("90%-95%", "97%"), Some(d("0.95") / d("0.97")));
    // A plain 93 beside a percentage range is 93% (the 1.5 rule).
    assert_eq!(c("90%-95%", "93"), Some(Decimal::ONE));
    // 指标性质 ≥ keeps only the low end: 97% meets it.
    assert_eq!(
        of("90%-95%", "97%", "", Some(Direction::AtLeast), Some(2023)),
        Some(Decimal::ONE)
    );
    assert_eq!(c("90%-95%", "93人"), None);
}

#[test]
fn quantities_with_multipliers_and_units() {
    // 5.6万 ≥ 5万: met; 4.5万 against 5万: 45000 / 50000 = 0.9.
    assert_eq!(c("≥5万人次", "5.6万人次"), Some(Decimal::ONE));
    assert_eq!(c("≥5万人次", "45000人次"), Some(d("0.9")));
    // 1.2亿元 = 12000万元, against ≥1.5亿元: 0.8.
    assert_eq!(c("≥1.5亿元", "12000万元"), Some(d("0.8")));
    // Units disagree: 人 is not 人次; a count is not a percentage.
    assert_eq!(c("≥5万人次", "5.6万人"), None);
    assert_eq!(c("≥95%", "96人"), None);
    // A plain number beside a multiplied unit: which scale? Not guessed ...
    assert_eq!(c("≥5万人次", "4.5"), None);
    // ... unless the 计量单位 says it: 4.5 万人次 = 45000 → 0.9.
    assert_eq!(
        of("≥5万人次", "4.5", "万人次", None, Some(2023)),
        Some(d("0.9"))
    );
    // 计量单位 万元, plain 5 against 48000元: 48000 / 50000 = 0.96.
    assert_eq!(
        of("≥5", "48000元", "万元", None, Some(2023)),
        Some(d("0.96"))
    );
}

#[test]
fn plain_values_keep_the_old_rules() {
    // The 1.5 rule: 98 beside 95% is 98%.
    assert_eq!(c("≥95%", "98"), Some(Decimal::ONE));
    assert_eq!(c("≥5000人次", "4600人次"), Some(d("0.92")));
    assert_eq!(c("≤1.5元", "1.6元"), Some(d("1.5") / d("1.6")));
    // 计量单位 % (or a % header): 90 and 0.95 are 90% and 95%.
    assert_eq!(of("≥90", "96%", "%", None, Some(2023)), Some(Decimal::ONE));
    assert_eq!(c("好", "较好"), Some(d("0.8")));
    assert_eq!(c("按期", "按期"), Some(Decimal::ONE));
}
