//! The charts of `统计分析`: departments' 复核总分 as horizontal bars sorted by
//! score with their values, and the number of departments per grade.
//!
//! The bars read from a ranked list written on the sheet (名次, 部门, 复核总分,
//! below the statistics, each part beside its chart): the sheet shows what the
//! chart draws. A chart holds
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

/// Departments per bar chart: one landscape A4 page (about 470 pt printable).
pub const PER_CHART: usize = 20;

/// Pixels per department bar (room for a 9 pt name), and around a chart.
const BAR_PX: u32 = 24;
const FRAME_PX: u32 = 90;
/// Default row height in pixels (15 pt).
const ROW_PX: u32 = 20;

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
/// (columns A–C). Returns the rows where a printed page should start.
pub fn write(
    ws: &mut Worksheet,
    sheet: &str,
    first_row: u32,
    grades: (u32, u32),
    batch: &Batch,
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
        .set_font_size(10);
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
        for (c, h) in ["名次", "部门", "复核总分"].iter().enumerate() {
            ws.write_string_with_format(row + 1, c as u16, *h, &header)?;
        }
        let top = row + 2;
        for (i, (name, total)) in ranked[a..b].iter().enumerate() {
            // Equal totals share a place (1, 2, 2, 4).
            let n = a + i;
            if n > 0 && ranked[n - 1].1 != *total {
                place = n + 1;
            }
            let r = top + i as u32;
            ws.write_number_with_format(r, 0, place as f64, &place_format)?;
            ws.write_string_with_format(r, 1, super::excel_text(name), &border)?;
            ws.write_number_with_format(r, 2, total.to_f64().unwrap_or(0.0), &score)?;
        }
        let last = top + (b - a) as u32 - 1;
        let mut bar = Chart::new(ChartType::Bar);
        bar.title().set_name(&format!("各部门复核总分（{span}）"));
        bar.add_series()
            .set_name("复核总分")
            .set_categories((sheet, top, 1, last, 1))
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
        row += (height.div_ceil(ROW_PX) + 2).max((b - a) as u32 + 3);
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
}
