//! Print setup of the workbook's tables: readable on paper, never shrunk below
//! 8 pt. The tables' text is 10 pt, so a sheet may be scaled to 80 % at most:
//!
//! - a table that fits the width of A4 landscape at 80 % or more: A4, one page wide;
//! - else one that fits A3 landscape: A3, one page wide;
//! - else (资金明细's 41 columns): A3 landscape at 80 %, in column groups, each page
//!   repeating the 序号/部门名称 columns, pages broken between the header groups
//!   (一般公共预算, 三公经费, …) rather than inside one.
//!
//! Widths are measured in pixels at 96 dpi (see [`column_px`]); page widths are
//! the paper's less the default side margins (0.7 in each).

use super::tables::Group;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The least print scale, in percent: 10 pt text prints at 8 pt.
pub const MIN_SCALE: u16 = 80;

const A4: u8 = 9;
const A3: u8 = 8;

/// Printable width of a landscape page, in pixels at 100 %.
fn printable_px(paper: u8) -> u32 {
    let mm = if paper == A3 { 420 } else { 297 };
    // (mm / 25.4 − 1.4 in of margins) × 96 px per inch.
    (mm * 96 * 10 / 254) - 134
}

/// A column's width in pixels, from character units: about 7 px a unit in
/// Excel, 9.3 px in LibreOffice (measured: 19 columns of width 10 fill an A3
/// landscape page at 80 %, 20 do not); the wider, so that both keep to the
/// planned pages.
fn column_px(width: usize) -> u32 {
    width as u32 * 19 / 2 + 7
}

/// How a table is printed.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// Paper size code (9 A4, 8 A3).
    pub paper: u8,
    /// One page wide (scaled as needed, never below [`MIN_SCALE`]), else printed
    /// at [`MIN_SCALE`] in column groups.
    pub fit_width: bool,
    /// Columns before which a new page starts (column groups).
    pub breaks: Vec<u16>,
}

/// The plan for columns of `widths` whose first `key` columns repeat on every
/// page and whose `groups` are not to be split across pages.
pub fn plan(widths: &[usize], key: usize, groups: &[Group]) -> Plan {
    let px: Vec<u32> = widths.iter().map(|w| column_px(*w)).collect();
    let total: u32 = px.iter().sum();
    let at_min = |paper| total * u32::from(MIN_SCALE) / 100 <= printable_px(paper);
    for paper in [A4, A3] {
        if at_min(paper) {
            return Plan {
                paper,
                fit_width: true,
                breaks: Vec::new(),
            };
        }
    }
    // Column groups: what fits beside the repeated key columns at the least scale.
    let key = key.min(px.len());
    let room = printable_px(A3) * 100 / u32::from(MIN_SCALE) - px[..key].iter().sum::<u32>();
    // A group's columns go to the next page together when they fit on one.
    let group_of = |c: usize| groups.iter().find(|g| (g.first..=g.last).contains(&c));
    let mut breaks = Vec::new();
    let mut used = 0;
    let mut c = key;
    while c < px.len() {
        let (first, last) = match group_of(c) {
            Some(g) if g.first == c => (g.first, g.last.min(px.len() - 1)),
            _ => (c, c),
        };
        let span: u32 = px[first..=last].iter().sum();
        if used > 0 && used + span > room {
            breaks.push(first as u16);
            used = 0;
        }
        if span > room {
            // A group wider than a page: its columns break one by one.
            for w in &px[first..=last] {
                if used > 0 && used + w > room {
                    breaks.push(c as u16);
                    used = 0;
                }
                used += w;
                c += 1;
            }
            continue;
        }
        used += span;
        c = last + 1;
    }
    Plan {
        paper: A3,
        fit_width: false,
        breaks,
    }
}

/// Apply the plan of a table sheet: landscape, the paper, the scale or the column
/// groups with the `key` columns repeated.
pub fn apply(ws: &mut Worksheet, plan: &Plan, key: usize) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(plan.paper);
    if plan.fit_width {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(MIN_SCALE);
        if key > 0 {
            ws.set_repeat_columns(0, key as u16 - 1)?;
        }
        ws.set_vertical_page_breaks(
            &plan
                .breaks
                .iter()
                .map(|&c| u32::from(c))
                .collect::<Vec<_>>(),
        )?;
        // A department's rows stay on consecutive pages: over, then down.
        ws.set_page_order(false);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_widths() {
        // A4 landscape: 297 mm = 11.69 in, less 1.4 in → 10.29 in × 96 ≈ 988 px.
        assert_eq!(printable_px(A4), 988);
        // A3 landscape: 420 mm = 16.54 in, less 1.4 in → 15.14 in × 96 ≈ 1453 px.
        assert_eq!(printable_px(A3), 1453);
    }

    #[test]
    fn narrow_tables_fit_a4_and_wide_ones_a3() {
        // 10 columns of 10: 10 × 102 = 1020 px; at 80 % 816 px ≤ 988: A4.
        assert_eq!(plan(&[10; 10], 2, &[]).paper, A4);
        // 16 columns of 10: 1632 px; 80 % = 1306: past A4, within A3.
        let p = plan(&[10; 16], 2, &[]);
        assert_eq!((p.paper, p.fit_width), (A3, true));
    }

    #[test]
    fn very_wide_tables_break_between_groups() {
        // Key 序号 (6) + 部门名称 (30): 64 + 292 = 356 px. Room on A3 at 80 %:
        // 1453 / 0.8 = 1816 − 356 = 1460 px; columns of 10 are 102 px, groups of
        // four 408 px: three groups (1224 px) to a page, not four (1632 px).
        let mut widths = vec![6, 30];
        widths.extend([10; 40]);
        let groups: Vec<Group> = (0..10)
            .map(|g| Group {
                first: 2 + 4 * g,
                last: 5 + 4 * g,
                label: format!("组{g}"),
            })
            .collect();
        let p = plan(&widths, 2, &groups);
        assert!(!p.fit_width);
        assert_eq!(p.breaks, [14, 26, 38]);
    }
}
