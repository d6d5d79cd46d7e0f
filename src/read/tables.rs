//! The indicator tables: the goal table (canonical section 四) and the scored table
//! (section 五, or a layout's one combined table of targets, actuals, points and
//! scores). Columns are found by their header labels as the layout names them; a
//! merged 一级/二级 cell covers the rows beneath it (its value is carried down).

use super::extract::Extractor;
use super::grid::Grid;
use super::layout::{Field, IndicatorCol, Layout, TableSpec};
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
}

impl Columns {
    fn col(&self, role: IndicatorCol) -> Option<u32> {
        self.cols[role as usize]
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
    };
    for (col, key) in grid.row_keys(row) {
        if layout.blocks.has(key) {
            continue;
        }
        if let Some(role) = spec.role(key) {
            let slot = &mut c.cols[role as usize];
            if slot.is_none() {
                *slot = Some(col);
            }
        }
    }
    let named = spec.named_by.iter().any(|r| c.col(*r).is_some());
    let valued = c.col(IndicatorCol::Target).is_some()
        || c.col(IndicatorCol::Actual).is_some()
        || c.is_scoring();
    (named && valued).then_some(c)
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

/// `产出指标（60分）` → (`产出指标`, 60).
fn level1_points(text: &str) -> Option<(String, Decimal)> {
    let n = l::normalize(text);
    let inner = n.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let points = inner[open + 1..].strip_suffix('分')?;
    let value: Decimal = points.parse().ok()?;
    let name = inner[..open].to_string();
    (!name.is_empty()).then_some((name, value))
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
    /// 一级 points written in the 一级 labels.
    pub level1_points: Vec<(String, Located<Decimal>)>,
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
    let mut last_level1 = String::new();
    let (points, self_score) = (h.col(IndicatorCol::Points), h.col(IndicatorCol::SelfScore));
    let mut total_seen = false;
    walk(x, &h, |x, mut cells| {
        let row = cells.row;
        let at = |role: IndicatorCol| h.col(role).map(|c| CellPos::new(row, c));
        if row_label(grid, row, name_upto, &layout.total_row.0).is_some() {
            total_seen = true;
            (out.self_total, out.points_total) = total_row::read(x, row, points, self_score);
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
        if let Some((name, points)) = level1_points(&cells.level1) {
            if cells.level1 != last_level1 {
                let label_at = h
                    .col(IndicatorCol::Level1)
                    .map(|c| CellPos::new(row, c))
                    .unwrap_or(CellPos::new(row, 0));
                out.level1_points.push((
                    name.clone(),
                    Located {
                        value: points,
                        at: label_at,
                    },
                ));
            }
            last_level1 = cells.level1.clone();
            cells.level1 = name;
        }
        let Some(level3) = cells.level3.clone() else {
            return true;
        };
        if let Some(goals) = out.goals.as_mut() {
            goals.push(goal_row(x, &h, &cells, level3.clone()));
        }
        let target = goal_value(grid, row, h.col(IndicatorCol::Target))
            .or_else(|| goal_value(grid, row, h.col(IndicatorCol::TargetInitial)));
        out.rows.push(IndicatorRow {
            scheme_index: scheme.match_indicator(&l::key(&level3)),
            level1: cells.level1,
            level2: cells.level2,
            points: at(IndicatorCol::Points).and_then(|a| x.score(a, &format!("“{level3}”的分值"))),
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
        (out.self_total, out.points_total) = total_row::read(x, row, points, self_score);
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

/// Header cells of the scored table that name no column the layout reads
/// (`UNMAPPED`): their values would otherwise be dropped without a word.
fn unmapped_columns(x: &mut Extractor<'_>, h: &Columns) {
    let grid = x.grid;
    let layout = x.layout;
    let mapped: Vec<u32> = h.cols.iter().flatten().copied().collect();
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
            level1_points("产出指标（60分）"),
            Some(("产出指标".into(), Decimal::from(60)))
        );
        assert_eq!(level1_points("产出指标"), None);
        assert_eq!(level1_points("（60分）"), None);
    }
}
