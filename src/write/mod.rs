//! Write stage: the batch → workbook, JSON, CSV. Writers never compute; they
//! render what the compute stage produced.

pub mod csv;
pub mod form;
pub mod json;
pub mod tables;
pub mod template;
pub mod xlsx;

/// Width in terminal or spreadsheet character cells: CJK and full-width
/// characters count 2.
///
/// ```
/// assert_eq!(jixiao::write::display_width("E8 错误"), 7);
/// ```
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

use std::io;
use std::path::Path;

/// Write a file atomically: to a temporary file beside the target, renamed into
/// place only when complete, so a failed run never leaves a partial output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.jixiao-tmp"));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
