//! `整改情况` (with `--previous`): per department, each earlier finding resolved or
//! still open, each new finding, the tracked figures that changed, and the
//! departments new or missing since the earlier run; and its JSON section.

use super::tables::{opt_text, text, title, Rows, Table};
use crate::batch::follow_up::{DepartmentFollowUp, Presence, Seen};
use crate::batch::Batch;
use crate::model::document::{ChangeDoc, FollowUpDepartmentDoc, FollowUpDoc, SeenDoc};

/// `名称（ID）` of a rule id read from an earlier run (the id alone when it names no
/// rule of this version).
fn rule_label(id: &str) -> String {
    crate::model::Rule::from_id(id).map_or(id.to_string(), |r| r.label())
}

/// The rows of one department: presence first, then 已整改, 未整改, 新问题, 数字变化.
fn rows(d: &DepartmentFollowUp) -> Rows {
    let mut out = Rows::new();
    let finding = |kind: &str, f: &Seen| {
        let place = match f.place.shown() {
            None => f.file.clone(),
            Some(cell) => format!("{} {cell}", f.file),
        };
        vec![
            text(&d.name),
            text(kind),
            text(&f.severity),
            text(rule_label(&f.rule)),
            text(place),
            text(&f.message),
            opt_text(None),
            opt_text(None),
        ]
    };
    let presence = |kind: &str, what: &str| {
        vec![
            text(&d.name),
            text(kind),
            opt_text(None),
            opt_text(None),
            opt_text(None),
            text(what),
            opt_text(None),
            opt_text(None),
        ]
    };
    match d.presence {
        Presence::New => out.push(presence("新增部门", "上次没有这个部门")),
        Presence::Missing => out.push(presence(
            "未再报送",
            "上次有这个部门，本次没有读到它的自评表",
        )),
        Presence::Both => {}
    }
    out.extend(d.resolved.iter().map(|f| finding("已整改", f)));
    out.extend(d.open.iter().map(|f| finding("未整改", f)));
    out.extend(d.new.iter().map(|f| finding("新问题", f)));
    for c in &d.changed {
        out.push(vec![
            text(&d.name),
            text("数字变化"),
            opt_text(None),
            opt_text(None),
            text(c.field),
            opt_text(None),
            text(&c.old),
            text(&c.new),
        ]);
    }
    out
}

/// The `整改情况` table (the batch must have a follow-up).
pub fn table(batch: &Batch) -> Table<'_> {
    let columns = [
        "部门",
        "情况",
        "级别",
        "规则",
        "位置/项目",
        "说明",
        "上次",
        "本次",
    ];
    let follow = batch.follow_up.as_ref().expect("a follow-up");
    let all: Rows = follow.departments.iter().flat_map(rows).collect();
    let len = all.len();
    Table::new(
        "整改情况",
        format!("{}（对照 {}）", title(batch, "整改情况"), follow.previous),
        &columns,
        len,
        Box::new(move || Box::new(std::iter::once(all.clone()))),
    )
}

fn seen(f: &Seen) -> SeenDoc {
    SeenDoc {
        rule: f.rule.clone(),
        severity: f.severity.clone(),
        file: f.file.clone(),
        cell: f.place.shown(),
        message: f.message.clone(),
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
    let mut s = format!("\n整改情况（对照 {}）\n", follow.previous);
    for d in &follow.departments {
        let line = match d.presence {
            Presence::New => "新增部门".to_string(),
            Presence::Missing => "未再报送".to_string(),
            Presence::Both => {
                let mut l = format!(
                    "已整改 {}，未整改 {}，新问题 {}",
                    d.resolved.len(),
                    d.open.len(),
                    d.new.len()
                );
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
