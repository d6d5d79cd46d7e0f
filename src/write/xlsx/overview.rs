//! 总览, the workbook's first sheet: one A4 portrait page for the district's
//! leader, continued on further pages only by the ranked list.
//!
//! Top to bottom: title; 一、概况 (departments, files read and failed, the
//! district's budget, spent and rate, mean and median scores) with the grade
//! chart beside it; 二、评价等级 (each grade's threshold from the scheme, its
//! count and share) and what 差异 means; 三、问题最多的规则 (the ten rules
//! with the most findings); 四、部门排名 (名次, 部门, 复核总分, 等级, 执行率,
//! 错误, 警告), its header repeated on every page. Nothing here is computed
//! anew: every figure is the batch's (the district totals, the ranks, the
//! findings' counts). No CSV: its figures are those of 汇总表.csv and
//! 统计分析.csv.

use super::look::f64_of;
use crate::batch::Batch;
use crate::model::{FileStatus, Grade, Severity};
use crate::scheme::Scheme;
use crate::write::print::{self, Plan, Rows};
use crate::write::tables::ranked_order;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartType, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// The sheet's name.
pub const NAME: &str = "总览";

/// Column widths (character units): 名次, 部门 (about 19 characters a line),
/// 复核总分, 等级, 执行率, 错误, 警告.
const WIDTHS: [usize; 7] = [5, 40, 9, 6, 9, 7, 7];
/// The ranked list's header row, repeated on every page, and a department's row
/// (a name longer than a line of its column wraps into a second line), in
/// pixels (0.75 pt).
const LIST_HEAD_PX: u32 = 27;
const LIST_ROW_PX: u32 = 17;
const LIST_ROW2_PX: u32 = 33;
/// The grade chart's offset into column E, in pixels.
const CHART_OFFSET: u32 = 6;
/// The rule rows listed.
const TOP_RULES: usize = 10;

/// The rows above the ranked list.
struct Top {
    /// Each row's height, from row 0.
    heights: Vec<u32>,
}

/// What 总览 shows, gathered from the batch.
struct Facts {
    title: String,
    subtitle: String,
    /// (label, value, number format): money, rates, scores as numbers.
    figures: Vec<(String, Figure)>,
    /// (grade, threshold, count, share).
    grades: Vec<(String, String, usize, Option<rust_decimal::Decimal>)>,
    /// (rule, findings, departments).
    rules: Vec<(String, usize, usize)>,
}

enum Figure {
    Text(String),
    Money(rust_decimal::Decimal),
    Rate(Option<rust_decimal::Decimal>),
    Score(Option<rust_decimal::Decimal>),
}

