//! The whole batch: every input read in parallel ([`super::file`]), then the steps
//! that need every file, in order, on the departments' summaries.

use super::file::process;
use super::worker::Pool;
use super::{decisions, dedup, pairing, rank, year, Batch, BatchError, Options, Progress};
use crate::collect::{self, Input, Kind};
use crate::model::*;
use crate::store::{Departments, Encoded, Spill};
use rayon::prelude::*;

/// List the inputs without reading them (for a progress bar's total).
pub fn inputs(options: &Options) -> Result<Vec<Input>, BatchError> {
    Ok(collect::collect(&options.inputs)?)
}

/// Run the whole batch over already collected inputs: read and compute every file
/// in parallel, then set aside duplicates, pair reports, find the year, rank and
/// total. The result does not depend on the number of threads.
pub fn run(options: &Options, inputs: &[Input], progress: Progress<'_>) -> Batch {
    let spill = Spill::with_limit(options.in_memory);
    let catalog = match options.catalog() {
        Ok(c) => c,
        // The command line checks `--layout` before the batch; a library caller
        // that gives an unknown one gets the layouts detected.
        Err(_) => crate::read::Catalog::new(options.scheme.clone()),
    };
    // Forms keep the figures a report may restate only when there are reports.
    let with_reports = inputs.iter().any(|i| matches!(i.kind(), Kind::Report(_)));
    // Untrusted files read in worker processes, when the caller asks for them.
    let pool = options.isolation.as_ref().map(Pool::new);
    let unisolated = std::sync::atomic::AtomicUsize::new(0);
    let processed: Vec<_> = inputs
        .par_iter()
        .map(|input| {
            let p = pool
                .as_ref()
                .and_then(|pool| pool.process(input, with_reports))
                .unwrap_or_else(|| {
                    if pool.is_some() {
                        unisolated.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    process(input, options, &catalog, with_reports)
                });
            progress(&input.display);
            // Kept here, in the worker thread: the batch holds a few KB per form.
            let department = p.department.map(|(s, e)| (s, Encoded::keep(e, &spill)));
            (p.record, department, p.report, p.findings)
        })
        .collect();

    let mut forms = Vec::new();
    let mut file_findings = Vec::new();
    let mut files = Vec::new();
    let mut reports = Vec::new();
    for (record, department, report, findings) in processed {
        files.push(record);
        file_findings.extend(findings);
        forms.extend(department);
        reports.extend(report);
    }
    forms.sort_by(|(a, _), (b, _)| (&a.name, &a.file).cmp(&(&b.name, &b.file)));
    files.sort_by(|a, b| a.file.cmp(&b.file));
    reports.sort_by(|a, b| a.file.cmp(&b.file));
    let (mut summaries, encoded): (Vec<Summary>, Vec<_>) = forms.into_iter().unzip();

    let digest = |i: usize| {
        let (form, findings) = encoded[i].content(&spill);
        dedup::content_digest(&form, &findings)
    };
    let superseded = dedup::duplicates(&mut summaries, &mut files, &digest);
    let mut departments = Departments::new(summaries, encoded, spill);
    departments.supersede(&superseded);
    pairing::pair_and_check(
        departments.summaries_mut(),
        &mut reports,
        &mut files,
        &mut file_findings,
        &options.tolerances,
    );
    let year = options
        .year
        .or_else(|| year::most_common(departments.summaries()));
    if let Some(y) = year {
        year::mismatch(departments.summaries_mut(), y);
    }
    // Every rule has fired: the reviewer's earlier decisions close what they close.
    decisions::apply(&mut departments, &options.decisions);
    let decisions = decisions::carried(&departments, &options.decisions);
    rank::rank(departments.summaries_mut());
    sort_findings(&mut file_findings);
    let mut finding_counts = summary::count(&file_findings);
    for (_, s) in departments.all() {
        for (total, n) in finding_counts.iter_mut().zip(s.finding_counts) {
            *total += n;
        }
    }
    let district = rank::district(departments.summaries(), finding_counts);
    let schemes = departments
        .summaries()
        .iter()
        .map(|s| (s.layout.clone(), catalog.scheme_for(&s.layout).clone()))
        .collect();
    Batch {
        year,
        district_name: options.district.clone(),
        scheme_id: options.scheme.id.clone(),
        departments,
        file_findings,
        files,
        reports,
        district,
        follow_up: None,
        decisions,
        review_date: None,
        schemes,
        unisolated: unisolated.into_inner(),
    }
}
