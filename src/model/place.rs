//! Where a value or a finding stands: a cell of a sheet, a paragraph of a report, or
//! the file as a whole.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A cell position inside a sheet, 0-based.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellPos {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl CellPos {
    /// A new position from 0-based row and column.
    pub fn new(row: u32, col: u32) -> Self {
        CellPos { row, col }
    }

    /// The A1 reference of this cell, e.g. `E8`.
    ///
    /// ```
    /// assert_eq!(jixiao::model::CellPos::new(7, 4).a1(), "E8");
    /// assert_eq!(jixiao::model::CellPos::new(0, 27).a1(), "AB1");
    /// ```
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }

    /// A finding's cell reference split into its sheet and position, the inverse of
    /// `format!("{sheet}!{}", at.a1())`; `None` for anything else (`第3段`).
    ///
    /// ```
    /// use jixiao::model::CellPos;
    /// assert_eq!(CellPos::parse_ref("自评表!C18"), Some(("自评表", CellPos::new(17, 2))));
    /// assert_eq!(CellPos::parse_ref("Sheet1!AA3"), Some(("Sheet1", CellPos::new(2, 26))));
    /// assert_eq!(CellPos::parse_ref("第3段"), None);
    /// ```
    pub fn parse_ref(cell: &str) -> Option<(&str, CellPos)> {
        let (sheet, a1) = cell.rsplit_once('!')?;
        let letters = a1.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (letters, digits) = a1.split_at(letters);
        if letters.is_empty() || digits.is_empty() {
            return None;
        }
        let col = letters
            .bytes()
            .try_fold(0u32, |acc, b| {
                acc.checked_mul(26)?
                    .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
            })?
            .checked_sub(1)?;
        let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
        Some((sheet, CellPos::new(row, col)))
    }
}

/// The column letters of a 0-based column index (`0` → `A`, `26` → `AA`).
pub fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII column letters")
}

/// A value read from the form together with the cell it came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Located<T> {
    /// The value as understood by the reader.
    pub value: T,
    /// Where it stands in the form's sheet.
    pub at: CellPos,
}

/// One sheet of a form read from several sheets of a workbook (a 基础数据表 with the
/// money block, an 指标表 with the indicator table): the reader stacks them into
/// one grid, each below the one before, and every cell position of the form is a
/// row of that grid. `first_row` is where this sheet's row 0 stands in it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct SheetPart {
    /// The sheet's name.
    pub sheet: String,
    /// The grid row of the sheet's first row.
    pub first_row: u32,
}

/// The place of a grid cell of a form read from `sheet`, or from `parts` when
/// there are any: the sheet the cell came from, with its row on that sheet.
///
/// ```
/// use jixiao::model::{place_in, CellPos, Place, SheetPart};
/// let parts = [
///     SheetPart { sheet: "基础数据表".into(), first_row: 0 },
///     SheetPart { sheet: "指标表".into(), first_row: 20 },
/// ];
/// assert_eq!(place_in("基础数据表", &parts, CellPos::new(5, 6)), Place::cell("基础数据表", CellPos::new(5, 6)));
/// assert_eq!(place_in("基础数据表", &parts, CellPos::new(28, 7)), Place::cell("指标表", CellPos::new(8, 7)));
/// assert_eq!(place_in("自评表", &[], CellPos::new(28, 7)), Place::cell("自评表", CellPos::new(28, 7)));
/// ```
pub fn place_in(sheet: &str, parts: &[SheetPart], at: CellPos) -> Place {
    match parts.iter().rev().find(|p| p.first_row <= at.row) {
        Some(p) => Place::cell(&p.sheet, CellPos::new(at.row - p.first_row, at.col)),
        None => Place::cell(sheet, at),
    }
}

