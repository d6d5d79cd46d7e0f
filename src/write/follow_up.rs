//! `整改情况` (with `--previous`): per department, each earlier finding resolved or
//! still open, each new finding, the tracked figures that changed, and the
//! departments new or missing since the earlier run; and its JSON section.

use super::tables::{opt_text, text, title, Rows, Table};
use crate::batch::follow_up::{DepartmentFollowUp, Presence, Seen, Status};
use crate::batch::Batch;
use crate::model::document::{ChangeDoc, FollowUpDepartmentDoc, FollowUpDoc, SeenDoc};

/// `名称（ID）` of a rule id read from an earlier run (the id alone when it names no
/// rule of this version).
fn rule_label(id: &str) -> String {
    crate::model::Rule::from_id(id).map_or(id.to_string(), |r| r.label())
}

// The fills of the statuses, the same in 整改情况, 审核问题 and the converted
// forms: none of them the red, amber or blue of a severity.
/// The fill of 已整改 (and of 已核实无误 in 审核问题): green.
pub const DONE: &str = "#C6EFCE";
/// The fill of 未整改: orange.
pub const OPEN: &str = "#F8CBAD";
/// The fill of 新问题: lavender.
pub const NEW: &str = "#E4DFEC";
/// The fill of 已核实 (and of 不予采纳 in 审核问题): grey.
pub const CLOSED: &str = "#E7E6E6";

/// `申报 99.80%，复核 99.98%` of a finding's values; `None` when it has none.
fn values(declared: &Option<String>, computed: &Option<String>) -> Option<String> {
    match (declared, computed) {
        (Some(d), Some(c)) => Some(format!("申报 {d}，复核 {c}")),
        (Some(d), None) => Some(format!("申报 {d}")),
        (None, Some(c)) => Some(format!("复核 {c}")),
        (None, None) => None,
    }
}

/// The rows of one department: a line of counts, then 已整改, 未整改, 新问题,
/// 已核实, 数字变化 (a department new or missing since: one line saying so).
fn rows(d: &DepartmentFollowUp) -> Rows {
    let mut out = Rows::new();
    let line = |kind: &str, what: String| {
        let mut row = vec![text(&d.name), text(kind), text(what)];
        row.extend((0..6).map(|_| opt_text(None)));
        row
    };
    match d.presence {
        Presence::New => return vec![line("新增部门", "上次没有这个部门".into())],
        Presence::Missing => {
            return vec![line(
                "未再报送",
                "上次有这个部门，本次没有读到它的自评表".into(),
            )]
        }
        Presence::Both => {}
    }
    let [resolved, open, new, verified] = d.counts();
    out.push(line(
        "小计",
        format!(
            "已整改 {resolved}，未整改 {open}，新问题 {new}，已核实 {verified}；数字变化 {}",
            d.changed.len()
        ),
    ));
    let finding = |status: Status, f: &Seen| {
        let place = match f.place.shown() {
            None => f.file.clone(),
            Some(cell) => format!("{} {cell}", f.file),
        };
        let now = values(&f.declared, &f.computed);
        let (before, after) = match status {
            Status::Resolved => (now, Some("已无此问题".to_string())),
            Status::Open => (f.before.as_ref().and_then(|(d, c)| values(d, c)), now),
            Status::New => (None, now),
            Status::Verified => (now.clone(), now),
        };
        vec![
            text(&d.name),
            text(status.label()),
            text(&f.message),
            text(&f.severity),
            text(rule_label(&f.rule)),
            text(place),
            opt_text(before.as_deref()),
            opt_text(after.as_deref()),
            opt_text(f.remark.as_deref()),
        ]
    };
    out.extend(d.resolved.iter().map(|f| finding(Status::Resolved, f)));
    out.extend(d.open.iter().map(|f| finding(Status::Open, f)));
    out.extend(d.new.iter().map(|f| finding(Status::New, f)));
    out.extend(d.verified.iter().map(|f| finding(Status::Verified, f)));
    for c in &d.changed {
        let mut row = line("数字变化", c.field.to_string());
        row[6] = text(&c.old);
        row[7] = text(&c.new);
        out.push(row);
    }
    out
}

