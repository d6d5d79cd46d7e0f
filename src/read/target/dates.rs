//! Deadlines and dates of goal values: `9月前`, `9月底前`, `12月底前`, `年底前完成`,
//! `第三季度前`, `7月`, `11月完成`, `10月底`, `2023年10月15日`, `次年1月`.
//!
//! The end of a month is day 31 whatever the month: days are only ever ordered,
//! never counted, and 9-31 sorts after every day of September and before 10-01.

use super::{Day, Shape, Span, Year};

/// The last day of a month, as ordered (see the module note).
const END: u32 = 31;

/// A deadline or a date, or `None` when `t` is neither.
pub(super) fn deadline_or_date(t: &str) -> Option<Shape> {
    let mut core = t;
    for p in [
        "已于",
        "已在",
        "截至到",
        "截止到",
        "截至",
        "截止",
        "于",
        "在",
    ] {
        if let Some(rest) = core.strip_prefix(p) {
            core = rest;
            break;
        }
    }
    for s in ["完成", "办结", "完工", "结束", "实现", "落实"] {
        if let Some(rest) = core.strip_suffix(s) {
            core = rest;
            break;
        }
    }
    let mut before = false;
    for s in ["之前", "以前", "前"] {
        if let Some(rest) = core.strip_suffix(s) {
            core = rest;
            before = true;
            break;
        }
    }
    let (span, end) = span(core)?;
    if !before && !core.ends_with('内') {
        return Some(Shape::Date(span));
    }
    let strict = if end || !before {
        span.last
    } else {
        day_before(span.first)?
    };
    Some(Shape::Deadline {
        strict,
        lenient: span.last,
    })
}

/// The day before `d`, within its year; `None` before 1-01.
fn day_before(d: Day) -> Option<Day> {
    match (d.month, d.day) {
        (1, 1) => None,
        (m, 1) => Some(Day {
            month: m - 1,
            day: END,
            ..d
        }),
        (m, day) => Some(Day {
            month: m,
            day: day - 1,
            ..d
        }),
    }
}

/// The days `t` names, and whether it names one end day (`9月底`, `年底`,
/// `第三季度末`) rather than a period.
fn span(t: &str) -> Option<(Span, bool)> {
    let (year, rest) = year_prefix(t);
    let at = |m1: u32, d1: u32, m2: u32, d2: u32| Span {
        first: Day {
            year,
            month: m1,
            day: d1,
        },
        last: Day {
            year,
            month: m2,
            day: d2,
        },
    };
    let whole = ["内", "度内", "年内", "年度内", "全年"];
    let yearly = match rest {
        "底" | "末" | "年底" | "年末" => Some((at(12, END, 12, END), true)),
        "上半年" => Some((at(1, 1, 6, END), false)),
        "下半年" => Some((at(7, 1, 12, END), false)),
        r if whole.contains(&r) => Some((at(1, 1, 12, END), false)),
        "" if matches!(year, Year::Written(_)) => Some((at(1, 1, 12, END), false)),
        _ => None,
    };
    if yearly.is_some() {
        return yearly;
    }
    if let Some(q) = quarter(rest) {
        let (n, tail) = q;
        let (first, last) = (3 * n - 2, 3 * n);
        return match tail {
            "" => Some((at(first, 1, last, END), false)),
            "末" | "底" => Some((at(last, END, last, END), true)),
            _ => None,
        };
    }
    let (month, tail) = number_then(rest, '月')?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let tail = tail.strip_prefix('份').unwrap_or(tail);
    match tail {
        "" => Some((at(month, 1, month, END), false)),
        "底" | "末" => Some((at(month, END, month, END), true)),
        "上旬" => Some((at(month, 1, month, 10), false)),
        "中旬" => Some((at(month, 11, month, 20), false)),
        "下旬" => Some((at(month, 21, month, END), false)),
        _ => {
            let (day, rest) = number_then(tail, '日').or_else(|| number_then(tail, '号'))?;
            (rest.is_empty() && (1..=END).contains(&day))
                .then(|| (at(month, day, month, day), false))
        }
    }
}

/// `2023年…`, `次年…`, `当年…`, or no year.
fn year_prefix(t: &str) -> (Year, &str) {
    for p in ["次年", "翌年"] {
        if let Some(rest) = t.strip_prefix(p) {
            return (Year::Next, rest);
        }
    }
    for p in ["当年", "本年度", "本年"] {
        if let Some(rest) = t.strip_prefix(p) {
            return (Year::Form, rest);
        }
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 4 {
        if let (Ok(y), Some(rest)) = (digits.parse::<i32>(), t[4..].strip_prefix('年')) {
            if (1900..=2200).contains(&y) {
                let rest = rest.strip_prefix("度").unwrap_or(rest);
                return (Year::Written(y), rest);
            }
        }
    }
    (Year::Form, t)
}

/// `第三季度…`, `三季度…`, `第3季度…`, `Q3`: the quarter and what follows.
fn quarter(t: &str) -> Option<(u32, &str)> {
    let t = t.strip_prefix('第').unwrap_or(t);
    let (n, rest) = number_then(t, '季')?;
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    (1..=4).contains(&n).then_some((n, rest))
}

/// A number (digits or 一…十二, 三十一) followed by `mark`, and what follows it.
fn number_then(t: &str, mark: char) -> Option<(u32, &str)> {
    let i = t.find(mark)?;
    let n = number(&t[..i])?;
    Some((n, &t[i + mark.len_utf8()..]))
}

fn number(t: &str) -> Option<u32> {
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse().ok().filter(|n| *n <= 31);
    }
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |c: char| DIGITS.iter().position(|d| *d == c).map(|i| i as u32 + 1);
    let c: Vec<char> = t.chars().collect();
    match c.as_slice() {
        [d] => digit(*d).or((*d == '十').then_some(10)),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(10 * digit(*d)?),
        [a, '十', b] => Some(10 * digit(*a)? + digit(*b)?),
        _ => None,
    }
}
