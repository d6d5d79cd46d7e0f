//! What a department declared: the [`Form`] the reader extracts, each value with
//! the cell it came from.

use super::finding::Finding;
use super::place::{grid_cell, place_in, CellPos, Located, Place, SheetPart};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An amount (万元) read from a cell.
pub type Amount = Option<Located<Decimal>>;

/// The value of an optional located amount.
pub fn value_of(a: &Amount) -> Option<Decimal> {
    a.as_ref().map(|l| l.value)
}

/// One row of the budget table (资金类别 × 年初/全年预算/全年执行/执行率).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct FundRow {
    /// 年初预算数.
    pub initial: Amount,
    /// 全年预算数.
    pub budget: Amount,
    /// 全年执行数.
    pub spent: Amount,
    /// 执行率 as the department declared it, a fraction (0.9892 = 98.92%).
    pub declared_rate: Amount,
    /// 历年结余结转 (Fujian ②), when the form has the column.
    pub carried_over: Amount,
    /// 年中调整金额 (Fujian ③), when the form has the column.
    pub adjustment: Amount,
    /// 本年度结余金额 as declared (Fujian ⑦ = ④ − ⑤).
    pub balance: Amount,
    /// 资金结余率 as declared (Fujian ⑧ = ⑦ / ④), a fraction.
    pub declared_balance_rate: Amount,
}

/// The fund rows of section 一, in the form's order.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FundKind {
    /// 年度资金总额.
    Total,
    /// 一般公共预算.
    GeneralPublic,
    /// 政府性基金预算.
    GovFund,
    /// 国有资本经营预算.
    StateCapital,
    /// 其他资金.
    Other,
    /// 基本支出.
    Basic,
    /// 项目支出.
    Project,
    /// 财政拨款: all fiscal money (一般公共预算 + 政府性基金 + 国有资本经营), as the
    /// national and Fujian forms write it; never filed as 一般公共预算. On a form
    /// with a carry-over row ([`FundKind::CarriedOver`]) it is this year's
    /// appropriation (当年财政拨款).
    Fiscal,
    /// 上年结转资金 (上年结转, 结转结余, 历年结余): money carried over from earlier
    /// years, a part of 年度资金总额 beside 财政拨款 and 其他资金 on the county forms
    /// derived from the national one.
    CarriedOver,
}

impl FundKind {
    /// Every fund row, in index order ([`Form::funds`]).
    pub const ALL: [FundKind; 9] = [
        FundKind::Total,
        FundKind::GeneralPublic,
        FundKind::GovFund,
        FundKind::StateCapital,
        FundKind::Other,
        FundKind::Basic,
        FundKind::Project,
        FundKind::Fiscal,
        FundKind::CarriedOver,
    ];

    /// The fund rows of the canonical form (FORM.md §1 rows 8–14).
    pub const CANONICAL: [FundKind; 7] = [
        FundKind::Total,
        FundKind::GeneralPublic,
        FundKind::GovFund,
        FundKind::StateCapital,
        FundKind::Other,
        FundKind::Basic,
        FundKind::Project,
    ];

    /// The canonical Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            FundKind::Total => "年度资金总额",
            FundKind::GeneralPublic => "一般公共预算",
            FundKind::GovFund => "政府性基金预算",
            FundKind::StateCapital => "国有资本经营预算",
            FundKind::Other => "其他资金",
            FundKind::Basic => "基本支出",
            FundKind::Project => "项目支出",
            FundKind::Fiscal => "财政拨款",
            FundKind::CarriedOver => "上年结转资金",
        }
    }

    /// The JSON key (`JSON.md`).
    pub fn key(self) -> &'static str {
        match self {
            FundKind::Total => "total",
            FundKind::GeneralPublic => "general_public",
            FundKind::GovFund => "gov_fund",
            FundKind::StateCapital => "state_capital",
            FundKind::Other => "other",
            FundKind::Basic => "basic",
            FundKind::Project => "project",
            FundKind::Fiscal => "fiscal",
            FundKind::CarriedOver => "carried_over",
        }
    }
}

