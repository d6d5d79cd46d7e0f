//! The sections of the 自评表 in the canonical layout: 一–三 (money, 三公, assets,
//! the overall goal), 四 (goals) and 五 (indicator scores, total, grade).

use super::sheet::{Sheet, LAST_COL};
use crate::model::*;
use crate::scheme::Scheme;
use rust_xlsxwriter::XlsxError;

/// Merge a column over rows `first..=last` when they share one value.
fn merge_down(
    s: &mut Sheet,
    col: u16,
    first: u32,
    last: u32,
    value: &str,
) -> Result<(), XlsxError> {
    if first < last {
        s.ws.merge_range(
            first,
            col,
            last,
            col,
            &crate::write::excel_text(value),
            &s.look.label,
        )?;
    } else if value.is_empty() {
        // An empty 二级指标 of a goal row is for the department to fill.
        s.text(first, col, value)?;
    } else {
        s.ws.write_string_with_format(first, col, crate::write::excel_text(value), &s.look.label)?;
    }
    Ok(())
}

/// Runs of equal values in a column: (first index, last index, value).
fn runs<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(usize, usize, &'a str)> {
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    for (i, v) in values.enumerate() {
        match out.last_mut() {
            Some(last) if last.2 == v && !v.is_empty() => last.1 = i,
            _ => out.push((i, i, v)),
        }
    }
    out
}

/// Write section 一–三 (rows 1–28 of the canonical layout).
pub(super) fn top(s: &mut Sheet, form: &Form, year: Option<i32>) -> Result<(), XlsxError> {
    s.ws.merge_range(0, 0, 0, LAST_COL, "部门整体支出绩效自评表", &s.look.title)?;
    let year_text = year.map_or("（    年度）".to_string(), |y| format!("（{y}年度）"));
    s.ws.merge_range(1, 0, 1, LAST_COL, &year_text, &s.look.center)?;
    s.place(form.year.as_ref().map(|y| y.at), 1, 0, |l| &l.center);
    s.place(form.name_at, 3, 1, |l| &l.text);
    s.place(form.subordinate_units.as_ref().map(|u| u.at), 4, 1, |l| {
        &l.int
    });
    s.ws.write_string(2, 0, "填报单位（盖章）：")?;
    s.ws.write_string(2, LAST_COL, "单位：万元")?;

    s.label(3, 0, 0, "部门名称")?;
    s.merged_text(3, 1, 5, &form.name)?;
    s.label(3, 6, 6, "预算单位编码")?;
    s.declared_text(3, 7, 9, &form.code)?;
    s.label(4, 0, 0, "所属下级预算单位数量")?;
    match &form.subordinate_units {
        Some(u) => s.ws.write_number_with_format(4, 1, u.value, &s.look.int)?,
        None => s.ws.write_blank(4, 1, &s.look.int)?,
    };
    s.label(4, 2, 2, "填报人")?;
    s.declared_text(4, 3, 3, &form.filler.name)?;
    s.label(4, 4, 4, "联系电话")?;
    s.declared_text(4, 5, 5, &form.filler.phone)?;
    s.label(4, 6, 6, "填报日期")?;
    s.declared_text(4, 7, 9, &form.filler.date)?;

    s.section(5, "一、年度预算执行情况")?;
    s.header(
        6,
        &[
            (0, 1, "资金类别"),
            (2, 2, "年初预算数"),
            (3, 3, "全年预算数"),
            (4, 4, "全年执行数"),
            (5, 5, "执行率"),
            (6, 9, "说明"),
        ],
    )?;
    let labels = [
        "年度资金总额",
        "其中：一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "其他资金",
        "按支出性质：基本支出",
        "项目支出",
    ];
    for (i, kind) in FundKind::CANONICAL.iter().enumerate() {
        let row = 7 + i as u32;
        let fr = form.fund(*kind);
        s.label(row, 0, 1, labels[i])?;
        s.money(row, 2, &fr.initial)?;
        s.money(row, 3, &fr.budget)?;
        s.money(row, 4, &fr.spent)?;
        s.declared_rate(row, 5, &fr.declared_rate)?;
        s.merged_text(row, 6, 9, "")?;
    }
    s.label(14, 0, 1, "年末结转和结余")?;
    s.money(14, 2, &form.carryover)?;
    s.blank_row(14, 3)?;

    s.section(15, "二、“三公”经费、政府采购及资产情况")?;
    s.header(
        16,
        &[
            (0, 1, "项目"),
            (2, 2, "预算数"),
            (3, 3, "执行数"),
            (4, 4, "执行率"),
            (5, 9, "说明"),
        ],
    )?;
    for (i, kind) in SangongKind::ALL.iter().enumerate() {
        let row = 17 + i as u32;
        let line = form.sangong(*kind);
        s.label(row, 0, 1, kind.label())?;
        s.money(row, 2, &line.budget)?;
        s.money(row, 3, &line.spent)?;
        s.declared_rate(row, 4, &line.declared_rate)?;
        s.merged_text(row, 5, 9, "")?;
    }
    s.label(23, 0, 1, "政府采购")?;
    s.money(23, 2, &form.procurement.budget)?;
    s.money(23, 3, &form.procurement.spent)?;
    s.declared_rate(23, 4, &form.procurement.declared_rate)?;
    s.merged_text(23, 5, 9, "预算数为政府采购预算，执行数为实际采购金额")?;
    s.label(24, 0, 1, "年末资产总额")?;
    s.money(24, 2, &form.assets.total)?;
    s.label(24, 3, 3, "固定资产原值")?;
    s.money(24, 4, &form.assets.fixed_original)?;
    s.label(24, 5, 5, "在用固定资产原值")?;
    s.money(24, 6, &form.assets.fixed_in_use)?;
    s.blank_row(24, 7)?;

    s.section(25, "三、年度总体绩效目标")?;
    s.label(26, 0, 0, "年度总体目标")?;
    s.declared_text(26, 1, 9, &form.text.overall_goal)?;
    s.label(27, 0, 0, "实际完成情况")?;
    s.declared_text(27, 1, 9, &form.text.achievement)?;
    s.ws.set_row_height(26, 48)?;
    s.ws.set_row_height(27, 48)?;
    Ok(())
}

