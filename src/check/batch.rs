//! Rules across the batch: `DUP-DEPT` and `YEAR-MISMATCH`.

use crate::model::*;
use crate::store::{Key, Stored};

fn finding(d: &Key, rule: &'static str, at: Option<CellPos>, message: String) -> Finding {
    Finding {
        rule,
        severity: Severity::Warning,
        department: d.name.clone(),
        file: d.file.clone(),
        cell: at.map(|a| d.cell_ref(a)),
        message,
        declared: None,
        computed: None,
    }
}

/// A complete `YYYY-MM-DD` 填报日期, else empty (older than any date).
fn full_date(d: &Key) -> &str {
    match d.date.as_deref() {
        Some(s) if s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => s,
        _ => "",
    }
}

/// `DUP-DEPT`: departments named alike in several files. Each is flagged; the one
/// with the newer 填报日期 (else the later file) stays, the others are taken out of
/// the batch and returned, their files marked skipped as superseded.
/// `departments` must be sorted by name.
pub fn duplicates(departments: &mut Vec<Stored>, files: &mut [FileRecord]) -> Vec<Stored> {
    let mut kept: Vec<Stored> = Vec::with_capacity(departments.len());
    let mut removed = Vec::new();
    let mut group: Vec<Stored> = Vec::new();
    let mut flush = |group: &mut Vec<Stored>, kept: &mut Vec<Stored>, removed: &mut Vec<Stored>| {
        if group.len() < 2 {
            kept.append(group);
            return;
        }
        let winner = (0..group.len())
            .max_by(|&a, &b| {
                (full_date(&group[a].key), &group[a].key.file)
                    .cmp(&(full_date(&group[b].key), &group[b].key.file))
            })
            .expect("non-empty group");
        let names: Vec<String> = group.iter().map(|d| d.key.file.clone()).collect();
        let chosen = group[winner].key.file.clone();
        for (i, mut d) in group.drain(..).enumerate() {
            let others = names
                .iter()
                .filter(|n| **n != d.key.file)
                .cloned()
                .collect::<Vec<_>>()
                .join("、");
            let (message, keep) = if i == winner {
                (
                    format!(
                        "部门“{}”还出现在 {others}；以本文件为准（填报日期较新或文件名较后）",
                        d.key.name
                    ),
                    true,
                )
            } else {
                (
                    format!(
                        "部门“{}”还出现在 {others}；以 {chosen} 为准，本文件不计入汇总",
                        d.key.name
                    ),
                    false,
                )
            };
            let f = finding(&d.key, "DUP-DEPT", d.key.name_at, message);
            d.key.add(f);
            if keep {
                kept.push(d);
            } else {
                if let Some(rec) = files.iter_mut().find(|r| r.file == d.key.file) {
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
        if group.last().is_some_and(|g| g.key.name != d.key.name) {
            flush(&mut group, &mut kept, &mut removed);
        }
        group.push(d);
    }
    flush(&mut group, &mut kept, &mut removed);
    *departments = kept;
    removed
}

/// `YEAR-MISMATCH`: a form whose year differs from the batch's year.
pub fn year_mismatch(departments: &mut [Stored], year: i32) {
    for Stored { key: d, .. } in departments {
        let Some(y) = &d.year else { continue };
        if y.value != year {
            let f = finding(
                d,
                "YEAR-MISMATCH",
                Some(y.at),
                format!("表中年度为 {} 年，本批汇总年度为 {year} 年", y.value),
            );
            d.add(f);
        }
    }
}
