//! Extract the form's blocks from a [`Grid`] under a [`Layout`], each value found by
//! its label.
//!
//! Section order, offsets and extra rows do not matter: a row label is looked up
//! anywhere in the sheet and its values are taken from the columns of the nearest
//! header row above it. What the layout names but the sheet does not hold stays
//! empty; what the sheet holds but cannot be read or mapped becomes a finding.

mod money;
mod year;

use super::grid::Grid;
use super::layout::{Field, Layout, MoneyCol, MoneyRow, Place};
use super::tables;
use super::value::{self, Num};
use crate::model::*;
use crate::scheme::Scheme;
use crate::text::{self as l, MoneyUnit};
use money::{money_headers, MoneyHeader};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use year::{find_year, year_of_fill_date};

/// How far to the right a value may stand from its label.
const VALUE_REACH: u32 = 10;

/// Cells that name the sheet's money unit.
const UNIT_CELLS: &[&str] = &["单位:元", "金额单位:元", "单位:万元", "金额单位:万元"];

/// Extraction state: the sheet, its layout, the findings so far, the money unit.
pub struct Extractor<'a> {
    /// The sheet.
    pub grid: &'a Grid,
    /// The layout the sheet is read with.
    pub layout: &'a Layout,
    /// The input file (for findings).
    pub file: &'a str,
    /// Findings raised while reading.
    pub findings: Vec<Finding>,
    /// Divisor turning the sheet's money into 万元 (1 or 10,000).
    pub divisor: Decimal,
    /// Money headers (budget tables) found in the sheet.
    money_headers: Vec<MoneyHeader>,
    /// Rows where a block ends: section titles, block labels and table headers.
    boundaries: Vec<u32>,
}

