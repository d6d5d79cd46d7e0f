//! Collect stage: the command line's files and folders → the list of input files,
//! each real file once whatever the symbolic links, pipes and devices never opened
//! ([`walk`]). A `.zip` of a submission folder is listed inside ([`archive`]); each
//! file is classified by name here and by its content once read ([`sniff`]).

pub mod archive;
pub mod sniff;
pub mod walk;

use crate::limits::{LimitError, Limits};
use std::path::{Path, PathBuf};

/// One input file: a file on disk, or a file inside a `.zip` on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Input {
    /// The path as reported in outputs: as given, with `/` separators; inside an
    /// archive `报送.zip/部门/表.xlsx`.
    pub display: String,
    /// The file to open (for a file inside an archive, the archive).
    pub path: PathBuf,
    /// Inside an archive: the entry's index in the archive at `path`, then (for a
    /// zip inside the zip) the index in that inner zip.
    pub inner: Vec<usize>,
    /// Why an archive could not be listed (it then stands as one failed input).
    pub refused: Option<String>,
    /// Why the file is not opened at all (a named pipe, a device, a symbolic link
    /// to a folder already listed): it stands as one skipped input ([`walk`]).
    pub skipped: Option<String>,
    /// Inside an archive: the archive, its directory read once for all its inputs
    /// (not part of the input's identity: inputs compare as if it were absent;
    /// not sent to a worker process, which keeps its own).
    #[serde(skip)]
    pub archive: Option<archive::Shared>,
}

impl Input {
    /// A file on disk.
    pub fn file(path: PathBuf) -> Input {
        Input {
            display: display(&path),
            path,
            inner: Vec::new(),
            refused: None,
            skipped: None,
            archive: None,
        }
    }

    /// A path on disk that is listed but never opened, skipped with the reason.
    pub fn skipped(path: PathBuf, reason: String) -> Input {
        Input {
            skipped: Some(reason),
            ..Input::file(path)
        }
    }

    /// What the file is by its name (the last part of [`Input::display`]).
    pub fn kind(&self) -> Kind {
        classify(Path::new(&self.display))
    }
}

/// The format of a file to read: from its name first ([`classify`]), then from its
/// bytes ([`sniff::by_content`]), which decide. Sniffed once here and handed to the
/// reader and the report stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`): a zip.
    Xlsx,
    /// Excel binary workbook (`.xlsb`): a zip.
    Xlsb,
    /// OpenDocument spreadsheet (`.ods`): a zip.
    Ods,
    /// Excel 97–2003 workbook (`.xls`): an OLE compound file.
    Xls,
    /// WPS's own `.et`, by name only: its content decides what it is.
    Et,
    /// An HTML table saved as `.xls` by a web system.
    Html,
    /// An encrypted Office workbook (an OLE file holding an `EncryptedPackage`).
    Encrypted,
    /// Named as a spreadsheet, but its bytes are none that jixiao reads.
    Unrecognised,
    /// A Word document (`.docx`).
    Docx,
    /// A PDF.
    Pdf,
    /// Plain text (`.txt`).
    Txt,
}

impl Format {
    /// The format a file's extension (lowercase) names, if jixiao reads it.
    ///
    /// ```
    /// use jixiao::collect::Format;
    /// assert_eq!(Format::from_extension("xlsm"), Some(Format::Xlsx));
    /// assert_eq!(Format::from_extension("txt"), Some(Format::Txt));
    /// assert_eq!(Format::from_extension("doc"), None);
    /// ```
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "ods" => Format::Ods,
            "xls" => Format::Xls,
            "et" => Format::Et,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "txt" => Format::Txt,
            _ => return None,
        })
    }

    /// Whether files of this format are 自评报告 (else spreadsheets).
    pub fn is_report(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf | Format::Txt)
    }
}

