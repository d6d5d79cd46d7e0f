//! The scoring methods of `SCORING.md` §2: `goals`, `rate`, `control`, `self`.

use crate::model::*;
use crate::num::{ratio, round2, round4};
use crate::read::label;
use crate::scheme::{Indicator, Method, RateBasis, Scheme};
use rust_decimal::Decimal;

/// A finding the scoring raises, before it is tied to a department.
pub struct Raised {
    /// Rule id.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Cell.
    pub at: Option<CellPos>,
    /// Message.
    pub message: String,
}

/// Completion of one goal indicator (`SCORING.md` §2 `goals`), 4 decimals.
pub fn goal(goal: &GoalRow, scheme: &Scheme) -> GoalReview {
    let target = goal.target.as_ref().map(|t| &t.value);
    let actual = goal.actual.as_ref().map(|a| &a.value);
    let direction = goal
        .direction
        .or_else(|| target.and_then(|t| t.sign))
        .unwrap_or(match target.map(|t| &t.measure) {
            Some(Measure::Text(_)) => Direction::Qualitative,
            _ => Direction::AtLeast,
        });
    let completion = match (direction, target, actual) {
        (Direction::Qualitative, _, Some(a)) => match &a.measure {
            Measure::Text(t) => scheme.qualitative(t),
            _ => scheme.qualitative(&a.raw),
        },
        (_, Some(t), Some(a)) => {
            numbers(&t.measure, &a.measure).map(|(t, a)| numeric_completion(direction, t, a))
        }
        _ => None,
    };
    GoalReview {
        direction,
        completion: completion.map(round4),
    }
}

/// Target and actual on one scale: a percentage beside a plain number above 1.5
/// means the number is in percentage points (`95%` against `98` is 0.95 vs 0.98).
fn numbers(target: &Measure, actual: &Measure) -> Option<(Decimal, Decimal)> {
    let points = |n: Decimal| {
        if n.abs() > Decimal::new(15, 1) {
            n / Decimal::ONE_HUNDRED
        } else {
            n
        }
    };
    match (target, actual) {
        (Measure::Number(t), Measure::Number(a)) | (Measure::Percent(t), Measure::Percent(a)) => {
            Some((*t, *a))
        }
        (Measure::Percent(t), Measure::Number(a)) => Some((*t, points(*a))),
        (Measure::Number(t), Measure::Percent(a)) => Some((points(*t), *a)),
        _ => None,
    }
}

fn numeric_completion(direction: Direction, target: Decimal, actual: Decimal) -> Decimal {
    let zero = Decimal::ZERO;
    let one = Decimal::ONE;
    match direction {
        Direction::AtLeast | Direction::Qualitative => {
            if target <= zero {
                one
            } else {
                ratio(actual, target).unwrap_or(zero).clamp(zero, one)
            }
        }
        Direction::AtMost => {
            if actual <= target {
                one
            } else {
                ratio(target, actual).unwrap_or(zero).clamp(zero, one)
            }
        }
        Direction::Exact => {
            if actual == target {
                one
            } else {
                let (lo, hi) = (actual.min(target), actual.max(target));
                ratio(lo, hi).unwrap_or(zero).clamp(zero, one)
            }
        }
    }
}

/// A rate target written on an indicator row (`95.19%`, `≥95%`, `95.19`, `0.9519`).
fn row_target(row: Option<&IndicatorRow>) -> Option<Decimal> {
    let value = &row?.target.as_ref()?.value;
    match value.measure {
        Measure::Percent(p) => Some(p),
        Measure::Number(n) if n > Decimal::TWO => Some(n / Decimal::ONE_HUNDRED),
        Measure::Number(n) => Some(n),
        Measure::Text(_) => None,
    }
    .filter(|t| *t > Decimal::ZERO)
}

/// Score one scheme indicator for a form.
pub fn indicator(
    index: usize,
    def: &Indicator,
    form: &Form,
    goals: &[GoalReview],
    raised: &mut Vec<Raised>,
) -> ScoredIndicator {
    let row_index = form
        .indicators
        .iter()
        .position(|r| r.scheme_index == Some(index));
    let row = row_index.map(|i| &form.indicators[i]);
    let cell = row.map(|r| CellPos::new(r.row, r.score_col));
    let points = def.points;
    let mut out = ScoredIndicator {
        scheme_index: index,
        row: row_index,
        target: None,
        actual: None,
        completion: None,
        computed: None,
        score: Decimal::ZERO,
    };
    match &def.method {
        Method::Goals { kinds } => {
            let completions: Vec<Decimal> = form
                .goals
                .iter()
                .zip(goals)
                .filter(|(g, _)| kinds.contains(&label::key(&g.level1)))
                .map(|(_, r)| r.completion.unwrap_or(Decimal::ZERO))
                .collect();
            if completions.is_empty() {
                raised.push(Raised {
                    rule: "NO-GOALS",
                    severity: Severity::Note,
                    at: cell,
                    message: format!(
                        "未填写{}类绩效目标，“{}”的得分无法复核，采用自评得分",
                        kinds.join("、"),
                        def.level3
                    ),
                });
            } else {
                let mean = completions.iter().sum::<Decimal>() / Decimal::from(completions.len());
                out.completion = Some(round4(mean));
                out.computed = Some(round2(points * mean));
            }
        }
        Method::Rate { basis, target } => {
            let (num, den) = match basis {
                RateBasis::Funds => {
                    let t = form.fund(FundKind::Total);
                    (value_of(&t.spent), value_of(&t.budget))
                }
                RateBasis::Procurement => (
                    value_of(&form.procurement.spent),
                    value_of(&form.procurement.budget),
                ),
                RateBasis::FixedAssets => (
                    value_of(&form.assets.fixed_in_use),
                    value_of(&form.assets.fixed_original),
                ),
            };
            let target = row_target(row).unwrap_or(*target);
            out.target = Some(round4(target));
            match (num, den) {
                (Some(n), Some(d)) if !d.is_zero() => {
                    let actual = n / d;
                    let completion = ratio(actual, target)
                        .unwrap_or(Decimal::ZERO)
                        .clamp(Decimal::ZERO, Decimal::ONE);
                    out.actual = Some(round4(actual));
                    out.completion = Some(round4(completion));
                    out.computed = Some(round2(points * completion));
                }
                _ => raised.push(Raised {
                    rule: "RATE-NA",
                    severity: Severity::Note,
                    at: cell,
                    message: format!("“{}”的基数为 0，不可比，采用自评得分", def.level3),
                }),
            }
        }
        Method::Control => {
            let total = form.sangong(SangongKind::Total);
            if let (Some(b), Some(s)) = (value_of(&total.budget), value_of(&total.spent)) {
                out.target = Some(Decimal::ONE);
                out.actual = ratio(s, b).map(round4);
                let completion = if s <= b {
                    Decimal::ONE
                } else {
                    ratio(b, s).unwrap_or(Decimal::ZERO).max(Decimal::ZERO)
                };
                out.completion = Some(round4(completion));
                out.computed = Some(round2(points * completion));
            }
        }
        Method::SelfScore => {
            out.computed = row
                .and_then(|r| value_of(&r.self_score))
                .map(|s| round2(s.clamp(Decimal::ZERO, points)));
        }
    }
    let declared = row
        .and_then(|r| value_of(&r.self_score))
        .map(|s| round2(s.clamp(Decimal::ZERO, points)));
    out.score = out.computed.or(declared).unwrap_or(Decimal::ZERO);
    out
}
