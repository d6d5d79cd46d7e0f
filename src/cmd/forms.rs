//! `build --forms DIR`: each department's form converted to the canonical layout
//! with the review marked on it, `退回清单.xlsx` beside them, an earlier round's
//! forms moved aside first; and the guard that keeps the folder out of the inputs.

use super::outputs;
use anyhow::{bail, Context, Result};
use jixiao::write;
use jixiao::Batch;
use std::path::{Path, PathBuf};

/// Refuse a `--forms` folder inside an input folder (or holding an input file):
/// the converted forms could overwrite submissions, and the next run would read
/// them as submissions. The folder is created here, before the batch.
pub fn guard_forms_folder(dir: &Path, inputs: &[PathBuf]) -> Result<()> {
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
pub struct FormsWritten {
    /// Converted forms written.
    forms: usize,
    /// Of them, forms marked 审核通过.
    passed: usize,
    /// An earlier round's files moved aside: how many, and where.
    moved: Option<(usize, PathBuf)>,
}

impl FormsWritten {
    /// `退回（5 份，其中审核通过 1 份，另附 退回清单.xlsx；原有 6 个文件已移到 退回/旧表_20261130_1507）`.
    pub fn line(&self, dir: &Path) -> String {
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
    let mut aside = dir.join(jixiao::collect::set_aside_name(&stamp, 1));
    let mut n = 2;
    while aside.symlink_metadata().is_ok() {
        aside = dir.join(jixiao::collect::set_aside_name(&stamp, n));
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
pub fn write_forms(
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
