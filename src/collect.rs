//! Collect stage: the command line's files and folders → the list of input files,
//! each classified before anything is opened.

use std::path::{Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path as reported in outputs: as given, with `/` separators.
    pub display: String,
    /// The path to open.
    pub path: PathBuf,
}

/// What an input file is, judged from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A spreadsheet to read, with its lowercase extension.
    Spreadsheet(String),
    /// A 自评报告 to read (`.docx` `.pdf` `.txt`), with its lowercase extension.
    Report(String),
    /// Skipped, with the reason.
    Skip(String),
}

/// Extensions jixiao reads.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Why an input path could not be collected.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The path does not exist.
    #[error("找不到输入路径：{0}（请检查路径是否正确）")]
    Missing(String),
    /// A folder could not be listed.
    #[error("无法读取文件夹 {path}：{}", crate::plain::io(cause))]
    Io {
        /// The folder.
        path: String,
        /// The I/O error.
        cause: std::io::Error,
    },
}

/// Classify a file by its name.
///
/// ```
/// use jixiao::collect::{classify, Kind};
/// assert_eq!(classify(std::path::Path::new("a/某局.XLSX")), Kind::Spreadsheet("xlsx".into()));
/// assert!(matches!(classify(std::path::Path::new("~$某局.xlsx")), Kind::Skip(_)));
/// assert_eq!(classify(std::path::Path::new("自评报告.docx")), Kind::Report("docx".into()));
/// assert!(matches!(classify(std::path::Path::new("说明.doc")), Kind::Skip(_)));
/// ```
pub fn classify(path: &Path) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Kind::Skip("Excel/WPS 临时锁定文件，不是报送文件".into());
    }
    if name.starts_with('.') {
        return Kind::Skip("隐藏文件，不是报送文件".into());
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        Kind::Spreadsheet(ext)
    } else if crate::report::REPORT_EXTENSIONS.contains(&ext.as_str()) {
        Kind::Report(ext)
    } else if matches!(ext.as_str(), "doc" | "wps") {
        Kind::Skip(crate::report::OLD_WORD_REASON.into())
    } else if ext.is_empty() {
        Kind::Skip("不是自评表或自评报告（无扩展名）".into())
    } else {
        Kind::Skip(format!("不是自评表或自评报告（.{ext}）"))
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every file under the given files and folders, folders walked recursively (hidden
/// folders such as `.git` are not entered), sorted by path, without duplicates.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<Input>, CollectError> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|_| CollectError::Missing(display(input)))?;
        if meta.is_dir() {
            walk(input, &mut out)?;
        } else {
            out.push(Input {
                display: display(input),
                path: input.clone(),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.display == b.display);
    Ok(out)
}

/// jixiao's own temporary outputs (`.jixiao-{pid}-{n}.tmp`, see
/// [`crate::write::atomic`]) are not inputs, even when written into an input folder.
fn is_own_temporary(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with(".jixiao-") && n.ends_with(".tmp"))
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> Result<(), CollectError> {
    let io = |cause| CollectError::Io {
        path: display(dir),
        cause,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() {
            if !hidden {
                walk(&path, out)?;
            }
        } else if !is_own_temporary(&path) {
            out.push(Input {
                display: display(&path),
                path,
            });
        }
    }
    Ok(())
}
