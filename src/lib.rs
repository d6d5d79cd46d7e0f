//! jixiao (绩效): reads every 部门整体支出绩效自评表 of a district, recomputes and
//! checks them, and writes the consolidated summary workbook.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! collect (files) → read (Form) → compute (Department) → check (Finding)
//!     → store (encoded departments, Key) → write (xlsx, json, csv)
//! ```
//!
//! Each file goes through read, compute, check and store in a worker thread; the
//! batch then holds only encoded departments and their keys, which the writers
//! decode a run at a time. [`run`] does the whole batch; the binary only parses
//! the command line.

pub mod check;
pub mod clock;
pub mod collect;
pub mod compute;
pub mod follow_up;
pub mod model;
pub mod num;
pub mod plain;
pub mod read;
pub mod report;
pub mod scheme;
pub mod store;
pub mod write;

use collect::{Input, Kind};
use model::*;
use rayon::prelude::*;
use scheme::Scheme;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// What a batch run needs.
pub struct Options {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// The batch's year; else the most common year of the forms.
    pub year: Option<i32>,
    /// District name for titles.
    pub district: Option<String>,
    /// The indicator scheme of canonical forms (`--scheme`); forms of another layout
    /// are scored with their layout's scheme.
    pub scheme: Scheme,
    /// The layouts forms are recognised by (the shipped ones, plus `--layouts`).
    pub layouts: read::layout::Layouts,
    /// Read every form with this layout (`--layout ID`) instead of detecting it.
    pub layout: Option<String>,
    /// Tolerances of the review rules.
    pub tolerances: check::Tolerances,
    /// Resource limits per file.
    pub limits: read::Limits,
    /// Encoded departments kept in memory before the rest go to a temporary file
    /// ([`store::IN_MEMORY`]; tests set 0 to spill everything).
    pub in_memory: usize,
}

impl Options {
    /// A batch of these inputs under this scheme, with the defaults of the
    /// command line: year and district from the forms, default tolerances and limits.
    pub fn new(inputs: Vec<PathBuf>, scheme: Scheme) -> Options {
        Options {
            inputs,
            year: None,
            district: None,
            scheme,
            layouts: read::layout::Layouts::builtin(),
            layout: None,
            tolerances: Default::default(),
            limits: Default::default(),
            in_memory: store::IN_MEMORY,
        }
    }
}

/// Called once per input file as it is finished (for a progress bar).
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// Why a batch could not run at all (a bad file never does this).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// An input path is missing or unreadable.
    #[error(transparent)]
    Collect(#[from] collect::CollectError),
    /// `--layout` names no known layout.
    #[error("未知的版式“{given}”，可用的版式：{known}")]
    UnknownLayout {
        /// The id given.
        given: String,
        /// The known ids.
        known: String,
    },
}

impl Options {
    /// What the reader reads with: the layouts (one forced by `--layout`) and each
    /// layout's scheme, the canonical one being [`Options::scheme`].
    pub fn catalog(&self) -> Result<read::Catalog, BatchError> {
        let mut catalog = read::Catalog::new(self.scheme.clone());
        catalog.layouts = self.layouts.clone();
        if let Some(id) = &self.layout {
            let i = catalog
                .layouts
                .all
                .iter()
                .position(|l| &l.id == id)
                .ok_or_else(|| BatchError::UnknownLayout {
                    given: id.clone(),
                    known: catalog.layouts.ids(),
                })?;
            catalog.forced = Some(i);
        }
        Ok(catalog)
    }
}

/// The outcome of one input file.
struct Processed {
    record: FileRecord,
    department: Option<store::Stored>,
    report: Option<Report>,
    findings: Vec<Finding>,
}

/// List the inputs without reading them (for a progress bar's total).
pub fn inputs(options: &Options) -> Result<Vec<Input>, BatchError> {
    Ok(collect::collect(&options.inputs)?)
}

