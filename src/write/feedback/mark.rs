//! The converted form's 自评表 as the bureau marks it: column K with what the
//! bureau recomputed, each finding's cell filled by severity with a note, and a
//! legend under the form.

use super::super::form::{Placed, ScoringRows, Sheet};
use crate::model::*;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Worksheet, XlsxError};

/// Column K of a converted form: what the finance bureau recomputed, beside what
/// the department declared (the reader ignores this column).
pub(super) fn review_column(
    s: &mut Sheet,
    d: &Department,
    scoring: &ScoringRows,
    goal_start: u32,
) -> Result<(), XlsxError> {
    const K: u16 = 10;
    let header = s.look.header.clone();
    let r = &d.review;
    s.ws.write_string_with_format(6, K, "复核执行率", &header)?;
    for (i, kind) in FundKind::CANONICAL.iter().enumerate() {
        s.rate(7 + i as u32, K, r.funds[*kind as usize].rate)?;
    }
    s.rate(14, K, r.carryover_rate)?;
    // Rows whose K is not an 执行率 say what it is, beside it.
    let aside = s.look.label.clone();
    s.ws.write_string_with_format(14, K + 1, "复核结转结余率", &aside)?;
    s.ws.write_string_with_format(16, K, "复核执行率", &header)?;
    for (i, rate) in r.sangong_rates.iter().enumerate() {
        s.rate(17 + i as u32, K, *rate)?;
    }
    s.rate(23, K, r.procurement_rate)?;
    s.rate(24, K, r.fixed_asset_utilization)?;
    s.ws.write_string_with_format(24, K + 1, "复核固定资产利用率", &aside)?;
    s.ws.write_string_with_format(goal_start - 1, K, "复核完成率", &header)?;
    for (i, g) in r.goals.iter().enumerate() {
        s.rate(goal_start + i as u32, K, g.completion)?;
    }
    let first = scoring.rows.first().map_or(scoring.total, |(_, row)| *row);
    s.ws.write_string_with_format(first - 1, K, "复核得分", &header)?;
    for scored in &r.indicators {
        let Some(k) = scored.row else { continue };
        if let Some((_, row)) = scoring.rows.iter().find(|(idx, _)| *idx == k) {
            s.score(*row, K, scored.score)?;
        }
    }
    s.score(scoring.total, K, r.scores.total)?;
    s.text(
        scoring.total + 1,
        K,
        r.scores.grade.map_or("", Grade::label),
    )?;
    s.ws.set_column_width(K, 11)?;
    s.ws.set_column_width(K + 1, 18)?;
    Ok(())
}

/// Where a finding is shown in the converted form.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target {
    /// A cell of 自评表 (0-based row, column).
    Cell(u32, u16),
    /// Not in the form: a paragraph of the report, or a cell the conversion has no
    /// place for (shown as written in the finding).
    Elsewhere(String),
}

/// The fill of a severity.
pub(super) fn fill(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#FF9999",
        Severity::Warning => "#FFD966",
        Severity::Note => "#9DC3E6",
    }
}

/// The written cell of a source cell: where its value went, or where its row-mates
/// and column-mates went when both agree on one place and that place is a cell for
/// a declared value (`slots`), not a label or a merged note.
fn place_of(
    placed: &[Placed],
    slots: &std::collections::HashSet<(u32, u16)>,
    at: CellPos,
) -> Option<(u32, u16)> {
    if let Some(p) = placed.iter().find(|p| p.src == at) {
        return Some((p.row, p.col));
    }
    fn unique(mut it: impl Iterator<Item = u32>) -> Option<u32> {
        let first = it.next()?;
        it.all(|x| x == first).then_some(first)
    }
    let row = unique(placed.iter().filter(|p| p.src.row == at.row).map(|p| p.row))?;
    let col = unique(
        placed
            .iter()
            .filter(|p| p.src.col == at.col)
            .map(|p| u32::from(p.col)),
    )?;
    slots
        .contains(&(row, col as u16))
        .then_some((row, col as u16))
}