/// What an input file is, judged from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A spreadsheet to read, in this format.
    Spreadsheet(Format),
    /// A 自评报告 to read (`.docx` `.pdf` `.txt`), in this format.
    Report(Format),
    /// Skipped, with the reason: never read (lock files, hidden files), or read
    /// and found to be nothing jixiao reads.
    Skip(String),
    /// Not a form or report by its name: skipped with the reason unless its
    /// content is one ([`sniff::by_content`]).
    Unknown(String),
    /// Read, and refused with the reason (a plain zip named like a workbook).
    Fail(String),
}

/// The reason for an archive jixiao does not open.
pub const UNPACK_REASON: &str = "压缩包（RAR/7z）无法直接读取，请解压后再报送";

/// Old binary Word files: skipped with this reason.
pub const OLD_WORD_REASON: &str = "请在 Word/WPS 中另存为 .docx 或 PDF";

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

/// Why the bytes of one input could not be had (the batch goes on: the file is
/// failed with the reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// An encrypted entry of a zip.
    #[error("文件已加密，请提交未加密的文件")]
    Encrypted,
    /// Past one of the [`Limits`].
    #[error("{0}")]
    TooLarge(String),
    /// The archive entry is not valid.
    #[error("文件已损坏或不完整，无法打开（{0}）")]
    Corrupt(String),
    /// The file or archive could not be read: `reason` for the user, `detail` the
    /// technical cause.
    #[error("{reason}")]
    Damaged {
        /// What the user reads.
        reason: String,
        /// The technical cause.
        detail: String,
    },
}

impl InputError {
    /// A library's error `e` while reading `part`, in plain Chinese.
    pub fn damaged(part: &str, e: &dyn std::fmt::Display) -> InputError {
        let (reason, detail) = crate::plain::library_error(part, e);
        InputError::Damaged { reason, detail }
    }

    /// The technical cause behind the reason, where there is one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            InputError::Damaged { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

impl From<LimitError> for InputError {
    fn from(e: LimitError) -> InputError {
        match e {
            LimitError::TooLarge(reason) => InputError::TooLarge(reason),
            LimitError::Damaged { reason, detail } => InputError::Damaged { reason, detail },
        }
    }
}

/// The bytes of an input (a file, or a file inside a `.zip`), within the limits,
/// and its modification time; `size` is the file's size on disk (0 inside an
/// archive). A file that is not a regular file is refused before it is opened, and
/// no more than the size limit is read whatever the size on disk said.
pub fn read_bytes(
    input: &Input,
    size: u64,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<i64>), InputError> {
    use std::io::Read;
    if !input.inner.is_empty() {
        return archive::read(input, limits);
    }
    let unreadable = |e: std::io::Error| InputError::Damaged {
        reason: format!("无法读取文件：{}", crate::plain::io(&e)),
        detail: e.to_string(),
    };
    let meta = std::fs::metadata(&input.path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(InputError::Damaged {
            reason: walk::not_regular(&meta.file_type()),
            detail: format!("{:?}", meta.file_type()),
        });
    }
    limits.check_size(size.max(meta.len()))?;
    let file = std::fs::File::open(&input.path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limits.max_file_bytes) as usize);
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    limits.check_size(bytes.len() as u64)?;
    Ok((bytes, crate::clock::modified(&input.path)))
}

