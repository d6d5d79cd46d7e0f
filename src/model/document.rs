//! The JSON document (`JSON.md`) as plain serde types: written by the JSON writer,
//! read back by a follow-up run (`--previous 上次.json`). One definition of the
//! layout, so that the reader can never drift from the writer.
//!
//! Values are as printed: decimals as strings (amounts with 2 places, rates as
//! 4-decimal fractions), `null` where absent or not comparable. Field order is the
//! order of the document. Every field has a default, so that a document of an
//! earlier version still reads.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A value as printed (`"1954.07"`, `"0.9998"`), or `null`.
pub type Shown = Option<String>;

/// The whole document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    /// Always `jixiao`.
    pub tool: String,
    /// jixiao's version.
    pub version: String,
    /// The scheme's id.
    pub scheme: String,
    /// The batch's year.
    pub year: Option<i32>,
    /// District totals.
    pub district: DistrictDoc,
    /// One per department, in name order.
    pub departments: Vec<DepartmentDoc>,
    /// Every finding, in the order of the 审核问题 sheet.
    pub findings: Vec<FindingDoc>,
    /// One per input file.
    pub files: Vec<FileDoc>,
    /// One per report read, paired or not, in file order.
    pub reports: Vec<ReportEntryDoc>,
    /// Against an earlier run, in a follow-up run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpDoc>,
    /// This review's date as printed (`2026年12月8日`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// The reviewer's closing decisions in force, for the next round.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionDoc>,
}

/// A reviewer's decision on a finding (`decisions`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionDoc {
    /// 部门名称.
    pub department: String,
    /// Rule id.
    pub rule: String,
    /// Cell or paragraph, `null` for the whole file.
    pub cell: Shown,
    /// The declared value decided on.
    pub declared: Shown,
    /// The computed value decided on.
    pub computed: Shown,
    /// The finding's message.
    pub message: String,
    /// `pending` (待整改) / `verified` (已核实无误) / `dismissed` (不予采纳).
    pub verdict: String,
    /// 审核人意见.
    pub remark: Shown,
    /// The review date it was made on.
    pub decided: Shown,
}

/// What a summary workbook carries for the next round (`--previous 汇总表.xlsx`),
/// in its hidden sheet: the departments' tracked figures, every finding in the
/// order of 审核问题 (numbered from 1 there), and the decisions in force.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundDoc {
    /// Always `jixiao`.
    pub tool: String,
    /// jixiao's version.
    pub version: String,
    /// The scheme's id.
    pub scheme: String,
    /// The batch's year.
    pub year: Option<i32>,
    /// The review's date as printed.
    pub review_date: Option<String>,
    /// Each department kept.
    pub departments: Vec<RoundDepartmentDoc>,
    /// Every finding, in the order of 审核问题.
    pub findings: Vec<FindingDoc>,
    /// The closing decisions in force.
    pub decisions: Vec<DecisionDoc>,
}

/// One department in a [`RoundDoc`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoundDepartmentDoc {
    /// 部门名称.
    pub name: String,
    /// The form's file and its reports' files: whose findings are the department's.
    pub files: Vec<String>,
    /// The tracked figures, as shown (全年预算数, 全年执行数, 执行率, 自评总分,
    /// 复核总分, 等级).
    pub figures: Vec<Shown>,
}

/// `district`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DistrictDoc {
    /// Number of departments.
    pub departments: usize,
    /// Σ 全年预算数.
    pub budget: String,
    /// Σ 全年执行数.
    pub spent: String,
    /// Σ执行 / Σ预算.
    pub rate: Shown,
    /// Mean 复核总分.
    pub mean_score: Shown,
    /// Median 复核总分.
    pub median_score: Shown,
    /// Departments per grade (`优` … `差`).
    pub grades: Map<String, Value>,
    /// Findings per severity (`错误` `警告` `提示`).
    pub findings: Map<String, Value>,
    /// Departments without a 复核总分.
    pub unscored: usize,
    /// Departments left out of the totals for their unit.
    pub unit_suspect: usize,
    /// Departments left out of the totals for want of a budget or spending total.
    pub without_amounts: usize,
}

/// One department.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DepartmentDoc {
    /// 部门名称.
    pub name: String,
    /// 预算单位编码.
    pub code: Shown,
    /// The form's year.
    pub year: Option<i32>,
    /// 所属下级预算单位数量.
    pub subordinate_units: Option<u32>,
    /// Where the form came from.
    pub source: SourceDoc,
    /// The layout's id.
    pub layout: String,
    /// Amounts implausible for their unit.
    pub unit_suspect: bool,
    /// Section 一, by fund.
    pub funds: FundsDoc,
    /// 年末结转和结余.
    pub carryover: Shown,
    /// 三公 lines.
    pub sangong: SangongDoc,
    /// 政府采购.
    pub procurement: PairDoc,
    /// 年末资产.
    pub assets: AssetsDoc,
    /// Section 四.
    pub goals: Vec<GoalDoc>,
    /// Section 五, scored, then the rows no indicator stands for.
    pub indicators: Vec<IndicatorDoc>,
    /// Totals, grade, rank.
    pub scores: ScoresDoc,
    /// The narrative.
    pub text: TextDoc,
    /// 填报人.
    pub filler: FillerDoc,
    /// The paired report.
    pub report: Option<ReportDoc>,
}

