//! The scoring methods of `SCORING.md` §2: `goals`, `rate`, `control`, `self`.

use crate::model::*;
use crate::num::{ratio, round2, round4};
use crate::scheme::{Indicator, Method, RateBasis, Scheme};
use crate::text as label;
use rust_decimal::Decimal;

/// A finding the scoring raises, before it is tied to a department.
pub struct Raised {
    /// Rule id.
    pub rule: Rule,
    /// Severity.
    pub severity: Severity,
    /// Cell.
    pub at: Option<CellPos>,
    /// Message.
    pub message: String,
}

/// Completion of one goal indicator (`SCORING.md` §2 `goals`), 4 decimals.
pub fn goal(goal: &GoalRow, scheme: &Scheme) -> GoalReview {
    let (direction, completion) = goal_exact(goal, scheme);
    GoalReview {
        direction,
        completion: completion.map(round4),
    }
}

/// The direction used and the completion unrounded: scores are computed from
/// unrounded inputs and rounded once (`SCORING.md` §1).
pub fn goal_exact(goal: &GoalRow, scheme: &Scheme) -> (Direction, Option<Decimal>) {
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
        (Direction::Qualitative, t, Some(a)) => match &a.measure {
            Measure::Text(text) => scheme.qualitative(text),
            _ => scheme.qualitative(&a.raw),
        }
        // An actual that restates its qualitative target (`按期` against `按期`)
        // meets it, whatever the word.
        .or_else(|| {
            t.filter(|t| label::key(&t.raw) == label::key(&a.raw))
                .map(|_| Decimal::ONE)
        }),
        (_, Some(t), Some(a)) => {
            numbers(&t.measure, &a.measure).map(|(t, a)| numeric_completion(direction, t, a))
        }
        _ => None,
    };
    (direction, completion)
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

