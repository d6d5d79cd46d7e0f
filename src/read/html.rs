//! An HTML table saved as `.xls`: what web budget systems export, and what Excel
//! and WPS open as a sheet. Parsed with `scraper` (html5ever, the browsers'
//! parsing rules, so unclosed `<td>` and stray tags read as a browser shows them).
//!
//! Every table row of the page, in order, is a row of one sheet named after the
//! file, as Excel shows it; a cell spanning rows or columns holds its text in its
//! first cell and is a merged region, like a merged cell of a workbook.

use super::ReadError;
use crate::limits::Limits;
use crate::model::CellPos;
use calamine::{Cell, Data, Range};
use scraper::{ElementRef, Html, Selector};

/// The one sheet of an HTML page.
pub struct Sheet {
    /// The file's stem, as Excel names the sheet.
    pub name: String,
    /// The cells, text as written.
    pub range: Range<Data>,
    /// Cells spanning rows or columns, as (first, last).
    pub merges: Vec<(CellPos, CellPos)>,
}

/// The page's text: a byte-order mark, else a `charset` the page declares (web
/// systems in China often write GBK), else UTF-8, else GB18030.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let head: Vec<u8> = bytes[..bytes.len().min(2048)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let declared = head
        .windows(8)
        .position(|w| w == b"charset=")
        .and_then(|i| {
            let rest = &head[i + 8..];
            let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
                .unwrap_or(rest.len());
            encoding_rs::Encoding::for_label(&rest[..end])
        });
    if let Some(encoding) = declared {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// A span attribute, 1 when absent or unreadable, at most `max`.
fn span(cell: &ElementRef<'_>, name: &str, max: u32) -> u32 {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

/// A cell's text with runs of white space as one space (a `<br>` too).
fn text_of(cell: &ElementRef<'_>) -> String {
    let mut out = String::new();
    for piece in cell.text() {
        for word in piece.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    // `&nbsp;` (U+00A0) and full-width spaces are white space too.
    out
}

/// The sheet of an HTML page, within the scanned part of [`Limits`].
pub fn sheet(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sheet, ReadError> {
    let page = Html::parse_document(&decode(bytes));
    let rows = Selector::parse("tr").expect("a valid selector");
    let mut cells = Vec::new();
    let mut merges = Vec::new();
    // Per column, the first row no longer covered by a row span from above.
    let mut covered: Vec<u32> = Vec::new();
    for (r, tr) in page.select(&rows).enumerate() {
        let r = r as u32;
        if r >= limits.max_rows {
            break;
        }
        let mut c = 0u32;
        for cell in tr.child_elements() {
            if !matches!(cell.value().name(), "td" | "th") {
                continue;
            }
            while covered.get(c as usize).is_some_and(|&until| until > r) {
                c += 1;
            }
            if c >= limits.max_cols {
                break;
            }
            let rows_spanned = span(&cell, "rowspan", limits.max_rows - r);
            let cols_spanned = span(&cell, "colspan", limits.max_cols - c);
            let text = text_of(&cell);
            if !text.is_empty() {
                cells.push(Cell::new((r, c), Data::String(text)));
            }
            if rows_spanned > 1 || cols_spanned > 1 {
                merges.push((
                    CellPos::new(r, c),
                    CellPos::new(r + rows_spanned - 1, c + cols_spanned - 1),
                ));
            }
            let end = (c + cols_spanned) as usize;
            if covered.len() < end {
                covered.resize(end, 0);
            }
            for until in &mut covered[c as usize..end] {
                *until = r + rows_spanned;
            }
            c += cols_spanned;
        }
    }
    if cells.is_empty() {
        return Err(ReadError::NoForm);
    }
    let name = std::path::Path::new(file).file_stem().map_or_else(
        || "Sheet1".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(Sheet {
        name,
        range: Range::from_sparse(cells),
        merges,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &Sheet, r: u32, c: u32) -> String {
        s.range
            .get_value((r, c))
            .map_or(String::new(), |d| d.to_string())
    }

    #[test]
    fn spans_shift_the_cells_after_them() {
        let page = "<table><tr><td rowspan=2>资金</td><td colspan=2>预算</td><td>x</td></tr>\
                    <tr><td>年初</td><td>全年</td><td>y</td></tr></table>";
        let s = sheet(page.as_bytes(), "a/某局.xls", &Limits::default()).unwrap();
        assert_eq!(s.name, "某局");
        assert_eq!(at(&s, 0, 0), "资金");
        assert_eq!(at(&s, 0, 1), "预算");
        assert_eq!(at(&s, 0, 3), "x");
        // Row 2 starts at column B: A is covered by 资金's row span.
        assert_eq!(at(&s, 1, 1), "年初");
        assert_eq!(at(&s, 1, 2), "全年");
        assert_eq!(at(&s, 1, 3), "y");
        assert_eq!(
            s.merges,
            [
                (CellPos::new(0, 0), CellPos::new(1, 0)),
                (CellPos::new(0, 1), CellPos::new(0, 2))
            ]
        );
    }

    #[test]
    fn a_declared_gbk_page_is_decoded() {
        let (body, _, _) = encoding_rs::GBK.encode("<td>广州市 海珠区\n 科工商信局</td>");
        let mut page = b"<html><head><meta charset=\"gb2312\"></head><table><tr>".to_vec();
        page.extend_from_slice(&body);
        let s = sheet(&page, "x.xls", &Limits::default()).unwrap();
        assert_eq!(at(&s, 0, 0), "广州市 海珠区 科工商信局");
    }
}
