//! The completion of one goal, from what its target and actual say
//! ([`crate::read::target::Shape`]): deadlines compared as dates in the form's year,
//! budget controls, ranges, quantities with their multipliers and units. Plain
//! numbers, percentages and qualitative words keep the rules of `SCORING.md` §2
//! ([`score::goal_exact`]). What no rule can read has no completion (the caller's
//! `GOAL-UNREADABLE`), never a number taken from text of another kind.
//!
//! Completion rules chosen here:
//! - deadline: met (1) when the actual's latest possible day is on or before the
//!   deadline's last day however it is read (`9月前`: 8-31); late (0) when the
//!   actual's earliest day is after the deadline read leniently (`9月前`: 9-30); in
//!   between (`9月` against `9月前`) it cannot be decided: no completion.
//!   `按期完成` meets any deadline, `未完成` none, `已完成` only a year-end one (the
//!   form reports the whole year; it does not say whether it was done by September).
//! - `不超预算` against `未超预算`/`控制在预算内` is met, against `超预算` not (0).
//! - a range is met within it; below it the completion is actual / low, above it
//!   high / actual (`≥` or `≤` in 指标性质 keeps only the bound it names).
//! - quantities compare in one base unit (`5万人次` = 50000 人次); different units,
//!   or a count against a percentage, cannot be compared.

use super::score;
use crate::model::{Direction, GoalRow};
use crate::num::ratio;
use crate::read::target::{self, Day, Quantity, Shape, Year};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// The direction used and the completion unrounded, for one goal of a form of
/// `year` (the form's year; `None` when the form has none).
pub fn goal_exact(
    goal: &GoalRow,
    scheme: &Scheme,
    year: Option<i32>,
) -> (Direction, Option<Decimal>) {
    let old = || score::goal_exact(goal, scheme);
    let (Some(t), Some(a)) = (&goal.target, &goal.actual) else {
        return old();
    };
    let (target, actual) = (target::read(&t.value.raw), target::read(&a.value.raw));
    let declared = goal.direction;
    match target {
        Shape::Deadline { strict, lenient } => (
            declared.unwrap_or(Direction::AtMost),
            deadline(strict, lenient, &actual, year),
        ),
        Shape::Date(span) => (
            declared.unwrap_or(Direction::AtMost),
            deadline(span.last, span.last, &actual, year),
        ),
        Shape::WithinBudget => match actual {
            Shape::WithinBudget => (declared.unwrap_or(Direction::AtMost), Some(Decimal::ONE)),
            Shape::OverBudget => (declared.unwrap_or(Direction::AtMost), Some(Decimal::ZERO)),
            _ => old(),
        },
        Shape::Range(lo, hi) => {
            let direction = declared.unwrap_or(Direction::Exact);
            let c = match actual {
                Shape::Quantity(_, a) => in_range(direction, &lo, &hi, a, &goal.unit),
                _ => None,
            };
            (direction, c)
        }
        Shape::Quantity(sign, t) if declared != Some(Direction::Qualitative) => {
            let direction = declared.or(sign).unwrap_or(Direction::AtLeast);
            let Shape::Quantity(_, a) = actual else {
                return (direction, None);
            };
            if simple(&t, &a, &goal.unit) {
                return old();
            }
            let c = same_unit(&t, &a, &goal.unit)
                .map(|(t, a)| score::numeric_completion(direction, t, a));
            (direction, c)
        }
        _ => old(),
    }
}

/// A pair the rules of `SCORING.md` §2 already read right: no multiplier written
/// or in the 计量单位, and one unit (a plain number takes the 计量单位, or the other
/// side's unit; beside a percentage it keeps the 1.5 rule there).
fn simple(t: &Quantity, a: &Quantity, unit: &str) -> bool {
    let (factor, column) = target::unit_of(unit);
    let of = |q: &Quantity| {
        if q.unit.is_empty() {
            column.clone()
        } else {
            q.unit.clone()
        }
    };
    let (tu, au) = (of(t), of(a));
    !t.scaled && !a.scaled && factor == Decimal::ONE && (tu == au || tu.is_empty() || au.is_empty())
}

