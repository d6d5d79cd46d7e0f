//! Extract the form's blocks from a [`Grid`], each value found by its label.
//!
//! Section order, offsets and extra rows do not matter: a row label is looked up
//! anywhere in the sheet and its values are taken from the columns of the nearest
//! header row above it.

use super::grid::Grid;
use super::label::{self as l, MoneyUnit, Synonyms};
use super::tables;
use super::value::{self, Num};
use crate::model::*;
use crate::scheme::Scheme;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// How far to the right a value may stand from its label.
const VALUE_REACH: u32 = 10;

/// Extraction state: the sheet, the findings so far, the money unit.
pub struct Extractor<'a> {
    /// The sheet.
    pub grid: &'a Grid,
    /// The input file (for findings).
    pub file: &'a str,
    /// Findings raised while reading.
    pub findings: Vec<Finding>,
    /// Divisor turning the sheet's money into 万元 (1 or 10,000).
    pub divisor: Decimal,
    /// Money headers (budget tables) found in the sheet.
    money_headers: Vec<MoneyHeader>,
    /// Rows where a block ends: section titles and table headers.
    boundaries: Vec<u32>,
}

/// A header row of a money table: 年初预算数 · 全年预算数 · 全年执行数 · 执行率.
#[derive(Debug, Clone)]
struct MoneyHeader {
    row: u32,
    initial: Option<u32>,
    budget: Option<u32>,
    spent: Option<u32>,
    rate: Option<u32>,
    /// Per-column unit divisors from `（元）` in a header cell.
    yuan_cols: Vec<u32>,
}

