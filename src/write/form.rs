//! A form in the canonical layout of `FORM.md` §1 (sheet `自评表`, columns A–J,
//! plus `填报说明`). Writes what a [`Form`] declares; positions recorded in the
//! form are ignored, the canonical ones are used.

use crate::model::*;
use crate::num;
use crate::scheme::Scheme;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

const LAST_COL: u16 = 9;

pub(super) struct Looks {
    pub(super) title: Format,
    pub(super) center: Format,
    pub(super) section: Format,
    pub(super) header: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) money: Format,
    pub(super) rate: Format,
    pub(super) score: Format,
    pub(super) int: Format,
}

impl Looks {
    /// Formats for values written by the department: in a template they are the
    /// input cells, unlocked and shaded; elsewhere plain.
    pub(super) fn new(input: bool) -> Looks {
        let base = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_font_size(10)
        };
        let cell = move || {
            if input {
                base().set_unlocked().set_background_color("#FFF2CC")
            } else {
                base()
            }
        };
        Looks {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            center: Format::new().set_align(FormatAlign::Center),
            section: base().set_bold().set_background_color("#F2F2F2"),
            header: base()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            label: base().set_text_wrap(),
            text: cell().set_text_wrap(),
            money: cell().set_num_format("#,##0.00"),
            rate: cell().set_num_format("0.00%"),
            score: cell().set_num_format("0.00"),
            int: cell().set_num_format("0"),
        }
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The 自评表 being written, with where each declared value went: the piece that
/// [`super::template`] and [`super::feedback`] decorate.
pub(super) struct Sheet {
    pub(super) ws: Worksheet,
    pub(super) look: Looks,
    /// Where each declared value went: its cell in the file read, and here.
    pub(super) placed: Vec<Placed>,
    /// Every cell of 自评表 that holds (or would hold) a declared value, read or not.
    pub(super) slots: std::collections::HashSet<(u32, u16)>,
}

/// A declared value's cell in the file read (`src`) and in the written form, with
/// the look it was written in.
#[derive(Clone, Copy)]
pub(super) struct Placed {
    pub(super) src: CellPos,
    pub(super) row: u32,
    pub(super) col: u16,
    pub(super) look: fn(&Looks) -> &Format,
}

impl Sheet {
    pub(super) fn text(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, col, super::excel_text(s), &self.look.text)?;
        Ok(())
    }

    fn label(&mut self, row: u32, first: u16, last: u16, s: &str) -> Result<(), XlsxError> {
        if first < last {
            self.ws.merge_range(
                row,
                first,
                row,
                last,
                &super::excel_text(s),
                &self.look.label,
            )?;
        } else {
            self.ws
                .write_string_with_format(row, first, super::excel_text(s), &self.look.label)?;
        }
        Ok(())
    }

    fn merged_text(&mut self, row: u32, first: u16, last: u16, s: &str) -> Result<(), XlsxError> {
        self.ws
            .merge_range(row, first, row, last, s, &self.look.text)?;
        Ok(())
    }

    fn section(&mut self, row: u32, s: &str) -> Result<(), XlsxError> {
        self.ws
            .merge_range(row, 0, row, LAST_COL, s, &self.look.section)?;
        Ok(())
    }

    fn header(&mut self, row: u32, cells: &[(u16, u16, &str)]) -> Result<(), XlsxError> {
        for &(a, b, s) in cells {
            if a < b {
                self.ws.merge_range(row, a, row, b, s, &self.look.header)?;
            } else {
                self.ws
                    .write_string_with_format(row, a, s, &self.look.header)?;
            }
        }
        Ok(())
    }

    /// A number cell in the given look; blank (keeping the look) when absent.
    fn number(
        &mut self,
        row: u32,
        col: u16,
        v: Option<Decimal>,
        look: fn(&Looks) -> &Format,
    ) -> Result<(), XlsxError> {
        let format = look(&self.look).clone();
        if col <= LAST_COL {
            self.slots.insert((row, col));
        }
        match v {
            Some(v) => self.ws.write_number_with_format(row, col, f(v), &format)?,
            None => self.ws.write_blank(row, col, &format)?,
        };
        Ok(())
    }

