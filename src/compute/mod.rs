//! Compute stage: fill in what a reviewer would work out by hand (`SCORING.md`).
//!
//! Takes a [`Form`] and returns a [`Department`] whose [`Review`] holds every
//! derived rate and 复核 score; the declared values stay untouched beside them.

pub mod score;

use crate::model::*;
use crate::num::{ratio, round2, round4};
use crate::scheme::Scheme;
use crate::store::{Key, Stored};
use rust_decimal::Decimal;

fn rate_of(budget: &Amount, spent: &Amount) -> Option<Decimal> {
    ratio(value_of(spent)?, value_of(budget)?).map(round4)
}

/// Review one form: derived columns, goal completions, indicator scores, totals and
/// grade (the rank is set over the batch by [`rank`]).
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
    let goals: Vec<GoalReview> = form.goals.iter().map(|g| score::goal(g, scheme)).collect();
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
                rule: "GOAL-UNREADABLE",
                severity: Severity::Warning,
                at: Some(g.cell()),
                message: format!("绩效目标“{}”：{what}，完成率按 0 计", g.name),
            });
        }
    }
    let indicators: Vec<ScoredIndicator> = scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, def)| score::indicator(i, def, &form, &goals, &mut raised))
        .collect();
    let scores = totals(scheme, &indicators, &form);

    // The reader's findings move to the department (one copy of each).
    let mut findings = std::mem::take(&mut form.findings);
    findings.extend(raised.into_iter().map(|r| Finding {
        rule: r.rule,
        severity: r.severity,
        department: form.name.clone(),
        file: form.file.clone(),
        cell: r.at.map(|a| form.cell_ref(a)),
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

/// 二级 and 一级 sums of the rounded indicator scores, 复核总分, difference, grade.
fn totals(scheme: &Scheme, indicators: &[ScoredIndicator], form: &Form) -> Scores {
    let sum_where = |pred: &dyn Fn(&crate::scheme::Indicator) -> bool| -> Decimal {
        indicators
            .iter()
            .filter(|s| pred(&scheme.indicators[s.scheme_index]))
            .map(|s| s.score)
            .sum()
    };
    let by_level2: Vec<(String, Decimal, Decimal)> = scheme
        .level2()
        .into_iter()
        .map(|(name, points)| {
            let score = sum_where(&|i| i.level2 == name);
            (name, score, points)
        })
        .collect();
    let by_level1: Vec<(String, Decimal, Decimal)> = scheme
        .level1()
        .into_iter()
        .map(|(name, points)| {
            let score = by_level2
                .iter()
                .filter(|(l2, _, _)| {
                    scheme
                        .indicators
                        .iter()
                        .any(|i| i.level1 == name && &i.level2 == l2)
                })
                .map(|(_, s, _)| *s)
                .sum();
            (name, score, points)
        })
        .collect();
    let total: Decimal = by_level1.iter().map(|(_, s, _)| *s).sum();
    Scores {
        difference: value_of(&form.self_total).map(|declared| total - declared),
        grade: Some(scheme.grade(total)),
        by_level1,
        by_level2,
        total,
        rank: 0,
    }
}

/// Competition rank by 复核总分, highest first: equal scores share a rank and the
/// next rank is skipped (1, 2, 2, 4).
pub fn rank(departments: &mut [Stored]) {
    let mut totals: Vec<Decimal> = departments.iter().map(|d| d.key.total).collect();
    totals.sort_by(|a, b| b.cmp(a));
    for d in departments.iter_mut() {
        let better = totals.partition_point(|t| *t > d.key.total);
        d.key.rank = better as u32 + 1;
    }
}

/// District totals over the batch (`SCORING.md` §5): Σ执行 / Σ预算, never a mean of
/// rates. `findings` counts every finding of the batch by severity.
pub fn district<'a>(departments: impl Iterator<Item = &'a Key>, findings: [usize; 3]) -> District {
    let mut out = District {
        findings,
        ..District::default()
    };
    let mut scores: Vec<Decimal> = Vec::new();
    for d in departments {
        out.departments += 1;
        out.budget += d.budget.unwrap_or_default();
        out.spent += d.spent.unwrap_or_default();
        if let Some(g) = d.grade {
            out.grades[g as usize] += 1;
        }
        scores.push(d.total);
    }
    out.rate = ratio(out.spent, out.budget).map(round4);
    scores.sort();
    if !scores.is_empty() {
        let n = scores.len();
        out.mean_score = Some(round2(scores.iter().sum::<Decimal>() / Decimal::from(n)));
        out.median_score = Some(if n % 2 == 1 {
            scores[n / 2]
        } else {
            round2((scores[n / 2 - 1] + scores[n / 2]) / Decimal::TWO)
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(total: &str) -> Stored {
        let mut d = review(Form::new("x.xlsx", "自评表", "x"), &Scheme::builtin());
        d.review.scores.total = total.parse().unwrap();
        Stored::new(d, &crate::store::Spill::with_limit(0))
    }

    #[test]
    fn competition_rank() {
        let mut ds = vec![dept("90"), dept("95"), dept("90"), dept("80")];
        rank(&mut ds);
        let ranks: Vec<u32> = ds
            .iter()
            .map(|d| d.department().review.scores.rank)
            .collect();
        assert_eq!(ranks, vec![2, 1, 2, 4]);
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_pair() {
        let ds = [dept("90"), dept("95"), dept("91"), dept("80")];
        let d = district(ds.iter().map(|d| &d.key), [0; 3]);
        assert_eq!(d.median_score, Some("90.5".parse().unwrap()));
        assert_eq!(d.mean_score, Some("89".parse().unwrap()));
    }
}
