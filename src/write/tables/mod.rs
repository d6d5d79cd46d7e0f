//! The batch as tables, one per sheet of `WORKBOOK.md`. The workbook and the CSV
//! export render the same tables, so they always agree.
//!
//! A derived cell is a [`Cell::Formula`]: an Excel formula over the cells beside it
//! plus the value jixiao computed, which the workbook caches and the CSV prints.

mod closing;
mod detail;
mod review;
mod totals;

pub use closing::{files, statistics};
pub use detail::{goals, indicators};
pub use review::{findings, report_check};
pub use totals::{funds, ranked_order, summary};

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
    /// Columns the reader fills in from a drop-down list (column, choices).
    pub choices: Vec<(usize, &'static [&'static str])>,
    /// Cells filled by their text (column, text, fill colour): statuses and
    /// decisions stand out, and keep their colour when the sheet is sorted.
    pub colours: Vec<(usize, &'static str, &'static str)>,
    /// Runs of data rows printed on one page when they fit on one (each
    /// department's rows of a detail sheet), in order; empty: none.
    pub blocks: Vec<usize>,
    /// A reference sheet (指标得分, 目标完成, 资金明细): printed department by
    /// department for whoever needs the detail, not part of the leader's print.
    pub reference: bool,
    /// Trailing columns shown on screen but not printed (汇总表's 源文件: a
    /// long file name would make every printed row two lines tall); they do
    /// not wrap, and their text runs on over the empty cells beside them.
    pub unprinted: usize,
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
            choices: Vec::new(),
            colours: Vec::new(),
            blocks: Vec::new(),
            reference: false,
            unprinted: 0,
        }
    }

    /// The columns printed: all but the [`Table::unprinted`] ones.
    pub fn printed(&self) -> usize {
        self.columns.len() - self.unprinted.min(self.columns.len().saturating_sub(1))
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
