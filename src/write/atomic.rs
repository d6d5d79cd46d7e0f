//! Atomic outputs: every output is written to a temporary file in the target's
//! folder and renamed into place only when complete. A failed run, a panic or a
//! Ctrl-C ([`remove_pending`], called from the interrupt handler) leaves the
//! previous output intact and no partial file behind.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Temporary files not yet renamed into place, for the interrupt handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A temporary file that becomes an output on [`AtomicFile::commit`], and is
/// removed if dropped first.
#[derive(Debug)]
pub struct AtomicFile {
    tmp: PathBuf,
    file: Option<File>,
}

/// The folder a path's file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

impl AtomicFile {
    /// Open a temporary file in the folder of `target` (hidden, named after this
    /// process). Fails when the folder is missing or not writable, which is worth
    /// knowing before a long batch starts.
    pub fn beside(target: &Path) -> io::Result<AtomicFile> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = folder_of(target).join(format!(".jixiao-{}-{n}.tmp", std::process::id()));
        // Registered first, so that a Ctrl-C right after creation still removes it.
        lock(&PENDING).push(tmp.clone());
        let file = File::create(&tmp).inspect_err(|_| lock(&PENDING).retain(|p| p != &tmp))?;
        Ok(AtomicFile {
            tmp,
            file: Some(file),
        })
    }

    /// Flush to disk and rename over `target`.
    pub fn commit(mut self, target: &Path) -> io::Result<()> {
        if let Some(f) = self.file.take() {
            f.sync_all()?;
        }
        std::fs::rename(&self.tmp, target)?;
        lock(&PENDING).retain(|p| p != &self.tmp);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("file already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.is_some() || self.tmp.exists() {
            self.file = None;
            let _ = std::fs::remove_file(&self.tmp);
            lock(&PENDING).retain(|p| p != &self.tmp);
        }
    }
}

fn lock(m: &Mutex<Vec<PathBuf>>) -> std::sync::MutexGuard<'_, Vec<PathBuf>> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Write a file atomically: produce its bytes into a temporary file beside the
/// target, rename into place only if `produce` succeeds.
pub fn write_with(
    path: &Path,
    produce: impl FnOnce(&mut AtomicFile) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::beside(path)?;
    produce(&mut file)?;
    file.commit(path)
}

/// [`write_with`] for bytes already in memory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// Remove every temporary file not yet renamed into place; for the Ctrl-C handler,
/// which then exits.
pub fn remove_pending() {
    for tmp in lock(&PENDING).drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}
