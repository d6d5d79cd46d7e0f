//! Report stage: a department's 自评报告 (Word, PDF or text) → its paragraphs, the
//! figures it states ([`claims`]), and the slips among them ([`rules`]); then each
//! report is paired with its form and checked against it (`batch::pairing`).
//!
//! `REPORT.md` is the specification.

pub mod claims;
pub mod cover;
pub mod pdf;
mod pdf_check;
mod pdf_decode;
pub mod pdf_scan;
mod pdf_syntax;
pub mod rules;
pub mod terms;
pub mod text;

use crate::collect::Format;
use crate::guard::LibraryPanic;
use crate::limits::{LimitError, Limits};
use crate::model::{Grade, Rule, Slip, Tolerances};
use rust_decimal::Decimal;

/// Why a file did not become a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// Zero bytes.
    #[error("文件为空（0 字节）")]
    Empty,
    /// Encrypted or password-protected.
    #[error("文件已加密，请提交未加密的文件")]
    Encrypted,
    /// Past one of the [`Limits`] (size, zip bomb, PDF nesting or pages).
    #[error("{0}")]
    TooLarge(String),
    /// The container or its parts are broken; the text says how, in plain Chinese.
    #[error("文件已损坏或不完整，无法打开（{0}）")]
    Corrupt(String),
    /// A reading library refused the file: `reason` in plain Chinese (what to do),
    /// `detail` the library's own words for support (JSON `files[].detail`).
    #[error("{reason}")]
    Damaged {
        /// What the user reads.
        reason: String,
        /// The technical cause.
        detail: String,
    },
    /// A Word or text file that is not a 自评报告 (a cover note, a letter).
    #[error("不是自评报告（开头没有“自评报告”或“绩效”字样）")]
    NotReport,
    /// A report without any text.
    #[error("报告中没有文字")]
    NoText,
    /// A PDF without a text layer.
    #[error("扫描件没有文字层，无法读取")]
    Scanned,
    /// The reader panicked (a bug or a pathological file); the batch goes on.
    #[error("读取时发生内部错误，文件可能已损坏")]
    Internal,
}

impl ReportError {
    /// A library's error `e` while reading `part`, as a plain reason that says what
    /// to do, the library's words kept as detail.
    pub fn damaged(part: &str, e: &dyn std::fmt::Display) -> ReportError {
        let (reason, detail) = crate::plain::library_error(part, e);
        ReportError::Damaged { reason, detail }
    }

    /// The technical cause behind the reason, where a library gave one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ReportError::Damaged { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The review rule this failure reports as.
    pub fn rule(&self) -> Rule {
        Rule::Unreadable
    }
}

impl From<LimitError> for ReportError {
    fn from(e: LimitError) -> ReportError {
        match e {
            LimitError::TooLarge(reason) => ReportError::TooLarge(reason),
            LimitError::Damaged { reason, detail } => ReportError::Damaged { reason, detail },
        }
    }
}

impl From<LibraryPanic> for ReportError {
    fn from(_: LibraryPanic) -> ReportError {
        ReportError::Corrupt(LibraryPanic::REASON.into())
    }
}

/// A report as read: its paragraphs, the name it states, its claims and the slips
/// inside it.
#[derive(Debug, Clone)]
pub struct ReadReport {
    /// Paragraph texts, numbered from 1.
    pub paragraphs: Vec<String>,
    /// Its cover: the department name it states (`部门名称：…`, its title or the
    /// line above it) and the cover's lines.
    pub cover: cover::Cover,
    /// What it states.
    pub statements: claims::Statements,
    /// Slips inside the report.
    pub slips: Vec<Slip>,
}

/// Read a report file and run the rules inside it.
pub fn read(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    tolerances: &Tolerances,
    grades: &[(Grade, Decimal)],
) -> Result<ReadReport, ReportError> {
    if bytes.is_empty() {
        return Err(ReportError::Empty);
    }
    let paragraphs = text::paragraphs(bytes, format, limits)?;
    if paragraphs.is_empty() {
        return Err(ReportError::NoText);
    }
    // A report of 160,000 repeated paragraphs (1.5 MB of Word) gives hundreds of
    // thousands of claims, each compared in the batch: refused with its count.
    if paragraphs.len() > limits.max_paragraphs {
        return Err(ReportError::TooLarge(format!(
            "报告有 {} 段，超过 {} 段的上限，不像一份自评报告，未读取",
            paragraphs.len(),
            limits.max_paragraphs
        )));
    }
    // A cover note or a letter sent with the forms is not a report.
    if !paragraphs
        .iter()
        .take(12)
        .any(|p| p.contains("自评报告") || p.contains("绩效"))
    {
        return Err(ReportError::NotReport);
    }
    let statements = claims::statements(&paragraphs);
    let slips = rules::check(&statements, tolerances, grades);
    Ok(ReadReport {
        cover: cover::cover(&paragraphs),
        paragraphs,
        statements,
        slips,
    })
}

/// The department a report names (see [`cover`]).
pub fn stated_name(paragraphs: &[String]) -> Option<String> {
    cover::cover(paragraphs).name
}
