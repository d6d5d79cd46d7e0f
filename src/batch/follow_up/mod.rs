//! The follow-up run (`--previous`): what each department corrected since the
//! earlier review, what is still open, what is new, what the reviewer closed,
//! which figures changed, and which departments are new or missing since.
//!
//! A finding is the same across runs when department, rule and cell agree (for a
//! finding without a cell: department and rule). The earlier run is read
//! (`previous`) from the summary workbook the reviewer edited, or from its JSON
//! (`--json`, `JSON.md`); one from another scheme, or not written by jixiao, is
//! refused before anything is read. [`round`] is what a run hands to the next.

mod previous;

pub use previous::{Previous, PreviousError, DATA_SHEET, NUMBER, REMARK, VERDICT};

use super::Batch;
use crate::model::document::{FindingDoc, RoundDepartmentDoc, RoundDoc};
use crate::model::{Finding, Grade, Place};
use crate::num;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One department in one run: its tracked figures, its findings, the findings
/// the reviewer's decisions closed, and the files that are its own.
#[derive(Debug, Clone, Default)]
struct Side {
    figures: Vec<(&'static str, Option<String>)>,
    findings: Vec<Seen>,
    closed: Vec<Seen>,
    files: Vec<String>,
}

/// A finding as the follow-up shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Rule id.
    pub rule: String,
    /// 错误/警告/提示.
    pub severity: String,
    /// The file it was found in.
    pub file: String,
    /// The cell or paragraph, or the whole file.
    pub place: Place,
    /// The message.
    pub message: String,
    /// The value the department declared, as shown (when the rule has one).
    pub declared: Option<String>,
    /// The value the bureau computed, as shown (when the rule has one).
    pub computed: Option<String>,
    /// The reviewer's remark on this finding in the earlier round (审核人意见).
    pub remark: Option<String>,
    /// For a finding still open: its declared and computed values in the earlier
    /// round.
    pub before: Option<(Option<String>, Option<String>)>,
}

impl Seen {
    fn key(&self) -> (&str, &Place) {
        (&self.rule, &self.place)
    }
}

/// A tracked figure that changed: (field, old, new), values as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 全年预算数, 全年执行数, 执行率, 自评总分, 复核总分 or 等级.
    pub field: &'static str,
    /// Before (`—` when absent).
    pub old: String,
    /// Now (`—` when absent).
    pub new: String,
}

/// Whether a department is in both runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// In both runs.
    Both,
    /// Only in this run.
    New,
    /// Only in the earlier run.
    Missing,
}

impl Presence {
    /// As JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            Presence::Both => "both",
            Presence::New => "new",
            Presence::Missing => "missing",
        }
    }
}

/// One department's follow-up.
#[derive(Debug, Clone)]
pub struct DepartmentFollowUp {
    /// 部门名称.
    pub name: String,
    /// In both runs, or only in one.
    pub presence: Presence,
    /// Earlier findings gone now (已整改).
    pub resolved: Vec<Seen>,
    /// Earlier findings still there (未整改), as found now.
    pub open: Vec<Seen>,
    /// Findings that were not there before (新问题).
    pub new: Vec<Seen>,
    /// Findings the reviewer closed (已核实无误 or 不予采纳) and that are still there
    /// with the same figures: not raised again (已核实).
    pub verified: Vec<Seen>,
    /// Tracked figures that changed.
    pub changed: Vec<Change>,
}

/// The follow-up of a run against an earlier one.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The earlier run's file (workbook or JSON), as given.
    pub previous: String,
    /// The earlier round's review date, when it recorded one.
    pub previous_date: Option<String>,
    /// This round's review date.
    pub date: Option<String>,
    /// Every department of either run, by name.
    pub departments: Vec<DepartmentFollowUp>,
}

pub(crate) const FIELDS: [&str; 6] = [
    "全年预算数",
    "全年执行数",
    "执行率",
    "自评总分",
    "复核总分",
    "等级",
];

/// A rate as a fraction (0.9893) as shown (`98.93%`), the same in both runs.
fn percent(fraction: rust_decimal::Decimal) -> String {
    format!(
        "{:.2}%",
        num::round(fraction * rust_decimal::Decimal::ONE_HUNDRED, 2)
    )
}

