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

/// One submission of a department, as the DUP-DEPT rule compares them.
struct Version<'a> {
    file: &'a str,
    /// `YYYY-MM-DD`, or empty when the form gives no full 填报日期.
    date: &'a str,
    modified: Option<i64>,
}

/// Modification times closer than this are taken as the same.
const SAME_TIME_SECS: u64 = 60;

/// The rule that decided between two versions.
#[derive(Clone, Copy)]
enum Rule {
    Date,
    Modified,
    Name,
}

/// Which of two versions is newer, and by which rule: the later 填报日期 when both
/// give one; else the later modification time (a minute apart at least); else
/// the later file name.
fn newer(a: &Version<'_>, b: &Version<'_>) -> (std::cmp::Ordering, Rule) {
    if !a.date.is_empty() && !b.date.is_empty() && a.date != b.date {
        return (a.date.cmp(b.date), Rule::Date);
    }
    // Copies made together (a folder copied, unpacked) differ by seconds; a
    // resubmission comes later than that.
    if let (Some(x), Some(y)) = (a.modified, b.modified) {
        if x.abs_diff(y) >= SAME_TIME_SECS {
            return (x.cmp(&y), Rule::Modified);
        }
    }
    (a.file.cmp(b.file), Rule::Name)
}

/// Why `winner` counts rather than `other`, with both dates or times.
fn why(winner: &Version<'_>, other: &Version<'_>) -> String {
    let time = |v: &Version<'_>| {
        v.modified
            .map_or("未知".to_string(), crate::clock::date_time)
    };
    let date = |v: &Version<'_>| {
        if v.date.is_empty() {
            "未填".to_string()
        } else {
            v.date.to_string()
        }
    };
    match newer(winner, other).1 {
        Rule::Date => format!(
            "按填报日期：{} 为 {}，{} 为 {}",
            winner.file,
            winner.date,
            other.file,
            other.date
        ),
        Rule::Modified => format!(
            "填报日期无法区分（{} 为 {}，{} 为 {}），按文件修改时间：{} 为 {}，{} 为 {}",
            winner.file,
            date(winner),
            other.file,
            date(other),
            winner.file,
            time(winner),
            other.file,
            time(other)
        ),
        Rule::Name => format!(
            "填报日期和修改时间都无法区分（修改时间 {} 与 {} 相差不到一分钟），按文件名：{} 排在 {} 之后",
            time(winner),
            time(other),
            winner.file,
            other.file
        ),
    }
}

/// `DUP-DEPT`: departments named alike in several files. Each is flagged; the
/// newest stays — the later 填报日期, else the later modification time, else the
/// later file name, and the message says which rule decided, with both dates or
/// times. The others are taken out of the batch and returned, their files marked
/// skipped as superseded. `departments` must be sorted by name.
pub fn duplicates(departments: &mut Vec<Stored>, files: &mut [FileRecord]) -> Vec<Stored> {
    let mut kept: Vec<Stored> = Vec::with_capacity(departments.len());
    let mut removed = Vec::new();
    let mut group: Vec<Stored> = Vec::new();
    let modified: std::collections::HashMap<String, Option<i64>> =
        files.iter().map(|r| (r.file.clone(), r.modified)).collect();
    let mut flush = |group: &mut Vec<Stored>, kept: &mut Vec<Stored>, removed: &mut Vec<Stored>| {
        if group.len() < 2 {
            kept.append(group);
            return;
        }
        let versions: Vec<Version<'_>> = group
            .iter()
            .map(|d| Version {
                file: &d.key.file,
                date: full_date(&d.key),
                modified: modified.get(&d.key.file).copied().flatten(),
            })
            .collect();
        let mut winner = 0;
        for i in 1..versions.len() {
            if newer(&versions[i], &versions[winner]).0 == std::cmp::Ordering::Greater {
                winner = i;
            }
        }
        let chosen = versions[winner].file.to_string();
        let messages: Vec<String> = (0..versions.len())
            .map(|i| {
                if i == winner {
                    let reasons: Vec<String> = (0..versions.len())
                        .filter(|&o| o != winner)
                        .map(|o| why(&versions[winner], &versions[o]))
                        .collect();
                    format!(
                        "部门“{}”有 {} 份报送；以本文件为准（{}）",
                        group[i].key.name,
                        versions.len(),
                        reasons.join("；")
                    )
                } else {
                    format!(
                        "部门“{}”有 {} 份报送；以 {chosen} 为准（{}），本文件不计入汇总",
                        group[i].key.name,
                        versions.len(),
                        why(&versions[winner], &versions[i])
                    )
                }
            })
            .collect();
        drop(versions);
        for (i, (mut d, message)) in group.drain(..).zip(messages).enumerate() {
            let f = finding(&d.key, "DUP-DEPT", d.key.name_at, message);
            d.key.add(f);
            if i == winner {
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
