//! Plain data flowing through the pipeline: read → compute → (check) → write.
//!
//! The reader produces a [`Form`] (what the department declared, each value with the
//! cell it came from). The compute stage wraps it in a [`Department`] with a
//! [`Review`] (what the finance bureau recomputes). Declared values are never
//! overwritten: 自报 and 复核 stand side by side.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A cell position inside a sheet, 0-based.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellPos {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl CellPos {
    /// A new position from 0-based row and column.
    pub fn new(row: u32, col: u32) -> Self {
        CellPos { row, col }
    }

    /// The A1 reference of this cell, e.g. `E8`.
    ///
    /// ```
    /// assert_eq!(jixiao::model::CellPos::new(7, 4).a1(), "E8");
    /// assert_eq!(jixiao::model::CellPos::new(0, 27).a1(), "AB1");
    /// ```
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }

    /// A finding's cell reference split into its sheet and position, the inverse of
    /// `format!("{sheet}!{}", at.a1())`; `None` for anything else (`第3段`).
    ///
    /// ```
    /// use jixiao::model::CellPos;
    /// assert_eq!(CellPos::parse_ref("自评表!C18"), Some(("自评表", CellPos::new(17, 2))));
    /// assert_eq!(CellPos::parse_ref("Sheet1!AA3"), Some(("Sheet1", CellPos::new(2, 26))));
    /// assert_eq!(CellPos::parse_ref("第3段"), None);
    /// ```
    pub fn parse_ref(cell: &str) -> Option<(&str, CellPos)> {
        let (sheet, a1) = cell.rsplit_once('!')?;
        let letters = a1.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (letters, digits) = a1.split_at(letters);
        if letters.is_empty() || digits.is_empty() {
            return None;
        }
        let col = letters
            .bytes()
            .try_fold(0u32, |acc, b| {
                acc.checked_mul(26)?
                    .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
            })?
            .checked_sub(1)?;
        let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
        Some((sheet, CellPos::new(row, col)))
    }
}

/// The column letters of a 0-based column index (`0` → `A`, `26` → `AA`).
pub fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII column letters")
}

/// A value read from the form together with the cell it came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Located<T> {
    /// The value as understood by the reader.
    pub value: T,
    /// Where it stands in the form's sheet.
    pub at: CellPos,
}

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
    /// national and Fujian forms write it; never filed as 一般公共预算.
    Fiscal,
}

impl FundKind {
    /// Every fund row, in index order ([`Form::funds`]).
    pub const ALL: [FundKind; 8] = [
        FundKind::Total,
        FundKind::GeneralPublic,
        FundKind::GovFund,
        FundKind::StateCapital,
        FundKind::Other,
        FundKind::Basic,
        FundKind::Project,
        FundKind::Fiscal,
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
    /// The sheet that holds the form.
    pub sheet: String,
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
    pub funds: [FundRow; 8],
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
    /// Findings raised while reading (moved to [`Department::findings`] by the review).
    pub findings: Vec<Finding>,
}

impl Department {
    /// Indicator rows of the form that no scored indicator stands for (rows that
    /// match no indicator of a fixed scheme): kept and shown, not scored.
    pub fn unscored_rows(&self) -> impl Iterator<Item = &IndicatorRow> {
        unscored(&self.form.indicators, &self.review.indicators)
    }
}

/// How many rows [`Department::unscored_rows`] would give for these rows and
/// scored indicators (a department whose rows are held apart from it).
pub fn unscored_count(rows: &[IndicatorRow], scored: &[ScoredIndicator]) -> usize {
    unscored(rows, scored).count()
}

fn unscored<'a>(
    rows: &'a [IndicatorRow],
    scored: &[ScoredIndicator],
) -> impl Iterator<Item = &'a IndicatorRow> {
    let used: Vec<usize> = scored
        .iter()
        .filter(|s| s.scheme_index.is_none())
        .filter_map(|s| s.row)
        .collect();
    rows.iter()
        .enumerate()
        .filter(move |(k, r)| r.scheme_index.is_none() && !used.contains(k))
        .map(|(_, r)| r)
}

impl Form {
    /// An empty form of a file: nothing declared yet.
    pub fn new(file: &str, sheet: &str, name: &str) -> Form {
        Form {
            file: file.to_string(),
            sheet: sheet.to_string(),
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

    /// `自评表!E8` for a cell of this form's sheet.
    pub fn cell_ref(&self, at: CellPos) -> String {
        format!("{}!{}", self.sheet, at.a1())
    }
}

/// Severity of a finding (`CHECKS.md`).
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 错误: wrong or missing, the department must resubmit.
    Error,
    /// 警告: inconsistent, a human must look.
    Warning,
    /// 提示: noted, nothing wrong.
    Note,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Note];

    /// The Chinese name used everywhere in outputs.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Rule ids go through the batch store as text and come back as the same
/// `&'static str`. Every id the program raises is a literal in its code, so the set
/// is small and fixed: each distinct id is interned once, on first sight.
mod rule_id {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeSet;
    use std::sync::RwLock;