/// The first goal row of section 四 (0-based).
pub(super) const GOAL_START: u32 = 30;

/// Section 四 from row 28 (0-based); returns the next free row.
pub(super) fn goals(s: &mut Sheet, form: &Form) -> Result<u32, XlsxError> {
    s.section(28, "四、部门整体绩效目标指标完成情况")?;
    s.header(
        29,
        &[
            (0, 0, "一级指标"),
            (1, 1, "二级指标"),
            (2, 3, "三级指标"),
            (4, 4, "指标性质"),
            (5, 5, "计量单位"),
            (6, 6, "年度目标值"),
            (7, 7, "实际完成值"),
            (8, 8, "完成率"),
            (9, 9, "偏差原因"),
        ],
    )?;
    let first = GOAL_START;
    for (col, values) in [
        (0u16, runs(form.goals.iter().map(|g| g.level1.as_str()))),
        (1u16, runs(form.goals.iter().map(|g| g.level2.as_str()))),
    ] {
        for (a, b, v) in values {
            merge_down(s, col, first + a as u32, first + b as u32, v)?;
        }
    }
    for (i, g) in form.goals.iter().enumerate() {
        let row = first + i as u32;
        s.ws.merge_range(row, 2, row, 3, &g.name, &s.look.text)?;
        s.text(row, 4, g.direction.map_or("", Direction::symbol))?;
        s.text(row, 5, &g.unit)?;
        s.goal_value(row, 6, g.target.as_ref())?;
        s.goal_value(row, 7, g.actual.as_ref())?;
        s.declared_rate(row, 8, &g.declared_completion)?;
        s.text(row, 9, &g.reason)?;
    }
    Ok(first + form.goals.len() as u32)
}

