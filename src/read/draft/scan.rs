//! The scan behind a draft: the indicator tables (a header row naming rows by 一级
//! or 三级指标 and holding targets, actuals, points or scores), the money table (a
//! header row with 全年预算数/全年执行数-like columns over numbers, its row labels
//! to the left), the 总分 row, then every other label of the sheet as a field.

use super::vocab::{Match, Vocab};
use super::{Columns, Found, Label, MoneyDraft, Section, TableDraft};
use crate::model::CellPos;
use crate::read::grid::Grid;
use crate::read::layout::{Field, IndicatorCol, MoneyCol, MoneyRow};
use calamine::Data;
use std::collections::BTreeSet;

/// Longer texts beside a value are narrative, not an unknown label.
const MAX_LABEL: usize = 16;

/// How far below a money header numbers are looked for.
const MONEY_REACH: u32 = 40;

/// A header cell's label, with a note when the role was guessed or is ambiguous.
fn label<R: Copy + std::fmt::Debug>(key: &str, at: CellPos, m: &Match<R>) -> Label {
    let note = match m {
        Match::Exact { others, .. } if !others.is_empty() => Some(format!(
            "其他版式中也作 {}",
            others
                .iter()
                .map(|r| super::vocab::role_name(*r))
                .collect::<Vec<_>>()
                .join("、")
        )),
        Match::Exact { .. } => None,
        Match::Near { like, .. } => Some(format!("推断：与已知标签“{like}”相近，请核对")),
    };
    Label {
        key: key.to_string(),
        at,
        note,
    }
}

fn plain(key: &str, at: CellPos) -> Label {
    Label {
        key: key.to_string(),
        at,
        note: None,
    }
}

fn is_number(grid: &Grid, at: CellPos) -> bool {
    matches!(grid.get(at), Data::Float(_) | Data::Int(_))
}

/// A header row read with one vocabulary: roles, blocks, ignored and unmapped cells.
struct Header<R> {
    row: u32,
    columns: Columns<R>,
    blocks: Vec<Label>,
    ignored: Vec<Label>,
    unmapped: Vec<Label>,
}

/// Read header row `row` with one vocabulary of column roles (`roles`): each
/// cell a block label, a role, a column to ignore (when `ignored` holds it), or
/// unmapped.
fn header<R: Copy + Ord + std::fmt::Debug + PartialEq>(
    grid: &Grid,
    row: u32,
    v: &Vocab,
    roles: &super::vocab::Roles<R>,
    ignored: &BTreeSet<String>,
) -> Header<R> {
    let mut h = Header {
        row,
        columns: Columns::new(),
        blocks: Vec::new(),
        ignored: Vec::new(),
        unmapped: Vec::new(),
    };
    for (col, key) in grid.row_keys(row) {
        let at = CellPos::new(row, col);
        if v.is_block(key) {
            h.blocks.push(plain(key, at));
        } else if let Some(m) = roles.find(key) {
            h.columns
                .entry(m.role())
                .or_default()
                .push(label(key, at, &m));
        } else if ignored.contains(key) {
            h.ignored.push(plain(key, at));
        } else {
            h.unmapped.push(plain(key, at));
        }
    }
    h
}

fn indicator_header(grid: &Grid, row: u32, v: &Vocab) -> Option<Header<IndicatorCol>> {
    let h = header(grid, row, v, &v.indicator_cols, &v.ignored_columns);
    let has = |r: IndicatorCol| h.columns.contains_key(&r);
    use IndicatorCol::*;
    let named = has(Level1) || has(Level3);
    let valued = has(Target) || has(Actual) || has(Points) || has(SelfScore);
    (named && valued).then_some(h)
}

fn money_header(grid: &Grid, row: u32, v: &Vocab) -> Option<Header<MoneyCol>> {
    // The money table ignores no column: each is a role or unmapped.
    let h = header(grid, row, v, &v.money_cols, &BTreeSet::new());
    let core =
        h.columns.contains_key(&MoneyCol::Budget) || h.columns.contains_key(&MoneyCol::Spent);
    (core && h.columns.len() >= 2).then_some(h)
}

/// A note for each role found in more than one column of a header: the reader
/// takes the first.
fn repeated<R: std::fmt::Debug + Copy>(columns: &Columns<R>) -> Vec<String> {
    columns
        .iter()
        .filter(|(_, labels)| labels.len() > 1)
        .map(|(role, labels)| {
            let cells: Vec<String> = labels.iter().map(|l| l.at.a1()).collect();
            format!(
                "{} 在表头出现 {} 次（{}），读取时只取第一列 {}",
                super::vocab::role_name(*role),
                labels.len(),
                cells.join("、"),
                cells[0]
            )
        })
        .collect()
}