impl<'a> Extractor<'a> {
    /// Prepare extraction over a sheet.
    pub fn new(grid: &'a Grid, file: &'a str) -> Extractor<'a> {
        let divisor = match grid
            .find(&["单位:元", "金额单位:元", "单位:万元", "金额单位:万元"])
            .first()
            .and_then(|h| grid.text(h.at))
            .and_then(|t| l::money_unit(&t))
        {
            Some(MoneyUnit::Yuan) => Decimal::from(10_000),
            _ => Decimal::ONE,
        };
        let money_headers = money_headers(grid);
        let mut boundaries: Vec<u32> = grid.section_rows().to_vec();
        boundaries.extend(money_headers.iter().map(|h| h.row));
        boundaries.extend(tables::header_rows(grid));
        boundaries.sort_unstable();
        boundaries.dedup();
        Extractor {
            grid,
            file,
            findings: Vec::new(),
            divisor,
            money_headers,
            boundaries,
        }
    }

    /// The first block boundary strictly below `row`.
    pub fn next_boundary(&self, row: u32) -> u32 {
        self.boundaries
            .iter()
            .copied()
            .find(|&b| b > row)
            .unwrap_or(u32::MAX)
    }

    /// Record a finding at a cell.
    pub fn finding(
        &mut self,
        rule: &'static str,
        severity: Severity,
        at: Option<CellPos>,
        message: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            department: String::new(),
            file: self.file.to_string(),
            cell: at.map(|a| format!("{}!{}", self.grid.sheet, a.a1())),
            message,
            declared: None,
            computed: None,
        });
    }

    fn bad_number(&mut self, at: CellPos, what: &str, text: &str) {
        self.findings.push(Finding {
            rule: "BAD-NUMBER",
            severity: Severity::Error,
            department: String::new(),
            file: self.file.to_string(),
            cell: Some(format!("{}!{}", self.grid.sheet, at.a1())),
            message: format!("{what}应为数字，实际填写“{text}”"),
            declared: Some(text.to_string()),
            computed: None,
        });
    }

    /// An amount cell in 万元: dashes are 0, text that is not a number is a finding.
    pub fn amount(&mut self, at: CellPos, what: &str, divisor: Decimal) -> Amount {
        match value::parse_number(self.grid.get(at)) {
            Num::Empty => None,
            Num::Dash => Some(Located {
                value: Decimal::ZERO,
                at,
            }),
            Num::Value(v) => Some(Located {
                value: v / divisor,
                at,
            }),
            Num::Percent(_) => {
                let t = self.grid.text(at).unwrap_or_default();
                self.bad_number(at, what, &t);
                None
            }
            Num::Bad(t) => {
                self.bad_number(at, what, &t);
                None
            }
        }
    }

    /// A rate cell as a fraction: dashes and empty cells have none.
    pub fn rate(&mut self, at: CellPos, what: &str) -> Amount {
        let n = value::parse_number(self.grid.get(at));
        if let Num::Bad(t) = &n {
            self.bad_number(at, what, t);
            return None;
        }
        value::rate_fraction(&n).map(|value| Located { value, at })
    }

    /// A score or points cell: dashes and empty cells have none.
    pub fn score(&mut self, at: CellPos, what: &str) -> Amount {
        match value::parse_number(self.grid.get(at)) {
            Num::Value(v) => Some(Located { value: v, at }),
            Num::Bad(t) => {
                self.bad_number(at, what, &t);
                None
            }
            Num::Percent(_) => {
                let t = self.grid.text(at).unwrap_or_default();
                self.bad_number(at, what, &t);
                None
            }
            Num::Empty | Num::Dash => None,
        }
    }

    /// The text value beside the first label of the synonyms that has one.
    pub fn text_field(&self, synonyms: Synonyms) -> Text {
        self.grid.find(synonyms).into_iter().find_map(|hit| {
            if let Some(v) = &hit.inline {
                return Some(Located {
                    value: v.clone(),
                    at: hit.at,
                });
            }
            let at = self.grid.value_right_of(hit.at, VALUE_REACH)?;
            Some(Located {
                value: self.grid.text(at)?,
                at,
            })
        })
    }

    /// The amount beside a key-value label (年末结转和结余 · amount).
    fn amount_field(&mut self, synonyms: Synonyms, what: &str) -> Amount {
        let hit = self.grid.find_first(synonyms)?.at;
        let at = self.grid.value_right_of(hit, VALUE_REACH)?;
        let divisor = self.divisor;
        self.amount(at, what, divisor)
    }

    /// The header whose block holds a row label at `at`.
    fn header_for(&self, at: CellPos) -> Option<MoneyHeader> {
        let header = self.money_headers.iter().rev().find(|h| h.row < at.row)?;
        if self.next_boundary(header.row) < at.row {
            return None;
        }
        let value_cols = [header.budget, header.spent];
        if value_cols.iter().flatten().any(|&c| c <= at.col) {
            return None;
        }
        Some(header.clone())
    }

    /// The row of a money table labelled by one of the synonyms.
    fn money_row(&self, synonyms: Synonyms) -> Option<(MoneyHeader, u32)> {
        self.grid
            .find(synonyms)
            .iter()
            .find_map(|hit| self.header_for(hit.at).map(|h| (h, hit.at.row)))
    }

    fn divisor_for(&self, header: &MoneyHeader, col: u32) -> Decimal {
        if header.yuan_cols.contains(&col) {
            Decimal::from(10_000)
        } else {
            self.divisor
        }
    }

    fn column_amount(
        &mut self,
        header: &MoneyHeader,
        row: u32,
        col: Option<u32>,
        what: &str,
    ) -> Amount {
        let col = col?;
        let divisor = self.divisor_for(header, col);
        self.amount(CellPos::new(row, col), what, divisor)
    }

    fn fund_row(&mut self, synonyms: Synonyms, label: &str) -> FundRow {
        let Some((h, row)) = self.money_row(synonyms) else {
            return FundRow::default();
        };
        FundRow {
            initial: self.column_amount(&h, row, h.initial, &format!("{label}年初预算数")),
            budget: self.column_amount(&h, row, h.budget, &format!("{label}全年预算数")),
            spent: self.column_amount(&h, row, h.spent, &format!("{label}全年执行数")),
            declared_rate: h
                .rate
                .and_then(|c| self.rate(CellPos::new(row, c), &format!("{label}执行率"))),
        }
    }

    fn pair_row(&mut self, synonyms: Synonyms, label: &str) -> PairRow {
        let row = self.fund_row(synonyms, label);
        PairRow {
            budget: row.budget,
            spent: row.spent,
            declared_rate: row.declared_rate,
        }
    }
}

