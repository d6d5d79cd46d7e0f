//! The batch as tables, one per sheet of `WORKBOOK.md`. The workbook and the CSV
//! export render the same tables, so they always agree.
//!
//! A derived cell is a [`Cell::Formula`]: an Excel formula over the cells beside it
//! plus the value jixiao computed, which the workbook caches and the CSV prints.

use crate::batch::Batch;
use crate::model::column_name as col;
use crate::model::*;
use crate::scheme::Scheme;
use crate::store::Parts;
use rust_decimal::Decimal;

/// A typed value of a table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text (always written as a string, never as a formula).
    Text(String),
    /// A whole number.
    Int(i64),
    /// 万元, `#,##0.00`.
    Money(Decimal),
    /// A fraction shown as `0.00%`; `None` prints `--` (不可比).
    Rate(Option<Decimal>),
    /// A score, `0.00`.
    Score(Decimal),
}

/// A cell: a value, or a formula with its computed value cached.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A plain value.
    Value(Value),
    /// An Excel formula. `{r}` stands for the cell's own 1-based row, `{first}` and
    /// `{last}` for the first and last data rows of the table.
    Formula {
        /// The formula, starting with `=`.
        formula: String,
        /// The value jixiao computed for it.
        cached: Value,
    },
}

impl Cell {
    /// The value shown (the cached one for a formula).
    pub fn value(&self) -> &Value {
        match self {
            Cell::Value(v) => v,
            Cell::Formula { cached, .. } => cached,
        }
    }
}

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Value(Value::Text(s.into()))
}

pub(super) fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Value(Value::Empty), text)
}

fn money(a: Option<Decimal>) -> Cell {
    Cell::Value(a.map_or(Value::Empty, Value::Money))
}

fn score(s: Option<Decimal>) -> Cell {
    Cell::Value(s.map_or(Value::Empty, Value::Score))
}

fn int(n: i64) -> Cell {
    Cell::Value(Value::Int(n))
}

/// `=IF(N(D{r})=0,"--",E{r}/D{r})` with its cached rate.
fn rate_formula(num_col: usize, den_col: usize, cached: Option<Decimal>) -> Cell {
    let (n, d) = (col(num_col as u32), col(den_col as u32));
    Cell::Formula {
        formula: format!("=IF(N({d}{{r}})=0,\"--\",{n}{{r}}/{d}{{r}})"),
        cached: Value::Rate(cached),
    }
}

/// `=SUM(D{first}:D{last})` with its cached sum.
fn sum_formula(column: usize, cached: Value) -> Cell {
    let c = col(column as u32);
    Cell::Formula {
        formula: format!("=SUM({c}{{first}}:{c}{{last}})"),
        cached,
    }
}

/// A column group spanning several columns in a row above the headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// First column (0-based).
    pub first: usize,
    /// Last column (0-based, inclusive).
    pub last: usize,
    /// Label.
    pub label: String,
}

/// A run of consecutive rows of a table.
pub type Rows = Vec<Vec<Cell>>;

/// Produces a table's data rows, a run at a time (made in parallel), from the
/// first each time it is called.
pub type RowSource<'a> = Box<dyn Fn() -> Box<dyn Iterator<Item = Rows> + 'a> + Sync + 'a>;

/// The rows `make` gives each department (with its 0-based position in the
/// batch), a run of departments at a time, decoded and made in parallel.
fn by_department<'a>(
    batch: &'a Batch,
    parts: Parts,
    make: impl Fn(usize, Department) -> Rows + Sync + Copy + 'a,
) -> RowSource<'a> {
    Box::new(move || {
        Box::new(
            batch
                .departments
                .runs(parts, make)
                .map(|run| run.into_iter().flatten().collect()),
        )
    })
}

