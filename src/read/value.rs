//! Cell values → numbers, percentages, goal values and dates: the one parser of
//! numbers used by every block (`FORM.md` §2 "Numbers", "Dates").

use crate::model::{Direction, GoalValue, Measure};
use crate::num;
use crate::read::target;
use calamine::Data;
use rust_decimal::Decimal;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;

/// What a cell meant to hold, as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// Nothing there.
    Empty,
    /// A dash, slash or `无`: empty for a rate, zero for an amount.
    Dash,
    /// A plain number (`1,945.54`, `1945.54万元`, `(12.30)`, numeric cell).
    Value(Decimal),
    /// A number written with `%`, as a fraction (`98.92%` → 0.9892).
    Percent(Decimal),
    /// Text that is not a number: the reader turns it into `BAD-NUMBER`.
    Bad(String),
}

/// Parse a cell as a number.
///
/// ```
/// use calamine::Data;
/// use jixiao::read::value::{parse_number, Num};
/// let n = |s: &str| parse_number(&Data::String(s.into()));
/// assert_eq!(n("1,945.54"), Num::Value("1945.54".parse().unwrap()));
/// assert_eq!(n("１９４５．５４"), Num::Value("1945.54".parse().unwrap()));
/// assert_eq!(n("98.92 %"), Num::Percent("0.9892".parse().unwrap()));
/// assert_eq!(n("(12.30)"), Num::Value("-12.30".parse().unwrap()));
/// assert_eq!(n("—"), Num::Dash);
/// assert!(matches!(n("约两千"), Num::Bad(_)));
/// ```
pub fn parse_number(cell: &Data) -> Num {
    match cell {
        Data::Empty => Num::Empty,
        Data::Int(i) => match num::input(Decimal::from(*i)) {
            Some(d) => Num::Value(d),
            None => Num::Bad(out_of_range(&i.to_string())),
        },
        Data::Float(f) => match num::from_f64(*f).and_then(num::input) {
            Some(d) => Num::Value(d),
            None => Num::Bad(out_of_range(&f.to_string())),
        },
        Data::String(s) => parse_number_text(s),
        Data::Bool(b) => Num::Bad(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Error(e) => Num::Bad(format!("{e}")),
        Data::DateTime(d) => Num::Bad(format!("日期 {}", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Num::Bad(s.clone()),
    }
}

/// What a `BAD-NUMBER` quotes for a number past [`num::MAX_INPUT`].
fn out_of_range(raw: &str) -> String {
    format!("{raw}（数值超出合理范围）")
}

/// Text that stands for "nothing" in a number cell.
fn is_dash(t: &str) -> bool {
    matches!(
        t,
        "-" | "--" | "—" | "——" | "―" | "/" | "无" | "不适用" | "N/A" | "n/a"
    ) || (!t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '―' | '－')))
}

/// Parse number text (see [`parse_number`]).
pub fn parse_number_text(text: &str) -> Num {
    let t: String = text
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if t.is_empty() {
        return Num::Empty;
    }
    if is_dash(&t) {
        return Num::Dash;
    }
    let mut s = t.as_str();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner;
    }
    s = s.strip_suffix("万元").unwrap_or(s);
    let percent = s.ends_with('%');
    s = s.trim_end_matches('%');
    let value = match Decimal::from_str(s) {
        Ok(v) => v,
        Err(_) => return Num::Bad(text.trim().to_string()),
    };
    let value = if negative { -value } else { value };
    let Some(value) = num::input(value) else {
        return Num::Bad(out_of_range(text.trim()));
    };
    if percent {
        Num::Percent(value / Decimal::ONE_HUNDRED)
    } else {
        Num::Value(value)
    }
}

/// A rate cell as a fraction: `98.92%` → 0.9892; a number above 2 is read as
/// percentage points (`98.92` → 0.9892), one up to 2 as a fraction already (a cell
/// formatted as percent stores `0.9892`). Dashes and empty cells have no rate.
pub fn rate_fraction(n: &Num) -> Option<Decimal> {
    match n {
        Num::Percent(f) => Some(*f),
        Num::Value(v) if v.abs() > Decimal::TWO => Some(*v / Decimal::ONE_HUNDRED),
        Num::Value(v) => Some(*v),
        _ => None,
    }
}