/// Run the whole batch over already collected inputs: read and compute every file
/// in parallel, then rank, sort and total. The result does not depend on the
/// number of threads.
pub fn run(options: &Options, inputs: &[Input], progress: Progress<'_>) -> Batch {
    let spill = store::Spill::with_limit(options.in_memory);
    let catalog = match options.catalog() {
        Ok(c) => c,
        // The command line checks `--layout` before the batch; a library caller
        // that gives an unknown one gets the layouts detected.
        Err(_) => read::Catalog::new(options.scheme.clone()),
    };
    // Forms keep the figures a report may restate only when there are reports.
    let with_reports = inputs.iter().any(|i| matches!(i.kind(), Kind::Report(_)));
    let processed: Vec<Processed> = inputs
        .par_iter()
        .map(|input| {
            let p = process(input, options, &catalog, &spill, with_reports);
            progress(&input.display);
            p
        })
        .collect();

    let mut departments = Vec::new();
    let mut file_findings = Vec::new();
    let mut files = Vec::new();
    let mut reports = Vec::new();
    for p in processed {
        files.push(p.record);
        file_findings.extend(p.findings);
        departments.extend(p.department);
        reports.extend(p.report);
    }
    departments.sort_by(|a, b| (&a.key.name, &a.key.file).cmp(&(&b.key.name, &b.key.file)));
    files.sort_by(|a, b| a.file.cmp(&b.file));
    reports.sort_by(|a, b| a.file.cmp(&b.file));
    let superseded = check::batch::duplicates(&mut departments, &mut files);
    report::batch::pair_and_check(
        &mut departments,
        &mut reports,
        &mut files,
        &mut file_findings,
        &options.tolerances,
    );
    let year = options.year.or_else(|| most_common_year(&departments));
    if let Some(y) = year {
        check::batch::year_mismatch(&mut departments, y);
    }
    compute::rank(&mut departments);
    sort_findings(&mut file_findings);
    let mut finding_counts = [0; 3];
    for f in &file_findings {
        finding_counts[f.severity as usize] += 1;
    }
    for s in departments.iter().chain(&superseded) {
        for (total, n) in finding_counts.iter_mut().zip(s.key.finding_counts) {
            *total += n;
        }
    }
    let district = compute::district(departments.iter().map(|s| &s.key), finding_counts);
    Batch {
        year,
        district_name: options.district.clone(),
        scheme_id: options.scheme.id.clone(),
        departments: store::Departments::new(departments, superseded),
        file_findings,
        files,
        reports,
        district,
        follow_up: None,
    }
}

/// The most common year of the forms; a tie goes to the later year.
fn most_common_year(departments: &[store::Stored]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for d in departments {
        if let Some(y) = &d.key.year {
            *counts.entry(y.value).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(y, _)| y)
}

/// `自评表!E10` → ("自评表", 9, 4), so that E8 sorts before E10.
fn cell_order(cell: &Option<String>) -> (String, u32, u32) {
    let Some(cell) = cell else {
        return (String::new(), 0, 0);
    };
    // A report's `第12段`.
    if let Some(n) = cell.strip_prefix('第').and_then(|c| c.strip_suffix('段')) {
        return (String::new(), n.parse().unwrap_or(0), 0);
    }
    match CellPos::parse_ref(cell) {
        Some((sheet, at)) => (sheet.to_string(), at.row + 1, at.col + 1),
        None => (cell.clone(), 0, 0),
    }
}

/// Findings by department, then file, then cell (row, column), then rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.department,
            &a.file,
            cell_order(&a.cell),
            a.rule,
            &a.message,
        )
            .cmp(&(
                &b.department,
                &b.file,
                cell_order(&b.cell),
                b.rule,
                &b.message,
            ))
    });
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Read, review and account for one input file. Never panics, never fails: every
/// outcome is a [`FileRecord`].
fn process(
    input: &Input,
    options: &Options,
    catalog: &read::Catalog,
    spill: &std::sync::Arc<store::Spill>,
    with_reports: bool,
) -> Processed {
    let in_archive = !input.inner.is_empty();
    let record = FileRecord {
        file: input.display.clone(),
        status: FileStatus::Skipped,
        reason: None,
        detail: None,
        department: None,
        sheet: None,
        layout: None,
        sha256: None,
        bytes: match in_archive {
            true => 0,
            false => std::fs::metadata(&input.path).map_or(0, |m| m.len()),
        },
        // Set once the file is read (only DUP-DEPT between imported forms uses it).
        modified: None,
        report: false,
        paired_with: None,
    };
    let skip = |mut record: FileRecord, reason: String| {
        record.reason = Some(reason);
        Processed {
            record,
            department: None,
            report: None,
            findings: Vec::new(),
        }
    };
    let failed = |mut record: FileRecord, e: &read::ReadError| {
        let reason = e.to_string();
        record.status = FileStatus::Failed;
        record.reason = Some(reason.clone());
        record.detail = e.detail().map(str::to_string);
        let finding = Finding {
            rule: e.rule(),
            severity: Severity::Error,
            department: String::new(),
            file: record.file.clone(),
            cell: None,
            message: reason,
            declared: None,
            computed: None,
        };
        Processed {
            record,
            department: None,
            report: None,
            findings: vec![finding],
        }
    };
    let by_name = input.kind();
    if let Kind::Skip(reason) = by_name {
        return skip(record, reason);
    }
    if let Some(reason) = &input.refused {
        return failed(record, &read::ReadError::Refused(reason.clone()));
    }
    let (bytes, modified) = match read_input(input, record.bytes, &options.limits) {
        Ok(read) => read,
        Err(e) => {
            return match by_name {
                // A file not read for its name stays skipped when it cannot be read.
                Kind::Unknown(reason) => skip(record, reason),
                _ => failed(record, &e),
            };
        }
    };
    let mut record = record;
    record.bytes = bytes.len() as u64;
    record.modified = modified;
    let wps = matches!(&by_name, Kind::Spreadsheet(ext) if ext == "et");
    let (extension, is_report) = match collect::sniff::by_content(&bytes, by_name) {
        Kind::Skip(reason) | Kind::Unknown(reason) => return skip(record, reason),
        Kind::Fail(reason) => return failed(record, &read::ReadError::Refused(reason)),
        Kind::Spreadsheet(ext) => (ext, false),
        Kind::Report(ext) => (ext, true),
    };
    record.sha256 = Some(sha256_hex(&bytes));
    if is_report {
        return process_report(record, &bytes, &extension, options, failed);
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let form =
            read::read_form_with(&input.display, &bytes, &extension, catalog, &options.limits)?;
        let scheme = catalog.scheme_for(&form.layout);
        let mut d = compute::review(form, scheme);
        let checked = check::department(&d, scheme, options.tolerances);
        d.findings.extend(checked);
        let figures = if with_reports {
            report::pair::form_figures(&d)
        } else {
            Vec::new()
        };
        // Encoded here, in the worker thread: the batch holds a few KB per form.
        let mut stored = store::Stored::new(d, spill);
        stored.key.figures = figures;
        Ok(stored)
    }))
    .unwrap_or(Err(read::ReadError::Internal));
    match outcome {
        Ok(department) => {
            record.status = FileStatus::Imported;
            record.department = Some(department.key.name.clone());
            record.sheet = Some(department.key.sheet.clone());
            record.layout = Some(department.key.layout.clone());
            Processed {
                record,
                department: Some(department),
                report: None,
                findings: Vec::new(),
            }
        }
        // A summary workbook (a previous run's output in the input folder) is not a
        // submission: skipped, not failed.
        Err(read::ReadError::SummaryWorkbook) => {
            skip(record, read::ReadError::SummaryWorkbook.to_string())
        }
        // A WPS .et that holds what the .xls reader cannot read.
        Err(read::ReadError::Damaged { detail, .. }) if wps => {
            record.detail = Some(detail);
            skip(record, collect::sniff::ET_REASON.into())
        }
        Err(e) => failed(record, &e),
    }
}