/// One sheet's table. Its rows are made on demand, never held all at once: a
/// province's 指标得分 has over a million of them.
pub struct Table<'a> {
    /// Sheet name (also the CSV file's name).
    pub name: String,
    /// Title printed above the table.
    pub title: String,
    /// Whether money appears (`单位：万元` under the title).
    pub money: bool,
    /// Column groups above the headers.
    pub groups: Vec<Group>,
    /// Column headers.
    pub columns: Vec<String>,
    /// How many data rows [`Table::rows`] gives (known before they are made, so
    /// that a long table's sheets can be laid out first).
    pub len: usize,
    /// The data rows.
    rows: RowSource<'a>,
    /// A 合计 row after the data, outside the autofilter.
    pub total: Option<Vec<Cell>>,
}

impl<'a> Table<'a> {
    /// A table without groups or total whose rows `rows` makes.
    pub(crate) fn new(
        name: &str,
        title: String,
        columns: &[&str],
        len: usize,
        rows: RowSource<'a>,
    ) -> Table<'a> {
        Table {
            name: name.to_string(),
            title,
            money: false,
            groups: Vec::new(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            len,
            rows,
            total: None,
        }
    }

    /// The data rows, from the first.
    pub fn rows(&self) -> impl Iterator<Item = Vec<Cell>> + 'a {
        (self.rows)().flatten()
    }

    /// The data rows in runs, from the first (for work on a run in parallel).
    pub fn runs(&self) -> impl Iterator<Item = Rows> + 'a {
        (self.rows)()
    }

    /// The full header of a column: its group and its own header.
    pub fn full_header(&self, column: usize) -> String {
        match self
            .groups
            .iter()
            .find(|g| (g.first..=g.last).contains(&column))
        {
            Some(g) => format!("{}·{}", g.label, self.columns[column]),
            None => self.columns[column].clone(),
        }
    }
}

pub(super) fn title(batch: &Batch, what: &str) -> String {
    let district = batch.district_name.clone().unwrap_or_default();
    match batch.year {
        Some(y) => format!("{district}{y}年度部门整体支出绩效自评{what}"),
        None => format!("{district}部门整体支出绩效自评{what}"),
    }
}

fn errors_warnings(counts: &[usize; 3]) -> (i64, i64) {
    let count = |s: Severity| counts[s as usize] as i64;
    (count(Severity::Error), count(Severity::Warning))
}

/// The sums of a table's Money and Int columns (for its 合计 row).
fn column_sums(rows: impl Iterator<Item = Vec<Cell>>, n: usize) -> (Vec<Decimal>, Vec<i64>) {
    let (mut money, mut ints) = (vec![Decimal::ZERO; n], vec![0; n]);
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            match cell.value() {
                Value::Money(m) => money[c] += m,
                Value::Int(i) => ints[c] += i,
                _ => {}
            }
        }
    }
    (money, ints)
}

