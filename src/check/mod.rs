//! Check stage: the review rules of `CHECKS.md`, each finding pointing at a cell.
//!
//! Rules live where a reader looks for them by id:
//!
//! | rules | module |
//! |---|---|
//! | `SUM-FUNDS` `SUM-NATURE` `SUM-SANGONG` `OVERSPEND` `RATE-DECLARED` `NEGATIVE` (amounts) | [`sums`] |
//! | `POINTS-TOTAL` `UNKNOWN-INDICATOR` `MISSING-INDICATOR` `SCORE-RANGE` `SCORE-TOTAL` `SCORE-REVIEW` `GRADE-DECLARED` `NEGATIVE` (scores) | [`scores`] |
//! | `DUP-DEPT` `YEAR-MISMATCH` | [`batch`] |
//! | `UNREADABLE` `NO-FORM` | the read stage ([`crate::read::ReadError`]) |
//! | `MISSING-FIELD` `BAD-NUMBER` `NAME-FALLBACK` | the read stage ([`crate::read::extract`]) |
//! | `GOAL-UNREADABLE` `RATE-NA` `NO-GOALS` | the compute stage ([`crate::compute`]) |

pub mod batch;
pub mod names;
pub mod scores;
pub mod sums;

use crate::model::*;
use crate::scheme::Scheme;
use rust_decimal::Decimal;

/// How far two figures may differ before a finding is raised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// Money, in 万元 (default 0.01).
    pub money: Decimal,
    /// Rates, in percentage points (default 0.01, i.e. 0.0001 as a fraction).
    pub rate_points: Decimal,
    /// `SCORE-REVIEW`: 自评得分 vs 复核得分, in points (default 0.5).
    pub score_review: Decimal,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            money: Decimal::new(1, 2),
            rate_points: Decimal::new(1, 2),
            score_review: Decimal::new(5, 1),
        }
    }
}

impl Tolerances {
    /// The rate tolerance as a fraction (0.01 percentage points = 0.0001).
    pub fn rate(&self) -> Decimal {
        self.rate_points / Decimal::ONE_HUNDRED
    }
}

/// Findings being raised about one department.
pub struct Ctx<'a> {
    /// The department.
    pub d: &'a Department,
    /// The tolerances in force.
    pub tol: Tolerances,
    /// The scheme.
    pub scheme: &'a Scheme,
    out: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    fn new(d: &'a Department, scheme: &'a Scheme, tol: Tolerances) -> Ctx<'a> {
        Ctx {
            d,
            tol,
            scheme,
            out: Vec::new(),
        }
    }

    /// Raise a finding at a cell of the department's form.
    pub fn raise(
        &mut self,
        rule: &'static str,
        severity: Severity,
        at: Option<CellPos>,
        message: String,
        declared: Option<String>,
        computed: Option<String>,
    ) {
        self.out.push(Finding {
            rule,
            severity,
            department: self.d.form.name.clone(),
            file: self.d.form.file.clone(),
            cell: at.map(|a| self.d.form.cell_ref(a)),
            message,
            declared,
            computed,
        });
    }
}

/// Every per-department rule.
pub fn department(d: &Department, scheme: &Scheme, tol: Tolerances) -> Vec<Finding> {
    let mut ctx = Ctx::new(d, scheme, tol);
    sums::check(&mut ctx);
    scores::check(&mut ctx);
    ctx.out
}
