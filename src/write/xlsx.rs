//! The consolidated district workbook (`WORKBOOK.md`), rendered from [`Table`]s:
//! title, unit, frozen headers, autofilter, number formats, CJK-aware column
//! widths, A4 landscape print setup, formulas with cached values, two charts.

use super::display_width;
use super::tables::{Cell, Rows, Table, Value};
use crate::batch::Batch;
use crate::scheme::Scheme;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// The formats of one kind of cell, plain and bold (合计 row).
struct Look {
    text: Format,
    wrap: Format,
    int: Format,
    money: Format,
    rate: Format,
    score: Format,
    dash: Format,
}

impl Look {
    fn new(bold: bool) -> Look {
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

struct Formats {
    title: Format,
    unit: Format,
    header: Format,
    plain: Look,
    bold: Look,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
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
    fn all(&self) -> Vec<&Format> {
        let mut all = vec![&self.title, &self.unit, &self.header];
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

fn f64_of(d: Decimal) -> f64 {
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

/// The display width of [`shown`], without copying text to measure it.
fn shown_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Text(t) => display_width(t),
        Value::Rate(None) => 2,
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

const MAX_WIDTH: usize = 50;

/// Cells a table may hold between measuring and writing (up to about 250 MB; two
/// tables are written at a time); a larger table (a province's 指标得分) makes its
/// rows again instead, so that memory stays bounded. Measured on 10,000 forms:
/// holding 指标得分 (1.9 M cells) saves 0.5 s of a 6-7 s build for 30-40 MB of
/// peak memory.
const HOLD_CELLS: usize = 2_500_000;

/// The width of each column (the widest value, header capped, within bounds),
/// the number of data rows, and the rows themselves when they have at most
/// `hold_cells` cells; one pass over the rows, each run measured in parallel.
fn column_widths(table: &Table<'_>, hold_cells: usize) -> (Vec<usize>, usize, Option<Vec<Rows>>) {
    use rayon::prelude::*;
    let width = |cell: &Cell| {
        shown_width(cell.value()) + usize::from(matches!(cell.value(), Value::Money(_))) * 3
    };
    let widest = |mut a: Vec<usize>, b: Vec<usize>| {
        a.iter_mut().zip(b).for_each(|(a, b)| *a = (*a).max(b));
        a
    };
    let columns = table.columns.len();
    let measure = |run: &[Vec<Cell>]| {
        run.par_iter()
            .map(|row| row.iter().map(width).collect::<Vec<_>>())
            .reduce(|| vec![0; columns], widest)
    };
    let mut data = vec![0; columns];
    let mut n = 0;
    let mut held = Some(Vec::new());
    for run in table.runs() {
        n += run.len();
        data = widest(data, measure(&run));
        match &mut held {
            Some(h) if n * columns <= hold_cells => h.push(run),
            _ => held = None,
        }
    }
    if let Some(total) = &table.total {
        data = widest(data, measure(std::slice::from_ref(total)));
    }
    let widths = data
        .iter()
        .zip(&table.columns)
        .map(|(data, header)| {
            let header = display_width(header).min(10);
            ((*data).max(header) + 2).clamp(6, MAX_WIDTH)
        })
        .collect();
    (widths, n, held)
}

/// Lines the tallest wrapped cell of a row needs (cells of columns at the
/// maximum width wrap).
fn wrapped_lines(row: &[Cell], widths: &[usize]) -> usize {
    row.iter()
        .zip(widths)
        .filter(|(_, w)| **w >= MAX_WIDTH)
        .map(|(cell, w)| match cell.value() {
            Value::Text(t) => t
                .split('\n')
                .map(|line| display_width(line).div_ceil(w - 2).max(1))
                .sum(),
            _ => 1,
        })
        .max()
        .unwrap_or(1)
        .min(20)
}

/// Layout rows of a table sheet.
struct Layout {
    header_row: u32,
    first_data: u32,
}

fn layout(table: &Table<'_>) -> Layout {
    let header_row = if table.groups.is_empty() { 2 } else { 3 };
    Layout {
        header_row,
        first_data: header_row + 1,
    }
}

fn write_cell(
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
                    super::excel_text(t),
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

/// Excel's rows per sheet.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;

/// Write one table into a (named) sheet: the next `n` of `rows` (those that fit);
/// the 合计 row goes on the last part.
fn table_sheet(
    ws: &mut Worksheet,
    table: &Table<'_>,
    rows: &mut dyn Iterator<Item = Vec<Cell>>,
    n: usize,
    last_part: bool,
    widths: &[usize],
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let last_col = (table.columns.len() - 1) as u16;
    let lay = layout(table);
    let key = match table.columns.get(1).is_some_and(|h| h == "部门名称") {
        true => 2,
        false => 1,
    };
    let plan = super::print::plan(widths, key, &table.groups);
    // Printed in column groups, the title and unit stand over the first page.
    let title_end = plan.breaks.first().map_or(last_col, |&b| b - 1);
    if title_end > 0 {
        ws.merge_range(
            0,
            0,
            0,
            title_end,
            &super::excel_text(&table.title),
            &fmt.title,
        )?;
    } else {
        ws.write_string_with_format(0, 0, super::excel_text(&table.title), &fmt.title)?;
    }
    ws.set_row_height(0, 28)?;
    if table.money {
        ws.write_string_with_format(1, title_end, "单位：万元", &fmt.unit)?;
    }
    for g in &table.groups {
        let (a, b) = (g.first as u16, g.last as u16);
        if a < b {
            ws.merge_range(
                lay.header_row - 1,
                a,
                lay.header_row - 1,
                b,
                &g.label,
                &fmt.header,
            )?;
        } else {
            ws.write_string_with_format(lay.header_row - 1, a, &g.label, &fmt.header)?;
        }
    }
    if !table.groups.is_empty() {
        for c in 0..=last_col {
            let grouped = table
                .groups
                .iter()
                .any(|g| (g.first..=g.last).contains(&(c as usize)));
            if !grouped {
                ws.write_blank(lay.header_row - 1, c, &fmt.header)?;
            }
        }
    }
    for (c, h) in table.columns.iter().enumerate() {
        ws.write_string_with_format(lay.header_row, c as u16, h, &fmt.header)?;
    }
    ws.set_row_height(lay.header_row, 42)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let n = n as u32;
    let data_rows = (lay.first_data, lay.first_data + n.max(1) - 1);
    for (i, row) in rows.take(n as usize).enumerate() {
        let r = lay.first_data + i as u32;
        let lines = wrapped_lines(&row, widths);
        if lines > 1 {
            // Set, not left to the application: LibreOffice and WPS do not grow a
            // row for wrapped text on their own (measured: overlapping lines).
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            write_cell(
                ws,
                r,
                c as u16,
                cell,
                &fmt.plain,
                widths[c] >= MAX_WIDTH,
                data_rows,
            )?;
        }
    }
    if let Some(total) = table.total.as_ref().filter(|_| last_part) {
        let r = lay.first_data + n;
        for (c, cell) in total.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, &fmt.bold, false, data_rows)?;
        }
    }
    if n > 0 {
        reader_columns(ws, table, data_rows)?;
    }
    ws.set_freeze_panes(lay.first_data, if key == 2 { 2 } else { 0 })?;
    if n > 0 {
        ws.autofilter(lay.header_row, 0, lay.first_data + n - 1, last_col)?;
    }
    super::print::apply(ws, &plan, key)?;
    // 统计分析 is one short table and then its charts: nothing to repeat.
    // The header rows (not the title, which stands over the first page only).
    if table.name != STATISTICS {
        let first_header = lay.header_row - u32::from(!table.groups.is_empty());
        ws.set_repeat_rows(first_header, lay.header_row)?;
    }
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// A table's drop-down columns and the fills of its status cells, over its data
/// rows (first, last).
fn reader_columns(
    ws: &mut Worksheet,
    table: &Table<'_>,
    (first, last): (u32, u32),
) -> Result<(), XlsxError> {
    for (c, choices) in &table.choices {
        let list = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_title("请从下拉列表中选择")?
            .set_error_message(format!("只能填：{}", choices.join("、")))?;
        ws.add_data_validation(first, *c as u16, last, *c as u16, &list)?;
    }
    for (c, text, colour) in &table.colours {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(*text))
            .set_format(Format::new().set_background_color(*colour));
        ws.add_conditional_format(first, *c as u16, last, *c as u16, &rule)?;
    }
    Ok(())
}

/// The hidden sheet that carries this round for the next (`--previous
/// 汇总表.xlsx`): the [`crate::model::document::RoundDoc`] as JSON text, in cells
/// of at most 8,000 characters down column A.
fn round_sheet(ws: &mut Worksheet, batch: &Batch) -> Result<(), XlsxError> {
    let doc = crate::batch::follow_up::round(batch);
    let text = serde_json::to_string(&doc).expect("the round serialises");
    ws.set_name(crate::batch::follow_up::DATA_SHEET)?;
    let chars: Vec<char> = text.chars().collect();
    for (i, chunk) in chars.chunks(8000).enumerate() {
        let s: String = chunk.iter().collect();
        ws.write_string(i as u32, 0, s)?;
    }
    ws.set_very_hidden(true);
    Ok(())
}

/// The charts of 统计分析 and the ranked list they draw (see [`super::charts`]),
/// below the statistics; printed on A3 when the charts make the sheet too wide
/// for A4 at the least scale, one bar chart per page.
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
    let breaks = super::charts::write(ws, &stats.name, below, grades, batch)?;
    ws.set_page_breaks(&breaks)?;
    // The columns A–D, column E, and the charts (760 px: about 80 character
    // units in print::column_px's measure).
    let mut all = widths.to_vec();
    all.extend([9, 80]);
    super::print::apply(ws, &super::print::plan(&all, 0, &[]), 0)
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
    let mut rest: &mut [Worksheet] = &mut sheets;
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
const STATISTICS: &str = "统计分析";

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
        let (widths, n, held) = column_widths(table, self.hold_cells);
        let mismatch = || {
            XlsxError::ParameterError(format!(
                "{}：应有 {} 行，实得行数不同",
                table.name, table.len
            ))
        };
        if n != table.len {
            return Err(mismatch());
        }
        let mut rows: Box<dyn Iterator<Item = Vec<Cell>>> = match held {
            Some(held) => Box::new(held.into_iter().flatten()),
            None => Box::new(table.rows()),
        };
        let parts = sheets.len();
        for (i, ws) in sheets.iter_mut().enumerate() {
            (self.progress)(&part_name(table, i));
            let in_part = self.per_sheet.min(n - i * self.per_sheet);
            let last = i + 1 == parts;
            table_sheet(ws, table, &mut rows, in_part, last, &widths, self.fmt)?;
            if table.name == STATISTICS {
                charts(ws, table, &widths, batch)?;
            }
        }
        match rows.next() {
            Some(_) => Err(mismatch()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
