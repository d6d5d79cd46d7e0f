//! Rules on the scoring table: `POINTS-TOTAL`, `UNKNOWN-INDICATOR`,
//! `MISSING-INDICATOR`, `SCORE-RANGE`, `SCORE-TOTAL`, `SCORE-REVIEW`,
//! `GRADE-DECLARED`, and `NEGATIVE` for points and the 自评总分. A negative
//! 自评得分 is reported once, as `SCORE-RANGE` (below 0).

use super::Ctx;
use crate::model::*;
use crate::num::{money, plain};
use rust_decimal::Decimal;

fn points(ctx: &mut Ctx<'_>) {
    let d = ctx.d;
    let f = &d.form;
    let mut declared_sum = Decimal::ZERO;
    let mut any = false;
    for r in &f.indicators {
        let Some(p) = &r.points else { continue };
        declared_sum += p.value;
        any = true;
        if p.value < Decimal::ZERO {
            ctx.raise(
                Rule::Negative,
                Severity::Error,
                Some(p.at),
                format!("“{}”的分值为负数（{}）", r.level3, plain(p.value)),
                Some(plain(p.value)),
                None,
            );
        }
        let Some(i) = r.scheme_index else { continue };
        let expected = ctx.scheme.indicators[i].points;
        if p.value != expected {
            ctx.raise(
                Rule::PointsTotal,
                Severity::Error,
                Some(p.at),
                format!(
                    "“{}”的分值填 {}，指标体系规定为 {}",
                    r.level3,
                    plain(p.value),
                    plain(expected)
                ),
                Some(plain(p.value)),
                Some(plain(expected)),
            );
        }
    }
    levels(ctx);
    let f = &ctx.d.form;
    let hundred = ctx
        .scheme
        .form_rows
        .as_ref()
        .map_or(Decimal::ONE_HUNDRED, |r| r.points_total);
    if any && declared_sum != hundred {
        let at = f
            .declared_points_total
            .as_ref()
            .map(|p| p.at)
            .or(f.indicator_table);
        ctx.raise(
            Rule::PointsTotal,
            Severity::Error,
            at,
            format!(
                "各指标分值之和为 {}，应为 {}",
                plain(declared_sum),
                plain(hundred)
            ),
            Some(plain(declared_sum)),
            Some(plain(hundred)),
        );
    } else if let Some(total) = f
        .declared_points_total
        .as_ref()
        .filter(|t| t.value != hundred)
    {
        ctx.raise(
            Rule::PointsTotal,
            Severity::Error,
            Some(total.at),
            format!("总分的分值填 {}，应为 100", plain(total.value)),
            Some(plain(total.value)),
            Some("100".into()),
        );
    }
}

/// Points written for a level (in its name, `产出指标（60分）`, or its own 分值
/// column) against its children, level by level: a 二级's against its rows, a 一级's
/// against its 二级s where they are written, else against its rows.
fn levels(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    let row_points = |pred: &dyn Fn(&IndicatorRow) -> bool| -> Decimal {
        f.indicators
            .iter()
            .filter(|r| !r.budget && pred(r))
            .filter_map(|r| r.points.as_ref().map(|p| p.value))
            .sum()
    };
    let mut wrong = Vec::new();
    for l2 in &f.level2_points {
        let sum = row_points(&|r| r.level1 == l2.level1 && r.level2 == l2.level2);
        wrong.push((&l2.level2, &l2.points, sum));
    }
    for (name, label) in &f.level1_points {
        let written: Vec<&Level2Points> = f
            .level2_points
            .iter()
            .filter(|p| &p.level1 == name)
            .collect();
        let sum = written.iter().map(|p| p.points.value).sum::<Decimal>()
            + row_points(&|r| &r.level1 == name && !written.iter().any(|p| p.level2 == r.level2));
        wrong.push((name, label, sum));
    }
    // The rows a department names under a level of the scheme: their 分值 add up
    // to the level's points.
    for (g, own) in ctx.scheme.department_rows.iter().enumerate() {
        let rows: Vec<&IndicatorRow> = f
            .indicators
            .iter()
            .filter(|r| ctx.scheme.department_rows_of(r) == Some(g))
            .collect();
        let Some(first) = rows.first() else { continue };
        let sum: Decimal = rows
            .iter()
            .filter_map(|r| r.points.as_ref().map(|p| p.value))
            .sum();
        if sum != own.points {
            let at = first
                .points
                .as_ref()
                .map_or(CellPos::new(first.row, first.name_col), |p| p.at);
            ctx.raise(
                Rule::PointsTotal,
                Severity::Error,
                Some(at),
                format!(
                    "“{}”下部门自定的指标分值之和为 {}，指标体系规定为 {}",
                    own.name(),
                    plain(sum),
                    plain(own.points)
                ),
                Some(plain(sum)),
                Some(plain(own.points)),
            );
        }
    }
    // In the form's order: by the label's cell.
    wrong.sort_by_key(|(_, label, _)| label.at);
    for (name, label, sum) in wrong {
        if sum != label.value {
            ctx.raise(
                Rule::PointsTotal,
                Severity::Error,
                Some(label.at),
                format!(
                    "“{name}”标明 {} 分，其下各指标分值之和为 {}",
                    plain(label.value),
                    plain(sum)
                ),
                Some(plain(label.value)),
                Some(plain(sum)),
            );
        }
    }
}