/// The note of the findings on one cell.
fn note_text(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let mut s = format!("【{}】{}", f.severity.label(), f.message);
            if let Some(d) = &f.declared {
                s.push_str(&format!("\n申报值：{d}"));
            }
            if let Some(c) = &f.computed {
                s.push_str(&format!("\n复核值：{c}"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Mark each of `findings` (the department's, those the reviewer closed left out)
/// on the written 自评表 and return where each is shown (in their order).
/// `legend_row` takes the legend.
pub(super) fn mark(
    s: &mut Sheet,
    d: &Department,
    findings: &[&Finding],
    legend_row: u32,
) -> Result<Vec<Target>, XlsxError> {
    let targets: Vec<Target> = findings
        .iter()
        .map(|f| {
            let cell = f.place.shown().unwrap_or_default();
            let placed = (f.file == d.form.file)
                .then(|| f.place.cell_pos())
                .flatten()
                .and_then(|(sheet, at)| d.form.grid_cell(sheet, at))
                .and_then(|at| place_of(&s.placed, &s.slots, at));
            match placed {
                Some((row, col)) => Target::Cell(row, col),
                None if f.file == d.form.file && !cell.is_empty() => {
                    Target::Elsewhere(format!("原表 {cell}"))
                }
                None if f.file == d.form.file => Target::Elsewhere("整张表".into()),
                None => {
                    let name = f.file.rsplit('/').next().unwrap_or(&f.file);
                    Target::Elsewhere(format!("{name} {cell}").trim_end().to_string())
                }
            }
        })
        .collect();
    let mut cells: Vec<(u32, u16)> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Cell(r, c) => Some((*r, *c)),
            Target::Elsewhere(_) => None,
        })
        .collect();
    cells.sort_unstable();
    cells.dedup();
    for (row, col) in cells {
        let on: Vec<&Finding> = findings
            .iter()
            .zip(&targets)
            .filter(|(_, t)| **t == Target::Cell(row, col))
            .map(|(f, _)| *f)
            .collect();
        let worst = on
            .iter()
            .map(|f| f.severity)
            .min()
            .unwrap_or(Severity::Note);
        let look = s
            .placed
            .iter()
            .find(|p| (p.row, p.col) == (row, col))
            .map_or(s.look.text.clone(), |p| (p.look)(&s.look).clone());
        let marked = look.set_background_color(fill(worst));
        // Text where a number belongs is kept as written.
        let bad = on
            .iter()
            .find(|f| f.rule == Rule::BadNumber)
            .and_then(|f| f.declared.as_deref());
        match bad {
            Some(text) => {
                s.ws.write_string_with_format(row, col, crate::write::excel_text(text), &marked)?;
            }
            None => {
                s.ws.set_cell_format(row, col, &marked)?;
            }
        }
        let note = Note::new(crate::write::excel_text(&note_text(&on)))
            .set_author("财政局审核")
            .set_width(420)
            .set_height(190);
        s.ws.insert_note(row, col, &note)?;
    }
    legend(&mut s.ws, legend_row)?;
    Ok(targets)
}

/// One line under the form: what the colours mean.
fn legend(ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
    ws.write_string(row, 0, "审核标记：")?;
    for (i, severity) in [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .enumerate()
    {
        let format = Format::new()
            .set_background_color(fill(severity))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        ws.write_string_with_format(row, 1 + i as u16, severity.label(), &format)?;
    }
    ws.write_string(
        row,
        4,
        "鼠标移到标色的单元格上可看问题说明；全部问题见“审核意见”表",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::form::Looks;

    #[test]
    fn unread_cells_are_placed_by_their_neighbours() {
        assert_eq!(
            CellPos::parse_ref("自评表!C18"),
            Some(("自评表", CellPos::new(17, 2)))
        );
        assert_eq!(
            CellPos::parse_ref("Sheet1!AA3"),
            Some(("Sheet1", CellPos::new(2, 26)))
        );
        assert_eq!(CellPos::parse_ref("第3段"), None);
        let p = |sr, sc, row, col| Placed {
            src: CellPos::new(sr, sc),
            row,
            col,
            look: |l: &Looks| &l.money,
        };
        // Read at (9, 3) and (9, 5), (12, 4): written one row up, same columns.
        let placed = [p(9, 3, 8, 3), p(9, 5, 8, 5), p(12, 4, 11, 4)];
        let slots = [(8, 3), (8, 4), (8, 5), (11, 4)].into_iter().collect();
        assert_eq!(place_of(&placed, &slots, CellPos::new(9, 5)), Some((8, 5)));
        // (9, 4) held text: its row went to 8, its column to 4.
        assert_eq!(place_of(&placed, &slots, CellPos::new(9, 4)), Some((8, 4)));
        // Nothing read in row 20: no place.
        assert_eq!(place_of(&placed, &slots, CellPos::new(20, 4)), None);
        // (12, 3): row 11 and column 3 agree, but (11, 3) holds no value: no place.
        assert_eq!(place_of(&placed, &slots, CellPos::new(12, 3)), None);
    }
}
