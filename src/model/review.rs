//! What the finance bureau recomputes: the [`Review`] beside each form, the
//! [`Department`] that holds both, and the [`District`] totals.

use super::finding::Finding;
use super::form::{Direction, Form, IndicatorRow};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

impl Department {
    /// Indicator rows of the form that no scored indicator stands for (rows that
    /// match no indicator of a fixed scheme): kept and shown, not scored.
    pub fn unscored_rows(&self) -> impl Iterator<Item = &IndicatorRow> {
        unscored(&self.form.indicators, &self.review.indicators)
    }
}

/// How many rows [`Department::unscored_rows`] would give for these rows and
/// scored indicators (a department whose rows are held apart from it).
pub fn unscored_count(rows: &[IndicatorRow], scored: &[ScoredIndicator]) -> usize {
    unscored(rows, scored).count()
}

fn unscored<'a>(
    rows: &'a [IndicatorRow],
    scored: &[ScoredIndicator],
) -> impl Iterator<Item = &'a IndicatorRow> {
    let used: Vec<usize> = scored
        .iter()
        .filter(|s| s.scheme_index.is_none())
        .filter_map(|s| s.row)
        .collect();
    rows.iter()
        .enumerate()
        .filter(move |(k, r)| r.scheme_index.is_none() && !used.contains(k))
        .map(|(_, r)| r)
}

/// Letter grade of a total score.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 优.
    Excellent,
    /// 良.
    Good,
    /// 中.
    Fair,
    /// 差.
    Poor,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// 优 / 良 / 中 / 差.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// Parse a declared grade (`优`, `优秀`, `良好`, …).
    pub fn parse(text: &str) -> Option<Grade> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match t.as_str() {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "中等" | "合格" => Some(Grade::Fair),
            "差" | "较差" | "不合格" => Some(Grade::Poor),
            _ => None,
        }
    }
}

/// Rates of a fund row, computed.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct FundReview {
    /// 执行率 = 全年执行数 / 全年预算数 (4 decimals), `None` when the base is 0 or missing.
    pub rate: Option<Decimal>,
}

/// One scheme indicator, scored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScoredIndicator {
    /// Index into the scheme's indicators; `None` when the scheme scores the form's
    /// own rows and this is one of them ([`ScoredIndicator::row`]).
    pub scheme_index: Option<usize>,
    /// Index into [`Form::indicators`] of the matched row.
    pub row: Option<usize>,
    /// Target used (fraction for rates), when the method has one.
    pub target: Option<Decimal>,
    /// Actual computed from the form's figures (fraction for rates).
    pub actual: Option<Decimal>,
    /// Completion, 4 decimals.
    pub completion: Option<Decimal>,
    /// The computed score (复核得分), rounded to 2 decimals; `None` when it
    /// cannot be computed and the declared score stands.
    pub computed: Option<Decimal>,
    /// The score counted in the totals: computed, else the declared one; `None`
    /// when there is neither (the totals are then not computed).
    pub score: Option<Decimal>,
}

/// One goal indicator, evaluated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoalReview {
    /// The direction used (declared, else from the target's sign, else `≥`).
    pub direction: Direction,
    /// Completion, 4 decimals; `None` when unreadable (counted as 0).
    pub completion: Option<Decimal>,
}

/// Totals of a department.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Scores {
    /// 一级 scores in scheme order: (name, score, points); the score is `None`
    /// when a part of it has none.
    pub by_level1: Vec<(String, Option<Decimal>, Decimal)>,
    /// 二级 scores in scheme order: (name, score, points).
    pub by_level2: Vec<(String, Option<Decimal>, Decimal)>,
    /// 复核总分; `None` when a part has no score (never a total of missing parts).
    pub total: Option<Decimal>,
    /// Points the scheme's optional rules took off the sum of the parts (指标偏离,
    /// the cap by 执行率), when any did.
    pub deduction: Option<Decimal>,
    /// 复核总分 − 自评总分 (when both exist).
    pub difference: Option<Decimal>,
    /// Grade of the 复核总分.
    pub grade: Option<Grade>,
    /// Competition rank in the batch by 复核总分 (none without a total).
    pub rank: Option<u32>,
}

/// What the finance bureau recomputed for one department.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Review {
    /// Per fund row, in [`FundKind::ALL`](super::form::FundKind::ALL) order.
    pub funds: [FundReview; 9],
    /// 结转结余率 = 年末结转和结余 / 全年预算数.
    pub carryover_rate: Option<Decimal>,
    /// 执行率 of each 三公 line, in [`SangongKind::ALL`](super::form::SangongKind::ALL) order.
    pub sangong_rates: [Option<Decimal>; 6],
    /// 政府采购执行率.
    pub procurement_rate: Option<Decimal>,
    /// 固定资产利用率 = 在用 / 原值.
    pub fixed_asset_utilization: Option<Decimal>,
    /// Per goal, in [`Form::goals`] order.
    pub goals: Vec<GoalReview>,
    /// Per scheme indicator, in scheme order (or per form row, for a scheme that
    /// scores the form's own rows).
    pub indicators: Vec<ScoredIndicator>,
    /// Totals, grade, rank.
    pub scores: Scores,
}

/// One department: its form and its review.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Department {
    /// What was declared.
    pub form: Form,
    /// What was recomputed.
    pub review: Review,
    /// Findings about this department (reader's and reviewer's) while the batch is
    /// processed; the batch store keeps them apart (`Batch::findings`) and their
    /// counts here.
    pub findings: Vec<Finding>,
    /// How many findings of each [`Severity`](super::finding::Severity) this department has.
    pub finding_counts: [usize; 3],
}

/// District-wide figures over all departments (`SCORING.md` §5).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct District {
    /// Number of departments.
    pub departments: usize,
    /// Σ 全年预算数.
    pub budget: Decimal,
    /// Σ 全年执行数.
    pub spent: Decimal,
    /// Σ执行 / Σ预算, 4 decimals.
    pub rate: Option<Decimal>,
    /// Mean 复核总分.
    pub mean_score: Option<Decimal>,
    /// Median 复核总分.
    pub median_score: Option<Decimal>,
    /// Count per grade, in [`Grade::ALL`] order.
    pub grades: [usize; 4],
    /// Count of findings per severity, in [`Severity::ALL`](super::finding::Severity::ALL) order.
    pub findings: [usize; 3],
    /// Departments without a 复核总分 (left out of mean, median and grades).
    pub unscored: usize,
    /// Departments whose amounts are implausible for their unit, left out of
    /// Σ 全年预算数 and Σ 全年执行数.
    pub unit_suspect: usize,
    /// Departments without both 全年预算数 and 全年执行数 of 年度资金总额 (a form
    /// whose layout has no money block, or a total left blank), left out of the
    /// sums: a missing amount is never counted as 0.
    pub without_amounts: usize,
}