/// Section 五 and the closing text from `start`.
/// Where section 五 put each indicator row (index into [`Form::indicators`], row)
/// and the 总分 row.
pub(in crate::write) struct ScoringRows {
    pub(in crate::write) rows: Vec<(usize, u32)>,
    pub(in crate::write) total: u32,
}

pub(super) fn scoring(
    s: &mut Sheet,
    form: &Form,
    scheme: &Scheme,
    start: u32,
) -> Result<ScoringRows, XlsxError> {
    s.section(start, "五、绩效评价指标得分")?;
    s.header(
        start + 1,
        &[
            (0, 0, "一级指标"),
            (1, 1, "二级指标"),
            (2, 3, "三级指标"),
            (4, 4, "分值"),
            (5, 5, "年度目标值"),
            (6, 6, "实际完成值"),
            (7, 7, "完成率"),
            (8, 8, "自评得分"),
            (9, 9, "扣分原因"),
        ],
    )?;
    let first = start + 2;
    // The form's rows in scheme order, then rows that match no indicator of the
    // scheme (kept, as the department wrote them).
    let mut order: Vec<usize> = Vec::new();
    for i in 0..scheme.indicators.len() {
        order.extend(
            (0..form.indicators.len()).filter(|&k| form.indicators[k].scheme_index == Some(i)),
        );
    }
    order.extend((0..form.indicators.len()).filter(|&k| form.indicators[k].scheme_index.is_none()));
    let rows: Vec<&IndicatorRow> = order.iter().map(|&k| &form.indicators[k]).collect();
    let names = |r: &IndicatorRow| -> (String, String) {
        match r.scheme_index {
            Some(i) => (
                scheme.indicators[i].level1.clone(),
                scheme.indicators[i].level2.clone(),
            ),
            None => (r.level1.clone(), r.level2.clone()),
        }
    };
    let (level1, level2): (Vec<String>, Vec<String>) = rows.iter().map(|r| names(r)).unzip();
    let (level1, level2): (Vec<&str>, Vec<&str>) = (
        level1.iter().map(String::as_str).collect(),
        level2.iter().map(String::as_str).collect(),
    );
    for (col, values) in [
        (0u16, runs(level1.into_iter())),
        (1u16, runs(level2.into_iter())),
    ] {
        for (a, b, v) in values {
            merge_down(s, col, first + a as u32, first + b as u32, v)?;
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let row = first + i as u32;
        let name = r
            .scheme_index
            .map_or(&r.level3, |k| &scheme.indicators[k].level3);
        s.ws.merge_range(row, 2, row, 3, name, &s.look.label)?;
        s.declared_score(row, 4, &r.points)?;
        s.goal_value(row, 5, r.target.as_deref())?;
        s.goal_value(row, 6, r.actual.as_deref())?;
        s.declared_rate(row, 7, &r.declared_completion)?;
        s.declared_score(row, 8, &r.self_score)?;
        s.text(row, 9, &r.reason)?;
    }
    let total = first + rows.len() as u32;
    s.ws.merge_range(total, 0, total, 3, "总分", &s.look.label)?;
    s.declared_score(total, 4, &form.declared_points_total)?;
    s.merged_text(total, 5, 7, "")?;
    s.declared_score(total, 8, &form.self_total)?;
    s.text(total, 9, "")?;
    s.ws.merge_range(total + 1, 0, total + 1, 3, "评价等级", &s.look.label)?;
    s.declared_text(total + 1, 4, 9, &form.declared_grade)?;
    s.label(total + 2, 0, 0, "存在的主要问题")?;
    s.declared_text(total + 2, 1, 9, &form.text.problems)?;
    s.label(total + 3, 0, 0, "下一步改进措施")?;
    s.declared_text(total + 3, 1, 9, &form.text.measures)?;
    s.ws.set_row_height(total + 2, 48)?;
    s.ws.set_row_height(total + 3, 48)?;
    Ok(ScoringRows {
        rows: order.into_iter().zip(first..).collect(),
        total,
    })
}
