//! A `.zip` of a submission folder: its files are inputs, shown as
//! `报送.zip/部门/表.xlsx`, and a zip inside it is opened one level deep. Each
//! entry is read under the same [`Limits`] as any file and zip container.
//!
//! The archive's directory is read once, when it is listed, and kept ([`Shared`],
//! held by each of its inputs); an entry is inflated when the batch reads it. (Read
//! again for each entry, the directory of a 10,000-entry zip made listing and
//! reading take 16 s.) A zip inside it is inflated once for all its entries and
//! kept while they are read ([`INNER_CACHE`]). The file is closed once every entry
//! to read has been read, and opened again if one is read later. Names that
//! Chinese Windows tools store in GBK (no UTF-8 flag) are decoded as such.

use super::{Input, InputError};
use crate::limits::{Limits, RATIO_FLOOR};
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Files listed from one archive, zips inside it included, at most: a directory
/// of millions of entries is an attack, not a submission.
pub const MAX_ENTRIES: usize = 10_000;

/// Bytes of inflated inner zips kept at most while their entries are read (the one
/// being read is kept whatever its size).
pub const INNER_CACHE: usize = 256 * 1024 * 1024;

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

/// The archive an input inside a `.zip` is read from, shared by all the inputs of
/// that zip. Not part of an input's identity: inputs compare as if it were not
/// there.
#[derive(Clone)]
pub struct Shared(Arc<Archive>);

impl Shared {
    /// The archive at `path`, its directory read at the first entry and kept, the
    /// file kept open: for a worker process, which is sent the entries of a zip one
    /// at a time and does not know how many will come.
    pub fn open(path: &Path) -> Shared {
        let archive = Archive::new(path);
        {
            let mut state = archive.state();
            state.left = usize::MAX;
            state.to_read = usize::MAX;
        }
        Shared(Arc::new(archive))
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({})", self.0.path.display())
    }
}

impl PartialEq for Shared {
    fn eq(&self, _: &Shared) -> bool {
        true
    }
}

impl Eq for Shared {}

