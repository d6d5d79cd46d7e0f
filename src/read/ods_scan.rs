//! A pass over an `.ods` file's `content.xml` before calamine opens it.
//!
//! ODS compresses runs of cells into `number-rows-repeated` and
//! `number-columns-repeated`, and calamine expands them when the file is opened (up
//! to 100 million cells). An 800-byte file repeating one number over 6,000 rows ×
//! 16,384 columns took 17 s and 6 GB of memory before this pass (measured). The pass
//! reads the element structure only and refuses a table whose expanded grid of
//! non-empty rows would pass the scanned area of the [`Limits`].
//!
//! calamine also expands a text cell's `<text:s text:c="n"/>` into n spaces, and
//! copies a text cell into each column and row it is repeated over:
//! `text:c="1000000000"` in one cell took 3 GB (and the file was then read as
//! if nothing had happened), and a 10,000-space cell over 256 columns and 1,000
//! rows 5.4 GB. The pass counts the text each cell expands to, repeats included,
//! and refuses a file past [`MAX_TEXT`] bytes of it.

use super::ReadError;
use crate::limits::Limits;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// calamine's caps on repeats.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

/// The most text the cells of an `.ods` may expand to, in bytes: a form holds a few
/// tens of kilobytes.
pub const MAX_TEXT: u64 = 64 * 1024 * 1024;

/// Attributes that give a cell a value in calamine's eyes, whether or not the cell
/// has content (`<table:table-cell office:value="1"/>` is a number).
const VALUE_ATTRIBUTES: &[&str] = &[
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
];

/// The rows and columns a table's non-empty cells span, repeats expanded.
#[derive(Default)]
struct Table {
    row: u64,
    first: Option<u64>,
    last: u64,
    width: u64,
}

impl Table {
    fn cells(&self) -> u64 {
        self.first
            .map_or(0, |f| (self.last + 1 - f).saturating_mul(self.width))
    }
}

fn repeats(e: &BytesStart<'_>, name: &str, cap: u64) -> u64 {
    count(e, name).clamp(1, cap)
}

/// A count attribute, 1 when absent or unreadable.
fn count(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// The text a file's cells expand to, repeats included.
#[derive(Default)]
struct Text {
    /// Of the cell being read.
    cell: u64,
    /// Of the row being read, its cells' repeats included.
    row: u64,
    /// Of the rows read so far.
    total: u64,
}

impl Text {
    fn over(&self) -> bool {
        self.cell.max(self.row).max(self.total) > MAX_TEXT
    }
}

fn too_much_text() -> ReadError {
    ReadError::TooLarge(format!(
        "表格中的文字展开后超过 {}（单元格声明了大量重复的空格或内容），文件结构异常，已拒绝读取",
        crate::limits::mib(MAX_TEXT)
    ))
}

/// Refuse an `.ods` whose tables would be expanded past `max_rows × max_cols` cells.
/// A file this pass cannot follow is left to calamine, which reports it.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let budget = u64::from(limits.max_rows) * u64::from(limits.max_cols);
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut table = Table::default();
    // The row being read: its repeat count, column, and rightmost non-empty column.
    let mut row_repeat = 1;
    let mut col = 0u64;
    let mut row_width: Option<u64> = None;
    let mut cell_repeat = 1;
    let mut text = Text::default();
    loop {
        if table.cells() > budget {
            return Err(ReadError::TooLarge(format!(
                        "表格展开后范围过大（超过 {} 行 × {} 列的读取范围），请删除表外的多余内容后重新提交",
                        limits.max_rows, limits.max_cols
                )));
        }
        if text.over() {
            return Err(too_much_text());
        }
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let (e, has_children) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(end) => {
                match end.name().as_ref() {
                    "table:table-row" => {
                        end_row(&mut table, row_repeat, row_width.take());
                        text.total = text
                            .total
                            .saturating_add(text.row.saturating_mul(row_repeat));
                        text.row = 0;
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        text.row = text
                            .row
                            .saturating_add(text.cell.saturating_mul(cell_repeat));
                        text.cell = 0;
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Text(t) => {
                text.cell = text.cell.saturating_add(t.len() as u64);
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => table = Table::default(),
            "table:table-row" => {
                row_repeat = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                col = 0;
                row_width = None;
                if !has_children {
                    end_row(&mut table, row_repeat, None);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLS);
                let valued = VALUE_ATTRIBUTES
                    .iter()
                    .any(|a| matches!(e.try_get_attribute(a), Ok(Some(_))));
                col = col.saturating_add(n).min(MAX_COLS);
                if has_children || valued {
                    row_width = Some(col);
                }
                cell_repeat = n;
                text.cell = 0;
            }
            // calamine writes a space per `text:c`, a character per tab, line break
            // and paragraph.
            "text:s" => text.cell = text.cell.saturating_add(count(e, "text:c")),
            "text:tab" | "text:line-break" | "text:p" => text.cell = text.cell.saturating_add(1),
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// Account for a finished row (repeated `repeat` times) in its table.
fn end_row(table: &mut Table, repeat: u64, width: Option<u64>) {
    if let Some(w) = width {
        table.first.get_or_insert(table.row);
        table.last = table.row + repeat - 1;
        table.width = table.width.max(w);
    }
    table.row = (table.row + repeat).min(MAX_ROWS);
}
