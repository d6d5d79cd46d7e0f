//! The reviewer's decisions on findings (审核问题's 处理 and 审核人意见 columns),
//! carried from one review round to the next.
//!
//! A reviewer who judges a finding right as declared (已核实无误) or not to be
//! pursued (不予采纳) closes it: the next rounds do not raise it again for the same
//! department, rule and place while its declared and computed values are the same.
//! A finding left 待整改 stays for the department to correct; a remark on it goes
//! into the department's next converted form.

use super::finding::Finding;
use super::place::Place;
use serde::{Deserialize, Serialize};

/// What the reviewer decided on one finding (审核问题's 处理 column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, Hash)]
pub enum Verdict {
    /// 待整改: the department corrects it (the default).
    #[default]
    Pending,
    /// 已核实无误: the reviewer checked the figure, it is right as declared.
    Verified,
    /// 不予采纳: the finding is not pursued.
    Dismissed,
}

impl Verdict {
    /// Every verdict, in the order of the drop-down.
    pub const ALL: [Verdict; 3] = [Verdict::Pending, Verdict::Verified, Verdict::Dismissed];

    /// The labels, in the order of [`Verdict::ALL`] (the drop-down's choices).
    pub const LABELS: [&'static str; 3] = ["待整改", "已核实无误", "不予采纳"];

    /// 待整改 / 已核实无误 / 不予采纳.
    pub fn label(self) -> &'static str {
        Verdict::LABELS[self as usize]
    }

    /// A cell of the 处理 column: one of the labels (spaces ignored); `None` for
    /// anything else. An empty cell is 待整改.
    pub fn parse(text: &str) -> Option<Verdict> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return Some(Verdict::Pending);
        }
        Verdict::ALL.into_iter().find(|v| v.label() == t)
    }

    /// As the JSON writes it: `pending`, `verified`, `dismissed`.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Pending => "pending",
            Verdict::Verified => "verified",
            Verdict::Dismissed => "dismissed",
        }
    }

    /// The inverse of [`Verdict::id`].
    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.id() == id)
    }

    /// Whether the finding is closed (not raised again while its values stay).
    pub fn closes(self) -> bool {
        self != Verdict::Pending
    }
}

/// The reviewer's decision on one finding of one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// 部门名称.
    pub department: String,
    /// Rule id (`YEAR-MISMATCH`).
    pub rule: String,
    /// Where the finding was.
    pub place: Place,
    /// The declared value the decision was made on, as shown.
    pub declared: Option<String>,
    /// The computed value the decision was made on, as shown.
    pub computed: Option<String>,
    /// The finding's message when the decision was made.
    pub message: String,
    /// 处理.
    pub verdict: Verdict,
    /// 审核人意见.
    pub remark: Option<String>,
    /// The review round (审核日期) the decision was made in, as printed.
    pub decided: Option<String>,
}

impl Decision {
    /// Whether this decision is about `f` (same department, rule and place),
    /// whatever its values.
    pub fn is_about(&self, f: &Finding) -> bool {
        self.department == f.department && self.rule == f.rule.id() && self.place == f.place
    }

    /// Whether this decision closes `f`: about it, closing, and made on the same
    /// declared and computed values (on the same message, for a finding without
    /// values: its figures are in the words).
    pub fn closes(&self, f: &Finding) -> bool {
        let same = if self.declared.is_none() && self.computed.is_none() {
            f.declared.is_none() && f.computed.is_none() && self.message == f.message
        } else {
            self.declared == f.declared && self.computed == f.computed
        };
        self.verdict.closes() && self.is_about(f) && same
    }
}

impl Decision {
    /// As the JSON and the workbook carry it.
    pub fn to_doc(&self) -> super::document::DecisionDoc {
        super::document::DecisionDoc {
            department: self.department.clone(),
            rule: self.rule.clone(),
            cell: self.place.shown(),
            declared: self.declared.clone(),
            computed: self.computed.clone(),
            message: self.message.clone(),
            verdict: self.verdict.id().to_string(),
            remark: self.remark.clone(),
            decided: self.decided.clone(),
        }
    }

    /// Read back from [`Decision::to_doc`]; `None` for an unknown verdict.
    pub fn from_doc(d: super::document::DecisionDoc) -> Option<Decision> {
        Some(Decision {
            verdict: Verdict::from_id(&d.verdict)?,
            department: d.department,
            rule: d.rule,
            place: Place::parse(d.cell.as_deref().unwrap_or_default()),
            declared: d.declared,
            computed: d.computed,
            message: d.message,
            remark: d.remark,
            decided: d.decided,
        })
    }
}

/// A finding of this run closed by an earlier decision: not counted, not listed
/// among the problems, shown as 已核实 in the follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closed {
    /// The finding as this run found it.
    pub finding: Finding,
    /// The decision that closes it.
    pub decision: Decision,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellPos, Rule};

    fn finding(declared: &str) -> Finding {
        let mut f = Finding::new(
            Rule::YearMismatch,
            "某局",
            "报送/某局.xlsx",
            Place::cell("自评表", CellPos::new(1, 0)),
            "表中年度为 2022 年".into(),
        );
        f.declared = Some(declared.into());
        f.computed = Some("2023".into());
        f
    }

    #[test]
    fn a_closing_decision_holds_while_the_values_stay() {
        let d = Decision {
            department: "某局".into(),
            rule: "YEAR-MISMATCH".into(),
            place: Place::cell("自评表", CellPos::new(1, 0)),
            declared: Some("2022".into()),
            computed: Some("2023".into()),
            message: "表中年度为 2022 年".into(),
            verdict: Verdict::Verified,
            remark: Some("跨年度项目，已核实".into()),
            decided: None,
        };
        assert!(d.closes(&finding("2022")));
        assert!(!d.closes(&finding("2021")));
        assert!(d.is_about(&finding("2021")));
        let pending = Decision {
            verdict: Verdict::Pending,
            ..d
        };
        assert!(!pending.closes(&finding("2022")));
    }

    #[test]
    fn the_drop_down_reads_back() {
        assert_eq!(Verdict::parse(" 已核实无误 "), Some(Verdict::Verified));
        assert_eq!(Verdict::parse("不予采纳"), Some(Verdict::Dismissed));
        assert_eq!(Verdict::parse(""), Some(Verdict::Pending));
        assert_eq!(Verdict::parse("同意"), None);
    }
}