/// 汇总表: one row per department, then a 合计 row.
pub fn summary<'a>(batch: &'a Batch, scheme: &'a Scheme) -> Table<'a> {
    let level1 = scheme.level1();
    let level2 = scheme.level2();
    let mut columns: Vec<String> = [
        "序号",
        "部门名称",
        "下级单位数",
        "全年预算数",
        "全年执行数",
        "执行率",
    ]
    .map(String::from)
    .to_vec();
    columns.extend(
        level1
            .iter()
            .map(|(n, p)| format!("{n}（{}分）", crate::num::plain(*p))),
    );
    columns.extend(
        level2
            .iter()
            .map(|(n, p)| format!("{n}（{}分）", crate::num::plain(*p))),
    );
    let c_self = columns.len();
    columns.extend(
        [
            "自评总分",
            "复核总分",
            "差异",
            "等级",
            "排名",
            "错误数",
            "警告数",
            "源文件",
        ]
        .map(String::from),
    );
    let (c_review, c_err) = (c_self + 1, c_self + 5);
    let row = move |i: usize, d: Department| {
        let f = &d.form;
        let s = &d.review.scores;
        let total = f.fund(FundKind::Total);
        let mut row = vec![
            int(i as i64 + 1),
            text(&f.name),
            Cell::Value(
                f.subordinate_units
                    .as_ref()
                    .map_or(Value::Empty, |u| Value::Int(u.value.into())),
            ),
            money(value_of(&total.budget)),
            money(value_of(&total.spent)),
            rate_formula(4, 3, d.review.funds[0].rate),
        ];
        // The columns are the main scheme's levels; a department scored under
        // another scheme (another layout's) fills those it shares by name.
        let by_name = |list: &[(String, Option<Decimal>, Decimal)], name: &str| {
            score(
                list.iter()
                    .find(|(n, _, _)| n == name)
                    .and_then(|(_, v, _)| *v),
            )
        };
        let (level1, level2) = scheme.levels();
        row.extend(level1.iter().map(|(n, _)| by_name(&s.by_level1, n)));
        row.extend(level2.iter().map(|(n, _)| by_name(&s.by_level2, n)));
        let self_total = value_of(&f.self_total);
        row.push(score(self_total));
        row.push(score(s.total));
        row.push(match s.difference {
            Some(diff) => Cell::Formula {
                formula: format!("={}{{r}}-{}{{r}}", col(c_review as u32), col(c_self as u32)),
                cached: Value::Score(diff),
            },
            None => Cell::Value(Value::Empty),
        });
        row.push(opt_text(s.grade.map(Grade::label)));
        row.push(s.rank.map_or(Cell::Value(Value::Empty), |r| int(r.into())));
        let (e, w) = errors_warnings(&d.finding_counts);
        row.push(int(e));
        row.push(int(w));
        row.push(text(&f.file));
        row
    };
    let rows = by_department(batch, Parts::FIGURES, move |i, d| vec![row(i, d)]);
    let dist = &batch.district;
    let (_, ints) = column_sums(rows().flatten(), columns.len());
    let mut total = vec![Cell::Value(Value::Empty); columns.len()];
    total[1] = text("合计");
    total[2] = sum_formula(2, Value::Int(ints[2]));
    if dist.unit_suspect == 0 {
        total[3] = sum_formula(3, Value::Money(dist.budget));
        total[4] = sum_formula(4, Value::Money(dist.spent));
    } else {
        // A sum formula would add the amounts left out: the figures stand as values.
        total[1] = text(format!(
            "合计（不含 {} 个金额单位存疑的部门）",
            dist.unit_suspect
        ));
        total[3] = money(Some(dist.budget));
        total[4] = money(Some(dist.spent));
    }
    total[5] = rate_formula(4, 3, dist.rate);
    total[c_err] = sum_formula(c_err, Value::Int(ints[c_err]));
    total[c_err + 1] = sum_formula(c_err + 1, Value::Int(ints[c_err + 1]));
    Table {
        name: "汇总表".into(),
        title: title(batch, "汇总表"),
        money: true,
        groups: Vec::new(),
        columns,
        len: batch.departments.len(),
        rows,
        total: Some(total),
    }
}

