//! The consolidated district workbook (`WORKBOOK.md`): 总览 first
//! ([`overview`]), then the [`Table`]s, each on its sheet (`sheet`: title,
//! unit, frozen headers, autofilter, number formats, CJK-aware column widths,
//! rows of even height, formulas with cached values), printed by the plan of
//! [`super::print`]; charts on 总览 and 统计分析; the very hidden round sheet
//! last. [`pages`] counts the printed pages without writing anything.

mod look;
pub mod overview;
mod sheet;

use super::tables::{Cell, Table};
use crate::batch::Batch;
use crate::scheme::Scheme;
use look::Formats;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};
pub use sheet::row_px;
use sheet::{layout, measure, table_sheet};

/// Cells a table may hold between measuring and writing (up to about 250 MB; two
/// tables are written at a time); a larger table (a province's 指标得分) makes its
/// rows again instead, so that memory stays bounded. Measured on 10,000 forms:
/// holding 指标得分 (1.9 M cells) saves 0.5 s of a 6-7 s build for 30-40 MB of
/// peak memory.
const HOLD_CELLS: usize = 2_500_000;

/// Excel's rows per sheet.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;

/// The hidden sheet that carries this round for the next (`--previous
/// 汇总表.xlsx`): the [`crate::model::document::RoundDoc`] as JSON text, in cells
/// of at most 8,000 characters down column A.
fn round_sheet(ws: &mut Worksheet, batch: &Batch) -> Result<(), XlsxError> {
    let doc = crate::batch::follow_up::round(batch);
    let text = serde_json::to_string(&doc).expect("the round serialises");
    ws.set_name(crate::batch::follow_up::DATA_SHEET)?;
    // Cut at character boundaries, without a copy of the text as chars (four bytes
    // each: a province's round is a hundred megabytes of JSON).
    let (mut start, mut row) = (0, 0u32);
    while start < text.len() {
        let end = text[start..]
            .char_indices()
            .nth(8000)
            .map_or(text.len(), |(i, _)| start + i);
        ws.write_string(row, 0, &text[start..end])?;
        (start, row) = (end, row + 1);
    }
    ws.set_very_hidden(true);
    Ok(())
}