/// `source`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceDoc {
    /// The input file.
    pub file: String,
    /// The form's sheet.
    pub sheet: String,
    /// SHA-256 of the file.
    pub sha256: Shown,
}

/// One fund row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FundDoc {
    /// 年初预算数.
    pub initial: Shown,
    /// 全年预算数.
    pub budget: Shown,
    /// 全年执行数.
    pub spent: Shown,
    /// 执行率, computed.
    pub rate: Shown,
    /// 执行率 as declared.
    pub declared_rate: Shown,
    /// 历年结余结转.
    pub carried_over: Shown,
    /// 年中调整金额.
    pub adjustment: Shown,
    /// 本年度结余金额.
    pub balance: Shown,
    /// 资金结余率 as declared.
    pub declared_balance_rate: Shown,
}

/// `funds`, in the form's order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FundsDoc {
    /// 年度资金总额.
    pub total: FundDoc,
    /// 一般公共预算.
    pub general_public: FundDoc,
    /// 政府性基金预算.
    pub gov_fund: FundDoc,
    /// 国有资本经营预算.
    pub state_capital: FundDoc,
    /// 其他资金.
    pub other: FundDoc,
    /// 基本支出.
    pub basic: FundDoc,
    /// 项目支出.
    pub project: FundDoc,
    /// 财政拨款.
    pub fiscal: FundDoc,
    /// 上年结转资金 (the row; the Fujian column ② is each row's `carried_over`).
    pub carried_over: FundDoc,
}

/// A 预算数 / 执行数 line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PairDoc {
    /// 预算数.
    pub budget: Shown,
    /// 执行数.
    pub spent: Shown,
    /// 执行率, computed.
    pub rate: Shown,
}

/// `sangong`, in the form's order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SangongDoc {
    /// “三公”经费合计.
    pub total: PairDoc,
    /// 因公出国（境）费.
    pub abroad: PairDoc,
    /// 公务用车购置及运行维护费.
    pub vehicles: PairDoc,
    /// 公务用车购置费.
    pub vehicle_purchase: PairDoc,
    /// 公务用车运行维护费.
    pub vehicle_running: PairDoc,
    /// 公务接待费.
    pub reception: PairDoc,
}

/// `assets`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetsDoc {
    /// 年末资产总额.
    pub total: Shown,
    /// 固定资产原值.
    pub fixed_original: Shown,
    /// 在用固定资产原值.
    pub fixed_in_use: Shown,
    /// 固定资产利用率, computed.
    pub utilization: Shown,
}

/// One goal of section 四.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalDoc {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// `>=` `<=` `=` `qualitative`.
    pub direction: String,
    /// 计量单位.
    pub unit: Shown,
    /// 年度目标值.
    pub target: Shown,
    /// 实际完成值.
    pub actual: Shown,
    /// 完成率, computed.
    pub completion: Shown,
    /// The goal's cell.
    pub cell: String,
}

/// One indicator of section 五.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorDoc {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// 分值.
    pub points: Shown,
    /// Target.
    pub target: Shown,
    /// Actual.
    pub actual: Shown,
    /// Completion.
    pub completion: Shown,
    /// 自评得分.
    pub self_score: Shown,
    /// 复核得分.
    pub score: Shown,
    /// The scoring method (`null` for a row no indicator stands for).
    pub method: Shown,
    /// 扣分原因.
    pub reason: Shown,
    /// The 自评得分 cell.
    pub cell: Shown,
}

/// `scores`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoresDoc {
    /// 一级 scores by name.
    pub by_level1: Map<String, Value>,
    /// 二级 scores by name.
    pub by_level2: Map<String, Value>,
    /// 自评总分.
    pub self_total: Shown,
    /// 复核总分.
    pub total: Shown,
    /// Points the scheme's optional rules took off.
    pub deduction: Shown,
    /// 复核总分 − 自评总分.
    pub difference: Shown,
    /// 等级.
    pub grade: Shown,
    /// 评价等级 as declared.
    pub declared_grade: Shown,
    /// Rank.
    pub rank: Option<u32>,
}

/// `text`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TextDoc {
    /// 年度总体目标.
    pub overall_goal: Shown,
    /// 实际完成情况.
    pub achievement: Shown,
    /// 存在的主要问题.
    pub problems: Shown,
    /// 下一步改进措施.
    pub measures: Shown,
}