/// The inverse of [`place_in`]: the grid cell of a cell of one of the form's
/// sheets, `None` for a sheet the form was not read from.
///
/// ```
/// use jixiao::model::{grid_cell, CellPos, SheetPart};
/// let parts = [
///     SheetPart { sheet: "基础数据表".into(), first_row: 0 },
///     SheetPart { sheet: "指标表".into(), first_row: 20 },
/// ];
/// assert_eq!(grid_cell("基础数据表", &parts, "指标表", CellPos::new(8, 7)), Some(CellPos::new(28, 7)));
/// assert_eq!(grid_cell("自评表", &[], "自评表", CellPos::new(8, 7)), Some(CellPos::new(8, 7)));
/// assert_eq!(grid_cell("自评表", &[], "说明", CellPos::new(8, 7)), None);
/// ```
pub fn grid_cell(sheet: &str, parts: &[SheetPart], of: &str, at: CellPos) -> Option<CellPos> {
    if parts.is_empty() {
        return (of == sheet).then_some(at);
    }
    let p = parts.iter().find(|p| p.sheet == of)?;
    Some(CellPos::new(at.row.checked_add(p.first_row)?, at.col))
}

/// Where a finding points: a cell of the form's sheet, a paragraph of a report, or
/// the whole file. Made into text (`自评表!E8`, `第12段`) only where a person or the
/// JSON reads it ([`Place::shown`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, Default)]
pub enum Place {
    /// The file as a whole (a file that cannot be read, a missing report).
    #[default]
    File,
    /// A cell of a sheet.
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The cell.
        at: CellPos,
    },
    /// A paragraph of a report, numbered from 1.
    Paragraph(usize),
}

impl Place {
    /// A cell of a sheet.
    pub fn cell(sheet: &str, at: CellPos) -> Place {
        Place::Cell {
            sheet: sheet.to_string(),
            at,
        }
    }

    /// The place as a person reads it: `自评表!E8`, `第12段`; `None` for the whole
    /// file.
    ///
    /// ```
    /// use jixiao::model::{CellPos, Place};
    /// assert_eq!(Place::cell("自评表", CellPos::new(7, 4)).shown().as_deref(), Some("自评表!E8"));
    /// assert_eq!(Place::Paragraph(12).shown().as_deref(), Some("第12段"));
    /// assert_eq!(Place::File.shown(), None);
    /// ```
    pub fn shown(&self) -> Option<String> {
        match self {
            Place::File => None,
            _ => Some(self.to_string()),
        }
    }

    /// The inverse of [`Place::shown`] (a place read back from an earlier run's
    /// JSON): `None` and the empty text are the whole file.
    ///
    /// ```
    /// use jixiao::model::{CellPos, Place};
    /// assert_eq!(Place::parse("自评表!C18"), Place::cell("自评表", CellPos::new(17, 2)));
    /// assert_eq!(Place::parse("第3段"), Place::Paragraph(3));
    /// assert_eq!(Place::parse(""), Place::File);
    /// ```
    pub fn parse(text: &str) -> Place {
        if text.is_empty() {
            return Place::File;
        }
        if let Some(n) = text
            .strip_prefix('第')
            .and_then(|c| c.strip_suffix('段'))
            .and_then(|n| n.parse().ok())
        {
            return Place::Paragraph(n);
        }
        match CellPos::parse_ref(text) {
            Some((sheet, at)) => Place::cell(sheet, at),
            None => Place::File,
        }
    }

    /// The cell, when the place is one.
    pub fn cell_pos(&self) -> Option<(&str, CellPos)> {
        match self {
            Place::Cell { sheet, at } => Some((sheet, *at)),
            _ => None,
        }
    }

    /// The order findings are listed in: the whole file first, then paragraphs in
    /// order, then cells by sheet, row and column (`E8` before `E10`).
    pub fn order(&self) -> (&str, u32, u32) {
        match self {
            Place::File => ("", 0, 0),
            Place::Paragraph(n) => ("", u32::try_from(*n).unwrap_or(u32::MAX), 0),
            Place::Cell { sheet, at } => (sheet, at.row + 1, at.col + 1),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Cell { sheet, at } => write!(f, "{sheet}!{}", at.a1()),
            Place::Paragraph(n) => write!(f, "第{n}段"),
        }
    }
}
