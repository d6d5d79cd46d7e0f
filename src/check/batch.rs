//! Rules across the batch: `DUP-DEPT` and `YEAR-MISMATCH`.

use crate::model::*;

fn finding(d: &Department, rule: &'static str, at: Option<CellPos>, message: String) -> Finding {
    Finding {
        rule,
        severity: Severity::Warning,
        department: d.form.name.clone(),
        file: d.form.file.clone(),
        cell: at.map(|a| d.form.cell_ref(a)),
        message,
        declared: None,
        computed: None,
    }
}

/// A complete `YYYY-MM-DD` 填报日期, else empty (older than any date).
fn full_date(d: &Department) -> &str {
    match text_of(&d.form.filler.date) {
        Some(s) if s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => s,
        _ => "",
    }
}

/// `DUP-DEPT`: departments named alike in several files. Each is flagged; the one
/// with the newer 填报日期 (else the later file) stays, the others are taken out of
/// the batch and returned, their files marked skipped as superseded.
/// `departments` must be sorted by name.
pub fn duplicates(departments: &mut Vec<Department>, files: &mut [FileRecord]) -> Vec<Department> {
    let mut kept: Vec<Department> = Vec::with_capacity(departments.len());
    let mut removed = Vec::new();
    let mut group: Vec<Department> = Vec::new();
    let mut flush =
        |group: &mut Vec<Department>, kept: &mut Vec<Department>, removed: &mut Vec<Department>| {
            if group.len() < 2 {
                kept.append(group);
                return;
            }
            let winner = (0..group.len())
                .max_by(|&a, &b| {
                    (full_date(&group[a]), &group[a].form.file)
                        .cmp(&(full_date(&group[b]), &group[b].form.file))
                })
                .expect("non-empty group");
            let names: Vec<String> = group.iter().map(|d| d.form.file.clone()).collect();
            let chosen = group[winner].form.file.clone();
            for (i, mut d) in group.drain(..).enumerate() {
                let others = names
                    .iter()
                    .filter(|n| **n != d.form.file)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("、");
                let (message, keep) = if i == winner {
                    (
                        format!(
                            "部门“{}”还出现在 {others}；以本文件为准（填报日期较新或文件名较后）",
                            d.form.name
                        ),
                        true,
                    )
                } else {
                    (
                        format!(
                            "部门“{}”还出现在 {others}；以 {chosen} 为准，本文件不计入汇总",
                            d.form.name
                        ),
                        false,
                    )
                };
                let f = finding(&d, "DUP-DEPT", d.form.name_at, message);
                d.findings.push(f);
                if keep {
                    kept.push(d);
                } else {
                    if let Some(rec) = files.iter_mut().find(|r| r.file == d.form.file) {
                        rec.status = FileStatus::Skipped;
                        rec.reason = Some(format!(
                            "与 {chosen} 为同一部门，以较新的报送为准（已被取代）"
                        ));
                    }
                    removed.push(d);
                }
            }
        };
    for d in departments.drain(..) {
        if group.last().is_some_and(|g| g.form.name != d.form.name) {
            flush(&mut group, &mut kept, &mut removed);
        }
        group.push(d);
    }
    flush(&mut group, &mut kept, &mut removed);
    *departments = kept;
    removed
}

/// `YEAR-MISMATCH`: a form whose year differs from the batch's year.
pub fn year_mismatch(departments: &mut [Department], year: i32) {
    for d in departments {
        let Some(y) = &d.form.year else { continue };
        if y.value != year {
            let f = finding(
                d,
                "YEAR-MISMATCH",
                Some(y.at),
                format!("表中年度为 {} 年，本批汇总年度为 {year} 年", y.value),
            );
            d.findings.push(f);
        }
    }
}
