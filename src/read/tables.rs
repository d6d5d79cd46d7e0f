//! The two indicator tables: section 四 (goal indicators) and section 五 (scoring
//! indicators). Columns are found by their header labels; a merged 一级/二级 cell
//! covers the rows beneath it (its value is carried down).

use super::extract::Extractor;
use super::grid::Grid;
use super::label::{self as l, Synonyms};
use super::value;
use crate::model::*;
use crate::scheme::Scheme;

/// Column roles of an indicator table header.
#[derive(Debug, Default, Clone)]
struct Columns {
    row: u32,
    level1: Option<u32>,
    level2: Option<u32>,
    level3: Option<u32>,
    direction: Option<u32>,
    unit: Option<u32>,
    target: Option<u32>,
    actual: Option<u32>,
    completion: Option<u32>,
    reason: Option<u32>,
    points: Option<u32>,
    self_score: Option<u32>,
}

impl Columns {
    fn is_scoring(&self) -> bool {
        self.points.is_some() || self.self_score.is_some()
    }
}

/// Picks the field of [`Columns`] a header label fills.
type Slot = fn(&mut Columns) -> &mut Option<u32>;

fn header_at(grid: &Grid, row: u32) -> Option<Columns> {
    let mut c = Columns {
        row,
        ..Columns::default()
    };
    let roles: [(Synonyms, Slot); 11] = [
        (l::LEVEL1, |c| &mut c.level1),
        (l::LEVEL2, |c| &mut c.level2),
        (l::LEVEL3, |c| &mut c.level3),
        (l::DIRECTION, |c| &mut c.direction),
        (l::UNIT, |c| &mut c.unit),
        (l::TARGET, |c| &mut c.target),
        (l::ACTUAL, |c| &mut c.actual),
        (l::COMPLETION, |c| &mut c.completion),
        (l::REASON, |c| &mut c.reason),
        (l::POINTS, |c| &mut c.points),
        (l::SELF_SCORE, |c| &mut c.self_score),
    ];
    for (col, key) in grid.row_keys(row) {
        if let Some((_, slot)) = roles.iter().find(|(syn, _)| l::is_one_of(key, syn)) {
            let slot = slot(&mut c);
            if slot.is_none() {
                *slot = Some(col);
            }
        }
    }
    let named = c.level1.is_some() || c.level3.is_some();
    let valued = c.target.is_some() || c.actual.is_some() || c.is_scoring();
    (named && valued).then_some(c)
}

fn headers(grid: &Grid) -> Vec<Columns> {
    let mut rows: Vec<u32> = grid
        .find(l::LEVEL1)
        .iter()
        .chain(grid.find(l::LEVEL3).iter())
        .map(|h| h.at.row)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter()
        .filter_map(|r| header_at(grid, r))
        .collect()
}

/// Rows of every indicator table header (block boundaries for the extractor).
pub fn header_rows(grid: &Grid) -> Vec<u32> {
    headers(grid).iter().map(|h| h.row).collect()
}

/// One data row of a table, with 一级/二级 carried down.
struct RowCells {
    row: u32,
    level1: String,
    level2: String,
    level3: Option<String>,
}

