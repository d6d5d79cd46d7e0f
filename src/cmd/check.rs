//! `jixiao check`: the findings only, as a readable table grouped by department;
//! exit code 1 when any 错误 was found.

use crate::cli::CheckArgs;
use anyhow::{Context, Result};
use jixiao::model::{Finding, Severity};
use jixiao::write::{display_width, json};
use jixiao::Batch;
use std::io::{self, Write};

/// What `check` found: whether any finding is an 错误.
pub struct Outcome {
    /// At least one 错误.
    pub has_errors: bool,
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Write the findings as text: a heading per department (or failed file), under it
/// the department's files (its form, its report) each followed by its findings
/// (level, cell or paragraph, rule, message), then a summary line.
pub fn render(batch: &Batch, out: &mut impl Write) -> io::Result<()> {
    let cell_width = batch
        .findings()
        .map(|f| f.place.shown().map_or(0, |c| display_width(&c)))
        .max()
        .unwrap_or(0)
        .max(4);
    let reports: std::collections::HashSet<&str> = batch
        .files
        .iter()
        .filter(|r| r.report)
        .map(|r| r.file.as_str())
        .collect();
    let mut department: Option<String> = None;
    let mut file: Option<String> = None;
    for f in batch.findings() {
        if department.as_deref() != Some(f.department.as_str())
            || f.department.is_empty() && file.as_deref() != Some(f.file.as_str())
        {
            department = Some(f.department.clone());
            file = None;
            if f.department.is_empty() {
                write!(out, "\n{}\n", f.file)?;
                file = Some(f.file.clone());
            } else {
                write!(out, "\n{}\n", f.department)?;
            }
        }
        if file.as_deref() != Some(f.file.as_str()) {
            file = Some(f.file.clone());
            let kind = if reports.contains(f.file.as_str()) {
                "自评报告"
            } else {
                "自评表"
            };
            writeln!(out, "  {kind} {}", f.file)?;
        }
        out.write_all(line(&f, cell_width).as_bytes())?;
    }
    if department.is_none() {
        out.write_all("\n未发现问题。\n".as_bytes())?;
    }
    // Skipped files are named with their reason (failed ones are listed above).
    let skipped: Vec<&jixiao::model::FileRecord> = batch
        .files
        .iter()
        .filter(|r| r.status == jixiao::model::FileStatus::Skipped)
        .collect();
    if !skipped.is_empty() {
        writeln!(out, "\n跳过的文件（{} 个）", skipped.len())?;
        for r in skipped {
            writeln!(out, "  {}：{}", r.file, r.reason.as_deref().unwrap_or(""))?;
        }
    }
    if let Some(summary) = jixiao::write::follow_up::summary(batch) {
        out.write_all(summary.as_bytes())?;
    }
    write!(out, "\n共 {}\n", super::counts(batch))
}

fn line(f: &Finding, cell_width: usize) -> String {
    let cell = f.place.shown().unwrap_or_else(|| "—".into());
    let mut s = format!(
        "    {}  {}  {}：{}",
        f.severity.label(),
        pad(&cell, cell_width),
        f.rule.label(),
        f.message
    );
    s.push('\n');
    s
}

/// Run `check`.
pub fn run(args: CheckArgs) -> Result<Outcome> {
    let mut args = args;
    // jixiao.toml beside the inbox (scheme, layouts, tolerances), under the command line.
    super::settings::apply(&mut args.batch, true)?;
    let json = args.json.as_deref();
    super::outputs::remove_stale(&json.into_iter().collect::<Vec<_>>(), &[], args.batch.quiet);
    let json_file = args.json.as_deref().map(super::open_output).transpose()?;
    let (options, inputs, batch) = super::run_batch(&args.batch, None, None)?;
    if let (Some(path), Some(mut file)) = (&args.json, json_file) {
        super::build::guard_output(path, &inputs, &batch)?;
        let mut w = io::BufWriter::with_capacity(1 << 20, &mut file);
        json::write_to(&batch, &options.scheme, &mut w)
            .and_then(|()| w.flush())
            .context("写入 JSON 失败")?;
        drop(w);
        super::finish_output(file, path, &[])?;
    }
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    match render(&batch, &mut stdout).and_then(|()| stdout.flush()) {
        // `jixiao check | head`: the reader has seen enough.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("无法输出审核结果")?,
    }
    Ok(Outcome {
        has_errors: batch.district.findings[Severity::Error as usize] > 0,
    })
}