fn facts(batch: &Batch, scheme: &Scheme) -> Facts {
    let d = &batch.district;
    let files = |status: FileStatus, report: bool| {
        batch
            .files
            .iter()
            .filter(|f| {
                f.status == status && (status != FileStatus::Imported || f.report == report)
            })
            .count()
    };
    let district = batch.district_name.clone().unwrap_or_default();
    let year = batch.year.map(|y| format!("{y}年度")).unwrap_or_default();
    let figures = vec![
        (
            "部门数".to_string(),
            Figure::Text(format!("{} 个", d.departments)),
        ),
        (
            "读入文件".into(),
            Figure::Text(format!(
                "自评表 {}，自评报告 {}",
                files(FileStatus::Imported, false),
                files(FileStatus::Imported, true)
            )),
        ),
        (
            "读取失败 / 跳过".into(),
            Figure::Text(format!(
                "{} / {}",
                files(FileStatus::Failed, false),
                files(FileStatus::Skipped, false)
            )),
        ),
        ("全年预算数（万元）".into(), Figure::Money(d.budget)),
        ("全年执行数（万元）".into(), Figure::Money(d.spent)),
        ("全区执行率".into(), Figure::Rate(d.rate)),
        ("平均复核总分".into(), Figure::Score(d.mean_score)),
        ("复核总分中位数".into(), Figure::Score(d.median_score)),
    ];
    let n = rust_decimal::Decimal::from(d.departments.max(1));
    let mut grades = Vec::new();
    let mut above: Option<rust_decimal::Decimal> = None;
    for (g, min) in &scheme.grades {
        let min_t = crate::num::plain(*min);
        let rule = match above {
            None => format!("复核总分 ≥ {min_t} 分"),
            Some(a) if min.is_zero() => format!("复核总分 < {} 分", crate::num::plain(a)),
            Some(a) => format!("{min_t} 分 ≤ 复核总分 < {} 分", crate::num::plain(a)),
        };
        above = Some(*min);
        let count = d.grades[*g as usize];
        let share =
            (d.departments > 0).then(|| crate::num::round4(rust_decimal::Decimal::from(count) / n));
        grades.push((g.label().to_string(), rule, count, share));
    }
    if d.unscored > 0 {
        grades.push(("—".into(), "无复核总分".into(), d.unscored, None));
    }
    Facts {
        title: format!("{district}{year}部门整体支出绩效自评总览"),
        subtitle: [
            year.trim_end_matches('度').to_string(),
            district,
            format!("指标体系：{}", scheme.name),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("　｜　"),
        figures,
        grades,
        rules: top_rules(batch),
    }
}

/// The rules with the most findings (errors and warnings; 提示 aside): (rule,
/// findings, departments), most first, then by rule.
fn top_rules(batch: &Batch) -> Vec<(String, usize, usize)> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut by_rule: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for f in batch.findings() {
        if f.severity == Severity::Note {
            continue;
        }
        let e = by_rule.entry(f.rule.label()).or_default();
        e.0 += 1;
        e.1.insert(f.department);
    }
    let mut out: Vec<(String, usize, usize)> = by_rule
        .into_iter()
        .map(|(r, (n, deps))| (r, n, deps.len()))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.truncate(TOP_RULES);
    out
}

/// Row heights above the ranked list's header, from row 0, for these facts.
fn top(facts: &Facts) -> Top {
    // In pixels: 40 (30 pt), 27 (20 pt), 24 (18 pt), 20 (15 pt), 43 (32 pt).
    let mut heights = vec![40, 27, 24];
    heights.extend(std::iter::repeat_n(20, facts.figures.len()));
    heights.push(24); // 二、评价等级
    heights.push(24); // header
    heights.extend(std::iter::repeat_n(20, facts.grades.len()));
    heights.push(43); // 差异
    heights.push(24); // 三、问题最多的规则
    heights.push(24); // header
    heights.extend(std::iter::repeat_n(20, facts.rules.len().max(1)));
    heights.push(24); // 四、部门排名
    Top { heights }
}

/// A ranked department's row height: one line, or two for a name longer than
/// a line of the 部门 column.
fn list_row_px(name: &str) -> u32 {
    if crate::write::display_width(name) + 2 > WIDTHS[1] {
        LIST_ROW2_PX
    } else {
        LIST_ROW_PX
    }
}

/// The ranked list's row heights, in rank order.
fn list_heights(batch: &Batch) -> Vec<u32> {
    let summaries = batch.departments.summaries();
    ranked_order(batch)
        .iter()
        .map(|&i| list_row_px(&summaries[i].name))
        .collect()
}

/// The page model of 总览: the top block on the first page, then the ranked
/// list, its header repeated.
fn rows(top: &Top, mut heights: Vec<u32>) -> Rows {
    if heights.is_empty() {
        heights.push(LIST_ROW_PX);
    }
    Rows {
        top_px: top.heights.iter().sum(),
        head_px: LIST_HEAD_PX,
        heights,
        blocks: Vec::new(),
    }
}

/// How 总览 prints (A4 portrait for a district).
pub fn plan(batch: &Batch, scheme: &Scheme) -> Plan {
    let f = facts(batch, scheme);
    print::plan(&WIDTHS, 0, &[], &rows(&top(&f), list_heights(batch)))
}