/// Parse a goal or indicator value: `≥95%`, `≤30天`, `2023次`, `100%`, `好`.
///
/// ```
/// use calamine::Data;
/// use jixiao::model::{Direction, Measure};
/// use jixiao::read::value::parse_goal_value;
/// let v = parse_goal_value(&Data::String("≥95%".into())).unwrap();
/// assert_eq!(v.sign, Some(Direction::AtLeast));
/// assert_eq!(v.measure, Measure::Percent("0.95".parse().unwrap()));
/// let v = parse_goal_value(&Data::String("≤30天".into())).unwrap();
/// assert_eq!(v.measure, Measure::Number("30".parse().unwrap()));
/// ```
pub fn parse_goal_value(cell: &Data) -> Option<GoalValue> {
    let raw = match cell {
        Data::Empty => return None,
        Data::String(s) if s.trim().is_empty() => return None,
        Data::String(s) => s.trim().to_string(),
        other => {
            return match parse_number(other) {
                Num::Value(v) => Some(GoalValue {
                    raw: num::plain(v),
                    sign: None,
                    measure: Measure::Number(v),
                }),
                _ => Some(GoalValue {
                    raw: other.to_string(),
                    sign: None,
                    measure: Measure::Text(other.to_string()),
                }),
            }
        }
    };
    let t: String = raw
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let (sign, rest) = split_sign(&t);
    let measure = parse_measure(rest);
    Some(GoalValue { raw, sign, measure })
}

/// A comparison sign written in front of a value (`≥`, `不低于`, `≤`, `不超过`, `=`),
/// and the rest.
pub(crate) fn split_sign(t: &str) -> (Option<Direction>, &str) {
    const SIGNS: &[(&str, Direction)] = &[
        (">=", Direction::AtLeast),
        ("≥", Direction::AtLeast),
        ("≧", Direction::AtLeast),
        ("不低于", Direction::AtLeast),
        ("不少于", Direction::AtLeast),
        (">", Direction::AtLeast),
        ("<=", Direction::AtMost),
        ("≤", Direction::AtMost),
        ("≦", Direction::AtMost),
        ("不高于", Direction::AtMost),
        ("不超过", Direction::AtMost),
        ("<", Direction::AtMost),
        ("=", Direction::Exact),
    ];
    for (s, d) in SIGNS {
        if let Some(rest) = t.strip_prefix(s) {
            return (Some(*d), rest);
        }
    }
    (None, t)
}

/// A number with an optional `%` or unit after it; otherwise text. A value whose
/// number is not a quantity as written — a date or deadline (`9月前`), a range
/// (`90%-95%`), a multiplied unit (`5万人次`) — stays text: its completion is worked
/// out from its [`target::Shape`], never from the number in front.
fn parse_measure(t: &str) -> Measure {
    match target::read(t) {
        target::Shape::Quantity(_, q) if q.scaled => return Measure::Text(t.to_string()),
        target::Shape::Range(..) | target::Shape::Deadline { .. } | target::Shape::Date(_) => {
            return Measure::Text(t.to_string())
        }
        _ => {}
    }
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (digits, tail) = t.split_at(end);
    match Decimal::from_str(digits).map(num::input) {
        Ok(Some(v)) if tail.starts_with('%') => Measure::Percent(v / Decimal::ONE_HUNDRED),
        Ok(Some(v)) if tail.chars().all(|c| !c.is_ascii_digit()) => Measure::Number(v),
        _ => Measure::Text(t.to_string()),
    }
}