/// Every row of the sheet that has a budget column and a spent column.
fn money_headers(grid: &Grid) -> Vec<MoneyHeader> {
    let mut rows: Vec<u32> = grid.find(l::SPENT).iter().map(|h| h.at.row).collect();
    rows.dedup();
    let mut out = Vec::new();
    for row in rows {
        let mut h = MoneyHeader {
            row,
            initial: None,
            budget: None,
            spent: None,
            rate: None,
            yuan_cols: Vec::new(),
        };
        for (col, key) in grid.row_keys(row) {
            let slot = if l::is_one_of(key, l::INITIAL) {
                &mut h.initial
            } else if l::is_one_of(key, l::BUDGET) {
                &mut h.budget
            } else if l::is_one_of(key, l::SPENT) {
                &mut h.spent
            } else if l::is_one_of(key, l::RATE) {
                &mut h.rate
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(col);
                let text = grid.text(CellPos::new(row, col)).unwrap_or_default();
                if l::money_unit(&text) == Some(MoneyUnit::Yuan) {
                    h.yuan_cols.push(col);
                }
            }
        }
        if h.budget.is_some() && h.spent.is_some() {
            out.push(h);
        }
    }
    out
}

/// Drop （公章）-style decorations and stray line breaks from a department name.
pub fn clean_name(raw: &str) -> String {
    let mut name = raw.to_string();
    for deco in ["公章", "盖章", "签章", "印章", "章"] {
        for (open, close) in [("（", "）"), ("(", ")")] {
            name = name.replace(&format!("{open}{deco}{close}"), "");
        }
    }
    let has_cjk = name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if has_cjk {
        name.retain(|c| !c.is_whitespace());
    }
    name.trim().to_string()
}

/// The evaluation year: the first short text with four digits before `年度`.
fn find_year(grid: &Grid) -> Option<Located<i32>> {
    let (first, last) = grid.bounds()?;
    for row in first.row..=last.row {
        for col in first.col..=last.col {
            let at = CellPos::new(row, col);
            let Some(key) = grid.key(at) else { continue };
            if let Some(year) = year_in(key) {
                return Some(Located { value: year, at });
            }
        }
    }
    None
}

fn year_in(text: &str) -> Option<i32> {
    let idx = text.find("年度")?;
    let digits: String = text[..idx]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let year: i32 = digits.parse().ok()?;
    (digits.len() == 4 && (2000..=2100).contains(&year)).then_some(year)
}

