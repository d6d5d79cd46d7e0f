//! What a file is by its content: departments rename files, and web systems save
//! an HTML table as `.xls`. The first bytes (and a zip's directory, an OLE file's
//! stream names) decide; the name only breaks ties and gives the reason to skip.

use super::{Format, Kind, OLD_WORD_REASON, UNPACK_REASON};
use std::io::Cursor;

/// Why a WPS `.et` whose content jixiao cannot read is skipped.
pub const ET_REASON: &str = "WPS 表格文件（.et）无法直接读取，请在 WPS 中另存为 .xlsx";

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kind of a file from its bytes, `by_name` being what its name says. A
/// spreadsheet's [`Format`] then names its container as the bytes show it (a zip,
/// an OLE file, HTML, or none jixiao reads), so that the reader never sniffs again.
///
/// ```
/// use jixiao::collect::{sniff::by_content, Format, Kind};
/// let xls = || Kind::Spreadsheet(Format::Xls);
/// assert_eq!(by_content(b"%PDF-1.7\n", xls()), Kind::Report(Format::Pdf));
/// assert_eq!(by_content(b"<html><table><tr><td>1", xls()), Kind::Spreadsheet(Format::Html));
/// assert_eq!(by_content(b"not a workbook", xls()), Kind::Spreadsheet(Format::Unrecognised));
/// assert!(matches!(by_content(b"Rar!\x1a\x07\x01\x00", xls()), Kind::Skip(_)));
/// ```
pub fn by_content(bytes: &[u8], by_name: Kind) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"Rar!\x1a\x07") || head.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return Kind::Skip(UNPACK_REASON.into());
    }
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Kind::Report(Format::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes).unwrap_or(match by_name {
            // A zip whose directory cannot be read: the reader says why, trying the
            // zip format the name gives first.
            Kind::Spreadsheet(f @ (Format::Xlsb | Format::Ods)) => Kind::Spreadsheet(f),
            Kind::Spreadsheet(_) => Kind::Spreadsheet(Format::Xlsx),
            other => other,
        });
    }
    if head.starts_with(OLE) {
        return ole_kind(bytes, by_name);
    }
    let spreadsheet_name = matches!(by_name, Kind::Spreadsheet(_));
    if spreadsheet_name && is_html(head) {
        return Kind::Spreadsheet(Format::Html);
    }
    match by_name {
        Kind::Spreadsheet(Format::Et) => Kind::Skip(ET_REASON.into()),
        Kind::Spreadsheet(_) => Kind::Spreadsheet(Format::Unrecognised),
        Kind::Unknown(reason) => Kind::Skip(reason),
        other => other,
    }
}

/// An Office or OpenDocument package by its parts; a plain zip is refused; `None`
/// when the directory cannot be read (the reader then says why).
fn zip_kind(bytes: &[u8]) -> Option<Kind> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |name: &str| zip.index_for_name(name).is_some();
    let (word, xlsb, xlsx, odf) = (
        has("word/document.xml"),
        has("xl/workbook.bin"),
        has("xl/workbook.xml"),
        has("content.xml"),
    );
    // An OpenDocument's `mimetype` part names its kind (a few bytes, read bounded).
    let mut mimetype = String::new();
    if let Ok(part) = zip.by_name("mimetype") {
        let _ = part.take(128).read_to_string(&mut mimetype);
    }
    Some(if word {
        Kind::Report(Format::Docx)
    } else if xlsb {
        Kind::Spreadsheet(Format::Xlsb)
    } else if xlsx {
        Kind::Spreadsheet(Format::Xlsx)
    } else if odf && (mimetype.is_empty() || mimetype.contains("spreadsheet")) {
        Kind::Spreadsheet(Format::Ods)
    } else if odf {
        Kind::Skip("OpenDocument 文本或演示文稿，不是自评表；报告请另存为 .docx 或 PDF".into())
    } else {
        Kind::Fail("这是一个压缩包，不是表格或报告：请把扩展名改为 .zip，或解压后再报送".into())
    })
}

/// An OLE compound file by its stream names (UTF-16 in the directory): a Word 97
/// document, an Excel workbook (an `.et` too when it has one), else by name.
fn ole_kind(bytes: &[u8], by_name: Kind) -> Kind {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|w| w == utf16.as_slice())
    };
    if has("WordDocument") {
        return Kind::Skip(OLD_WORD_REASON.into());
    }
    if has("EncryptedPackage") {
        // An encrypted .xlsx: the reader says so.
        return Kind::Spreadsheet(Format::Encrypted);
    }
    let workbook = has("Workbook") || has("Book");
    match by_name {
        _ if workbook => Kind::Spreadsheet(Format::Xls),
        Kind::Spreadsheet(Format::Et) => Kind::Skip(ET_REASON.into()),
        // An OLE file without a workbook stream: the .xls reader says why.
        Kind::Spreadsheet(_) => Kind::Spreadsheet(Format::Xls),
        Kind::Unknown(reason) => Kind::Skip(reason),
        other => other,
    }
}

/// Markup that a spreadsheet program opens as a sheet: an HTML page (or fragment)
/// with a table, perhaps after a byte-order mark and blank lines.
fn is_html(head: &[u8]) -> bool {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let text = lower.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&lower);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let text = &text[start..];
    text.starts_with(b"<")
        && [&b"<html"[..], b"<!doctype html", b"<table", b"<meta"]
            .iter()
            .any(|m| text.windows(m.len()).any(|w| w == *m))
}
