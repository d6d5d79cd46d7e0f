//! The evaluation year of a form (`FORM.md` §1 row 2), from what the form says
//! about itself, never from a date or a year inside other text (a remark's date,
//! `2017年预算` in a goal):
//!
//! 1. a short cell with `2023年度` (`（2023年度）`, `2022年度部门整体支出绩效自评表`);
//! 2. a title `2017年部门整体支出绩效评价得分表`: a year with `年`, then text with
//!    `绩效`, ending in `表`;
//! 3. `年度：2017` in one cell, or `年度` with `2017` in the next cell to its right;
//! 4. else the 填报日期: a form is filled in the first half of the year after the one
//!    it evaluates (the samples' 2023 forms are dated 2024-05), so a date from January
//!    to June gives the year before; a later date gives no year (a form filled in
//!    December may be of that year or the one before).
//!
//! A form with none of these has no year: `NO-YEAR` (提示), and no `YEAR-MISMATCH`.

use super::super::grid::Grid;
use crate::model::*;
use crate::text as l;

/// The evaluation year stated on the form (rules 1–3 of the module note).
pub fn find_year(grid: &Grid) -> Option<Located<i32>> {
    let (first, last) = grid.bounds()?;
    for row in first.row..=last.row {
        for col in first.col..=last.col {
            let at = CellPos::new(row, col);
            let Some(key) = grid.key(at) else { continue };
            let text = l::normalize(&grid.text(at).unwrap_or_default());
            let stated = year_in(key)
                .or_else(|| title_year(&text))
                .or_else(|| labelled_year(&text));
            if let Some(year) = stated {
                return Some(Located { value: year, at });
            }
            if is_year_label(key) {
                if let Some(found) = year_right_of(grid, at, last.col) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// Rule 4: the year a 填报日期 (`2024-05-20`, `2024 年 5 月 日`) tells.
pub fn year_of_fill_date(date: &Located<String>) -> Option<Located<i32>> {
    let t: String = date.value.chars().filter(|c| !c.is_whitespace()).collect();
    let year: i32 = t.get(..4)?.parse().ok()?;
    let rest = t[4..].trim_start_matches(['-', '年', '.', '/']);
    let month: u32 = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    ((2000..=2100).contains(&year) && (1..=6).contains(&month)).then_some(Located {
        value: year - 1,
        at: date.at,
    })
}

/// A year of four digits, not part of a longer number, in 2000–2100.
fn four_digits(before: &str) -> Option<i32> {
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let year: i32 = digits.parse().ok()?;
    (digits.len() == 4 && (2000..=2100).contains(&year)).then_some(year)
}

/// Rule 1: four digits before `年度`.
pub(super) fn year_in(text: &str) -> Option<i32> {
    let idx = text.find("年度")?;
    four_digits(&text[..idx])
}

/// Rule 2: `2017年部门整体支出绩效评价得分表`.
pub(super) fn title_year(text: &str) -> Option<i32> {
    if !text.ends_with('表') {
        return None;
    }
    let idx = text.find('年')?;
    let after = &text[idx + '年'.len_utf8()..];
    if !after.contains("绩效") {
        return None;
    }
    four_digits(&text[..idx])
}

/// Rule 3, in one cell: `年度:2017`, `评价年度:2017年`.
pub(super) fn labelled_year(text: &str) -> Option<i32> {
    let (label, value) = text.split_once(':')?;
    if !is_year_label(label) {
        return None;
    }
    whole_year(value)
}

/// `年度`, `评价年度`, `所属年度`, `预算年度` (with or without a colon).
fn is_year_label(key: &str) -> bool {
    let k = key.trim_end_matches([':', '：']);
    matches!(
        k,
        "年度" | "评价年度" | "所属年度" | "预算年度" | "自评年度"
    )
}

/// `2017`, `2017年`, `2017年度` and nothing else.
fn whole_year(text: &str) -> Option<i32> {
    let t = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(text);
    (t.len() == 4).then(|| four_digits(t)).flatten()
}

/// Rule 3, in two cells: the first non-empty cell right of the `年度` label.
fn year_right_of(grid: &Grid, label: CellPos, last_col: u32) -> Option<Located<i32>> {
    let at = (label.col + 1..=last_col.min(label.col + 3))
        .map(|c| CellPos::new(label.row, c))
        .find(|&a| !grid.is_blank(a))?;
    let value = whole_year(&l::normalize(&grid.text(at)?))?;
    Some(Located { value, at })
}
