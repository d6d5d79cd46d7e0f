//! The 总分 row of the scored table: its 分值 and 自评总分, each from the column
//! its header names. The label may stand in any of the first columns, merged
//! across several (`总分` over A:F, 100 in G, the declared total in H), and the row
//! may stand just below the block whose merged label ended the table. A total row
//! found whose 自评总分 cannot be read is a finding at that row: text is
//! `BAD-NUMBER` (raised by [`Extractor::score`]), an empty cell `MISSING-FIELD`.

use super::extract::Extractor;
use crate::model::*;

/// The 分值 and 自评总分 of the total row `row`, from the columns `points` and
/// `score` of the table's header.
pub(super) fn read(
    x: &mut Extractor<'_>,
    row: u32,
    points: Option<u32>,
    score: Option<u32>,
) -> (Amount, Amount) {
    let points_total = points.and_then(|c| x.score(CellPos::new(row, c), "总分分值"));
    let self_total = score.and_then(|c| {
        let at = CellPos::new(row, c);
        let blank = x.grid.is_blank(at)
            || matches!(
                super::value::parse_number(x.grid.get(at)),
                super::value::Num::Dash
            );
        if blank {
            x.finding(
                Rule::MissingField,
                Severity::Error,
                Some(at),
                "找到了“总分”行，但其自评得分（自评总分）未填写，无法核对各项得分之和".into(),
            );
            return None;
        }
        x.score(at, "自评总分")
    });
    (self_total, points_total)
}

/// The row just below the table's block (`after`, the block's boundary), when it is
/// a total row: a total label in one of its first columns, up to `upto`.
pub(super) fn below(x: &Extractor<'_>, after: u32, upto: u32) -> Option<u32> {
    let grid = x.grid;
    let (first, last) = grid.bounds()?;
    if after > last.row {
        return None;
    }
    let labels = &x.layout.total_row.0;
    (first.col..=upto)
        .map(|c| CellPos::new(after, c))
        .any(|at| grid.key(at).is_some_and(|k| labels.iter().any(|l| l == k)))
        .then_some(after)
}
