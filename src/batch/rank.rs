//! Ranks and district totals over the batch (`SCORING.md` §5), on the departments'
//! [`Summary`]s.

use crate::model::*;
use crate::num::{ratio, round2, round4};
use rust_decimal::Decimal;

/// Competition rank by 复核总分, highest first: equal scores share a rank and the
/// next rank is skipped (1, 2, 2, 4).
pub fn rank(departments: &mut [Summary]) {
    let mut totals: Vec<Decimal> = departments.iter().filter_map(|d| d.total).collect();
    totals.sort_by(|a, b| b.cmp(a));
    for d in departments.iter_mut() {
        d.rank = d.total.map(|total| {
            let better = totals.partition_point(|t| *t > total);
            better as u32 + 1
        });
    }
}

/// District totals over the batch (`SCORING.md` §5): Σ执行 / Σ预算, never a mean of
/// rates, over the departments that declare both (one without a budget or a
/// spending total is counted in `without_amounts`, never as 0). `findings` counts
/// every finding of the batch by severity.
pub fn district(departments: &[Summary], findings: [usize; 3]) -> District {
    let mut out = District {
        findings,
        ..District::default()
    };
    let mut scores: Vec<Decimal> = Vec::new();
    for d in departments {
        out.departments += 1;
        match (d.unit_suspect, d.budget, d.spent) {
            (true, _, _) => out.unit_suspect += 1,
            (false, Some(budget), Some(spent)) => {
                out.budget += budget;
                out.spent += spent;
            }
            _ => out.without_amounts += 1,
        }
        if let Some(g) = d.grade {
            out.grades[g as usize] += 1;
        }
        match d.total {
            Some(t) => scores.push(t),
            None => out.unscored += 1,
        }
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

    fn dept(total: &str) -> Summary {
        let form = Form::new("x.xlsx", "自评表", "x");
        let mut d = crate::compute::review(form, &crate::scheme::Scheme::builtin());
        d.review.scores.total = Some(total.parse().unwrap());
        Summary::of(&d, None)
    }

    #[test]
    fn competition_rank() {
        let mut ds = vec![dept("90"), dept("95"), dept("90"), dept("80")];
        rank(&mut ds);
        let ranks: Vec<u32> = ds.iter().map(|d| d.rank.unwrap()).collect();
        assert_eq!(ranks, vec![2, 1, 2, 4]);
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_pair() {
        let ds = [dept("90"), dept("95"), dept("91"), dept("80")];
        let d = district(&ds, [0; 3]);
        assert_eq!(d.median_score, Some("90.5".parse().unwrap()));
        assert_eq!(d.mean_score, Some("89".parse().unwrap()));
    }

    /// Σ执行 / Σ预算 over the departments that declare both: 100 / 80 and 300 /
    /// 270 make 400 / 350 = 87.50 %; one without a money block and one with a
    /// budget (500) but no spending are left out and counted, never taken as 0
    /// (which would give 350 / 900 = 38.89 %).
    #[test]
    fn departments_without_both_totals_are_left_out_and_counted() {
        let with = |budget: Option<&str>, spent: Option<&str>| {
            let mut d = dept("90");
            d.budget = budget.map(|b| b.parse().unwrap());
            d.spent = spent.map(|s| s.parse().unwrap());
            d
        };
        let ds = [
            with(Some("100"), Some("80")),
            with(Some("300"), Some("270")),
            with(None, None),
            with(Some("500"), None),
        ];
        let d = district(&ds, [0; 3]);
        assert_eq!(d.budget, "400".parse::<Decimal>().unwrap());
        assert_eq!(d.spent, "350".parse::<Decimal>().unwrap());
        assert_eq!(d.rate, Some("0.875".parse().unwrap()));
        assert_eq!(d.without_amounts, 2);
        assert_eq!(d.departments, 4);
    }
}
