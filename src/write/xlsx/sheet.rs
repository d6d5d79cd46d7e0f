//! One table on its sheet: title, unit, group and header rows, data rows of
//! even height, 合计 row, drop-downs and fills, freeze, filter, and the print
//! plan ([`super::super::print`]) the sheet is laid out by.

use super::look::{shown_width, write_cell, Formats};
use crate::write::display_width;
use crate::write::print::{self, Plan};
use crate::write::tables::{Cell, Rows, Table, Value};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, Format, Worksheet, XlsxError,
};

/// The widest a column gets (character units); text longer wraps.
pub const MAX_WIDTH: usize = 40;
/// A department's name column: about 20 Chinese characters a line.
pub const NAME_WIDTH: usize = 42;
/// Headers of columns holding a department's name.
const NAME_COLUMNS: [&str; 2] = ["部门名称", "部门"];
/// Columns that never wrap (none today: a SHA-256 wraps into two lines of 32).
const WHOLE_COLUMNS: [(&str, usize); 0] = [];
/// The set widths long text wraps at, by header (others: [`MAX_WIDTH`]), so that
/// a table's row fits one page across: 指标得分, 目标完成, 审核问题 and 文件清单
/// on A3 landscape at 80 % (about 195 units).
const WRAP_WIDTHS: [(&str, usize); 14] = [
    ("三级指标", 24),
    ("指标名称", 24),
    ("年度目标值", 16),
    ("实际完成值", 16),
    ("扣分原因", 30),
    ("偏差原因", 30),
    ("规则", 24),
    ("说明", 36),
    ("位置", 24),
    ("审核人意见", 16),
    ("文件", 20),
    ("原因", 20),
    ("配对文件", 20),
    ("SHA-256", 34),
];
/// Widths for one table's columns, before [`WRAP_WIDTHS`]: 审核问题's rows are
/// two or three lines tall for their 说明, so its department's name wraps in
/// the same lines (about 11 characters a line) and 说明 takes the width given
/// up (about 26 characters a line): at 200 departments its 1,127 findings print
/// on about 40 A3 pages, not 57, at 82 %, still one page across.
///
/// 文件清单's rows are two lines tall for their SHA-256, so its 文件 holds a
/// department's file name of thirty-odd characters in those two lines (not
/// four), its 部门 wrapping in them too.
const TABLE_WIDTHS: [(&str, &str, usize); 4] = [
    ("审核问题", "部门", 24),
    ("审核问题", "说明", 54),
    ("文件清单", "文件", 36),
    ("文件清单", "部门", 24),
];
/// Other wrap widths for a reference sheet, used when the sheet then fits the
/// width of A3 (landscape, else portrait) at 80 % (else [`cap`]'s):
///
/// - 指标得分's 三级指标 and 扣分原因 wider on A3 landscape: at 200
///   departments most of its 3,200 rows are then one line, not two (its
///   三级指标 run to 35 units, most of its 扣分原因 to 38);
/// - 目标完成's 二级指标 and 指标名称 a little narrower, for A3 portrait
///   (about 127 units), which holds half as many rows again as landscape: a
///   few rows of two lines cost less than a third of the pages.
const ALT_WIDTHS: [(&str, bool, &str, usize); 4] = [
    ("指标得分", true, "三级指标", 37),
    ("指标得分", true, "扣分原因", 40),
    ("目标完成", false, "二级指标", 14),
    ("目标完成", false, "指标名称", 22),
];
/// Columns the reviewer fills in (审核问题's 处理 and 审核人意见): wide enough for
/// the longest choice and for a remark, though jixiao leaves them empty.
const FILL_WIDTHS: [(&str, usize); 2] = [("处理", 12), ("审核人意见", 16)];
/// Pairs of adjacent columns read together: never printed on separate pages.
const PAIRS: [(&str, &str); 3] = [
    ("申报值", "计算值"),
    ("上次", "本次"),
    ("处理", "审核人意见"),
];
/// The tallest a row of even height gets, in lines: a table's rows are as tall
/// as most of them need (one line or two), and only the rows holding more grow.
const EVEN_LINES: usize = 2;
/// The most lines a row grows to.
const MAX_LINES: usize = 8;

/// A row of `lines` lines of 10 pt text, in pixels (0.75 pt): one line 18 px
/// (13.5 pt, the standard row of 10 pt 宋体 in Excel and WPS); wrapped lines
/// about 14 pt each, as LibreOffice and WPS set them apart.
pub fn row_px(lines: usize) -> u32 {
    match lines {
        0 | 1 => 18,
        n => 19 * n as u32 + 1,
    }
}

