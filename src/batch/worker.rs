//! Reading isolated from the run: each input is read in a worker process (the same
//! program, started with [`WORKER_ARG`]) under a memory limit and a time limit, so
//! that a file that overflows a parser's stack, exhausts memory or never ends takes
//! down only its worker, never the batch. The file is then failed with a Chinese
//! reason and the worker replaced (the approach of Apache Tika's ForkParser).
//!
//! Workers are long-lived, one per thread of the batch: a request is an [`Input`],
//! the answer the file's [`Processed`] outcome (its department already encoded), so
//! that a worker does exactly what the batch would do in-process.
//!
//! The limits: the time limit is the parent's (it stops waiting and kills the
//! worker); the memory limit is the address space of the worker (`RLIMIT_AS`, set
//! before the worker starts) on Unix. On Windows there is no such limit from
//! outside without a job object; there the worker still isolates crashes and the
//! time limit holds, and the reader's own limits ([`crate::limits`]) bound memory.

use super::child::{bytes_of, describe, keep_tail, last_line, limit_memory, Tail};
use super::file::{fail, record_of, Processed};
use super::Options;
use crate::collect::archive::Shared;
use crate::collect::Input;
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

/// The first argument that makes the program a worker: the rest of the command
/// line is the batch's own, so the worker builds the same options.
pub const WORKER_ARG: &str = "__worker";

/// How to start workers and the limits each file is read under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Isolation {
    /// The program and its arguments (the program, [`WORKER_ARG`], then the batch's
    /// command line).
    pub command: Vec<OsString>,
    /// Longest time one file may take.
    pub timeout: Duration,
    /// Largest address space of a worker, in bytes (Unix).
    pub memory: u64,
}

impl Isolation {
    /// Default time limit per file: a real form reads in milliseconds and a report
    /// PDF in tens of them; the largest file the limits admit in a few seconds.
    /// A minute is far beyond any real file, and a batch with a few hostile files
    /// still ends in minutes.
    pub const TIMEOUT: Duration = Duration::from_secs(60);

    /// Default memory limit per worker: a real form needs tens of megabytes; the
    /// limits admit zip parts inflating to 512 MiB, which calamine holds once.
    pub const MEMORY: u64 = 1 << 30;
}

impl Isolation {
    /// The command, under the memory limit, its standard error piped (to be kept).
    pub(super) fn limited(&self) -> io::Result<Command> {
        let (program, args) = self
            .command
            .split_first()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no worker program"))?;
        let mut command = Command::new(program);
        command
            .args(args)
            .stderr(Stdio::piped())
            // The reason a worker died in one line, not a backtrace.
            .env("RUST_BACKTRACE", "0");
        limit_memory(&mut command, self.memory);
        Ok(command)
    }

    /// Why a file was stopped, in the words of the file's failure: it ran past the
    /// time limit (`timed_out`), or its reader died, out of memory when the last
    /// thing it wrote (`last`) says so.
    pub fn reason(&self, timed_out: bool, last: &str) -> String {
        let out_of_memory = last.contains("memory allocation") || last.contains("out of memory");
        if timed_out {
            format!(
                "文件结构异常，读取超过 {} 秒仍未完成，已停止读取（时间限制 --file-timeout）",
                self.timeout.as_secs()
            )
        } else if out_of_memory {
            format!(
                "文件结构异常，读取时超出内存限制（{} MiB，--file-memory），已停止读取",
                self.memory >> 20
            )
        } else {
            "文件结构异常，读取时读取程序异常退出，已停止读取".to_string()
        }
    }
}

/// A frame's first bytes: what the worker writes is checked, not trusted.
const MAGIC: &[u8; 4] = b"JXW1";

/// The largest frame read (a department is a few kilobytes, a report's claims
/// less than a megabyte).
const MAX_FRAME: usize = 256 << 20;

/// One request: a file to read.
#[derive(serde::Serialize, serde::Deserialize)]
struct Request {
    input: Input,
    with_reports: bool,
}

fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    out.write_all(MAGIC)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// The next frame, `None` at a clean end of the stream.
fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut head = [0u8; 8];
    match input.read_exact(&mut head[..1]) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    input.read_exact(&mut head[1..])?;
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    if &head[..4] != MAGIC {
        return Err(bad("not a worker frame"));
    }
    let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
    if len > MAX_FRAME {
        return Err(bad("worker frame too large"));
    }
    let mut payload = vec![0; len];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// The worker's loop: read each requested file as the batch would and answer with
/// its outcome, until the batch closes the stream.
pub fn serve(
    options: &Options,
    mut requests: impl Read,
    mut answers: impl Write,
) -> io::Result<()> {
    let catalog = match options.catalog() {
        Ok(c) => c,
        Err(_) => crate::read::Catalog::new(options.scheme.clone()),
    };
    let faults = std::env::var(FAULTS).unwrap_or_default();
    // Each zip's directory read once in this worker too (the batch's handle on it
    // stays in the batch's process).
    let mut archives: HashMap<PathBuf, Shared> = HashMap::new();
    while let Some(frame) = read_frame(&mut requests)? {
        let mut request: Request = postcard::from_bytes(&frame)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        let input = &mut request.input;
        if !input.inner.is_empty() && input.archive.is_none() {
            let shared = archives
                .entry(input.path.clone())
                .or_insert_with(|| Shared::open(&input.path));
            input.archive = Some(shared.clone());
        }
        simulate_fault(&faults, &request.input.display);
        let processed =
            super::file::process(&request.input, options, &catalog, request.with_reports);
        let bytes = postcard::to_allocvec(&processed)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        write_frame(&mut answers, &bytes)?;
    }
    Ok(())
}

/// Tests only: `kind:name,…` makes the worker fail the way a hostile file would
/// when it is asked for a file whose path ends in `name` — `hang` (never answers),
/// `abort`, `oom` (asks for more memory than the limit), `overflow` (overflows its
/// stack). The real causes (a parser's recursion, calamine's allocations) are in
/// the fixtures; this checks the batch's side of every way a worker can die.
pub const FAULTS: &str = "JIXIAO_WORKER_FAULTS";

/// Fail as [`FAULTS`] says when asked for `file`: the hook of a worker run alone
/// (`jixiao layout` reads its one file so). Does nothing when the variable is unset.
pub fn simulate_faults(file: &str) {
    if let Ok(faults) = std::env::var(FAULTS) {
        simulate_fault(&faults, file);
    }
}

fn simulate_fault(faults: &str, file: &str) {
    for fault in faults.split(',') {
        let Some((kind, name)) = fault.split_once(':') else {
            continue;
        };
        if name.is_empty() || !file.ends_with(name) {
            continue;
        }
        match kind {
            "hang" => loop {
                std::thread::sleep(Duration::from_secs(3600));
            },
            "abort" => std::process::abort(),
            "oom" => {
                let mut held: Vec<Vec<u8>> = Vec::new();
                loop {
                    held.push(std::hint::black_box(vec![0u8; 64 << 20]));
                }
            }
            "overflow" => {
                fn deeper(n: u64) -> u64 {
                    let pad = std::hint::black_box([n; 512]);
                    if pad[0] == u64::MAX {
                        return 0;
                    }
                    pad[1] + deeper(n + 1)
                }
                std::hint::black_box(deeper(0));
            }
            _ => {}
        }
    }
}

/// The last bytes of a worker's standard error kept (a panic message, an
/// allocation failure): the technical detail of a failed file.
const TAIL: usize = 2048;

/// One running worker.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<io::Result<Vec<u8>>>,
    stderr: Tail,
}