/// The `整改情况` table (the batch must have a follow-up): one block per
/// department, statuses coloured.
pub fn table(batch: &Batch) -> Table<'_> {
    let columns = [
        "部门",
        "情况",
        "说明",
        "级别",
        "规则",
        "位置/项目",
        "上次",
        "本次",
        "审核人意见",
    ];
    let follow = batch.follow_up.as_ref().expect("a follow-up");
    let all: Rows = follow.departments.iter().flat_map(rows).collect();
    let len = all.len();
    let dates = match (&follow.previous_date, &follow.date) {
        (Some(a), Some(b)) => format!("（上次审核 {a}，本次审核 {b}）"),
        (Some(a), None) => format!("（对照 {a} 的审核）"),
        _ => "（对照上次审核）".to_string(),
    };
    let mut t = Table::new(
        "整改情况",
        format!("{}{dates}", title(batch, "整改情况")),
        &columns,
        len,
        Box::new(move || Box::new(std::iter::once(all.clone()))),
    );
    t.colours = vec![
        (1, Status::Resolved.label(), DONE),
        (1, Status::Open.label(), OPEN),
        (1, Status::New.label(), NEW),
        (1, Status::Verified.label(), CLOSED),
    ];
    t
}

fn seen(f: &Seen) -> SeenDoc {
    SeenDoc {
        rule: f.rule.clone(),
        severity: f.severity.clone(),
        file: f.file.clone(),
        cell: f.place.shown(),
        message: f.message.clone(),
        remark: f.remark.clone(),
    }
}

/// The JSON section `follow_up`.
pub fn json(batch: &Batch) -> Option<FollowUpDoc> {
    let follow = batch.follow_up.as_ref()?;
    let named = |p: Presence| {
        follow
            .departments
            .iter()
            .filter(|d| d.presence == p)
            .map(|d| d.name.clone())
            .collect::<Vec<_>>()
    };
    Some(FollowUpDoc {
        previous: follow.previous.clone(),
        new_departments: named(Presence::New),
        missing_departments: named(Presence::Missing),
        departments: follow
            .departments
            .iter()
            .map(|d| FollowUpDepartmentDoc {
                name: d.name.clone(),
                presence: d.presence.id().to_string(),
                resolved: d.resolved.iter().map(seen).collect(),
                open: d.open.iter().map(seen).collect(),
                new: d.new.iter().map(seen).collect(),
                verified: d.verified.iter().map(seen).collect(),
                changed: d
                    .changed
                    .iter()
                    .map(|c| ChangeDoc {
                        field: c.field.to_string(),
                        old: c.old.clone(),
                        new: c.new.clone(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The summary `check` prints: per department, resolved / open / new.
pub fn summary(batch: &Batch) -> Option<String> {
    let follow = batch.follow_up.as_ref()?;
    let mut s = match &follow.previous_date {
        Some(date) => format!("\n整改情况（对照 {date} 的审核）\n"),
        None => "\n整改情况（对照上次审核）\n".to_string(),
    };
    for d in &follow.departments {
        let line = match d.presence {
            Presence::New => "新增部门".to_string(),
            Presence::Missing => "未再报送".to_string(),
            Presence::Both => {
                let [resolved, open, new, verified] = d.counts();
                let mut l =
                    format!("已整改 {resolved}，未整改 {open}，新问题 {new}，已核实 {verified}");
                for c in &d.changed {
                    l.push_str(&format!("；{} {} → {}", c.field, c.old, c.new));
                }
                l
            }
        };
        s.push_str(&format!("  {}：{line}\n", d.name));
    }
    Some(s)
}
