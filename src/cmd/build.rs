//! `jixiao build`: inputs → workbook (+ JSON, CSV).

use super::outputs;
use crate::cli::BuildArgs;
use anyhow::{bail, Context, Result};
use jixiao::write::{self, json, xlsx, AtomicFile};
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
        guard_forms_folder(dir, &args.batch.inputs)?;
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
        forms_written = Some(write_forms(dir, &batch, &catalog, &feedback)?);
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

/// Refuse a `--forms` folder inside an input folder (or holding an input file):
/// the converted forms could overwrite submissions, and the next run would read
/// them as submissions. The folder is created here, before the batch.
fn guard_forms_folder(dir: &Path, inputs: &[PathBuf]) -> Result<()> {
    // Compared as absolute paths, before the folder exists.
    let absolute = outputs::absolute;
    let forms = absolute(dir);
    for input in inputs {
        let input = absolute(input);
        let folder = if input.is_dir() {
            input.as_path()
        } else {
            input.parent().unwrap_or(&input)
        };
        if forms.starts_with(folder) {
            bail!(
                "--forms 文件夹 {} 在输入文件夹之内，转换后的表会覆盖或混入报送文件，请换一个不在输入中的文件夹",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建文件夹 {}", dir.display()))
}

/// The longest file name stem a converted form gets, in UTF-8 bytes (40 Chinese
/// characters): a file name may have 255 bytes on Linux, and Excel on Windows
/// refuses paths past about 218 characters, so a long name is cut well before.
pub const MAX_STEM_BYTES: usize = 120;

/// A department name as a file name: characters Windows forbids become `_`; a name
/// longer than [`MAX_STEM_BYTES`] keeps its beginning and gets `_` and 8 hex digits
/// of the SHA-256 of the whole name, so that two long names never meet.
pub fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return "部门".to_string();
    }
    if trimmed.len() <= MAX_STEM_BYTES {
        return trimmed.to_string();
    }
    use sha2::{Digest, Sha256};
    let hash: String = Sha256::digest(name.as_bytes())[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut prefix = String::new();
    for c in trimmed.chars() {
        if prefix.len() + c.len_utf8() > MAX_STEM_BYTES - 1 - hash.len() {
            break;
        }
        prefix.push(c);
    }
    format!("{}_{hash}", prefix.trim_end().trim_end_matches('.'))
}

/// What `--forms` wrote, for the end-of-run line.
struct FormsWritten {
    /// Converted forms written.
    forms: usize,
    /// Of them, forms marked 审核通过.
    passed: usize,
    /// An earlier round's files moved aside: how many, and where.
    moved: Option<(usize, PathBuf)>,
}

impl FormsWritten {
    /// `退回（5 份，其中审核通过 1 份，另附 退回清单.xlsx；原有 6 个文件已移到 退回/旧表_20261130_1507）`.
    fn line(&self, dir: &Path) -> String {
        let list = jixiao::write::feedback::LIST_FILE;
        let mut s = format!("{}（{} 份", dir.display(), self.forms);
        if self.forms > 0 {
            s.push_str(&format!("，其中审核通过 {} 份，另附 {list}", self.passed));
        }
        if let Some((n, old)) = &self.moved {
            s.push_str(&format!("；原有 {n} 个文件已移到 {}", old.display()));
        }
        s.push('）');
        s
    }
}

/// Whether `path` is a file jixiao writes into a `--forms` folder: an `.xlsx`
/// with a sheet `审核意见` (a converted form) or `退回清单` (the list).
fn is_our_form(path: &Path) -> bool {
    use std::io::Read;
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx || !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    // The sheet list is at the start of a small part; a bounded read suffices.
    let mut xml = String::new();
    if part.take(1 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    let list = jixiao::write::feedback::LIST_SHEET;
    xml.contains("name=\"审核意见\"") || xml.contains(&format!("name=\"{list}\""))
}

/// Move the forms of an earlier round (the files [`is_our_form`] at the top of
/// `dir`) into a new subfolder `旧表_<年月日_时分>` (Beijing time; `_2`… when taken),
/// so that the folder never mixes rounds. Nothing is deleted; subfolders and other
/// files stay where they are. Returns how many were moved, and where.
fn move_old_forms(dir: &Path) -> Result<Option<(usize, PathBuf)>> {
    let mut old: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取文件夹 {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_our_form(p))
        .collect();
    if old.is_empty() {
        return Ok(None);
    }
    old.sort();
    let stamp = jixiao::clock::date_time(jixiao::clock::now())
        .replace('-', "")
        .replace(' ', "_")
        .replace(':', "");
    let mut aside = dir.join(format!("旧表_{stamp}"));
    let mut n = 2;
    while aside.symlink_metadata().is_ok() {
        aside = dir.join(format!("旧表_{stamp}_{n}"));
        n += 1;
    }
    std::fs::create_dir(&aside).with_context(|| format!("无法创建文件夹 {}", aside.display()))?;
    for p in &old {
        let to = aside.join(p.file_name().expect("a file in a folder"));
        std::fs::rename(p, &to).with_context(|| {
            format!(
                "无法把上一轮的 {} 移到 {}（文件是否在 Excel 中打开？关闭后重试）",
                p.display(),
                aside.display()
            )
        })?;
    }
    Ok(Some((old.len(), aside)))
}

/// `--forms DIR`: every imported department's form in the canonical layout, with
/// the review (审核通过, or 退回修改 with the findings; in a run with `--previous`
/// each finding's status), and `退回清单.xlsx`. All are made before the folder is
/// touched; an earlier round's forms are then moved aside ([`move_old_forms`]).
fn write_forms(
    dir: &Path,
    batch: &Batch,
    catalog: &jixiao::read::Catalog,
    feedback: &jixiao::write::feedback::Feedback,
) -> Result<FormsWritten> {
    use jixiao::write::feedback::{self, Returned, Verdict};
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建文件夹 {}", dir.display()))?;
    let list = feedback::LIST_FILE;
    let mut used = std::collections::HashSet::from([list.to_lowercase()]);
    let mut made = Vec::new();
    let mut returned = Vec::new();
    for i in 0..batch.departments.len() {
        // The form and its findings (the batch rules' and the report's included).
        let mut d = batch.departments.department(i);
        d.findings = batch.departments.findings(jixiao::store::Which::Kept(i));
        let base = file_name(&d.form.name);
        let mut name = format!("{base}.xlsx");
        let mut n = 2;
        // Compared as Windows and macOS compare file names: `ABC` is `abc`.
        while !used.insert(name.to_lowercase()) {
            name = format!("{base}_{n}.xlsx");
            n += 1;
        }
        let follow = batch
            .follow_up
            .as_ref()
            .and_then(|f| f.departments.iter().find(|x| x.name == d.form.name));
        let scheme = catalog.scheme_for(&d.form.layout);
        let bytes = feedback::converted_bytes(&d, scheme, feedback, follow)
            .context("生成标准格式自评表失败")?;
        returned.push(Returned::of(&d, follow, &name));
        made.push((name, bytes));
    }
    // No list of nothing: a run that imported no form writes no file.
    if !returned.is_empty() {
        let list_bytes = feedback::list_bytes(&returned, feedback).context("生成退回清单失败")?;
        made.push((list.to_string(), list_bytes));
    }
    let moved = move_old_forms(dir)?;
    for (name, bytes) in &made {
        let path = dir.join(name);
        write::write_atomic(&path, bytes)
            .with_context(|| format!("无法写入 {}", path.display()))?;
    }
    Ok(FormsWritten {
        forms: returned.len(),
        passed: returned
            .iter()
            .filter(|r| r.verdict == Verdict::Pass)
            .count(),
        moved,
    })
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
