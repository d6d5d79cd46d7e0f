//! Pairing reports with forms (`REPORT.md` §2), on the departments' summaries:
//! every report with its form, each pair checked (REPORT-FORM, and REPORT-CONFLICT
//! between two formats of one report), and the reports and forms left alone
//! accounted for (REPORT-UNPAIRED, REPORT-MISSING).

use crate::check::reconcile::reconcile;
use crate::check::report::{against_form, against_version};
use crate::model::*;
use crate::report::ReportError;
use crate::text::key as label_key;

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

/// Pair, check, and record both ends of each pair in the file list. Findings of a
/// paired report belong to its department; those of an unpaired one stand alone.
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
    let (paired, twin_of) = pair_versions(&forms, reports);
    drop(forms);
    // A second version is held to the first: the numbers must be the same.
    let mut version_slips: Vec<Option<Vec<Slip>>> = twin_of
        .iter()
        .enumerate()
        .map(|(i, p)| p.map(|p| against_version(&reports[i].claims, &reports[p], tolerances)))
        .collect();
    let checked_files: Vec<Option<String>> = twin_of
        .iter()
        .map(|p| p.map(|p| reports[p].file.clone()))
        .collect();
    let mut has_report = vec![false; departments.len()];
    let mut ends_of: Vec<(String, String, bool)> = Vec::new(); // (form, report, checked)
    let mut notes: Vec<(String, String)> = Vec::new(); // (file, reason)
    for (i, (report, of)) in reports.iter_mut().zip(paired).enumerate() {
        let mut slips = std::mem::take(&mut report.slips);
        if let (Some(checked), Some(versions)) = (&checked_files[i], version_slips[i].take()) {
            // Its own slips are the checked version's: reported there once.
            slips = versions;
            report.same_as = Some(checked.clone());
            notes.push((
                report.file.clone(),
                format!(
                    "与 {checked} 是同一报告的另一格式：按 {checked} 核对，本文件只与之比对数字"
                ),
            ));
        }
        match of {
            Some(fi) => {
                has_report[fi] = true;
                let form = &mut departments[fi];
                report.form = Some(form.file.clone());
                ends_of.push((form.file.clone(), report.file.clone(), twin_of[i].is_none()));
                let mut all = slips;
                if twin_of[i].is_none() {
                    all.extend(against_form(&report.claims, &form.figures, tolerances));
                    report.reconciled = reconcile(&report.claims, &form.figures, tolerances);
                }
                for slip in all {
                    let f = finding(slip, &form.name, &report.file);
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
                if twin_of[i].is_none() {
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
                "未找到本部门的自评报告（同一文件夹、报告所写部门名称或文件名都没有对应的报告）"
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
    for (form, report, checked) in ends_of {
        let department = names.get(form.as_str()).map(|n| n.to_string());
        if let Some(&i) = index.get(&form).filter(|_| checked) {
            files[i].paired_with = Some(report.clone());
        }
        if let Some(&i) = index.get(&report) {
            files[i].paired_with = Some(form);
            files[i].department = department;
        }
    }
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

/// Per report, the form it pairs with and, for the second format of one report,
/// the version that is checked. One report in two formats pairs once, as that
/// version; the other follows it.
fn pair_versions(
    forms: &[FormEnd<'_>],
    reports: &[Report],
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let ends: Vec<ReportEnd<'_>> = reports
        .iter()
        .map(|r| ReportEnd {
            file: &r.file,
            stated_name: r.stated_name.as_deref(),
        })
        .collect();
    let twin_of = twins(&ends);
    let checked: Vec<usize> = (0..ends.len()).filter(|&i| twin_of[i].is_none()).collect();
    let checked_ends: Vec<ReportEnd<'_>> = checked.iter().map(|&i| ends[i].clone()).collect();
    let mut paired = vec![None; ends.len()];
    for (&i, of) in checked.iter().zip(pair(forms, &checked_ends)) {
        paired[i] = of;
    }
    for i in 0..ends.len() {
        if let Some(p) = twin_of[i] {
            paired[i] = paired[p];
        }
    }
    (paired, twin_of)
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
    let rank = |file: &str| match file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "docx" => 0,
        Some(e) if e == "txt" => 1,
        _ => 2,
    };
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

/// A form as pairing sees it.
#[derive(Debug, Clone)]
pub struct FormEnd<'a> {
    /// The form's file.
    pub file: &'a str,
    /// The department name.
    pub name: &'a str,
}

/// A report as pairing sees it.
#[derive(Debug, Clone)]
pub struct ReportEnd<'a> {
    /// The report's file.
    pub file: &'a str,
    /// The department name it states.
    pub stated_name: Option<&'a str>,
}

/// Pair reports with forms: (1) a folder holding exactly one form and one report;
/// (2) the stated name equal to a form's name; (3) a shared file-name stem. Each
/// form takes at most one report. Returns, per report, the index of its form.
/// Every lookup goes through an index: a province's batch pairs in linear time.
pub fn pair(forms: &[FormEnd<'_>], reports: &[ReportEnd<'_>]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    let mut of_report: Vec<Option<usize>> = vec![None; reports.len()];
    let mut taken = vec![false; forms.len()];
    let form_keys: Vec<(String, String)> = forms.iter().map(|f| folder_and_stem(f.file)).collect();
    let report_keys: Vec<(String, String)> =
        reports.iter().map(|r| folder_and_stem(r.file)).collect();
    let form_names: Vec<String> = forms.iter().map(|f| label_key(f.name)).collect();
    let mut by_folder: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_stem: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (fi, key) in form_keys.iter().enumerate() {
        by_folder.entry(key.0.as_str()).or_default().push(fi);
        by_stem.entry(key).or_default().push(fi);
        by_name.entry(form_names[fi].as_str()).or_default().push(fi);
    }
    let mut reports_in: HashMap<&str, usize> = HashMap::new();
    for (folder, _) in &report_keys {
        *reports_in.entry(folder.as_str()).or_default() += 1;
    }
    // The one form not yet taken among `candidates`, if exactly one.
    let single = |candidates: Option<&Vec<usize>>, taken: &[bool]| -> Option<usize> {
        let mut free = candidates?.iter().copied().filter(|&fi| !taken[fi]);
        let first = free.next()?;
        free.next().is_none().then_some(first)
    };
    let names: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.stated_name.map(label_key))
        .collect();
    // (1) A department's own folder.
    for (ri, (folder, _)) in report_keys.iter().enumerate() {
        let Some([fi]) = by_folder.get(folder.as_str()).map(Vec::as_slice) else {
            continue;
        };
        if folder.is_empty() || reports_in.get(folder.as_str()) != Some(&1) {
            continue;
        }
        // A report naming another department is not this folder's report.
        let named_other = names[ri].as_ref().is_some_and(|n| *n != form_names[*fi]);
        if !taken[*fi] && !named_other {
            taken[*fi] = true;
            of_report[ri] = Some(*fi);
        }
    }
    // (2) The stated name.
    for ri in 0..reports.len() {
        let Some(name) = names[ri].as_deref() else {
            continue;
        };
        if of_report[ri].is_some() {
            continue;
        }
        if let Some(fi) = single(by_name.get(name), &taken) {
            taken[fi] = true;
            of_report[ri] = Some(fi);
        }
    }
    // (3) The file-name stem, in the same folder.
    for (ri, key) in report_keys.iter().enumerate() {
        if of_report[ri].is_some() || key.1.is_empty() {
            continue;
        }
        if let Some(fi) = single(by_stem.get(key), &taken) {
            taken[fi] = true;
            of_report[ri] = Some(fi);
        }
    }
    of_report
}

#[cfg(test)]
mod tests;
