//! Pairing reports with forms (`REPORT.md` §2), on the departments' summaries:
//! every report with its form, each pair checked (REPORT-FORM, and REPORT-CONFLICT
//! between two formats of one report), and the reports and forms left alone
//! accounted for (REPORT-UNPAIRED, REPORT-MISSING).

use crate::check::reconcile::reconcile;
use crate::check::report::{against_form, against_version};
use crate::model::*;
use crate::report::ReportError;
use crate::text::key as label_key;

mod evidence;
mod names;

pub use evidence::{format_rank, pair, second_versions, FormEnd, ReportEnd};

fn finding(slip: Slip, department: &str, file: &str) -> Finding {
    Finding {
        rule: slip.rule,
        severity: Severity::Warning,
        department: department.to_string(),
        file: file.to_string(),
        place: Place::Paragraph(slip.paragraph),
        message: slip.message,
        declared: slip.declared,
        computed: slip.computed,
    }
}

/// A report's pair and its versions, as pairing decides them.
struct Decided {
    /// Per report, its form and the evidence.
    paired: Vec<Option<(usize, PairedBy)>>,
    /// Per report, the version that is checked when this one is another version of
    /// it, and whether it is the same file name in another format.
    version_of: Vec<Option<(usize, bool)>>,
}

/// Pair, check, and record both ends of each pair in the file list, with the
/// evidence. Findings of a paired report belong to its department; those of an
/// unpaired one stand alone.
pub fn pair_and_check(
    departments: &mut [Summary],
    reports: &mut [Report],
    files: &mut [FileRecord],
    file_findings: &mut Vec<Finding>,
    tolerances: &Tolerances,
) {
    if reports.is_empty() {
        return;
    }
    let forms: Vec<FormEnd<'_>> = departments
        .iter()
        .map(|s| FormEnd {
            file: &s.file,
            name: &s.name,
        })
        .collect();
    let Decided { paired, version_of } = decide(&forms, reports);
    drop(forms);
    // A second version is held to the first: the numbers must be the same.
    let mut version_slips: Vec<Option<Vec<Slip>>> = version_of
        .iter()
        .enumerate()
        .map(|(i, p)| p.map(|(p, _)| against_version(&reports[i].claims, &reports[p], tolerances)))
        .collect();
    let checked_files: Vec<Option<(String, bool)>> = version_of
        .iter()
        .map(|p| p.map(|(p, format)| (reports[p].file.clone(), format)))
        .collect();
    let mut has_report = vec![false; departments.len()];
    // (form, report, evidence, checked)
    let mut ends_of: Vec<(String, String, PairedBy, bool)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new(); // (file, reason)
    for (i, (report, of)) in reports.iter_mut().zip(paired).enumerate() {
        let mut slips = std::mem::take(&mut report.slips);
        let is_version = version_of[i].is_some();
        if let (Some((checked, format)), Some(versions)) =
            (&checked_files[i], version_slips[i].take())
        {
            // Its own slips are the checked version's: reported there once.
            slips = versions;
            report.same_as = Some(checked.clone());
            notes.push((
                report.file.clone(),
                match format {
                    true => format!(
                        "与 {checked} 是同一报告的另一格式：按 {checked} 核对，本文件只与之比对数字"
                    ),
                    false => format!(
                        "本部门的另一份报告（另一格式或另一版本）：按 {checked} 核对，本文件只与之比对数字"
                    ),
                },
            ));
        }
        match of {
            Some((fi, by)) => {
                has_report[fi] = true;
                let form = &mut departments[fi];
                report.form = Some(form.file.clone());
                report.paired_by = Some(by);
                ends_of.push((form.file.clone(), report.file.clone(), by, !is_version));
                let mut all = slips;
                if !is_version {
                    all.extend(against_form(&report.claims, &form.figures, tolerances));
                    report.reconciled = reconcile(&report.claims, &form.figures, tolerances);
                }
                for slip in all {
                    let f = finding(slip, &form.name, &report.file);
                    form.add(f);
                }
                if let Some(f) = name_differs(report, &form.name, by).filter(|_| !is_version) {
                    form.add(f);
                }
            }
            None => {
                let department = report.stated_name.clone().unwrap_or_default();
                let named = report
                    .stated_name
                    .as_ref()
                    .map_or("报告中未写明部门名称".to_string(), |n| {
                        format!("报告所写部门“{n}”")
                    });
                if !is_version {
                    file_findings.push(Finding::new(
                        Rule::ReportUnpaired,
                        &department,
                        &report.file,
                        Place::File,
                        format!(
                            "这份自评报告没有对应的自评表（{named}，与各表的部门名称、文件名都对不上）；请把报告与自评表放在同一部门文件夹，或使文件名一致"
                        ),
                    ));
                }
                file_findings.extend(
                    slips
                        .into_iter()
                        .map(|s| finding(s, &department, &report.file)),
                );
            }
        }
    }
    for (s, has) in departments.iter_mut().zip(has_report) {
        if !has {
            let f = Finding::new(
                Rule::ReportMissing,
                &s.name,
                &s.file,
                Place::File,
                "未找到本部门的自评报告（同一文件夹、报告所写部门名称、报告封面和标题、文件名都没有对应的报告）"
                    .into(),
            );
            s.add(f);
        }
    }
    let index: std::collections::HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.clone(), i))
        .collect();
    let names: std::collections::HashMap<&str, &str> = departments
        .iter()
        .map(|s| (s.file.as_str(), s.name.as_str()))
        .collect();
    scans_beside_their_text(reports, files, file_findings);
    for (file, reason) in notes {
        if let Some(&i) = index.get(&file) {
            files[i].reason = Some(reason);
        }
    }
    for (form, report, by, checked) in ends_of {
        let department = names.get(form.as_str()).map(|n| n.to_string());
        if let Some(&i) = index.get(&form).filter(|_| checked) {
            files[i].paired_with = Some(report.clone());
            files[i].paired_by = Some(by.label().to_string());
        }
        if let Some(&i) = index.get(&report) {
            files[i].paired_with = Some(form);
            files[i].paired_by = Some(by.label().to_string());
            files[i].department = department;
        }
    }
}

