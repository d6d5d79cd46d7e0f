//! The batch step of the report stage: pair every report with its form, check each
//! pair (REPORT-FORM), and account for the reports and forms left alone
//! (REPORT-UNPAIRED, REPORT-MISSING).

use super::pair::{against_form, pair, FormEnd, ReportEnd};
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
    let ends: Vec<ReportEnd<'_>> = reports
        .iter()
        .map(|r| ReportEnd {
            file: &r.file,
            stated_name: r.stated_name.as_deref(),
        })
        .collect();
    let paired = pair(&forms, &ends);
    let mut has_report = vec![false; departments.len()];
    let mut ends_of: Vec<(String, String)> = Vec::new();
    for (report, of) in reports.iter_mut().zip(paired) {
        let slips = std::mem::take(&mut report.slips);
        match of {
            Some(fi) => {
                has_report[fi] = true;
                let key = &mut departments[fi].key;
                report.form = Some(key.file.clone());
                ends_of.push((key.file.clone(), report.file.clone()));
                let mut all = slips;
                all.extend(against_form(&report.claims, &key.figures, tolerances));
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
    for (form, report) in ends_of {
        let department = names.get(form.as_str()).map(|n| n.to_string());
        if let Some(&i) = index.get(&form) {
            files[i].paired_with = Some(report.clone());
        }
        if let Some(&i) = index.get(&report) {
            files[i].paired_with = Some(form);
            files[i].department = department;
        }
    }
}
