//! What the batch keeps decoded of each department: all that the batch-wide steps
//! (duplicates, pairing, year, rank, district totals) and the writers' row counts
//! need, while the department itself stays encoded in the store.

use super::finding::Finding;
use super::form::{text_of, value_of, FundKind};
use super::place::{place_in, CellPos, Located, Place, SheetPart};
use super::report::Figure;
use super::review::{unscored_count, Department, Grade};
use rust_decimal::Decimal;

/// One department as the batch-wide steps see it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Department name.
    pub name: String,
    /// Input file.
    pub file: String,
    /// The form's sheet.
    pub sheet: String,
    /// The form's sheets when it was read from several ([`super::form::Form::parts`]).
    pub parts: Vec<SheetPart>,
    /// The name's cell.
    pub name_at: Option<CellPos>,
    /// The year on the form.
    pub year: Option<Located<i32>>,
    /// 填报日期 as written.
    pub date: Option<String>,
    /// The file's modification time, seconds since the epoch.
    pub modified: Option<i64>,
    /// 复核总分 (none when it cannot be computed).
    pub total: Option<Decimal>,
    /// Id of the layout the form was read with.
    pub layout: String,
    /// Amounts implausible for their unit: left out of the district totals.
    pub unit_suspect: bool,
    /// 等级.
    pub grade: Option<Grade>,
    /// 全年预算数 of the 合计 fund row.
    pub budget: Option<Decimal>,
    /// 全年执行数 of the 合计 fund row.
    pub spent: Option<Decimal>,
    /// Rank by 复核总分 (set over the batch; none without a total).
    pub rank: Option<u32>,
    /// Rows of this department in 指标得分 (scored indicators and unmatched rows).
    pub indicator_rows: usize,
    /// Rows of this department in 目标完成.
    pub goal_rows: usize,
    /// Findings per severity, the batch rules' included.
    pub finding_counts: [usize; 3],
    /// Findings of the batch rules (`DUP-DEPT`, `YEAR-MISMATCH`, the report rules),
    /// raised after the department was encoded.
    pub added: Vec<Finding>,
    /// The figures a report may restate (only when the batch has reports).
    pub figures: Vec<Figure>,
    /// Findings closed by the reviewer's earlier decisions: left out of the
    /// department's findings and counts.
    pub closed: Vec<super::decision::Closed>,
    /// Digest of the form's content, set by DUP-DEPT for a department submitted
    /// more than once: the same for two files holding the same form (a `.xls` and
    /// a `.xlsx` of it, a copy), which then count as one submission. `None` when
    /// not known.
    pub content: Option<String>,
}

impl Summary {
    /// The summary of a reviewed and checked department (its findings counted),
    /// read from a file last modified at `modified`.
    pub fn of(d: &Department, modified: Option<i64>) -> Summary {
        let total = d.form.fund(FundKind::Total);
        Summary {
            name: d.form.name.clone(),
            file: d.form.file.clone(),
            sheet: d.form.sheet.clone(),
            parts: d.form.parts.clone(),
            name_at: d.form.name_at,
            year: d.form.year.clone(),
            date: text_of(&d.form.filler.date).map(str::to_string),
            modified,
            total: d.review.scores.total,
            layout: d.form.layout.clone(),
            unit_suspect: d.form.unit_suspect,
            grade: d.review.scores.grade,
            budget: value_of(&total.budget),
            spent: value_of(&total.spent),
            rank: None,
            indicator_rows: d.review.indicators.len()
                + unscored_count(&d.form.indicators, &d.review.indicators),
            goal_rows: d.form.goals.len().min(d.review.goals.len()),
            finding_counts: count(&d.findings),
            added: Vec::new(),
            figures: Vec::new(),
            closed: Vec::new(),
            content: None,
        }
    }

    /// A cell of this department's form, on the sheet it came from.
    pub fn place(&self, at: CellPos) -> Place {
        place_in(&self.sheet, &self.parts, at)
    }

    /// Close one of the department's findings by an earlier decision: it leaves
    /// the findings and their counts.
    pub fn close(&mut self, closed: super::decision::Closed) {
        let n = &mut self.finding_counts[closed.finding.severity as usize];
        *n = n.saturating_sub(1);
        self.closed.push(closed);
    }

    /// Whether `f` is one of the findings closed by an earlier decision.
    pub fn is_closed(&self, f: &super::finding::Finding) -> bool {
        self.closed.iter().any(|c| c.finding == *f)
    }

    /// Add a finding of a batch rule.
    pub fn add(&mut self, finding: Finding) {
        self.finding_counts[finding.severity as usize] += 1;
        self.added.push(finding);
    }
}

/// Findings per severity, in `Severity::ALL` order.
pub fn count<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> [usize; 3] {
    let mut n = [0; 3];
    for f in findings {
        n[f.severity as usize] += 1;
    }
    n
}
