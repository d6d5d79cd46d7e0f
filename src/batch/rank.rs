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
/// rates. `findings` counts every finding of the batch by severity.
pub fn district(departments: &[Summary], findings: [usize; 3]) -> District {
    let mut out = District {
        findings,
        ..District::default()
    };
    let mut scores: Vec<Decimal> = Vec::new();
    for d in departments {
        out.departments += 1;
        if d.unit_suspect {
            out.unit_suspect += 1;
        } else {
            out.budget += d.budget.unwrap_or_default();
            out.spent += d.spent.unwrap_or_default();
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
}
