//! The folders a run writes to: what a killed run left there is removed at the
//! start, and the `--csv` folder is replaced as a whole (the previous set of tables
//! or the new one, never a mix).

use anyhow::{bail, Context, Result};
use jixiao::write::{self, csv, AtomicDir};
use jixiao::Batch;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder a file is written in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Remove the temporary files and folders that runs killed outright left in the
/// folders this run writes to: the folders of `files`, and `folders` with the
/// folder each is in (see [`jixiao::write::atomic::remove_stale`]). One line says
/// how many, unless `quiet`.
pub fn remove_stale(files: &[&Path], folders: &[&Path], quiet: bool) {
    let mut all: Vec<&Path> = files.iter().map(|f| folder_of(f)).collect();
    for dir in folders {
        all.extend([*dir, folder_of(dir)]);
    }
    all.sort();
    all.dedup();
    let removed: usize = all
        .into_iter()
        .map(jixiao::write::atomic::remove_stale)
        .sum();
    if removed > 0 && !quiet {
        eprintln!("已清理此前中断的运行留下的 {removed} 个临时文件");
    }
}

/// A path made absolute and with `.` and `..` resolved by name, for comparing
/// paths that may not exist yet.
pub fn absolute(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .components()
    {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The `--csv` folder as written: a link to a folder is replaced by following
/// it, so that the link stays and its folder gets the tables.
pub fn csv_folder(dir: &Path) -> PathBuf {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => dir.canonicalize().unwrap_or_else(|_| dir.into()),
        _ => dir.to_path_buf(),
    }
}

/// The first thing in the `--csv` folder that is not a CSV file (nor a temporary
/// file of jixiao's): such a folder is not replaced.
fn foreign_entry(dir: &Path) -> Result<Option<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if dir.exists() && !dir.is_dir() => {
            bail!("--csv {} 是一个文件，请给出文件夹", dir.display())
        }
        Err(e) => return Err(e).with_context(|| format!("无法读取 CSV 文件夹 {}", dir.display())),
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("无法读取 CSV 文件夹 {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let csv =
            name.to_lowercase().ends_with(".csv") && entry.file_type().is_ok_and(|t| t.is_file());
        if !csv && jixiao::write::atomic::temporary_pid(&name).is_none() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names.into_iter().next())
}

/// Refuse, before the batch, a `--csv` folder that would take other files with it
/// when replaced: one holding anything but CSV files (the current folder, an input
/// folder), or one the workbook, the JSON or the converted forms are written in.
pub fn guard_csv_folder(dir: &Path, outputs: &[&Path]) -> Result<()> {
    let folder = absolute(dir);
    if let Some(inside) = outputs.iter().find(|o| absolute(o).starts_with(&folder)) {
        bail!(
            "{} 在 CSV 文件夹 {} 之内：CSV 文件夹每次导出时整体替换，请把 CSV 文件夹和其他输出分开",
            inside.display(),
            dir.display()
        );
    }
    if let Some(name) = foreign_entry(dir)? {
        bail!(
            "CSV 文件夹 {} 中有 CSV 以外的文件或文件夹（{name}）：导出时整个文件夹会被替换，请换一个新的或只存放 CSV 的文件夹",
            dir.display()
        );
    }
    Ok(())
}

/// Every table as CSV, in a temporary folder beside `dir` ([`AtomicDir`]), each
/// file flushed to disk: ready to replace `dir` with [`commit_csv`].
pub fn stage_csv(dir: &Path, batch: &Batch, scheme: &jixiao::scheme::Scheme) -> Result<AtomicDir> {
    let parent = folder_of(dir);
    std::fs::create_dir_all(parent)
        .with_context(|| format!("无法创建文件夹 {}", parent.display()))?;
    let staging =
        AtomicDir::beside(dir).with_context(|| format!("无法写入 CSV 文件夹 {}", dir.display()))?;
    for table in write::all_tables(batch, scheme) {
        let path = csv::path_for(staging.path(), &table);
        let written = std::fs::File::create(&path).and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            csv::write_table(&table, &mut out)?;
            out.flush()?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        });
        written.with_context(|| format!("无法写入 {}", csv::path_for(dir, &table).display()))?;
    }
    Ok(staging)
}

/// Put the staged tables in place of `dir` as a whole, unless something other than
/// CSV files appeared in `dir` during the run.
pub fn commit_csv(staging: AtomicDir, dir: &Path) -> Result<()> {
    if let Some(name) = foreign_entry(dir)? {
        bail!(
            "CSV 文件夹 {} 中有 CSV 以外的文件或文件夹（{name}），未替换该文件夹",
            dir.display()
        );
    }
    staging
        .commit(dir)
        .with_context(|| format!("无法写入 CSV 文件夹 {}", dir.display()))
}
