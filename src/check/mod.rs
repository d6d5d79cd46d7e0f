//! Check stage: the review rules of `CHECKS.md`, each finding pointing at a cell.
//!
//! Rules live where a reader looks for them by id:
//!
//! | rules | module |
//! |---|---|
//! | `SUM-FUNDS` `SUM-NATURE` `SUM-SANGONG` `OVERSPEND` `RATE-DECLARED` `NEGATIVE` (amounts) | [`sums`] |
//! | `POINTS-TOTAL` `UNKNOWN-INDICATOR` `MISSING-INDICATOR` `SCORE-RANGE` `SCORE-TOTAL` `SCORE-REVIEW` `GRADE-DECLARED` `NEGATIVE` (scores) | [`scores`] |
//! | `REPORT-FORM`, `REPORT-CONFLICT` between two versions of a report | [`report`] (and [`reconcile`], the 报告核对 rows) |
//! | `REPORT-SUM` `REPORT-RATE` `REPORT-CONFLICT` `REPORT-SCORE` inside a report | the report stage ([`crate::report::rules`]) |
//! | `UNREADABLE` `NO-FORM` | the read stage ([`crate::read::ReadError`]) |
//! | `MISSING-FIELD` `BAD-NUMBER` `NAME-FALLBACK` `TABLE-EMPTY` `UNMAPPED` `UNIT-SUSPECT` `LAYOUT-CLOSE` | the read stage ([`crate::read::extract`]) |
//! | `GOAL-UNREADABLE` `RATE-NA` `NO-GOALS` `TOTAL-NA` `TARGET-LOW` `RATE-CAP` | the compute stage ([`crate::compute`]) |
//! | `DUP-DEPT` `YEAR-MISMATCH` `REPORT-UNPAIRED` `REPORT-MISSING` | the batch stage (`src/batch/`: `dedup.rs`, `year.rs`, `pairing.rs`) |
//!
//! Every rule's id, Chinese name and severity: [`Rule`].

pub mod reconcile;
pub mod report;
pub mod scores;
pub mod sums;

use crate::model::*;
use crate::scheme::Scheme;

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
        rule: Rule,
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
            place: at.map_or(Place::File, |a| self.d.form.place(a)),
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