/// Completion of a number against its target (`SCORING.md` §2 `≥`, `≤`, `=`).
pub fn numeric_completion(direction: Direction, target: Decimal, actual: Decimal) -> Decimal {
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
    completions: &[Option<Decimal>],
    raised: &mut Vec<Raised>,
) -> ScoredIndicator {
    let row_index = form
        .indicators
        .iter()
        .position(|r| r.scheme_index == Some(index) && !r.budget);
    let row = row_index.map(|i| &form.indicators[i]);
    let cell = row.map(|r| CellPos::new(r.row, r.score_col));
    let points = def.points;
    let mut out = ScoredIndicator {
        scheme_index: Some(index),
        row: row_index,
        target: None,
        actual: None,
        completion: None,
        computed: None,
        score: None,
    };
    match &def.method {
        Method::Goals { kinds } => {
            let completions: Vec<Decimal> = form
                .goals
                .iter()
                .zip(completions)
                .filter(|(g, _)| kinds.contains(&label::key(&g.level1)))
                .map(|(_, c)| c.unwrap_or(Decimal::ZERO))
                .collect();
            if completions.is_empty() {
                raised.push(Raised {
                    rule: Rule::NoGoals,
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
                (n, d) => raised.push(Raised {
                    rule: Rule::RateNa,
                    severity: Severity::Note,
                    at: cell,
                    message: if n.is_some() && d.is_some() {
                        format!("“{}”的基数为 0，不可比，采用自评得分", def.level3)
                    } else {
                        format!(
                            "“{}”所需的金额未填写或无法读取，无法复核，采用自评得分",
                            def.level3
                        )
                    },
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
            } else {
                raised.push(Raised {
                    rule: Rule::RateNa,
                    severity: Severity::Note,
                    at: cell,
                    message: format!(
                        "“{}”所需的“三公”经费合计金额未填写或无法读取，无法复核，采用自评得分",
                        def.level3
                    ),
                });
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
    out.score = out.computed.or(declared);
    out
}

/// 执行率 of the total fund row, unrounded.
fn budget_rate(form: &Form) -> Option<Decimal> {
    let t = form.fund(FundKind::Total);
    ratio(value_of(&t.spent)?, value_of(&t.budget)?)
}

/// Score each of the form's own rows (`LAYOUTS.md` §1): an indicator row earns its
/// points × the completion of its goal, the budget row its points × min(执行率 /
/// target, 1). A row whose completion cannot be worked out keeps its declared score.
pub fn form_rows(
    rule: &crate::scheme::FormRows,
    form: &Form,
    goals: &[GoalReview],
    raised: &mut Vec<Raised>,
) -> Vec<ScoredIndicator> {
    let mut out = Vec::with_capacity(form.indicators.len());
    for (k, row) in form.indicators.iter().enumerate() {
        let points = value_of(&row.points);
        let mut s = ScoredIndicator {
            scheme_index: None,
            row: Some(k),
            target: None,
            actual: None,
            completion: None,
            computed: None,
            score: None,
        };
        let cell = Some(CellPos::new(row.row, row.score_col));
        let completion = if row.budget {
            s.target = Some(round4(rule.budget_target));
            match budget_rate(form) {
                Some(rate) => {
                    s.actual = Some(round4(rate));
                    ratio(rate, rule.budget_target).map(|c| c.clamp(Decimal::ZERO, Decimal::ONE))
                }
                None => {
                    raised.push(Raised {
                        rule: Rule::RateNa,
                        severity: Severity::Note,
                        at: cell,
                        message: "预算执行率的基数为 0 或未填写，不可比，采用自评得分".into(),
                    });
                    None
                }
            }
        } else {
            form.goals
                .iter()
                .zip(goals)
                .find(|(g, _)| g.at.row == row.row)
                .and_then(|(_, r)| r.completion)
        };
        s.completion = completion.map(round4);
        if let (Some(p), Some(c)) = (points, completion) {
            s.computed = Some(round2(p * c));
        }
        let declared = value_of(&row.self_score)
            .map(|d| round2(d.clamp(Decimal::ZERO, points.unwrap_or(d.max(Decimal::ZERO)))));
        s.score = s.computed.or(declared);
        out.push(s);
    }
    out
}

/// 一级 sums over the form's own rows, in the order they first appear.
pub fn form_row_levels(
    indicators: &[ScoredIndicator],
    form: &Form,
) -> Vec<(String, Option<Decimal>, Decimal)> {
    let mut out: Vec<(String, Option<Decimal>, Decimal)> = Vec::new();
    for s in indicators {
        let Some(row) = s.row.map(|k| &form.indicators[k]) else {
            continue;
        };
        let name = if row.level1.is_empty() {
            "绩效指标".to_string()
        } else {
            row.level1.clone()
        };
        let points = value_of(&row.points).unwrap_or_default();
        match out.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, score, p)) => {
                *score = score.zip(s.score).map(|(a, b)| a + b);
                *p += points;
            }
            None => out.push((name, s.score, points)),
        }
    }
    out
}

/// How a scored indicator is named in a message.
pub fn name_of(s: &ScoredIndicator, scheme: &Scheme, form: &Form) -> String {
    match (s.scheme_index, s.row) {
        (Some(i), _) => scheme.indicators[i].level3.clone(),
        (None, Some(k)) => form.indicators[k].level3.clone(),
        (None, None) => String::new(),
    }
}

/// The 指标偏离 rule, when the scheme has it: each goal whose actual exceeds its
/// target by the scheme's share or more gives a finding; the points it costs are
/// returned.
pub fn deviations(
    scheme: &Scheme,
    form: &Form,
    goals: &[GoalReview],
    raised: &mut Vec<Raised>,
) -> Decimal {
    let Some(rule) = &scheme.deviation else {
        return Decimal::ZERO;
    };
    let mut penalty = Decimal::ZERO;
    for (g, r) in form.goals.iter().zip(goals) {
        if r.direction != Direction::AtLeast {
            continue;
        }
        let (Some(t), Some(a)) = (&g.target, &g.actual) else {
            continue;
        };
        let Some((t, a)) = numbers(&t.value.measure, &a.value.measure) else {
            continue;
        };
        if t <= Decimal::ZERO || a < t * (Decimal::ONE + rule.above) {
            continue;
        }
        penalty += rule.penalty;
        raised.push(Raised {
            rule: Rule::TargetLow,
            severity: Severity::Warning,
            at: Some(g.cell()),
            message: format!(
                "指标偏离：“{}”实际完成 {}，超过目标值 {} 达 {}，目标设置偏低，按方案扣 {} 分",
                g.name,
                crate::num::plain(a),
                crate::num::plain(t),
                crate::num::percent(Some(round4(a / t - Decimal::ONE))),
                crate::num::plain(rule.penalty)
            ),
        });
    }
    penalty
}