    /// Record where a declared value read at `at` was written.
    fn place(&mut self, at: Option<CellPos>, row: u32, col: u16, look: fn(&Looks) -> &Format) {
        if let Some(src) = at {
            self.placed.push(Placed {
                src,
                row,
                col,
                look,
            });
        }
    }

    fn money(&mut self, row: u32, col: u16, a: &Amount) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.money);
        self.number(row, col, value_of(a), |l| &l.money)
    }

    /// A rate the department declared.
    fn declared_rate(&mut self, row: u32, col: u16, a: &Amount) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.rate);
        self.rate(row, col, value_of(a))
    }

    /// A score or points the department declared.
    fn declared_score(&mut self, row: u32, col: u16, a: &Amount) -> Result<(), XlsxError> {
        self.place(a.as_ref().map(|l| l.at), row, col, |l| &l.score);
        self.score(row, col, value_of(a))
    }

    /// A text the department wrote, in one cell or over `row`, `col..=last`.
    fn declared_text(&mut self, row: u32, col: u16, last: u16, t: &Text) -> Result<(), XlsxError> {
        self.place(t.as_ref().map(|l| l.at), row, col, |l| &l.text);
        self.slots.insert((row, col));
        let value = text_of(t).unwrap_or("");
        if col < last {
            self.merged_text(row, col, last, value)
        } else {
            self.text(row, col, value)
        }
    }

    pub(super) fn rate(&mut self, row: u32, col: u16, a: Option<Decimal>) -> Result<(), XlsxError> {
        self.number(row, col, a, |l| &l.rate)
    }

    pub(super) fn score(
        &mut self,
        row: u32,
        col: u16,
        a: Option<Decimal>,
    ) -> Result<(), XlsxError> {
        self.number(row, col, a, |l| &l.score)
    }

    /// A goal value as written: a plain number as a number cell, anything else as text.
    fn goal_value(
        &mut self,
        row: u32,
        col: u16,
        v: Option<&Located<GoalValue>>,
    ) -> Result<(), XlsxError> {
        self.place(v.map(|l| l.at), row, col, |l| &l.text);
        self.slots.insert((row, col));
        match v {
            Some(v) => match v.value.raw.parse::<Decimal>() {
                Ok(n) => self
                    .ws
                    .write_number_with_format(row, col, f(n), &self.look.score)?,
                Err(_) => self.ws.write_string_with_format(
                    row,
                    col,
                    super::excel_text(&v.value.raw),
                    &self.look.text,
                )?,
            },
            None => self.ws.write_blank(row, col, &self.look.text)?,
        };
        Ok(())
    }

    fn blank_row(&mut self, row: u32, from: u16) -> Result<(), XlsxError> {
        for c in from..=LAST_COL {
            self.ws.write_blank(row, c, &self.look.text)?;
        }
        Ok(())
    }
}

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
            &super::excel_text(value),
            &s.look.label,
        )?;
    } else if value.is_empty() {
        // An empty 二级指标 of a goal row is for the department to fill.
        s.text(first, col, value)?;
    } else {
        s.ws.write_string_with_format(first, col, super::excel_text(value), &s.look.label)?;
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
fn top(s: &mut Sheet, form: &Form, year: Option<i32>) -> Result<(), XlsxError> {
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
const GOAL_START: u32 = 30;

/// Section 四 from row 28 (0-based); returns the next free row.
fn goals(s: &mut Sheet, form: &Form) -> Result<u32, XlsxError> {
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
pub(super) struct ScoringRows {
    pub(super) rows: Vec<(usize, u32)>,
    pub(super) total: u32,
}

fn scoring(
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

const INSTRUCTIONS: &[(&str, &str)] = &[
    ("总体要求", "本表由各预算部门填报，金额单位为万元，保留两位小数；比率以百分比填写，保留两位小数。"),
    ("一、年度预算执行情况", "年度资金总额 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算 + 其他资金；基本支出 + 项目支出 = 年度资金总额的全年执行数。执行率 = 全年执行数 ÷ 全年预算数。"),
    ("二、“三公”经费、政府采购及资产情况", "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费；公务用车购置及运行维护费 = 购置费 + 运行维护费。政府采购一行的预算数填政府采购预算，执行数填实际采购金额。"),
    ("三、年度总体绩效目标", "填写年初设定的部门整体绩效目标和全年实际完成情况。"),
    ("四、绩效目标指标", "按产出指标、效益指标、满意度指标逐项填写；指标性质填 ≥、≤、= 或 定性；定性指标的实际完成值填 好/较好/一般/差 或 达成/基本达成/部分达成/未达成。"),
    ("五、绩效评价指标得分", "按指标体系逐项自评打分，自评得分不得超过分值；总分为各项自评得分之和；评价等级：90分及以上为优，80–90分为良，60–80分为中，60分以下为差。"),
];

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name("填报说明")?;
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, "填报说明", &bold)?;
    // Two columns within the width of A4 portrait (about 700 px: 20 + 68 character
    // units), each row as tall as its wrapped text; printed one page wide.
    const TEXT_WIDTH: usize = 68;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, TEXT_WIDTH as f64)?;
    for (i, (k, v)) in INSTRUCTIONS.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, *k, &wrap)?;
        ws.write_string_with_format(row, 1, *v, &wrap)?;
        let lines = super::display_width(v).div_ceil(TEXT_WIDTH - 4).max(1);
        ws.set_row_height(row, 16.0 * lines as f64 + 4.0)?;
    }
    ws.set_portrait();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The form's 自评表 in the canonical layout, written with the department's
