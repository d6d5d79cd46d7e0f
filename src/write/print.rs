//! Print setup of the workbook's sheets, and the page model it is decided by.
//!
//! Readable on paper, never shrunk below 8 pt: the tables' text is 10 pt, so a
//! sheet is scaled to 80 % at most ([`MIN_SCALE`]). Paper by fit:
//!
//! - of the papers and orientations whose width the sheet's columns fit at
//!   80 % or more, the one using the least paper (an A3 page is two A4; A4
//!   before A3, portrait before landscape on a tie): a long sheet too wide
//!   for A4 portrait takes A3 portrait, which holds half as many rows again as
//!   A4 or A3 landscape;
//! - else A3 landscape at 80 % in column groups: each page repeats the key
//!   columns (序号/部门名称), and a unit of columns (a header group such as
//!   一般公共预算, 申报值 with 计算值, 上次 with 本次) never splits across pages.
//!
//! The scale is always set explicitly (never "fit to width"), and the rows are
//! broken into pages here ([`paginate`]): a department's rows stay on one page
//! when they fit on one. So the number of printed pages is known before a sheet
//! is written ([`Plan::pages`]), and the workbook's page budget is a test
//! (`tests/pages.rs`), not a rendering.
//!
//! Widths and heights are measured in pixels at 96 dpi (0.75 pt; [`column_px`]):
//! a row's height is written in whole pixels, as Excel keeps it, so that the
//! model adds up what the file holds. The printable area is the paper's less
//! [`MARGINS`].

use rust_xlsxwriter::{Worksheet, XlsxError};

/// The least print scale, in percent: 10 pt text prints at 8 pt.
pub const MIN_SCALE: u16 = 80;

/// Page margins in inches: left, right, top, bottom, header, footer. Narrower
/// than the default (0.7/0.75) so that a page holds more rows; the footer
/// (`第 N 页，共 M 页`) sits in the bottom margin.
pub const MARGINS: [f64; 6] = [0.5, 0.5, 0.6, 0.6, 0.25, 0.25];

/// Excel's limit of manual page breaks per sheet: a sheet that would need more
/// is left to the application's own breaks (a province's 指标得分).
const MAX_BREAKS: usize = 1023;

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
}

impl Paper {
    /// The paper size code of the file format (9 A4, 8 A3).
    pub fn code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::A3 => 8,
        }
    }

    /// The name printed in reports (`A4`, `A3`).
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }

    /// (short, long) side in millimetres.
    fn mm(self) -> (u32, u32) {
        match self {
            Paper::A4 => (210, 297),
            Paper::A3 => (297, 420),
        }
    }
}

/// Printable (width, height) of a page at 100 %, in pixels.
pub fn printable(paper: Paper, landscape: bool) -> (u32, u32) {
    let (short, long) = paper.mm();
    let (w, h) = if landscape {
        (long, short)
    } else {
        (short, long)
    };
    // mm / 25.4 in, less the margins (1.0 in across, 1.2 in down); 96 px an
    // inch. Rounded down, and 48 px (36 pt) less down for the space LibreOffice
    // keeps between the body and the header and footer (measured: 总览's list
    // of 14 pt rows at 85 % held 59 rows a page, not the 63 of the margins
    // alone), so that a page never holds less than planned and no break of its
    // own comes before ours.
    let across = w * 96 * 10 / 254 - 96;
    let down = h * 96 * 10 / 254 - 116 - 48;
    (across, down)
}

/// A column's width in pixels, from character units: about 7 px a unit in
/// Excel, 9.3 px in LibreOffice (measured: 19 columns of width 10 fill an A3
/// landscape page at 80 %, 20 do not); the wider, so that both keep to the
/// planned pages.
pub fn column_px(width: usize) -> u32 {
    width as u32 * 19 / 2 + 7
}

/// Whether columns of `widths` (character units) fit the width of A3,
/// `landscape` or portrait, at [`MIN_SCALE`].
pub fn fits_a3(widths: &[usize], landscape: bool) -> bool {
    let px: u32 = widths.iter().map(|w| column_px(*w)).sum();
    px <= printable(Paper::A3, landscape).0 * 100 / u32::from(MIN_SCALE)
}