fn seen(f: &Finding) -> Seen {
    Seen {
        rule: f.rule.id().to_string(),
        severity: f.severity.label().to_string(),
        file: f.file.clone(),
        place: f.place.clone(),
        message: f.message.clone(),
        declared: f.declared.clone(),
        computed: f.computed.clone(),
        remark: None,
        before: None,
    }
}

/// Where a finding of this run stands against the earlier round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// An earlier finding gone now (已整改).
    Resolved,
    /// An earlier finding still there (未整改).
    Open,
    /// Not there before (新问题).
    New,
    /// Closed by the reviewer, still there with the same figures (已核实).
    Verified,
}

impl Status {
    /// 已整改 / 未整改 / 新问题 / 已核实.
    pub fn label(self) -> &'static str {
        match self {
            Status::Resolved => "已整改",
            Status::Open => "未整改",
            Status::New => "新问题",
            Status::Verified => "已核实",
        }
    }
}

impl DepartmentFollowUp {
    /// How many findings of each status: 已整改, 未整改, 新问题, 已核实.
    pub fn counts(&self) -> [usize; 4] {
        [
            self.resolved.len(),
            self.open.len(),
            self.new.len(),
            self.verified.len(),
        ]
    }

    /// The status of one of this run's findings of the department (Open or New),
    /// and the reviewer's earlier remark on it.
    pub fn status_of(&self, f: &Finding) -> (Status, Option<&str>) {
        let id = f.rule.id();
        let same = |s: &&Seen| s.rule == id && s.place == f.place;
        match self.open.iter().find(same) {
            Some(s) => (Status::Open, s.remark.as_deref()),
            None => (Status::New, None),
        }
    }

    /// The finding the reviewer closed (已核实) that is the same as `f` (rule and
    /// place), if any.
    pub fn verified_as(&self, f: &Finding) -> Option<&Seen> {
        let id = f.rule.id();
        self.verified
            .iter()
            .find(|s| s.rule == id && s.place == f.place)
    }
}

/// This run's side of each department.
fn current(batch: &Batch) -> BTreeMap<String, Side> {
    let mut out = sides(batch);
    for f in batch.findings() {
        if let Some(side) = out.get_mut(&f.department) {
            if side.files.contains(&f.file) {
                side.findings.push(seen(&f));
            }
        }
    }
    out
}

/// This run's side of each department without its findings: figures, files and
/// the findings closed by decisions.
fn sides(batch: &Batch) -> BTreeMap<String, Side> {
    let mut out: BTreeMap<String, Side> = BTreeMap::new();
    // The tracked figures need no goals, indicator rows or narrative decoded.
    let departments = batch
        .departments
        .runs(crate::store::Parts::FIGURES, |_, d| d)
        .flatten();
    for d in departments {
        let total = d.form.fund(crate::model::FundKind::Total);
        let review = &d.review;
        let values = [
            total.budget.as_ref().map(|l| num::amount(l.value)),
            total.spent.as_ref().map(|l| num::amount(l.value)),
            review.funds[crate::model::FundKind::Total as usize]
                .rate
                .map(percent),
            d.form.self_total.as_ref().map(|l| num::amount(l.value)),
            review.scores.total.map(num::amount),
            review.scores.grade.map(|g: Grade| g.label().to_string()),
        ];
        out.entry(d.form.name.clone()).or_default().figures =
            FIELDS.iter().copied().zip(values).collect();
    }
    // Each kept department's own files: its form and the reports paired with it (a
    // superseded file's findings stay with that file).
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &batch.reports {
        if let Some(form) = r.form.as_deref() {
            reports.entry(form).or_default().push(&r.file);
        }
    }
    for s in batch.departments.summaries() {
        let Some(side) = out.get_mut(&s.name) else {
            continue;
        };
        side.files.push(s.file.clone());
        let paired = reports.get(s.file.as_str()).into_iter().flatten();
        side.files.extend(paired.map(|f| f.to_string()));
        side.closed.extend(s.closed.iter().map(|c| Seen {
            remark: c.decision.remark.clone(),
            ..seen(&c.finding)
        }));
    }
    out
}

