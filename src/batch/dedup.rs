//! `DUP-DEPT`: one department in several files. Decided here, on the departments'
//! [`Summary`]s (name, content digest, 填报日期, modification time, file).
//!
//! Two submissions of one department with the same content (the same
//! [`content_digest`]: a `.xls` and a `.xlsx` of one form, a copy) are a plain
//! duplicate and say so: the first by file name stands for them. Between different
//! contents the newer counts: the later 填报日期, else the later modification time
//! (to the second), else the later file name. Nothing depends on the order the
//! files were read in; each note gives the deciding fact in one sentence.

use crate::model::*;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// The digest (SHA-256, lowercase hex) of what a department declared on a form:
/// every figure, text, goal and indicator the reader took from it, and the rule,
/// message and values of each finding raised while reading. Not part of it: the
/// file's name and path, the sheets' names, the layout, and every cell position,
/// so a `.xls` and a `.xlsx` of one form, or a form moved to other cells, give the
/// same digest. `None` when the form cannot be serialised (then it is like no other).
pub fn content_digest(form: &Form, findings: &[Finding]) -> Option<String> {
    let mut value = serde_json::to_value(form).ok()?;
    let fields = value.as_object_mut()?;
    for key in [
        "file",
        "sheet",
        "parts",
        "layout",
        "name_at",
        "indicator_table",
        "findings",
    ] {
        fields.remove(key);
    }
    strip_positions(&mut value);
    // The findings without their file and place: a cell whose text could not be
    // read leaves no value in the form, only its finding.
    let findings: Vec<_> = findings
        .iter()
        .map(|f| (f.rule.id(), &f.message, &f.declared, &f.computed))
        .collect();
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(&value).ok()?);
    hash.update(serde_json::to_vec(&findings).ok()?);
    Some(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Drop the cell positions from a serialised form: every `at` (a located value's
/// cell, a goal's name cell) and an indicator row's `row`, `score_col`, `name_col`.
fn strip_positions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for key in ["at", "row", "score_col", "name_col"] {
                fields.remove(key);
            }
            fields.values_mut().for_each(strip_positions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

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
    content: Option<&'a str>,
}

impl Version<'_> {
    /// The same content as `other` (both digests known and equal).
    fn same_content(&self, other: &Version<'_>) -> bool {
        self.content.is_some() && self.content == other.content
    }
}

/// What decided between two versions.
#[derive(Clone, Copy)]
enum Decided {
    Date,
    Modified,
    Name,
}

/// Which of two versions is newer, and by which rule: the later 填报日期 when both
/// give one and they differ; else the later modification time when both are known
/// and differ (by a second at least); else the later file name.
fn newer(a: &Version<'_>, b: &Version<'_>) -> (Ordering, Decided) {
    if !a.date.is_empty() && !b.date.is_empty() && a.date != b.date {
        return (a.date.cmp(b.date), Decided::Date);
    }
    if let (Some(x), Some(y)) = (a.modified, b.modified) {
        if x != y {
            return (x.cmp(&y), Decided::Modified);
        }
    }
    (a.file.cmp(b.file), Decided::Name)
}

/// A positive number of seconds in words, to the largest two units
/// (`3 分钟`, `1 分 30 秒`, `2 小时 5 分`, `1 天 3 小时`), the rest left off.
fn duration(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let pair = |big: u64, unit: &str, small: u64, small_unit: &str| match small {
        0 => format!("{big} {unit}"),
        _ => format!("{big} {unit} {small} {small_unit}"),
    };
    match (d, h, m) {
        (0, 0, 0) => format!("{s} 秒"),
        (0, 0, _) if s == 0 => format!("{m} 分钟"),
        (0, 0, _) => format!("{m} 分 {s} 秒"),
        (0, _, _) => pair(h, "小时", m, "分"),
        _ => pair(d, "天", h, "小时"),
    }
}

/// Why neither date nor time told `a` and `b` apart (`填报日期相同、修改时间同一秒`).
fn undecided(a: &Version<'_>, b: &Version<'_>) -> String {
    let date = match a.date.is_empty() || b.date.is_empty() {
        true => "填报日期不全",
        false => "填报日期相同",
    };
    let time = match a.modified.is_some() && b.modified.is_some() {
        true => "修改时间同一秒",
        false => "修改时间不明",
    };
    format!("{date}、{time}")
}

/// The DUP-DEPT note of the kept version `w`, newer than `r` (the newest of the
/// others with a different content).
fn kept_note(w: &Version<'_>, r: &Version<'_>) -> String {
    let fact = match newer(w, r).1 {
        Decided::Date => format!("填报日期较晚（{}，{} 为 {}）", w.date, r.file, r.date),
        Decided::Modified => format!(
            "修改时间比 {} 晚 {}",
            r.file,
            duration(w.modified.unwrap_or(0).abs_diff(r.modified.unwrap_or(0)))
        ),
        Decided::Name => format!("与 {} {}，按文件名取排在后面的", r.file, undecided(w, r)),
    };
    format!("以本文件为准：{fact}")
}

/// The DUP-DEPT note of a version `l` that does not count, `w` being kept and of
/// another content.
fn lost_note(w: &Version<'_>, l: &Version<'_>) -> String {
    match newer(w, l).1 {
        Decided::Date => format!(
            "另有 {} 填报日期较晚（{}，本文件 {}），本文件不计入",
            w.file, w.date, l.date
        ),
        Decided::Modified => format!(
            "另有 {} 较新（修改时间晚 {}），本文件不计入",
            w.file,
            duration(w.modified.unwrap_or(0).abs_diff(l.modified.unwrap_or(0)))
        ),
        Decided::Name => format!(
            "另有 {}，{}，按文件名以其为准，本文件不计入",
            w.file,
            undecided(w, l)
        ),
    }
}

/// `DUP-DEPT`: departments named alike in several files. Each is flagged; files
/// of the same content count once (the first by name), and of different contents
/// the newest stays (the later 填报日期, else the later modification time, else the
/// later file name). Each note gives the deciding fact, or says that the two have
/// the same content. The others are marked `true` in the result
/// (superseded), their files skipped. `departments` must be sorted by name, then
/// file.
///
/// `digest(i)` gives the i-th department's [`content_digest`]; it is asked only
/// for departments submitted more than once (decoding and hashing every form of a
/// province would cost a fifth of the batch).
pub fn duplicates(
    departments: &mut [Summary],
    files: &mut [FileRecord],
    digest: &(dyn Fn(usize) -> Option<String> + Sync),
) -> Vec<bool> {
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
            for (k, d) in departments[start..end].iter_mut().enumerate() {
                if d.content.is_none() {
                    d.content = digest(start + k);
                }
            }
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

/// One department's submissions. Versions with the same content count as one,
/// the first by file name standing for them (so the copies' modification times
/// never matter); of the versions left, the newest stays. Each gets its DUP-DEPT.
fn decide(group: &mut [Summary], superseded: &mut [bool], files: &mut [FileRecord]) {
    let versions: Vec<Version<'_>> = group
        .iter()
        .map(|d| Version {
            file: &d.file,
            date: full_date(d),
            modified: d.modified,
            content: d.content.as_deref(),
        })
        .collect();
    let n = versions.len();
    // The first version (by file: the group is sorted) with the same content.
    let first: Vec<usize> = (0..n)
        .map(|i| {
            (0..i)
                .find(|&j| versions[j].same_content(&versions[i]))
                .unwrap_or(i)
        })
        .collect();
    let newest = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.reduce(|best, i| match newer(&versions[i], &versions[best]).0 {
            Ordering::Greater => i,
            _ => best,
        })
    };
    let winner = newest(&mut (0..n).filter(|&i| first[i] == i)).unwrap_or(0);
    let w = &versions[winner];
    let runner_up = newest(&mut (0..n).filter(|&i| first[i] == i && i != winner));
    let copies: Vec<&str> = (0..n)
        .filter(|&i| i != winner && first[i] == winner)
        .map(|i| versions[i].file)
        .collect();
    let replaced = format!("与 {} 为同一部门，以较新的为准（已被取代）", w.file);
    let notes: Vec<(String, Option<String>)> = (0..n)
        .map(|i| match first[i] {
            _ if i == winner => match runner_up {
                Some(r) => (kept_note(w, &versions[r]), None),
                None => (
                    format!("与 {} 内容相同，只计本文件", copies.join("、")),
                    None,
                ),
            },
            f if f == winner => (
                format!("与 {} 内容相同，只计一次，本文件不计入", w.file),
                Some(format!("与 {} 内容相同，只计一次", w.file)),
            ),
            f if f == i => (lost_note(w, &versions[i]), Some(replaced.clone())),
            f => (
                format!(
                    "与 {} 内容相同，以 {} 为准，本文件不计入",
                    versions[f].file, w.file
                ),
                Some(replaced.clone()),
            ),
        })
        .collect();
    drop(versions);
    for ((d, (note, reason)), gone) in group.iter_mut().zip(notes).zip(superseded) {
        let place = d.name_at.map_or(Place::File, |at| d.place(at));
        let f = Finding::new(Rule::DupDept, &d.name, &d.file, place, note);
        d.add(f);
        if let Some(reason) = reason {
            *gone = true;
            if let Some(rec) = files.iter_mut().find(|r| r.file == d.file) {
                rec.status = FileStatus::Skipped;
                rec.reason = Some(reason);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_in_two_units_at_most() {
        assert_eq!(duration(1), "1 秒");
        assert_eq!(duration(59), "59 秒");
        assert_eq!(duration(180), "3 分钟");
        assert_eq!(duration(90), "1 分 30 秒");
        assert_eq!(duration(3600), "1 小时");
        assert_eq!(duration(2 * 3600 + 5 * 60 + 7), "2 小时 5 分");
        assert_eq!(duration(86_400), "1 天");
        assert_eq!(duration(86_400 + 3 * 3600 + 59), "1 天 3 小时");
    }
}