/// The lines of the 三公 block, in the form's order.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SangongKind {
    /// “三公”经费合计.
    Total,
    /// 因公出国（境）费.
    Abroad,
    /// 公务用车购置及运行维护费.
    Vehicles,
    /// 其中：公务用车购置费.
    VehiclePurchase,
    /// 公务用车运行维护费.
    VehicleRunning,
    /// 公务接待费.
    Reception,
}

impl SangongKind {
    /// Every 三公 line, in the canonical order.
    pub const ALL: [SangongKind; 6] = [
        SangongKind::Total,
        SangongKind::Abroad,
        SangongKind::Vehicles,
        SangongKind::VehiclePurchase,
        SangongKind::VehicleRunning,
        SangongKind::Reception,
    ];

    /// The canonical Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SangongKind::Total => "“三公”经费合计",
            SangongKind::Abroad => "因公出国（境）费",
            SangongKind::Vehicles => "公务用车购置及运行维护费",
            SangongKind::VehiclePurchase => "其中：公务用车购置费",
            SangongKind::VehicleRunning => "公务用车运行维护费",
            SangongKind::Reception => "公务接待费",
        }
    }

    /// The JSON key (`JSON.md`).
    pub fn key(self) -> &'static str {
        match self {
            SangongKind::Total => "total",
            SangongKind::Abroad => "abroad",
            SangongKind::Vehicles => "vehicles",
            SangongKind::VehiclePurchase => "vehicle_purchase",
            SangongKind::VehicleRunning => "vehicle_running",
            SangongKind::Reception => "reception",
        }
    }
}

/// A 预算数 / 执行数 line (三公 items, 政府采购).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct PairRow {
    /// 预算数.
    pub budget: Amount,
    /// 执行数.
    pub spent: Amount,
    /// 执行率 as declared, a fraction.
    pub declared_rate: Amount,
}

/// 年末资产 line.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Assets {
    /// 年末资产总额.
    pub total: Amount,
    /// 固定资产原值.
    pub fixed_original: Amount,
    /// 在用固定资产原值.
    pub fixed_in_use: Amount,
}

/// A text cell of the form.
pub type Text = Option<Located<String>>;

/// The value of an optional located text.
pub fn text_of(t: &Text) -> Option<&str> {
    t.as_ref().map(|l| l.value.as_str())
}

/// The person who filled the form.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Filler {
    /// 填报人.
    pub name: Text,
    /// 联系电话.
    pub phone: Text,
    /// 填报日期: `YYYY-MM-DD` when complete, else as written.
    pub date: Text,
}

/// The narrative fields.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Narrative {
    /// 年度总体目标.
    pub overall_goal: Text,
    /// 实际完成情况.
    pub achievement: Text,
    /// 存在的主要问题.
    pub problems: Text,
    /// 下一步改进措施.
    pub measures: Text,
}

/// A value of a goal or indicator cell: a number, a percentage, or text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Measure {
    /// A plain number, with the unit written after it if any (`30天` → 30, "天").
    Number(Decimal),
    /// A percentage, kept as a fraction (`95%` → 0.95).
    Percent(Decimal),
    /// Text that is not a number (定性 values such as 好, 达成).
    Text(String),
}

/// A goal-indicator value as written (`≥95%`), with the comparison sign split off.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoalValue {
    /// The cell text as written (trimmed).
    pub raw: String,
    /// A comparison sign written in front of the value (`≥`, `≤`, `=`, `>`, `<`).
    pub sign: Option<Direction>,
    /// The value after the sign.
    pub measure: Measure,
}

/// 指标性质: which way a goal is better.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `≥`: more is better.
    AtLeast,
    /// `≤`: less is better.
    AtMost,
    /// `=`: exact.
    Exact,
    /// 定性: a qualitative grade.
    Qualitative,
}

