//! Goal values beyond a plain number: what a 年度目标值 or 实际完成值 says, read
//! without guessing. A deadline (`9月底前`), a date (`7月`, `10月底`), done words
//! (`已完成`, `按期完成`), a budget control (`不超预算`, `未超预算`), a range
//! (`90%-95%`) and a quantity with its multiplier and unit (`≥5万人次`) are each a
//! [`Shape`]; anything else is [`Shape::Text`], left to the qualitative table.
//!
//! The number inside `9月前` is a month, not a quantity: such a value is never a
//! [`Shape::Quantity`], so that no completion is computed from it as a number.
//! Everything here is data-free code; the form's year is applied when comparing
//! (`compute::goal`).

use crate::model::Direction;
use crate::read::value::split_sign;
use rust_decimal::Decimal;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// A quantity as written: `5.6万人次` is 56000 of `人次`, scaled.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in the base unit (`5.6万人次` → 56000; `95%` → 0.95).
    pub value: Decimal,
    /// The unit without its multiplier (`人次`, `元`, `%`); empty for a plain number.
    pub unit: String,
    /// Whether a multiplier (万, 亿, 千, 百万, 千万) was written.
    pub scaled: bool,
}

impl Quantity {
    /// A percentage (`95%`, or a plain number read under a `%` unit).
    pub fn is_percent(&self) -> bool {
        self.unit == "%"
    }
}

/// Which year a [`Day`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Year {
    /// Written (`2023年9月`).
    Written(i32),
    /// `次年`/`翌年`: the year after the form's.
    Next,
    /// Not written: the form's year.
    Form,
}

/// A day of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The year it is in.
    pub year: Year,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

/// The days a written date may mean: `7月` is 7-01 to 7-31, `10月底` is 10-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The earliest day meant.
    pub first: Day,
    /// The latest day meant.
    pub last: Day,
}

/// What a goal value says.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A quantity, with the sign written before (`≥`, `不超过`) or after it (`以上`,
    /// `以内`).
    Quantity(Option<Direction>, Quantity),
    /// `90%-95%`, `90～95%`, `90%至95%`: low and high, in one unit.
    Range(Quantity, Quantity),
    /// A deadline (`9月前`, `12月底前`, `年底前完成`, `第三季度前`): the last day
    /// surely within it and the last day it may mean (`9月前` is before September
    /// strictly, by the end of September leniently).
    Deadline {
        /// The last day that meets the deadline however it is read (8-31 for `9月前`).
        strict: Day,
        /// The last day that meets it read leniently (9-30 for `9月前`).
        lenient: Day,
    },
    /// A date or period without `前` (`7月`, `11月完成`, `10月底`, `2023年10月15日`).
    Date(Span),
    /// `已完成`, `完成`, `全部完成`: done, without saying when.
    Done,
    /// `按期完成`, `按时`, `如期完成`, `提前完成`: done on time.
    OnTime,
    /// `未完成`, `逾期`: not done (in time).
    NotDone,
    /// `不超预算`, `未超预算`, `控制在预算内`, `未超支`: within the budget.
    WithinBudget,
    /// `超预算`, `超支`: over the budget.
    OverBudget,
    /// Anything else (`好`, `持续发挥`).
    Text,
}

/// Read a goal value as written (the cell text).
///
/// ```
/// use jixiao::read::target::{read, Shape};
/// assert!(matches!(read("9月底前"), Shape::Deadline { .. }));
/// assert!(matches!(read("≥5万人次"), Shape::Quantity(Some(_), q) if q.value == 50000.into()));
/// assert_eq!(read("未超预算"), Shape::WithinBudget);
/// assert!(matches!(read("90%-95%"), Shape::Range(..)));
/// assert_eq!(read("持续发挥"), Shape::Text);
/// ```
pub fn read(raw: &str) -> Shape {
    let t = clean(raw);
    if t.is_empty() {
        return Shape::Text;
    }
    if let Some(s) = words(&t) {
        return s;
    }
    if let Some(s) = deadline_or_date(&t) {
        return s;
    }
    let (sign, rest) = split_sign(&t);
    if let Some((lo, hi)) = range(rest) {
        return Shape::Range(lo, hi);
    }
    let (rest, sign) = match (sign, control_in(rest)) {
        (None, Some(inner)) => (inner, Some(Direction::AtMost)),
        _ => (rest, sign),
    };
    let (rest, after) = suffix_sign(rest);
    match quantity(rest) {
        Some(q) => Shape::Quantity(sign.or(after), q),
        None => Shape::Text,
    }
}

