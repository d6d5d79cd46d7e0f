//! 指标得分 and 目标完成: one row per indicator or goal of each department.

use super::*;

fn goal_value(v: Option<&Located<GoalValue>>) -> Cell {
    opt_text(v.as_ref().map(|v| v.value.raw.as_str()))
}

/// The 指标得分 rows of one department: its scored indicators, then the rows that
/// matched no indicator of the scheme.
fn indicator_rows(d: &Department, scheme: &Scheme) -> Vec<Vec<Cell>> {
    let f = &d.form;
    let mut rows = Vec::new();
    for s in &d.review.indicators {
        let def = scheme.describe(s, f);
        let row = s.row.map(|i| &f.indicators[i]);
        let has_rates = def.rates;
        let (target, actual) = if has_rates {
            (
                Cell::Value(Value::Rate(s.target)),
                Cell::Value(Value::Rate(s.actual)),
            )
        } else {
            (
                row.map_or(Cell::Value(Value::Empty), |r| {
                    goal_value(r.target.as_deref())
                }),
                row.map_or(Cell::Value(Value::Empty), |r| {
                    goal_value(r.actual.as_deref())
                }),
            )
        };
        let self_score = row.and_then(|r| value_of(&r.self_score));
        let completion = if s.completion.is_some() || has_rates {
            Cell::Value(Value::Rate(s.completion))
        } else {
            Cell::Value(Value::Empty)
        };
        rows.push(vec![
            text(&f.name),
            text(def.level1),
            text(def.level2),
            text(def.level3),
            score(def.points),
            target,
            actual,
            completion,
            score(self_score),
            score(s.score),
            match (s.score, self_score) {
                (Some(sc), Some(v)) => Cell::Formula {
                    formula: "=J{r}-I{r}".into(),
                    cached: Value::Score(sc - v),
                },
                _ => Cell::Value(Value::Empty),
            },
            opt_text(row.map(|r| r.reason.as_str()).filter(|r| !r.is_empty())),
        ]);
    }
    for r in d.unscored_rows() {
        rows.push(vec![
            text(&f.name),
            text(&r.level1),
            text(&r.level2),
            text(format!("{}（未匹配指标体系，不计分）", r.level3)),
            score(value_of(&r.points)),
            goal_value(r.target.as_deref()),
            goal_value(r.actual.as_deref()),
            Cell::Value(Value::Empty),
            score(value_of(&r.self_score)),
            Cell::Value(Value::Empty),
            Cell::Value(Value::Empty),
            opt_text(Some(r.reason.as_str()).filter(|r| !r.is_empty())),
        ]);
    }
    rows
}

/// 指标得分: department × scoring indicator (unmatched rows shown, not scored).
pub fn indicators<'a>(batch: &'a Batch, scheme: &'a Scheme) -> Table<'a> {
    let columns = [
        "部门",
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度目标值",
        "实际完成值",
        "完成率",
        "自评得分",
        "复核得分",
        "差异",
        "扣分原因",
    ];
    let rows = by_department(batch, Parts::INDICATORS, move |_, d| {
        indicator_rows(&d, batch.scheme_for(&d.form.layout, scheme))
    });
    let len = batch
        .departments
        .summaries()
        .iter()
        .map(|k| k.indicator_rows)
        .sum();
    let mut table = Table::new(
        "指标得分",
        title(batch, "指标得分明细"),
        &columns,
        len,
        rows,
    );
    table.reference = true;
    table.blocks = by_name_blocks(batch, |k| k.indicator_rows);
    table
}

/// Each department's number of rows, in name order (the detail sheets' blocks:
/// a department prints on one page when it fits on one).
fn by_name_blocks(batch: &Batch, rows: impl Fn(&Summary) -> usize) -> Vec<usize> {
    batch.departments.summaries().iter().map(rows).collect()
}

/// 目标完成: department × goal indicator.
pub fn goals(batch: &Batch) -> Table<'_> {
    let columns = [
        "部门",
        "一级指标",
        "二级指标",
        "指标名称",
        "指标性质",
        "计量单位",
        "年度目标值",
        "实际完成值",
        "完成率",
        "偏差原因",
    ];
    let department_rows = |_, d: Department| -> Rows {
        d.form
            .goals
            .iter()
            .zip(&d.review.goals)
            .map(|(g, r)| {
                vec![
                    text(&d.form.name),
                    text(&g.level1),
                    text(&g.level2),
                    text(&g.name),
                    text(r.direction.symbol()),
                    opt_text(Some(g.unit.as_str()).filter(|u| !u.is_empty())),
                    goal_value(g.target.as_ref()),
                    goal_value(g.actual.as_ref()),
                    Cell::Value(Value::Rate(r.completion)),
                    opt_text(Some(g.reason.as_str()).filter(|u| !u.is_empty())),
                ]
            })
            .collect()
    };
    let rows = by_department(batch, Parts::GOALS, department_rows);
    let len = batch
        .departments
        .summaries()
        .iter()
        .map(|k| k.goal_rows)
        .sum();
    let mut table = Table::new(
        "目标完成",
        title(batch, "绩效目标完成情况"),
        &columns,
        len,
        rows,
    );
    table.reference = true;
    table.blocks = by_name_blocks(batch, |k| k.goal_rows);
    table
}