/// Both values in one base unit; `None` when their units differ or a plain number
/// cannot be placed (`5.6` against `≥5万人次` with no 计量单位 to say which). A
/// plain number placed as a percentage follows the 1.5 rule (`93` is 93%, `0.93`
/// a cell formatted as percent).
fn same_unit(t: &Quantity, a: &Quantity, unit: &str) -> Option<(Decimal, Decimal)> {
    let (factor, column) = target::unit_of(unit);
    let place = |q: &Quantity, other: &Quantity| -> Option<(Decimal, String)> {
        if !q.unit.is_empty() {
            return Some((q.value, q.unit.clone()));
        }
        let (v, u) = if !column.is_empty() {
            (q.value * factor, column.clone())
        } else if !other.scaled {
            // No unit anywhere but on the other side: the same unit, unless a
            // multiplier there leaves the scale of this one unknown.
            (q.value, other.unit.clone())
        } else {
            return None;
        };
        if u == "%" && v.abs() > Decimal::new(15, 1) {
            return Some((v / Decimal::ONE_HUNDRED, u));
        }
        Some((v, u))
    };
    let (tv, tu) = place(t, a)?;
    let (av, au) = place(a, t)?;
    (tu == au).then_some((tv, av))
}

/// Completion of an actual against `lo`–`hi`.
fn in_range(
    direction: Direction,
    lo: &Quantity,
    hi: &Quantity,
    actual: Quantity,
    unit: &str,
) -> Option<Decimal> {
    let (lo_v, a) = same_unit(lo, &actual, unit)?;
    let (hi_v, _) = same_unit(hi, &actual, unit)?;
    let (zero, one) = (Decimal::ZERO, Decimal::ONE);
    let below = || ratio(a, lo_v).map(|c| c.clamp(zero, one));
    let above = || {
        if a <= zero {
            Some(one)
        } else {
            ratio(hi_v, a).map(|c| c.clamp(zero, one))
        }
    };
    match direction {
        Direction::AtLeast if a >= lo_v => Some(one),
        Direction::AtLeast => below(),
        Direction::AtMost if a <= hi_v => Some(one),
        Direction::AtMost => above(),
        _ if a < lo_v => below(),
        _ if a > hi_v => above(),
        _ => Some(one),
    }
}

/// A day as (year, month, day), or `None` when its year cannot be placed.
type Placed = (i32, u32, u32);

/// Days of the target and the actual on one calendar: years not written are the
/// form's; with no form year they compare as one unnamed year, unless a year is
/// written on one side only.
fn place(days: &[Day], year: Option<i32>) -> Option<Vec<Placed>> {
    let written = days.iter().any(|d| matches!(d.year, Year::Written(_)));
    let base = match year {
        Some(y) => y,
        None if written => return None,
        None => 0,
    };
    Some(
        days.iter()
            .map(|d| {
                let y = match d.year {
                    Year::Written(y) => y,
                    Year::Next => base + 1,
                    Year::Form => base,
                };
                (y, d.month, d.day)
            })
            .collect(),
    )
}

/// Completion of an actual against a deadline (see the module note).
fn deadline(strict: Day, lenient: Day, actual: &Shape, year: Option<i32>) -> Option<Decimal> {
    let (first, last) = match actual {
        Shape::OnTime => return Some(Decimal::ONE),
        Shape::NotDone => return Some(Decimal::ZERO),
        Shape::Done => {
            let p = place(&[strict], year)?;
            let year_end = p[0].1 == 12 && p[0].2 == 31 && (year.is_none() || Some(p[0].0) == year);
            return year_end.then_some(Decimal::ONE);
        }
        Shape::Date(span) => (span.first, span.last),
        // `9月底前完成` as an actual: done by its lenient day, from the year's start.
        Shape::Deadline { lenient, .. } => (
            Day {
                month: 1,
                day: 1,
                ..*lenient
            },
            *lenient,
        ),
        _ => return None,
    };
    let p = place(&[strict, lenient, first, last], year)?;
    let (strict, lenient, first, last) = (p[0], p[1], p[2], p[3]);
    if last <= strict {
        Some(Decimal::ONE)
    } else if first > lenient {
        Some(Decimal::ZERO)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
