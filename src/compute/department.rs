//! Rows a department names itself under a level of a fixed scheme
//! (`[[department_rows]]`, 部门特性指标): each scored by the form-row rule within
//! the points the scheme gives the level.

use crate::model::*;
use crate::num::{round2, round4};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// The scored rows of every `[[department_rows]]` of the scheme, in form order,
/// and the names of those under which the form has no row (their part of the total
/// cannot be worked out).
///
/// A row earns its 分值 × the completion of its goal (a combined table's row);
/// without one, its 自评得分 within its 分值 (`SCORING.md` §2 `self`). The 分值 is
/// the row's, at most the level's points; a row without one is held to the level's.
pub fn score(
    scheme: &Scheme,
    form: &Form,
    goals: &[GoalReview],
) -> (Vec<ScoredIndicator>, Vec<String>) {
    let mut out = Vec::new();
    let mut filled = vec![false; scheme.department_rows.len()];
    for (k, row) in form.indicators.iter().enumerate() {
        let Some(g) = scheme.department_rows_of(row) else {
            continue;
        };
        filled[g] = true;
        let level = scheme.department_rows[g].points;
        let points = value_of(&row.points).map_or(level, |p| p.clamp(Decimal::ZERO, level));
        let completion = form
            .goals
            .iter()
            .zip(goals)
            .find(|(goal, _)| goal.at.row == row.row)
            .and_then(|(_, r)| r.completion);
        let computed = completion.map(|c| round2(points * c));
        let declared = value_of(&row.self_score).map(|d| round2(d.clamp(Decimal::ZERO, points)));
        out.push(ScoredIndicator {
            scheme_index: None,
            row: Some(k),
            target: None,
            actual: None,
            completion: completion.map(round4),
            computed,
            score: computed.or(declared),
        });
    }
    let empty = scheme
        .department_rows
        .iter()
        .zip(filled)
        .filter(|(_, f)| !f)
        .map(|(g, _)| g.name())
        .collect();
    (out, empty)
}

/// The scored rows of the department's own rows under `[[department_rows]]` `g`
/// (their sum; `None` when any is unscored or there is none).
pub fn sum_of(
    g: usize,
    scheme: &Scheme,
    form: &Form,
    indicators: &[ScoredIndicator],
) -> Option<Decimal> {
    let scores: Vec<Option<Decimal>> = indicators
        .iter()
        .filter(|s| s.scheme_index.is_none())
        .filter(|s| {
            s.row
                .is_some_and(|k| scheme.department_rows_of(&form.indicators[k]) == Some(g))
        })
        .map(|s| s.score)
        .collect();
    if scores.is_empty() {
        return None;
    }
    scores.into_iter().sum()
}