/// Classify a file by its name.
///
/// ```
/// use jixiao::collect::{classify, Kind};
/// use jixiao::collect::Format;
/// assert_eq!(classify(std::path::Path::new("a/某局.XLSX")), Kind::Spreadsheet(Format::Xlsx));
/// assert!(matches!(classify(std::path::Path::new("~$某局.xlsx")), Kind::Skip(_)));
/// assert_eq!(classify(std::path::Path::new("自评报告.docx")), Kind::Report(Format::Docx));
/// assert!(matches!(classify(std::path::Path::new("说明.doc")), Kind::Unknown(_)));
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
    if let Some(format) = Format::from_extension(&ext) {
        match format.is_report() {
            true => Kind::Report(format),
            false => Kind::Spreadsheet(format),
        }
    } else if matches!(ext.as_str(), "doc" | "wps") {
        Kind::Unknown(OLD_WORD_REASON.into())
    } else if matches!(ext.as_str(), "rar" | "7z") {
        Kind::Unknown(UNPACK_REASON.into())
    } else if ext.is_empty() {
        Kind::Unknown("不是自评表或自评报告（无扩展名）".into())
    } else {
        Kind::Unknown(format!("不是自评表或自评报告（.{ext}）"))
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every file under the given files and folders, folders walked recursively (hidden
/// folders such as `.git` are not entered, each real folder and file is listed once
/// whatever the symbolic links: see [`walk`]), sorted by path, without duplicates.
///
/// The settings file beside the inbox ([`settings_file`]) is jixiao's own, not a
/// submission: it is not listed (neither read nor skipped). A `jixiao.toml`
/// anywhere else is listed as any other file (and skipped: not a form).
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<Input>, CollectError> {
    let mut out = walk::walk(inputs)?;
    out.sort();
    out.dedup_by(|a, b| a.display == b.display);
    if let Some(settings) = settings_file(inputs).and_then(|p| p.canonicalize().ok()) {
        out.retain(|i| {
            !(i.inner.is_empty()
                && i.path.file_name() == settings.file_name()
                && i.path.canonicalize().is_ok_and(|p| p == settings))
        });
    }
    Ok(out)
}

/// The name of the settings file read beside the inbox.
pub const SETTINGS_FILE: &str = "jixiao.toml";

/// The settings file of a run, when there is one: [`SETTINGS_FILE`] in the first
/// input's folder (the input itself when it is a folder, else the folder it is in).
pub fn settings_file(inputs: &[PathBuf]) -> Option<PathBuf> {
    let first = inputs.first()?;
    let folder = if first.is_dir() {
        first.as_path()
    } else {
        match first.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    };
    let path = folder.join(SETTINGS_FILE);
    path.is_file().then_some(path)
}

/// The name of the folder `build --forms` moves an earlier round's forms into:
/// `旧表_<年月日>_<时分>`, then `_2`, `_3`… when taken.
pub fn set_aside_name(stamp: &str, n: usize) -> String {
    if n < 2 {
        format!("{SET_ASIDE_PREFIX}{stamp}")
    } else {
        format!("{SET_ASIDE_PREFIX}{stamp}_{n}")
    }
}

const SET_ASIDE_PREFIX: &str = "旧表_";

/// A folder `build --forms` made for an earlier round's forms
/// ([`set_aside_name`]: `旧表_20261130_1507`, `旧表_20261130_1507_2`): met inside
/// an input folder it is skipped whole, so that reading the forms folder again
/// does not count the last round's forms as second submissions. Named on the
/// command line, it is read.
///
/// ```
/// use jixiao::collect::is_set_aside;
/// assert!(is_set_aside("旧表_20261130_1507"));
/// assert!(is_set_aside("旧表_20261130_1507_2"));
/// assert!(!is_set_aside("旧表"));
/// assert!(!is_set_aside("旧表_2025年"));
/// ```
pub fn is_set_aside(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(SET_ASIDE_PREFIX) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('_').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [day, time] => digits(day, 8) && digits(time, 4),
        [day, time, n] => {
            digits(day, 8)
                && digits(time, 4)
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The reason a set-aside folder is skipped.
pub const SET_ASIDE_REASON: &str =
    "jixiao 写退回表时移开的上一轮退回表，不读取（要读取，在命令行上单独给出这个文件夹）";

/// jixiao's own temporary outputs (`.jixiao-{pid}-{n}.tmp`, written beside each
/// output until it is complete) are not inputs, even when written into an input
/// folder.
fn is_own_temporary(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with(".jixiao-") && n.ends_with(".tmp"))
}
