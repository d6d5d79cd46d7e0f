//! Runs the real binary on a folder of mutants and the samples, under an
//! address-space limit and a watchdog, and judges the run by the contract of
//! issue #24: the process ends normally (exit 0 or 1), the workbook and JSON are
//! written, every input is in `files[]` exactly once, every refusal has a plain
//! Chinese reason, and the samples' five departments are read.

use crate::gen::Mutant;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address-space limit of a run (and of any process it starts): 6 GiB, as
/// in the closing criterion. A file that makes a reader allocate without
/// bound aborts the run instead of exhausting the machine.
pub const ADDRESS_SPACE_KIB: u64 = 6 << 20;

/// The five departments of `samples/`, as their forms name them (read by hand
/// from the sheets' 部门名称 cells).
pub const SAMPLE_DEPARTMENTS: [&str; 5] = [
    "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室",
    "中国人民政治协商会议广州市南沙区委员会办公室",
    "广州市南沙区人民政府办公室",
    "广州市海珠区科技工业商务和信息化局",
    "广州开发区穗港智造合作区管理委员会",
];

/// The watchdog for a run of `files` input files: a generous 300 s plus half a
/// second a file (`JIXIAO_FUZZ_WATCHDOG` sets the 300). It only ever stops a hung
/// process; no assertion depends on how fast a run is.
pub fn watchdog(files: usize) -> Duration {
    let base: u64 = std::env::var("JIXIAO_FUZZ_WATCHDOG")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    Duration::from_secs(base) + Duration::from_millis(500 * files as u64)
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Exited with this code.
    Exited(i32),
    /// Killed by this signal (an abort is 6, a segmentation fault 11).
    Signalled(i32),
    /// Still running when the watchdog fired; killed.
    Hung,
}

/// One run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    /// How it ended.
    pub end: End,
    /// Its wall time.
    pub wall: Duration,
    /// The peak resident memory of the process or any process it started (KiB;
    /// 0 where the platform does not say).
    pub peak_kib: u64,
    /// The end of its standard error.
    pub stderr: String,
}

impl Run {
    /// Whether the process ended by itself, with an exit code it is allowed
    /// (`codes`).
    pub fn ended_normally(&self, codes: &[i32]) -> bool {
        matches!(self.end, End::Exited(c) if codes.contains(&c))
    }

    /// The way it ended, in words, for a failure message.
    pub fn describe(&self) -> String {
        let how = match self.end {
            End::Exited(c) => format!("exit code {c}"),
            End::Signalled(6) => "aborted (signal 6: stack overflow or allocation failure)".into(),
            End::Signalled(s) => format!("killed by signal {s}"),
            End::Hung => format!(
                "hung: killed by the watchdog after {:.0} s",
                self.wall.as_secs_f64()
            ),
        };
        let last = self.stderr.lines().rev().find(|l| !l.trim().is_empty());
        match last {
            Some(line) => format!("{how}; stderr: {line}"),
            None => how,
        }
    }
}

/// GNU time, which measures the peak memory of the run.
const GNU_TIME: &str = "/usr/bin/time";

/// What GNU time wrote (`-f %M -o`): the peak resident memory (KiB) of jixiao and
/// its worker processes, and the signal that killed jixiao when one did (time
/// then exits with a code of its own).
fn timed_end(path: &Path) -> Option<(Option<End>, u64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let peak = text.lines().last()?.trim().parse().ok()?;
    let signal = text.lines().find_map(|l| {
        l.strip_prefix("Command terminated by signal ")
            .and_then(|n| n.trim().parse().ok())
    });
    Some((signal.map(End::Signalled), peak))
}

