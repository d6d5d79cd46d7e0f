//! The indicator tables: the goal table (canonical section 四) and the scored table
//! (section 五, or a layout's one combined table of targets, actuals, points and
//! scores). Columns are found by their header labels as the layout names them; a
//! merged 一级/二级 cell covers the rows beneath it (its value is carried down).

use super::extract::Extractor;
use super::grid::Grid;
use super::layout::{Field, IndicatorCol, Layout, TableSpec};
use super::points;
use super::total_row;
use super::value;
use crate::model::*;
use crate::scheme::Scheme;
use crate::text as l;
use rust_decimal::Decimal;

/// How many column roles there are ([`IndicatorCol`] as an index).
const ROLES: usize = 12;

/// Column roles of an indicator table header.
#[derive(Debug, Clone)]
struct Columns {
    row: u32,
    cols: [Option<u32>; ROLES],
    /// The 分值 columns of the 一级 and 二级 levels (`points_beside_levels`).
    level_points: [Option<u32>; 2],
}

impl Columns {
    fn col(&self, role: IndicatorCol) -> Option<u32> {
        self.cols[role as usize]
    }

    /// Whether the table has target or actual columns: without them (a score-only
    /// table, 一级指标 | 二级指标 | 三级指标 | 得分) its rows are no goals.
    fn has_goals(&self) -> bool {
        [
            IndicatorCol::Target,
            IndicatorCol::TargetInitial,
            IndicatorCol::Actual,
        ]
        .into_iter()
        .any(|role| self.col(role).is_some())
    }

    fn is_scoring(&self) -> bool {
        self.col(IndicatorCol::Points).is_some() || self.col(IndicatorCol::SelfScore).is_some()
    }

    /// The leftmost column that names a row.
    fn name_col(&self) -> u32 {
        self.col(IndicatorCol::Level3)
            .or(self.col(IndicatorCol::Level1))
            .unwrap_or(0)
    }
}

/// Map a header row with a table's column labels; block labels are never headers.
fn header_at(grid: &Grid, row: u32, spec: &TableSpec, layout: &Layout) -> Option<Columns> {
    let mut c = Columns {
        row,
        cols: [None; ROLES],
        level_points: [None; 2],
    };
    let mut points_cols = Vec::new();
    for (col, key) in grid.row_keys(row) {
        if layout.blocks.has(key) {
            continue;
        }
        if let Some(role) = spec.role(key) {
            if role == IndicatorCol::Points {
                points_cols.push(col);
            }
            let slot = &mut c.cols[role as usize];
            if slot.is_none() {
                *slot = Some(col);
            }
        }
    }
    if spec.points_beside_levels {
        beside_levels(grid, &mut c, &points_cols);
    }
    let named = spec.named_by.iter().any(|r| c.col(*r).is_some());
    let valued = c.col(IndicatorCol::Target).is_some()
        || c.col(IndicatorCol::Actual).is_some()
        || c.is_scoring();
    (named && valued).then_some(c)
}

/// `points_beside_levels`: each 分值 column belongs to the level column just left of
/// it (the nearest header cell); the one beside the 三级 column, or the first beside
/// no level, is the row's 分值.
fn beside_levels(grid: &Grid, c: &mut Columns, points_cols: &[u32]) {
    let keyed: Vec<u32> = grid
        .row_keys(c.row)
        .into_iter()
        .map(|(col, _)| col)
        .collect();
    let (l1, l2) = (c.col(IndicatorCol::Level1), c.col(IndicatorCol::Level2));
    c.cols[IndicatorCol::Points as usize] = None;
    let mut row_points = None;
    for &col in points_cols {
        let left = keyed.iter().copied().filter(|&k| k < col).max();
        match left {
            Some(k) if Some(k) == l1 => c.level_points[0] = Some(col),
            Some(k) if Some(k) == l2 => c.level_points[1] = Some(col),
            Some(k) if Some(k) == c.col(IndicatorCol::Level3) => row_points = Some(col),
            _ => row_points = row_points.or(Some(col)),
        }
    }
    c.cols[IndicatorCol::Points as usize] = row_points;
}

/// Every indicator table header of the sheet: (columns, is the scored table).
fn headers(grid: &Grid, layout: &Layout) -> Vec<(Columns, bool)> {
    let spec = &layout.indicators;
    let mut rows: Vec<u32> = Vec::new();
    for t in std::iter::once(spec).chain(layout.goals.as_ref()) {
        for role in &t.named_by {
            if let Some(labels) = t.columns.get(role) {
                rows.extend(grid.find(&labels.0).iter().map(|h| h.at.row));
            }
        }
    }
    rows.sort_unstable();
    rows.dedup();
    rows.into_iter()
        .filter_map(|r| {
            if let Some(c) = header_at(grid, r, spec, layout).filter(Columns::is_scoring) {
                return Some((c, true));
            }
            let goals = layout.goals.as_ref()?;
            header_at(grid, r, goals, layout).map(|c| (c, false))
        })
        .collect()
}

