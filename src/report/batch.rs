//! The batch step of the report stage: pair every report with its form, check each
//! pair (REPORT-FORM), and account for the reports and forms left alone
//! (REPORT-UNPAIRED, REPORT-MISSING).

use super::pair::{
    against_form, against_version, folder_and_stem, pair, twins, FormEnd, ReportEnd,
};
use super::reconcile::reconcile;
use super::rules::Slip;
use crate::check::Tolerances;
use crate::model::*;
use crate::store::Stored;

fn finding(slip: Slip, department: &str, file: &str) -> Finding {
    Finding {
        rule: slip.rule,
        severity: Severity::Warning,
        department: department.to_string(),
        file: file.to_string(),
        cell: Some(format!("第{}段", slip.paragraph)),
        message: slip.message,
        declared: slip.declared,
        computed: slip.computed,
    }
}

/// Pair, check, and record both ends of each pair in the file list. Findings of a
/// paired report belong to its department; those of an unpaired one stand alone.
pub fn pair_and_check(
    departments: &mut [Stored],
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
            file: &s.key.file,
            name: &s.key.name,
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
                let key = &mut departments[fi].key;
                report.form = Some(key.file.clone());
                ends_of.push((key.file.clone(), report.file.clone(), twin_of[i].is_none()));
                let mut all = slips;
                if twin_of[i].is_none() {
                    all.extend(against_form(&report.claims, &key.figures, tolerances));
                    report.reconciled = reconcile(&report.claims, &key.figures, tolerances);
                }
                for slip in all {
                    let f = finding(slip, &key.name, &report.file);
                    key.add(f);
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
                    file_findings.push(Finding {
                        rule: "REPORT-UNPAIRED",
                        severity: Severity::Warning,
                        department: department.clone(),
                        file: report.file.clone(),
                        cell: None,
                        message: format!(
                            "这份自评报告没有对应的自评表（{named}，与各表的部门名称、文件名都对不上）；请把报告与自评表放在同一部门文件夹，或使文件名一致"
                        ),
                        declared: None,
                        computed: None,
                    });
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
            let f = Finding {
                rule: "REPORT-MISSING",
                severity: Severity::Note,
                department: s.key.name.clone(),
                file: s.key.file.clone(),
                cell: None,
                message:
                    "未找到本部门的自评报告（同一文件夹、报告所写部门名称或文件名都没有对应的报告）"
                        .into(),
                declared: None,
                computed: None,
            };
            s.key.add(f);
        }
    }
    let index: std::collections::HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.clone(), i))
        .collect();
    let names: std::collections::HashMap<&str, &str> = departments
        .iter()
        .map(|s| (s.key.file.as_str(), s.key.name.as_str()))
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
    let scanned = crate::read::ReadError::Scanned.to_string();
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
