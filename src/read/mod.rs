//! Read stage: a file's bytes → a [`Form`], or a one-line reason why not.
//!
//! The format is sniffed from the bytes (not trusted from the extension); the form's
//! sheet is the one whose cells hold the most of the form's labels; every field is
//! then found by its label ([`extract`]).

pub mod extract;
pub mod grid;
pub mod label;
mod tables;
pub mod value;
mod xlsb;

use crate::model::Form;
use crate::scheme::Scheme;
use calamine::{Reader, Sheets};
use grid::Grid;
use label::Synonyms;
use std::io::Cursor;

/// Why a file did not become a department.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Zero bytes.
    #[error("文件为空（0 字节）")]
    Empty,
    /// Not a spreadsheet format jixiao knows.
    #[error("无法识别的文件格式，不是 Excel 或 ODS 电子表格")]
    NotSpreadsheet,
    /// Encrypted or password-protected.
    #[error("文件已加密，请提交未加密的文件")]
    Encrypted,
    /// The container or its parts are broken.
    #[error("文件已损坏或不完整，无法打开（{0}）")]
    Corrupt(String),
    /// A readable spreadsheet without the form.
    #[error("未找到自评表：没有工作表包含“部门名称”“全年预算数”“自评得分”等栏目")]
    NoForm,
    /// The reader panicked (a bug or a pathological file); the batch goes on.
    #[error("读取时发生内部错误，文件可能已损坏")]
    Internal,
}

impl ReadError {
    /// The review rule this failure reports as (`CHECKS.md`).
    pub fn rule(&self) -> &'static str {
        match self {
            ReadError::NoForm => "NO-FORM",
            _ => "UNREADABLE",
        }
    }
}

/// Labels whose presence marks a sheet as the form.
const ANCHORS: &[Synonyms] = &[
    label::NAME,
    label::BUDGET,
    label::SPENT,
    label::FUND_TOTAL,
    label::FUND_BASIC,
    label::SG_TOTAL,
    label::LEVEL1,
    label::LEVEL3,
    label::POINTS,
    label::SELF_SCORE,
    label::TARGET,
    label::GRADE,
];

/// At least this many anchors make a sheet a form.
const MIN_ANCHORS: usize = 4;

/// The container format, from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// OLE compound file: `.xls`, or an encrypted OOXML workbook.
    Ole,
    /// Zip: `.xlsx`, `.xlsm`, `.xlsb`, `.ods`.
    Zip,
}

fn sniff(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Container::Ole)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some(Container::Zip)
    } else {
        None
    }
}

/// An encrypted OOXML package is an OLE file with an `EncryptedPackage` stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bytes.windows(NAME.len()).any(|w| w == NAME)
}

fn describe(err: &calamine::Error) -> ReadError {
    let text = err.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::Encrypted;
    }
    let first_line = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect();
    ReadError::Corrupt(first_line)
}

/// Open the workbook in the bytes, by content, trying the extension's format first.
fn open<'b>(bytes: &'b [u8], extension: &str) -> Result<Sheets<Cursor<&'b [u8]>>, ReadError> {
    use calamine::{open_workbook_from_rs, Ods, Xls, Xlsb, Xlsx};
    let cursor = || Cursor::new(bytes);
    match sniff(bytes) {
        None if bytes.is_empty() => Err(ReadError::Empty),
        None => Err(ReadError::NotSpreadsheet),
        Some(Container::Ole) => {
            if is_encrypted_ooxml(bytes) {
                return Err(ReadError::Encrypted);
            }
            open_workbook_from_rs::<Xls<_>, _>(cursor())
                .map(Sheets::Xls)
                .map_err(|e| describe(&calamine::Error::Xls(e)))
        }
        Some(Container::Zip) => {
            let first = match extension {
                "xlsb" => open_workbook_from_rs::<Xlsb<_>, _>(cursor())
                    .map(Sheets::Xlsb)
                    .map_err(calamine::Error::Xlsb),
                "ods" => open_workbook_from_rs::<Ods<_>, _>(cursor())
                    .map(Sheets::Ods)
                    .map_err(calamine::Error::Ods),
                _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor())
                    .map(Sheets::Xlsx)
                    .map_err(calamine::Error::Xlsx),
            };
            first.or_else(|first_err| {
                // A renamed file: try the other zip formats before giving up.
                open_workbook_from_rs::<Xlsx<_>, _>(cursor())
                    .map(Sheets::Xlsx)
                    .or_else(|_| open_workbook_from_rs::<Xlsb<_>, _>(cursor()).map(Sheets::Xlsb))
                    .or_else(|_| open_workbook_from_rs::<Ods<_>, _>(cursor()).map(Sheets::Ods))
                    .map_err(|_| describe(&first_err))
            })
        }
    }
}

/// Read a form from a file's bytes. `file` is the path as it should be reported,
/// `extension` the lowercase extension (a hint only).
pub fn read_form(
    file: &str,
    bytes: &[u8],
    extension: &str,
    scheme: &Scheme,
) -> Result<Form, ReadError> {
    let expanded: Vec<u8>;
    let mut workbook = open(bytes, extension)?;
    if matches!(workbook, Sheets::Xlsb(_)) {
        if let Some(e) = xlsb::expand_short_cells(bytes) {
            expanded = e;
            workbook = open(&expanded, "xlsb")?;
        }
    }
    let mut best: Option<(usize, Grid)> = None;
    for name in workbook.sheet_names() {
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            // A chart sheet or a broken sheet: not the form.
            Err(_) => continue,
        };
        let grid = Grid::new(name, range);
        let score = grid.count_present(ANCHORS);
        if score >= MIN_ANCHORS && best.as_ref().is_none_or(|(s, _)| score > *s) {
            let strong = score >= ANCHORS.len() - 2;
            best = Some((score, grid));
            if strong {
                break;
            }
        }
    }
    let (_, grid) = best.ok_or(ReadError::NoForm)?;
    Ok(extract::extract(&grid, file, scheme))
}
