//! Cell formats of the workbook and how a typed value is written.

use crate::write::display_width;
use crate::write::tables::{Cell, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError};

/// The formats of one kind of cell, plain and bold (合计 row).
pub struct Look {
    pub text: Format,
    pub wrap: Format,
    pub int: Format,
    pub money: Format,
    pub rate: Format,
    pub score: Format,
    pub dash: Format,
}

impl Look {
    /// The formats, bold or not.
    pub fn new(bold: bool) -> Look {
        let base = || {
            let f = Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_size(10);
            if bold {
                f.set_bold()
            } else {
                f
            }
        };
        Look {
            text: base(),
            wrap: base().set_text_wrap(),
            int: base().set_num_format("0"),
            money: base().set_num_format("#,##0.00"),
            rate: base().set_num_format("0.00%"),
            score: base().set_num_format("0.00"),
            dash: base().set_align(FormatAlign::Right),
        }
    }
}

/// Every format of the workbook's table sheets.
pub struct Formats {
    /// The title (16 pt, bold, centred).
    pub title: Format,
    /// The title, wrapping over two or three lines.
    pub title_wrap: Format,
    /// `单位：万元`.
    pub unit: Format,
    /// Header cells.
    pub header: Format,
    /// Data cells.
    pub plain: Look,
    /// The 合计 row.
    pub bold: Look,
}

impl Formats {
    /// The formats.
    pub fn new() -> Formats {
        let title = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title_wrap: title.clone().set_text_wrap(),
            title,
            unit: Format::new()
                .set_align(FormatAlign::Right)
                .set_font_size(10),
            header: Format::new()
                .set_bold()
                .set_font_size(10)
                .set_border(FormatBorder::Thin)
                .set_background_color("#DDEBF7")
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            plain: Look::new(false),
            bold: Look::new(true),
        }
    }

    /// Every format, in a fixed order.
    pub fn all(&self) -> Vec<&Format> {
        let mut all = vec![&self.title, &self.title_wrap, &self.unit, &self.header];
        for look in [&self.plain, &self.bold] {
            all.extend([
                &look.text,
                &look.wrap,
                &look.int,
                &look.money,
                &look.rate,
                &look.score,
                &look.dash,
            ]);
        }
        all
    }
}

pub fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The text a value shows, for widths and cached formula results.
fn shown(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => t.clone(),
        Value::Int(i) => i.to_string(),
        Value::Money(m) => format!("{:.2}", f64_of(*m)),
        Value::Rate(Some(r)) => format!("{}%", crate::num::fixed(*r * Decimal::ONE_HUNDRED, 2)),
        Value::Rate(None) => "--".into(),
        Value::Score(s) => crate::num::money(*s),
    }
}

/// The display width of a value as its cell shows it (a sum of money with its
/// thousands separators, `#,##0.00`), without copying text to measure it.
pub fn shown_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Text(t) => display_width(t),
        Value::Rate(None) => 2,
        Value::Money(_) => {
            let plain = shown(v);
            let digits = plain.trim_start_matches('-').len() - 3;
            plain.len() + (digits.max(1) - 1) / 3
        }
        other => display_width(&shown(other)),
    }
}

/// The cached result of a formula, as Excel stores it.
fn cached(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => t.clone(),
        Value::Int(i) => i.to_string(),
        Value::Money(d) | Value::Score(d) | Value::Rate(Some(d)) => d.normalize().to_string(),
        Value::Rate(None) => "--".into(),
    }
}

/// Write a cell (a formula with its cached value); `rows` are the table's
/// first and last data rows for `{first}`/`{last}`.
pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    look: &Look,
    wrap: bool,
    rows: (u32, u32),
) -> Result<(), XlsxError> {
    match cell {
        Cell::Value(v) => match v {
            Value::Empty => ws.write_blank(row, col, &look.text).map(|_| ()),
            Value::Text(t) => ws
                .write_string_with_format(
                    row,
                    col,
                    crate::write::excel_text(t),
                    if wrap { &look.wrap } else { &look.text },
                )
                .map(|_| ()),
            Value::Int(i) => ws
                .write_number_with_format(row, col, *i as f64, &look.int)
                .map(|_| ()),
            Value::Money(m) => ws
                .write_number_with_format(row, col, f64_of(*m), &look.money)
                .map(|_| ()),
            Value::Score(s) => ws
                .write_number_with_format(row, col, f64_of(*s), &look.score)
                .map(|_| ()),
            Value::Rate(Some(r)) => ws
                .write_number_with_format(row, col, f64_of(*r), &look.rate)
                .map(|_| ()),
            Value::Rate(None) => ws
                .write_string_with_format(row, col, "--", &look.dash)
                .map(|_| ()),
        },
        Cell::Formula {
            formula,
            cached: value,
        } => {
            let text = formula
                .replace("{r}", &(row + 1).to_string())
                .replace("{first}", &(rows.0 + 1).to_string())
                .replace("{last}", &(rows.1 + 1).to_string());
            let f = Formula::new(text).set_result(cached(value));
            let format = match value {
                Value::Money(_) => &look.money,
                Value::Score(_) => &look.score,
                Value::Rate(Some(_)) => &look.rate,
                Value::Rate(None) => &look.dash,
                Value::Int(_) => &look.int,
                _ => &look.text,
            };
            ws.write_formula_with_format(row, col, f, format)
                .map(|_| ())
        }
    }
}
