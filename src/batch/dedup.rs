//! `DUP-DEPT`: one department in several files. Decided here, on the departments'
//! [`Summary`]s (name, 填报日期, modification time, file).

use crate::model::*;

/// A complete `YYYY-MM-DD` 填报日期, else empty (older than any date).
fn full_date(d: &Summary) -> &str {
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

/// What decided between two versions.
#[derive(Clone, Copy)]
enum Decided {
    Date,
    Modified,
    Name,
}

/// Which of two versions is newer, and by which rule: the later 填报日期 when both
/// give one; else the later modification time (a minute apart at least); else
/// the later file name.
fn newer(a: &Version<'_>, b: &Version<'_>) -> (std::cmp::Ordering, Decided) {
    if !a.date.is_empty() && !b.date.is_empty() && a.date != b.date {
        return (a.date.cmp(b.date), Decided::Date);
    }
    // Copies made together (a folder copied, unpacked) differ by seconds; a
    // resubmission comes later than that.
    if let (Some(x), Some(y)) = (a.modified, b.modified) {
        if x.abs_diff(y) >= SAME_TIME_SECS {
            return (x.cmp(&y), Decided::Modified);
        }
    }
    (a.file.cmp(b.file), Decided::Name)
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
        Decided::Date => format!(
            "按填报日期：{} 为 {}，{} 为 {}",
            winner.file,
            winner.date,
            other.file,
            other.date
        ),
        Decided::Modified => format!(
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
        Decided::Name => format!(
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
/// later file name, and the message says which decided, with both dates or times.
/// The others are marked `true` in the result (superseded), their files skipped.
/// `departments` must be sorted by name.
pub fn duplicates(departments: &mut [Summary], files: &mut [FileRecord]) -> Vec<bool> {
    let mut superseded = vec![false; departments.len()];
    let mut start = 0;
    while start < departments.len() {
        let name = &departments[start].name;
        let end = start
            + departments[start..]
                .iter()
                .take_while(|d| &d.name == name)
                .count();
        if end - start > 1 {
            decide(
                &mut departments[start..end],
                &mut superseded[start..end],
                files,
            );
        }
        start = end;
    }
    superseded
}

/// One department's submissions: the newest stays, each gets its DUP-DEPT.
fn decide(group: &mut [Summary], superseded: &mut [bool], files: &mut [FileRecord]) {
    let versions: Vec<Version<'_>> = group
        .iter()
        .map(|d| Version {
            file: &d.file,
            date: full_date(d),
            modified: d.modified,
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
                    group[i].name,
                    versions.len(),
                    reasons.join("；")
                )
            } else {
                format!(
                    "部门“{}”有 {} 份报送；以 {chosen} 为准（{}），本文件不计入汇总",
                    group[i].name,
                    versions.len(),
                    why(&versions[winner], &versions[i])
                )
            }
        })
        .collect();
    drop(versions);
    for (i, (d, message)) in group.iter_mut().zip(messages).enumerate() {
        let place = d.name_at.map_or(Place::File, |at| d.place(at));
        let f = Finding::new(Rule::DupDept, &d.name, &d.file, place, message);
        d.add(f);
        if i != winner {
            superseded[i] = true;
            if let Some(rec) = files.iter_mut().find(|r| r.file == d.file) {
                rec.status = FileStatus::Skipped;
                rec.reason = Some(format!(
                    "与 {chosen} 为同一部门，以较新的报送为准（已被取代）"
                ));
            }
        }
    }
}