impl Direction {
    /// The symbol used in the workbook (`≥` `≤` `=` `定性`).
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
            Direction::Exact => "=",
            Direction::Qualitative => "定性",
        }
    }

    /// The ASCII form used in JSON (`>=` `<=` `=` `qualitative`).
    pub fn json(self) -> &'static str {
        match self {
            Direction::AtLeast => ">=",
            Direction::AtMost => "<=",
            Direction::Exact => "=",
            Direction::Qualitative => "qualitative",
        }
    }
}

/// One row of section 四 (部门整体绩效目标指标).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoalRow {
    /// 一级指标 (产出指标 / 效益指标 / 满意度指标), filled down from a merged cell.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标: the goal's name.
    pub name: String,
    /// 指标性质 as written, if any.
    pub direction: Option<Direction>,
    /// 计量单位.
    pub unit: String,
    /// 年度目标值.
    pub target: Option<Located<GoalValue>>,
    /// 实际完成值.
    pub actual: Option<Located<GoalValue>>,
    /// 完成率 as declared (fraction).
    pub declared_completion: Amount,
    /// 偏差原因.
    pub reason: String,
    /// The goal's name cell.
    pub at: CellPos,
}

impl GoalRow {
    /// The cell a finding about this goal points at: its 实际完成值, else its
    /// 年度目标值, else its name.
    pub fn cell(&self) -> CellPos {
        self.actual
            .as_ref()
            .or(self.target.as_ref())
            .map(|v| v.at)
            .unwrap_or(self.at)
    }
}

/// A 二级 indicator's 分值 as the form writes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Level2Points {
    /// 一级指标 (its name without points).
    pub level1: String,
    /// 二级指标 (its name without points).
    pub level2: String,
    /// 分值 and the cell it was read from.
    pub points: Located<Decimal>,
}

/// One row of section 五 (绩效评价指标得分) as the department filled it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorRow {
    /// 一级指标 as written (filled down).
    pub level1: String,
    /// 二级指标 as written (filled down).
    pub level2: String,
    /// 三级指标 as written.
    pub level3: String,
    /// The scheme indicator this row matched, by index.
    pub scheme_index: Option<usize>,
    /// 分值 as declared.
    pub points: Amount,
    /// 年度目标值 as written (boxed: most indicator rows leave it empty, and a
    /// province's batch holds 16 rows per form).
    pub target: Option<Box<Located<GoalValue>>>,
    /// 实际完成值 as written (boxed, as `target`).
    pub actual: Option<Box<Located<GoalValue>>>,
    /// 完成率 as declared (fraction).
    pub declared_completion: Amount,
    /// 自评得分.
    pub self_score: Amount,
    /// 扣分原因.
    pub reason: String,
    /// Row in the sheet (0-based).
    pub row: u32,
    /// Column of 自评得分 (the indicator's cell reference).
    pub score_col: u32,
    /// Column of the 三级指标 name.
    pub name_col: u32,
    /// Whether this is the budget-execution row of the money table (its 分值 and
    /// 得分), scored by the 执行率, not an indicator of the indicator table.
    #[serde(default)]
    pub budget: bool,
}

