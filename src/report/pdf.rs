//! The text layer of a PDF report, page after page.
//!
//! Read with `pdf-extract` (on `lopdf`): it follows the fonts' ToUnicode maps, so
//! the CID fonts that Word, WPS and LibreOffice embed for Chinese come out as text,
//! and it lays text out by position, so a paragraph ends in a blank line. Both
//! crates are recursive and can panic on damaged files, so:
//!
//! - the bytes are scanned first ([`super::pdf_scan`]): nesting, flate bombs;
//! - the document's own structure is checked before text is drawn from it: parent
//!   chains of pages, and form XObjects drawn inside each other, both bounded;
//! - the work runs on a thread of its own with a large stack, and a panic inside
//!   the libraries becomes a reason ([`crate::guard`]).
//!
//! Page furniture is dropped here: a line repeated at the top or bottom of most
//! pages (a running head) and, in [`super::text::join_lines`], page numbers.

use super::pdf_scan::{scan, Scan};
use super::ReportError;
use crate::guard;
use crate::limits::Limits;
use pdf_extract::{Dictionary, Document, Object};
use std::collections::HashMap;

/// Form XObjects drawn inside each other deeper than this are refused.
const MAX_FORM_DEPTH: usize = 12;
/// Page-tree parents further up than this are refused.
const MAX_PARENTS: usize = 64;
/// A report has tens of pages; a file with more is not one.
const MAX_PAGES: usize = 1000;
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
    let scanned = scan(bytes, limits)?;
    if scanned.encrypted {
        return Err(ReportError::Encrypted);
    }
    let pages = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, || guard::library(|| pages(bytes, &scanned)))
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
fn pages(bytes: &[u8], scanned: &Scan) -> Result<Vec<String>, ReportError> {
    let doc = Document::load_mem(bytes).map_err(|_| {
        ReportError::Corrupt("PDF 结构无法解析，文件可能不完整（如上传中断）".into())
    })?;
    if doc.is_encrypted() {
        return Err(ReportError::Encrypted);
    }
    let numbers: Vec<(u32, (u32, u16))> = doc.get_pages().into_iter().collect();
    if numbers.is_empty() {
        return Err(ReportError::Corrupt("PDF 中没有页面".into()));
    }
    if numbers.len() > MAX_PAGES {
        return Err(ReportError::TooLarge(format!(
            "PDF 有 {} 页，超过上限 {MAX_PAGES} 页",
            numbers.len()
        )));
    }
    for &(_, id) in &numbers {
        parents_bounded(&doc, id)?;
        if scanned.has_forms {
            let page = doc
                .get_dictionary(id)
                .map_err(|e| ReportError::damaged("PDF 页面", &e))?;
            let resources = inherited(&doc, page, b"Resources");
            let content = doc.get_page_content(id).unwrap_or_default();
            forms_bounded(&doc, &content, resources, 0)?;
        }
    }
    numbers
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

/// A page's chain of `/Parent`s ends within [`MAX_PARENTS`] (a loop never does).
fn parents_bounded(doc: &Document, page: (u32, u16)) -> Result<(), ReportError> {
    let mut id = page;
    for _ in 0..MAX_PARENTS {
        match doc
            .get_dictionary(id)
            .and_then(|d| d.get(b"Parent"))
            .and_then(Object::as_reference)
        {
            Ok(parent) => id = parent,
            Err(_) => return Ok(()),
        }
    }
    Err(ReportError::Corrupt("PDF 页面树循环或过深".into()))
}

/// A key of a page, or of the nearest parent that has it.
fn inherited<'a>(
    doc: &'a Document,
    mut dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    for _ in 0..MAX_PARENTS {
        if let Ok(found) = dict.get_deref(key, doc).and_then(Object::as_dict) {
            return Some(found);
        }
        dict = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok()?;
    }
    None
}

/// The form XObjects a content stream draws (`/Fm1 Do`), and those they draw, end
/// within [`MAX_FORM_DEPTH`]: a form drawing itself would recurse for ever.
fn forms_bounded(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    depth: usize,
) -> Result<(), ReportError> {
    let Some(resources) = resources else {
        return Ok(());
    };
    let Ok(xobjects) = resources
        .get_deref(b"XObject", doc)
        .and_then(Object::as_dict)
    else {
        return Ok(());
    };
    let Ok(ops) = pdf_extract::content::Content::decode(content) else {
        return Ok(());
    };
    let mut seen: HashMap<Vec<u8>, ()> = HashMap::new();
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            continue;
        };
        if seen.insert(name.to_vec(), ()).is_some() {
            continue;
        }
        let Ok(stream) = xobjects.get_deref(name, doc).and_then(Object::as_stream) else {
            continue;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Form");
        if !is_form {
            continue;
        }
        if depth + 1 > MAX_FORM_DEPTH {
            return Err(ReportError::Corrupt(
                "PDF 中的图形对象互相嵌套过深（或循环引用），疑似恶意构造的文件".into(),
            ));
        }
        let own = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok()
            .or(Some(resources));
        let inner = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        forms_bounded(doc, &inner, own, depth + 1)?;
    }
    Ok(())
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
    let mut out = String::new();
    for page in &lines {
        for (i, line) in page.iter().enumerate() {
            let top = i == 0 && furniture(true, line);
            let bottom = i + 1 == page.len() && furniture(false, line);
            if !(top || bottom) {
                out.push_str(&tight(line));
                out.push('\n');
            }
        }
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