/// 资金明细: every fund row, carry-over, 三公, procurement and fixed assets.
pub fn funds(batch: &Batch) -> Table<'_> {
    let mut columns: Vec<String> = vec!["序号".into(), "部门名称".into()];
    let mut groups = Vec::new();
    let mut group = |columns: &mut Vec<String>, label: &str, heads: &[&str]| {
        groups.push(Group {
            first: columns.len(),
            last: columns.len() + heads.len() - 1,
            label: label.to_string(),
        });
        columns.extend(heads.iter().map(|h| h.to_string()));
    };
    for kind in FundKind::ALL {
        group(
            &mut columns,
            kind.label(),
            &["年初预算数", "全年预算数", "全年执行数", "执行率"],
        );
    }
    group(&mut columns, "结转结余", &["年末结转和结余", "结转结余率"]);
    group(&mut columns, "“三公”经费", &["预算数", "执行数", "控制率"]);
    group(
        &mut columns,
        "政府采购",
        &["采购预算", "实际采购金额", "执行率"],
    );
    group(
        &mut columns,
        "固定资产",
        &["固定资产原值", "在用固定资产原值", "利用率"],
    );
    let carry = 2 + 4 * FundKind::ALL.len();
    let row = move |i: usize, d: Department| {
        let f = &d.form;
        let r = &d.review;
        let mut row = vec![int(i as i64 + 1), text(&f.name)];
        for kind in FundKind::ALL {
            let fr = f.fund(kind);
            let base = 2 + 4 * kind as usize;
            row.push(money(value_of(&fr.initial)));
            row.push(money(value_of(&fr.budget)));
            row.push(money(value_of(&fr.spent)));
            row.push(rate_formula(
                base + 2,
                base + 1,
                r.funds[kind as usize].rate,
            ));
        }
        let (sg, proc_, fixed) = (carry + 2, carry + 5, carry + 8);
        row.push(money(value_of(&f.carryover)));
        row.push(rate_formula(carry, 3, r.carryover_rate));
        let sgt = f.sangong(SangongKind::Total);
        row.push(money(value_of(&sgt.budget)));
        row.push(money(value_of(&sgt.spent)));
        row.push(rate_formula(sg + 1, sg, r.sangong_rates[0]));
        row.push(money(value_of(&f.procurement.budget)));
        row.push(money(value_of(&f.procurement.spent)));
        row.push(rate_formula(proc_ + 1, proc_, r.procurement_rate));
        row.push(money(value_of(&f.assets.fixed_original)));
        row.push(money(value_of(&f.assets.fixed_in_use)));
        row.push(rate_formula(fixed + 1, fixed, r.fixed_asset_utilization));
        row
    };
    let rows = by_department(batch, Parts::FIGURES, move |i, d| vec![row(i, d)]);
    let (sums, _) = column_sums(rows().flatten(), columns.len());
    let ratio = |n: usize, d: usize| crate::num::ratio(sums[n], sums[d]).map(crate::num::round4);
    let mut total = vec![Cell::Value(Value::Empty); columns.len()];
    total[1] = text("合计");
    for (c, cell) in total.iter_mut().enumerate().skip(2) {
        let is_rate = columns[c].ends_with('率');
        *cell = if !is_rate {
            sum_formula(c, Value::Money(sums[c]))
        } else if c == carry + 1 {
            rate_formula(carry, 3, ratio(carry, 3))
        } else {
            rate_formula(c - 1, c - 2, ratio(c - 1, c - 2))
        };
    }
    Table {
        name: "资金明细".into(),
        title: title(batch, "资金明细表"),
        money: true,
        groups,
        columns,
        len: batch.departments.len(),
        rows,
        total: Some(total),
    }
}

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
        indicator_rows(&d, scheme)
    });
    let len = batch
        .departments
        .summaries()
        .iter()
        .map(|k| k.indicator_rows)
        .sum();
    Table::new(
        "指标得分",
        title(batch, "指标得分明细"),
        &columns,
        len,
        rows,
    )
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
    Table::new(
        "目标完成",
        title(batch, "绩效目标完成情况"),
        &columns,
        len,
        rows,
    )
}

/// 审核问题: one row per finding.
pub fn findings(batch: &Batch) -> Table<'_> {
    let columns = ["部门", "级别", "规则", "说明", "位置", "申报值", "计算值"];
    let row = |f: Finding| {
        let place = match f.place.shown() {
            Some(c) => format!("{} {}", f.file, c),
            None => f.file.clone(),
        };
        vec![
            text(f.department),
            text(f.severity.label()),
            text(f.rule.label()),
            text(f.message),
            text(place),
            opt_text(f.declared.as_deref()),
            opt_text(f.computed.as_deref()),
        ]
    };
    let rows: RowSource<'_> = Box::new(move || {
        let mut findings = batch.findings();
        Box::new(std::iter::from_fn(move || {
            let run: Rows = findings.by_ref().take(4096).map(row).collect();
            (!run.is_empty()).then_some(run)
        }))
    });
    let len = batch.district.findings.iter().sum();
    Table::new(
        "审核问题",
        title(batch, "审核问题清单"),
        &columns,
        len,
        rows,
    )
}