/// Everything the reader extracted from one form: what the department declared.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Form {
    /// The input file path as given on the command line (with `/` separators).
    pub file: String,
    /// The sheet that holds the form (the first of [`Form::parts`] when it was
    /// read from several).
    pub sheet: String,
    /// The sheets of a form whose blocks stand on several sheets of the workbook
    /// (a layout's `[money] sheet`, `[indicators] sheet`), in the order they were
    /// stacked; empty for a form on one sheet. Cell positions are rows of the
    /// stacked grid: [`Form::place`] names the sheet each came from.
    #[serde(default)]
    pub parts: Vec<SheetPart>,
    /// Id of the layout the form was read with (`canonical`, `mof-2020`).
    pub layout: String,
    /// 部门名称 (decorations such as （公章） dropped), or the file name as fallback.
    pub name: String,
    /// Where 部门名称 was read; `None` when the file name stands in.
    pub name_at: Option<CellPos>,
    /// 预算单位编码.
    pub code: Text,
    /// The evaluation year (`（2023年度）`).
    pub year: Option<Located<i32>>,
    /// 所属下级预算单位数量.
    pub subordinate_units: Option<Located<u32>>,
    /// Section 一, by fund kind in [`FundKind::ALL`] order.
    pub funds: [FundRow; 9],
    /// 年末结转和结余.
    pub carryover: Amount,
    /// Section 二 三公 lines, in [`SangongKind::ALL`] order.
    pub sangong: [PairRow; 6],
    /// 政府采购 (预算数 = 采购预算, 执行数 = 实际采购金额).
    pub procurement: PairRow,
    /// 年末资产.
    pub assets: Assets,
    /// Section 四.
    pub goals: Vec<GoalRow>,
    /// Section 五 indicator rows (matched or not).
    pub indicators: Vec<IndicatorRow>,
    /// The 三级指标 header cell of section 五, when the table was found.
    pub indicator_table: Option<CellPos>,
    /// 一级 points written in the 一级 label (`产出指标（60分）`): name, points and
    /// the label's cell.
    pub level1_points: Vec<(String, Located<Decimal>)>,
    /// 二级 points written in the 二级 label (`相关性（5分）`) or in its own 分值
    /// column: the 一级 and 二级 names, the points and their cell.
    #[serde(default)]
    pub level2_points: Vec<Level2Points>,
    /// 自评总分 as declared on the 总分 row.
    pub self_total: Amount,
    /// 总分 row's declared 分值.
    pub declared_points_total: Amount,
    /// 评价等级 as declared.
    pub declared_grade: Text,
    /// Narrative fields.
    pub text: Narrative,
    /// 填报人, 联系电话, 填报日期.
    pub filler: Filler,
    /// Whether the amounts were given in 元 and converted to 万元.
    pub converted_from_yuan: bool,
    /// Amounts implausible for their stated unit (UNIT-SUSPECT): shown as written,
    /// left out of the district totals.
    pub unit_suspect: bool,
    /// Findings raised while reading (moved to [`Department::findings`](super::review::Department::findings) by the review).
    pub findings: Vec<Finding>,
}

impl Form {
    /// An empty form of a file: nothing declared yet.
    pub fn new(file: &str, sheet: &str, name: &str) -> Form {
        Form {
            file: file.to_string(),
            sheet: sheet.to_string(),
            parts: Vec::new(),
            layout: String::new(),
            name: name.to_string(),
            name_at: None,
            code: None,
            year: None,
            subordinate_units: None,
            funds: Default::default(),
            carryover: None,
            sangong: Default::default(),
            procurement: PairRow::default(),
            assets: Assets::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            indicator_table: None,
            level1_points: Vec::new(),
            level2_points: Vec::new(),
            self_total: None,
            declared_points_total: None,
            declared_grade: None,
            text: Narrative::default(),
            filler: Filler::default(),
            converted_from_yuan: false,
            unit_suspect: false,
            findings: Vec::new(),
        }
    }

    /// The fund row of a kind.
    pub fn fund(&self, kind: FundKind) -> &FundRow {
        &self.funds[kind as usize]
    }

    /// The 三公 line of a kind.
    pub fn sangong(&self, kind: SangongKind) -> &PairRow {
        &self.sangong[kind as usize]
    }

    /// A cell of this form: on its sheet, or on the sheet of [`Form::parts`] the
    /// cell came from.
    pub fn place(&self, at: CellPos) -> Place {
        place_in(&self.sheet, &self.parts, at)
    }

    /// The form's own position of a cell of one of its sheets (the inverse of
    /// [`Form::place`]); `None` for a cell of another sheet.
    pub fn grid_cell(&self, sheet: &str, at: CellPos) -> Option<CellPos> {
        grid_cell(&self.sheet, &self.parts, sheet, at)
    }

    /// `自评表!E8` for a cell of this form's sheet, as a person reads it.
    pub fn cell_ref(&self, at: CellPos) -> String {
        self.place(at).to_string()
    }
}
