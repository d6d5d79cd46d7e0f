//! One file per subcommand, plus what the batch commands share.

pub mod build;
pub mod check;
pub mod forms;
pub mod layout;
pub mod outputs;
pub mod settings;
pub mod template;
pub mod worker;

use crate::cli::{BatchArgs, LimitArgs};
use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};
use jixiao::batch::worker::{Isolation, WORKER_ARG};
use jixiao::collect::Input;
use jixiao::model::Tolerances;
use jixiao::scheme::Scheme;
use jixiao::write::AtomicFile;
use jixiao::Batch;
use jixiao::Options;
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

/// Load `--scheme` or the built-in scheme.
pub fn load_scheme(path: Option<&Path>) -> Result<Scheme> {
    match path {
        Some(p) => Ok(Scheme::load(p)?),
        None => Ok(Scheme::builtin()),
    }
}

fn progress_bar(total: usize, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "读取 [{bar:30}] {pos}/{len} 个文件 {rate} 剩余 {eta} {wide_msg}",
        )
        .expect("valid template")
        // Whole files a second: indicatif's own {per_sec} prints `2,300.6773/s`.
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} 个/秒", state.per_sec());
            },
        )
        .progress_chars("=> "),
    );
    bar
}

/// A spinner on stderr for the writing phase (hidden with `-q` or when stderr is
/// not a terminal).
pub fn writing_bar(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} 写入 {wide_msg} {elapsed}")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Open the temporary file of an output, in its folder. Done before the batch, so
/// that a missing or read-only folder is reported before a long run.
pub fn open_output(target: &Path) -> Result<AtomicFile> {
    AtomicFile::beside(target).map_err(|e| {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => format!("文件夹“{}”", p.display()),
            _ => "当前文件夹".to_string(),
        };
        // A new temporary file: no other program can hold it, so no Excel hint.
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => format!("{dir}不存在，请先建好或换一个输出路径"),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                format!("没有在{dir}中写文件的权限，请换一个输出路径")
            }
            _ => format!("{}，请换一个输出路径", jixiao::plain::io(&e)),
        };
        anyhow::anyhow!("无法写入输出文件 {}：{why}", target.display())
    })
}

/// Fill an opened output and rename it into place.
pub fn finish_output(mut file: AtomicFile, target: &Path, bytes: &[u8]) -> Result<()> {
    file.write_all(bytes)
        .and_then(|()| file.commit(target))
        .map_err(|e| anyhow::anyhow!("无法写入 {}：{}", target.display(), jixiao::plain::io(&e)))
}

/// The message for an error that ends the run: the Chinese context, and for an
/// I/O cause what it means. Library wording stays out unless `JIXIAO_DETAIL` is
/// set (for support).
pub fn explain(e: &anyhow::Error) -> String {
    if std::env::var_os("JIXIAO_DETAIL").is_some() {
        return format!("{e:#}");
    }
    let top = e.to_string();
    match e
        .chain()
        .skip(1)
        .find_map(|c| c.downcast_ref::<std::io::Error>())
    {
        Some(io) => format!("{top}：{}", jixiao::plain::io(io)),
        None => top,
    }
}

/// The batch's options from the command line (what a worker process builds too):
/// everything but the worker processes.
pub fn options(args: &BatchArgs, district: Option<String>) -> Result<Options> {
    Ok(Options {
        inputs: args.inputs.clone(),
        year: args.year,
        district,
        scheme: load_scheme(args.scheme.as_deref())?,
        layouts: jixiao::read::layout::Layouts::with_files(&args.layouts)?,
        layout: args.layout.clone(),
        // Given on the command line or in jixiao.toml (see settings::apply), else the default.
        tolerances: Tolerances {
            money: args.tolerance_money.unwrap_or(Tolerances::default().money),
            rate_points: args
                .tolerance_rate
                .unwrap_or(Tolerances::default().rate_points),
            score_review: args
                .score_review
                .unwrap_or(Tolerances::default().score_review),
        },
        limits: read_limits(&args.limits),
        in_memory: jixiao::store::IN_MEMORY,
        isolation: None,
        decisions: Vec::new(),
    })
}

/// This program started again with this command line, `head` before it and
/// `tail` after it, under `--file-timeout` and `--file-memory`: the batch's worker
/// processes ([`jixiao::batch::worker`], `head` [`WORKER_ARG`]), or `layout` run
/// alone (`tail` `--in-process`).
fn isolation(limits: &LimitArgs, head: &[&str], tail: &[&str]) -> Option<Isolation> {
    let program = std::env::current_exe().ok()?;
    let (line, _) = crate::cli::direct_args(std::env::args_os().collect());
    let mut command = vec![program.into_os_string()];
    command.extend(head.iter().map(OsString::from));
    command.extend(line.into_iter().skip(1));
    command.extend(tail.iter().map(OsString::from));
    Some(Isolation {
        command,
        timeout: std::time::Duration::from_secs(limits.file_timeout),
        memory: limits.file_memory.saturating_mul(1 << 20),
    })
}

