//! A pass over an `.xls` file's cell records before calamine opens it.
//!
//! calamine loads every sheet of an `.xls` when the file is opened, into a dense grid
//! spanning the sheet's outermost cells. One record claiming row 65535, column 65535
//! would make that grid 4 billion cells, and the allocation failure aborts the whole
//! process (measured: a one-record edit of a fixture did exactly that). This pass
//! reads the BIFF record headers and positions only, and refuses a sheet whose grid
//! would pass the scanned area of the [`Limits`].

use super::ReadError;
use crate::limits::Limits;
use std::io::{Cursor, Read};

/// BIFF cell records, each starting with row (u16) and column (u16): FORMULA,
/// RSTRING, LABELSST, NUMBER, LABEL, BOOLERR, RK. MULRK is handled apart.
const CELL_RECORDS: &[u16] = &[0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E];
const MULRK: u16 = 0x00BD;
const DIMENSIONS: u16 = 0x0200;
/// A BIFF8 sheet's full grid: 65,536 rows × 256 columns. calamine reserves room
/// for the cells a DIMENSIONS record claims; a damaged one claimed 10^14 (found by
/// the mutation test) and the reservation aborted the process.
const BIFF8_CELLS: u64 = 65_536 * 256;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;

/// The outermost cells of one sheet.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
        let widen = |span: &mut Option<(u32, u32)>, lo: u32, hi: u32| {
            *span = Some(match *span {
                Some((a, b)) => (a.min(lo), b.max(hi)),
                None => (lo, hi),
            });
        };
        widen(&mut self.rows, row, row);
        widen(
            &mut self.cols,
            first_col.min(last_col),
            first_col.max(last_col),
        );
    }

    /// Cells of the dense grid calamine would allocate.
    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Refuse an `.xls` whose sector chains loop ([`super::ole_scan`]), or whose sheets
/// would be loaded as grids larger than the scanned area (`max_rows × max_cols`
/// cells). A file this pass cannot follow is left to
/// calamine, which reports it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    super::ole_scan::check(bytes)?;
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let budget = u64::from(limits.max_rows) * u64::from(limits.max_cols);
    let mut extent = Extent::default();
    let mut depth = 0u32;
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match kind {
            // Encrypted record data: positions are unreadable; calamine says why.
            FILEPASS => return Ok(()),
            // A chart inside a sheet is a nested substream: the sheet goes on after it.
            BOF => {
                depth += 1;
                if depth == 1 {
                    extent = Extent::default();
                }
            }
            EOF => depth = depth.saturating_sub(1),
            k if CELL_RECORDS.contains(&k) => {
                if let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) {
                    extent.add(row, col, col);
                }
            }
            DIMENSIONS => {
                if dimension_cells(data).is_none_or(|n| n > BIFF8_CELLS) {
                    return Err(too_large(limits));
                }
                continue;
            }
            MULRK if len >= 6 => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), u16_at(len - 2))
                {
                    extent.add(row, first, last);
                }
            }
            _ => continue,
        }
        if extent.cells() > budget {
            return Err(too_large(limits));
        }
    }
    Ok(())
}

fn too_large(limits: &Limits) -> ReadError {
    ReadError::TooLarge(format!(
        "工作表范围过大（超过 {} 行 × {} 列的读取范围），请删除表外的多余内容后重新提交",
        limits.max_rows, limits.max_cols
    ))
}

/// The cells a DIMENSIONS record makes calamine reserve, read as calamine reads it
/// (`parse_dimensions`); `None` where calamine's arithmetic would wrap.
fn dimension_cells(r: &[u8]) -> Option<u64> {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]));
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        // calamine refuses other lengths itself.
        _ => return Some(0),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return Some(1);
    }
    let rows = (rl - 1).checked_sub(rf)? + 1;
    let cols = (cl - 1).checked_sub(cf)? + 1;
    Some(rows * cols)
}

/// The BIFF8 `Workbook` stream, or BIFF5's `Book`.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name).ok()?.read_to_end(&mut stream).ok()?;
    Some(stream)
}
