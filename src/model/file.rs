//! What became of each input file.

use serde::{Deserialize, Serialize};

/// Outcome of one input file.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Read as a department.
    Imported,
    /// A spreadsheet (or supposed one) that could not be read as a form.
    Failed,
    /// Not a submission (lock file, not a spreadsheet).
    Skipped,
}

impl FileStatus {
    /// JSON value (`imported` / `failed` / `skipped`).
    pub fn key(self) -> &'static str {
        match self {
            FileStatus::Imported => "imported",
            FileStatus::Failed => "failed",
            FileStatus::Skipped => "skipped",
        }
    }

    /// Chinese label for the workbook (已导入 / 失败 / 跳过).
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Imported => "已导入",
            FileStatus::Failed => "失败",
            FileStatus::Skipped => "跳过",
        }
    }
}

/// One input file and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    /// Path as given (with `/` separators).
    pub file: String,
    /// Outcome.
    pub status: FileStatus,
    /// One-line reason for a failure or skip, in plain Chinese.
    pub reason: Option<String>,
    /// The technical cause of a failure (a library's words), for support.
    pub detail: Option<String>,
    /// Department read from it.
    pub department: Option<String>,
    /// The sheet holding the form.
    pub sheet: Option<String>,
    /// Id of the layout the form was read with.
    pub layout: Option<String>,
    /// Short name of that layout (`标准表`), as 文件清单 shows it.
    #[serde(default)]
    pub layout_name: Option<String>,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// Modification time, seconds since the epoch (decides between two forms of
    /// one department that give no 填报日期).
    pub modified: Option<i64>,
    /// Whether the file was read as a 自评报告 (else a form, or nothing).
    pub report: bool,
    /// The other end of a form–report pair: the report of a form, the form of a
    /// report.
    pub paired_with: Option<String>,
    /// The evidence of that pair (文件夹 / 部门名称 / 报告正文 / 文件名).
    #[serde(default)]
    pub paired_by: Option<String>,
}
