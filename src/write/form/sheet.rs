//! The 自评表 being written: its formats, and where each declared value went.

use crate::model::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

pub(super) const LAST_COL: u16 = 9;

pub(in crate::write) struct Looks {
    pub(in crate::write) title: Format,
    pub(in crate::write) center: Format,
    pub(in crate::write) section: Format,
    pub(in crate::write) header: Format,
    pub(in crate::write) label: Format,
    pub(in crate::write) text: Format,
    pub(in crate::write) money: Format,
    pub(in crate::write) rate: Format,
    pub(in crate::write) score: Format,
    pub(in crate::write) int: Format,
}

impl Looks {
    /// Formats for values written by the department: in a template they are the
    /// input cells, unlocked and shaded; elsewhere plain.
    pub(in crate::write) fn new(input: bool) -> Looks {
        let base = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_size(10)
        };
        let cell = move || {
            if input {
                base().set_unlocked().set_background_color("#FFF2CC")
            } else {
                base()
            }
        };
        Looks {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            center: Format::new().set_align(FormatAlign::Center),
            section: base().set_bold().set_background_color("#F2F2F2"),
            header: base()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            label: base().set_text_wrap(),
            text: cell().set_text_wrap(),
            money: cell().set_num_format("#,##0.00"),
            rate: cell().set_num_format("0.00%"),
            score: cell().set_num_format("0.00"),
            int: cell().set_num_format("0"),
        }
    }
}

pub(super) fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The 自评表 being written, with where each declared value went: the piece that
/// [`super::template`] and [`super::feedback`] decorate.
pub(in crate::write) struct Sheet {
    pub(in crate::write) ws: Worksheet,
    pub(in crate::write) look: Looks,
    /// Where each declared value went: its cell in the file read, and here.
    pub(in crate::write) placed: Vec<Placed>,
    /// Every cell of 自评表 that holds (or would hold) a declared value, read or not.
    pub(in crate::write) slots: std::collections::HashSet<(u32, u16)>,
}

/// A declared value's cell in the file read (`src`) and in the written form, with
/// the look it was written in.
#[derive(Clone, Copy)]
pub(in crate::write) struct Placed {
    pub(in crate::write) src: CellPos,
    pub(in crate::write) row: u32,
    pub(in crate::write) col: u16,
    pub(in crate::write) look: fn(&Looks) -> &Format,
}

impl Sheet {
    pub(in crate::write) fn text(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, crate::write::excel_text(s), &self.look.text)?;
        Ok(())
    }

    pub(in crate::write) fn label(
        &mut self,
        row: u32,
        first: u16,
        last: u16,
        s: &str,
    ) -> Result<(), XlsxError> {
        if first < last {
            self.ws.merge_range(
                row,
                first,
                row,
                last,
                &crate::write::excel_text(s),
                &self.look.label,
            )?;
        } else {
            self.ws.write_string_with_format(
                row,
                first,
                crate::write::excel_text(s),
                &self.look.label,
            )?;
        }
        Ok(())
    }

    pub(in crate::write) fn merged_text(
        &mut self,
        row: u32,
        first: u16,
        last: u16,
        s: &str,
    ) -> Result<(), XlsxError> {
        self.ws
            .merge_range(row, first, row, last, s, &self.look.text)?;
        Ok(())
    }

    pub(in crate::write) fn section(&mut self, row: u32, s: &str) -> Result<(), XlsxError> {
        self.ws
            .merge_range(row, 0, row, LAST_COL, s, &self.look.section)?;
        Ok(())
    }

    pub(in crate::write) fn header(
        &mut self,
        row: u32,
        cells: &[(u16, u16, &str)],
    ) -> Result<(), XlsxError> {
        for &(a, b, s) in cells {
            if a < b {
                self.ws.merge_range(row, a, row, b, s, &self.look.header)?;
            } else {
                self.ws
                    .write_string_with_format(row, a, s, &self.look.header)?;
            }
        }
        Ok(())
    }

    /// A number cell in the given look; blank (keeping the look) when absent.
    pub(in crate::write) fn number(
        &mut self,
        row: u32,
        col: u16,
        v: Option<Decimal>,
        look: fn(&Looks) -> &Format,
    ) -> Result<(), XlsxError> {
        let format = look(&self.look).clone();
        if col <= LAST_COL {
            self.slots.insert((row, col));
        }
        match v {
            Some(v) => self.ws.write_number_with_format(row, col, f(v), &format)?,
            None => self.ws.write_blank(row, col, &format)?,
        };
        Ok(())
    }

    /// Record where a declared value read at `at` was written.
    pub(in crate::write) fn place(
        &mut self,
        at: Option<CellPos>,
        row: u32,
        col: u16,
        look: fn(&Looks) -> &Format,
    ) {
        if let Some(src) = at {
            self.placed.push(Placed {
                src,
                row,
                col,
                look,
            });
        }
    }

    pub(in crate::write) fn money(
        &mut self,
        row: u32,
        col: u16,
        a: &Amount,
    ) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.money);
        self.number(row, col, value_of(a), |l| &l.money)
    }

    /// A rate the department declared.
    pub(in crate::write) fn declared_rate(
        &mut self,
        row: u32,
        col: u16,
        a: &Amount,
    ) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.rate);
        self.rate(row, col, value_of(a))
    }

    /// A score or points the department declared.
    pub(in crate::write) fn declared_score(
        &mut self,
        row: u32,
        col: u16,
        a: &Amount,
    ) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.score);
        self.score(row, col, value_of(a))
    }

    /// A text the department wrote, in one cell or over `row`, `col..=last`.
    pub(in crate::write) fn declared_text(
        &mut self,
        row: u32,
        col: u16,
        last: u16,
        t: &Text,
    ) -> Result<(), XlsxError> {
        self.place(t.as_ref().map(|l| l.at), row, col, |l| &l.text);
        self.slots.insert((row, col));
        let value = text_of(t).unwrap_or("");
        if col < last {
            self.merged_text(row, col, last, value)
        } else {
            self.text(row, col, value)
        }
    }

    pub(in crate::write) fn rate(
        &mut self,
        row: u32,
        col: u16,
        a: Option<Decimal>,
    ) -> Result<(), XlsxError> {
        self.number(row, col, a, |l| &l.rate)
    }

    pub(in crate::write) fn score(
        &mut self,
        row: u32,
        col: u16,
        a: Option<Decimal>,
    ) -> Result<(), XlsxError> {
        self.number(row, col, a, |l| &l.score)
    }

    /// A goal value as written: a plain number as a number cell, anything else as text.
    pub(in crate::write) fn goal_value(
        &mut self,
        row: u32,
        col: u16,
        v: Option<&Located<GoalValue>>,
    ) -> Result<(), XlsxError> {
        self.place(v.map(|l| l.at), row, col, |l| &l.text);
        self.slots.insert((row, col));
        match v {
            Some(v) => match v.value.raw.parse::<Decimal>() {
                Ok(n) => self
                    .ws
                    .write_number_with_format(row, col, f(n), &self.look.score)?,
                Err(_) => self.ws.write_string_with_format(
                    row,
                    col,
                    crate::write::excel_text(&v.value.raw),
                    &self.look.text,
                )?,
            },
            None => self.ws.write_blank(row, col, &self.look.text)?,
        };
        Ok(())
    }

    pub(in crate::write) fn blank_row(&mut self, row: u32, from: u16) -> Result<(), XlsxError> {
        for c in from..=LAST_COL {
            self.ws.write_blank(row, c, &self.look.text)?;
        }
        Ok(())
    }
}
