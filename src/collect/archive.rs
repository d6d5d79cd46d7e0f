//! A `.zip` of a submission folder: its files are inputs, shown as
//! `报送.zip/部门/表.xlsx`, and a zip inside it is opened one level deep. Each
//! entry is read under the same [`Limits`] as any file and zip container.
//!
//! Listing reads only the archive's directory; an entry is inflated when the
//! batch reads it. Names that Chinese Windows tools store in GBK (no UTF-8 flag)
//! are decoded as such.

use super::{Input, InputError};
use crate::limits::{Limits, RATIO_FLOOR};
use std::io::{Cursor, Read, Seek};

/// Entries listed from one archive at most: a directory of millions of entries
/// is an attack, not a submission.
const MAX_ENTRIES: usize = 10_000;

/// Whether a file is read as a submission archive (by its name: `.zip`; an Office
/// file is a zip too, and keeps its own extension).
pub fn is_zip_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("zip"))
}

/// An entry's name: UTF-8 when it is, else GBK (GB18030) as Chinese Windows
/// writes it; `\` separators as `/`.
fn entry_name(raw: &[u8]) -> String {
    let text = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    text.replace('\\', "/")
}

/// The files of the archive `input` (one level of zip inside it too), in
/// directory order; the archive itself, refused with the reason, when it cannot
/// be listed or is empty.
pub fn expand(input: Input, out: &mut Vec<Input>) {
    let listed = std::fs::File::open(&input.path)
        .map_err(|e| Unlisted(format!("无法打开压缩包：{}", crate::plain::io(&e))))
        .and_then(|f| list(std::io::BufReader::new(f)));
    let entries = match listed {
        Ok(entries) if !entries.is_empty() => entries,
        Ok(_) => return out.push(refused(input, "压缩包中没有文件".into())),
        Err(Unlisted(reason)) => return out.push(refused(input, reason)),
    };
    for (i, name) in entries {
        let child = Input {
            display: format!("{}/{name}", input.display),
            path: input.path.clone(),
            inner: vec![i],
            refused: None,
            skipped: None,
        };
        if !is_zip_name(&name) {
            out.push(child);
            continue;
        }
        let nested = outer_entry(&child.path, i, &Limits::default())
            .map(|(bytes, _)| bytes)
            .map_err(|e| Unlisted(e.to_string()))
            .and_then(|bytes| list(Cursor::new(bytes)));
        match nested {
            Ok(inner) if !inner.is_empty() => {
                for (j, name) in inner {
                    let reason = is_zip_name(&name)
                        .then(|| "压缩包里的压缩包中又有压缩包（超过一层），请解压后再报送".into());
                    out.push(Input {
                        display: format!("{}/{name}", child.display),
                        path: child.path.clone(),
                        inner: vec![i, j],
                        refused: reason,
                        skipped: None,
                    });
                }
            }
            Ok(_) => out.push(refused(child, "压缩包中没有文件".into())),
            Err(Unlisted(reason)) => out.push(refused(child, reason)),
        }
    }
}

fn refused(mut input: Input, reason: String) -> Input {
    input.refused = Some(reason);
    input
}

/// Why an archive's files could not be listed: the reason, in plain Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
struct Unlisted(String);

/// (index, name) of an archive's files, folders left out.
fn list<R: Read + Seek>(reader: R) -> Result<Vec<(usize, String)>, Unlisted> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|_| Unlisted("压缩包已损坏或不完整，无法打开：请重新压缩或解压后再报送".into()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Unlisted(format!(
            "压缩包中有 {} 个条目，超过上限 {MAX_ENTRIES}，请解压后分批报送",
            zip.len()
        )));
    }
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| Unlisted("压缩包目录已损坏，请重新压缩后再报送".into()))?;
        if !entry.is_dir() {
            out.push((i, entry_name(entry.name_raw())));
        }
    }
    Ok(out)
}

/// The bytes of an input inside an archive, under `limits`, and when its entry
/// in the archive on disk was last changed (for an entry of a zip inside the zip,
/// the inner zip's time stands for it).
pub fn read(input: &Input, limits: &Limits) -> Result<(Vec<u8>, Option<i64>), InputError> {
    let (&first, rest) = input
        .inner
        .split_first()
        .ok_or_else(|| InputError::Corrupt("压缩包条目无效".into()))?;
    let (bytes, modified) = outer_entry(&input.path, first, limits)?;
    match rest {
        [] => Ok((bytes, modified)),
        [j] => {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
                .map_err(|e| InputError::damaged("内层压缩包", &e))?;
            Ok((entry_bytes(&mut zip, *j, limits)?.0, modified))
        }
        _ => Err(InputError::Corrupt("压缩包条目无效".into())),
    }
}

/// Entry `i` of the archive at `path`, and its time.
fn outer_entry(
    path: &std::path::Path,
    i: usize,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<i64>), InputError> {
    let file = std::fs::File::open(path).map_err(|e| InputError::Damaged {
        reason: format!("无法打开压缩包：{}", crate::plain::io(&e)),
        detail: e.to_string(),
    })?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| InputError::damaged("压缩包", &e))?;
    entry_bytes(&mut zip, i, limits)
}

/// Entry `i` of `zip` under `limits`, and its time: the zip's DOS time, written in
/// local time (Beijing time), as seconds since the epoch.
fn entry_bytes<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    i: usize,
    limits: &Limits,
) -> Result<(Vec<u8>, Option<i64>), InputError> {
    let entry = zip
        .by_index(i)
        .map_err(|e| InputError::damaged("压缩包条目", &e))?;
    if entry.encrypted() {
        return Err(InputError::Encrypted);
    }
    let modified = entry.last_modified().map(|t| {
        crate::clock::from_beijing(
            i64::from(t.year()),
            u32::from(t.month()),
            u32::from(t.day()),
            i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second()),
        )
    });
    let (size, packed) = (entry.size(), entry.compressed_size());
    limits.check_size(size)?;
    if size > RATIO_FLOOR && size / packed.max(1) > limits.max_ratio {
        return Err(InputError::TooLarge(format!(
            "压缩包中该文件压缩比 {}:1 超过上限 {}:1，疑似压缩炸弹，已拒绝读取",
            size / packed.max(1),
            limits.max_ratio
        )));
    }
    let mut bytes = Vec::with_capacity(size.min(limits.max_file_bytes) as usize);
    entry
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::damaged("压缩包条目", &e))?;
    limits.check_size(bytes.len() as u64)?;
    Ok((bytes, modified))
}
