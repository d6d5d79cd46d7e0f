//! The follow-up run (`--previous 上次.json`): what each department corrected since
//! the earlier review, what is still open, what is new, which figures changed, and
//! which departments are new or missing since.
//!
//! A finding is the same across runs when department, rule and cell agree (for a
//! finding without a cell: department and rule). The earlier run is read from its
//! JSON (`--json`, `JSON.md`) into the same types the JSON writer fills
//! ([`Document`]); one from another scheme, or not written by jixiao, is refused
//! before anything is read.

use super::Batch;
use crate::model::document::Document;
use crate::model::{Finding, Grade, Place};
use crate::num;
use std::collections::{BTreeMap, BTreeSet};

/// An earlier run, as far as the follow-up needs it.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The JSON file it was read from (as given).
    pub file: String,
    /// Each department's figures and findings, by name.
    departments: BTreeMap<String, Side>,
}

/// One department in one run: its tracked figures and its findings.
#[derive(Debug, Clone, Default)]
struct Side {
    figures: Vec<(&'static str, Option<String>)>,
    findings: Vec<Seen>,
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
    /// The earlier run's JSON file.
    pub previous: String,
    /// Every department of either run, by name.
    pub departments: Vec<DepartmentFollowUp>,
}

const FIELDS: [&str; 6] = [
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

/// Why an earlier run's JSON cannot be compared with (`--previous`); the text is
/// the message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviousError {
    /// The file cannot be read.
    #[error("无法读取上次的结果 {shown}：{reason}")]
    Unreadable {
        /// The file as given.
        shown: String,
        /// Why, in plain Chinese.
        reason: String,
    },
    /// Not JSON at all.
    #[error("{0} 不是 JSON 文件；--previous 要的是上次运行用 --json 导出的文件")]
    NotJson(String),
    /// JSON, but not jixiao's.
    #[error("{0} 不是 jixiao 导出的 JSON（缺少 tool、departments、findings）；--previous 要的是上次运行用 --json 导出的文件")]
    NotOurs(String),
    /// Scored with another scheme.
    #[error("{shown} 是用指标体系方案“{theirs}”评的，本次用“{ours}”：两次的得分和问题不可比，请用同一方案（--scheme）")]
    OtherScheme {
        /// The file as given.
        shown: String,
        /// Its scheme.
        theirs: String,
        /// This run's.
        ours: String,
    },
}

impl Previous {
    /// Read an earlier run's JSON ([`Document`]); refuse one that jixiao did not
    /// write or that used another scheme than `scheme`.
    pub fn read(
        path: &std::path::Path,
        shown: &str,
        scheme: &str,
    ) -> Result<Previous, PreviousError> {
        let bytes = std::fs::read(path).map_err(|e| PreviousError::Unreadable {
            shown: shown.to_string(),
            reason: crate::plain::io(&e),
        })?;
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() {
            return Err(PreviousError::NotJson(shown.to_string()));
        }
        let doc: Document = serde_json::from_slice(&bytes)
            .ok()
            .filter(|d: &Document| d.tool == "jixiao")
            .ok_or_else(|| PreviousError::NotOurs(shown.to_string()))?;
        if doc.scheme != scheme {
            return Err(PreviousError::OtherScheme {
                shown: shown.to_string(),
                theirs: doc.scheme,
                ours: scheme.to_string(),
            });
        }
        let mut departments: BTreeMap<String, Side> = BTreeMap::new();
        for d in doc.departments {
            let total = &d.funds.total;
            let values = [
                total.budget.clone(),
                total.spent.clone(),
                total
                    .rate
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .map(percent),
                d.scores.self_total.clone(),
                d.scores.total.clone(),
                d.scores.grade.clone(),
            ];
            departments.entry(d.name).or_default().figures =
                FIELDS.iter().copied().zip(values).collect();
        }
        for f in doc.findings {
            if let Some(side) = departments.get_mut(&f.department) {
                side.findings.push(Seen {
                    rule: f.rule,
                    severity: f.severity,
                    file: f.file,
                    place: Place::parse(f.cell.as_deref().unwrap_or_default()),
                    message: f.message,
                    declared: f.declared,
                    computed: f.computed,
                    remark: None,
                });
            }
        }
        Ok(Previous {
            file: shown.to_string(),
            departments,
        })
    }
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
    // Findings of the departments kept (a superseded file's stay with its file).
    let kept: BTreeSet<&str> = batch
        .departments
        .summaries()
        .iter()
        .map(|k| k.file.as_str())
        .collect();
    let reports: BTreeSet<&str> = batch
        .reports
        .iter()
        .filter(|r| r.form.as_deref().is_some_and(|f| kept.contains(f)))
        .map(|r| r.file.as_str())
        .collect();
    for f in batch.findings() {
        if !(kept.contains(f.file.as_str()) || reports.contains(f.file.as_str())) {
            continue;
        }
        if let Some(side) = out.get_mut(&f.department) {
            side.findings.push(seen(&f));
        }
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
                verified: Vec::new(),
            };
            if presence == Presence::Both {
                let old: std::collections::HashSet<(&str, &Place)> =
                    b.findings.iter().map(Seen::key).collect();
                let still: std::collections::HashSet<(&str, &Place)> =
                    a.findings.iter().map(Seen::key).collect();
                out.resolved = b
                    .findings
                    .iter()
                    .filter(|f| !still.contains(&f.key()))
                    .cloned()
                    .collect();
                for f in &a.findings {
                    if old.contains(&f.key()) {
                        out.open.push(f.clone());
                    } else {
                        out.new.push(f.clone());
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
            out
        })
        .collect();
    FollowUp {
        previous: previous.file.clone(),
        departments,
    }
}
