//! `jixiao build`: inputs → workbook (+ JSON, CSV).

use super::outputs;
use crate::cli::BuildArgs;
use anyhow::{bail, Context, Result};
use jixiao::write::{json, xlsx, AtomicFile};
use jixiao::Batch;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The default output name: `{年度}年度部门整体支出绩效自评汇总表.xlsx`.
pub fn default_output(year: Option<i32>) -> PathBuf {
    match year {
        Some(y) => PathBuf::from(format!("{y}年度部门整体支出绩效自评汇总表.xlsx")),
        None => PathBuf::from("部门整体支出绩效自评汇总表.xlsx"),
    }
}

/// Refuse to write an output over one of the inputs, unless that input is a
/// previous summary workbook (which the batch skipped).
pub fn guard_output(output: &Path, inputs: &[jixiao::collect::Input], batch: &Batch) -> Result<()> {
    let Ok(out) = output.canonicalize() else {
        return Ok(());
    };
    let summary = jixiao::read::ReadError::SummaryWorkbook.to_string();
    let clash = inputs
        .iter()
        .filter(|i| i.path.canonicalize().is_ok_and(|p| p == out))
        .any(|i| {
            !batch
                .files
                .iter()
                .any(|r| r.file == i.display && r.reason.as_deref() == Some(summary.as_str()))
        });
    if clash {
        bail!(
            "输出文件 {} 是输入文件之一，请换一个输出路径",
            output.display()
        );
    }
    Ok(())
}

/// Run `build`.
/// The workbook path with the `.xlsx` it is written as: `汇总` → `汇总.xlsx`,
/// `汇总.xls`/`汇总.csv` → `汇总.xlsx` with a message (never a mislabelled file).
pub fn xlsx_path(path: PathBuf) -> (PathBuf, Option<String>) {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("xlsx") => (path, None),
        other => {
            let fixed = path.with_extension(match other {
                // `汇总.2024` is a name with a dot, not an extension.
                Some(e) if !e.chars().all(|c| c.is_ascii_alphabetic()) => format!("{e}.xlsx"),
                _ => "xlsx".to_string(),
            });
            let hint = match other {
                Some("csv") => "；CSV 请用 --csv 文件夹 导出",
                Some("json") => "；JSON 请用 --json 文件 导出",
                _ => "",
            };
            let message = format!(
                "提示：汇总表是 Excel 2007+ 格式（.xlsx），已写为 {}{hint}",
                fixed.display()
            );
            (fixed, Some(message))
        }
    }
}

pub fn run(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let mut args = args;
    // jixiao.toml beside the inbox, under the command line; before anything else.
    let feedback = super::settings::apply_build(&mut args)?;
    if let Some(output) = args.output.take() {
        let (fixed, message) = xlsx_path(output);
        if let Some(m) = message {
            eprintln!("{m}");
        }
        args.output = Some(fixed);
    }
    // The outputs' folders are tried before the batch: the default name waits for the
    // year, but its folder is the current one.
    let probe = args.output.clone().unwrap_or_else(|| default_output(None));
    let csv_dir = args.csv.as_deref().map(outputs::csv_folder);
    let files = [Some(probe.as_path()), args.json.as_deref()];
    let folders = [csv_dir.as_deref(), args.forms.as_deref()];
    outputs::remove_stale(
        &files.into_iter().flatten().collect::<Vec<_>>(),
        &folders.into_iter().flatten().collect::<Vec<_>>(),
        args.batch.quiet,
    );
    let workbook_file = super::open_output(&probe)?;
    let json_file = args.json.as_deref().map(super::open_output).transpose()?;
    if let Some(dir) = &csv_dir {
        let others = [
            Some(probe.as_path()),
            args.json.as_deref(),
            args.forms.as_deref(),
        ];
        outputs::guard_csv_folder(dir, &others.into_iter().flatten().collect::<Vec<_>>())?;
    }
    if let Some(dir) = &args.forms {
        super::forms::guard_forms_folder(dir, &args.batch.inputs)?;
    }
    let (options, inputs, batch) = super::run_batch(
        &args.batch,
        args.district.clone(),
        Some(feedback.review_date.clone()),
    )?;

    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(batch.year));
    for target in [Some(&output), args.json.as_ref()].into_iter().flatten() {
        guard_output(target, &inputs, &batch)?;
    }
    let bar = super::writing_bar(args.batch.quiet);
    bar.set_message(output.display().to_string());
    // The workbook (one thread: generation and zip) and the JSON (parallel per
    // chunk) are written at the same time.
    let (workbook, json) = std::thread::scope(|scope| {
        let json = json_file.map(|file| {
            scope.spawn(|| -> Result<AtomicFile> {
                let mut file = file;
                let mut w = std::io::BufWriter::with_capacity(1 << 20, &mut file);
                json::write_to(&batch, &options.scheme, &mut w)
                    .and_then(|()| w.flush())
                    .context("写入 JSON 失败")?;
                drop(w);
                Ok(file)
            })
        });
        let shown = output.display().to_string();
        let workbook = xlsx::to_bytes_reporting(
            &batch,
            &options.scheme,
            xlsx::EXCEL_MAX_ROWS,
            &|sheet: &str| bar.set_message(format!("{shown}：{sheet}")),
        )
        .context("生成汇总表失败");
        let json = json.map(|h| h.join().expect("the JSON writer does not panic"));
        (workbook, json)
    });
    // All made (the CSV tables in a folder beside) before any replaces a previous
    // output: a run stopped before this point leaves every previous output as it was.
    let (workbook, json) = (workbook?, json.transpose()?);
    let csv = match &csv_dir {
        Some(dir) => {
            bar.set_message(dir.display().to_string());
            Some((outputs::stage_csv(dir, &batch, &options.scheme)?, dir))
        }
        None => None,
    };
    super::finish_output(workbook_file, &output, &workbook)?;
    if let (Some(path), Some(file)) = (&args.json, json) {
        file.commit(path)
            .with_context(|| format!("无法写入 {}", path.display()))?;
    }
    if let Some((staging, dir)) = csv {
        outputs::commit_csv(staging, dir)?;
    }
    let mut forms_written = None;
    if let Some(dir) = &args.forms {
        bar.set_message(dir.display().to_string());
        // Each form is written with its own layout's scheme (a 财政部 form's
        // indicators are the mof-2020 scheme's, not the canonical one's).
        let catalog = options.catalog()?;
        forms_written = Some(super::forms::write_forms(dir, &batch, &catalog, &feedback)?);
    }
    bar.finish_and_clear();
    eprintln!(
        "{}",
        summary_line(&batch, &output, started.elapsed().as_secs_f64())
    );
    // Every other file and folder written, named.
    let mut also = Vec::new();
    if let Some(p) = &args.json {
        also.push(format!("JSON：{}", p.display()));
    }
    if let Some(p) = &args.csv {
        also.push(format!("CSV 文件夹：{}", p.display()));
    }
    if let (Some(p), Some(w)) = (&args.forms, &forms_written) {
        also.push(format!("退回部门的标准格式表：{}", w.line(p)));
    }
    if !also.is_empty() {
        eprintln!("另写出 {}", also.join("；"));
    }
    Ok(())
}

/// The one-line Chinese summary printed at the end.
pub fn summary_line(batch: &Batch, output: &Path, seconds: f64) -> String {
    format!(
        "完成：{}；汇总表：{}（用时 {:.1} 秒）",
        super::counts(batch),
        output.display(),
        seconds
    )
}