/// REPORT-NAME: a report paired by its folder or file name that names its
/// department otherwise than the form (beyond a place left out, a line break or a
/// short form, which pair by name).
fn name_differs(report: &Report, form_name: &str, by: PairedBy) -> Option<Finding> {
    let stated = report.stated_name.as_deref()?;
    if !matches!(by, PairedBy::Folder | PairedBy::FileName) {
        return None;
    }
    if names::answers(&names::name_key(stated), &names::name_key(form_name)).is_some() {
        return None;
    }
    Some(Finding::new(
        Rule::ReportName,
        form_name,
        &report.file,
        Place::File,
        format!(
            "报告所写部门“{stated}”与自评表的部门名称“{form_name}”不同（按{}配对）；请核对这份报告是否为本部门的，或改正报告中的部门名称",
            by.label()
        ),
    ))
}

/// A stamped scan sent beside the report it copies (`001_自评报告.pdf`, a scan, with
/// `001_自评报告.docx`) loses nothing: skipped with that reason instead of failed.
fn scans_beside_their_text(
    reports: &[Report],
    files: &mut [FileRecord],
    file_findings: &mut Vec<Finding>,
) {
    let scanned = ReportError::Scanned.to_string();
    let read: std::collections::HashMap<(String, String), &Report> = reports
        .iter()
        .filter(|r| r.same_as.is_none())
        .map(|r| (folder_and_stem(&r.file), r))
        .collect();
    for record in files.iter_mut() {
        if record.status != FileStatus::Failed || record.reason.as_deref() != Some(&scanned) {
            continue;
        }
        let Some(text) = read.get(&folder_and_stem(&record.file)) else {
            continue;
        };
        record.status = FileStatus::Skipped;
        record.reason = Some(format!(
            "扫描件（没有文字层，如盖章版）：同一报告已按 {} 核对",
            text.file
        ));
        record.paired_with = text.form.clone();
        file_findings.retain(|f| f.file != record.file);
    }
}

/// Per report, its form and the evidence, and for a version of a report that is
/// checked, that report: the same file name in another format first ([`twins`]),
/// then a report whose evidence points at a form already paired.
fn decide(forms: &[FormEnd<'_>], reports: &[Report]) -> Decided {
    let ends: Vec<ReportEnd<'_>> = reports
        .iter()
        .map(|r| ReportEnd {
            file: &r.file,
            stated_name: r.stated_name.as_deref(),
            name_in_field: r.name_in_field,
            cover: &r.cover,
        })
        .collect();
    let twin_of = twins(&ends);
    let checked: Vec<usize> = (0..ends.len()).filter(|&i| twin_of[i].is_none()).collect();
    let checked_ends: Vec<ReportEnd<'_>> = checked.iter().map(|&i| ends[i].clone()).collect();
    let first = pair(forms, &checked_ends);
    let later = second_versions(forms, &checked_ends, &first);
    let mut paired = vec![None; ends.len()];
    let mut version_of: Vec<Option<(usize, bool)>> =
        twin_of.iter().map(|t| t.map(|p| (p, true))).collect();
    for (k, &i) in checked.iter().enumerate() {
        paired[i] = first[k];
        if let Some((p, by)) = later[k] {
            let p = checked[p];
            version_of[i] = Some((p, false));
            paired[i] = paired[p].map(|(fi, _)| (fi, by));
        }
    }
    for i in 0..ends.len() {
        if let Some((p, true)) = version_of[i] {
            paired[i] = paired[p];
        }
    }
    Decided { paired, version_of }
}

/// A file's folder and its name stem without the usual suffixes (`000_自评报告` →
/// `000`, `政研室自评表` → `政研室`).
pub fn folder_and_stem(file: &str) -> (String, String) {
    let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut stem = label_key(stem);
    for suffix in [
        "部门整体支出绩效自评报告",
        "部门整体支出绩效自评表",
        "绩效自评报告",
        "绩效自评表",
        "自评报告",
        "自评表",
        "报告",
    ] {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s.to_string();
            break;
        }
    }
    let stem = stem.trim_end_matches(['_', '-', '—', '.']).to_string();
    (folder.to_string(), stem)
}

/// The same report in two formats (`001_自评报告.docx` and `001_自评报告.pdf`): the
/// files of one folder with one name stem and the same stated name. Per report, the
/// index of the version that is checked — the .docx, else the .txt, else the .pdf
/// (the text a PDF gives is the least exact) — or `None` for that version itself.
pub fn twins(reports: &[ReportEnd<'_>]) -> Vec<Option<usize>> {
    let rank = format_rank;
    let key = |r: &ReportEnd<'_>| {
        let (folder, stem) = folder_and_stem(r.file);
        (folder, stem, r.stated_name.map(label_key))
    };
    let keys: Vec<_> = reports.iter().map(key).collect();
    let mut groups: std::collections::HashMap<&(String, String, Option<String>), usize> =
        std::collections::HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if k.1.is_empty() {
            continue;
        }
        let best = groups.entry(k).or_insert(i);
        if (rank(reports[i].file), reports[i].file)
            < (rank(reports[*best].file), reports[*best].file)
        {
            *best = i;
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| groups.get(k).copied().filter(|&p| p != i))
        .collect()
}

#[cfg(test)]
mod tests;
