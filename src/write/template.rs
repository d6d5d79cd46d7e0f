//! The blank form departments fill (`jixiao template`), written by the canonical
//! form writer in template mode: input cells unlocked and shaded, derived cells
//! (total row, 执行率, 三公 sums, 总分) as live formulas, data validation on every
//! input, the sheet protected so only inputs can be edited.

use super::form::{self, Looks, ScoringRows, Sheet};
use crate::model::*;
use crate::num::{self, ratio};
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Formula, XlsxError};

/// Goal rows offered per 一级 kind in a blank template.
pub const GOAL_ROWS_PER_KIND: usize = 5;

/// 一级 goal kinds and the 二级 options under each (`FORM.md` §1.1).
pub const GOAL_KINDS: [(&str, &[&str]); 3] = [
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// A blank form: every scheme indicator with its points, empty goal rows per kind.
pub fn blank_form(scheme: &Scheme, year: Option<i32>, department: Option<&str>) -> Form {
    let at = CellPos::new(0, 0);
    let mut f = Form::new("", "自评表", department.unwrap_or(""));
    f.year = year.map(|value| Located { value, at });
    for (kind, _) in GOAL_KINDS {
        for _ in 0..GOAL_ROWS_PER_KIND {
            f.goals.push(GoalRow {
                level1: kind.to_string(),
                level2: String::new(),
                name: String::new(),
                direction: None,
                unit: String::new(),
                target: None,
                actual: None,
                declared_completion: None,
                reason: String::new(),
                at,
            });
        }
    }
    f.indicators = scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, def)| IndicatorRow {
            budget: false,
            level1: def.level1.clone(),
            level2: def.level2.clone(),
            level3: def.level3.clone(),
            scheme_index: Some(i),
            points: Some(Located {
                value: def.points,
                at,
            }),
            target: None,
            actual: None,
            declared_completion: None,
            self_score: None,
            reason: String::new(),
            row: 0,
            score_col: 0,
            name_col: 0,
        })
        .collect();
    f.declared_points_total = Some(Located {
        value: Decimal::ONE_HUNDRED,
        at,
    });
    f
}

/// The template (blank or filled) as xlsx bytes.
pub fn template_bytes(form: &Form, scheme: &Scheme) -> Result<Vec<u8>, XlsxError> {
    let mut c = form::canonical(form, scheme, true)?;
    finish(&mut c.sheet, form, scheme, &c.scoring)?;
    form::workbook(Vec::new(), c.sheet)
}

fn computed() -> Looks {
    Looks::new(false)
}

fn shade(f: &Format) -> Format {
    f.clone().set_background_color("#EDEDED")
}

/// Write a formula with its cached value (what Excel would show for these inputs).
fn formula(
    s: &mut Sheet,
    row: u32,
    col: u16,
    text: String,
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    let cached = value.map_or(String::new(), |v| v.normalize().to_string());
    s.ws.write_formula_with_format(
        row,
        col,
        Formula::new(text).set_result(cached),
        &shade(format),
    )?;
    Ok(())
}

fn col(c: u16) -> String {
    column_name(u32::from(c))
}

/// Σ of the values of some amounts (absent counts 0).
fn sum(values: &[&Amount]) -> Decimal {
    values.iter().filter_map(|a| value_of(a)).sum()
}

