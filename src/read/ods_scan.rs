//! A pass over an `.ods` file's `content.xml` before calamine opens it.
//!
//! ODS compresses runs of cells into `number-rows-repeated` and
//! `number-columns-repeated`, and calamine expands them when the file is opened (up
//! to 100 million cells). An 800-byte file repeating one number over 6,000 rows ×
//! 16,384 columns took 17 s and 6 GB of memory before this pass (measured). The pass
//! reads the element structure only and refuses a table whose expanded grid of
//! non-empty rows would pass the scanned area of the [`Limits`].

use super::ReadError;
use crate::limits::Limits;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// calamine's caps on repeats.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

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
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, cap)
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
    loop {
        if table.cells() > budget {
            return Err(ReadError::TooLarge(format!(
                        "表格展开后范围过大（超过 {} 行 × {} 列的读取范围），请删除表外的多余内容后重新提交",
                        limits.max_rows, limits.max_cols
                )));
        }
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let (e, has_children) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(end) => {
                if end.name().as_ref() == "table:table-row" {
                    end_row(&mut table, row_repeat, row_width.take());
                }
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
                let valued = matches!(e.try_get_attribute("office:value-type"), Ok(Some(_)));
                col = col.saturating_add(n).min(MAX_COLS);
                if has_children || valued {
                    row_width = Some(col);
                }
            }
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