/// [`jixiao::limits::Limits`] with the size limit given.
fn read_limits(limits: &LimitArgs) -> jixiao::limits::Limits {
    jixiao::limits::Limits {
        max_file_bytes: limits.max_file_mib.saturating_mul(1024 * 1024),
        ..Default::default()
    }
}

/// Collect the inputs and run the batch with a progress bar on stderr.
/// `review_date` is this review's date as printed (default today): the follow-up
/// and the next round show it.
pub fn run_batch(
    args: &BatchArgs,
    district: Option<String>,
    review_date: Option<String>,
) -> Result<(Options, Vec<Input>, Batch)> {
    for (name, v) in [
        ("--tolerance-money", args.tolerance_money),
        ("--tolerance-rate", args.tolerance_rate),
        ("--score-review", args.score_review),
    ] {
        if v.is_some_and(|v| v.is_sign_negative()) {
            bail!("{name} 不能为负数");
        }
    }
    let mut options = Options {
        isolation: if args.limits.in_process {
            None
        } else {
            isolation(&args.limits, &[WORKER_ARG], &[])
        },
        ..options(args, district)?
    };
    // An unknown --layout, or an earlier run that cannot be compared, is refused
    // before anything is read.
    options.catalog()?;
    let previous = match &args.previous {
        Some(path) => Some(
            jixiao::batch::follow_up::Previous::read(
                path,
                &path.display().to_string(),
                &options.scheme.id,
            )
            .map_err(|e| anyhow::anyhow!(e))?,
        ),
        None => None,
    };
    if let Some(previous) = &previous {
        // What could not be taken from the reviewer's columns, before the run.
        for note in &previous.notes {
            eprintln!("提示：{}：{note}", previous.file);
        }
        options.decisions = previous.decisions.clone();
    }
    let inputs = jixiao::inputs(&options)?;
    if inputs.is_empty() {
        bail!("输入中没有任何文件，请检查文件夹路径");
    }
    let spreadsheets = inputs
        .iter()
        .filter(|i| match i.kind() {
            jixiao::collect::Kind::Spreadsheet(_) => true,
            // A .txt counts when it reads as a report (a 说明.txt does not).
            jixiao::collect::Kind::Report(jixiao::collect::Format::Txt) => {
                let size = match i.inner.is_empty() {
                    true => std::fs::metadata(&i.path).map_or(0, |m| m.len()),
                    false => 0,
                };
                jixiao::collect::read_bytes(i, size, &options.limits)
                    .is_ok_and(|(bytes, _)| jixiao::report::text::reads_as_report(&bytes))
            }
            jixiao::collect::Kind::Report(_) => true,
            // An archive that cannot be listed (too many entries, damaged): one
            // failed file, with its reason.
            _ => i.refused.is_some(),
        })
        .count();
    // Reports alone are a batch (their own slips are checked), so is a refused
    // archive; a folder of neither (a 说明.txt at most) is a wrong path.
    if spreadsheets == 0 {
        bail!(
            "输入中的 {} 个文件既不是电子表格（.xlsx .xlsm .xls .xlsb .ods），也不是自评报告（.docx .pdf .txt），没有可读的文件，请检查文件夹路径",
            inputs.len()
        );
    }
    let bar = progress_bar(inputs.len(), args.quiet);
    let batch = jixiao::run(&options, &inputs, &|file: &str| {
        bar.set_message(file.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    if batch.unisolated > 0 {
        eprintln!(
            "注意：无法启动读取文件的子进程，{} 个文件改在本进程中读取，没有每个文件的内存和时间上限；\
             如有异常文件可能使本次运行中止，请检查 jixiao 程序文件是否完整、系统是否限制了进程数",
            batch.unisolated
        );
    }
    let mut batch = batch;
    batch.review_date = Some(review_date.unwrap_or_else(jixiao::write::feedback::today));
    if let Some(previous) = &previous {
        batch.follow_up = Some(jixiao::batch::follow_up::follow_up(&batch, previous));
    }
    Ok((options, inputs, batch))
}

/// `5 个部门：自评表 5，自评报告 7，失败 0，跳过 0；问题：错误 0，警告 5，提示 0`:
/// the counts both batch commands end with. 部门 are the departments in the
/// summary (a superseded duplicate form is 跳过, not a second department); 自评表 and
/// 自评报告 count the files read as such (a report's .docx and .pdf are two);
/// 失败 and 跳过 count files.
pub fn counts(batch: &Batch) -> String {
    use jixiao::model::{FileStatus, Severity};
    let count = |s: FileStatus| batch.files.iter().filter(|r| r.status == s).count();
    let read = |report: bool| {
        batch
            .files
            .iter()
            .filter(|r| r.status == FileStatus::Imported && r.report == report)
            .count()
    };
    let n = &batch.district.findings;
    format!(
        "{} 个部门：自评表 {}，自评报告 {}，失败 {}，跳过 {}；问题：错误 {}，警告 {}，提示 {}",
        batch.departments.len(),
        read(false),
        read(true),
        count(FileStatus::Failed),
        count(FileStatus::Skipped),
        n[Severity::Error as usize],
        n[Severity::Warning as usize],
        n[Severity::Note as usize],
    )
}
