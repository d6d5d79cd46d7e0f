//! The text layer of a PDF report, page after page.
//!
//! Read with `pdf-extract` (on `lopdf`): it follows the fonts' ToUnicode maps, so
//! the CID fonts that Word, WPS and LibreOffice embed for Chinese come out as text,
//! and it lays text out by position, so a paragraph ends in a blank line. Both
//! crates are recursive and can panic on damaged files, so:
//!
//! - the bytes are scanned first ([`super::pdf_scan`]): nesting, flate bombs,
//!   predictors, cross-reference streams, CMap ranges;
//! - the document's own structure is checked before text is drawn from it
//!   (`pdf_check`): parent chains of pages, XObjects drawn inside each
//!   other, the content each page parses, the fonts' CMaps and programs;
//! - the work runs on a thread of its own with a large stack, and a panic inside
//!   the libraries becomes a reason ([`crate::guard`]).
//!
//! Page furniture is dropped here: a line repeated at the top or bottom of most
//! pages (a running head) and, in [`super::text::join_lines`], page numbers.

use super::pdf_check;
use super::pdf_scan::scan;
use super::text::{table_lines, TABLE_CELL};
use super::ReportError;
use crate::guard;
use crate::limits::Limits;
use pdf_extract::Document;
use std::collections::HashMap;

/// The stack of the thread that parses (defence in depth beyond the scan).
const STACK: usize = 64 << 20;

/// The text of a PDF: its pages' lines, running heads removed.
pub fn text(bytes: &[u8], limits: &Limits) -> Result<String, ReportError> {
    // The header may follow a little junk (some mailers prepend a line).
    if !bytes[..bytes.len().min(1024)]
        .windows(4)
        .any(|w| w == b"%PDF")
    {
        return Err(ReportError::Corrupt(
            "不是 PDF 文件（没有 %PDF 文件头）".into(),
        ));
    }
    if scan(bytes, limits)?.encrypted {
        return Err(ReportError::Encrypted);
    }
    let pages = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, || guard::library(|| pages(bytes, limits)))
            .map_err(|_| ReportError::Internal)?
            .join()
            .unwrap_or(Err(ReportError::Internal))
    })?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ReportError::Scanned);
    }
    Ok(without_running_heads(&pages))
}

/// Each page's text, after the structure checks.
fn pages(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ReportError> {
    let doc = Document::load_mem(bytes).map_err(|_| {
        ReportError::Corrupt("PDF 结构无法解析，文件可能不完整（如上传中断）".into())
    })?;
    if doc.is_encrypted() {
        return Err(ReportError::Encrypted);
    }
    pdf_check::pages(&doc, limits)?
        .iter()
        .map(|&(n, _)| {
            let mut s = String::new();
            let mut out = pdf_extract::PlainTextOutput::new(&mut s);
            pdf_extract::output_doc_page(&doc, &mut out, n)
                .map_err(|e| ReportError::damaged(&format!("PDF 第 {n} 页"), &e))?;
            Ok(s)
        })
        .collect()
}

/// The pages' lines, without a line that stands at the top (or bottom) of at least
/// half the pages and at least two (a running head or foot; digits may differ).
fn without_running_heads(pages: &[String]) -> String {
    let shape = |l: &str| -> String {
        l.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.lines().filter(|l| !l.trim().is_empty()).collect())
        .collect();
    let mut counts: HashMap<(bool, String), usize> = HashMap::new();
    for page in &lines {
        if let Some(first) = page.first() {
            *counts.entry((true, shape(first))).or_default() += 1;
        }
        if let Some(last) = page.last() {
            *counts.entry((false, shape(last))).or_default() += 1;
        }
    }
    let needed = (pages.len() / 2).max(2);
    let furniture = |top: bool, l: &str| counts.get(&(top, shape(l))).is_some_and(|&n| n >= needed);
    // The lines kept, page after page (an empty one between pages).
    let mut kept: Vec<&str> = Vec::new();
    for page in &lines {
        for (i, line) in page.iter().enumerate() {
            let top = i == 0 && furniture(true, line);
            let bottom = i + 1 == page.len() && furniture(false, line);
            if !(top || bottom) {
                kept.push(line.trim());
            }
        }
        kept.push("");
    }
    // Tables are found before the spacing goes: their cells stand apart by a gap.
    let nonempty: Vec<&str> = kept.iter().copied().filter(|l| !l.is_empty()).collect();
    let mut marks = table_lines::mark(&nonempty, table_lines::Split::Spaces).into_iter();
    let mut out = String::new();
    for line in kept {
        let text = match line.is_empty() {
            true => String::new(),
            false => match marks.next() {
                Some(table_lines::Mark::Row(cells)) => cells.join(&TABLE_CELL.to_string()),
                Some(table_lines::Mark::Joined) => continue,
                _ => tight(line),
            },
        };
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// A line without the spaces a PDF puts between a Chinese character and its
/// neighbours (`年初预算 3280.50 万元`, `三公 经费`): spaces stay only between two
/// ASCII characters.
fn tight(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let ascii = |c: Option<&char>| c.is_some_and(char::is_ascii);
            if !(ascii(before) && ascii(after)) || out.ends_with(' ') {
                continue;
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_heads_and_pdf_spacing_go() {
        let pages = [
            "某区财政局\n\n全年预算 3280.50 万元，\n- 1 -\n".to_string(),
            "某区财政局\n执行 3342.07 万元。\n- 2 -\n".to_string(),
            "某区财政局\n“ ”三公 经费 30.00 万元。\nsee p. 3\n- 3 -\n".to_string(),
        ];
        let text = without_running_heads(&pages);
        assert!(!text.contains("某区财政局"), "{text}");
        assert!(text.contains("全年预算3280.50万元，"), "{text}");
        assert!(text.contains("“”三公经费30.00万元。"), "{text}");
        assert!(text.contains("see p. 3"), "{text}");
        assert!(!text.contains("- 2 -"), "{text}");
    }
}
