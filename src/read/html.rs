//! An HTML table saved as `.xls`: what web budget systems export, and what Excel
//! and WPS open as a sheet. Parsed with `scraper` (html5ever, the browsers'
//! parsing rules, so unclosed `<td>` and stray tags read as a browser shows them).
//!
//! Every table row of the page, in order, is a row of one sheet named after the
//! file, as Excel shows it; a cell spanning rows or columns holds its text in its
//! first cell and is a merged region, like a merged cell of a workbook.
//!
//! A cell's text holds the text of every table nested in it, so 4,000 tables
//! nested in each other made 1 GB of text out of 300 KB (issue 24), and the parser
//! itself slows with the square of the depth (100,000 nested `<div>`: 75 s). The
//! page's nesting is measured by a flat scan of its tags before it is parsed
//! ([`depth`]), and the cells' text is held to [`MAX_TEXT`].

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

/// Elements nested deeper than this are not a table export: real pages stay
/// within a few dozen levels (html, body, a layout table or two, cell formatting).
pub const MAX_DEPTH: usize = 256;

/// The most text the cells of a page may hold together, in bytes.
pub const MAX_TEXT: usize = 64 * 1024 * 1024;

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen",
];

/// Elements whose end tag may be left out (a parser closes them itself), and the
/// document's own: not counted.
const IMPLIED_END: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "colgroup", "caption",
    "thead", "tbody", "tfoot", "tr", "td", "th", "rb", "rt", "rtc", "rp",
];

/// Elements whose content is text, not tags.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// How deep the page's elements nest, by a flat scan of its tags, the way a parser
/// nests them: void elements and ends that may be left out are not counted, and
/// a new cell or row closes what the previous cell left open (its table's depth is
/// restored), so that a page that never closes its `<font>`s is not deep.
pub fn depth(page: &str) -> usize {
    let bytes = page.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    // The depth at each open table, innermost last.
    let mut tables: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(lt) = bytes[at..].iter().position(|&b| b == b'<') {
        at += lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|b| matches!(b, b'!' | b'?')) {
            at += tag_end(rest);
            continue;
        }
        let end_tag = rest.first() == Some(&b'/');
        let name = &rest[usize::from(end_tag)..];
        let name_len = name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name.first().is_none_or(|b| !b.is_ascii_alphabetic()) {
            // `a < b`: text, not a tag.
            continue;
        }
        let name = name[..name_len].to_ascii_lowercase();
        let name = std::str::from_utf8(&name).unwrap_or_default();
        let close = tag_end(rest);
        let self_closing = close >= 2 && rest[close - 2] == b'/';
        at += close;
        match (end_tag, name) {
            (false, "table") => {
                tables.push(depth);
                depth += 1;
            }
            (true, "table") => depth = tables.pop().unwrap_or(depth.saturating_sub(1)),
            (_, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot") => {
                if let Some(&table) = tables.last() {
                    depth = table + 1;
                }
            }
            (_, n) if VOID.contains(&n) || IMPLIED_END.contains(&n) => {}
            (true, _) => depth = depth.saturating_sub(1),
            (false, _) if self_closing => {}
            (false, n) => {
                depth += 1;
                if RAW_TEXT.contains(&n) {
                    // Its text runs to its end tag, whatever it holds.
                    let closing = format!("</{n}");
                    at += find_ignoring_case(&bytes[at..], closing.as_bytes())
                        .unwrap_or(bytes.len() - at);
                }
            }
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` (lowercase) first occurs in `hay`, ASCII case ignored.
fn find_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The length of a tag from after its `<` to after its `>`, quoted attribute values
/// passed over.
fn tag_end(rest: &[u8]) -> usize {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// A span attribute, 1 when absent or unreadable, at most `max`.
fn span(cell: &ElementRef<'_>, name: &str, max: u32) -> u32 {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

/// A cell's text with runs of white space as one space (a `<br>` too), taken from
/// `budget` (bytes); `None` once the budget is spent.
fn text_of(cell: &ElementRef<'_>, budget: &mut usize) -> Option<String> {
    let mut out = String::new();
    for piece in cell.text() {
        for word in piece.split_whitespace() {
            *budget = budget.checked_sub(word.len() + 1)?;
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    // `&nbsp;` (U+00A0) and full-width spaces are white space too.
    Some(out)
}

/// The sheet of an HTML page, within the scanned part of [`Limits`].
pub fn sheet(bytes: &[u8], file: &str, limits: &Limits) -> Result<Sheet, ReadError> {
    let page = decode(bytes);
    let depth = depth(&page);
    if depth > MAX_DEPTH {
        return Err(ReadError::Damaged {
            reason: format!(
                "网页的标签嵌套超过 {MAX_DEPTH} 层（如表格层层相套），不是可读取的表格，已拒绝读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再报送"
            ),
            detail: format!("HTML nesting depth {depth}, limit {MAX_DEPTH}"),
        });
    }
    let page = Html::parse_document(&page);
    let mut budget = MAX_TEXT;
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
            let text = text_of(&cell, &mut budget).ok_or_else(|| {
                ReadError::TooLarge(format!(
                    "网页表格中的文字超过 {}（外层单元格含有内层表格的全部文字），已拒绝读取",
                    crate::limits::mib(MAX_TEXT as u64)
                ))
            })?;
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
    fn depth_counts_nesting_as_a_parser_does() {
        // html, body, td, tr, p: not counted; table 1, div 2, table 3, b 4.
        let page = "<!DOCTYPE html><html><body><table><tr><td><div><table><tr><td><b>x\
                    </b></td></tr></table></div></td></tr></table></body></html>";
        assert_eq!(depth(page), 4);
        // A <font> left open in each cell is closed by the next cell: depth 2.
        let cells = "<table><tr><td><font>a<td><font>b<td><font>c</table>".repeat(3);
        assert_eq!(depth(&cells), 2);
        // Void and self-closed elements, comments, `<` in text and in scripts.
        let page = "<br><img src='a>b'><x/><!-- <div><div> -->1 < 2\
                    <script>if (a <div) {}</script><span>";
        assert_eq!(depth(page), 1);
        let nested = "<table><tr><td>".repeat(300);
        assert_eq!(depth(&nested), 300);
    }

    #[test]
    fn a_page_nested_past_the_limit_is_refused() {
        let page = "<div>".repeat(MAX_DEPTH + 1);
        let err = sheet(page.as_bytes(), "x.xls", &Limits::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("嵌套超过 256 层"), "{err}");
        assert!(sheet(
            "<div>".repeat(MAX_DEPTH).as_bytes(),
            "x.xls",
            &Limits::default()
        )
        .is_err_and(|e| e == ReadError::NoForm));
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
