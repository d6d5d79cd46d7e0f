//! The file system and the edges of a run (issue 24, items 3 and 4): symbolic
//! links followed once per real path, pipes and devices skipped unopened, a lone
//! zip over the entry limit accounted for, department names too long for a file
//! name cut, what a killed run left removed by the next, and the CSV folder
//! replaced as a whole. Fixtures: `tests/fixtures/fs_edges/` (made by its
//! script); links and pipes are made here, in a temporary folder.

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous: a run here takes a second or two. Only a run that hangs meets it.
const WATCHDOG: Duration = Duration::from_secs(300);

/// Run `jixiao` in `cwd` (under a 3 GiB address-space limit on Unix, so that a
/// file read without bound fails the test, not the machine); a run still going
/// after [`WATCHDOG`] is killed and fails the test.
fn run(cwd: &Path, args: &[&str]) -> Output {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("out"), logs.path().join("err"));
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("ulimit -v 3145728 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_jixiao"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_jixiao"))
    };
    let mut child = command
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("run jixiao");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("jixiao {args:?} still running after {WATCHDOG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: std::fs::read(&out).unwrap(),
        stderr: std::fs::read(&err).unwrap(),
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `files[]` as (file, status, reason).
fn files(doc: &Value) -> Vec<(String, String, String)> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/fs_edges").join(name)
}