/// The widest a column of this header gets in this table with the
/// [`ALT_WIDTHS`].
fn alt_cap(table: &str, header: &str) -> usize {
    ALT_WIDTHS
        .iter()
        .find(|(t, _, h, _)| *t == table && *h == header)
        .map_or_else(|| cap(table, header), |(_, _, _, w)| *w)
}

/// The widest a column of this header gets in this table.
fn cap(table: &str, header: &str) -> usize {
    if let Some((_, _, w)) = TABLE_WIDTHS
        .iter()
        .find(|(t, h, _)| *t == table && *h == header)
    {
        return *w;
    }
    if NAME_COLUMNS.contains(&header) {
        return NAME_WIDTH;
    }
    WHOLE_COLUMNS
        .iter()
        .chain(&WRAP_WIDTHS)
        .find(|(h, _)| *h == header)
        .map_or(MAX_WIDTH, |(_, w)| *w)
}

/// Lines a cell needs in a column of width `width`.
fn lines(cell: &Cell, width: usize) -> usize {
    match cell.value() {
        Value::Text(t) if display_width(t) + 2 > width => t
            .split('\n')
            .map(|line| display_width(line).div_ceil(width - 2).max(1))
            .sum(),
        _ => 1,
    }
}

/// The width a header asks of its column (character units, without padding):
/// all of it up to 10 (five characters); on a reference sheet (资金明细,
/// 指标得分, 目标完成) half of it, the header wrapping over two lines, so that
/// a column of short figures under a long header (年度目标值, 复核得分) is as
/// narrow as its figures and the sheet fits narrower paper.
fn header_room(table: &Table<'_>, header: &str) -> usize {
    let w = display_width(header);
    if table.reference {
        w.div_ceil(4) * 2
    } else {
        w.min(10)
    }
}

/// What measuring a table finds.
pub struct Measure {
    /// Each column's width (character units).
    pub widths: Vec<usize>,
    /// Lines each data row needs.
    pub lines: Vec<u8>,
    /// The rows, when held (at most `hold_cells` cells).
    pub held: Option<Vec<Rows>>,
}

/// Measure a table: each column's width (the widest value, header capped,
/// within bounds), the lines each row needs, and the rows themselves when they
/// have at most `hold_cells` cells; one pass over the rows, each run measured in
/// parallel.
pub fn measure(table: &Table<'_>, hold_cells: usize) -> Measure {
    use rayon::prelude::*;
    let caps: Vec<usize> = table.columns.iter().map(|h| cap(&table.name, h)).collect();
    let wide: Vec<usize> = table
        .columns
        .iter()
        .map(|h| alt_cap(&table.name, h))
        .collect();
    let width = |cell: &Cell| shown_width(cell.value());
    let widest = |mut a: Vec<usize>, b: &[usize]| {
        a.iter_mut().zip(b).for_each(|(a, b)| *a = (*a).max(*b));
        a
    };
    let columns = table.columns.len();
    // Only the printed columns wrap and set a row's height.
    let printed = table.printed();
    let row_lines = |row: &[Cell], caps: &[usize]| {
        row[..printed.min(row.len())]
            .iter()
            .zip(caps)
            .map(|(c, w)| lines(c, *w))
            .max()
            .unwrap_or(1)
            .min(MAX_LINES) as u8
    };
    let two = wide != caps;
    let mut data = vec![0; columns];
    let mut all_lines = Vec::with_capacity(table.len);
    let mut wide_lines = Vec::new();
    let mut n = 0;
    let mut held = Some(Vec::new());
    for run in table.runs() {
        n += run.len();
        let measured: Vec<(Vec<usize>, u8, u8)> = run
            .par_iter()
            .map(|row| {
                let l = row_lines(row, &caps);
                let w = if two { row_lines(row, &wide) } else { l };
                (row.iter().map(width).collect(), l, w)
            })
            .collect();
        for (w, l, wl) in measured {
            data = widest(data, &w);
            all_lines.push(l);
            if two {
                wide_lines.push(wl);
            }
        }
        match &mut held {
            Some(h) if n * columns <= hold_cells => h.push(run),
            _ => held = None,
        }
    }
    if let Some(total) = &table.total {
        let w: Vec<usize> = total.iter().map(width).collect();
        data = widest(data, &w);
    }
    let widths_of = |caps: &[usize]| -> Vec<usize> {
        data.iter()
            .zip(&table.columns)
            .zip(caps)
            .map(|((data, header), cap)| {
                let fill = FILL_WIDTHS
                    .iter()
                    .find(|(h, _)| h == header)
                    .map_or(0, |(_, w)| *w);
                let header = header_room(table, header);
                ((*data).max(header) + 2).max(fill).clamp(6, *cap)
            })
            .collect()
    };
    let mut widths = widths_of(&caps);
    if two {
        let w = widths_of(&wide);
        let landscape = ALT_WIDTHS.iter().any(|(t, l, _, _)| *t == table.name && *l);
        if print::fits_a3(&w, landscape) {
            widths = w;
            all_lines = wide_lines;
        }
    }
    Measure {
        widths,
        lines: all_lines,
        held,
    }
}