    static SEEN: RwLock<BTreeSet<&'static str>> = RwLock::new(BTreeSet::new());

    pub fn serialize<S: Serializer>(rule: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rule)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        let rule = <&str>::deserialize(d)?;
        if let Some(known) = SEEN.read().unwrap_or_else(|e| e.into_inner()).get(rule) {
            return Ok(known);
        }
        let mut seen = SEEN.write().unwrap_or_else(|e| e.into_inner());
        Ok(match seen.get(rule) {
            Some(known) => known,
            None => {
                let leaked: &'static str = Box::leak(rule.to_owned().into_boxed_str());
                seen.insert(leaked);
                leaked
            }
        })
    }
}

/// A rule id (`SUM-FUNDS`, …). An alias, not `&'static str` in the field itself,
/// so that serde does not take the field for text borrowed from the input.
pub type RuleId = &'static str;

/// One review finding: a rule that fired on a cell.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Finding {
    /// Rule id (`SUM-FUNDS`, `RATE-NA`, …).
    #[serde(with = "rule_id")]
    pub rule: RuleId,
    /// Severity.
    pub severity: Severity,
    /// Department name (empty for a file that produced none).
    pub department: String,
    /// Input file.
    pub file: String,
    /// `自评表!E8`, or `None` for a whole-file finding.
    pub cell: Option<String>,
    /// A message a reviewer understands without the manual.
    pub message: String,
    /// The declared value, as printed.
    pub declared: Option<String>,
    /// The computed value, as printed.
    pub computed: Option<String>,
}

/// Outcome of one input file.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Read as a department.
    Imported,
    /// A spreadsheet (or supposed one) that could not be read as a form.
    Failed,
    /// Not a submission (lock file, not a spreadsheet).
    Skipped,
}

impl FileStatus {
    /// JSON value (`imported` / `failed` / `skipped`).
    pub fn key(self) -> &'static str {
        match self {
            FileStatus::Imported => "imported",
            FileStatus::Failed => "failed",
            FileStatus::Skipped => "skipped",
        }
    }

    /// Chinese label for the workbook (已导入 / 失败 / 跳过).
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Imported => "已导入",
            FileStatus::Failed => "失败",
            FileStatus::Skipped => "跳过",
        }
    }
}

/// One input file and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    /// Path as given (with `/` separators).
    pub file: String,
    /// Outcome.
    pub status: FileStatus,
    /// One-line reason for a failure or skip, in plain Chinese.
    pub reason: Option<String>,
    /// The technical cause of a failure (a library's words), for support.
    pub detail: Option<String>,
    /// Department read from it.
    pub department: Option<String>,
    /// The sheet holding the form.
    pub sheet: Option<String>,
    /// Id of the layout the form was read with.
    pub layout: Option<String>,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// Modification time, seconds since the epoch (decides between two forms of
    /// one department that give no 填报日期).
    pub modified: Option<i64>,
    /// Whether the file was read as a 自评报告 (else a form, or nothing).
    pub report: bool,
    /// The other end of a form–report pair: the report of a form, the form of a
    /// report.
    pub paired_with: Option<String>,
}

/// A 自评报告 as the batch keeps it (JSON `departments[].report`).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The report file.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// The department name it states.
    pub stated_name: Option<String>,
    /// What it states.
    pub claims: Vec<crate::report::claims::Claim>,
    /// Slips inside the report (before pairing gives them a department).
    pub slips: Vec<crate::report::rules::Slip>,
    /// The form it is paired with.
    pub form: Option<String>,
    /// For the second format of one report (the PDF beside the .docx), the file of
    /// the version that is checked and shown; this one is only compared with it.
    pub same_as: Option<String>,
    /// The report set against its form, field by field (the 报告核对 sheet); empty
    /// until paired, and for a second version.
    pub reconciled: Vec<crate::report::reconcile::Reconciled>,
}

/// Letter grade of a total score.
#[derive(Debug, Clone, Serialize, Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 优.
    Excellent,
    /// 良.
    Good,
    /// 中.
    Fair,
    /// 差.
    Poor,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// 优 / 良 / 中 / 差.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// Parse a declared grade (`优`, `优秀`, `良好`, …).
    pub fn parse(text: &str) -> Option<Grade> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match t.as_str() {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "中等" | "合格" => Some(Grade::Fair),
            "差" | "较差" | "不合格" => Some(Grade::Poor),
            _ => None,
        }
    }
}

/// Rates of a fund row, computed.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct FundReview {
    /// 执行率 = 全年执行数 / 全年预算数 (4 decimals), `None` when the base is 0 or missing.
    pub rate: Option<Decimal>,
}