/// The rows of a sheet as the page model sees them, heights in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    /// Above the repeated rows on the first page only (title, unit).
    pub top_px: u32,
    /// The header rows, repeated on every page.
    pub head_px: u32,
    /// Each data row's height (合计 included).
    pub heights: Vec<u32>,
    /// Runs of data rows kept on one page when they fit on one (a department's
    /// rows), in order, summing to the number of rows; empty: none.
    pub blocks: Vec<usize>,
}

impl Rows {
    /// `n` rows of `row_px`, none kept together.
    pub fn even(top_px: u32, head_px: u32, row_px: u32, n: usize) -> Rows {
        Rows {
            top_px,
            head_px,
            heights: vec![row_px; n],
            blocks: Vec::new(),
        }
    }
}

/// How a sheet is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The paper.
    pub paper: Paper,
    /// Landscape, else portrait.
    pub landscape: bool,
    /// Print scale in percent, [`MIN_SCALE`] to 100.
    pub scale: u16,
    /// Columns before which a new page starts (column groups; empty when the
    /// sheet is one page wide).
    pub breaks: Vec<u16>,
    /// Data rows (0-based, from the first data row) before which a new page
    /// starts.
    pub row_breaks: Vec<usize>,
}

impl Plan {
    /// Pages across (column groups).
    pub fn across(&self) -> usize {
        self.breaks.len() + 1
    }

    /// Pages down (one per row break, and the first).
    pub fn down(&self) -> usize {
        self.row_breaks.len() + 1
    }

    /// Printed pages: every column group of every page of rows.
    pub fn pages(&self) -> usize {
        self.across() * self.down()
    }

    /// The paper used, in A4 sheets (an A3 page is two).
    fn sheets(&self) -> usize {
        self.pages() * if self.paper == Paper::A3 { 2 } else { 1 }
    }
}

/// Room for data rows, in pixels at 100 %, at `scale`: (the first page, the
/// others).
fn room(rows: &Rows, paper: Paper, landscape: bool, scale: u16) -> (u32, u32) {
    let usable = printable(paper, landscape).1 * 100 / u32::from(scale);
    (
        usable.saturating_sub(rows.top_px + rows.head_px),
        usable.saturating_sub(rows.head_px),
    )
}

/// The most room, in pixels at 100 %, a page leaves empty to keep a block of
/// rows (a department's) together on the next: three rows of one line. With
/// more room left the block starts here and goes on over the page, the header
/// rows and the department's name in every row saying whose rows they are: at
/// 200 departments keeping every department of 指标得分 whole left a third of
/// each page empty (100 A3 pages, not 66).
pub const KEEP_SLACK_PX: u32 = 60;

/// Where pages start (data row indices), `first` pixels of rows fitting the
/// first page and `each` every other: a block goes whole to the next page when
/// it does not fit on this one, would fit on a page of its own and leaves at
/// most [`KEEP_SLACK_PX`] of this one empty; otherwise rows break where the
/// page is full.
pub fn paginate(rows: &Rows, first: u32, each: u32) -> Vec<usize> {
    let heights = &rows.heights;
    let single;
    let blocks: &[usize] = if rows.blocks.is_empty() {
        single = vec![1; heights.len()];
        &single
    } else {
        &rows.blocks
    };
    let mut breaks = Vec::new();
    let (mut room, mut used, mut at) = (first, 0, 0);
    for &b in blocks {
        let end = (at + b).min(heights.len());
        let span: u32 = heights[at..end].iter().sum();
        if used > 0
            && used + span > room
            && span <= each
            && room.saturating_sub(used) <= KEEP_SLACK_PX
        {
            breaks.push(at);
            (room, used) = (each, 0);
        }
        for (r, &h) in heights.iter().enumerate().take(end).skip(at) {
            if used > 0 && used + h > room {
                breaks.push(r);
                (room, used) = (each, 0);
            }
            used += h;
        }
        at = end;
    }
    breaks
}