/// The bytes of an input (a file, or a file inside a `.zip`), within the limits,
/// and its modification time; `size` is the file's size on disk (0 inside an
/// archive).
fn read_input(
    input: &Input,
    size: u64,
    limits: &read::limits::Limits,
) -> Result<(Vec<u8>, Option<i64>), read::ReadError> {
    if !input.inner.is_empty() {
        return collect::archive::read(input, limits);
    }
    limits.check_size(size)?;
    let bytes = std::fs::read(&input.path).map_err(|e| read::ReadError::Damaged {
        reason: format!("无法读取文件：{}", plain::io(&e)),
        detail: e.to_string(),
    })?;
    Ok((bytes, clock::modified(&input.path)))
}

/// Read a 自评报告 and run the rules inside it; pairing comes after the batch.
fn process_report(
    mut record: FileRecord,
    bytes: &[u8],
    extension: &str,
    options: &Options,
    failed: impl Fn(FileRecord, &read::ReadError) -> Processed,
) -> Processed {
    record.report = true;
    let grades = &options.scheme.grades;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        report::read(
            bytes,
            extension,
            &options.limits,
            &options.tolerances,
            grades,
        )
    }))
    .unwrap_or(Err(read::ReadError::Internal));
    match outcome {
        Ok(r) => {
            record.status = FileStatus::Imported;
            let report = Report {
                file: record.file.clone(),
                sha256: record.sha256.clone().unwrap_or_default(),
                paragraphs: r.paragraphs.len(),
                stated_name: r.stated_name,
                claims: r.statements.claims,
                slips: r.slips,
                form: None,
                same_as: None,
                reconciled: Vec::new(),
            };
            Processed {
                record,
                department: None,
                report: Some(report),
                findings: Vec::new(),
            }
        }
        Err(e @ read::ReadError::NotReport) => {
            record.report = false;
            record.reason = Some(e.to_string());
            Processed {
                record,
                department: None,
                report: None,
                findings: Vec::new(),
            }
        }
        Err(e) => failed(record, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_sort_by_row_then_column() {
        let mut cells = vec![
            Some("自评表!E10".to_string()),
            Some("自评表!E8".to_string()),
            None,
            Some("自评表!AA8".to_string()),
        ];
        cells.sort_by_key(cell_order);
        assert_eq!(
            cells,
            vec![
                None,
                Some("自评表!E8".to_string()),
                Some("自评表!AA8".to_string()),
                Some("自评表!E10".to_string()),
            ]
        );
    }
}