/// One scheme indicator, scored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScoredIndicator {
    /// Index into the scheme's indicators; `None` when the scheme scores the form's
    /// own rows and this is one of them ([`ScoredIndicator::row`]).
    pub scheme_index: Option<usize>,
    /// Index into [`Form::indicators`] of the matched row.
    pub row: Option<usize>,
    /// Target used (fraction for rates), when the method has one.
    pub target: Option<Decimal>,
    /// Actual computed from the form's figures (fraction for rates).
    pub actual: Option<Decimal>,
    /// Completion, 4 decimals.
    pub completion: Option<Decimal>,
    /// The computed score (复核得分), rounded to 2 decimals; `None` when it
    /// cannot be computed and the declared score stands.
    pub computed: Option<Decimal>,
    /// The score counted in the totals: computed, else the declared one; `None`
    /// when there is neither (the totals are then not computed).
    pub score: Option<Decimal>,
}

/// One goal indicator, evaluated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GoalReview {
    /// The direction used (declared, else from the target's sign, else `≥`).
    pub direction: Direction,
    /// Completion, 4 decimals; `None` when unreadable (counted as 0).
    pub completion: Option<Decimal>,
}

/// Totals of a department.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Scores {
    /// 一级 scores in scheme order: (name, score, points); the score is `None`
    /// when a part of it has none.
    pub by_level1: Vec<(String, Option<Decimal>, Decimal)>,
    /// 二级 scores in scheme order: (name, score, points).
    pub by_level2: Vec<(String, Option<Decimal>, Decimal)>,
    /// 复核总分; `None` when a part has no score (never a total of missing parts).
    pub total: Option<Decimal>,
    /// Points the scheme's optional rules took off the sum of the parts (指标偏离,
    /// the cap by 执行率), when any did.
    pub deduction: Option<Decimal>,
    /// 复核总分 − 自评总分 (when both exist).
    pub difference: Option<Decimal>,
    /// Grade of the 复核总分.
    pub grade: Option<Grade>,
    /// Competition rank in the batch by 复核总分 (none without a total).
    pub rank: Option<u32>,
}

/// What the finance bureau recomputed for one department.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Review {
    /// Per fund row, in [`FundKind::ALL`] order.
    pub funds: [FundReview; 8],
    /// 结转结余率 = 年末结转和结余 / 全年预算数.
    pub carryover_rate: Option<Decimal>,
    /// 执行率 of each 三公 line, in [`SangongKind::ALL`] order.
    pub sangong_rates: [Option<Decimal>; 6],
    /// 政府采购执行率.
    pub procurement_rate: Option<Decimal>,
    /// 固定资产利用率 = 在用 / 原值.
    pub fixed_asset_utilization: Option<Decimal>,
    /// Per goal, in [`Form::goals`] order.
    pub goals: Vec<GoalReview>,
    /// Per scheme indicator, in scheme order (or per form row, for a scheme that
    /// scores the form's own rows).
    pub indicators: Vec<ScoredIndicator>,
    /// Totals, grade, rank.
    pub scores: Scores,
}

/// One department: its form and its review.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Department {
    /// What was declared.
    pub form: Form,
    /// What was recomputed.
    pub review: Review,
    /// Findings about this department (reader's and reviewer's) while the batch is
    /// processed; the batch store keeps them apart ([`Batch::findings`]) and their
    /// counts here.
    pub findings: Vec<Finding>,
    /// How many findings of each [`Severity`] this department has.
    pub finding_counts: [usize; 3],
}

/// District-wide figures over all departments (`SCORING.md` §5).
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct District {
    /// Number of departments.
    pub departments: usize,
    /// Σ 全年预算数.
    pub budget: Decimal,
    /// Σ 全年执行数.
    pub spent: Decimal,
    /// Σ执行 / Σ预算, 4 decimals.
    pub rate: Option<Decimal>,
    /// Mean 复核总分.
    pub mean_score: Option<Decimal>,
    /// Median 复核总分.
    pub median_score: Option<Decimal>,
    /// Count per grade, in [`Grade::ALL`] order.
    pub grades: [usize; 4],
    /// Count of findings per severity, in [`Severity::ALL`] order.
    pub findings: [usize; 3],
    /// Departments without a 复核总分 (left out of mean, median and grades).
    pub unscored: usize,
    /// Departments whose amounts are implausible for their unit, left out of
    /// Σ 全年预算数 and Σ 全年执行数.
    pub unit_suspect: usize,
}

/// The result of a whole run.
pub struct Batch {
    /// The batch's year (`--year`, else the most common year of the forms).
    pub year: Option<i32>,
    /// District name (`--district`).
    pub district_name: Option<String>,
    /// Scheme id.
    pub scheme_id: String,
    /// Departments sorted by name, kept encoded (see [`crate::store`]).
    pub departments: crate::store::Departments,
    /// Findings of the files that gave no department (failed to read), sorted by
    /// file; [`Batch::findings`] gives every finding of the batch.
    pub file_findings: Vec<Finding>,
    /// One record per input file, sorted by path.
    pub files: Vec<FileRecord>,
    /// The reports read, sorted by file.
    pub reports: Vec<Report>,
    /// District totals.
    pub district: District,
    /// Against an earlier run (`--previous`): what was corrected, what is new.
    pub follow_up: Option<crate::follow_up::FollowUp>,
}