/// Runs `jixiao build in -o out.xlsx --json out.json` in `dir`, in a process group
/// of its own, under [`ADDRESS_SPACE_KIB`]; the watchdog kills the group.
pub fn run(dir: &Path, watchdog: Duration) -> Run {
    let stderr_path = dir.join("stderr.txt");
    let stderr = std::fs::File::create(&stderr_path).expect("create stderr.txt");
    // The peak memory comes from GNU time when there is one: a process spawned
    // from this harness starts with the harness's own peak (Linux keeps the
    // resident high-water mark of the memory an exec replaces), which is gigabytes
    // by the end of the long set; one started by `time` starts with time's.
    let peak_path = dir.join("peak.txt");
    let _ = std::fs::remove_file(&peak_path);
    let timed = cfg!(target_os = "linux") && Path::new(GNU_TIME).exists();
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        let exec = if timed {
            format!("exec {GNU_TIME} -f %M -o \"$JIXIAO_PEAK\" \"$0\" \"$@\"")
        } else {
            "exec \"$0\" \"$@\"".to_string()
        };
        c.arg("-c")
            .arg(format!("ulimit -v {ADDRESS_SPACE_KIB} && {exec}"))
            .arg(env!("CARGO_BIN_EXE_jixiao"))
            .env("JIXIAO_PEAK", &peak_path);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_jixiao"))
    };
    command
        // A debug build reads a hostile PDF slowly: 20 s per file keeps the fast
        // set short, and a file stopped at it is failed like any other.
        .args(["build", "-q", "in", "-o", "out.xlsx", "--json", "out.json"])
        .args(["--file-timeout", "20"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    let started = Instant::now();
    let (mut end, mut peak_kib) = wait::spawn_and_wait(command, watchdog);
    let wall = started.elapsed();
    if timed && end != End::Hung {
        if let Some((how, peak)) = timed_end(&peak_path) {
            peak_kib = peak;
            end = how.unwrap_or(end);
        }
    }
    let text = std::fs::read(&stderr_path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let tail: Vec<&str> = text.lines().rev().take(5).collect();
    Run {
        end,
        wall,
        peak_kib,
        stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
    }
}

#[cfg(unix)]
mod wait {
    use super::End;
    use std::os::unix::process::CommandExt;
    use std::process::Command;
    use std::time::{Duration, Instant};

    /// Spawns `command` as the leader of a new process group and reaps it with
    /// `wait4`, which also gives the peak memory of it and its children. Past
    /// the watchdog, the whole group is killed.
    #[allow(clippy::zombie_processes)] // reaped by wait4, not by std
    pub fn spawn_and_wait(mut command: Command, watchdog: Duration) -> (End, u64) {
        command.process_group(0);
        let child = command.spawn().expect("run jixiao");
        let pid = child.id() as libc::pid_t;
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        let mut hung = false;
        loop {
            let mut status = 0;
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            let flags = if hung { 0 } else { libc::WNOHANG };
            // SAFETY: pid is our own unreaped child; status and usage are valid.
            let done = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
            if done == pid {
                // Linux reports ru_maxrss in KiB.
                let peak = usage.ru_maxrss.max(0) as u64;
                let end = if hung {
                    End::Hung
                } else if libc::WIFEXITED(status) {
                    End::Exited(libc::WEXITSTATUS(status))
                } else if libc::WIFSIGNALED(status) {
                    End::Signalled(libc::WTERMSIG(status))
                } else {
                    End::Exited(-1)
                };
                return (end, peak);
            }
            assert!(
                done == 0,
                "wait4 failed: {}",
                std::io::Error::last_os_error()
            );
            if started.elapsed() > watchdog {
                // SAFETY: the group is the one we started; its leader is not reaped.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                hung = true;
                continue;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

#[cfg(not(unix))]
mod wait {
    use super::End;
    use std::process::Command;
    use std::time::{Duration, Instant};

    /// Spawns `command` and polls it; past the watchdog it is killed. No peak
    /// memory on this platform.
    pub fn spawn_and_wait(mut command: Command, watchdog: Duration) -> (End, u64) {
        let mut child = command.spawn().expect("run jixiao");
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return (End::Exited(status.code().unwrap_or(-1)), 0);
            }
            if started.elapsed() > watchdog {
                let _ = child.kill();
                let _ = child.wait();
                return (End::Hung, 0);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A folder holding `in/` (the mutants, and the samples in `in/samples/` when
/// `with_samples`), where a run writes `out.xlsx` and `out.json`.
pub fn prepare(mutants: &[&Mutant], with_samples: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    if with_samples {
        let samples = input.join("samples");
        std::fs::create_dir(&samples).unwrap();
        for e in std::fs::read_dir(crate::common::root().join("samples")).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, samples.join(p.file_name().unwrap())).unwrap();
        }
    }
    for m in mutants {
        std::fs::write(input.join(&m.name), &m.bytes).unwrap();
    }
    dir
}

/// The input files of a prepared folder, as jixiao displays them (`in/…`).
fn inputs(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, shown: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p: PathBuf = e.unwrap().path();
            let name = format!("{shown}/{}", p.file_name().unwrap().to_string_lossy());
            if p.is_dir() {
                walk(&p, &name, out);
            } else {
                out.push(name);
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("in"), "in", &mut out);
    out.sort();
    out
}

/// What went wrong with a batch: the run itself (it did not end normally or
/// wrote no outputs), or a file (unaccounted for, or refused without a plain
/// Chinese reason).
#[derive(Debug, Default)]
pub struct Verdict {
    /// The run did not survive: how it ended.
    pub fatal: Option<String>,
    /// Problems with single files, each naming the file.
    pub files: Vec<String>,
}

/// Judges a finished run in `dir` against the contract.
pub fn judge(dir: &Path, run: &Run) -> Verdict {
    let mut v = Verdict::default();
    if !run.ended_normally(&[0, 1]) {
        v.fatal = Some(run.describe());
        return v;
    }
    let xlsx = std::fs::metadata(dir.join("out.xlsx")).map_or(0, |m| m.len());
    let doc: Option<Value> = std::fs::read(dir.join("out.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let Some(doc) = doc.filter(|_| xlsx > 0) else {
        v.fatal = Some(format!(
            "{}, but the workbook ({xlsx} bytes) or the JSON is missing",
            run.describe()
        ));
        return v;
    };
    let files = doc["files"].as_array().cloned().unwrap_or_default();
    let shown: Vec<String> = files
        .iter()
        .map(|f| f["file"].as_str().unwrap_or("").to_string())
        .collect();
    v.files.extend(accounting(&inputs(dir), &shown));
    for f in &files {
        let status = f["status"].as_str().unwrap_or("");
        if status == "imported" {
            continue;
        }
        let reason = f["reason"].as_str().unwrap_or("");
        if let Err(why) = plain_chinese(reason, &shown) {
            v.files
                .push(format!("{}: {status}, {why}: {reason:?}", f["file"]));
        }
    }
    let names: Vec<&str> = doc["departments"]
        .as_array()
        .map(|d| d.iter().filter_map(|d| d["name"].as_str()).collect())
        .unwrap_or_default();
    for d in SAMPLE_DEPARTMENTS {
        if !names.contains(&d) {
            v.files
                .push(format!("the sample department {d} was not read"));
        }
    }
    v
}

/// Every input in `files[]` exactly once (a `.zip`: its entries, or itself once
/// when refused), and nothing else there.
fn accounting(inputs: &[String], shown: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for s in shown {
        *seen.entry(s.as_str()).or_default() += 1;
    }
    for (s, n) in &seen {
        if *n > 1 {
            out.push(format!("{s}: {n} times in files[]"));
        }
    }
    let mut claimed = vec![false; shown.len()];
    for input in inputs {
        let inside = format!("{input}/");
        let mine: Vec<usize> = (0..shown.len())
            .filter(|&i| shown[i] == *input || shown[i].starts_with(&inside))
            .collect();
        for &i in &mine {
            claimed[i] = true;
        }
        let zip = input.to_lowercase().ends_with(".zip");
        if mine.is_empty() || (!zip && mine.len() > 1) {
            out.push(format!("{input}: {} entries in files[]", mine.len()));
        }
    }
    for (i, c) in claimed.iter().enumerate() {
        if !c {
            out.push(format!("{}: in files[] but not an input", shown[i]));
        }
    }
    out
}

/// Names of products and formats a Chinese message may carry (those of
/// `tests/corpus.rs`, and a few more).
const NAMES: &[&str] = &[
    "PDF",
    "Word",
    "WPS",
    "Excel",
    "Office",
    "OLE",
    "ODS",
    "HTML",
    "XML",
    "CSV",
    "JSON",
    "KB",
    "MB",
    "GB",
    "MiB",
    "GiB",
    "RAR",
    "UTF",
    "GBK",
    "ANSI",
    "BOM",
    "VS",
    "Code",
    "jixiao",
    "zip",
    "ZIP",
    "CMap",
    "OpenDocument",
];

/// Whether a reason is plain Chinese: it has Chinese characters and no English
/// words, file names (`shown`) aside; a word right after `/` or `.` is a format's
/// own name (`/FlateDecode`, `.xlsx`), one right after `-` an option's
/// (`--file-timeout`).
pub fn plain_chinese(reason: &str, shown: &[String]) -> Result<(), String> {
    if !reason
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return Err("no Chinese reason".into());
    }
    if english_word(reason).is_none() {
        return Ok(());
    }
    // The file names in it set aside, the longest first (a zip's entry before the
    // zip): only those it contains, as a batch shows thousands.
    let mut names: Vec<&String> = shown
        .iter()
        .filter(|s| reason.contains(s.as_str()))
        .collect();
    names.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut text = reason.to_string();
    for s in names {
        text = text.replace(s.as_str(), " ");
    }
    match english_word(&text) {
        Some(word) => Err(format!("English word {word:?} in the reason")),
        None => Ok(()),
    }
}

/// The first English word of `text` that is not a known name ([`NAMES`]) or a
/// format's or an option's name (after `/`, `.` or `-`).
fn english_word(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word = &text[start..i];
        let after_mark = start > 0 && matches!(bytes[start - 1], b'/' | b'.' | b'-');
        if word.len() >= 2 && !after_mark && !NAMES.contains(&word) {
            return Some(word);
        }
    }
    None
}

/// Runs a batch of these mutants and the samples; the run and its verdict.
pub fn batch(mutants: &[&Mutant]) -> (Run, Verdict) {
    let dir = prepare(mutants, true);
    let run = run(dir.path(), watchdog(mutants.len() + 12));
    let verdict = judge(dir.path(), &run);
    (run, verdict)
}

/// What a culprit search found: sets that take a batch down (one mutant each,
/// or a set that fails while neither half does), and the failing sets left
/// unsearched when the search ran out of time.
#[derive(Default)]
pub struct Search<'a> {
    /// Each set and how its batch ended.
    pub found: Vec<(Vec<&'a Mutant>, String)>,
    /// Sets still failing, not halved further.
    pub unresolved: Vec<(Vec<&'a Mutant>, String)>,
}

/// The time a culprit search may take: `JIXIAO_FUZZ_SEARCH` seconds, 300 by
/// default. A hung half costs a whole watchdog, so the search has a budget.
pub fn search_budget() -> Duration {
    Duration::from_secs(
        std::env::var("JIXIAO_FUZZ_SEARCH")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300),
    )
}

/// The mutants that take a batch down, found by rerunning halves of the set
/// (with the samples) while a half still fails; both halves are searched, so
/// every culprit is found. The set that failed first is halved first, so that
/// the quick aborts are named before the hangs eat the budget.
pub fn culprits<'a>(mutants: &[&'a Mutant], fatal: String, wall: Duration) -> Search<'a> {
    let started = Instant::now();
    let budget = search_budget();
    let mut out = Search::default();
    let mut pending: Vec<(Vec<&'a Mutant>, String, Duration)> =
        vec![(mutants.to_vec(), fatal, wall)];
    while !pending.is_empty() {
        let quickest = (0..pending.len()).min_by_key(|&i| pending[i].2).unwrap();
        let (set, fatal, _) = pending.swap_remove(quickest);
        if set.len() == 1 {
            eprintln!("culprit: {} ({fatal})", set[0].name);
            out.found.push((set, fatal));
            continue;
        }
        if started.elapsed() > budget {
            out.unresolved.push((set, fatal));
            continue;
        }
        let (a, b) = set.split_at(set.len() / 2);
        let mut failed = false;
        for half in [a, b] {
            let (run, verdict) = batch(half);
            if let Some(fatal) = verdict.fatal {
                failed = true;
                pending.push((half.to_vec(), fatal, run.wall));
            }
        }
        if !failed {
            out.found.push((set, fatal));
        }
    }
    out
}

/// Runs one mutant alone (no samples): how it ended, its time and peak memory.
pub fn alone(mutant: &Mutant) -> Run {
    let dir = prepare(&[mutant], false);
    run(dir.path(), watchdog(1))
}
