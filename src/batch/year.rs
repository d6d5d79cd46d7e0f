//! The batch's year and `YEAR-MISMATCH`, on the departments' [`Summary`]s.

use crate::model::*;
use std::collections::BTreeMap;

/// The most common year of the forms; a tie goes to the later year.
pub fn most_common(departments: &[Summary]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for d in departments {
        if let Some(y) = &d.year {
            *counts.entry(y.value).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(y, _)| y)
}

/// `YEAR-MISMATCH`: a form whose year differs from the batch's year.
pub fn mismatch(departments: &mut [Summary], year: i32) {
    for d in departments {
        let Some(y) = &d.year else { continue };
        if y.value != year {
            let mut f = Finding::new(
                Rule::YearMismatch,
                &d.name,
                &d.file,
                d.place(y.at),
                format!("表中年度为 {} 年，本批汇总年度为 {year} 年", y.value),
            );
            f.declared = Some(y.value.to_string());
            f.computed = Some(year.to_string());
            d.add(f);
        }
    }
}
