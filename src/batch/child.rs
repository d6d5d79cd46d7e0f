//! Child processes under an [`Isolation`]'s limits: the memory limit set before
//! the program starts, the last of what a child writes to standard error kept, how
//! one ended said plainly, and one command run alone (`jixiao layout`). The pool of
//! the batch's workers ([`super::worker`]) is built on these.

use super::worker::Isolation;
use std::collections::VecDeque;
use std::io::{self, Read};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The last bytes a worker wrote to its standard error (a panic message, an
/// allocation failure): the technical detail of a failed file.
pub(super) type Tail = Arc<Mutex<VecDeque<u8>>>;

/// Keep the last `cap` bytes a child writes to `stream`, read on a thread of their
/// own (which ends with the stream).
pub(super) fn keep_tail(
    mut stream: impl Read + Send + 'static,
    cap: usize,
) -> (Tail, std::thread::JoinHandle<()>) {
    let tail: Tail = Arc::default();
    let keep = Arc::clone(&tail);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut t = keep.lock().unwrap_or_else(|e| e.into_inner());
            t.extend(&buf[..n]);
            let excess = t.len().saturating_sub(cap);
            t.drain(..excess);
        }
    });
    (tail, reader)
}

pub(super) fn bytes_of(tail: &Tail) -> Vec<u8> {
    let t = tail.lock().unwrap_or_else(|e| e.into_inner());
    t.iter().copied().collect()
}

/// The line of a dead process's last output that says why it died (an allocation
/// failure, a stack overflow, a panic), else its last line; at most 200 characters.
pub(super) fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let why = ["memory allocation", "overflowed its stack", "panicked at"];
    let line = lines
        .iter()
        .find(|l| why.iter().any(|w| l.contains(w)))
        .or(lines.last())
        .copied()
        .unwrap_or("");
    line.chars().take(200).collect()
}

/// How a command run alone under an [`Isolation`]'s limits ended.
#[derive(Debug)]
pub enum Alone {
    /// It exited with a code: what it wrote to standard error (its last 64 KiB).
    Exited(u8, Vec<u8>),
    /// It was stopped, by the time limit or by dying (a signal: memory, stack):
    /// the reason in plain Chinese and the technical detail (none for the time
    /// limit, which the reason names).
    Stopped(String, String),
}

/// Run `iso.command` by itself, as one worker reading one file: standard output
/// passed through, standard error kept, under the memory limit, and killed at the
/// time limit. `Err` when it cannot be started.
pub fn run_alone(iso: &Isolation) -> io::Result<Alone> {
    let mut child = iso.limited()?.stdin(Stdio::null()).spawn()?;
    let Some(stderr) = child.stderr.take() else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(io::Error::other("stderr pipe missing"));
    };
    let (tail, reader) = keep_tail(stderr, 64 << 10);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() >= iso.timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = reader.join();
    let bytes = bytes_of(&tail);
    Ok(match status {
        Some(s) => match s.code().and_then(|c| u8::try_from(c).ok()) {
            Some(code) if code != 101 => Alone::Exited(code, bytes),
            _ => {
                let last = last_line(&bytes);
                let how = format!("进程退出：{}", describe(s));
                let detail = if last.is_empty() {
                    how
                } else {
                    format!("{how}；最后输出：{last}")
                };
                Alone::Stopped(iso.reason(false, &last), detail)
            }
        },
        None => Alone::Stopped(iso.reason(true, ""), String::new()),
    })
}

#[cfg(unix)]
pub(super) fn limit_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec only setrlimit is called, which is
    // async-signal-safe and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
pub(super) fn limit_memory(_command: &mut Command, _bytes: u64) {}

/// An exit status as a person reads it (`信号 6 (SIGABRT)`, `退出码 101`).
pub(super) fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                libc::SIGABRT => "SIGABRT",
                libc::SIGSEGV => "SIGSEGV",
                libc::SIGKILL => "SIGKILL",
                libc::SIGBUS => "SIGBUS",
                _ => "",
            };
            return format!("信号 {sig} {name}").trim_end().to_string();
        }
    }
    match status.code() {
        Some(c) => format!("退出码 {c}"),
        None => "未知".to_string(),
    }
}