/// The charts of 统计分析 and the ranked list they draw (see [`super::charts`]),
/// below the statistics, one bar chart per page.
fn charts(
    ws: &mut Worksheet,
    stats: &Table<'_>,
    widths: &[usize],
    batch: &Batch,
) -> Result<(), XlsxError> {
    if batch.departments.is_empty() {
        return Ok(());
    }
    let stl = layout(stats);
    let below = stl.first_data + stats.len as u32 + u32::from(stats.total.is_some()) + 2;
    let grades = (stl.first_data, stl.first_data + 3);
    let breaks = super::charts::write(ws, &stats.name, below, grades, batch, widths[1])?;
    ws.set_column_width(3, widths[3].max(super::charts::SHORT_WIDTH) as f64)?;
    let mut plan = statistics_plan(widths);
    plan.row_breaks.clear();
    super::print::apply(ws, &plan, 0, 0)?;
    // The charts' width in print is the application's (their pixels are not
    // the columns'): fitted to the page's width, the scale planned or above.
    ws.set_print_fit_to_pages(1, 0);
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

/// 统计分析's print plan: the columns A–D of the statistics and the ranked
/// lists, column E and the charts ([`super::charts::WIDTH_UNITS`]); a page for
/// the statistics and the grade chart, then one per bar chart.
fn statistics_plan(widths: &[usize]) -> super::print::Plan {
    let mut all = widths.to_vec();
    all[3] = all[3].max(super::charts::SHORT_WIDTH);
    all.extend([9, super::charts::WIDTH_UNITS]);
    let rows = super::print::Rows::even(0, 0, 20, 1);
    super::print::plan(&all, 0, &[], &rows)
}

/// The workbook as bytes. The same batch always gives the same bytes (fixed
/// document time, stable order). A table longer than a sheet allows continues on
/// `指标得分(2)`, `指标得分(3)`, ….
pub fn to_bytes(batch: &Batch, scheme: &Scheme) -> Result<Vec<u8>, XlsxError> {
    to_bytes_reporting(batch, scheme, EXCEL_MAX_ROWS, &|_| {})
}

/// [`to_bytes`] with another rows-per-sheet limit (tests use a small one).
pub fn to_bytes_with_limit(
    batch: &Batch,
    scheme: &Scheme,
    max_rows: usize,
) -> Result<Vec<u8>, XlsxError> {
    to_bytes_reporting(batch, scheme, max_rows, &|_| {})
}

/// [`to_bytes_with_limit`], making every table's rows twice (to measure, to write)
/// instead of holding any, as a province's batch does. The bytes are the same.
pub fn to_bytes_streamed(
    batch: &Batch,
    scheme: &Scheme,
    max_rows: usize,
) -> Result<Vec<u8>, XlsxError> {
    render(batch, scheme, max_rows, 0, &|_| {})
}

/// [`to_bytes_with_limit`], calling `progress` with each sheet's name as it is
/// written and with `压缩保存` before the file is zipped (for a progress bar).
pub fn to_bytes_reporting(
    batch: &Batch,
    scheme: &Scheme,
    max_rows: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Vec<u8>, XlsxError> {
    render(batch, scheme, max_rows, HOLD_CELLS, progress)
}

/// The workbook: sheets of at most `max_rows` rows, tables of at most `hold_cells`
/// cells held between measuring and writing.
fn render(
    batch: &Batch,
    scheme: &Scheme,
    max_rows: usize,
    hold_cells: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Vec<u8>, XlsxError> {
    let fmt = Formats::new();
    let mut wb = Workbook::new();
    // Level 3 instead of 6: 10,000 forms save in 3.6 s instead of 5.2 s, the file
    // grows from 17 to 20 MB (measured with examples/phase_times.rs).
    wb.set_zip_compression_level(3);
    // The sheets are filled on two threads: every format gets its index here, in
    // a fixed order, not from whichever thread uses it first.
    for format in fmt.all() {
        wb.register_format(format);
    }
    let tables = super::all_tables(batch, scheme);
    // 总览 first, in memory (it holds a chart).
    overview::write(wb.add_worksheet(), batch, scheme)?;
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(tables[0].title.as_str())
            .set_author("jixiao")
            .set_creation_datetime(&created),
    );
    // Every sheet is laid out first (a table's length is known before its rows
    // are made); a table longer than a sheet continues on `指标得分(2)`, ….
    let mut parts = Vec::new();
    for table in &tables {
        // Title, unit, group and header rows, and a 合计 row, stay on every part.
        let per_sheet = max_rows
            .saturating_sub(layout(table).first_data as usize + 1)
            .max(1);
        let count = table.len.div_ceil(per_sheet).max(1);
        for i in 0..count {
            // Data tables stream their rows to a temporary file with their strings
            // inline (constant memory). A shared string table made 10,000 forms'
            // workbook 10% smaller (18 MB, not 20) but took 0.7 s longer to write
            // (hashing every string), and it grows with the batch: at 100,000
            // forms it holds every department's names and messages.
            // 统计分析 holds charts and stays in memory.
            let ws = if table.name == STATISTICS {
                wb.add_worksheet()
            } else {
                wb.add_worksheet_with_constant_memory()?
            };
            ws.set_name(part_name(table, i))?;
        }
        parts.push((per_sheet, count));
    }
    let mut sheets = std::mem::take(wb.worksheets_mut());
    let mut jobs = Vec::new();
    // After 总览.
    let mut rest: &mut [Worksheet] = &mut sheets[1..];
    for (table, (per_sheet, count)) in tables.iter().zip(parts) {
        let (mine, others) = rest.split_at_mut(count);
        rest = others;
        jobs.push((table, mine, per_sheet));
    }
    // The largest table (指标得分) on its own thread, the others on this one.
    let big = (0..jobs.len())
        .max_by_key(|&i| jobs[i].0.len * jobs[i].0.columns.len())
        .expect("seven tables");
    let (big_table, big_sheets, big_per_sheet) = jobs.remove(big);
    let fmt = &fmt;
    std::thread::scope(|scope| {
        let big = scope.spawn(move || {
            let job = Job {
                table: big_table,
                per_sheet: big_per_sheet,
                hold_cells,
                fmt,
                progress,
            };
            job.write(big_sheets, batch)
        });
        let mut result = Ok(());
        for (table, sheets, per_sheet) in jobs {
            let job = Job {
                table,
                per_sheet,
                hold_cells,
                fmt,
                progress,
            };
            result = result.and_then(|()| job.write(sheets, batch));
        }
        let big = big
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        result.and(big)
    })?;
    *wb.worksheets_mut() = sheets;
    round_sheet(wb.add_worksheet(), batch)?;
    progress("压缩保存");
    wb.save_to_buffer()
}

/// The sheet holding the charts.
pub(crate) const STATISTICS: &str = "统计分析";

/// `指标得分`, then `指标得分(2)`, ….
fn part_name(table: &Table<'_>, i: usize) -> String {
    if i == 0 {
        table.name.clone()
    } else {
        format!("{}({})", table.name, i + 1)
    }
}

/// Writing one table into its sheets.
struct Job<'t, 'a> {
    table: &'t Table<'a>,
    per_sheet: usize,
    hold_cells: usize,
    fmt: &'t Formats,
    progress: &'t (dyn Fn(&str) + Sync),
}

impl Job<'_, '_> {
    /// Measure the table, then write its rows into `sheets` (its parts, in order).
    /// A table that gives another number of rows than it announced is an error,
    /// never a silently short or cut sheet.
    fn write(&self, sheets: &mut [Worksheet], batch: &Batch) -> Result<(), XlsxError> {
        let table = self.table;
        let m = measure(table, self.hold_cells);
        let n = m.lines.len();
        let mismatch = || {
            XlsxError::ParameterError(format!(
                "{}：应有 {} 行，实得行数不同",
                table.name, table.len
            ))
        };
        if n != table.len {
            return Err(mismatch());
        }
        let mut rows: Box<dyn Iterator<Item = Vec<Cell>>> = match m.held {
            Some(held) => Box::new(held.into_iter().flatten()),
            None => Box::new(table.rows()),
        };
        let parts = sheets.len();
        for (i, ws) in sheets.iter_mut().enumerate() {
            (self.progress)(&part_name(table, i));
            let start = i * self.per_sheet;
            let in_part = self.per_sheet.min(n - start);
            let last = i + 1 == parts;
            let shape = part_shape(table, &m.widths, &m.lines, start, in_part, last);
            table_sheet(
                ws, table, &mut rows, in_part, last, &m.widths, &shape, self.fmt,
            )?;
            if table.name == STATISTICS {
                charts(ws, table, &m.widths, batch)?;
            }
        }
        match rows.next() {
            Some(_) => Err(mismatch()),
            None => Ok(()),
        }
    }
}

/// The shape of the part of a table from data row `start`, `n` rows long.
fn part_shape(
    table: &Table<'_>,
    widths: &[usize],
    lines: &[u8],
    start: usize,
    n: usize,
    last: bool,
) -> sheet::Shape {
    // The blocks kept together, cut to the part.
    let mut blocks = Vec::new();
    let mut at = 0;
    for &b in &table.blocks {
        let (a, e) = (at.max(start), (at + b).min(start + n));
        if a < e {
            blocks.push(e - a);
        }
        at += b;
    }
    if !blocks.is_empty() && last && table.total.is_some() {
        blocks.push(1);
    }
    sheet::shape(table, widths, &lines[start..start + n], blocks, last)
}

/// A sheet's printed pages as the print plan has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPages {
    /// The sheet's name.
    pub name: String,
    /// How it is printed.
    pub plan: super::print::Plan,
    /// A reference sheet (资金明细, 指标得分, 目标完成): not part of what the
    /// README says to print.
    pub reference: bool,
}

/// The printed pages of every sheet of the workbook [`to_bytes`] writes, from
/// the same measures and plans, without writing it: the page model that
/// `tests/pages.rs` holds to the page budget.
pub fn pages(batch: &Batch, scheme: &Scheme) -> Vec<SheetPages> {
    let mut out = vec![SheetPages {
        name: overview::NAME.into(),
        plan: overview::plan(batch, scheme),
        reference: false,
    }];
    for table in super::all_tables(batch, scheme) {
        let m = measure(&table, 0);
        let n = m.lines.len();
        let per_sheet = EXCEL_MAX_ROWS - layout(&table).first_data as usize - 1;
        let count = n.div_ceil(per_sheet).max(1);
        for i in 0..count {
            let start = i * per_sheet;
            let in_part = per_sheet.min(n - start);
            let mut plan =
                part_shape(&table, &m.widths, &m.lines, start, in_part, i + 1 == count).plan;
            if table.name == STATISTICS {
                plan = statistics_plan(&m.widths);
                let charts = super::charts::ranked(batch)
                    .len()
                    .div_ceil(super::charts::PER_CHART);
                plan.row_breaks = (0..charts).collect();
            }
            out.push(SheetPages {
                name: part_name(&table, i),
                plan,
                reference: table.reference,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
