//! One input file, start to end, in a worker thread: its bytes, its format, then a
//! form (read → compute → check → summary, encoded) or a report (read, the rules
//! inside it). Never panics, never fails: every outcome is a [`FileRecord`].

use super::Options;
use crate::collect::{self, Format, Input, InputError, Kind};
use crate::model::*;
use crate::read::{Catalog, ReadError};
use crate::report::ReportError;
use crate::store::Encoding;
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The outcome of one input file (sent by a worker process as it is).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Processed {
    /// What became of the file.
    pub record: FileRecord,
    /// The department it holds, summarised and encoded.
    pub department: Option<(Summary, Encoding)>,
    /// The report it is.
    pub report: Option<Report>,
    /// Findings of a file that gave no department (why it failed).
    pub findings: Vec<Finding>,
}

/// An error that fails a file: its reason (`Display`), its technical cause and the
/// rule it reports as.
trait Failure: std::fmt::Display {
    fn detail(&self) -> Option<&str>;
    fn rule(&self) -> Rule;
}

impl Failure for ReadError {
    fn detail(&self) -> Option<&str> {
        ReadError::detail(self)
    }
    fn rule(&self) -> Rule {
        ReadError::rule(self)
    }
}

impl Failure for ReportError {
    fn detail(&self) -> Option<&str> {
        ReportError::detail(self)
    }
    fn rule(&self) -> Rule {
        ReportError::rule(self)
    }
}

impl Failure for InputError {
    fn detail(&self) -> Option<&str> {
        InputError::detail(self)
    }
    fn rule(&self) -> Rule {
        Rule::Unreadable
    }
}

/// A file refused before reading (an archive that cannot be listed, a plain zip
/// named like a workbook), with the reason.
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Failure for Refused {
    fn detail(&self) -> Option<&str> {
        None
    }
    fn rule(&self) -> Rule {
        Rule::Unreadable
    }
}

fn skip(mut record: FileRecord, reason: String) -> Processed {
    record.reason = Some(reason);
    Processed {
        record,
        department: None,
        report: None,
        findings: Vec::new(),
    }
}

fn failed(record: FileRecord, e: &dyn Failure) -> Processed {
    let mut p = fail(record, e.to_string(), e.detail().map(str::to_string));
    p.findings[0].rule = e.rule();
    p.findings[0].severity = e.rule().severity();
    p
}

/// A file failed with this reason (the user's words) and technical detail.
pub fn fail(mut record: FileRecord, reason: String, detail: Option<String>) -> Processed {
    record.status = FileStatus::Failed;
    record.reason = Some(reason.clone());
    record.detail = detail;
    let finding = Finding::new(Rule::Unreadable, "", &record.file, Place::File, reason);
    Processed {
        record,
        department: None,
        report: None,
        findings: vec![finding],
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What is known of a file before it is read.
pub fn record_of(input: &Input) -> FileRecord {
    let in_archive = !input.inner.is_empty();
    FileRecord {
        file: input.display.clone(),
        status: FileStatus::Skipped,
        reason: None,
        detail: None,
        department: None,
        sheet: None,
        layout: None,
        layout_name: None,
        sha256: None,
        bytes: match in_archive || input.skipped.is_some() {
            true => 0,
            false => std::fs::metadata(&input.path).map_or(0, |m| m.len()),
        },
        // Set once the file is read (only DUP-DEPT between imported forms uses it).
        modified: None,
        report: false,
        paired_with: None,
        paired_by: None,
    }
}

/// Read, review and account for one input file.
pub fn process(
    input: &Input,
    options: &Options,
    catalog: &Catalog,
    with_reports: bool,
) -> Processed {
    let record = record_of(input);
    // Never opened: a named pipe, a device, a link to what is already listed.
    if let Some(reason) = &input.skipped {
        return skip(record, reason.clone());
    }
    let by_name = input.kind();
    if let Kind::Skip(reason) = by_name {
        return skip(record, reason);
    }
    if let Some(reason) = &input.refused {
        return failed(record, &Refused(reason.clone()));
    }
    let (bytes, modified) = match collect::read_bytes(input, record.bytes, &options.limits) {
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
    let wps = matches!(&by_name, Kind::Spreadsheet(Format::Et));
    let format = match collect::sniff::by_content(&bytes, by_name) {
        Kind::Skip(reason) | Kind::Unknown(reason) => return skip(record, reason),
        Kind::Fail(reason) => return failed(record, &Refused(reason)),
        Kind::Spreadsheet(format) | Kind::Report(format) => format,
    };
    record.sha256 = Some(sha256_hex(&bytes));
    if format.is_report() {
        return report(record, &bytes, format, options);
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let form =
            crate::read::read_form_with(&input.display, &bytes, format, catalog, &options.limits)?;
        let scheme = catalog.scheme_for(&form.layout);
        let mut d = crate::compute::review(form, scheme);
        let checked = crate::check::department(&d, scheme, options.tolerances);
        d.findings.extend(checked);
        let mut summary = Summary::of(&d, modified);
        if with_reports {
            summary.figures = crate::check::report::form_figures(&d);
        }
        // Encoded here, in the worker thread: the batch holds a few KB per form.
        Ok((summary, Encoding::of(d)))
    }))
    .unwrap_or(Err(ReadError::Internal));
    match outcome {
        Ok((summary, encoded)) => {
            record.status = FileStatus::Imported;
            record.department = Some(summary.name.clone());
            // A form read from several sheets names them all (`基础数据表、指标表`).
            record.sheet = Some(if summary.parts.is_empty() {
                summary.sheet.clone()
            } else {
                let names: Vec<&str> = summary.parts.iter().map(|p| p.sheet.as_str()).collect();
                names.join("、")
            });
            record.layout = Some(summary.layout.clone());
            record.layout_name = Some(catalog.layouts.short_of(&summary.layout));
            Processed {
                record,
                department: Some((summary, encoded)),
                report: None,
                findings: Vec::new(),
            }
        }
        // A summary workbook (a previous run's output in the input folder) or a
        // 退回清单 (beside the returned forms) is not a submission: skipped, not failed.
        Err(e @ (ReadError::SummaryWorkbook | ReadError::ReturnList)) => {
            skip(record, e.to_string())
        }
        // A WPS .et that holds what the .xls reader cannot read.
        Err(ReadError::Damaged { detail, .. }) if wps => {
            record.detail = Some(detail);
            skip(record, collect::sniff::ET_REASON.into())
        }
        Err(e) => failed(record, &e),
    }
}

/// Read a 自评报告 and run the rules inside it; pairing comes after the batch.
fn report(mut record: FileRecord, bytes: &[u8], format: Format, options: &Options) -> Processed {
    record.report = true;
    let grades = &options.scheme.grades;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        crate::report::read(bytes, format, &options.limits, &options.tolerances, grades)
    }))
    .unwrap_or(Err(ReportError::Internal));
    match outcome {
        Ok(r) => {
            record.status = FileStatus::Imported;
            // The name read, until pairing gives the form's.
            record.department = r.cover.name.clone();
            let report = Report {
                file: record.file.clone(),
                sha256: record.sha256.clone().unwrap_or_default(),
                paragraphs: r.paragraphs.len(),
                stated_name: r.cover.name,
                name_in_field: r.cover.in_field,
                cover: r.cover.lines,
                claims: r.statements.claims,
                slips: r.slips,
                form: None,
                paired_by: None,
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
        Err(e @ ReportError::NotReport) => {
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