/// Scan a sheet.
pub fn scan(grid: &Grid, v: &Vocab) -> Found {
    let mut f = Found {
        sheet: grid.sheet.clone(),
        footnotes: v.footnotes.clone(),
        ..Found::default()
    };
    let Some((first, last)) = grid.bounds() else {
        return f;
    };
    let mut taken: BTreeSet<u32> = BTreeSet::new();

    // Indicator tables: the scored one has points or scores; a goal table has neither.
    let headers: Vec<Header<IndicatorCol>> = (first.row..=last.row)
        .filter_map(|r| indicator_header(grid, r, v))
        .collect();
    let scores = |h: &Header<IndicatorCol>| {
        h.columns.contains_key(&IndicatorCol::Points)
            || h.columns.contains_key(&IndicatorCol::SelfScore)
    };
    let scored = headers
        .iter()
        .position(scores)
        .or((!headers.is_empty()).then_some(0));
    let goals = headers
        .iter()
        .enumerate()
        .position(|(i, h)| Some(i) != scored && !scores(h));
    let header_rows: Vec<u32> = headers.iter().map(|h| h.row).collect();
    for (i, h) in headers.into_iter().enumerate() {
        let section = if Some(i) == scored {
            Section::Indicators
        } else if Some(i) == goals {
            Section::Goals
        } else {
            continue;
        };
        let end = table_end(grid, v, h.row, &header_rows, &mut f);
        taken.extend(h.row..end);
        f.blocks.extend(h.blocks);
        f.unmapped
            .extend(h.unmapped.into_iter().map(|l| (section, l)));
        for n in repeated(&h.columns) {
            f.notes.push((section, n));
        }
        let table = TableDraft {
            header_row: h.row,
            columns: h.columns,
            ignored: h.ignored,
        };
        match section {
            Section::Goals => f.goals = Some(table),
            _ => f.indicators = Some(table),
        }
    }

    // The money table: the header with the most money columns, the earliest on a tie.
    let money = (first.row..=last.row)
        .filter(|r| !taken.contains(r))
        .filter_map(|r| money_header(grid, r, v))
        .fold(None::<Header<MoneyCol>>, |best, h| match best {
            Some(b) if b.columns.len() >= h.columns.len() => Some(b),
            _ => Some(h),
        });
    if let Some(h) = money {
        let end = money_table(grid, v, h, &header_rows, last.row, &mut f);
        taken.extend(f.money.as_ref().map_or(0, |m| m.header_row)..end);
    }

    fields(grid, v, first, last, &taken, &mut f);
    f
}

/// Where an indicator table ends (exclusive): after its 总分 row, or at a row that
/// starts something else (a table end, a field, a block, a footnote, another header).
fn table_end(grid: &Grid, v: &Vocab, header: u32, headers: &[u32], f: &mut Found) -> u32 {
    let (first, last) = grid.bounds().expect("a scanned sheet has cells");
    for r in header + 1..=last.row {
        if headers.contains(&r) {
            return r;
        }
        let keys = grid.row_keys(r);
        if let Some((col, k)) = keys.iter().find(|(_, k)| v.total_row.contains(*k)) {
            f.total_row.push(plain(k, CellPos::new(r, *col)));
            return r + 1;
        }
        let lead = (first.col..=last.col).find_map(|c| grid.text(CellPos::new(r, c)));
        let footnote = lead.as_deref().is_some_and(|t| {
            let n = crate::text::normalize(t);
            v.footnotes.iter().any(|p| n.starts_with(p.as_str()))
        });
        let ends = keys
            .first()
            .is_some_and(|(_, k)| v.table_ends.contains(*k) || v.fields.has(k) || v.is_block(k));
        if footnote || ends {
            return r;
        }
    }
    last.row + 1
}