/// Rows of every indicator table header (block boundaries for the extractor).
pub fn header_rows(grid: &Grid, layout: &Layout) -> Vec<u32> {
    headers(grid, layout).iter().map(|(h, _)| h.row).collect()
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
        let l1 = text(h.col(IndicatorCol::Level1), row);
        let l2 = text(h.col(IndicatorCol::Level2), row);
        let l3 = text(h.col(IndicatorCol::Level3), row);
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

/// Where a row holds one of the labels in its first columns (a 总分 or 评价等级
/// row, or the narrative that follows the table).
fn row_label(grid: &Grid, row: u32, upto: u32, labels: &[String]) -> Option<CellPos> {
    let (first, _) = grid.bounds()?;
    (first.col..=upto)
        .map(|c| CellPos::new(row, c))
        .find(|&at| grid.key(at).is_some_and(|k| labels.iter().any(|x| x == k)))
}

/// Whether a row ends the table: a label after the table, or a footnote.
fn ends_table(x: &Extractor<'_>, row: u32, upto: u32) -> bool {
    let grid = x.grid;
    if row_label(grid, row, upto, &x.layout.table_ends.0).is_some() {
        return true;
    }
    if x.layout.footnotes.is_empty() {
        return false;
    }
    let Some((first, last)) = grid.bounds() else {
        return false;
    };
    (first.col..=last.col)
        .find_map(|c| grid.text(CellPos::new(row, c)))
        .is_some_and(|t| x.layout.is_footnote(&l::normalize(&t)))
}

/// A target or actual cell, read as written.
fn goal_value(grid: &Grid, row: u32, col: Option<u32>) -> Option<Located<GoalValue>> {
    let at = CellPos::new(row, col?);
    value::parse_goal_value(grid.get(at)).map(|value| Located { value, at })
}

fn text_at(grid: &Grid, row: u32, col: Option<u32>) -> String {
    col.and_then(|c| grid.text(CellPos::new(row, c)))
        .unwrap_or_default()
}

/// A goal row of a table row (section 四, or a combined table's row).
fn goal_row(x: &mut Extractor<'_>, h: &Columns, cells: &RowCells, name: String) -> GoalRow {
    let grid = x.grid;
    let row = cells.row;
    let target = goal_value(grid, row, h.col(IndicatorCol::Target))
        .or_else(|| goal_value(grid, row, h.col(IndicatorCol::TargetInitial)));
    let direction = h
        .col(IndicatorCol::Direction)
        .and_then(|c| grid.text(CellPos::new(row, c)))
        .and_then(|t| value::parse_direction(&t));
    let declared_completion = h
        .col(IndicatorCol::Completion)
        .and_then(|c| x.rate(CellPos::new(row, c), "完成率"));
    GoalRow {
        level1: cells.level1.clone(),
        level2: cells.level2.clone(),
        name,
        direction,
        unit: Some(text_at(grid, row, h.col(IndicatorCol::Unit)))
            .filter(|u| !u.is_empty())
            .or_else(|| percent_header(grid, h))
            .unwrap_or_default(),
        target,
        actual: goal_value(grid, row, h.col(IndicatorCol::Actual)),
        declared_completion,
        reason: text_at(grid, row, h.col(IndicatorCol::Reason)),
        at: CellPos::new(row, h.col(IndicatorCol::Level3).unwrap_or(0)),
    }
}

/// `%` when the 计量单位 is not given but the target or actual header says `%`
/// (`年度指标值(%)`): its plain numbers are percentages.
fn percent_header(grid: &Grid, h: &Columns) -> Option<String> {
    [
        IndicatorCol::Target,
        IndicatorCol::TargetInitial,
        IndicatorCol::Actual,
    ]
    .into_iter()
    .filter_map(|role| grid.text(CellPos::new(h.row, h.col(role)?)))
    .any(|t| l::normalize(&t).contains('%'))
    .then(|| "%".to_string())
}

/// Section 四: the goal indicators (none when the layout combines them with the
/// scored table).
pub fn goals(x: &mut Extractor<'_>) -> Vec<GoalRow> {
    let grid = x.grid;
    let Some((h, _)) = headers(grid, x.layout).into_iter().find(|(_, s)| !s) else {
        return Vec::new();
    };
    let name_upto = h.name_col();
    let mut out = Vec::new();
    walk(x, &h, |x, cells| {
        if ends_table(x, cells.row, name_upto) {
            return false;
        }
        let Some(name) = cells.level3.clone() else {
            return true;
        };
        out.push(goal_row(x, &h, &cells, name));
        true
    });
    out
}

/// The scored table as read: indicator rows, the 总分 row and the 评价等级.
pub struct Scoring {
    /// Indicator rows, matched to the scheme where possible.
    pub rows: Vec<IndicatorRow>,
    /// The same rows as goals, when the layout combines the two tables.
    pub goals: Option<Vec<GoalRow>>,
    /// 一级 points written in the 一级 labels or their 分值 column.
    pub level1_points: Vec<(String, Located<Decimal>)>,
    /// 二级 points written in the 二级 labels or their 分值 column.
    pub level2_points: Vec<Level2Points>,
    /// 自评总分 of the 总分 row.
    pub self_total: Amount,
    /// 分值 of the 总分 row.
    pub points_total: Amount,
    /// 评价等级.
    pub grade: Text,
    /// The 三级指标 header cell.
    pub header: Option<CellPos>,
}

/// The scored indicator table.
pub fn indicators(x: &mut Extractor<'_>, scheme: &Scheme) -> Scoring {
    let grid = x.grid;
    let layout = x.layout;
    let mut out = Scoring {
        rows: Vec::new(),
        goals: layout.combined.then(Vec::new),
        level1_points: Vec::new(),
        level2_points: Vec::new(),
        self_total: None,
        points_total: None,
        grade: None,
        header: None,
    };
    let grade_labels: &[String] = layout
        .field(Field::Grade)
        .map(|f| f.labels.0.as_slice())
        .unwrap_or(&[]);
    let Some((h, _)) = headers(grid, layout).into_iter().find(|(_, s)| *s) else {
        let at = layout
            .indicators
            .columns
            .get(&IndicatorCol::SelfScore)
            .and_then(|labels| grid.find_first(&labels.0))
            .map(|h| h.at);
        x.finding(
            Rule::MissingField,
            Severity::Error,
            at,
            "未找到“绩效评价指标得分”表（一级指标、三级指标、分值、自评得分）".into(),
        );
        return out;
    };
    let name_upto = h.name_col();
    let score_col = h
        .col(IndicatorCol::SelfScore)
        .or(h.col(IndicatorCol::Points))
        .unwrap_or(0);
    out.header = Some(CellPos::new(h.row, name_upto));
    let mut last = (String::new(), String::new());
    let self_score = h.col(IndicatorCol::SelfScore);
    // The total row's 分值 stands in the row's 分值 column, or (湖南) the 一级's.
    let points = |row: u32| {
        let cols = [
            h.col(IndicatorCol::Points),
            h.level_points[0],
            h.level_points[1],
        ];
        cols.into_iter()
            .flatten()
            .find(|&c| !grid.is_blank(CellPos::new(row, c)))
            .or(h.col(IndicatorCol::Points))
    };
    let goals_read = out.goals.is_some() && h.has_goals();
    let mut total_seen = false;
    walk(x, &h, |x, mut cells| {
        let row = cells.row;
        let at = |role: IndicatorCol| h.col(role).map(|c| CellPos::new(row, c));
        if row_label(grid, row, name_upto, &layout.total_row.0).is_some() {
            total_seen = true;
            (out.self_total, out.points_total) = total_row::read(x, row, points(row), self_score);
            return true;
        }
        if let Some(label_at) = row_label(grid, row, name_upto, grade_labels) {
            out.grade = grid
                .value_right_of(label_at, 12, layout)
                .and_then(|a| grid.text(a).map(|value| Located { value, at: a }));
            return false;
        }
        if ends_table(x, row, name_upto) {
            return false;
        }
        let (new1, new2) = (cells.level1 != last.0, cells.level2 != last.1);
        last = (cells.level1.clone(), cells.level2.clone());
        let (name1, in1) = points::split(&cells.level1);
        let (name2, in2) = points::split(&cells.level2);
        if new1 && !name1.is_empty() && !out.level1_points.iter().any(|(n, _)| *n == name1) {
            if let Some(p) = level_points(x, &h, row, 0, in1) {
                out.level1_points.push((name1.clone(), p));
            }
        }
        let seen2 = |p: &Level2Points| p.level1 == name1 && p.level2 == name2;
        if (new1 || new2) && !name2.is_empty() && !out.level2_points.iter().any(seen2) {
            if let Some(p) = level_points(x, &h, row, 1, in2) {
                out.level2_points.push(Level2Points {
                    level1: name1.clone(),
                    level2: name2.clone(),
                    points: p,
                });
            }
        }
        (cells.level1, cells.level2) = (name1, name2);
        let Some(written) = cells.level3.clone() else {
            return true;
        };
        // Points in the 三级 name are the row's 分值 when no 分值 cell gives them.
        let mut row_points =
            at(IndicatorCol::Points).and_then(|a| x.score(a, &format!("“{written}”的分值")));
        let mut level3 = written.clone();
        if row_points.is_none() {
            if let Some((name, value)) = points::in_name(&written) {
                let at = CellPos::new(row, h.col(IndicatorCol::Level3).unwrap_or(name_upto));
                row_points = Some(Located { value, at });
                level3 = name;
                cells.level3 = Some(level3.clone());
            }
        }
        if let Some(goals) = out.goals.as_mut().filter(|_| goals_read) {
            goals.push(goal_row(x, &h, &cells, level3.clone()));
        }
        let target = goal_value(grid, row, h.col(IndicatorCol::Target))
            .or_else(|| goal_value(grid, row, h.col(IndicatorCol::TargetInitial)));
        out.rows.push(IndicatorRow {
            scheme_index: scheme.match_indicator(&l::key(&level3)),
            level1: cells.level1,
            level2: cells.level2,
            points: row_points,
            target: target.map(Box::new),
            actual: goal_value(grid, row, h.col(IndicatorCol::Actual)).map(Box::new),
            declared_completion: at(IndicatorCol::Completion).and_then(|a| x.rate(a, "完成率")),
            self_score: at(IndicatorCol::SelfScore)
                .and_then(|a| x.score(a, &format!("“{level3}”的自评得分"))),
            reason: text_at(grid, row, h.col(IndicatorCol::Reason)),
            level3,
            row,
            score_col,
            name_col: name_upto,
            budget: false,
        });
        true
    });
    // A total row just below a block whose merged label ended the table.
    if let Some(row) = (!total_seen)
        .then(|| total_row::below(x, x.next_boundary(h.row), name_upto))
        .flatten()
    {
        (out.self_total, out.points_total) = total_row::read(x, row, points(row), self_score);
    }
    if out.rows.is_empty() {
        x.finding(
            Rule::TableEmpty,
            Severity::Error,
            out.header,
            "找到了绩效指标表的表头，但其下没有读到任何指标行".into(),
        );
    }
    // The 评价等级 may stand after the table's boundary (its own row after 总分).
    if out.grade.is_none() {
        out.grade = grid.find(grade_labels).iter().find_map(|hit| {
            if hit.at.row <= h.row {
                return None;
            }
            let a = grid.value_right_of(hit.at, 12, layout)?;
            grid.text(a).map(|value| Located { value, at: a })
        });
    }
    unmapped_columns(x, &h);
    out
}

/// A level's 分值 (`level` 0 for 一级, 1 for 二级): its own 分值 column on the row
/// where the level begins, else the points written in its name (at the label).
fn level_points(
    x: &mut Extractor<'_>,
    h: &Columns,
    row: u32,
    level: usize,
    in_name: Option<Decimal>,
) -> Option<Located<Decimal>> {
    let what = if level == 0 {
        "一级指标分值"
    } else {
        "二级指标分值"
    };
    if let Some(p) = h.level_points[level].and_then(|c| x.score(CellPos::new(row, c), what)) {
        return Some(p);
    }
    let role = [IndicatorCol::Level1, IndicatorCol::Level2][level];
    let at = CellPos::new(row, h.col(role).unwrap_or(0));
    in_name.map(|value| Located { value, at })
}

/// Header cells of the scored table that name no column the layout reads
/// (`UNMAPPED`): their values would otherwise be dropped without a word.
fn unmapped_columns(x: &mut Extractor<'_>, h: &Columns) {
    let grid = x.grid;
    let layout = x.layout;
    let mapped: Vec<u32> = h
        .cols
        .iter()
        .chain(&h.level_points)
        .flatten()
        .copied()
        .collect();
    let mut found = Vec::new();
    for (col, key) in grid.row_keys(h.row) {
        if mapped.contains(&col) || layout.blocks.has(key) || layout.ignored_columns.has(key) {
            continue;
        }
        if layout.goals.as_ref().is_some_and(|g| g.role(key).is_some()) {
            continue;
        }
        found.push((col, grid.text(CellPos::new(h.row, col)).unwrap_or_default()));
    }
    for (col, text) in found {
        x.finding(
            Rule::Unmapped,
            Severity::Warning,
            Some(CellPos::new(h.row, col)),
            format!(
                "指标表的“{text}”列不是版式“{}”已知的栏目，该列数据未读取，请人工核对",
                layout.short
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level1_points_in_the_label() {
        assert_eq!(
            points::in_name("产出指标（60分）"),
            Some(("产出指标".into(), Decimal::from(60)))
        );
        assert_eq!(points::in_name("产出指标"), None);
        assert_eq!(points::in_name("（60分）"), None);
    }
}
