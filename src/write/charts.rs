//! The charts of `统计分析`: departments' 复核总分 as horizontal bars sorted by
//! score with their values, and the number of departments per grade.
//!
//! The bars read from a ranked list written on the sheet (名次, 部门, 复核总分,
//! 图中名称, below the statistics, each part beside its chart): the sheet shows
//! what the chart draws. Every bar is labelled, by a short name of at most
//! [`SHORT_CHARS`] characters ([`short_names`]), one line at 9 pt beside a bar
//! of [`BAR_PX`]: a full name of twenty-odd characters does not fit, and the
//! application then leaves some bars unnamed. The list gives the full name
//! beside each short one, wrapped in its column. A chart holds
//! [`PER_CHART`] departments, sized to them, one chart per printed page, so that a
//! district of a few hundred departments prints as legible pages rather than one
//! bar per hair. The value axis starts at the 5 below the lowest score, so that
//! 91.86 and 99 look apart.

use crate::batch::Batch;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartType, Format, FormatAlign, FormatBorder, Worksheet,
    XlsxError,
};

/// The bar charts' width in character units of [`super::print::column_px`]
/// (760 px), for the print plan of 统计分析.
pub const WIDTH_UNITS: usize = 80;

/// Departments per bar chart: one A3 landscape page (about 1,100 px at the
/// scale its width prints at).
pub const PER_CHART: usize = 38;

/// Pixels per department bar, and around a chart (title, value axis and its
/// name): LibreOffice names a bar only when its share of the plot area holds a
/// line of 9 pt (at 24 px a bar and 90 px around, it named 3 of 5; at 26 px
/// and 120 px around it names all 38 of a page, and 5 of 5).
pub const BAR_PX: u32 = 26;
const FRAME_PX: u32 = 120;
/// Default row height in pixels (15 pt).
const ROW_PX: u32 = 20;

/// The longest a bar's label gets, in characters (12 at 9 pt: 144 px).
pub const SHORT_CHARS: usize = 12;

/// The width of the list's 图中名称 column (character units): a short name of
/// [`SHORT_CHARS`] Chinese characters.
pub const SHORT_WIDTH: usize = 2 * SHORT_CHARS + 2;

/// Standard abbreviations of the longest institutional names.
const ABBREVIATIONS: [(&str, &str); 3] = [
    ("中国人民政治协商会议", "政协"),
    ("中国共产党", "中共"),
    ("人民代表大会常务委员会", "人大常委会"),
];

/// A leading place: up to four characters before 市, then up to five before
/// 区 or 县 (`广州市南沙区`, `广州开发区`, `从化区`); its length in characters.
fn place_len(chars: &[char]) -> usize {
    let mut at = 0;
    if let Some(i) = chars.iter().take(5).position(|&c| c == '市') {
        at = i + 1;
    }
    if let Some(i) = chars[at..]
        .iter()
        .take(6)
        .position(|&c| c == '区' || c == '县')
    {
        at += i + 1;
    }
    at
}

/// `name` without its district: a party committee's department without the
/// committee (`中共…工作委员会政策研究室` → `政策研究室`), else without the
/// leading place, kept after `中共` or `政协` (`政协广州市南沙区委员会办公室` →
/// `政协委员会办公室`); `None` when fewer than three characters would be left (four after
/// `中共` or `政协`: not `中共委员会`).
fn stripped(name: &[char]) -> Option<Vec<char>> {
    let party = name.starts_with(&['中', '共']);
    let keep = if party || name.starts_with(&['政', '协']) {
        2
    } else {
        0
    };
    let rest = &name[keep..];
    let committee = ['委', '员', '会'];
    let out: Vec<char> = match rest.windows(3).position(|w| w == committee) {
        Some(i) if party && rest.len() >= i + 6 => rest[i + 3..].to_vec(),
        _ => name[..keep]
            .iter()
            .chain(&rest[place_len(rest)..])
            .copied()
            .collect(),
    };
    let least = if keep > 0 { keep + 4 } else { 3 };
    (out.len() >= least && out.len() < name.len()).then_some(out)
}

/// How much of a name's district a bar label drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strip {
    /// The place or party committee (`stripped`).
    Place,
    /// A leading city only (`广州市`).
    City,
    /// Nothing.
    Nothing,
}

