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
const BOUNDSHEET: u16 = 0x0085;
const FORMULA: u16 = 0x0006;

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
/// cells). The records are followed twice: in the stream's order, and from where
/// each sheet's BoundSheet record puts it, as calamine reads a sheet (a damaged
/// position makes calamine read records from the middle of another, whose
/// "cells" can lie anywhere: found by the mutation test, an 11 KB file that
/// asked for 47 GB). A file this pass cannot follow is left to calamine, which
/// reports it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    super::ole_scan::check(bytes)?;
    // A compound file the strict reader refuses (a damaged MiniFAT, say) could
    // still be opened by calamine's lenient one, unscanned: refused here (an 11 KB
    // file with one flipped byte there, whose sheets claimed 47 GB).
    let stream = match workbook_stream(bytes) {
        Ok(Some(stream)) => stream,
        Ok(None) => return Ok(()),
        Err(e) => return Err(ReadError::damaged("", &e)),
    };
    in_order(&stream, limits)?;
    for pos in sheet_positions(&stream) {
        if let Some(sheet) = stream.get(pos..) {
            as_calamine_reads(sheet, limits)?;
        }
    }
    Ok(())
}

/// The records of `stream` from its start, as (type, data) pairs, until one runs
/// past the end (where calamine stops with an error).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// Row and column of a cell record's first four bytes.
fn position(data: &[u8]) -> Option<(u32, u32)> {
    let u16_at = |i: usize| {
        data.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    Some((u16_at(0)?, u16_at(2)?))
}

/// Add a cell record's cells to `extent` (a MULRK spans columns).
fn add_cells(extent: &mut Extent, kind: u16, data: &[u8]) {
    match kind {
        k if CELL_RECORDS.contains(&k) => {
            if let Some((row, col)) = position(data) {
                extent.add(row, col, col);
            }
        }
        MULRK if data.len() >= 6 => {
            if let Some((row, first)) = position(data) {
                let n = data.len();
                let last = u32::from(u16::from_le_bytes([data[n - 2], data[n - 1]]));
                extent.add(row, first, last);
            }
        }
        _ => {}
    }
}

/// The records in the stream's order: each sheet's cells (a sheet starting at a
/// BOF of the outer level) within the budget.
fn in_order(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let budget = u64::from(limits.max_rows) * u64::from(limits.max_cols);
    let mut extent = Extent::default();
    let mut depth = 0u32;
    for (kind, data) in records(stream) {
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
            DIMENSIONS => dimensions(data, limits)?,
            _ => add_cells(&mut extent, kind, data),
        }
        if extent.cells() > budget {
            return Err(too_large(limits));
        }
    }
    Ok(())
}

/// The positions the BoundSheet records of the workbook globals give, as calamine
/// reads them (up to the globals' EOF).
fn sheet_positions(stream: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            FILEPASS => return Vec::new(),
            BOUNDSHEET => {
                if let Some(b) = data.get(0..4) {
                    out.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
                }
            }
            EOF => break,
            _ => {}
        }
    }
    out
}

/// One sheet read from `sheet` as calamine reads it: records up to its EOF, those
/// of nested substreams skipped; the dense grids of its cells and of its formulas
/// within the budget.
fn as_calamine_reads(sheet: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let budget = u64::from(limits.max_rows) * u64::from(limits.max_cols);
    let (mut cells, mut formulas) = (Extent::default(), Extent::default());
    let (mut seen_bof, mut nested) = (false, 0usize);
    for (kind, data) in records(sheet) {
        if nested > 0 {
            match kind {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match kind {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => dimensions(data, limits)?,
            FORMULA => {
                if let Some((row, col)) = position(data) {
                    cells.add(row, col, col);
                    formulas.add(row, col, col);
                }
            }
            _ => add_cells(&mut cells, kind, data),
        }
        if cells.cells() > budget || formulas.cells() > budget {
            return Err(too_large(limits));
        }
    }
    Ok(())
}

/// A DIMENSIONS record: calamine reserves room for the cells it claims.
fn dimensions(data: &[u8], limits: &Limits) -> Result<(), ReadError> {
    if dimension_cells(data).is_none_or(|n| n > BIFF8_CELLS) {
        return Err(too_large(limits));
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

/// The BIFF8 `Workbook` stream, or BIFF5's `Book`; `None` when the file has
/// neither (calamine says so); an error when the compound file is broken.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, std::io::Error> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return Ok(None);
    };
    let mut stream = Vec::new();
    file.open_stream(name)?.read_to_end(&mut stream)?;
    Ok(Some(stream))
}
