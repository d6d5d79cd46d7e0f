//! Compute stage: fill in what a reviewer would work out by hand (`SCORING.md`).
//!
//! Takes a [`Form`] and returns a [`Department`] whose [`Review`] holds every
//! derived rate and 复核 score; the declared values stay untouched beside them.

pub mod department;
pub mod goal;
pub mod score;

use crate::model::*;
use crate::num::{ratio, round4};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

fn rate_of(budget: &Amount, spent: &Amount) -> Option<Decimal> {
    ratio(value_of(spent)?, value_of(budget)?).map(round4)
}

/// Review one form: derived columns, goal completions, indicator scores, totals and
/// grade (the rank is set over the batch by `batch::rank`).
pub fn review(mut form: Form, scheme: &Scheme) -> Department {
    let funds = FundKind::ALL.map(|k| {
        let row = form.fund(k);
        FundReview {
            rate: rate_of(&row.budget, &row.spent),
        }
    });
    let total_budget = &form.fund(FundKind::Total).budget;
    let carryover_rate = rate_of(total_budget, &form.carryover);
    let sangong_rates = SangongKind::ALL.map(|k| {
        let line = form.sangong(k);
        rate_of(&line.budget, &line.spent)
    });
    let procurement_rate = rate_of(&form.procurement.budget, &form.procurement.spent);
    let fixed_asset_utilization = rate_of(&form.assets.fixed_original, &form.assets.fixed_in_use);

    let mut raised = Vec::new();
    let year = form.year.as_ref().map(|y| y.value);
    let exact: Vec<(Direction, Option<Decimal>)> = form
        .goals
        .iter()
        .map(|g| goal::goal_exact(g, scheme, year))
        .collect();
    let completions: Vec<Option<Decimal>> = exact.iter().map(|(_, c)| *c).collect();
    let goals: Vec<GoalReview> = exact
        .iter()
        .map(|&(direction, c)| GoalReview {
            direction,
            completion: c.map(crate::num::round4),
        })
        .collect();
    for (g, r) in form.goals.iter().zip(&goals) {
        if r.completion.is_none() {
            let what = match (&g.target, &g.actual) {
                (None, _) => "年度目标值未填写".to_string(),
                (_, None) => "实际完成值未填写".to_string(),
                (Some(t), Some(a)) => format!(
                    "年度目标值“{}”与实际完成值“{}”无法比较",
                    t.value.raw, a.value.raw
                ),
            };
            raised.push(score::Raised {
                rule: Rule::GoalUnreadable,
                severity: Severity::Warning,
                at: Some(g.cell()),
                message: if scheme.form_rows.is_some() {
                    format!(
                        "绩效目标“{}”：{what}，该行得分无法复核，采用自评得分",
                        g.name
                    )
                } else {
                    format!("绩效目标“{}”：{what}，完成率按 0 计", g.name)
                },
            });
        }
    }
    let (indicators, empty_rows) = match &scheme.form_rows {
        Some(rows) => (
            score::form_rows(rows, &form, &goals, &mut raised),
            Vec::new(),
        ),
        None => {
            let mut fixed: Vec<ScoredIndicator> = scheme
                .indicators
                .iter()
                .enumerate()
                .map(|(i, def)| score::indicator(i, def, &form, &completions, &mut raised))
                .collect();
            let (own, empty) = department::score(scheme, &form, &goals);
            fixed.extend(own);
            (fixed, empty)
        }
    };
    let scores = totals(scheme, &indicators, &form, &goals, &empty_rows, &mut raised);

    // The reader's findings move to the department (one copy of each).
    let mut findings = std::mem::take(&mut form.findings);
    findings.extend(raised.into_iter().map(|r| Finding {
        rule: r.rule,
        severity: r.severity,
        department: form.name.clone(),
        file: form.file.clone(),
        place: r.at.map_or(Place::File, |a| form.place(a)),
        message: r.message,
        declared: None,
        computed: None,
    }));
    Department {
        review: Review {
            funds,
            carryover_rate,
            sangong_rates,
            procurement_rate,
            fixed_asset_utilization,
            goals,
            indicators,
            scores,
        },
        form,
        findings,
        finding_counts: [0; 3],
    }
}

/// The sum of some scores, `None` if any is missing.
fn sum_all(scores: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    scores.sum()
}