/// The plan for a sheet of columns of `widths` whose first `key` columns repeat
/// on every page, whose `units` (first, last) never split across pages, with
/// `rows`.
pub fn plan(widths: &[usize], key: usize, units: &[(usize, usize)], rows: &Rows) -> Plan {
    let px: Vec<u32> = widths.iter().map(|w| column_px(*w)).collect();
    let total: u32 = px.iter().sum::<u32>().max(1);
    let down = |paper, landscape, scale| {
        let (first, each) = room(rows, paper, landscape, scale);
        paginate(rows, first, each)
    };
    // Every paper and orientation the columns fit at MIN_SCALE or more: the
    // one using the least paper (an A3 page is two A4), A4 before A3 and
    // portrait before landscape on a tie.
    let mut best: Option<Plan> = None;
    for paper in [Paper::A4, Paper::A3] {
        for landscape in [false, true] {
            let fit = (printable(paper, landscape).0 * 100 / total).min(100) as u16;
            if fit < MIN_SCALE {
                continue;
            }
            // The largest scale, up to the width's, that prints on as few
            // pages as the least scale: a long sheet is not printed larger
            // on more pages.
            let fewest = down(paper, landscape, MIN_SCALE);
            let (mut lo, mut hi) = (MIN_SCALE, fit);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if down(paper, landscape, mid).len() <= fewest.len() {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            let p = Plan {
                paper,
                landscape,
                scale: lo,
                breaks: Vec::new(),
                row_breaks: down(paper, landscape, lo),
            };
            if best.as_ref().is_none_or(|b| p.sheets() < b.sheets()) {
                best = Some(p);
            }
        }
    }
    if let Some(p) = best {
        return p;
    }
    Plan {
        paper: Paper::A3,
        landscape: true,
        scale: MIN_SCALE,
        breaks: column_groups(&px, key, units),
        row_breaks: down(Paper::A3, true, MIN_SCALE),
    }
}

/// Column groups on A3 landscape at [`MIN_SCALE`]: what fits beside the
/// repeated key columns, a unit's columns going to the next page together.
fn column_groups(px: &[u32], key: usize, units: &[(usize, usize)]) -> Vec<u16> {
    let key = key.min(px.len());
    let page = printable(Paper::A3, true).0 * 100 / u32::from(MIN_SCALE);
    let room = page - px[..key].iter().sum::<u32>();
    let unit_of = |c: usize| units.iter().find(|u| (u.0..=u.1).contains(&c));
    let mut breaks = Vec::new();
    let mut used = 0;
    let mut c = key;
    while c < px.len() {
        let (first, last) = match unit_of(c) {
            Some(&(a, b)) if a == c => (a, b.min(px.len() - 1)),
            _ => (c, c),
        };
        let span: u32 = px[first..=last].iter().sum();
        if used > 0 && used + span > room {
            breaks.push(first as u16);
            used = 0;
        }
        if span > room {
            // A unit wider than a page: its columns break one by one.
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
    breaks
}

/// Apply a plan to a sheet whose data rows start at `first_data`: paper,
/// orientation, margins, scale, the column groups with the `key` columns
/// repeated, and the row breaks (left to the application past Excel's 1,023).
pub fn apply(
    ws: &mut Worksheet,
    plan: &Plan,
    key: usize,
    first_data: u32,
) -> Result<(), XlsxError> {
    if plan.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(plan.paper.code());
    let [l, r, t, b, h, f] = MARGINS;
    ws.set_margins(l, r, t, b, h, f);
    ws.set_print_scale(plan.scale);
    if !plan.breaks.is_empty() {
        if key > 0 {
            ws.set_repeat_columns(0, key as u16 - 1)?;
        }
        let cols: Vec<u32> = plan.breaks.iter().map(|&c| u32::from(c)).collect();
        ws.set_vertical_page_breaks(&cols)?;
        // A page of rows keeps its column groups on consecutive pages: over,
        // then down.
        ws.set_page_order(false);
    }
    if !plan.row_breaks.is_empty() && plan.row_breaks.len() <= MAX_BREAKS {
        let rows: Vec<u32> = plan
            .row_breaks
            .iter()
            .map(|&r| first_data + r as u32)
            .collect();
        ws.set_page_breaks(&rows)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes() {
        // A4 portrait: 210 mm = 8.27 in, less 1 in → 7.27 in × 96 ≈ 697 px;
        // 297 mm = 11.69 in × 96 = 1122.5 px, less 1.2 in (115.2 px) and 48 px
        // → 958 px (718.5 pt).
        assert_eq!(printable(Paper::A4, false), (697, 958));
        assert_eq!(printable(Paper::A4, true), (1026, 629));
        assert_eq!(printable(Paper::A3, true), (1491, 958));
    }

    #[test]
    fn narrow_tables_fit_a4_and_wide_ones_a3() {
        let rows = Rows::even(43, 30, 15, 10);
        // 7 columns of 10: 7 × 102 = 714 px; portrait at 97 %.
        let p = plan(&[10; 7], 1, &[], &rows);
        assert_eq!((p.paper, p.landscape, p.scale), (Paper::A4, false, 97));
        // 10 columns: 1020 px; past portrait at 80 % (697 / 1020 = 68 %),
        // landscape at 100 %.
        let p = plan(&[10; 10], 1, &[], &rows);
        assert_eq!((p.paper, p.landscape, p.scale), (Paper::A4, true, 100));
        // 16 columns: 1632 px; past A4, A3 landscape at 91 %.
        let p = plan(&[10; 16], 1, &[], &rows);
        assert_eq!((p.paper, p.landscape, p.breaks.len()), (Paper::A3, true, 0));
    }

    #[test]
    fn very_wide_tables_break_between_units() {
        // Key 序号 (6) + 部门名称 (30): 64 + 292 = 356 px. Room on A3 at 80 %:
        // 1491 / 0.8 = 1863 − 356 = 1507 px; columns of 10 are 102 px, units of
        // four 408 px: three units (1224 px) to a page, not four (1632 px).
        let mut widths = vec![6, 30];
        widths.extend([10; 40]);
        let units: Vec<(usize, usize)> = (0..10).map(|g| (2 + 4 * g, 5 + 4 * g)).collect();
        let p = plan(&widths, 2, &units, &Rows::even(43, 30, 15, 5));
        assert_eq!((p.paper, p.scale), (Paper::A3, MIN_SCALE));
        assert_eq!(p.breaks, [14, 26, 38]);
        assert_eq!(p.pages(), 4);
    }

    #[test]
    fn departments_stay_on_one_page_when_they_fit() {
        let blocks = |b: &[usize]| Rows {
            top_px: 0,
            head_px: 0,
            heights: vec![10; b.iter().sum()],
            blocks: b.to_vec(),
        };
        // Pages of 10 rows (7 on the first): blocks of 4 go two to a page (the
        // first page holds one, 4 + 4 > 7).
        assert_eq!(paginate(&blocks(&[4, 4, 4, 4]), 70, 100), [4, 12]);
        // A block longer than a page breaks where the page is full.
        assert_eq!(paginate(&blocks(&[3, 25]), 100, 100), [10, 20]);
        // Free rows fill every page.
        let free = Rows::even(0, 0, 10, 25);
        assert_eq!(paginate(&free, 70, 100), [7, 17]);
        assert!(paginate(&Rows::even(0, 0, 10, 7), 70, 100).is_empty());
        // More than KEEP_SLACK_PX left: the block starts on this page and goes
        // on over the next (pages of 10 rows of 15 px: 5 + 8 > 10, 75 px left).
        let mut slack = blocks(&[5, 8, 7]);
        slack.heights.fill(15);
        assert_eq!(paginate(&slack, 150, 150), [10]);
        // At most KEEP_SLACK_PX left: the block goes whole to the next page.
        assert_eq!(paginate(&blocks(&[5, 8, 7]), 100, 100), [5, 13]);
        // A taller row counts its height.
        let mut tall = Rows::even(0, 0, 10, 8);
        tall.heights[3] = 40;
        assert_eq!(paginate(&tall, 70, 100), [4]);
    }
}