impl<'a> Extractor<'a> {
    /// Prepare extraction over a sheet.
    pub fn new(grid: &'a Grid, file: &'a str, layout: &'a Layout) -> Extractor<'a> {
        let divisor = match grid
            .find(UNIT_CELLS)
            .first()
            .and_then(|h| grid.text(h.at))
            .and_then(|t| l::money_unit(&t))
        {
            Some(MoneyUnit::Yuan) => Decimal::from(10_000),
            Some(MoneyUnit::TenThousandYuan) => Decimal::ONE,
            None => layout.divisor,
        };
        let money_headers = money_headers(grid, layout);
        let mut boundaries: Vec<u32> = grid.section_rows().to_vec();
        boundaries.extend(money_headers.iter().map(|h| h.row));
        boundaries.extend(tables::header_rows(grid, layout));
        // A block label starts a block; merged down a column, it also says where
        // the block ends.
        for hit in grid.find(&layout.blocks.0) {
            boundaries.push(hit.at.row);
            if let Some((_, last)) = grid.merge_at(hit.at) {
                boundaries.push(last.row + 1);
            }
        }
        // A sheet of a form read from several ends every block of the one before.
        boundaries.extend(grid.parts().iter().map(|p| p.first_row));
        boundaries.sort_unstable();
        boundaries.dedup();
        Extractor {
            grid,
            layout,
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
        rule: Rule,
        severity: Severity,
        at: Option<CellPos>,
        message: String,
    ) {
        self.findings.push(Finding {
            rule,
            severity,
            department: String::new(),
            file: self.file.to_string(),
            place: at.map_or(crate::model::Place::File, |a| self.grid.place(a)),
            message,
            declared: None,
            computed: None,
        });
    }

    fn bad_number(&mut self, at: CellPos, what: &str, text: &str) {
        self.findings.push(Finding {
            rule: Rule::BadNumber,
            severity: Severity::Error,
            department: String::new(),
            file: self.file.to_string(),
            place: self.grid.place(at),
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

    /// Where the value of a field's label stands, by the layout's [`Place`]: the
    /// first label that has one. `BelowAll` joins the column's cells of the block.
    pub fn text_field(&self, field: Field) -> Text {
        let spec = self.layout.field(field)?;
        self.grid.find(&spec.labels.0).into_iter().find_map(|hit| {
            if let Some(v) = &hit.inline {
                return Some(Located {
                    value: v.clone(),
                    at: hit.at,
                });
            }
            match spec.place {
                Place::Right => {
                    let at = self.grid.value_right_of(hit.at, VALUE_REACH, self.layout)?;
                    Some(Located {
                        value: self.grid.text(at)?,
                        at,
                    })
                }
                Place::Below | Place::BelowAll => {
                    let end = self.next_boundary(hit.at.row);
                    let (_, last) = self.grid.bounds()?;
                    let mut cells = (hit.at.row + 1..=last.row.min(end.saturating_sub(1)))
                        .map(|r| CellPos::new(r, hit.at.col))
                        .filter_map(|at| Some((at, self.grid.text(at)?)));
                    if spec.place == Place::Below {
                        let (at, value) = cells.next()?;
                        return Some(Located { value, at });
                    }
                    let all: Vec<(CellPos, String)> = cells.collect();
                    let at = all.first()?.0;
                    let value = all
                        .into_iter()
                        .map(|(_, t)| t)
                        .collect::<Vec<_>>()
                        .join("\n");
                    Some(Located { value, at })
                }
            }
        })
    }

    /// The first cell holding one of a field's labels.
    fn field_label(&self, field: Field) -> Option<CellPos> {
        let spec = self.layout.field(field)?;
        self.grid.find_first(&spec.labels.0).map(|h| h.at)
    }

    /// The amount beside a key-value label (年末结转和结余 · amount).
    fn amount_field(&mut self, field: Field, what: &str) -> Amount {
        let spec = self.layout.field(field)?;
        let hit = self.grid.find_first(&spec.labels.0)?.at;
        let at = self.grid.value_right_of(hit, VALUE_REACH, self.layout)?;
        let divisor = self.divisor;
        self.amount(at, what, divisor)
    }
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

/// Extract everything the form declares, reading the sheet as the layout says.
pub fn extract(grid: &Grid, file: &str, scheme: &Scheme, layout: &Layout) -> Form {
    let mut x = Extractor::new(grid, file, layout);

    let name_field = x
        .text_field(Field::Name)
        .or_else(|| x.text_field(Field::NameFallback));
    let name_label = x.field_label(Field::Name);
    let (name, name_at) = match name_field.map(|t| (clean_name(&t.value), t.at)) {
        Some((n, at)) if !n.is_empty() => (n, Some(at)),
        _ => {
            let stem = file_stem(file);
            match name_label {
                Some(at) => x.finding(
                    Rule::MissingField,
                    Severity::Error,
                    Some(at),
                    format!("部门名称未填写，暂以文件名“{stem}”代替"),
                ),
                None => x.finding(
                    Rule::NameFallback,
                    Severity::Warning,
                    None,
                    format!("表中未找到“部门名称”，暂以文件名“{stem}”代替"),
                ),
            }
            (stem, None)
        }
    };

    let subordinate_units =
        x.text_field(Field::Subordinate)
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

    let mut funds: [FundRow; 9] = Default::default();
    let mut total_place = None;
    for (kind, row) in [
        (FundKind::Total, MoneyRow::Total),
        (FundKind::GeneralPublic, MoneyRow::GeneralPublic),
        (FundKind::GovFund, MoneyRow::GovFund),
        (FundKind::StateCapital, MoneyRow::StateCapital),
        (FundKind::Other, MoneyRow::Other),
        (FundKind::Basic, MoneyRow::Basic),
        (FundKind::Project, MoneyRow::Project),
        (FundKind::Fiscal, MoneyRow::Fiscal),
        (FundKind::CarriedOver, MoneyRow::CarriedOver),
    ] {
        let (fund, place) = x.fund_row(row, kind.label());
        if kind == FundKind::Total {
            total_place = place;
        }
        funds[kind as usize] = fund;
    }
    if let Some(h) = x.money_headers.first().cloned() {
        if funds
            .iter()
            .all(|f| f.budget.is_none() && f.spent.is_none())
        {
            let at = h.col(MoneyCol::Budget).map(|c| CellPos::new(h.row, c));
            x.finding(
                Rule::TableEmpty,
                Severity::Error,
                at,
                "找到了资金表的表头，但其下没有读到任何资金行（年度资金总额等）".into(),
            );
        }
    }
    let total = &funds[FundKind::Total as usize];
    // A family without a money block (`[money]` absent) has no total to miss.
    let wanted = if layout.has_money {
        [(&total.budget, "全年预算数"), (&total.spent, "全年执行数")].to_vec()
    } else {
        Vec::new()
    };
    for (amount, what) in wanted {
        // Text in the cell (`约3342万`) already has its BAD-NUMBER: one problem, one finding.
        let unreadable = x.findings.iter().any(|f| {
            f.rule == Rule::BadNumber && f.message.starts_with(&format!("年度资金总额{what}"))
        });
        if amount.is_none() && !unreadable {
            let at = layout
                .money
                .rows
                .get(&MoneyRow::Total)
                .and_then(|l| grid.find_first(&l.0))
                .map(|h| h.at)
                .or(total_place
                    .as_ref()
                    .map(|(h, r)| CellPos::new(*r, h.col(MoneyCol::Budget).unwrap_or(0))));
            x.finding(
                Rule::MissingField,
                Severity::Error,
                at,
                format!("年度资金总额的{what}未找到或未填写"),
            );
        }
    }
    let budget_row = total_place.and_then(|(h, r)| x.budget_row(&h, r));
    let unit_suspect = x.implausible(&funds);
    x.unmapped_money_rows();
    let carryover = x.amount_field(Field::Carryover, "年末结转和结余");
    let sangong = [
        x.pair_row(MoneyRow::SangongTotal, "“三公”经费合计"),
        x.pair_row(MoneyRow::SangongAbroad, "因公出国（境）费"),
        x.pair_row(MoneyRow::SangongVehicles, "公务用车购置及运行维护费"),
        x.pair_row(MoneyRow::SangongVehiclePurchase, "公务用车购置费"),
        x.pair_row(MoneyRow::SangongVehicleRunning, "公务用车运行维护费"),
        x.pair_row(MoneyRow::SangongReception, "公务接待费"),
    ];
    let procurement = x.pair_row(MoneyRow::Procurement, "政府采购");
    let assets = Assets {
        total: x.amount_field(Field::AssetsTotal, "年末资产总额"),
        fixed_original: x.amount_field(Field::FixedOriginal, "固定资产原值"),
        fixed_in_use: x.amount_field(Field::FixedInUse, "在用固定资产原值"),
    };

    let code = x.text_field(Field::Code);
    let mut goals = tables::goals(&mut x);
    let mut scoring = tables::indicators(&mut x, scheme);
    if layout.combined {
        goals = scoring.goals.take().unwrap_or_default();
    }
    if let Some(row) = budget_row {
        scoring.rows.insert(0, row);
    }
    if let Some(spec) = layout.field(Field::SelfTotal) {
        if let Some(hit) = grid.find_first(&spec.labels.0).map(|h| h.at) {
            if let Some(at) = grid.value_right_of(hit, VALUE_REACH, layout) {
                scoring.self_total = x.score(at, "自评总分");
            }
        }
    }

    let text = Narrative {
        overall_goal: x.text_field(Field::OverallGoal),
        achievement: x.text_field(Field::Achievement),
        problems: x.text_field(Field::Problems),
        measures: x.text_field(Field::Measures),
    };
    let filler = Filler {
        name: x.text_field(Field::Filler),
        phone: x.text_field(Field::Phone),
        date: layout.field(Field::Date).and_then(|spec| {
            grid.find(&spec.labels.0).iter().find_map(|hit| {
                if let Some(v) = &hit.inline {
                    let value = value::parse_date(&calamine::Data::String(v.clone()))?;
                    return Some(Located { value, at: hit.at });
                }
                let at = grid.value_right_of(hit.at, VALUE_REACH, layout)?;
                value::parse_date(grid.get(at)).map(|value| Located { value, at })
            })
        }),
    };

    let year = find_year(grid).or_else(|| filler.date.as_ref().and_then(year_of_fill_date));
    if year.is_none() {
        let date = text_of(&filler.date)
            .map(|d| format!("；填报日期“{d}”不能确定年度（一般在次年上半年填报）"))
            .unwrap_or_default();
        x.finding(
            Rule::NoYear,
            Severity::Note,
            None,
            format!("表中未写明年度（如“（2023年度）”）{date}，无法核对是否属于本批汇总年度"),
        );
    }
    let mut findings = x.findings;
    for f in &mut findings {
        f.department = name.clone();
    }
    Form {
        file: file.to_string(),
        sheet: grid.sheet.clone(),
        parts: grid.parts().to_vec(),
        layout: layout.id.clone(),
        name,
        name_at,
        code,
        year,
        subordinate_units,
        funds,
        carryover,
        sangong,
        procurement,
        assets,
        goals,
        indicators: scoring.rows,
        indicator_table: scoring.header,
        level1_points: scoring.level1_points,
        level2_points: scoring.level2_points,
        self_total: scoring.self_total,
        declared_points_total: scoring.points_total,
        declared_grade: scoring.grade,
        text,
        filler,
        converted_from_yuan: x.divisor != Decimal::ONE,
        unit_suspect,
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
mod tests;