/// 二级 and 一级 sums of the rounded indicator scores, 复核总分 (after the scheme's
/// optional deduction and cap), difference, grade. A part without a score leaves
/// every sum above it empty, with the finding that says which part.
fn totals(
    scheme: &Scheme,
    indicators: &[ScoredIndicator],
    form: &Form,
    goals: &[GoalReview],
    empty_rows: &[String],
    raised: &mut Vec<score::Raised>,
) -> Scores {
    let (by_level1, by_level2) = match scheme.form_rows {
        Some(_) => (score::form_row_levels(indicators, form), Vec::new()),
        None => fixed_levels(scheme, indicators, form),
    };
    // A level whose rows the department names, with none: its points are missing.
    let missing: Vec<String> = indicators
        .iter()
        .filter(|s| s.score.is_none())
        .map(|s| score::name_of(s, scheme, form))
        .chain(empty_rows.iter().map(|g| format!("{g}（部门自定的指标）")))
        .collect();
    // A form scored by its own rows needs rows besides the budget row: a budget
    // row alone is not a total out of 100.
    let no_rows = indicators.is_empty()
        || (scheme.form_rows.is_some() && form.indicators.iter().all(|r| r.budget));
    let sum = if no_rows || !empty_rows.is_empty() {
        None
    } else {
        sum_all(indicators.iter().map(|s| s.score))
    };
    let mut total = sum;
    if sum.is_none() {
        let why = if no_rows {
            "没有读到任何评分指标".to_string()
        } else {
            format!("“{}”既无法复核也没有自评得分", missing.join("”“"))
        };
        raised.push(score::Raised {
            rule: Rule::TotalNa,
            severity: Severity::Error,
            at: form.indicator_table,
            message: format!("复核总分无法计算：{why}，不评等级、不排名"),
        });
    }
    if let Some(t) = total.as_mut() {
        let penalty = score::deviations(scheme, form, goals, raised);
        *t = (*t - penalty).max(Decimal::ZERO);
        if let Some(rate) = rate_of(
            &form.fund(FundKind::Total).budget,
            &form.fund(FundKind::Total).spent,
        ) {
            if let Some(cap) = scheme.cap(rate).filter(|cap| *t > *cap) {
                raised.push(score::Raised {
                    rule: Rule::RateCap,
                    severity: Severity::Note,
                    at: form.fund(FundKind::Total).spent.as_ref().map(|a| a.at),
                    message: format!(
                        "预算执行率 {}，按方案总分最高 {} 分（各项合计 {} 分）",
                        crate::num::percent(Some(rate)),
                        crate::num::plain(cap),
                        crate::num::plain(*t)
                    ),
                });
                *t = cap;
            }
        }
    }
    let deduction = match (sum, total) {
        (Some(s), Some(t)) if s != t => Some(s - t),
        _ => None,
    };
    Scores {
        difference: match (total, value_of(&form.self_total)) {
            (Some(t), Some(declared)) => Some(t - declared),
            _ => None,
        },
        grade: total.map(|t| scheme.grade(t)),
        by_level1,
        by_level2,
        total,
        deduction,
        rank: None,
    }
}

/// 二级 and 一级 sums under a scheme of fixed indicators.
type Levels = Vec<(String, Option<Decimal>, Decimal)>;