/// `filler`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FillerDoc {
    /// 填报人.
    pub name: Shown,
    /// 联系电话.
    pub phone: Shown,
    /// 填报日期.
    pub date: Shown,
}

/// `departments[].report` (REPORT.md §5).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportDoc {
    /// The report file.
    pub file: String,
    /// SHA-256 of it.
    pub sha256: String,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// The department name it states.
    pub stated_name: Shown,
    /// What it states.
    pub claims: Vec<ClaimDoc>,
}

/// `reports[]`: every report read, paired or not, with the name it states, what it
/// states and its pair with the evidence.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportEntryDoc {
    /// The report file.
    pub file: String,
    /// SHA-256 of it.
    pub sha256: String,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// The department name it states.
    pub stated_name: Shown,
    /// Where that name stands: `field` (`部门名称：…`), `title` (the title or the
    /// line above it), `null` when none is stated.
    pub name_from: Shown,
    /// The department it belongs to: its form's name when paired, else the name it
    /// states.
    pub department: Shown,
    /// The form it is paired with.
    pub paired_with: Shown,
    /// The evidence of that pair: 文件夹 / 部门名称 / 报告正文 / 文件名.
    pub paired_by: Shown,
    /// For another version of a report (another format, an older draft): the
    /// report that is checked; this one is only compared with it.
    pub version_of: Shown,
    /// What it states.
    pub claims: Vec<ClaimDoc>,
}

/// One claim of a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimDoc {
    /// Subject id.
    pub subject: String,
    /// Subject in Chinese.
    pub name: String,
    /// The value (a grade as 优/良/中/差).
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Paragraph.
    pub paragraph: usize,
    /// The words stated.
    pub quote: String,
}

/// One finding.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingDoc {
    /// Rule id.
    pub rule: String,
    /// 错误/警告/提示.
    pub severity: String,
    /// Department (empty for a file that gave none).
    pub department: String,
    /// Input file.
    pub file: String,
    /// Cell or paragraph, `null` for the whole file.
    pub cell: Shown,
    /// Message.
    pub message: String,
    /// The declared value.
    pub declared: Shown,
    /// The computed value.
    pub computed: Shown,
}

impl From<&super::finding::Finding> for FindingDoc {
    fn from(f: &super::finding::Finding) -> FindingDoc {
        FindingDoc {
            rule: f.rule.id().to_string(),
            severity: f.severity.label().to_string(),
            department: f.department.clone(),
            file: f.file.clone(),
            cell: f.place.shown(),
            message: f.message.clone(),
            declared: f.declared.clone(),
            computed: f.computed.clone(),
        }
    }
}

/// One input file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FileDoc {
    /// Path.
    pub file: String,
    /// `imported` / `failed` / `skipped`.
    pub status: String,
    /// Reason of a failure or skip.
    pub reason: Shown,
    /// Department read from it.
    pub department: Shown,
    /// The form's sheet.
    pub sheet: Shown,
    /// SHA-256.
    pub sha256: Shown,
    /// Size in bytes.
    pub bytes: u64,
    /// Layout id.
    pub layout: Shown,
    /// Technical cause of a failure.
    pub detail: Shown,
    /// `form` / `report` / `other`.
    pub kind: String,
    /// The other end of a form–report pair.
    pub paired_with: Shown,
    /// The evidence of that pair: 文件夹 / 部门名称 / 报告正文 / 文件名.
    pub paired_by: Shown,
}

/// `follow_up`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpDoc {
    /// The earlier run's file.
    pub previous: String,
    /// Departments only in this run.
    pub new_departments: Vec<String>,
    /// Departments only in the earlier run.
    pub missing_departments: Vec<String>,
    /// Per department of either run.
    pub departments: Vec<FollowUpDepartmentDoc>,
}

/// One department's follow-up.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpDepartmentDoc {
    /// 部门名称.
    pub name: String,
    /// `both` / `new` / `missing`.
    pub presence: String,
    /// 已整改.
    pub resolved: Vec<SeenDoc>,
    /// 未整改.
    pub open: Vec<SeenDoc>,
    /// 新问题.
    pub new: Vec<SeenDoc>,
    /// 已核实: closed by the reviewer, not raised again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verified: Vec<SeenDoc>,
    /// Figures that changed.
    pub changed: Vec<ChangeDoc>,
}

/// A finding as the follow-up lists it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SeenDoc {
    /// Rule id.
    pub rule: String,
    /// 错误/警告/提示.
    pub severity: String,
    /// File.
    pub file: String,
    /// Cell or paragraph.
    pub cell: Shown,
    /// Message.
    pub message: String,
    /// The reviewer's remark (审核人意见).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Shown,
}

/// A tracked figure that changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeDoc {
    /// The figure.
    pub field: String,
    /// Before.
    pub old: String,
    /// Now.
    pub new: String,
}
