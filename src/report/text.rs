//! A report file → its paragraphs, in order (`REPORT.md` §1).
//!
//! - `.docx`: the `w:p` paragraphs of `word/document.xml` (Word and WPS), read with
//!   `zip` + `quick-xml` after the same zip-bomb checks as a spreadsheet;
//! - `.txt`: UTF-8, UTF-16 with a byte-order mark, or GB18030 (GBK), detected;
//! - `.pdf`: the text layer (see [`super::pdf`]).
//!
//! Text that comes as lines (.txt, .pdf) is joined back into paragraphs: a line that
//! does not end a sentence continues on the next, across page breaks, unless the
//! next line starts a heading, a list item or a `名称：` field; page numbers
//! (`- 3 -`, `— 4—`) are dropped. A table laid out as lines (a header of known
//! column words, rows lined up with it: [`table_lines`]) keeps one paragraph a row,
//! its cells joined by [`TABLE_CELL`], as a .docx table does.

pub mod table_lines;

use super::ReportError;
use crate::collect::Format;
use crate::limits::Limits;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// A report's paragraphs, each trimmed and non-empty, numbered from 1 by position.
pub fn paragraphs(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Vec<String>, ReportError> {
    match format {
        Format::Docx => docx(bytes, limits),
        Format::Txt => Ok(text_paragraphs(&decode_text(bytes)?)),
        Format::Pdf => Ok(join_lines(&super::pdf::text(bytes, limits)?)),
        other => Err(ReportError::Corrupt(format!(
            "不支持的报告格式（{other:?}）"
        ))),
    }
}

/// Plain text in UTF-8, UTF-16 (with a byte-order mark) or GB18030; never a silent
/// guess: text that is none of these is refused with the reason.
pub fn decode_text(bytes: &[u8]) -> Result<String, ReportError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(ReportError::Corrupt(format!(
                "文本文件标明为 {}，但内容不是该编码",
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReportError::Corrupt(
            "文本文件的编码无法识别（不是 UTF-8、UTF-16 或 GBK/GB18030），请另存为 UTF-8".into(),
        ));
    }
    Ok(text.into_owned())
}

/// Whether a text file reads as a 自评报告: decoded, its first twelve paragraphs
/// say “自评报告” or “绩效” (as [`super::read`] requires).
pub fn reads_as_report(bytes: &[u8]) -> bool {
    decode_text(bytes).is_ok_and(|t| {
        text_paragraphs(&t)
            .iter()
            .take(12)
            .any(|p| p.contains("自评报告") || p.contains("绩效"))
    })
}

/// The paragraphs of a .docx: the text of each `w:p` of `word/document.xml`, tabs
/// and breaks as spaces. A table row is one paragraph, its cells joined by a tab
/// (`TABLE_CELL`; a cell's own paragraphs joined by a space), so that a table is
/// read as rows of cells (`claims::tables`); a table inside a cell is part of
/// that cell's text.
fn docx(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ReportError> {
    limits.check_zip(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReportError::damaged("zip 目录", &e))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ReportError::Corrupt("不是 Word 文档（缺少 word/document.xml）".into()))?
        .take(limits.max_unzipped_bytes)
        .read_to_end(&mut xml)
        .map_err(|e| ReportError::damaged("word/document.xml", &e))?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    // Table depth, and the cells of the row being read (outermost table).
    let mut depth = 0usize;
    let mut cells: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReportError::damaged("word/document.xml", &e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tbl" => {
                    if depth == 0 {
                        push_paragraph(&mut out, &mut current);
                    }
                    depth += 1;
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" if depth > 0 => current.push(' '),
                "p" => push_paragraph(&mut out, &mut current),
                "tc" if depth == 1 => {
                    cells.push(current.trim().replace(TABLE_CELL, " "));
                    current.clear();
                }
                "tr" if depth == 1 => {
                    let mut row = cells.join(&TABLE_CELL.to_string());
                    cells.clear();
                    push_paragraph(&mut out, &mut row);
                }
                "tbl" => depth = depth.saturating_sub(1),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "br" | "cr" => current.push(' '),
                "p" if depth > 0 => current.push(' '),
                "p" => push_paragraph(&mut out, &mut current),
                _ => {}
            },
            Event::Text(t) if in_text => {
                current.push_str(&t.xml10_content().replace(TABLE_CELL, " "));
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    current.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    push_paragraph(&mut out, &mut current);
    Ok(out)
}

/// What separates the cells of a table row in its paragraph.
pub const TABLE_CELL: char = '\t';

fn push_paragraph(out: &mut Vec<String>, current: &mut String) {
    let text = current.trim_matches(|c: char| c.is_whitespace() && c != TABLE_CELL);
    if !text.trim().is_empty() {
        out.push(text.to_string());
    }
    current.clear();
}

/// A page number line: `- 3 -`, `— 4—`, `第 2 页`, `3/12`.
pub(super) fn is_page_furniture(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let dashes_only = t.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, '-' | '—' | '–' | '－' | '/' | '第' | '页' | '共')
    });
    digits > 0 && digits <= 4 && dashes_only
}