/// Extract everything the form declares.
pub fn extract(grid: &Grid, file: &str, scheme: &Scheme) -> Form {
    let mut x = Extractor::new(grid, file);

    let name_field = x
        .text_field(l::NAME)
        .or_else(|| x.text_field(&["填报单位(盖章)", "填报单位"]));
    let name_label = grid.find_first(l::NAME).map(|h| h.at);
    let (name, name_at) = match name_field.map(|t| (clean_name(&t.value), t.at)) {
        Some((n, at)) if !n.is_empty() => (n, Some(at)),
        _ => {
            let stem = file_stem(file);
            match name_label {
                Some(at) => x.finding(
                    "MISSING-FIELD",
                    Severity::Error,
                    Some(at),
                    format!("部门名称未填写，暂以文件名“{stem}”代替"),
                ),
                None => x.finding(
                    "NAME-FALLBACK",
                    Severity::Warning,
                    None,
                    format!("表中未找到“部门名称”，暂以文件名“{stem}”代替"),
                ),
            }
            (stem, None)
        }
    };

    let subordinate_units =
        x.text_field(l::SUBORDINATE)
            .and_then(|t| match value::parse_number(grid.get(t.at)) {
                Num::Value(v) if v >= Decimal::ZERO && v.fract().is_zero() => {
                    v.to_u32().map(|n| Located { value: n, at: t.at })
                }
                Num::Dash => Some(Located { value: 0, at: t.at }),
                _ => {
                    x.bad_number(t.at, "所属下级预算单位数量", &t.value);
                    None
                }
            });

    let funds = [
        x.fund_row(l::FUND_TOTAL, "年度资金总额"),
        x.fund_row(l::FUND_GENERAL, "一般公共预算"),
        x.fund_row(l::FUND_GOV, "政府性基金预算"),
        x.fund_row(l::FUND_STATE, "国有资本经营预算"),
        x.fund_row(l::FUND_OTHER, "其他资金"),
        x.fund_row(l::FUND_BASIC, "基本支出"),
        x.fund_row(l::FUND_PROJECT, "项目支出"),
    ];
    let total = &funds[FundKind::Total as usize];
    for (amount, what) in [(&total.budget, "全年预算数"), (&total.spent, "全年执行数")] {
        if amount.is_none() {
            let at = grid.find_first(l::FUND_TOTAL).map(|h| h.at);
            x.finding(
                "MISSING-FIELD",
                Severity::Error,
                at,
                format!("年度资金总额的{what}未找到或未填写"),
            );
        }
    }
    let carryover = x.amount_field(l::CARRYOVER, "年末结转和结余");
    let sangong = [
        x.pair_row(l::SG_TOTAL, "“三公”经费合计"),
        x.pair_row(l::SG_ABROAD, "因公出国（境）费"),
        x.pair_row(l::SG_VEHICLES, "公务用车购置及运行维护费"),
        x.pair_row(l::SG_PURCHASE, "公务用车购置费"),
        x.pair_row(l::SG_RUNNING, "公务用车运行维护费"),
        x.pair_row(l::SG_RECEPTION, "公务接待费"),
    ];
    let procurement = x.pair_row(l::PROCUREMENT, "政府采购");
    let assets = Assets {
        total: x.amount_field(l::ASSETS_TOTAL, "年末资产总额"),
        fixed_original: x.amount_field(l::FIXED_ORIGINAL, "固定资产原值"),
        fixed_in_use: x.amount_field(l::FIXED_IN_USE, "在用固定资产原值"),
    };

    let code = x.text_field(l::CODE);
    let goals = tables::goals(&mut x);
    let scoring = tables::indicators(&mut x, scheme);

    let text = Narrative {
        overall_goal: x.text_field(l::OVERALL_GOAL),
        achievement: x.text_field(l::ACHIEVEMENT),
        problems: x.text_field(l::PROBLEMS),
        measures: x.text_field(l::MEASURES),
    };
    let filler = Filler {
        name: x.text_field(l::FILLER),
        phone: x.text_field(l::PHONE),
        date: grid.find(l::DATE).iter().find_map(|hit| {
            if let Some(v) = &hit.inline {
                let value = value::parse_date(&calamine::Data::String(v.clone()))?;
                return Some(Located { value, at: hit.at });
            }
            let at = grid.value_right_of(hit.at, VALUE_REACH)?;
            value::parse_date(grid.get(at)).map(|value| Located { value, at })
        }),
    };

    let mut findings = x.findings;
    for f in &mut findings {
        f.department = name.clone();
    }
    Form {
        file: file.to_string(),
        sheet: grid.sheet.clone(),
        name,
        name_at,
        code,
        year: find_year(grid),
        subordinate_units,
        funds,
        carryover,
        sangong,
        procurement,
        assets,
        goals,
        indicators: scoring.rows,
        indicator_table: scoring.header,
        self_total: scoring.self_total,
        declared_points_total: scoring.points_total,
        declared_grade: scoring.grade,
        text,
        filler,
        converted_from_yuan: x.divisor != Decimal::ONE,
        findings,
    }
}

/// The file name without folders and extension.
pub fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_seal() {
        assert_eq!(
            clean_name("中共广州南沙经济技术开发区工作委员会政策研究和\n创新办公室（公章）"),
            "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室"
        );
        assert_eq!(clean_name("某某局(盖章)"), "某某局");
    }

    #[test]
    fn years() {
        assert_eq!(year_in("(2023年度)"), Some(2023));
        assert_eq!(year_in("2022年度部门整体支出绩效自评表"), Some(2022));
        assert_eq!(year_in("年度资金总额"), None);
        assert_eq!(year_in("12023年度"), None);
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem("samples/003 某局.xlsx"), "003 某局");
        assert_eq!(file_stem("a\\b.xls"), "b");
    }
}