/// The rows of a table sheet.
pub struct Layout {
    /// The header row (after the title, unit and group rows).
    pub header_row: u32,
    /// The first data row.
    pub first_data: u32,
}

/// Where a table's rows go.
pub fn layout(table: &Table<'_>) -> Layout {
    let header_row = if table.groups.is_empty() { 2 } else { 3 };
    Layout {
        header_row,
        first_data: header_row + 1,
    }
}

/// The columns repeated on every page of a table printed in column groups:
/// its first, and the department's name beside it.
pub fn key_columns(table: &Table<'_>) -> usize {
    match table.columns.get(1) {
        Some(h) if NAME_COLUMNS.contains(&h.as_str()) => 2,
        _ => 1,
    }
}

/// How a sheet of a table looks: row heights and the print plan.
pub struct Shape {
    /// The title's lines (it wraps over the first page's columns).
    pub title_lines: u32,
    /// The header row's height in pixels.
    pub header_px: u32,
    /// Each data row's height in pixels (合计 included).
    pub heights: Vec<u32>,
    /// The print plan.
    pub plan: Plan,
}

/// The shape of the part of `table` whose data rows need `lines` (and that
/// keeps `blocks` of rows together), in columns of `widths`; the `last` part
/// ends with the 合计 row.
pub fn shape(
    table: &Table<'_>,
    widths: &[usize],
    lines: &[u8],
    blocks: Vec<usize>,
    last: bool,
) -> Shape {
    let printed = table.printed();
    let widths = &widths[..printed];
    let header_lines = table
        .columns
        .iter()
        .zip(widths)
        .map(|(h, w)| display_width(h).div_ceil(w - 1))
        .max()
        .unwrap_or(1)
        .clamp(1, 4);
    let header_px = row_px(header_lines) + 3;
    // Even: the lines most rows need (at most two); a row needing more grows.
    let mut counts = [0usize; MAX_LINES + 1];
    for &l in lines {
        counts[usize::from(l)] += 1;
    }
    let even = (1..=EVEN_LINES)
        .max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))
        .unwrap_or(1) as u8;
    let mut heights: Vec<u32> = lines
        .iter()
        .map(|&l| row_px(usize::from(l.max(even))))
        .collect();
    if last && table.total.is_some() {
        heights.push(row_px(1));
    }
    let key = key_columns(table);
    let mut units: Vec<(usize, usize)> = table.groups.iter().map(|g| (g.first, g.last)).collect();
    for (a, b) in PAIRS {
        let at = |h: &str| table.columns.iter().position(|c| c == h);
        if let (Some(a), Some(b)) = (at(a), at(b)) {
            units.push((a.min(b), a.max(b)));
        }
    }
    units.retain(|&(_, last)| last < printed);
    // The unit and group rows keep the default height (20 px).
    let group_px = if table.groups.is_empty() { 0 } else { 20 };
    // The title's lines depend on the page's columns, the page on the title's
    // height: plan with one line, then with the lines the title needs there.
    let mut title_lines = 1;
    loop {
        let rows = print::Rows {
            top_px: title_px(title_lines) + 20,
            head_px: group_px + header_px,
            heights: heights.clone(),
            blocks: blocks.clone(),
        };
        let plan = print::plan(widths, key, &units, &rows);
        let first_page = plan.breaks.first().map_or(widths.len(), |&b| b as usize);
        let room: usize = widths[..first_page].iter().sum();
        // The title is 16 pt: 1.6 character units a character width.
        let need = (display_width(&table.title) * 16)
            .div_ceil(10 * room.max(1))
            .clamp(1, 3) as u32;
        if need <= title_lines {
            return Shape {
                title_lines,
                header_px,
                heights: rows.heights,
                plan,
            };
        }
        title_lines = need;
    }
}

/// The title row's height in pixels for `lines` lines of 16 pt (22 pt each).
fn title_px(lines: u32) -> u32 {
    29 * lines + 8
}