/// Whether a line ends a sentence (or is a heading that stands alone).
fn ends_paragraph(line: &str) -> bool {
    line.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':' | '…'
        )
    })
}

/// Whether a line starts a new paragraph: a heading or list item (`一、` `（一）`
/// `(1)` `1.` `1、` `①`), or a short `名称：值` field.
pub fn starts_paragraph(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let rest: String = chars.clone().take(4).collect();
    if numeral(first)
        && (rest.starts_with('、')
            || rest.chars().next().is_some_and(numeral) && rest.contains('、'))
    {
        return true;
    }
    if matches!(first, '（' | '(') {
        let inner: String = chars.take_while(|c| !matches!(c, '）' | ')')).collect();
        return !inner.is_empty()
            && inner.chars().count() <= 3
            && inner.chars().all(|c| c.is_ascii_digit() || numeral(c));
    }
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return true;
    }
    if first.is_ascii_digit() && is_numbered_heading(t) {
        return true;
    }
    if first.is_ascii_digit() {
        // `1.年初预算`, `2、`: a short number and its mark, not a decimal (`99.79%`).
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let mut after = t.chars().skip(digits);
        let mark = after.next();
        let next = after.next();
        return digits <= 2
            && matches!(mark, Some('.' | '、' | '．'))
            && !next.is_some_and(|c| c.is_ascii_digit());
    }
    // `填报人：李文`: a field label of a few characters, then a colon.
    t.char_indices()
        .find(|(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|(i, _)| t[..i].chars().count() <= 12 && t.chars().count() <= 60)
}

/// A heading numbered in levels, `1.2部门支出描述`, `2.1.3 预算执行`: numbers of one
/// or two digits joined by dots, then (after a space at most) a character that is
/// not a unit (`1.2万元` is a figure).
fn is_numbered_heading(line: &str) -> bool {
    let mut levels = 0;
    let mut rest = line;
    loop {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return false;
        }
        levels += 1;
        rest = &rest[digits..];
        match rest.strip_prefix(['.', '．']) {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => rest = r,
            _ => break,
        }
    }
    let next = rest.trim_start().chars().next();
    levels >= 2
        && next.is_some_and(|c| {
            !c.is_ascii_digit()
                && !c.is_ascii_punctuation()
                && !"万元亿千百%％分个项人次倍年月日号期".contains(c)
        })
}

/// A short line ending in 报告: a title.
fn is_title(line: &str) -> bool {
    line.ends_with("报告") && line.chars().count() <= 60
}

