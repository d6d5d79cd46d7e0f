//! Atomic outputs: every output is written to a temporary file in the target's
//! folder and renamed into place only when complete; a folder of outputs (the CSV
//! tables) is written as a temporary folder beside it and renamed into place as a
//! whole ([`AtomicDir`]). A failed run, a panic or a Ctrl-C ([`remove_pending`],
//! called from the interrupt handler) leaves the previous output intact and no
//! partial file behind; what a run killed outright (`kill -9`, a power cut) left
//! is removed by the next run ([`remove_stale`]).
//!
//! Temporary names are `.jixiao-{pid}-{n}.tmp`: hidden, never read as inputs, and
//! naming the process that writes them.

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
        let tmp = temporary_beside(target);
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

/// A new temporary name in the folder of `target`.
fn temporary_beside(target: &Path) -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    folder_of(target).join(format!(".jixiao-{}-{n}.tmp", std::process::id()))
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

/// Remove every temporary file and folder not yet renamed into place; for the
/// Ctrl-C handler, which then exits.
pub fn remove_pending() {
    for tmp in lock(&PENDING).drain(..) {
        let _ = remove(&tmp);
    }
}

/// Remove a file, or a folder with everything in it (a link is removed, never
/// followed).
fn remove(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path)?.is_dir() {
        true => std::fs::remove_dir_all(path),
        false => std::fs::remove_file(path),
    }
}

/// A temporary folder beside a target folder, filled by the caller
/// ([`AtomicDir::path`]) and renamed into place as a whole on
/// [`AtomicDir::commit`]: the target holds the previous set of files or the new
/// one, never a mix. Removed with its files if dropped first.
#[derive(Debug)]
pub struct AtomicDir {
    tmp: PathBuf,
    committed: bool,
}

impl AtomicDir {
    /// Create an empty temporary folder in the folder of `target` (which must
    /// exist).
    pub fn beside(target: &Path) -> io::Result<AtomicDir> {
        let tmp = temporary_beside(target);
        lock(&PENDING).push(tmp.clone());
        std::fs::create_dir(&tmp).inspect_err(|_| lock(&PENDING).retain(|p| p != &tmp))?;
        Ok(AtomicDir {
            tmp,
            committed: false,
        })
    }

    /// The temporary folder, to write the files in.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Put the temporary folder in place of `target`: a previous `target` is moved
    /// aside, the new folder renamed into place, then the previous one removed. (No
    /// portable rename swaps two folders: a kill between the two renames leaves no
    /// `target`, the previous set aside under a temporary name, never a mix.)
    pub fn commit(mut self, target: &Path) -> io::Result<()> {
        if std::fs::symlink_metadata(target).is_ok() {
            let aside = temporary_beside(target);
            std::fs::rename(target, &aside)?;
            if let Err(e) = std::fs::rename(&self.tmp, target) {
                let _ = std::fs::rename(&aside, target);
                return Err(e);
            }
            // The new set is in place: what is left of the old one is no output.
            let _ = remove(&aside);
        } else {
            std::fs::rename(&self.tmp, target)?;
        }
        self.committed = true;
        lock(&PENDING).retain(|p| p != &self.tmp);
        Ok(())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
            lock(&PENDING).retain(|p| p != &self.tmp);
        }
    }
}

/// The process id in a name jixiao gives its temporary files and folders
/// (`.jixiao-{pid}-{n}.tmp`); `None` for any other name.
///
/// ```
/// use jixiao::write::atomic::temporary_pid;
/// assert_eq!(temporary_pid(".jixiao-4242-0.tmp"), Some(4242));
/// assert_eq!(temporary_pid(".jixiao-4242-0.tmp.bak"), None);
/// assert_eq!(temporary_pid(".jixiao-notes.tmp"), None);
/// assert_eq!(temporary_pid("jixiao-4242-0.tmp"), None);
/// ```
pub fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".jixiao-")?.strip_suffix(".tmp")?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Remove from `dir` the temporary files and folders of jixiao runs that are no
/// longer running (killed before they could clean up): only jixiao's own names
/// ([`temporary_pid`]), never this process's, never a live process's. Returns how
/// many were removed; a folder that cannot be listed removes nothing.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let own = std::process::id();
    let mut alive = std::collections::HashMap::new();
    let mut removed = 0;
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(temporary_pid) else {
            continue;
        };
        if pid == own || *alive.entry(pid).or_insert_with(|| process_alive(pid)) {
            continue;
        }
        // A link of that name is left alone: only what jixiao wrote is removed.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let done = match (kind.is_dir(), kind.is_file()) {
            (true, _) => std::fs::remove_dir_all(entry.path()),
            (_, true) => std::fs::remove_file(entry.path()),
            _ => continue,
        };
        removed += usize::from(done.is_ok());
    }
    removed
}

/// Whether a process with this id is running. In doubt (the system cannot be
/// asked), yes: a temporary file is then left for a later run.
#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Whether a process with this id is running (`ps -p` exits 1 when there is none).
/// In doubt, yes.
#[cfg(all(unix, not(target_os = "linux")))]
fn process_alive(pid: u32) -> bool {
    std::process::Command::new("ps")
        .args(["-p", &pid.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_or(true, |s| s.code() != Some(1))
}

/// Whether a process with this id is running (`tasklist` lists it, quoted, in its
/// CSV output). In doubt, yes.
#[cfg(windows)]
fn process_alive(pid: u32) -> bool {
    use std::os::windows::process::CommandExt;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let filter = format!("PID eq {pid}");
    match std::process::Command::new("tasklist")
        .args(["/FI", &filter, "/NH", "/FO", "CSV"])
        .creation_flags(CREATE_NO_WINDOW)
        .output()
    {
        Ok(out) if out.status.success() => {
            String::from_utf8_lossy(&out.stdout).contains(&format!("\"{pid}\""))
        }
        _ => true,
    }
}

/// Elsewhere no process can be asked about: every temporary file is left.
#[cfg(not(any(unix, windows)))]
fn process_alive(_pid: u32) -> bool {
    true
}