/// Walk the data rows of a table until its block ends. Calls `f` for each row
/// that has content, after handling carry-down. Stops when `f` returns false.
fn walk(
    x: &mut Extractor<'_>,
    h: &Columns,
    mut f: impl FnMut(&mut Extractor<'_>, RowCells) -> bool,
) {
    let grid = x.grid;
    let Some((_, last)) = grid.bounds() else {
        return;
    };
    let end = x.next_boundary(h.row).min(last.row + 1);
    let (mut level1, mut level2) = (String::new(), String::new());
    let text = |c: Option<u32>, r: u32| c.and_then(|c| grid.text(CellPos::new(r, c)));
    for row in h.row + 1..end {
        let l1 = text(h.level1, row);
        let l2 = text(h.level2, row);
        let l3 = text(h.level3, row);
        if let Some(t) = &l1 {
            if *t != level1 {
                level2.clear();
            }
            level1 = t.clone();
        }
        if let Some(t) = &l2 {
            level2 = t.clone();
        }
        let more = f(
            x,
            RowCells {
                row,
                level1: level1.clone(),
                level2: level2.clone(),
                level3: l3,
            },
        );
        if !more {
            break;
        }
    }
}

/// Whether a row holds any of the given labels in its first columns (a 总分 or
/// 评价等级 row, or the narrative that follows the table).
fn row_label(grid: &Grid, row: u32, upto: u32, synonyms: Synonyms) -> Option<CellPos> {
    let (first, _) = grid.bounds()?;
    (first.col..=upto)
        .map(|c| CellPos::new(row, c))
        .find(|&at| grid.key(at).is_some_and(|k| l::is_one_of(k, synonyms)))
}

const AFTER_TABLE: &[Synonyms] = &[l::PROBLEMS, l::MEASURES, l::OVERALL_GOAL, l::ACHIEVEMENT];

fn ends_table(grid: &Grid, row: u32, upto: u32) -> bool {
    AFTER_TABLE
        .iter()
        .any(|s| row_label(grid, row, upto, s).is_some())
}

/// Section 四: the goal indicators.
pub fn goals(x: &mut Extractor<'_>) -> Vec<GoalRow> {
    let grid = x.grid;
    let Some(h) = headers(grid).into_iter().find(|h| !h.is_scoring()) else {
        return Vec::new();
    };
    let name_upto = h.level3.or(h.level1).unwrap_or(0);
    let mut out = Vec::new();
    walk(x, &h, |x, cells| {
        if ends_table(grid, cells.row, name_upto) {
            return false;
        }
        let at = |c: Option<u32>| c.map(|c| CellPos::new(cells.row, c));
        let located = |c: Option<u32>| {
            let at = at(c)?;
            value::parse_goal_value(grid.get(at)).map(|value| Located { value, at })
        };
        let target = located(h.target);
        let actual = located(h.actual);
        let Some(name) = cells.level3 else {
            return true;
        };
        let direction = h
            .direction
            .and_then(|c| grid.text(CellPos::new(cells.row, c)))
            .and_then(|t| value::parse_direction(&t));
        let declared_completion = at(h.completion).and_then(|a| x.rate(a, "完成率"));
        out.push(GoalRow {
            level1: cells.level1,
            level2: cells.level2,
            name,
            direction,
            unit: h
                .unit
                .and_then(|c| grid.text(CellPos::new(cells.row, c)))
                .unwrap_or_default(),
            target,
            actual,
            declared_completion,
            reason: h
                .reason
                .and_then(|c| grid.text(CellPos::new(cells.row, c)))
                .unwrap_or_default(),
            at: CellPos::new(cells.row, h.level3.unwrap_or(0)),
        });
        true
    });
    out
}

/// Section 五 as read: indicator rows, the 总分 row and the 评价等级.
pub struct Scoring {
    /// Indicator rows, matched to the scheme where possible.
    pub rows: Vec<IndicatorRow>,
    /// 自评总分 of the 总分 row.
    pub self_total: Amount,
    /// 分值 of the 总分 row.
    pub points_total: Amount,
    /// 评价等级.
    pub grade: Text,
    /// The 三级指标 header cell.
    pub header: Option<CellPos>,
}

/// Section 五: the scoring indicators.
pub fn indicators(x: &mut Extractor<'_>, scheme: &Scheme) -> Scoring {
    let grid = x.grid;
    let mut out = Scoring {
        rows: Vec::new(),
        self_total: None,
        points_total: None,
        grade: None,
        header: None,
    };
    let Some(h) = headers(grid).into_iter().find(Columns::is_scoring) else {
        let at = grid.find_first(l::SELF_SCORE).map(|h| h.at);
        x.finding(
            "MISSING-FIELD",
            Severity::Error,
            at,
            "未找到“绩效评价指标得分”表（一级指标、三级指标、分值、自评得分）".into(),
        );
        return out;
    };
    let name_upto = h.level3.or(h.level1).unwrap_or(0);
    let score_col = h.self_score.or(h.points).unwrap_or(0);
    out.header = Some(CellPos::new(h.row, name_upto));
    walk(x, &h, |x, cells| {
        let row = cells.row;
        let at = |c: Option<u32>| c.map(|c| CellPos::new(row, c));
        if row_label(grid, row, name_upto, l::TOTAL_ROW).is_some() {
            out.self_total = at(h.self_score).and_then(|a| x.score(a, "自评总分"));
            out.points_total = at(h.points).and_then(|a| x.score(a, "总分分值"));
            return true;
        }
        if let Some(label_at) = row_label(grid, row, name_upto, l::GRADE) {
            out.grade = grid
                .value_right_of(label_at, 12)
                .and_then(|a| grid.text(a).map(|value| Located { value, at: a }));
            return false;
        }
        if ends_table(grid, row, name_upto) {
            return false;
        }
        let Some(level3) = cells.level3 else {
            return true;
        };
        let located = |c: Option<u32>| {
            let at = at(c)?;
            value::parse_goal_value(grid.get(at)).map(|value| Located { value, at })
        };
        out.rows.push(IndicatorRow {
            scheme_index: scheme.match_indicator(&l::key(&level3)),
            level1: cells.level1,
            level2: cells.level2,
            points: at(h.points).and_then(|a| x.score(a, &format!("“{level3}”的分值"))),
            target: located(h.target).map(Box::new),
            actual: located(h.actual).map(Box::new),
            declared_completion: at(h.completion).and_then(|a| x.rate(a, "完成率")),
            self_score: at(h.self_score).and_then(|a| x.score(a, &format!("“{level3}”的自评得分"))),
            reason: h
                .reason
                .and_then(|c| grid.text(CellPos::new(row, c)))
                .unwrap_or_default(),
            level3,
            row,
            score_col,
            name_col: name_upto,
        });
        true
    });
    // The 评价等级 may stand after the table's boundary (its own row after 总分).
    if out.grade.is_none() {
        out.grade = grid.find(l::GRADE).iter().find_map(|hit| {
            if hit.at.row <= h.row {
                return None;
            }
            let a = grid.value_right_of(hit.at, 12)?;
            grid.text(a).map(|value| Located { value, at: a })
        });
    }
    out
}