/// 报告核对: per department with a report, each field either side states: the
/// report's value and paragraph, the form's value and cell, and the verdict.
pub fn report_check(batch: &Batch) -> Table<'_> {
    let columns = [
        "部门",
        "项目",
        "报告所述",
        "报告段落",
        "表中数值",
        "表中单元格",
        "核对结果",
        "报告文件",
    ];
    let by_form: std::collections::HashMap<&str, &Report> = batch
        .reports
        .iter()
        .filter(|r| r.same_as.is_none())
        .filter_map(|r| Some((r.form.as_deref()?, r)))
        .collect();
    let mut rows: Rows = Vec::new();
    for key in batch.departments.summaries().iter() {
        let Some(report) = by_form.get(key.file.as_str()) else {
            continue;
        };
        for r in &report.reconciled {
            rows.push(vec![
                text(&key.name),
                text(&r.field),
                opt_text(r.report.as_ref().map(|(v, _)| v.as_str())),
                opt_text(
                    r.report
                        .as_ref()
                        .map(|(_, p)| format!("第{p}段"))
                        .as_deref(),
                ),
                opt_text(r.form.as_ref().map(|(v, _)| v.as_str())),
                opt_text(
                    r.form
                        .as_ref()
                        .and_then(|(_, c)| c.as_ref())
                        .map(|c| c.to_string())
                        .as_deref(),
                ),
                text(r.agreement.label()),
                text(&report.file),
            ]);
        }
    }
    let len = rows.len();
    Table::new(
        "报告核对",
        title(batch, "报告与自评表核对"),
        &columns,
        len,
        Box::new(move || Box::new(std::iter::once(rows.clone()))),
    )
}

/// 文件清单: one row per input file.
pub fn files(batch: &Batch) -> Table<'_> {
    let columns = [
        "文件",
        "状态",
        "原因",
        "工作表",
        "版式",
        "部门",
        "类型",
        "配对文件",
        "SHA-256",
        "大小（字节）",
    ];
    let row = |r: &FileRecord| {
        let kind = match (r.report, r.status) {
            (true, _) => Some("自评报告"),
            (false, FileStatus::Imported) => Some("自评表"),
            _ => None,
        };
        vec![
            text(&r.file),
            text(r.status.label()),
            opt_text(r.reason.as_deref()),
            opt_text(r.sheet.as_deref()),
            opt_text(r.layout.as_deref()),
            opt_text(r.department.as_deref()),
            opt_text(kind),
            opt_text(r.paired_with.as_deref()),
            opt_text(r.sha256.as_deref()),
            int(r.bytes as i64),
        ]
    };
    let rows: RowSource<'_> = Box::new(move || {
        Box::new(
            batch
                .files
                .chunks(4096)
                .map(move |run| run.iter().map(row).collect()),
        )
    });
    let len = batch.files.len();
    Table::new("文件清单", title(batch, "文件清单"), &columns, len, rows)
}

/// Score bands of 统计分析, highest first: (label, lower bound inclusive).
pub const BANDS: [(&str, i64); 7] = [
    ("95–100 分", 95),
    ("90–95 分", 90),
    ("85–90 分", 85),
    ("80–85 分", 80),
    ("70–80 分", 70),
    ("60–70 分", 60),
    ("60 分以下", 0),
];