/// values; `input` marks the cells a department fills (unlocked and shaded, for
/// the template).
pub(super) struct Canonical {
    /// The sheet, for a decorator to add to.
    pub(super) sheet: Sheet,
    /// Where section 五 put each indicator row and the 总分 row.
    pub(super) scoring: ScoringRows,
    /// The first goal row of section 四.
    pub(super) goal_start: u32,
}

/// Write the form's 自评表 (what it declares, at the canonical places).
pub(super) fn canonical(form: &Form, scheme: &Scheme, input: bool) -> Result<Canonical, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("自评表")?;
    for (c, w) in [12.0, 12.0, 14.0, 14.0, 14.0, 12.0, 12.0, 12.0, 10.0, 22.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let mut s = Sheet {
        ws,
        look: Looks::new(input),
        placed: Vec::new(),
        slots: Default::default(),
    };
    let year = form.year.as_ref().map(|y| y.value);
    top(&mut s, form, year)?;
    let next = goals(&mut s, form)?;
    let scoring = scoring(&mut s, form, scheme, next)?;
    Ok(Canonical {
        sheet: s,
        scoring,
        goal_start: GOAL_START,
    })
}

/// A workbook of the `front` sheets, then the 自评表, then 填报说明 (deterministic
/// bytes).
pub(super) fn workbook(front: Vec<Worksheet>, form: Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评表")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    for sheet in front {
        wb.push_worksheet(sheet);
    }
    wb.push_worksheet(form.ws);
    instructions(wb.add_worksheet())?;
    wb.save_to_buffer()
}

/// The form in the canonical layout, as xlsx bytes (deterministic).
pub fn canonical_bytes(form: &Form, scheme: &Scheme) -> Result<Vec<u8>, XlsxError> {
    workbook(Vec::new(), canonical(form, scheme, false)?.sheet)
}

/// A declared amount for building forms by hand (position unknown).
pub fn amount(value: &str) -> Amount {
    value.parse::<Decimal>().ok().map(|value| Located {
        value,
        at: CellPos::new(0, 0),
    })
}

/// A declared text for building forms by hand.
pub fn text(value: &str) -> Text {
    (!value.is_empty()).then(|| Located {
        value: value.to_string(),
        at: CellPos::new(0, 0),
    })
}

/// A declared rate written as a percentage (`"98.92"` → 0.9892).
pub fn percent(value: &str) -> Amount {
    value.parse::<Decimal>().ok().map(|v| Located {
        value: num::round(v / Decimal::ONE_HUNDRED, 6),
        at: CellPos::new(0, 0),
    })
}
