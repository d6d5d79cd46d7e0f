//! Decimal helpers shared by every stage: rounding (四舍五入), float-cell conversion,
//! and the one way a figure is printed.

use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// Round half away from zero (四舍五入) to `dp` decimals.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Money and scores: 2 decimals, half away from zero.
pub fn round2(value: Decimal) -> Decimal {
    round(value, 2)
}

/// Rates kept as fractions: 4 decimals, half away from zero (98.92% = 0.9892).
pub fn round4(value: Decimal) -> Decimal {
    round(value, 4)
}

/// Largest magnitude a figure read from a form may have: 10^15 (万元, or a count).
/// Anything larger is a slip or a damaged cell, and keeping every input below it
/// (and at most 6 decimals) keeps every sum, ratio and product the review computes
/// far inside Decimal's range, so that no arithmetic can overflow.
pub const MAX_INPUT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// A figure as read from a form, held to [`MAX_INPUT`] and 6 decimals (a
/// millionth of a 万元 is a hundredth of a 元); `None` when out of range.
///
/// ```
/// use rust_decimal::Decimal;
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// assert_eq!(jixiao::num::input(d("1945.54")), Some(d("1945.54")));
/// assert_eq!(jixiao::num::input(d("0.0000000000000000000001")), Some(d("0")));
/// assert_eq!(jixiao::num::input(d("1000000000000000")), None);
/// ```
pub fn input(value: Decimal) -> Option<Decimal> {
    if value.abs() >= MAX_INPUT {
        None
    } else if value.scale() > 6 {
        Some(round(value, 6).normalize())
    } else {
        Some(value)
    }
}

/// `numerator / denominator`, unrounded; `None` when the denominator is 0.
pub fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        None
    } else {
        numerator.checked_div(denominator)
    }
}

/// A float cell value as a Decimal, through its shortest round-trip string
/// (`0.1 + 0.2` stored by Excel as `0.30000000000000004` stays that, `1945.54` is
/// exactly `1945.54`). `None` for NaN, infinities and values out of Decimal's range.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(jixiao::num::from_f64(1945.54), Some("1945.54".parse::<Decimal>().unwrap()));
/// ```
pub fn from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    // Rust's Display for f64 prints the shortest string that round-trips, without
    // an exponent.
    let text = value.to_string();
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .ok()
        .map(|d| d.normalize())
}

/// Fixed-point text with exactly `dp` decimals (`fixed(1945.5, 2)` = `1945.50`).
pub fn fixed(value: Decimal, dp: u32) -> String {
    let mut v = round(value, dp);
    v.rescale(dp);
    v.to_string()
}

/// A money figure or score as printed in messages and JSON: 2 decimals.
pub fn money(value: Decimal) -> String {
    fixed(value, 2)
}

/// An amount as printed in JSON and CSV: at least 2 decimals, never rounded away
/// (`1945.5` → `1945.50`; 元 converted to 万元 may keep 4: `1.2345`).
pub fn amount(value: Decimal) -> String {
    let v = value.normalize();
    if v.scale() <= 2 {
        fixed(v, 2)
    } else {
        v.to_string()
    }
}

/// A rate fraction as printed in JSON: 4 decimals (`0.9892`).
pub fn rate(value: Decimal) -> String {
    fixed(value, 4)
}

/// A rate fraction as a percentage for messages: `98.92%`; `--` when not comparable.
pub fn percent(value: Option<Decimal>) -> String {
    match value {
        Some(v) => format!("{}%", fixed(v * Decimal::ONE_HUNDRED, 2)),
        None => "--".to_string(),
    }
}

/// A declared number as written, without trailing zeros (`20.00` → `20`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_input_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_INPUT.to_string(), "1000000000000000");
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round2(d("2.345")), d("2.35"));
        assert_eq!(round2(d("-2.345")), d("-2.35"));
        assert_eq!(round4(d("0.98915")), d("0.9892"));
        // Banker's rounding would give 0.12; 四舍五入 gives 0.13.
        assert_eq!(round2(d("0.125")), d("0.13"));
    }

    #[test]
    fn floats_go_through_shortest_string() {
        assert_eq!(from_f64(1945.54), Some(d("1945.54")));
        assert_eq!(from_f64(0.9892), Some(d("0.9892")));
        assert_eq!(from_f64(40036.38), Some(d("40036.38")));
        assert_eq!(from_f64(1e-7), Some(d("0.0000001")));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(1e300), None);
    }

    #[test]
    fn prints_fixed_decimals() {
        assert_eq!(money(d("1945.5")), "1945.50");
        assert_eq!(rate(d("1")), "1.0000");
        assert_eq!(percent(Some(d("0.9892"))), "98.92%");
        assert_eq!(percent(None), "--");
        assert_eq!(plain(d("20.00")), "20");
        assert_eq!(amount(d("0")), "0.00");
        assert_eq!(amount(d("1.2345")), "1.2345");
        assert_eq!(amount(d("1945.540")), "1945.54");
    }
}