/// NFKC, without whitespace and thousands separators.
fn clean(raw: &str) -> String {
    raw.nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// The fixed phrases: done, on time, within or over the budget.
fn words(t: &str) -> Option<Shape> {
    let t = t.trim_end_matches(['。', '.', '!', '！']);
    const WITHIN: &[&str] = &[
        "不超预算",
        "未超预算",
        "没有超预算",
        "不超过预算",
        "未超过预算",
        "控制在预算内",
        "控制在预算以内",
        "控制在预算范围内",
        "在预算范围内",
        "预算范围内",
        "预算内",
        "未超支",
        "无超支",
        "不超支",
    ];
    const OVER: &[&str] = &["超预算", "超出预算", "超过预算", "超支"];
    const ON_TIME: &[&str] = &[
        "按期完成",
        "按时完成",
        "如期完成",
        "提前完成",
        "按期",
        "按时",
        "如期",
    ];
    const DONE: &[&str] = &["已完成", "完成", "全部完成", "已全部完成", "已办结", "办结"];
    const NOT_DONE: &[&str] = &["未完成", "尚未完成", "未按期完成", "逾期", "逾期完成"];
    let is = |list: &[&str]| list.contains(&t);
    Some(if is(WITHIN) {
        Shape::WithinBudget
    } else if is(OVER) {
        Shape::OverBudget
    } else if is(ON_TIME) {
        Shape::OnTime
    } else if is(NOT_DONE) {
        Shape::NotDone
    } else if is(DONE) {
        Shape::Done
    } else {
        return None;
    })
}

/// `控制在5万元以内` → `5万元` (the `以内` is taken off by [`suffix_sign`]).
fn control_in(t: &str) -> Option<&str> {
    let inner = t.strip_prefix("控制在")?;
    (inner.ends_with("以内") || inner.ends_with("以下")).then_some(inner)
}

/// A sign written after the quantity: `100人以上`, `5天以内`.
fn suffix_sign(t: &str) -> (&str, Option<Direction>) {
    const SUFFIXES: &[(&str, Direction)] = &[
        ("及以上", Direction::AtLeast),
        ("以上", Direction::AtLeast),
        ("及以下", Direction::AtMost),
        ("以下", Direction::AtMost),
        ("以内", Direction::AtMost),
    ];
    for (s, d) in SUFFIXES {
        if let Some(rest) = t.strip_suffix(s) {
            return (rest, Some(*d));
        }
    }
    (t, None)
}

/// The multipliers a unit may start with, longest first.
const MULTIPLIERS: &[(&str, i64)] = &[
    ("百万", 1_000_000),
    ("千万", 10_000_000),
    ("万", 10_000),
    ("亿", 100_000_000),
    ("千", 1_000),
];

/// A unit split into its multiplier and base (`万人次` → 10000, `人次`); `%` and the
/// words for a percentage are the unit `%`.
pub fn unit_of(text: &str) -> (Decimal, String) {
    let t = clean(text);
    let t = t.trim_start_matches('(').trim_end_matches(')');
    if matches!(t, "%" | "百分比" | "百分率" | "比例" | "比率") {
        return (Decimal::ONE, "%".into());
    }
    for (m, f) in MULTIPLIERS {
        if let Some(rest) = t.strip_prefix(m) {
            return (Decimal::from(*f), rest.to_string());
        }
    }
    (Decimal::ONE, t.to_string())
}

/// A number with an optional multiplier and unit: `5.6万人次`, `95%`, `3120卷`.
fn quantity(t: &str) -> Option<Quantity> {
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0)))
        .map_or(t.len(), |(i, _)| i);
    let (digits, tail) = t.split_at(end);
    let value = crate::num::input(Decimal::from_str(digits).ok()?)?;
    if tail.is_empty() {
        return Some(Quantity {
            value,
            unit: String::new(),
            scaled: false,
        });
    }
    if tail == "%" {
        return Some(Quantity {
            value: value / Decimal::ONE_HUNDRED,
            unit: "%".into(),
            scaled: false,
        });
    }
    if !is_unit(tail) {
        return None;
    }
    let (factor, unit) = unit_of(tail);
    Some(Quantity {
        value: value * factor,
        unit,
        scaled: factor != Decimal::ONE,
    })
}

/// A unit word: short, no digits, no sign or range mark, not a date word.
fn is_unit(tail: &str) -> bool {
    let n = tail.chars().count();
    (1..=6).contains(&n)
        && !tail
            .chars()
            .any(|c| c.is_ascii_digit() || "%<>=≥≤~～-至到前底末季".contains(c))
        && !["月", "年度", "旬"].contains(&tail)
}

/// `90%-95%`, `90-95%`, `90%～95%`, `90%至95%`: both ends in one unit.
fn range(t: &str) -> Option<(Quantity, Quantity)> {
    for sep in ["~", "至", "到", "-", "—", "－"] {
        // A leading `-` is a minus sign, not a separator.
        let Some(i) = t.get(1..).and_then(|s| s.find(sep)).map(|i| i + 1) else {
            continue;
        };
        let (a, b) = (&t[..i], &t[i + sep.len()..]);
        let (Some(mut lo), Some(hi)) = (quantity(a), quantity(b)) else {
            continue;
        };
        if lo.unit.is_empty() && !hi.unit.is_empty() {
            // `90-95%`: the low end takes the high end's unit.
            let (factor, unit) = if hi.is_percent() {
                (Decimal::new(1, 2), "%".to_string())
            } else {
                let tail = b.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
                unit_of(tail)
            };
            lo.value *= factor;
            lo.scaled = factor != Decimal::ONE && !hi.is_percent();
            lo.unit = unit;
        }
        if lo.unit != hi.unit || lo.value > hi.value {
            return None;
        }
        return Some((lo, hi));
    }
    None
}

mod dates;
use dates::deadline_or_date;

#[cfg(test)]
mod tests;