fn matching(ctx: &mut Ctx<'_>) {
    if ctx.scheme.form_rows.is_some() {
        return; // The form's own rows are the indicators: none is unknown or missing.
    }
    let f = &ctx.d.form;
    let scheme = ctx.scheme;
    let unknown =
        |r: &&IndicatorRow| r.scheme_index.is_none() && scheme.department_rows_of(r).is_none();
    for r in f.indicators.iter().filter(unknown) {
        ctx.raise(
            Rule::UnknownIndicator,
            Severity::Warning,
            Some(CellPos::new(r.row, r.name_col)),
            format!(
                "指标“{}”不在指标体系“{}”中，已列出但不计分",
                r.level3, ctx.scheme.name
            ),
            None,
            None,
        );
    }
    if f.indicator_table.is_none() {
        return; // MISSING-FIELD already says the whole table is absent.
    }
    for (k, g) in scheme.department_rows.iter().enumerate() {
        if !f
            .indicators
            .iter()
            .any(|r| scheme.department_rows_of(r) == Some(k))
        {
            ctx.raise(
                Rule::MissingIndicator,
                Severity::Error,
                f.indicator_table,
                format!(
                    "缺少“{}”下部门自定的指标（共 {} 分）",
                    g.name(),
                    plain(g.points)
                ),
                None,
                None,
            );
        }
    }
    for (i, def) in ctx.scheme.indicators.iter().enumerate() {
        if !f.indicators.iter().any(|r| r.scheme_index == Some(i)) {
            ctx.raise(
                Rule::MissingIndicator,
                Severity::Error,
                f.indicator_table,
                format!(
                    "缺少指标“{}”（{}／{}，{} 分）",
                    def.level3,
                    def.level1,
                    def.level2,
                    plain(def.points)
                ),
                None,
                None,
            );
        }
    }
}

fn self_scores(ctx: &mut Ctx<'_>) {
    let d = ctx.d;
    let f = &d.form;
    for r in &f.indicators {
        let Some(s) = &r.self_score else { continue };
        let own = ctx
            .scheme
            .department_rows_of(r)
            .map(|g| ctx.scheme.department_rows[g].points);
        let max = match r.scheme_index {
            Some(i) => ctx.scheme.indicators[i].points,
            None => match (&r.points, own) {
                (Some(p), _) => p.value,
                (None, Some(level)) => level,
                (None, None) => continue,
            },
        };
        if s.value < Decimal::ZERO || s.value > max {
            ctx.raise(
                Rule::ScoreRange,
                Severity::Error,
                Some(s.at),
                format!(
                    "“{}”的自评得分 {} 超出 0 至分值 {} 的范围",
                    r.level3,
                    money(s.value),
                    plain(max)
                ),
                Some(money(s.value)),
                Some(plain(max)),
            );
        }
    }
    for scored in &d.review.indicators {
        let (Some(computed), Some(row)) = (scored.computed, scored.row) else {
            continue;
        };
        let r = &f.indicators[row];
        let Some(s) = &r.self_score else { continue };
        if (s.value - computed).abs() > ctx.tol.score_review {
            ctx.raise(
                Rule::ScoreReview,
                Severity::Warning,
                Some(s.at),
                format!(
                    "“{}”自评 {} 分，复核为 {} 分",
                    r.level3,
                    money(s.value),
                    money(computed)
                ),
                Some(money(s.value)),
                Some(money(computed)),
            );
        }
    }
}

fn totals(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    let Some(total) = &f.self_total else { return };
    if total.value < Decimal::ZERO {
        ctx.raise(
            Rule::Negative,
            Severity::Error,
            Some(total.at),
            "自评总分为负数".into(),
            Some(money(total.value)),
            None,
        );
    }
    let scores: Vec<Decimal> = f
        .indicators
        .iter()
        .filter_map(|r| value_of(&r.self_score))
        .collect();
    if !scores.is_empty() {
        let sum: Decimal = scores.iter().sum();
        if (total.value - sum).abs() > ctx.tol.money {
            ctx.raise(
                Rule::ScoreTotal,
                Severity::Warning,
                Some(total.at),
                format!(
                    "自评总分填 {}，各项自评得分之和为 {}",
                    money(total.value),
                    money(sum)
                ),
                Some(money(total.value)),
                Some(money(sum)),
            );
        }
    }
    let Some(declared) = &f.declared_grade else {
        return;
    };
    let expected = ctx.scheme.grade(total.value);
    match Grade::parse(&declared.value) {
        Some(g) if g == expected => {}
        parsed => {
            let what = if parsed.is_some() {
                "不符"
            } else {
                "无法识别"
            };
            ctx.raise(
                Rule::GradeDeclared,
                Severity::Warning,
                Some(declared.at),
                format!(
                    "评价等级填“{}”，与自评总分 {} 对应的等级“{}”{what}",
                    declared.value,
                    money(total.value),
                    expected.label()
                ),
                Some(declared.value.clone()),
                Some(expected.label().to_string()),
            );
        }
    }
}

/// Run the scoring-table rules.
pub fn check(ctx: &mut Ctx<'_>) {
    points(ctx);
    matching(ctx);
    self_scores(ctx);
    totals(ctx);
}
