//! The money tables of a form: their header rows, the fund and 三公 rows under
//! them, the budget-execution row, amounts implausible for their unit, and rows
//! the layout does not map.

use super::Extractor;
use crate::model::*;
use crate::read::grid::Grid;
use crate::read::layout::{Layout, MoneyCol, MoneyRow};
use crate::read::value::{self, Num};
use crate::text::{self as l, MoneyUnit};
use rust_decimal::Decimal;

/// How many money column roles there are ([`MoneyCol`] as an index).
const MONEY_COLS: usize = 10;

/// A header row of a money table: 年初预算数 · 全年预算数 · 全年执行数 · 执行率 ….
#[derive(Debug, Clone)]
pub(super) struct MoneyHeader {
    pub(super) row: u32,
    /// The column of each role, by [`MoneyCol`] index.
    pub(super) cols: [Option<u32>; MONEY_COLS],
    /// Columns whose header names 元 (`全年预算数（元）`).
    pub(super) yuan_cols: Vec<u32>,
}

impl MoneyHeader {
    pub(super) fn col(&self, role: MoneyCol) -> Option<u32> {
        self.cols[role as usize]
    }
}

impl Extractor<'_> {
    /// The header whose block holds a row label at `at`.
    pub(super) fn header_for(&self, at: CellPos) -> Option<MoneyHeader> {
        let header = self.money_headers.iter().rev().find(|h| h.row < at.row)?;
        if self.next_boundary(header.row) < at.row {
            return None;
        }
        let value_cols = [header.col(MoneyCol::Budget), header.col(MoneyCol::Spent)];
        if value_cols.iter().flatten().any(|&c| c <= at.col) {
            return None;
        }
        Some(header.clone())
    }

    /// The row of a money table that holds a kind of fund: by its label, or the
    /// row below the first header when the layout says so.
    pub(super) fn money_row(&self, row: MoneyRow) -> Option<(MoneyHeader, u32)> {
        if self.layout.money.row_below_header == Some(row) {
            let h = self.money_headers.first()?;
            return Some((h.clone(), h.row + 1));
        }
        let labels = self.layout.money.rows.get(&row)?;
        self.grid
            .find(&labels.0)
            .iter()
            .find_map(|hit| self.header_for(hit.at).map(|h| (h, hit.at.row)))
    }

    pub(super) fn divisor_for(&self, header: &MoneyHeader, col: u32) -> Decimal {
        if header.yuan_cols.contains(&col) {
            Decimal::from(10_000)
        } else {
            self.divisor
        }
    }

    pub(super) fn column_amount(
        &mut self,
        header: &MoneyHeader,
        row: u32,
        role: MoneyCol,
        what: &str,
    ) -> Amount {
        let col = header.col(role)?;
        let divisor = self.divisor_for(header, col);
        self.amount(CellPos::new(row, col), what, divisor)
    }

    pub(super) fn column_rate(
        &mut self,
        header: &MoneyHeader,
        row: u32,
        role: MoneyCol,
        what: &str,
    ) -> Amount {
        let col = header.col(role)?;
        self.rate(CellPos::new(row, col), what)
    }

    pub(super) fn fund_row(
        &mut self,
        row: MoneyRow,
        label: &str,
    ) -> (FundRow, Option<(MoneyHeader, u32)>) {
        let Some((h, r)) = self.money_row(row) else {
            return (FundRow::default(), None);
        };
        let fund = FundRow {
            initial: self.column_amount(&h, r, MoneyCol::Initial, &format!("{label}年初预算数")),
            budget: self.column_amount(&h, r, MoneyCol::Budget, &format!("{label}全年预算数")),
            spent: self.column_amount(&h, r, MoneyCol::Spent, &format!("{label}全年执行数")),
            declared_rate: self.column_rate(&h, r, MoneyCol::Rate, &format!("{label}执行率")),
            carried_over: self.column_amount(
                &h,
                r,
                MoneyCol::CarriedOver,
                &format!("{label}历年结余结转"),
            ),
            adjustment: self.column_amount(
                &h,
                r,
                MoneyCol::Adjustment,
                &format!("{label}年中调整金额"),
            ),
            balance: self.column_amount(
                &h,
                r,
                MoneyCol::Balance,
                &format!("{label}本年度结余金额"),
            ),
            declared_balance_rate: self.column_rate(
                &h,
                r,
                MoneyCol::BalanceRate,
                &format!("{label}资金结余率"),
            ),
        };
        (fund, Some((h, r)))
    }

    pub(super) fn pair_row(&mut self, row: MoneyRow, label: &str) -> PairRow {
        let (row, _) = self.fund_row(row, label);
        PairRow {
            budget: row.budget,
            spent: row.spent,
            declared_rate: row.declared_rate,
        }
    }

    /// The budget-execution row's 分值 and 得分, when the money table has them: a
    /// scored row of its own.
    pub(super) fn budget_row(&mut self, header: &MoneyHeader, row: u32) -> Option<IndicatorRow> {
        let points_col = header.col(MoneyCol::Points)?;
        let score_col = header.col(MoneyCol::Score);
        let points = self.score(CellPos::new(row, points_col), "预算执行率的分值");
        let self_score =
            score_col.and_then(|c| self.score(CellPos::new(row, c), "预算执行率的得分"));
        points.as_ref()?;
        Some(IndicatorRow {
            level1: "预算执行".into(),
            level2: "预算执行率".into(),
            level3: "预算执行率".into(),
            scheme_index: None,
            points,
            target: None,
            actual: None,
            declared_completion: None,
            self_score,
            reason: String::new(),
            row,
            score_col: score_col.unwrap_or(points_col),
            name_col: points_col,
            budget: true,
        })
    }

    /// Whether the fund amounts are implausible for their unit (`UNIT-SUSPECT`): one
    /// above the layout's limit, most likely 元 written under a 万元 header. The
    /// finding stands at the largest amount.
    pub(super) fn implausible(&mut self, funds: &[FundRow]) -> bool {
        let limit = self.layout.money.implausible_above;
        let largest = funds
            .iter()
            .flat_map(|f| [&f.initial, &f.budget, &f.spent])
            .flatten()
            // The first largest: the total row before its parts.
            .fold(None, |best: Option<&Located<Decimal>>, a| match best {
                Some(b) if b.value >= a.value => Some(b),
                _ => Some(a),
            });
        let Some(a) = largest.filter(|a| a.value > limit) else {
            return false;
        };
        let (value, at) = (a.value, a.at);
        self.finding(
            Rule::UnitSuspect,
            Severity::Error,
            Some(at),
            format!(
                "金额 {} 万元（{} 亿元）对一个部门不合情理，可能把“元”填在了“万元”表头下；\
                 金额按所填列示，不计入全区合计，请核实单位后重新报送",
                crate::num::money(value),
                crate::num::money(value / Decimal::from(10_000))
            ),
        );
        if let Some(f) = self.findings.last_mut() {
            f.declared = Some(crate::num::money(value));
        }
        true
    }

    /// Money rows a table holds that the layout does not map (`UNMAPPED`): a row
    /// label left of the value columns, with a number under 全年预算数 or 全年执行数,
    /// that is neither a known row, a field, nor a row the layout ignores.
    pub(super) fn unmapped_money_rows(&mut self) {
        let headers = self.money_headers.clone();
        let Some((_, last)) = self.grid.bounds() else {
            return;
        };
        for h in &headers {
            let (Some(b), Some(s)) = (h.col(MoneyCol::Budget), h.col(MoneyCol::Spent)) else {
                continue;
            };
            let first_value = b.min(s);
            let end = self.next_boundary(h.row).min(last.row + 1);
            for r in h.row + 1..end {
                let has_number = [b, s].iter().any(|&c| {
                    matches!(value::parse_number(self.grid.get(CellPos::new(r, c))), Num::Value(v) if !v.is_zero())
                });
                if !has_number {
                    continue;
                }
                // The row's label: the leftmost text before the values that is
                // not itself a number written as text.
                let label = (0..first_value)
                    .map(|c| CellPos::new(r, c))
                    .filter(|&at| matches!(value::parse_number(self.grid.get(at)), Num::Bad(_)))
                    .find_map(|at| self.grid.key(at).map(|k| (at, k.to_string())));
                let Some((at, key)) = label else { continue };
                let layout = self.layout;
                let known = layout.money.rows.values().any(|l| l.has(&key))
                    || layout.fields.values().any(|f| f.labels.has(&key))
                    || layout.ignored_rows.has(&key)
                    || layout.blocks.has(&key);
                if !known {
                    let text = self.grid.text(at).unwrap_or_default();
                    self.finding(
                        Rule::Unmapped,
                        Severity::Warning,
                        Some(at),
                        format!("资金表中的“{text}”一行不是版式“{}”已知的资金类别，该行金额未读取，请人工核对", layout.short),
                    );
                }
            }
        }
    }
}

/// Every row of the sheet whose cells fill the layout's required money columns.
pub(super) fn money_headers(grid: &Grid, layout: &Layout) -> Vec<MoneyHeader> {
    let spec = &layout.money;
    let Some(first_need) = spec.header_needs.first().and_then(|n| spec.columns.get(n)) else {
        return Vec::new();
    };
    let mut rows: Vec<u32> = grid.find(&first_need.0).iter().map(|h| h.at.row).collect();
    rows.dedup();
    let mut out = Vec::new();
    for row in rows {
        let mut h = MoneyHeader {
            row,
            cols: [None; MONEY_COLS],
            yuan_cols: Vec::new(),
        };
        for (col, key) in grid.row_keys(row) {
            let Some(role) = spec.column(key) else {
                continue;
            };
            let slot = &mut h.cols[role as usize];
            if slot.is_none() {
                *slot = Some(col);
                let text = grid.text(CellPos::new(row, col)).unwrap_or_default();
                if l::money_unit(&text) == Some(MoneyUnit::Yuan) {
                    h.yuan_cols.push(col);
                }
            }
        }
        if spec.header_needs.iter().all(|n| h.col(*n).is_some()) {
            out.push(h);
        }
    }
    out
}