impl Worker {
    fn start(iso: &Isolation) -> io::Result<Worker> {
        let mut child = iso
            .limited()?
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let (stdin, mut stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(io::Error::other("worker pipes missing"));
                }
            };
        let (send, answers) = mpsc::channel();
        std::thread::spawn(move || loop {
            let frame = read_frame(&mut stdout);
            let end = !matches!(frame, Ok(Some(_)));
            let _ = send.send(frame.and_then(|f| {
                f.ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "worker ended"))
            }));
            if end {
                break;
            }
        });
        let (tail, _) = keep_tail(stderr, TAIL);
        Ok(Worker {
            child,
            stdin,
            answers,
            stderr: tail,
        })
    }

    /// Stop the worker and say how it ended, with the last line it wrote.
    fn end(mut self) -> (Option<ExitStatus>, String) {
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        // The stderr thread ends with the process; give it a moment to drain.
        std::thread::sleep(Duration::from_millis(20));
        (status, last_line(&bytes_of(&self.stderr)))
    }
}

/// Workers for a batch: started on demand, one per thread at most, replaced when
/// one dies or is stopped.
pub struct Pool<'a> {
    isolation: &'a Isolation,
    idle: Mutex<Vec<Worker>>,
}

/// Why a worker gave no answer.
enum Lost {
    Timeout,
    Ended,
    Garbled(String),
}

impl<'a> Pool<'a> {
    /// A pool that starts workers with `isolation`.
    pub fn new(isolation: &'a Isolation) -> Pool<'a> {
        Pool {
            isolation,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Read one file in a worker; `None` when no worker can be started (the caller
    /// then reads it in-process).
    pub fn process(&self, input: &Input, with_reports: bool) -> Option<Processed> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = match idle {
            Some(w) => w,
            None => Worker::start(self.isolation).ok()?,
        };
        let request = Request {
            input: input.clone(),
            with_reports,
        };
        let bytes = postcard::to_allocvec(&request).ok()?;
        let answer = match write_frame(&mut worker.stdin, &bytes) {
            Err(_) => Err(Lost::Ended),
            Ok(()) => match worker.answers.recv_timeout(self.isolation.timeout) {
                Ok(Ok(frame)) => postcard::from_bytes::<Processed>(&frame)
                    .map_err(|e| Lost::Garbled(e.to_string())),
                Ok(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
                    Err(Lost::Garbled(e.to_string()))
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Err(Lost::Ended),
                Err(RecvTimeoutError::Timeout) => Err(Lost::Timeout),
            },
        };
        match answer {
            Ok(processed) => {
                self.idle
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(worker);
                Some(processed)
            }
            Err(lost) => {
                let (status, last) = worker.end();
                Some(self.failed(input, lost, status, last))
            }
        }
    }

    /// The file a worker was lost on, failed with the reason and how it ended.
    fn failed(
        &self,
        input: &Input,
        lost: Lost,
        status: Option<ExitStatus>,
        last: String,
    ) -> Processed {
        let iso = self.isolation;
        let reason = iso.reason(matches!(lost, Lost::Timeout), &last);
        let how = match (&lost, status) {
            (Lost::Timeout, _) => format!("超过 {} 秒，工作进程已终止", iso.timeout.as_secs()),
            (Lost::Garbled(e), _) => format!("工作进程的回答无法解读：{e}"),
            (_, Some(s)) => format!("工作进程退出：{}", describe(s)),
            (_, None) => "工作进程退出".to_string(),
        };
        let detail = if last.is_empty() {
            how
        } else {
            format!("{how}；最后输出：{last}")
        };
        fail(record_of(input), reason, Some(detail))
    }
}

impl Drop for Pool<'_> {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|e| e.into_inner()));
        for mut w in idle {
            let _ = w.child.kill();
            let _ = w.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_garbage_is_refused() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"abc").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r).unwrap().as_deref(), Some(&b"abc"[..]));
        assert_eq!(read_frame(&mut r).unwrap().as_deref(), Some(&b""[..]));
        assert_eq!(read_frame(&mut r).unwrap(), None);
        // A stray line on the worker's output is not a frame.
        let mut r = &b"hello world\n"[..];
        assert!(read_frame(&mut r).is_err());
        // A length past the cap is refused before anything is allocated.
        let mut big = MAGIC.to_vec();
        big.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(read_frame(&mut &big[..]).is_err());
    }
}
