//! A form in the canonical layout of `FORM.md` §1 (sheet `自评表`, columns A–J,
//! plus `填报说明`). Writes what a [`Form`] declares; positions recorded in the
//! form are ignored, the canonical ones are used.

mod instructions;
mod sections;
mod sheet;

pub(super) use sections::ScoringRows;
use sections::{goals, scoring, top, GOAL_START};
pub(super) use sheet::{Looks, Placed, Sheet};

use crate::model::*;
use crate::num;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

/// The form's 自评表 in the canonical layout, written with the department's
/// values; `input` marks the cells a department fills (unlocked and shaded, for
/// the template).
pub(super) struct Canonical {
    /// The sheet, for a decorator to add to.
    pub(super) sheet: Sheet,
    /// Where section 五 put each indicator row and the 总分 row.
    pub(super) scoring: ScoringRows,
    /// The first goal row of section 四.
    pub(super) goal_start: u32,
}

/// Write the form's 自评表 (what it declares, at the canonical places).
pub(super) fn canonical(form: &Form, scheme: &Scheme, input: bool) -> Result<Canonical, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("自评表")?;
    for (c, w) in [12.0, 12.0, 14.0, 14.0, 14.0, 12.0, 12.0, 12.0, 10.0, 22.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let mut s = Sheet {
        ws,
        look: Looks::new(input),
        placed: Vec::new(),
        slots: Default::default(),
    };
    let year = form.year.as_ref().map(|y| y.value);
    top(&mut s, form, year)?;
    let next = goals(&mut s, form)?;
    let scoring = scoring(&mut s, form, scheme, next)?;
    Ok(Canonical {
        sheet: s,
        scoring,
        goal_start: GOAL_START,
    })
}

/// A workbook of the `front` sheets, then the 自评表, then 填报说明 (deterministic
/// bytes).
pub(super) fn workbook(front: Vec<Worksheet>, form: Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评表")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    for sheet in front {
        wb.push_worksheet(sheet);
    }
    wb.push_worksheet(form.ws);
    instructions::instructions(wb.add_worksheet())?;
    wb.save_to_buffer()
}

/// The form in the canonical layout, as xlsx bytes (deterministic).
pub fn canonical_bytes(form: &Form, scheme: &Scheme) -> Result<Vec<u8>, XlsxError> {
    workbook(Vec::new(), canonical(form, scheme, false)?.sheet)
}

/// A declared amount for building forms by hand (position unknown).
pub fn amount(value: &str) -> Amount {
    value.parse::<Decimal>().ok().map(|value| Located {
        value,
        at: CellPos::new(0, 0),
    })
}

/// A declared text for building forms by hand.
pub fn text(value: &str) -> Text {
    (!value.is_empty()).then(|| Located {
        value: value.to_string(),
        at: CellPos::new(0, 0),
    })
}

/// A declared rate written as a percentage (`"98.92"` → 0.9892).
pub fn percent(value: &str) -> Amount {
    value.parse::<Decimal>().ok().map(|v| Located {
        value: num::round(v / Decimal::ONE_HUNDRED, 6),
        at: CellPos::new(0, 0),
    })
}
