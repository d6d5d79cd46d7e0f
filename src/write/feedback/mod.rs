//! The converted form as the bureau's feedback to a department (`build --forms`):
//! every finding marks its cell (a fill by severity and a note with the message),
//! and a first sheet `审核意见` lists them all, each with a link to its cell.
//!
//! A finding points at a cell of the file the department sent. The writer records
//! where each declared value went (`Placed`); a finding on a cell that held no
//! value that could be read (`约3342万` where a number belongs) is placed by its
//! neighbours: the written row of other values read from the same row, the written
//! column of other values read from the same column. A finding that cannot be
//! placed is still listed, with the cell of the original file.
//!
//! A department without 错误 or 警告 is told 审核通过 (no request, no deadline);
//! one with them is asked to correct and resubmit ([`Verdict`]). In a follow-up
//! round (`--previous`) `审核意见` says of each finding whether it is 未整改 or
//! 新问题, and lists the earlier findings now 已整改 and those the reviewer closed
//! (已核实). `--forms` also writes `退回清单.xlsx` ([`list_bytes`]) for the
//! reviewer's records.

mod list;
mod mark;
mod opinion;

pub use list::{list_bytes, LIST_FILE, LIST_SHEET};

use super::form;
#[cfg(doc)]
use super::form::Placed;
use crate::batch::follow_up::{DepartmentFollowUp, Seen, Status};
use crate::model::*;
use crate::scheme::Scheme;
use rust_xlsxwriter::XlsxError;

/// What the bureau adds to each converted form.
#[derive(Debug, Clone, Default)]
pub struct Feedback {
    /// 审核日期 as printed (`2026年11月24日`).
    pub review_date: String,
    /// The date by which the corrected form is due (`--deadline`), as printed
    /// (`2026年12月5日`).
    pub deadline: Option<String>,
    /// Who sends the review back (财政局名称, 联系人, 电话).
    pub sender: Sender,
}

/// The sender block of 审核意见: who at the finance bureau to ask.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    /// 财政局名称 (`广州市南沙区财政局`).
    pub bureau: Option<String>,
    /// 联系人.
    pub contact: Option<String>,
    /// 电话.
    pub phone: Option<String>,
}

/// Today's date in Beijing time, as `2026年11月24日`.
pub fn today() -> String {
    crate::clock::date_cn(crate::clock::now())
}

/// What a converted form tells its department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// 错误 or 警告 to correct: 退回修改, resubmit by the deadline.
    Return,
    /// Nothing to correct (提示 at most): 审核通过.
    Pass,
}

impl Verdict {
    /// 退回修改 / 审核通过.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Return => "退回修改",
            Verdict::Pass => "审核通过",
        }
    }
}

/// What one department's converted form lists, in its order: this run's findings
/// (those the reviewer closed left out) with their status against the earlier
/// round, then the findings the reviewer closed, then the earlier ones corrected.
pub(super) struct Listing<'a> {
    /// This run's findings shown to the department, in the department's order.
    pub(super) findings: Vec<&'a Finding>,
    /// Each finding's status and the reviewer's earlier remark (round 2 only).
    pub(super) statuses: Vec<(Status, Option<&'a str>)>,
    /// Closed by the reviewer (已核实), round 2 only.
    pub(super) verified: Vec<&'a Seen>,
    /// Corrected since the earlier round (已整改), round 2 only.
    pub(super) resolved: Vec<&'a Seen>,
    /// Whether this is a follow-up round (a status column).
    pub(super) follow_up: bool,
}

impl<'a> Listing<'a> {
    fn of(d: &'a Department, follow: Option<&'a DepartmentFollowUp>) -> Listing<'a> {
        let mut findings = Vec::new();
        let mut statuses = Vec::new();
        let mut verified: Vec<&Seen> = follow
            .map(|f| f.verified.iter().collect())
            .unwrap_or_default();
        for f in &d.findings {
            match follow {
                Some(up) => match up.verified_as(f) {
                    // Closed by the reviewer: listed once, as 已核实, not marked.
                    Some(seen) => {
                        if !verified.contains(&seen) {
                            verified.push(seen);
                        }
                    }
                    None => {
                        findings.push(f);
                        statuses.push(up.status_of(f));
                    }
                },
                None => findings.push(f),
            }
        }
        Listing {
            findings,
            statuses,
            verified,
            resolved: follow
                .map(|f| f.resolved.iter().collect())
                .unwrap_or_default(),
            follow_up: follow.is_some(),
        }
    }

    /// 错误, 警告, 提示 among the findings shown.
    fn counts(&self) -> [usize; 3] {
        [Severity::Error, Severity::Warning, Severity::Note]
            .map(|s| self.findings.iter().filter(|f| f.severity == s).count())
    }

    /// 未整改, 新问题, 已核实, 已整改.
    fn status_counts(&self) -> [usize; 4] {
        let of = |s: Status| self.statuses.iter().filter(|(x, _)| *x == s).count();
        [
            of(Status::Open),
            of(Status::New),
            self.verified.len(),
            self.resolved.len(),
        ]
    }

    fn verdict(&self) -> Verdict {
        let [errors, warnings, _] = self.counts();
        if errors + warnings > 0 {
            Verdict::Return
        } else {
            Verdict::Pass
        }
    }
}

/// One department's line in `退回清单.xlsx`: what its converted form says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// 部门名称.
    pub department: String,
    /// 退回修改 or 审核通过.
    pub verdict: Verdict,
    /// 错误, 警告, 提示 on the form (findings the reviewer closed left out).
    pub counts: [usize; 3],
    /// In a follow-up round: 未整改, 新问题, 已核实, 已整改.
    pub statuses: Option<[usize; 4]>,
    /// The converted form's file name (`部门名称.xlsx`).
    pub file: String,
}

impl Returned {
    /// What the converted form of `d` (written as `file`) says, for 退回清单.
    pub fn of(d: &Department, follow: Option<&DepartmentFollowUp>, file: &str) -> Returned {
        let listing = Listing::of(d, follow);
        Returned {
            department: d.form.name.clone(),
            verdict: listing.verdict(),
            counts: listing.counts(),
            statuses: listing.follow_up.then(|| listing.status_counts()),
            file: file.to_string(),
        }
    }
}

/// A department's form converted to the canonical layout (`build --forms`): what
/// it declared in its cells, in column K every rate and 复核 score recomputed, and
/// the review's findings marked on their cells and listed in `审核意见`, the first
/// sheet. `follow` is the department's follow-up in a run with `--previous`: each
/// finding then shows its status, and the earlier findings corrected or closed by
/// the reviewer are listed too.
pub fn converted_bytes(
    d: &Department,
    scheme: &Scheme,
    feedback: &Feedback,
    follow: Option<&DepartmentFollowUp>,
) -> Result<Vec<u8>, XlsxError> {
    let listing = Listing::of(d, follow);
    let mut c = form::canonical(&d.form, scheme, false)?;
    mark::review_column(&mut c.sheet, d, &c.scoring, c.goal_start)?;
    let targets = mark::mark(&mut c.sheet, d, &listing.findings, c.scoring.total + 5)?;
    let opinion = opinion::sheet(d, &listing, &targets, feedback)?;
    form::workbook(vec![opinion], c.sheet)
}