/// Read the money table from its header: value columns, row labels, the rows'
/// extent. Returns the row after the table.
fn money_table(
    grid: &Grid,
    v: &Vocab,
    h: Header<MoneyCol>,
    stops: &[u32],
    last_row: u32,
    f: &mut Found,
) -> u32 {
    let below = |col: u32| {
        (h.row + 1..=(h.row + MONEY_REACH).min(last_row))
            .any(|r| is_number(grid, CellPos::new(r, col)))
    };
    let mapped: Vec<u32> = h.columns.values().flatten().map(|l| l.at.col).collect();
    let first_value = mapped
        .iter()
        .copied()
        .filter(|c| below(*c))
        .min()
        .or(mapped.iter().copied().min())
        .unwrap_or(0);
    let mut m = MoneyDraft {
        header_row: h.row,
        ..MoneyDraft::default()
    };
    // Header cells over the row labels name no value column.
    for (role, labels) in h.columns {
        for l in labels {
            if l.at.col < first_value {
                f.unmapped
                    .push((Section::MoneyColumns, plain(&l.key, l.at)));
            } else {
                m.columns.entry(role).or_default().push(l);
            }
        }
    }
    for n in repeated(&m.columns) {
        f.notes.push((Section::MoneyColumns, n));
    }
    f.blocks.extend(h.blocks);
    f.unmapped
        .extend(h.unmapped.into_iter().map(|l| (Section::MoneyColumns, l)));
    let mut end = h.row + 1;
    let mut blank = 0;
    for r in h.row + 1..=last_row {
        if stops.contains(&r) || blank >= 2 {
            break;
        }
        let keys = grid.row_keys(r);
        let labels: Vec<(u32, &str)> = keys
            .iter()
            .copied()
            .filter(|(c, _)| *c < first_value)
            .collect();
        let numbers = mapped.iter().any(|c| is_number(grid, CellPos::new(r, *c)));
        let starts_other = labels
            .iter()
            .any(|(_, k)| v.is_block(k) || (v.fields.has(k) && v.money_rows.find(k).is_none()));
        if starts_other || (labels.is_empty() && keys.iter().any(|(c, _)| *c >= first_value)) {
            break;
        }
        if labels.is_empty() {
            if numbers && r == h.row + 1 {
                m.row_below_header = Some(MoneyRow::Total);
            } else if !numbers {
                blank += 1;
                continue;
            }
        }
        blank = 0;
        end = r + 1;
        for (col, k) in labels {
            let at = CellPos::new(r, col);
            if let Some(found) = v.money_rows.find(k) {
                m.rows
                    .entry(found.role())
                    .or_default()
                    .push(label(k, at, &found));
            } else if v.ignored_rows.contains(k) {
                m.ignored_rows.push(plain(k, at));
            } else {
                f.unmapped.push((Section::MoneyRows, plain(k, at)));
            }
        }
    }
    f.money = Some(m);
    end
}

/// Every other label of the sheet, row by row: a field label and its value, a
/// block label, a table end, or a label no layout knows (when a value follows it).
fn fields(
    grid: &Grid,
    v: &Vocab,
    first: CellPos,
    last: CellPos,
    taken: &BTreeSet<u32>,
    f: &mut Found,
) {
    let below_tables = f.indicators.as_ref().map(|t| t.header_row);
    // The cells under a field whose value is below it: values, not labels.
    let mut values: BTreeSet<CellPos> = BTreeSet::new();
    for r in (first.row..=last.row).filter(|r| !taken.contains(r)) {
        let cells: Vec<u32> = (first.col..=last.col)
            .filter(|c| !grid.is_blank(CellPos::new(r, *c)))
            .collect();
        let mut value_next = false;
        for (i, &c) in cells.iter().enumerate() {
            let at = CellPos::new(r, c);
            if std::mem::take(&mut value_next) || values.contains(&at) {
                continue;
            }
            let Some(k) = grid.key(at) else { continue };
            let next = cells.get(i + 1).map(|&n| CellPos::new(r, n));
            let next_is_value = next.is_some_and(|n| grid.key(n).is_none_or(|nk| !v.knows(nk)));
            if v.is_block(k) {
                f.blocks.push(plain(k, at));
            } else if let Some(Match::Exact { role, .. }) = v.fields.find(k) {
                let place = if next_is_value {
                    "right"
                } else if !grid.is_blank(CellPos::new(r + 1, c)) {
                    "below"
                } else {
                    "right"
                };
                if place == "below" {
                    values.insert(CellPos::new(r + 1, c));
                }
                f.places.entry(role).or_insert(place);
                f.fields.entry(role).or_default().push(plain(k, at));
                value_next = next_is_value;
                if below_tables.is_some_and(|h| r > h) && v.table_ends.contains(k) {
                    f.table_ends.push(plain(k, at));
                }
            } else if v.table_ends.contains(k) {
                f.table_ends.push(plain(k, at));
            } else if next_is_value && k.chars().count() <= MAX_LABEL && !is_title(k) && !is_unit(k)
            {
                f.unmapped.push((Section::Fields, plain(k, at)));
                value_next = true;
            }
        }
        let yuan = cells
            .iter()
            .filter_map(|&c| grid.key(CellPos::new(r, c)))
            .any(|k| {
                is_unit(k) && crate::text::money_unit(k) == Some(crate::text::MoneyUnit::Yuan)
            });
        f.yuan |= yuan;
    }
}

fn is_title(key: &str) -> bool {
    ["自评表", "评价表", "得分表", "评分表"]
        .iter()
        .any(|t| key.contains(t))
}

fn is_unit(key: &str) -> bool {
    key.starts_with("单位:") || key.starts_with("金额单位:")
}

/// The fields found, with their first place (used by `render`).
pub fn field_place(f: &Found, field: Field) -> &'static str {
    f.places.get(&field).copied().unwrap_or("right")
}