fn fixed_levels(scheme: &Scheme, indicators: &[ScoredIndicator], form: &Form) -> (Levels, Levels) {
    let groups = &scheme.department_rows;
    let own = |g: usize| department::sum_of(g, scheme, form, indicators);
    let sum_where = |pred: &dyn Fn(&crate::scheme::Indicator) -> bool| -> Option<Decimal> {
        sum_all(
            indicators
                .iter()
                .filter(|s| s.scheme_index.is_some_and(|i| pred(&scheme.indicators[i])))
                .map(|s| s.score),
        )
    };
    let by_level2: Levels = scheme
        .level2()
        .into_iter()
        .map(|(name, points)| {
            let mut score = sum_where(&|i| i.level2 == name);
            for (g, _) in groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.level2.as_ref() == Some(&name))
            {
                score = score.zip(own(g)).map(|(a, b)| a + b);
            }
            (name, score, points)
        })
        .collect();
    let by_level1: Levels = scheme
        .level1()
        .into_iter()
        .map(|(name, points)| {
            let score = sum_all(
                by_level2
                    .iter()
                    .filter(|(l2, _, _)| {
                        scheme
                            .indicators
                            .iter()
                            .any(|i| i.level1 == name && &i.level2 == l2)
                            || groups
                                .iter()
                                .any(|g| g.level1 == name && g.level2.as_ref() == Some(l2))
                    })
                    .map(|(_, s, _)| *s)
                    .chain(
                        groups
                            .iter()
                            .enumerate()
                            .filter(|(_, g)| g.level1 == name && g.level2.is_none())
                            .map(|(g, _)| own(g)),
                    ),
            );
            (name, score, points)
        })
        .collect();
    (by_level1, by_level2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A form scored by its own rows: a budget row (10 points) and one indicator
    /// (90 points, target 100) with the given actual; 执行率 65 / 100.
    fn rows_form(actual: &str) -> Form {
        let at = CellPos::new(0, 0);
        let a = |v: &str| {
            Some(Located {
                value: v.parse().unwrap(),
                at,
            })
        };
        let value = |v: &str| GoalValue {
            raw: v.into(),
            sign: None,
            measure: Measure::Number(v.parse().unwrap()),
        };
        let mut f = Form::new("x.xlsx", "表", "x");
        f.funds[FundKind::Total as usize].budget = a("100");
        f.funds[FundKind::Total as usize].spent = a("65");
        let row = |budget: bool, points: &str, r: u32| IndicatorRow {
            level1: String::new(),
            level2: String::new(),
            level3: if budget { "预算执行率" } else { "甲" }.into(),
            scheme_index: None,
            points: a(points),
            target: None,
            actual: None,
            declared_completion: None,
            self_score: None,
            reason: String::new(),
            row: r,
            score_col: 0,
            name_col: 0,
            budget,
        };
        f.indicators = vec![row(true, "10", 1), row(false, "90", 5)];
        f.goals = vec![GoalRow {
            level1: String::new(),
            level2: String::new(),
            name: "甲".into(),
            direction: None,
            unit: String::new(),
            target: Some(Located {
                value: value("100"),
                at,
            }),
            actual: Some(Located {
                value: value(actual),
                at,
            }),
            declared_completion: None,
            reason: String::new(),
            at: CellPos::new(5, 0),
        }];
        f
    }

    const RULES: &str =
        "id = \"t\"\nname = \"t\"\n[form_rows]\nbudget_target = 1\npoints_total = 100\n\
        [deviation]\nabove = 0.3\npenalty = 2\n\
        [[caps]]\nbelow = 0.8\nmax = 89\n[[caps]]\nbelow = 0.7\nmax = 79\n\
        [[caps]]\nbelow = 0.6\nmax = 69\n[[caps]]\nbelow = 0.5\nmax = 59\n";

    fn rules(d: &Department) -> Vec<&str> {
        d.findings.iter().map(|f| f.rule.id()).collect()
    }

    #[test]
    fn deviation_and_cap_when_the_scheme_has_them() {
        let scheme = Scheme::parse(RULES).unwrap();
        // 140 against 100 is 40% over: 指标偏离. Parts: 10 × 0.65 = 6.50 and 90 × 1
        // = 90, sum 96.50; less 2 = 94.50; 执行率 65% is below 80% and 70%, so
        // the stricter cap, 79, holds.
        let d = review(rows_form("140"), &scheme);
        assert_eq!(d.review.scores.total, Some(Decimal::from(79)));
        assert_eq!(d.review.scores.deduction, Some("17.50".parse().unwrap()));
        assert_eq!(rules(&d), ["TARGET-LOW", "RATE-CAP"]);
        // 129 is 29% over: no 偏离; 96.50 capped at 79 all the same.
        let d = review(rows_form("129"), &scheme);
        assert_eq!(rules(&d), ["RATE-CAP"]);
        // Without the rules (as in the Guangzhou scheme): 96.50, nothing raised.
        let plain = Scheme::parse(RULES.split("[deviation]").next().unwrap()).unwrap();
        let d = review(rows_form("140"), &plain);
        assert_eq!(d.review.scores.total, Some("96.50".parse().unwrap()));
        assert!(d.findings.is_empty(), "{:?}", rules(&d));
    }

    #[test]
    fn rules_are_off_in_guangzhou_and_on_in_the_example() {
        let gz = Scheme::builtin();
        assert!(gz.deviation.is_none() && gz.caps.is_empty());
        let example = Scheme::parse(include_str!("../../templates/example-yitihua.toml")).unwrap();
        assert!(example.deviation.is_some());
        assert_eq!(
            example.cap("0.65".parse().unwrap()),
            Some(Decimal::from(79))
        );
        assert_eq!(example.cap("0.85".parse().unwrap()), None);
    }
}