impl PartialOrd for Shared {
    fn partial_cmp(&self, other: &Shared) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Shared {
    fn cmp(&self, _: &Shared) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

/// A zip on disk: its directory, once read; the zips inside it being read.
struct Archive {
    path: PathBuf,
    file: Arc<FileSlot>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The archive with its directory read.
    zip: Option<zip::ZipArchive<FileAt>>,
    /// Inner zips inflated, by entry index, the most recently read last.
    inner: Vec<(usize, Arc<Inner>)>,
    /// Inputs to read before the file is closed, and how many there are in all.
    left: usize,
    to_read: usize,
}

/// A zip inside the zip, inflated, with its directory read.
struct Inner {
    zip: zip::ZipArchive<Cursor<Arc<[u8]>>>,
    /// The inner zip's time, which stands for its entries'.
    modified: Option<i64>,
    bytes: usize,
}

/// Why an archive's files could not be listed: the reason, in plain Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
struct Unlisted(String);

impl Archive {
    fn new(path: &Path) -> Archive {
        Archive {
            path: path.to_path_buf(),
            file: Arc::new(FileSlot {
                path: path.to_path_buf(),
                file: Mutex::new(None),
            }),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while the lock was held leaves nothing half-done here.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The archive, its directory read the first time.
    fn zip(&self) -> Result<zip::ZipArchive<FileAt>, InputError> {
        let mut state = self.state();
        if let Some(zip) = &state.zip {
            return Ok(zip.clone());
        }
        let reader = FileAt::new(self.file.clone()).map_err(|e| InputError::Damaged {
            reason: format!("无法打开压缩包：{}", crate::plain::io(&e)),
            detail: e.to_string(),
        })?;
        let zip = zip::ZipArchive::new(reader).map_err(|e| InputError::damaged("压缩包", &e))?;
        state.zip = Some(zip.clone());
        Ok(zip)
    }

    /// The zip inside the archive at entry `i`, inflated and its directory read.
    fn inner(&self, i: usize, limits: &Limits) -> Result<Arc<Inner>, InputError> {
        {
            let mut state = self.state();
            if let Some(at) = state.inner.iter().position(|(j, _)| *j == i) {
                let found = state.inner.remove(at);
                state.inner.push(found.clone());
                return Ok(found.1);
            }
        }
        // Inflated without the lock: the archive's other entries are read meanwhile.
        let (bytes, modified) = entry_bytes(&mut self.zip()?, i, limits)?;
        let size = bytes.len();
        let zip = zip::ZipArchive::new(Cursor::new(Arc::<[u8]>::from(bytes))).map_err(|e| {
            InputError::Damaged {
                reason: "压缩包已损坏或不完整，无法打开：请重新压缩或解压后再报送".into(),
                detail: format!("内层压缩包：{e}"),
            }
        })?;
        let inner = Arc::new(Inner {
            zip,
            modified,
            bytes: size,
        });
        let mut state = self.state();
        state.inner.retain(|(j, _)| *j != i);
        state.inner.push((i, inner.clone()));
        while state.inner.len() > 1
            && state.inner.iter().map(|(_, z)| z.bytes).sum::<usize>() > INNER_CACHE
        {
            state.inner.remove(0);
        }
        Ok(inner)
    }

    /// One input read: the file is closed and the inner zips let go after the last.
    fn read_one(&self) {
        let mut state = self.state();
        state.left = state.left.saturating_sub(1);
        if state.left == 0 {
            state.inner.clear();
            state.left = state.to_read;
            self.file.close();
        }
    }

    /// Listing done: nothing kept open until the batch reads.
    fn listed(&self, to_read: usize) {
        let mut state = self.state();
        state.inner.clear();
        state.left = to_read;
        state.to_read = to_read;
        self.file.close();
    }
}

/// The files of the archive `input` (one level of zip inside it too), in
/// directory order; the archive itself, refused with the reason, when it cannot
/// be listed or is empty. At most [`MAX_ENTRIES`] files in all: a zip inside it
/// whose files would pass that is refused as a whole, with the reason.
pub fn expand(input: Input, out: &mut Vec<Input>) {
    let archive = Arc::new(Archive::new(&input.path));
    let listed = archive
        .zip()
        .map_err(|e| match e {
            InputError::Damaged { reason, .. } if reason.starts_with("无法打开") => {
                Unlisted(reason)
            }
            _ => Unlisted("压缩包已损坏或不完整，无法打开：请重新压缩或解压后再报送".into()),
        })
        .and_then(|mut zip| list(&mut zip));
    let entries = match listed {
        Ok(entries) if !entries.is_empty() => entries,
        Ok(_) => return out.push(refused(input, "压缩包中没有文件".into())),
        Err(Unlisted(reason)) => return out.push(refused(input, reason)),
    };
    let first = out.len();
    let mut total = entries.len();
    let shared = Some(Shared(archive.clone()));
    for (i, name) in entries {
        let child = Input {
            display: format!("{}/{name}", input.display),
            path: input.path.clone(),
            inner: vec![i],
            refused: None,
            skipped: None,
            archive: shared.clone(),
        };
        if !is_zip_name(&name) {
            out.push(child);
            continue;
        }
        let nested = archive
            .inner(i, &Limits::default())
            .map_err(|e| Unlisted(e.to_string()))
            .and_then(|inner| list(&mut inner.zip.clone()));
        match nested {
            Ok(inner) if inner.is_empty() => out.push(refused(child, "压缩包中没有文件".into())),
            Ok(inner) if total + inner.len() > MAX_ENTRIES => {
                let reason = format!(
                    "压缩包及其中的压缩包共有超过 {MAX_ENTRIES} 个文件，这个压缩包中的 {} 个文件未读取：请解压后分批报送",
                    inner.len()
                );
                out.push(refused(child, reason));
            }
            Ok(inner) => {
                total += inner.len();
                for (j, name) in inner {
                    let reason = is_zip_name(&name)
                        .then(|| "压缩包里的压缩包中又有压缩包（超过一层），请解压后再报送".into());
                    out.push(Input {
                        display: format!("{}/{name}", child.display),
                        path: child.path.clone(),
                        inner: vec![i, j],
                        refused: reason,
                        skipped: None,
                        archive: shared.clone(),
                    });
                }
            }
            Err(Unlisted(reason)) => out.push(refused(child, reason)),
        }
    }
    // The batch reads an input that is neither refused nor skipped by its name.
    let to_read = out[first..]
        .iter()
        .filter(|i| i.refused.is_none() && !matches!(i.kind(), super::Kind::Skip(_)))
        .count();
    archive.listed(to_read);
}

fn refused(mut input: Input, reason: String) -> Input {
    input.refused = Some(reason);
    input
}

/// (index, name) of an archive's files, folders left out.
fn list<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Vec<(usize, String)>, Unlisted> {
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
    let fresh;
    let archive = match &input.archive {
        Some(Shared(archive)) => archive,
        None => {
            fresh = Archive::new(&input.path);
            &fresh
        }
    };
    let read = match input.inner.as_slice() {
        [i] => archive
            .zip()
            .and_then(|mut zip| entry_bytes(&mut zip, *i, limits)),
        [i, j] => archive.inner(*i, limits).and_then(|inner| {
            let (bytes, _) = entry_bytes(&mut inner.zip.clone(), *j, limits)?;
            Ok((bytes, inner.modified))
        }),
        _ => Err(InputError::Corrupt("压缩包条目无效".into())),
    };
    archive.read_one();
    read
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

/// The archive's file, opened when it is read and closed when the archive is done
/// with, so that a folder of many zips does not hold a descriptor for each.
struct FileSlot {
    path: PathBuf,
    file: Mutex<Option<std::fs::File>>,
}

impl FileSlot {
    /// `buf.len()` bytes or fewer at `pos`.
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if file.is_none() {
            *file = Some(std::fs::File::open(&self.path)?);
        }
        let file = file.as_mut().expect("opened above");
        file.seek(SeekFrom::Start(pos))?;
        file.read(buf)
    }

    fn len(&self) -> std::io::Result<u64> {
        Ok(std::fs::metadata(&self.path)?.len())
    }

    fn close(&self) {
        *self.file.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// A reader of the archive's file with its own position (each clone reads
/// independently) and a small buffer.
#[derive(Clone)]
struct FileAt {
    file: Arc<FileSlot>,
    len: u64,
    pos: u64,
    buf: Vec<u8>,
    /// The file position of `buf[0]`.
    buf_at: u64,
}

impl FileAt {
    const BUFFER: usize = 16 * 1024;

    fn new(file: Arc<FileSlot>) -> std::io::Result<FileAt> {
        let len = file.len()?;
        // Opened now, so that a file that cannot be opened says so at once.
        file.read_at(0, &mut [])?;
        Ok(FileAt {
            file,
            len,
            pos: 0,
            buf: Vec::new(),
            buf_at: 0,
        })
    }
}

impl Read for FileAt {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let in_buf = self.pos >= self.buf_at && self.pos < self.buf_at + self.buf.len() as u64;
        if !in_buf {
            if out.len() >= Self::BUFFER {
                let n = self.file.read_at(self.pos, out)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.buf.resize(Self::BUFFER, 0);
            let n = self.file.read_at(self.pos, &mut self.buf)?;
            self.buf.truncate(n);
            self.buf_at = self.pos;
            if n == 0 {
                return Ok(0);
            }
        }
        let from = (self.pos - self.buf_at) as usize;
        let n = out.len().min(self.buf.len() - from);
        out[..n].copy_from_slice(&self.buf[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for FileAt {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
        };
        self.pos = pos.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads and seeks of any size, across the buffer's edges and past the end,
    /// give the file's bytes; a clone reads on its own.
    #[test]
    fn a_file_reader_reads_what_the_file_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        let data: Vec<u8> = (0..40_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let slot = Arc::new(FileSlot {
            path,
            file: Mutex::new(None),
        });
        let mut reader = FileAt::new(slot.clone()).unwrap();
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..500 {
            let at = rng.u64(0..41_000);
            let mut out = vec![0; rng.usize(0..20_000)];
            assert_eq!(reader.seek(SeekFrom::Start(at)).unwrap(), at);
            let n = reader.read(&mut out).unwrap();
            let from = (at as usize).min(data.len());
            assert!(n <= out.len() && n <= data.len() - from);
            assert!(n > 0 || out.is_empty() || from == data.len());
            assert_eq!(out[..n], data[from..from + n]);
            if rng.bool() {
                slot.close();
            }
        }
        reader.seek(SeekFrom::End(-10)).unwrap();
        let mut copy = reader.clone();
        let mut tail = Vec::new();
        copy.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, data[data.len() - 10..]);
        assert_eq!(reader.stream_position().unwrap(), 39_990);
        assert!(reader.seek(SeekFrom::Current(-40_000)).is_err());
    }
}