/// Formulas, locked 分值, validations and protection over the written form.
fn finish(
    s: &mut Sheet,
    form: &Form,
    scheme: &Scheme,
    rows: &ScoringRows,
) -> Result<(), XlsxError> {
    let look = computed();
    // Fund total row (row 8) = 一般公共预算 … 其他资金 (rows 9–12), columns C–E.
    for (c, pick) in [(2u16, 0usize), (3, 1), (4, 2)] {
        let column = |r: &FundRow| match pick {
            0 => r.initial.clone(),
            1 => r.budget.clone(),
            _ => r.spent.clone(),
        };
        let parts: Vec<Amount> = form.funds[1..5].iter().map(column).collect();
        let total = sum(&parts.iter().collect::<Vec<_>>());
        formula(
            s,
            7,
            c,
            format!("=SUM({0}9:{0}12)", col(c)),
            Some(total),
            &look.money,
        )?;
    }
    // 执行率 of every fund row (F8–F14) from its own budget and spent.
    let total_budget = sum(&[
        &form.funds[1].budget,
        &form.funds[2].budget,
        &form.funds[3].budget,
        &form.funds[4].budget,
    ]);
    let total_spent = sum(&[
        &form.funds[1].spent,
        &form.funds[2].spent,
        &form.funds[3].spent,
        &form.funds[4].spent,
    ]);
    for (i, fr) in form.funds.iter().enumerate() {
        let r = 7 + i as u32;
        let (b, sp) = if i == 0 {
            (total_budget, total_spent)
        } else {
            (
                value_of(&fr.budget).unwrap_or_default(),
                value_of(&fr.spent).unwrap_or_default(),
            )
        };
        let n = r + 1;
        formula(
            s,
            r,
            5,
            format!("=IF(N(D{n})=0,\"\",E{n}/D{n})"),
            ratio(sp, b),
            &look.rate,
        )?;
    }
    // 三公: 合计 (row 18) = 出国 + 公务用车 + 接待; 公务用车 (row 20) = 购置 + 运行维护.
    let sg = &form.sangong;
    for (c, budget) in [(2u16, true), (3, false)] {
        let v = |p: &PairRow| {
            if budget {
                p.budget.clone()
            } else {
                p.spent.clone()
            }
        };
        let vehicles = sum(&[&v(&sg[3]), &v(&sg[4])]);
        let total = sum(&[&v(&sg[1]), &v(&sg[5])]) + vehicles;
        let x = col(c);
        formula(
            s,
            19,
            c,
            format!("={x}21+{x}22"),
            Some(vehicles),
            &look.money,
        )?;
        formula(
            s,
            17,
            c,
            format!("={x}19+{x}20+{x}23"),
            Some(total),
            &look.money,
        )?;
    }
    for r in 17..=23u32 {
        let n = r + 1;
        let (b, sp) = match r {
            17 => (
                sum(&[&sg[1].budget, &sg[3].budget, &sg[4].budget, &sg[5].budget]),
                sum(&[&sg[1].spent, &sg[3].spent, &sg[4].spent, &sg[5].spent]),
            ),
            19 => (
                sum(&[&sg[3].budget, &sg[4].budget]),
                sum(&[&sg[3].spent, &sg[4].spent]),
            ),
            23 => (
                value_of(&form.procurement.budget).unwrap_or_default(),
                value_of(&form.procurement.spent).unwrap_or_default(),
            ),
            _ => {
                let p = &sg[(r - 17) as usize];
                (
                    value_of(&p.budget).unwrap_or_default(),
                    value_of(&p.spent).unwrap_or_default(),
                )
            }
        };
        formula(
            s,
            r,
            4,
            format!("=IF(N(C{n})=0,\"\",D{n}/C{n})"),
            ratio(sp, b),
            &look.rate,
        )?;
    }
    // Section 五: 分值 locked from the scheme; 总分 = Σ.
    let first = rows.rows.first().map_or(rows.total, |(_, r)| *r);
    let last = rows.rows.last().map_or(rows.total, |(_, r)| *r);
    let locked_score = look.score.clone();
    let mut self_sum = Decimal::ZERO;
    for (k, row) in &rows.rows {
        let r = &form.indicators[*k];
        let points = r
            .scheme_index
            .map(|i| scheme.indicators[i].points)
            .or(value_of(&r.points));
        match points {
            Some(p) => {
                s.ws.write_number_with_format(*row, 4, num_f64(p), &locked_score)?
            }
            None => s.ws.write_blank(*row, 4, &locked_score)?,
        };
        self_sum += value_of(&r.self_score).unwrap_or_default();
        if let Some(p) = points {
            let dv = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, num_f64(p)))
                .set_error_message(format!("自评得分应在 0 到 {} 分之间", num::plain(p)))?;
            s.ws.add_data_validation(*row, 8, *row, 8, &dv)?;
        }
    }
    let (f1, l1) = (first + 1, last + 1);
    formula(
        s,
        rows.total,
        4,
        format!("=SUM(E{f1}:E{l1})"),
        Some(scheme.indicators.iter().map(|i| i.points).sum()),
        &look.score,
    )?;
    formula(
        s,
        rows.total,
        8,
        format!("=SUM(I{f1}:I{l1})"),
        Some(self_sum),
        &look.score,
    )?;
    validations(s, form, rows)?;
    s.ws.protect();
    Ok(())
}

fn num_f64(d: Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0)
}

fn validations(s: &mut Sheet, form: &Form, rows: &ScoringRows) -> Result<(), XlsxError> {
    let amount = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_message("请填写不小于 0 的金额（万元）")?;
    // (first row, first col, last row, last col), 0-based: fund rows, 结转结余, 三公
    // lines that are inputs, 政府采购, 年末资产.
    for (r0, c0, r1, c1) in [
        (8, 2, 13, 4),
        (14, 2, 14, 2),
        (18, 2, 18, 3),
        (20, 2, 22, 3),
        (23, 2, 23, 3),
        (24, 2, 24, 2),
        (24, 4, 24, 4),
        (24, 6, 24, 6),
    ] {
        s.ws.add_data_validation(r0, c0, r1, c1, &amount)?;
    }
    let units = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message("请填写整数")?;
    s.ws.add_data_validation(4, 1, 4, 1, &units)?;
    if !form.goals.is_empty() {
        let last_goal = 30 + form.goals.len() as u32 - 1;
        let direction = DataValidation::new().allow_list_strings(&["≥", "≤", "=", "定性"])?;
        s.ws.add_data_validation(30, 4, last_goal, 4, &direction)?;
    }
    let grade = DataValidation::new().allow_list_strings(&["优", "良", "中", "差"])?;
    s.ws.add_data_validation(rows.total + 1, 4, rows.total + 1, 4, &grade)?;
    Ok(())
}
