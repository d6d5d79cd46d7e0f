//! The reviewer's earlier decisions ([`Decision`]), applied to this run's findings:
//! a finding closed as 已核实无误 or 不予采纳 whose values are unchanged leaves the
//! department's findings and counts ([`Summary::close`]); it is listed as 已核实 in
//! the follow-up.

use crate::model::*;
use crate::store::{Departments, Which};
use std::collections::HashMap;

/// Close every finding of a kept department that an earlier decision closes.
/// Returns how many were closed.
pub fn apply(departments: &mut Departments, decisions: &[Decision]) -> usize {
    let mut by_department: HashMap<&str, Vec<&Decision>> = HashMap::new();
    for d in decisions.iter().filter(|d| d.verdict.closes()) {
        by_department.entry(&d.department).or_default().push(d);
    }
    if by_department.is_empty() {
        return 0;
    }
    let mut closed = 0;
    for i in 0..departments.len() {
        let Some(mine) = by_department.get(departments.summaries()[i].name.as_str()) else {
            continue;
        };
        for finding in departments.findings(Which::Kept(i)) {
            if let Some(decision) = mine.iter().find(|d| d.closes(&finding)) {
                departments.summaries_mut()[i].close(Closed {
                    finding,
                    decision: (*decision).clone(),
                });
                closed += 1;
            }
        }
    }
    closed
}

/// The decisions still in force after this run, for the next round to carry: each
/// closing decision that closed a finding now, and those of departments that sent
/// nothing this time (kept as they were). A decision whose finding is gone, or
/// came back with other values, ends here.
pub fn carried(departments: &Departments, earlier: &[Decision]) -> Vec<Decision> {
    let present: std::collections::HashSet<&str> = departments
        .summaries()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut out: Vec<Decision> = departments
        .summaries()
        .iter()
        .flat_map(|s| s.closed.iter().map(|c| c.decision.clone()))
        .chain(
            earlier
                .iter()
                .filter(|d| d.verdict.closes() && !present.contains(d.department.as_str()))
                .cloned(),
        )
        .collect();
    out.sort_by(|a, b| {
        (&a.department, a.place.order(), &a.rule).cmp(&(&b.department, b.place.order(), &b.rule))
    });
    out.dedup();
    out
}