/// Compare this run with the earlier one.
pub fn follow_up(batch: &Batch, previous: &Previous) -> FollowUp {
    let now = current(batch);
    let names: BTreeSet<&String> = now.keys().chain(previous.departments.keys()).collect();
    let departments = names
        .into_iter()
        .map(|name| {
            let before = previous.departments.get(name);
            let after = now.get(name);
            let presence = match (before, after) {
                (Some(_), Some(_)) => Presence::Both,
                (None, _) => Presence::New,
                (_, None) => Presence::Missing,
            };
            let empty = Side::default();
            let (b, a) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
            let mut out = DepartmentFollowUp {
                name: name.clone(),
                presence,
                resolved: Vec::new(),
                open: Vec::new(),
                new: Vec::new(),
                changed: Vec::new(),
                verified: a.closed.clone(),
            };
            if presence == Presence::Both {
                compare(b, a, previous, name, &mut out);
            }
            out
        })
        .collect();
    FollowUp {
        previous: previous.file.clone(),
        previous_date: previous.review_date.clone(),
        date: batch.review_date.clone(),
        departments,
    }
}

/// One department in both runs: resolved, open (with the earlier remark), new,
/// and the tracked figures that changed.
fn compare(b: &Side, a: &Side, previous: &Previous, name: &str, out: &mut DepartmentFollowUp) {
    // What the earlier round knew of: its findings, and the findings its
    // decisions had closed (one raised again with other values is 未整改).
    // Several findings may share a rule and a place (a paragraph): each open one
    // is told the earlier one with its message, else the first.
    type Earlier<'a> = (&'a str, Option<&'a str>, (Option<String>, Option<String>));
    let mut old: HashMap<(&str, &Place), Vec<Earlier<'_>>> = HashMap::new();
    for d in previous.decisions.iter().filter(|d| d.department == name) {
        let values = (d.declared.clone(), d.computed.clone());
        old.entry((&d.rule, &d.place))
            .or_default()
            .push((&d.message, d.remark.as_deref(), values));
    }
    for f in &b.findings {
        let values = (f.declared.clone(), f.computed.clone());
        old.entry(f.key())
            .or_default()
            .push((&f.message, f.remark.as_deref(), values));
    }
    let still: std::collections::HashSet<(&str, &Place)> =
        a.findings.iter().chain(&a.closed).map(Seen::key).collect();
    out.resolved = b
        .findings
        .iter()
        .filter(|f| !still.contains(&f.key()))
        .cloned()
        .collect();
    for f in &a.findings {
        let earlier = old.get(&f.key()).and_then(|all| {
            all.iter()
                .find(|(message, ..)| *message == f.message)
                .or(all.first())
        });
        match earlier {
            Some((_, remark, values)) => out.open.push(Seen {
                remark: remark.map(str::to_string),
                before: Some(values.clone()),
                ..f.clone()
            }),
            None => out.new.push(f.clone()),
        }
    }
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    out.changed = b
        .figures
        .iter()
        .zip(&a.figures)
        .filter(|((_, x), (_, y))| x != y)
        .map(|((field, x), (_, y))| Change {
            field,
            old: shown(x),
            new: shown(y),
        })
        .collect();
}

/// What this run hands to the next round in its workbook: each kept department's
/// tracked figures and files, every finding in the order of 审核问题, and the
/// closing decisions in force.
pub fn round(batch: &Batch) -> RoundDoc {
    let departments = sides(batch)
        .into_iter()
        .map(|(name, side)| RoundDepartmentDoc {
            name,
            files: side.files,
            figures: side.figures.into_iter().map(|(_, v)| v).collect(),
        })
        .collect();
    RoundDoc {
        tool: "jixiao".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scheme: batch.scheme_id.clone(),
        year: batch.year,
        review_date: batch.review_date.clone(),
        departments,
        findings: batch.findings().map(|f| FindingDoc::from(&f)).collect(),
        decisions: batch.decisions.iter().map(|d| d.to_doc()).collect(),
    }
}