/// A .txt's paragraphs: a text saved from Word (one paragraph a line, no line
/// wrapped inside a sentence) keeps its lines, so that it numbers its paragraphs as
/// the .docx does; a hard-wrapped text (copied from a PDF, typed with line
/// breaks) is joined back into sentences ([`join_lines`]). A table laid out in
/// lines (cells apart by tabs or two spaces or more) keeps a paragraph a row.
pub fn text_paragraphs(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_page_furniture(l))
        .collect();
    let lines = table_lines::rows_marked(&raw, table_lines::Split::Wide, str::to_string);
    // A line of some length that ends mid-sentence, followed by one that does not
    // start a paragraph: the text is wrapped (a table's rows say nothing of it).
    let wrapped = lines.windows(2).any(|w| {
        let (line, next) = (w[0].as_str(), w[1].as_str());
        line.chars().count() >= 15
            && !line.contains(TABLE_CELL)
            && !next.contains(TABLE_CELL)
            && !ends_paragraph(line)
            && !starts_paragraph(line)
            && !line.ends_with("报告")
            && !starts_paragraph(next)
            // A name on the cover, the title below it.
            && !is_title(next)
    });
    match wrapped {
        true => join_lines(&lines.join("\n")),
        false => lines,
    }
}

/// Lines → paragraphs: join a line to the next unless it ends a sentence or the next
/// starts a paragraph; blank lines and page numbers do not break a sentence. A
/// table row (cells joined by [`TABLE_CELL`]) is a paragraph of its own.
pub fn join_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() && c != TABLE_CELL);
        if line.is_empty() || is_page_furniture(line) {
            continue;
        }
        if line.contains(TABLE_CELL) {
            push_paragraph(&mut out, &mut current);
            out.push(line.to_string());
            continue;
        }
        if !current.is_empty() && starts_paragraph(line) {
            push_paragraph(&mut out, &mut current);
        }
        let heading = current.is_empty()
            && starts_paragraph(line)
            && line.chars().count() <= 25
            && !line.contains(['，', ',', '；']);
        current.push_str(line);
        // A title (`…绩效自评报告`), whole once its last line is in, stands alone.
        let title = current.ends_with("报告")
            && current.chars().count() <= 60
            && !current.contains(['，', '。', '；', ',']);
        if heading || title || ends_paragraph(line) {
            push_paragraph(&mut out, &mut current);
        }
    }
    push_paragraph(&mut out, &mut current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_into_sentences_across_page_numbers() {
        let text = "全年预算40,118.72万元，全年支出40,036.38万\n\n元，预算完成率\n99.79%。\n\n— 4—\n\n（三）部门整体收支情况\n\n在开发区党工委的领导下，办公室紧紧围绕\n\n- 5 -\n\n全区中心工作。\n填报人：李文\n联系电话：8423";
        assert_eq!(
            join_lines(text),
            [
                "全年预算40,118.72万元，全年支出40,036.38万元，预算完成率99.79%。",
                "（三）部门整体收支情况",
                "在开发区党工委的领导下，办公室紧紧围绕全区中心工作。",
                "填报人：李文",
                "联系电话：8423",
            ]
        );
    }

    #[test]
    fn numbered_headings_stand_alone_and_word_text_keeps_its_lines() {
        // Wrapped text: the sentence is joined, the headings are not.
        let wrapped = "1.2部门支出描述\n全年支出合计为两项之和，具体见下表所列各\n项数据。\n1.3部门绩效\n2.1.3 预算执行\n1.2万元用于印刷。";
        assert_eq!(
            text_paragraphs(wrapped),
            [
                "1.2部门支出描述",
                "全年支出合计为两项之和，具体见下表所列各项数据。",
                "1.3部门绩效",
                "2.1.3 预算执行",
                "1.2万元用于印刷。",
            ]
        );
        // Saved from Word: one paragraph a line, numbered as the .docx numbers it.
        let word = "示例区档案馆2023年度部门整体支出绩效自评报告\n一、部门基本情况\n负责全区档案的接收。\n按支出性质分，支出合计509.60万元，其中基本支出305.00万元\n二、绩效自评情况";
        assert_eq!(text_paragraphs(word).len(), 5);
    }

    #[test]
    fn text_encodings_are_detected() {
        let s = "部门整体支出绩效自评报告";
        assert_eq!(decode_text(s.as_bytes()).unwrap(), s);
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode_text(&gbk).unwrap(), s);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_text(&utf16).unwrap(), s);
        assert!(decode_text(&[0xFF, 0xFF, 0x81, 0x20]).is_err());
    }
}