/// The grade chart's width in pixels: columns E–G as Excel draws them (7 px a
/// unit and 5 px of padding; LibreOffice's columns are wider), less the offset
/// either side, so that the chart ends inside the printed columns.
fn chart_px() -> u32 {
    let columns: u32 = WIDTHS[4..].iter().map(|w| *w as u32 * 7 + 5).sum();
    columns - 2 * CHART_OFFSET
}

/// Write 总览 into `ws`.
pub fn write(ws: &mut Worksheet, batch: &Batch, scheme: &Scheme) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    let f = facts(batch, scheme);
    let top = top(&f);
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_size(10)
        .set_align(FormatAlign::VerticalCenter);
    let wrap = border.clone().set_text_wrap();
    let center = border.clone().set_align(FormatAlign::Center);
    let header = center
        .clone()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_text_wrap();
    let label = border.clone().set_background_color("#F2F2F2");
    let money = border.clone().set_num_format("#,##0.00");
    let rate = border.clone().set_num_format("0.00%");
    let score = border.clone().set_num_format("0.00");
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let subtitle = Format::new()
        .set_font_size(10)
        .set_align(FormatAlign::Center);
    let section = Format::new()
        .set_bold()
        .set_font_size(12)
        .set_align(FormatAlign::VerticalCenter);
    let note = Format::new()
        .set_font_size(9)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    for (r, h) in top.heights.iter().enumerate() {
        ws.set_row_height_pixels(r as u32, *h)?;
    }
    ws.merge_range(0, 0, 0, 6, &crate::write::excel_text(&f.title), &title)?;
    ws.merge_range(1, 0, 1, 6, &f.subtitle, &subtitle)?;
    ws.merge_range(2, 0, 2, 3, "一、概况", &section)?;
    let mut r = 3u32;
    for (name, value) in &f.figures {
        ws.merge_range(r, 0, r, 1, name, &label)?;
        match value {
            Figure::Text(t) => ws.merge_range(r, 2, r, 3, t, &border)?,
            Figure::Money(m) => {
                ws.merge_range(r, 2, r, 3, "", &money)?;
                ws.write_number_with_format(r, 2, f64_of(*m), &money)?
            }
            Figure::Rate(v) | Figure::Score(v) => {
                let fmt = if matches!(value, Figure::Rate(_)) {
                    &rate
                } else {
                    &score
                };
                ws.merge_range(r, 2, r, 3, "", fmt)?;
                match v {
                    Some(v) => ws.write_number_with_format(r, 2, f64_of(*v), fmt)?,
                    None => ws.write_string_with_format(r, 2, "--", fmt)?,
                }
            }
        };
        r += 1;
    }
    ws.merge_range(r, 0, r, 3, "二、评价等级（按复核总分评定）", &section)?;
    r += 1;
    for (c, h) in ["等级", "评分标准", "部门数", "占比"].iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &header)?;
    }
    r += 1;
    let grades_at = r;
    for (g, rule, count, share) in &f.grades {
        ws.write_string_with_format(r, 0, g, &center)?;
        ws.write_string_with_format(r, 1, rule, &border)?;
        ws.write_number_with_format(r, 2, *count as f64, &center)?;
        match share {
            Some(s) => ws.write_number_with_format(r, 3, f64_of(*s), &rate)?,
            None => ws.write_blank(r, 3, &border)?,
        };
        r += 1;
    }
    ws.merge_range(
        r,
        0,
        r,
        6,
        "差异 = 复核总分 − 自评总分：负数表示复核扣分多于部门自评（自评偏高），正数表示复核得分高于自评；\
         等级、排名都按复核总分。",
        &note,
    )?;
    r += 1;
    ws.merge_range(r, 0, r, 6, "三、问题最多的规则（错误和警告）", &section)?;
    r += 1;
    for (c, h) in ["序号", "规则", "问题数", "涉及部门数"].iter().enumerate() {
        if c == 3 {
            ws.merge_range(r, 3, r, 4, h, &header)?;
        } else {
            ws.write_string_with_format(r, c as u16, *h, &header)?;
        }
    }
    r += 1;
    if f.rules.is_empty() {
        ws.merge_range(r, 0, r, 4, "没有错误和警告", &center)?;
        r += 1;
    }
    for (i, (rule, n, deps)) in f.rules.iter().enumerate() {
        ws.write_number_with_format(r, 0, (i + 1) as f64, &center)?;
        ws.write_string_with_format(r, 1, rule, &border)?;
        ws.write_number_with_format(r, 2, *n as f64, &center)?;
        ws.merge_range(r, 3, r, 4, "", &center)?;
        ws.write_number_with_format(r, 3, *deps as f64, &center)?;
        r += 1;
    }
    ws.merge_range(
        r,
        0,
        r,
        6,
        "四、部门排名（按复核总分，同分同名次）",
        &section,
    )?;
    r += 1;
    debug_assert_eq!(r as usize, top.heights.len());
    // The grade chart, beside 概况 (columns E–G).
    if !batch.departments.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name("各等级部门数")
            .set_font(rust_xlsxwriter::ChartFont::new().set_size(10).set_bold());
        let n = Grade::ALL.len() as u32;
        chart
            .add_series()
            .set_categories((NAME, grades_at, 0, grades_at + n - 1, 0))
            .set_values((NAME, grades_at, 2, grades_at + n - 1, 2))
            .set_data_label(ChartDataLabel::new().show_value());
        chart.legend().set_hidden();
        chart.y_axis().set_min(0).set_num_format("0");
        chart.set_width(chart_px()).set_height(200);
        ws.insert_chart_with_offset(3, 4, &chart, CHART_OFFSET, 2)?;
    }
    // The ranked list.
    let head = r;
    for (c, h) in ["名次", "部门", "复核总分", "等级", "执行率", "错误", "警告"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(head, c as u16, *h, &header)?;
    }
    ws.set_row_height_pixels(head, LIST_HEAD_PX)?;
    let summaries = batch.departments.summaries();
    let order = ranked_order(batch);
    // The 执行率 the compute stage gave each department (as 汇总表 shows it).
    let rates: Vec<Option<rust_decimal::Decimal>> = batch
        .departments
        .runs_in(order.clone(), crate::store::Parts::FIGURES, |_, d| {
            d.review.funds[0].rate
        })
        .flatten()
        .collect();
    let dash = border.clone().set_align(FormatAlign::Right);
    for (k, &i) in order.iter().enumerate() {
        let s = &summaries[i];
        let row = head + 1 + k as u32;
        ws.set_row_height_pixels(row, list_row_px(&s.name))?;
        match s.rank {
            Some(p) => ws.write_number_with_format(row, 0, f64::from(p), &center)?,
            None => ws.write_blank(row, 0, &center)?,
        };
        ws.write_string_with_format(row, 1, crate::write::excel_text(&s.name), &wrap)?;
        match s.total {
            Some(t) => ws.write_number_with_format(row, 2, f64_of(t), &score)?,
            None => ws.write_blank(row, 2, &score)?,
        };
        ws.write_string_with_format(row, 3, s.grade.map_or("", Grade::label), &center)?;
        match rates[k] {
            Some(v) => ws.write_number_with_format(row, 4, f64_of(v), &rate)?,
            None => ws.write_string_with_format(row, 4, "--", &dash)?,
        };
        let count = |sev: Severity| s.finding_counts[sev as usize] as f64;
        ws.write_number_with_format(row, 5, count(Severity::Error), &center)?;
        ws.write_number_with_format(row, 6, count(Severity::Warning), &center)?;
    }
    let plan = print::plan(&WIDTHS, 0, &[], &rows(&top, list_heights(batch)));
    print::apply(ws, &plan, 0, head + 1)?;
    ws.set_repeat_rows(head, head)?;
    let last = head + order.len().max(1) as u32;
    ws.set_print_area(0, 0, last, 6)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_tab_color("#2F75B5");
    Ok(())
}