/// Two links to `.` and one to `..` (the case that hung, memory growing), a link
/// to a folder above from a subfolder, two links to each other, a link to a file
/// and one to a folder already listed, a link to nothing, a file outside reached
/// by a link to it and again by a link to its folder: the run completes, each form
/// is read once (under its own path when it is inside the input), every link or
/// path met again is listed as skipped with its reason.
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_once_per_real_path() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for f in ["000.xlsx", "001.xlsx"] {
        std::fs::copy(root().join("samples").join(f), input.join(f)).unwrap();
    }
    std::fs::copy(root().join("samples/002.xlsx"), input.join("sub/002.xlsx")).unwrap();
    // Outside the input folder, reached by a link to the file, then to its folder.
    std::fs::create_dir(dir.path().join("ext")).unwrap();
    std::fs::copy(
        root().join("samples/003.xlsx"),
        dir.path().join("ext/x.xlsx"),
    )
    .unwrap();
    for (link, target) in [
        ("self1", "."),
        ("self2", "."),
        ("up", ".."),
        ("sub/back", "../"),
        ("loop-a", "loop-b"),
        ("loop-b", "loop-a"),
        ("dup.xlsx", "000.xlsx"),
        // Sorted before `sub`, yet `sub` is listed under its own name.
        ("alias", "sub"),
        ("gone.xlsx", "missing.xlsx"),
        ("a.xlsx", "../ext/x.xlsx"),
        ("b", "../ext"),
    ] {
        symlink(target, input.join(link)).unwrap();
    }
    let out = run(
        dir.path(),
        &["build", "-q", "in", "-o", "o.xlsx", "--json", "o.json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = read_json(&dir.path().join("o.json"));
    let looped = "符号链接指向所在的文件夹或其上级文件夹（循环链接），未读取";
    let cycle = "符号链接循环（链接指向自身或互相指向），未读取";
    let expected = [
        ("in/000.xlsx", "imported", ""),
        ("in/001.xlsx", "imported", ""),
        ("in/a.xlsx", "imported", ""),
        (
            "in/alias",
            "skipped",
            "符号链接指向已读取的文件夹 in/sub，同一文件夹只读一次",
        ),
        (
            "in/b/x.xlsx",
            "skipped",
            "与已读取的文件 in/a.xlsx 是同一个文件，只读一次",
        ),
        (
            "in/dup.xlsx",
            "skipped",
            "符号链接指向已读取的文件 in/000.xlsx，同一文件只读一次",
        ),
        (
            "in/gone.xlsx",
            "skipped",
            "符号链接指向的文件不存在，未读取",
        ),
        ("in/loop-a", "skipped", cycle),
        ("in/loop-b", "skipped", cycle),
        ("in/self1", "skipped", looped),
        ("in/self2", "skipped", looped),
        ("in/sub/002.xlsx", "imported", ""),
        ("in/sub/back", "skipped", looped),
        ("in/up", "skipped", looped),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(f, s, r)| (f.to_string(), s.to_string(), r.to_string()))
        .collect();
    assert_eq!(files(&doc), expected);
    assert_eq!(doc["departments"].as_array().unwrap().len(), 4);
}

/// A named pipe named like a form (opening it would wait for a writer for ever), a
/// link to `/dev/zero` named `.xlsx` (reading it never ends), a link to
/// `/dev/null`, a pipe named `.zip` (listed as an archive before the batch): each
/// is skipped, unopened, with what it is; the form beside is read. A pipe given
/// alone on the command line is skipped too, and the run completes.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_skipped_unopened() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(root().join("samples/000.xlsx"), input.join("000.xlsx")).unwrap();
    for pipe in ["管道.xlsx", "报送.zip"] {
        let made = Command::new("mkfifo").arg(input.join(pipe)).status();
        assert!(made.expect("mkfifo").success());
    }
    symlink("/dev/zero", input.join("zero.xlsx")).unwrap();
    symlink("/dev/null", input.join("null.xls")).unwrap();
    let out = run(
        dir.path(),
        &["build", "-q", "in", "-o", "o.xlsx", "--json", "o.json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pipe = "命名管道（FIFO），不是普通文件，未读取";
    let device = "设备文件，不是普通文件，未读取";
    let expected: Vec<(String, String, String)> = [
        ("in/000.xlsx", "imported", ""),
        ("in/null.xls", "skipped", device),
        ("in/zero.xlsx", "skipped", device),
        ("in/报送.zip", "skipped", pipe),
        ("in/管道.xlsx", "skipped", pipe),
    ]
    .iter()
    .map(|(f, s, r)| (f.to_string(), s.to_string(), r.to_string()))
    .collect();
    assert_eq!(files(&read_json(&dir.path().join("o.json"))), expected);

    let out = run(
        dir.path(),
        &["check", "-q", "in/管道.xlsx", "--json", "p.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = read_json(&dir.path().join("p.json"));
    let expected = vec![(
        "in/管道.xlsx".to_string(),
        "skipped".to_string(),
        pipe.to_string(),
    )];
    assert_eq!(files(&doc), expected);
}

/// A zip of 10,001 files given alone: not "no readable file, check the path"
/// (exit 2), but one failed file whose reason says the zip has too many entries;
/// the workbook and the JSON are written.
#[test]
fn a_lone_zip_over_the_entry_limit_is_one_failed_file() {
    let dir = tempfile::tempdir().unwrap();
    let zip = fixture("many-entries.zip");
    let out = run(
        dir.path(),
        &[
            "build",
            "-q",
            zip.to_str().unwrap(),
            "-o",
            "o.xlsx",
            "--json",
            "o.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("o.xlsx").is_file());
    let listed = files(&read_json(&dir.path().join("o.json")));
    assert_eq!(listed.len(), 1);
    let (file, status, reason) = &listed[0];
    // Given by its absolute path, it is shown by its name.
    assert_eq!(file, "many-entries.zip");
    assert_eq!(status, "failed");
    assert_eq!(
        reason,
        "压缩包中有 10001 个条目，超过上限 10000，请解压后分批报送"
    );

    // `check` of it alone: one 错误 (the unreadable file), exit 1.
    let out = run(dir.path(), &["check", "-q", zip.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Two departments with 90-character names (270 bytes, past the 255 bytes a file
/// name may have) sharing their first 85 characters, beside a sample: every form
/// is written; a long name keeps its first 37 characters (111 bytes) and gets `_`
/// and the first 8 hex digits of the SHA-256 of the whole name.
#[test]
fn department_names_too_long_for_a_file_name_are_cut_with_a_hash() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (fixture("长名称甲.xlsx"), fixture("长名称乙.xlsx"));
    let sample = root().join("samples/000.xlsx");
    let out = run(
        dir.path(),
        &[
            "build",
            "-q",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            sample.to_str().unwrap(),
            "-o",
            "o.xlsx",
            "--forms",
            "forms",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let unit = "南沙区人民政府办公室所属事务中心";
    let prefix: String = unit.repeat(6).chars().take(85).collect();
    let cut = format!("{unit}{unit}南沙区人民");
    let named = |suffix: &str| {
        let name = format!("{prefix}{suffix}");
        let hash: String = Sha256::digest(name.as_bytes())[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{cut}_{hash}.xlsx")
    };
    let mut expected = vec![
        named("第一分中心"),
        named("第二分中心"),
        "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室.xlsx".to_string(),
        // The reviewer's list of the round, beside the forms.
        "退回清单.xlsx".to_string(),
    ];
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    assert!(written.iter().all(|n| n.len() <= 255));
}

/// Temporary outputs of a run killed outright (its process gone: id 999999999 is
/// past any system's limit), a file and a staging folder, are removed at the next
/// run's start with one line; a live process's (this test's), names that are not
/// jixiao's own, and links are left.
#[test]
fn temporaries_of_dead_runs_are_removed_at_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let put = |name: &str| std::fs::write(out_dir.join(name), b"partial").unwrap();
    put(".jixiao-999999999-0.tmp");
    std::fs::create_dir(out_dir.join(".jixiao-999999999-1.tmp")).unwrap();
    put(".jixiao-999999999-1.tmp/汇总表.csv");
    let live = format!(".jixiao-{}-0.tmp", std::process::id());
    let kept = [
        live.as_str(),
        ".jixiao-notes.tmp",
        "jixiao-999999999-0.tmp",
        ".jixiao-999999999-0.tmp.bak",
    ];
    for name in kept {
        put(name);
    }
    let samples = root().join("samples");
    let out = run(
        dir.path(),
        &[
            "build",
            samples.to_str().unwrap(),
            "-o",
            "out/o.xlsx",
            "--json",
            "out/o.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.contains("临时文件"))
        .map(str::to_string)
        .collect();
    assert_eq!(said, ["已清理此前中断的运行留下的 2 个临时文件"]);
    let mut left: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
    expected.extend(["o.json".to_string(), "o.xlsx".to_string()]);
    expected.sort();
    assert_eq!(left, expected);
}

/// The tables a batch of `samples/` writes as CSV.
const TABLES: [&str; 8] = [
    "审核问题.csv",
    "报告核对.csv",
    "指标得分.csv",
    "文件清单.csv",
    "汇总表.csv",
    "目标完成.csv",
    "统计分析.csv",
    "资金明细.csv",
];

/// The files of a folder (not its subfolders) and their bytes; none when it does
/// not exist.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A CSV folder of an earlier run, with a table this run does not write: after
/// the run it holds exactly this run's tables (the old one is gone: the folder was
/// replaced, not written into), and no temporary folder is left beside it.
#[test]
fn the_csv_folder_is_replaced_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out/csv");
    std::fs::create_dir_all(&csv).unwrap();
    std::fs::write(csv.join("旧表.csv"), "旧,表\r\n").unwrap();
    std::fs::write(csv.join("汇总表.csv"), "旧\r\n").unwrap();
    let samples = root().join("samples");
    let out = run(
        dir.path(),
        &[
            "build",
            "-q",
            samples.to_str().unwrap(),
            "-o",
            "out/o.xlsx",
            "--csv",
            "out/csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let tables = snapshot(&csv);
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        TABLES.iter().collect::<Vec<_>>()
    );
    let summary = String::from_utf8(tables["汇总表.csv"].clone()).unwrap();
    assert!(summary.starts_with('\u{feff}'), "{summary}");
    // The five departments of samples/, a header and a 合计 row.
    assert_eq!(summary.lines().count(), 7, "{summary}");
    let mut left: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["csv", "o.xlsx"]);
}

/// A `--csv` folder that holds other files, or that the workbook would be written
/// in, is refused before the batch (exit 2): nothing is written, nothing removed.
#[test]
fn a_csv_folder_that_would_take_other_files_with_it_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("导出");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(csv.join("说明.docx"), "不是 CSV").unwrap();
    std::fs::write(csv.join("汇总表.csv"), "旧\r\n").unwrap();
    let samples = root().join("samples");
    let samples = samples.to_str().unwrap();
    let out = run(
        dir.path(),
        &["build", "-q", samples, "-o", "o.xlsx", "--csv", "导出"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("CSV 文件夹 导出 中有 CSV 以外的文件或文件夹（说明.docx）"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&csv).len(), 2);
    assert!(!dir.path().join("o.xlsx").exists());

    // The workbook inside the CSV folder (the current folder as `--csv .`).
    let fresh = dir.path().join("空");
    std::fs::create_dir(&fresh).unwrap();
    let out = run(
        &fresh,
        &["build", "-q", samples, "-o", "o.xlsx", "--csv", "."],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("在 CSV 文件夹 . 之内"),
        "{}",
        stderr(&out)
    );
    assert!(snapshot(&fresh).is_empty());
}

/// The outputs of `out/`: workbook, JSON, and the CSV folder's tables.
fn outputs(out: &Path) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
    let mut all = BTreeMap::new();
    let top = snapshot(out);
    for name in ["o.xlsx", "o.json"] {
        let mut one = BTreeMap::new();
        one.extend(top.get(name).map(|b| (name.to_string(), b.clone())));
        all.insert(name.to_string(), one);
    }
    all.insert("csv".to_string(), snapshot(&out.join("csv")));
    all
}

/// A run killed outright (SIGKILL, TerminateProcess) at moments spread from its
/// start to its end: each output — the workbook, the JSON, the CSV folder as
/// a set — is always the earlier run's or the new one's, never a mix; the next run
/// removes what the killed ones left. Which moments the kills land on depends on
/// the machine's speed; what is asserted does not.
#[test]
fn a_killed_run_leaves_each_output_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let build_into = |out: &Path, inputs: &str| -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jixiao"));
        c.current_dir(root())
            .args(["build", "-q", inputs, "-o"])
            .arg(out.join("o.xlsx"))
            .arg("--json")
            .arg(out.join("o.json"))
            .arg("--csv")
            .arg(out.join("csv"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let (old_dir, new_dir, out) = (
        dir.path().join("old"),
        dir.path().join("new"),
        dir.path().join("out"),
    );
    let mut whole = Duration::ZERO;
    for (d, inputs) in [(&old_dir, "samples/000.xlsx"), (&new_dir, "samples")] {
        std::fs::create_dir(d).unwrap();
        let started = Instant::now();
        assert!(build_into(d, inputs).status().unwrap().success());
        whole = started.elapsed();
    }
    let (old, new) = (outputs(&old_dir), outputs(&new_dir));
    assert_ne!(old["csv"], new["csv"]);
    // The earlier run's outputs put back; what a killed run left stays.
    let restore = || {
        let _ = std::fs::remove_dir_all(out.join("csv"));
        std::fs::create_dir_all(out.join("csv")).unwrap();
        for (name, bytes) in old.values().flatten() {
            let at = match name.ends_with(".csv") {
                true => out.join("csv").join(name),
                false => out.join(name),
            };
            std::fs::write(at, bytes).unwrap();
        }
    };
    // Kills at 24 moments from the start to a little past a whole run's time.
    for step in 0..24u32 {
        let delay = whole.mul_f64(1.15) * step / 23;
        restore();
        let mut child = build_into(&out, "samples").spawn().unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        child.wait().unwrap();
        let now = outputs(&out);
        for (what, files) in &now {
            if files == &old[what] || files == &new[what] {
                continue;
            }
            if what == "csv" && files.is_empty() {
                // Killed between the two renames: the old set is aside, whole.
                let aside = std::fs::read_dir(&out).unwrap().any(|e| {
                    let e = e.unwrap();
                    e.file_name().to_string_lossy().starts_with(".jixiao-")
                        && snapshot(&e.path()) == old["csv"]
                });
                assert!(
                    aside,
                    "killed after {delay:?}: no CSV folder and no old set"
                );
            } else {
                panic!("killed after {delay:?}: {what} is neither the old nor the new");
            }
        }
        if finished {
            break;
        }
    }
    // The next run removes every temporary file the killed ones left (and one of
    // a process long gone).
    restore();
    std::fs::write(out.join(".jixiao-999999999-0.tmp"), b"partial").unwrap();
    assert!(build_into(&out, "samples").status().unwrap().success());
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".jixiao-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(outputs(&out), new);
}
