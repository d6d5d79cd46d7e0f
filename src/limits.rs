//! Resource limits, checked before calamine is handed a file: a submission must not
//! exhaust memory or time, whatever its bytes claim.
//!
//! - the file size, checked before the file is read;
//! - for zip containers (.xlsx .xlsm .xlsb .ods), the central directory: the total
//!   declared size of the parts and their compression ratio (zip bombs); a part large
//!   enough to matter is also inflated once, counting, because the sizes a zip
//!   declares can lie;
//! - the part of a sheet that is scanned for the form ([`Limits::max_rows`],
//!   [`Limits::max_cols`]): cells beyond it are not loaded.

use std::io::{Cursor, Read};

/// A file past one of the [`Limits`], or a zip container too damaged to measure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Past a limit (size, zip bomb): the reason in plain Chinese.
    #[error("{0}")]
    TooLarge(String),
    /// The zip directory or a part cannot be read: `reason` for the user, `detail`
    /// the library's words.
    #[error("{reason}")]
    Damaged {
        /// What the user reads.
        reason: String,
        /// The technical cause.
        detail: String,
    },
}

impl LimitError {
    fn damaged(part: &str, e: &dyn std::fmt::Display) -> LimitError {
        let (reason, detail) = crate::plain::library_error(part, e);
        LimitError::Damaged { reason, detail }
    }
}

/// The limits one file is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total size of a zip container's parts once inflated, in bytes.
    pub max_unzipped_bytes: u64,
    /// Largest inflated/compressed ratio of a zip part bigger than
    /// [`RATIO_FLOOR`] bytes inflated.
    pub max_ratio: u64,
    /// Rows of a sheet scanned for the form.
    pub max_rows: u32,
    /// Columns of a sheet scanned for the form.
    pub max_cols: u32,
    /// Paragraphs of a report read (table rows count as paragraphs).
    pub max_paragraphs: usize,
}

impl Default for Limits {
    /// 100 MiB files, 512 MiB inflated, ratio 200, the first 10,000 rows and 256
    /// columns of a sheet, reports of 50,000 paragraphs. A real form is tens of
    /// kilobytes and a hundred rows; a real report a few hundred paragraphs.
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * MIB,
            max_unzipped_bytes: 512 * MIB,
            max_ratio: 200,
            max_rows: 10_000,
            max_cols: 256,
            max_paragraphs: 50_000,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// Parts smaller than this once inflated are not held to the ratio: tiny parts of
/// repeated text (styles, empty rows) compress very well and harm nothing.
pub const RATIO_FLOOR: u64 = MIB;

/// Parts whose compressed size passes this are inflated once to measure their true
/// size. Below it a part cannot inflate past about 66 MiB (deflate's ratio is at
/// most 1032), which the reader can afford.
const VERIFY_COMPRESSED: u64 = 64 * 1024;

/// A size for a message: `12 KB` below a mebibyte, else `1.5 MiB`.
pub fn mib(bytes: u64) -> String {
    if bytes < MIB {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

impl Limits {
    /// The file-size check, from the size alone (before reading the file).
    pub fn check_size(&self, bytes: u64) -> Result<(), LimitError> {
        if bytes > self.max_file_bytes {
            return Err(LimitError::TooLarge(format!(
                "文件过大（{}，上限 {}）",
                mib(bytes),
                mib(self.max_file_bytes)
            )));
        }
        Ok(())
    }

    /// The zip checks: declared sizes, ratios, and the true size of large parts.
    /// Returns whether the package is OpenDocument (has a `content.xml`).
    pub fn check_zip(&self, bytes: &[u8]) -> Result<bool, LimitError> {
        self.check_zip_archive(&mut self.open_zip(bytes)?)
    }

    /// The zip container in `bytes`, its directory read.
    pub fn open_zip<'a>(
        &self,
        bytes: &'a [u8],
    ) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, LimitError> {
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| LimitError::damaged("zip 目录", &e))
    }

    /// [`Limits::check_zip`] on a zip already opened (whose directory the caller
    /// reads on).
    pub fn check_zip_archive(
        &self,
        zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    ) -> Result<bool, LimitError> {
        let bomb = |what: String| LimitError::TooLarge(format!("{what}，疑似压缩炸弹，已拒绝读取"));
        let mut total: u64 = 0;
        let mut opendocument = false;
        for i in 0..zip.len() {
            let (name, declared, compressed) = {
                let entry = zip
                    .by_index_raw(i)
                    .map_err(|e| LimitError::damaged("zip 条目", &e))?;
                (
                    entry.name().map(|n| n.to_string()).unwrap_or_default(),
                    entry.size(),
                    entry.compressed_size(),
                )
            };
            opendocument |= name == "content.xml";
            let size = if compressed > VERIFY_COMPRESSED {
                self.inflated_size(zip, i)?
            } else {
                declared
            };
            total = total.saturating_add(size);
            if total > self.max_unzipped_bytes {
                return Err(bomb(format!("解压后超过 {}", mib(self.max_unzipped_bytes))));
            }
            if size > RATIO_FLOOR && size / compressed.max(1) > self.max_ratio {
                // The part by its place, not its name: a part's name is the
                // file's own English (`xl/styles.xml`), no help to a reviewer.
                return Err(bomb(format!(
                    "文件内第 {} 个部件压缩比 {}:1 超过上限 {}:1",
                    i + 1,
                    size / compressed.max(1),
                    self.max_ratio
                )));
            }
        }
        Ok(opendocument)
    }

    /// Inflate part `i`, counting bytes, stopping one byte past the limit.
    fn inflated_size(
        &self,
        zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
        i: usize,
    ) -> Result<u64, LimitError> {
        let entry = zip
            .by_index(i)
            .map_err(|e| LimitError::damaged("zip 条目", &e))?;
        std::io::copy(
            &mut entry.take(self.max_unzipped_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            // The zip crate stops a part at its declared size.
            if e.to_string().contains("larger than its declared") {
                LimitError::TooLarge("部件解压后大于其声明的大小，疑似压缩炸弹，已拒绝读取".into())
            } else {
                LimitError::damaged("zip 条目", &e)
            }
        })
    }
}