/// Write one table into a (named) sheet: the next `n` of `rows` (those that
/// fit), shaped by `shape`; the 合计 row goes on the last part.
#[allow(clippy::too_many_arguments)]
pub fn table_sheet(
    ws: &mut Worksheet,
    table: &Table<'_>,
    rows: &mut dyn Iterator<Item = Vec<Cell>>,
    n: usize,
    last_part: bool,
    widths: &[usize],
    shape: &Shape,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    let last_col = (table.columns.len() - 1) as u16;
    let printed = table.printed();
    let lay = layout(table);
    let key = key_columns(table);
    let plan = &shape.plan;
    // Printed in column groups, the title and unit stand over the first page.
    let title_end = plan.breaks.first().map_or(printed as u16 - 1, |&b| b - 1);
    let title = crate::write::excel_text(&table.title);
    let title_format = if shape.title_lines > 1 {
        &fmt.title_wrap
    } else {
        &fmt.title
    };
    if title_end > 0 {
        ws.merge_range(0, 0, 0, title_end, &title, title_format)?;
    } else {
        ws.write_string_with_format(0, 0, title, title_format)?;
    }
    ws.set_row_height_pixels(0, title_px(shape.title_lines))?;
    if table.money {
        ws.write_string_with_format(1, title_end, "单位：万元", &fmt.unit)?;
    }
    for g in &table.groups {
        let (a, b) = (g.first as u16, g.last as u16);
        if a < b {
            ws.merge_range(
                lay.header_row - 1,
                a,
                lay.header_row - 1,
                b,
                &g.label,
                &fmt.header,
            )?;
        } else {
            ws.write_string_with_format(lay.header_row - 1, a, &g.label, &fmt.header)?;
        }
    }
    if !table.groups.is_empty() {
        for c in 0..=last_col {
            let grouped = table
                .groups
                .iter()
                .any(|g| (g.first..=g.last).contains(&(c as usize)));
            if !grouped {
                ws.write_blank(lay.header_row - 1, c, &fmt.header)?;
            }
        }
    }
    for (c, h) in table.columns.iter().enumerate() {
        ws.write_string_with_format(lay.header_row, c as u16, h, &fmt.header)?;
    }
    ws.set_row_height_pixels(lay.header_row, shape.header_px)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    let wraps: Vec<bool> = widths
        .iter()
        .zip(&table.columns)
        .enumerate()
        .map(|(c, (w, h))| {
            (*w == cap(&table.name, h) || *w == alt_cap(&table.name, h))
                && !WHOLE_COLUMNS.iter().any(|(c, _)| c == h)
                && c < printed
        })
        .collect();
    let n = n as u32;
    let data_rows = (lay.first_data, lay.first_data + n.max(1) - 1);
    for (i, row) in rows.take(n as usize).enumerate() {
        let r = lay.first_data + i as u32;
        // Set, not left to the application: LibreOffice and WPS do not grow a
        // row for wrapped text on their own, and every row of a table is as
        // tall as the others unless its text needs more.
        ws.set_row_height_pixels(r, shape.heights[i])?;
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, &fmt.plain, wraps[c], data_rows)?;
        }
    }
    if let Some(total) = table.total.as_ref().filter(|_| last_part) {
        let r = lay.first_data + n;
        ws.set_row_height_pixels(r, row_px(1))?;
        for (c, cell) in total.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, &fmt.bold, false, data_rows)?;
        }
    }
    if n > 0 {
        reader_columns(ws, table, data_rows)?;
    }
    ws.set_freeze_panes(lay.first_data, if key == 2 { 2 } else { 0 })?;
    if n > 0 {
        ws.autofilter(lay.header_row, 0, lay.first_data + n - 1, last_col)?;
    }
    print::apply(ws, plan, key, lay.first_data)?;
    if printed < table.columns.len() {
        let total = u32::from(last_part && table.total.is_some());
        let last_row = lay.first_data + (n + total).max(1) - 1;
        ws.set_print_area(0, 0, last_row, printed as u16 - 1)?;
    }
    if table.name != super::STATISTICS {
        // The header rows (not the title, which stands over the first page only).
        let first_header = lay.header_row - u32::from(!table.groups.is_empty());
        ws.set_repeat_rows(first_header, lay.header_row)?;
    }
    if table.reference {
        // Not part of the leader's print: the header says so on every page.
        ws.set_header("&L&8参考表：按部门列出明细，报送打印只需“总览”“汇总表”“审核问题”");
        ws.set_tab_color("#A6A6A6");
    }
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// A table's drop-down columns and the fills of its status cells, over its data
/// rows (first, last).
fn reader_columns(
    ws: &mut Worksheet,
    table: &Table<'_>,
    (first, last): (u32, u32),
) -> Result<(), XlsxError> {
    for (c, choices) in &table.choices {
        let list = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_title("请从下拉列表中选择")?
            .set_error_message(format!("只能填：{}", choices.join("、")))?;
        ws.add_data_validation(first, *c as u16, last, *c as u16, &list)?;
    }
    for (c, text, colour) in &table.colours {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(*text))
            .set_format(Format::new().set_background_color(*colour));
        ws.add_conditional_format(first, *c as u16, last, *c as u16, &rule)?;
    }
    Ok(())
}