/// A department's bar label: `name` with the standard abbreviations, and, when
/// `strip` is [`Strip::Place`], without its leading place (`广州市南沙区人民政府办公室` → `人民政府办公室`)
/// or the party committee it belongs to (`中共…工作委员会政策研究室` → `政策研究室`),
/// as long as at least three characters are left; then cut to `max`
/// characters, its first and last kept around `…` (`中国人民政…会办公室`).
pub fn short_name(name: &str, strip: Strip, max: usize) -> String {
    let mut s = name.trim().to_string();
    for (long, short) in ABBREVIATIONS {
        s = s.replace(long, short);
    }
    let mut chars: Vec<char> = s.chars().collect();
    match strip {
        Strip::Place => chars = stripped(&chars).unwrap_or(chars),
        Strip::City => {
            if let Some(i) = chars.iter().take(5).position(|&c| c == '市') {
                if chars.len() >= i + 4 {
                    chars.drain(..=i);
                }
            }
        }
        Strip::Nothing => {}
    }
    if chars.len() <= max {
        return chars.into_iter().collect();
    }
    let tail = (max - 1) / 3;
    let head = max - 1 - tail;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// The bar labels of `names` (distinct), unique among them: each name's
/// [`short_name`] of at most [`SHORT_CHARS`] characters; names whose labels
/// collide keep their district (`南沙区第1教育局`, `番禺区第1教育局`), then all
/// of their name, then grow two characters at a time until they differ (at the
/// longest, the full names).
pub fn short_names(names: &[String]) -> Vec<String> {
    let mut how: Vec<(Strip, usize)> = vec![(Strip::Place, SHORT_CHARS); names.len()];
    loop {
        let labels: Vec<String> = names
            .iter()
            .zip(&how)
            .map(|(n, &(strip, max))| short_name(n, strip, max))
            .collect();
        let mut seen = std::collections::HashMap::new();
        for (i, l) in labels.iter().enumerate() {
            seen.entry(l.as_str()).or_insert_with(Vec::new).push(i);
        }
        let clashes: Vec<usize> = seen
            .values()
            .filter(|v| v.len() > 1)
            .flatten()
            .copied()
            .filter(|&i| short_name(&names[i], how[i].0, how[i].1) != names[i])
            .collect();
        if clashes.is_empty() {
            return labels;
        }
        for i in clashes {
            how[i] = match how[i] {
                (Strip::Place, max) => (Strip::City, max),
                (Strip::City, max) => (Strip::Nothing, max),
                (Strip::Nothing, max) => (Strip::Nothing, max + 2),
            };
        }
    }
}

/// (name, 复核总分) of the departments with a total, best first (ties by name).
pub fn ranked(batch: &Batch) -> Vec<(String, Decimal)> {
    let mut out: Vec<(String, Decimal)> = batch
        .departments
        .summaries()
        .iter()
        .filter_map(|k| k.total.map(|t| (k.name.clone(), t)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The value axis' lower end: a multiple of 5 at least 2 points below the lowest
/// score, never below 0.
pub fn axis_min(lowest: Decimal) -> i64 {
    let low = (lowest - Decimal::TWO).floor().to_i64().unwrap_or(0);
    (low.div_euclid(5) * 5).clamp(0, 95)
}

/// Write the grade chart beside the statistics from `grades` = (first row, last
/// row) of the grade counts (labels in column B, counts in column C), then from
/// `first_row` the bar charts (column E), each beside its part of the ranked list
/// (columns A–D: 名次, 部门 wrapped in column B of `name_width` units, 复核总分,
/// 图中名称). Returns the rows where a printed page should start.
pub fn write(
    ws: &mut Worksheet,
    sheet: &str,
    first_row: u32,
    grades: (u32, u32),
    batch: &Batch,
    name_width: usize,
) -> Result<Vec<u32>, XlsxError> {
    let mut grade = Chart::new(ChartType::Column);
    grade.title().set_name("评价等级分布（部门数）");
    grade
        .add_series()
        .set_name("部门数")
        .set_categories((sheet, grades.0, 1, grades.1, 1))
        .set_values((sheet, grades.0, 2, grades.1, 2))
        .set_data_label(ChartDataLabel::new().show_value());
    grade.legend().set_hidden();
    grade.y_axis().set_min(0).set_num_format("0");
    grade.set_width(480).set_height(300);
    // Below the header rows, so that it is not repeated with them.
    ws.insert_chart(grades.0, 5, &grade)?;

    let ranked = ranked(batch);
    let Some(lowest) = ranked.last().map(|r| r.1) else {
        return Ok(Vec::new());
    };
    let min = axis_min(lowest);
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_size(10)
        .set_align(FormatAlign::VerticalCenter);
    let wrap = border.clone().set_text_wrap();
    let names: Vec<String> = ranked.iter().map(|r| r.0.clone()).collect();
    let short = short_names(&names);
    let header = border.clone().set_bold().set_background_color("#DDEBF7");
    let score = border.clone().set_num_format("0.00");
    let place_format = border.clone().set_align(FormatAlign::Center);
    let bold = Format::new().set_bold().set_font_size(12);
    let label_font = ChartFont::new().set_size(9).clone();
    let chunks = ranked.len().div_ceil(PER_CHART);
    let mut breaks = Vec::new();
    let mut row = first_row;
    let mut place = 1;
    for k in 0..chunks {
        let (a, b) = (k * PER_CHART, ((k + 1) * PER_CHART).min(ranked.len()));
        let span = if chunks == 1 {
            "按分数排序".to_string()
        } else {
            format!("第 {}–{} 位", a + 1, b)
        };
        // Each chart starts a printed page, its part of the list beside it.
        breaks.push(row);
        ws.write_string_with_format(row, 0, format!("各部门复核总分（{span}）"), &bold)?;
        for (c, h) in ["名次", "部门", "复核总分", "图中名称"].iter().enumerate() {
            ws.write_string_with_format(row + 1, c as u16, *h, &header)?;
        }
        let top = row + 2;
        // The height of this part's rows so far: the title and header rows.
        let mut used = 2 * ROW_PX;
        for (i, (name, total)) in ranked[a..b].iter().enumerate() {
            // Equal totals share a place (1, 2, 2, 4).
            let n = a + i;
            if n > 0 && ranked[n - 1].1 != *total {
                place = n + 1;
            }
            let r = top + i as u32;
            // A name longer than its column wraps, its row as tall as it needs.
            let lines = super::display_width(name)
                .div_ceil(name_width.saturating_sub(2).max(1))
                .max(1);
            let px = super::xlsx::row_px(lines);
            ws.set_row_height_pixels(r, px)?;
            used += px;
            ws.write_number_with_format(r, 0, place as f64, &place_format)?;
            ws.write_string_with_format(r, 1, super::excel_text(name), &wrap)?;
            ws.write_number_with_format(r, 2, total.to_f64().unwrap_or(0.0), &score)?;
            ws.write_string_with_format(r, 3, super::excel_text(&short[n]), &border)?;
        }
        let last = top + (b - a) as u32 - 1;
        let mut bar = Chart::new(ChartType::Bar);
        bar.title()
            .set_name(&format!("各部门复核总分（{span}）"))
            .set_font(ChartFont::new().set_size(12).set_bold());
        bar.add_series()
            .set_name("复核总分")
            .set_categories((sheet, top, 3, last, 3))
            .set_values((sheet, top, 2, last, 2))
            .set_gap(40)
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0.00")
                    .set_font(&label_font),
            );
        bar.legend().set_hidden();
        // In a bar chart the x axis is the horizontal value axis.
        bar.x_axis()
            .set_name("复核总分")
            .set_min(min as f64)
            .set_max(100)
            .set_major_unit(if min >= 95 { 1 } else { 5 });
        // The best at the top.
        bar.y_axis().set_reverse().set_font(&label_font);
        let height = FRAME_PX + BAR_PX * (b - a) as u32;
        bar.set_width(760).set_height(height);
        ws.insert_chart(row, 4, &bar)?;
        // The next chart below this one (two rows apart) and below this part
        // of the list (one row apart); the rows after the list are 20 px.
        let list_end = top + (b - a) as u32;
        let below_chart = (height + 2 * ROW_PX).saturating_sub(used).div_ceil(ROW_PX);
        row = list_end + below_chart.max(1);
    }
    Ok(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_starts_a_little_below_the_lowest_score() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 91.86 − 2 = 89.86 → 85; 97 − 2 = 95 → 95; 6 → 0.
        assert_eq!(axis_min(d("91.86")), 85);
        assert_eq!(axis_min(d("97")), 95);
        assert_eq!(axis_min(d("100")), 95);
        assert_eq!(axis_min(d("6")), 0);
    }

    #[test]
    fn every_bar_gets_a_short_name_of_its_own() {
        let names: Vec<String> = [
            "广州市南沙区人民政府办公室",
            "广州开发区穗港智造合作区管理委员会",
            "中国人民政治协商会议广州市南沙区委员会办公室",
            "广州市海珠区科技工业商务和信息化局",
            "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室",
            "广州市南沙区第1教育局",
            "广州市番禺区第1教育局",
            "财政局",
            "中共广州市南沙区委员会",
            "中国人民政治协商会议广州市南沙区委员会文史资料和学习委员会办公室",
        ]
        .map(String::from)
        .to_vec();
        let short = short_names(&names);
        assert_eq!(
            short,
            [
                "人民政府办公室",
                "穗港智造合作区管理委员会",
                "政协委员会办公室",
                "科技工业商务和信息化局",
                "政策研究和创新办公室",
                "南沙区第1教育局",
                "番禺区第1教育局",
                "财政局",
                "中共广州市南沙区委员会",
                "政协委员会文史资…办公室",
            ]
        );
        assert!(short.iter().all(|s| s.chars().count() <= SHORT_CHARS));
    }
}