/// 统计分析 as a table: grade counts and shares first (the grade chart reads
/// rows 0–3), then score bands, district money and scores, findings, files.
pub fn statistics(batch: &Batch) -> Table<'_> {
    let columns: Vec<String> = ["类别", "项目", "数值", "占比"].map(String::from).to_vec();
    let d = &batch.district;
    let n = Decimal::from(d.departments.max(1));
    let share = |count: usize| {
        let v = (d.departments > 0).then(|| crate::num::round4(Decimal::from(count) / n));
        Cell::Value(Value::Rate(v))
    };
    let mut rows = Vec::new();
    for g in Grade::ALL {
        let c = d.grades[g as usize];
        rows.push(vec![
            text("等级分布"),
            text(g.label()),
            int(c as i64),
            share(c),
        ]);
    }
    let mut upper: Option<i64> = None;
    for (label, low) in BANDS {
        let low_d = Decimal::from(low);
        let c = batch
            .departments
            .summaries()
            .iter()
            .filter(|dep| {
                dep.total
                    .is_some_and(|t| t >= low_d && upper.is_none_or(|u| t < Decimal::from(u)))
            })
            .count();
        rows.push(vec![text("分数段"), text(label), int(c as i64), share(c)]);
        upper = Some(low);
    }
    let empty = || Cell::Value(Value::Empty);
    rows.push(vec![
        text("全区资金"),
        text("全年预算数合计（万元）"),
        money(Some(d.budget)),
        empty(),
    ]);
    rows.push(vec![
        text("全区资金"),
        text("全年执行数合计（万元）"),
        money(Some(d.spent)),
        empty(),
    ]);
    rows.push(vec![
        text("全区资金"),
        text("全区执行率（Σ执行数 ÷ Σ预算数）"),
        Cell::Value(Value::Rate(d.rate)),
        empty(),
    ]);
    rows.push(vec![
        text("得分"),
        text("部门数"),
        int(d.departments as i64),
        empty(),
    ]);
    // Mean and median are over the departments that have a 复核总分; the label
    // says how many have none.
    let apart = |label: &str| match d.unscored {
        0 => text(label),
        n => text(format!("{label}（不含 {n} 个无复核总分的部门）")),
    };
    rows.push(vec![
        text("得分"),
        apart("平均复核总分"),
        score(d.mean_score),
        empty(),
    ]);
    rows.push(vec![
        text("得分"),
        apart("复核总分中位数"),
        score(d.median_score),
        empty(),
    ]);
    for s in Severity::ALL {
        rows.push(vec![
            text("审核问题"),
            text(s.label()),
            int(d.findings[s as usize] as i64),
            empty(),
        ]);
    }
    for status in [
        FileStatus::Imported,
        FileStatus::Failed,
        FileStatus::Skipped,
    ] {
        let c = batch.files.iter().filter(|f| f.status == status).count();
        rows.push(vec![
            text("文件"),
            text(status.label()),
            int(c as i64),
            empty(),
        ]);
    }
    Table {
        name: "统计分析".into(),
        title: title(batch, "统计分析"),
        money: false,
        groups: Vec::new(),
        columns,
        len: rows.len(),
        rows: Box::new(move || Box::new(std::iter::once(rows.clone()))),
        total: None,
    }
}

/// The review's tables of `WORKBOOK.md`, in sheet order: 汇总表 to 审核问题, and
/// 报告核对 when the batch has reports. Their rows are made when read; the 合计
/// rows of 汇总表 and 资金明细 are computed here.
pub fn review<'a>(batch: &'a Batch, scheme: &'a Scheme) -> Vec<Table<'a>> {
    let mut tables = vec![
        summary(batch, scheme),
        funds(batch),
        indicators(batch, scheme),
        goals(batch),
        findings(batch),
    ];
    if !batch.reports.is_empty() {
        tables.push(report_check(batch));
    }
    tables
}

/// The closing tables: 统计分析 and 文件清单.
pub fn closing(batch: &Batch) -> [Table<'_>; 2] {
    [statistics(batch), files(batch)]
}
