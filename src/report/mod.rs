//! Report stage: a department's 自评报告 (Word, PDF or text) → its paragraphs, the
//! figures it states ([`claims`]), and the slips among them ([`rules`]); then each
//! report is paired with its form and checked against it ([`pair`]).
//!
//! `REPORT.md` is the specification.

pub mod claims;
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
    /// The department name the report states (`部门名称：…` or its title).
    pub stated_name: Option<String>,
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
        stated_name: stated_name(&paragraphs),
        paragraphs,
        statements,
        slips,
    })
}

/// The department a report names: `部门名称：X（公章）`/`单位名称：X`, else the
/// title `X 2022 年部门整体支出绩效自评报告` (or `2023年度 X 部门整体…`).
pub fn stated_name(paragraphs: &[String]) -> Option<String> {
    use crate::text::normalize;
    let clean = |s: &str| -> Option<String> {
        let mut s = s.to_string();
        for mark in ["(公章)", "(盖章)", "(章)"] {
            s = s.replace(mark, "");
        }
        let s = s
            .trim_matches(|c: char| c == ':' || c == '，' || c == ',')
            .to_string();
        (s.chars().count() >= 2).then_some(s)
    };
    for p in paragraphs.iter().take(30) {
        let n = normalize(p);
        for label in ["部门名称:", "单位名称:", "部门(单位)名称:"] {
            if let Some(rest) = n.strip_prefix(label) {
                // The value ends where the next field starts (lines joined).
                let end = ["所属下级", "填报人", "联系电话", "填报日期"]
                    .iter()
                    .filter_map(|f| rest.find(f))
                    .min()
                    .unwrap_or(rest.len());
                if let Some(name) = clean(&rest[..end]) {
                    return Some(name);
                }
            }
        }
    }
    for p in paragraphs.iter().take(5) {
        let n = normalize(p);
        let Some(at) = n.find("部门整体支出绩效自评报告") else {
            continue;
        };
        let head = &n[..at];
        // `X2022年` or `2023年度X`.
        let chars: Vec<char> = head.chars().collect();
        let year_at = (0..chars.len().saturating_sub(4)).find(|&i| {
            chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年')
        });
        let before_year = |i: usize| -> String {
            let s: String = chars[..i].iter().collect();
            s.trim_start_matches("附件")
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .to_string()
        };
        let name: String = match year_at {
            Some(i) if !before_year(i).is_empty() => before_year(i),
            Some(i) => {
                let mut rest = &chars[i + 5..];
                if rest.first() == Some(&'度') {
                    rest = &rest[1..];
                }
                rest.iter().collect()
            }
            None => head.to_string(),
        };
        let name = name
            .trim_start_matches("附件")
            .trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(name) = clean(name) {
            return Some(name);
        }
    }
    None
}