/// Parse 指标性质.
pub fn parse_direction(text: &str) -> Option<Direction> {
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    match t.as_str() {
        "≥" | ">=" | ">" | "≧" | "正向" | "正向指标" | "越大越好" => {
            Some(Direction::AtLeast)
        }
        "≤" | "<=" | "<" | "≦" | "反向" | "反向指标" | "越小越好" => {
            Some(Direction::AtMost)
        }
        "=" | "等于" | "持平" => Some(Direction::Exact),
        "定性" | "定性指标" => Some(Direction::Qualitative),
        _ => None,
    }
}

/// A date cell as `YYYY-MM-DD` when complete; otherwise the text as written
/// (`2024 年 5 月 日` is kept, not an error).
///
/// ```
/// use calamine::Data;
/// use jixiao::read::value::parse_date;
/// let d = |s: &str| parse_date(&Data::String(s.into()));
/// assert_eq!(d("2024年5月20日").as_deref(), Some("2024-05-20"));
/// assert_eq!(d("2024.5.20").as_deref(), Some("2024-05-20"));
/// assert_eq!(d("2024 年 5 月 日").as_deref(), Some("2024 年 5 月 日"));
/// ```
pub fn parse_date(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        // Excel's dates run from serial 1 (1900-01-01) to 2958465 (9999-12-31).
        Data::DateTime(d) if (1.0..2_958_466.0).contains(&d.as_f64()) => {
            Some(serial_to_ymd(d.as_f64()))
        }
        Data::Float(f) if (20000.0..80000.0).contains(f) => Some(serial_to_ymd(*f)),
        Data::Int(i) if (20000..80000).contains(i) => Some(serial_to_ymd(*i as f64)),
        Data::DateTimeIso(s) => Some(s.chars().take(10).collect()),
        Data::String(s) => {
            let raw = s.trim();
            if raw.is_empty() {
                return None;
            }
            Some(text_date(raw).unwrap_or_else(|| raw.to_string()))
        }
        other => Some(other.to_string()),
    }
}

fn text_date(raw: &str) -> Option<String> {
    let t: String = raw.nfkc().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches('日');
    let parts: Vec<&str> = t.split(['年', '月', '-', '/', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
fn serial_to_ymd(serial: f64) -> String {
    // Day 25569 is 1970-01-01 in Excel's 1900 system (which counts 1900-02-29).
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-from-civil inverse.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_in_every_written_form() {
        assert_eq!(parse_number_text("1945.54万元"), Num::Value(d("1945.54")));
        assert_eq!(parse_number_text("40,118.72"), Num::Value(d("40118.72")));
        assert_eq!(parse_number_text("（12.30）"), Num::Value(d("-12.30")));
        assert_eq!(parse_number_text("－"), Num::Dash);
        assert_eq!(parse_number_text("无"), Num::Dash);
        assert_eq!(parse_number_text("  "), Num::Empty);
        assert_eq!(
            parse_number(&Data::Float(1924.46)),
            Num::Value(d("1924.46"))
        );
        assert_eq!(parse_number(&Data::Int(3)), Num::Value(d("3")));
    }

    #[test]
    fn rates_as_fractions() {
        assert_eq!(rate_fraction(&Num::Value(d("98.92"))), Some(d("0.9892")));
        assert_eq!(rate_fraction(&Num::Value(d("0.9892"))), Some(d("0.9892")));
        assert_eq!(rate_fraction(&Num::Percent(d("0.998"))), Some(d("0.998")));
        assert_eq!(rate_fraction(&Num::Dash), None);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(serial_to_ymd(45432.0), "2024-05-20");
        assert_eq!(serial_to_ymd(25569.0), "1970-01-01");
    }

    #[test]
    fn goal_values() {
        let v = |s: &str| parse_goal_value(&Data::String(s.into())).unwrap();
        assert_eq!(v("2023次").measure, Measure::Number(d("2023")));
        assert_eq!(v("100%").measure, Measure::Percent(d("1")));
        assert_eq!(v("好").measure, Measure::Text("好".into()));
        assert_eq!(v("≤40位").sign, Some(Direction::AtMost));
        assert_eq!(
            parse_goal_value(&Data::Float(0.95)).unwrap().measure,
            Measure::Number(d("0.95"))
        );
    }
}
