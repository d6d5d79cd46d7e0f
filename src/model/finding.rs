//! Findings: a [`Rule`] that fired at a [`Place`], with both values where there are
//! two, and the one order they are listed in.

use super::place::Place;
use serde::{Deserialize, Serialize};
use std::fmt;

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

/// A review rule (`CHECKS.md`, `REPORT.md` §4): its id, its Chinese name and the
/// severity it is raised at. Every rule jixiao raises is a variant here, so a rule
/// without a name or a severity does not compile.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `UNREADABLE`: 文件无法打开.
    Unreadable,
    /// `NO-FORM`: 未找到自评表.
    NoForm,
    /// `MISSING-FIELD`: 必填项缺失.
    MissingField,
    /// `BAD-NUMBER`: 数字无法识别.
    BadNumber,
    /// `NAME-FALLBACK`: 部门名称缺失.
    NameFallback,
    /// `YEAR-MISMATCH`: 年度不符.
    YearMismatch,
    /// `NO-YEAR`: 年度缺失.
    NoYear,
    /// `DUP-DEPT`: 部门重复报送.
    DupDept,
    /// `SUM-FUNDS`: 资金来源分项不符.
    SumFunds,
    /// `SUM-NATURE`: 支出性质分项不符.
    SumNature,
    /// `SUM-SANGONG`: 三公经费分项不符.
    SumSangong,
    /// `RATE-DECLARED`: 执行率填报不符.
    RateDeclared,
    /// `OVERSPEND`: 执行数超预算.
    Overspend,
    /// `NEGATIVE`: 出现负数.
    Negative,
    /// `POINTS-TOTAL`: 分值不符.
    PointsTotal,
    /// `UNKNOWN-INDICATOR`: 指标不在体系内.
    UnknownIndicator,
    /// `MISSING-INDICATOR`: 缺少指标.
    MissingIndicator,
    /// `SCORE-RANGE`: 得分超出分值.
    ScoreRange,
    /// `SCORE-TOTAL`: 自评总分不符.
    ScoreTotal,
    /// `SCORE-REVIEW`: 自评与复核得分不符.
    ScoreReview,
    /// `GRADE-DECLARED`: 评价等级不符.
    GradeDeclared,
    /// `GOAL-UNREADABLE`: 绩效目标无法比较.
    GoalUnreadable,
    /// `RATE-NA`: 比率不可比.
    RateNa,
    /// `NO-GOALS`: 缺少绩效目标.
    NoGoals,
    /// `TOTAL-NA`: 复核总分无法计算.
    TotalNa,
    /// `TARGET-LOW`: 目标设置偏低.
    TargetLow,
    /// `RATE-CAP`: 执行率封顶.
    RateCap,
    /// `UNIT-SUSPECT`: 金额单位存疑.
    UnitSuspect,
    /// `TABLE-EMPTY`: 表格无数据.
    TableEmpty,
    /// `UNMAPPED`: 栏目无法读取.
    Unmapped,
    /// `LAYOUT-CLOSE`: 版式相近 (two layouts match a sheet almost equally).
    LayoutClose,
    /// `REPORT-SUM`: 报告分项不符.
    ReportSum,
    /// `REPORT-RATE`: 报告比率不符.
    ReportRate,
    /// `REPORT-CONFLICT`: 报告前后不一.
    ReportConflict,
    /// `REPORT-SCORE`: 报告得分不符.
    ReportScore,
    /// `REPORT-FORM`: 报告与自评表不符.
    ReportForm,
    /// `REPORT-UNPAIRED`: 报告无对应自评表.
    ReportUnpaired,
    /// `REPORT-MISSING`: 缺少自评报告.
    ReportMissing,
    /// `REPORT-NAME`: 报告部门名称不一 (paired by folder or file name, yet the
    /// report names its department otherwise).
    ReportName,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 39] = [
        Rule::Unreadable,
        Rule::NoForm,
        Rule::MissingField,
        Rule::BadNumber,
        Rule::NameFallback,
        Rule::YearMismatch,
        Rule::NoYear,
        Rule::DupDept,
        Rule::SumFunds,
        Rule::SumNature,
        Rule::SumSangong,
        Rule::RateDeclared,
        Rule::Overspend,
        Rule::Negative,
        Rule::PointsTotal,
        Rule::UnknownIndicator,
        Rule::MissingIndicator,
        Rule::ScoreRange,
        Rule::ScoreTotal,
        Rule::ScoreReview,
        Rule::GradeDeclared,
        Rule::GoalUnreadable,
        Rule::RateNa,
        Rule::NoGoals,
        Rule::TotalNa,
        Rule::TargetLow,
        Rule::RateCap,
        Rule::UnitSuspect,
        Rule::TableEmpty,
        Rule::Unmapped,
        Rule::LayoutClose,
        Rule::ReportSum,
        Rule::ReportRate,
        Rule::ReportConflict,
        Rule::ReportScore,
        Rule::ReportForm,
        Rule::ReportUnpaired,
        Rule::ReportMissing,
        Rule::ReportName,
    ];

    /// The stable id (`SUM-SANGONG`): what tests, JSON and other systems use.
    pub fn id(self) -> &'static str {
        match self {
            Rule::Unreadable => "UNREADABLE",
            Rule::NoForm => "NO-FORM",
            Rule::MissingField => "MISSING-FIELD",
            Rule::BadNumber => "BAD-NUMBER",
            Rule::NameFallback => "NAME-FALLBACK",
            Rule::YearMismatch => "YEAR-MISMATCH",
            Rule::NoYear => "NO-YEAR",
            Rule::DupDept => "DUP-DEPT",
            Rule::SumFunds => "SUM-FUNDS",
            Rule::SumNature => "SUM-NATURE",
            Rule::SumSangong => "SUM-SANGONG",
            Rule::RateDeclared => "RATE-DECLARED",
            Rule::Overspend => "OVERSPEND",
            Rule::Negative => "NEGATIVE",
            Rule::PointsTotal => "POINTS-TOTAL",
            Rule::UnknownIndicator => "UNKNOWN-INDICATOR",
            Rule::MissingIndicator => "MISSING-INDICATOR",
            Rule::ScoreRange => "SCORE-RANGE",
            Rule::ScoreTotal => "SCORE-TOTAL",
            Rule::ScoreReview => "SCORE-REVIEW",
            Rule::GradeDeclared => "GRADE-DECLARED",
            Rule::GoalUnreadable => "GOAL-UNREADABLE",
            Rule::RateNa => "RATE-NA",
            Rule::NoGoals => "NO-GOALS",
            Rule::TotalNa => "TOTAL-NA",
            Rule::TargetLow => "TARGET-LOW",
            Rule::RateCap => "RATE-CAP",
            Rule::UnitSuspect => "UNIT-SUSPECT",
            Rule::TableEmpty => "TABLE-EMPTY",
            Rule::Unmapped => "UNMAPPED",
            Rule::LayoutClose => "LAYOUT-CLOSE",
            Rule::ReportSum => "REPORT-SUM",
            Rule::ReportRate => "REPORT-RATE",
            Rule::ReportConflict => "REPORT-CONFLICT",
            Rule::ReportScore => "REPORT-SCORE",
            Rule::ReportForm => "REPORT-FORM",
            Rule::ReportUnpaired => "REPORT-UNPAIRED",
            Rule::ReportMissing => "REPORT-MISSING",
            Rule::ReportName => "REPORT-NAME",
        }
    }

    /// The Chinese name a person reads (`三公经费分项不符`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Unreadable => "文件无法打开",
            Rule::NoForm => "未找到自评表",
            Rule::MissingField => "必填项缺失",
            Rule::BadNumber => "数字无法识别",
            Rule::NameFallback => "部门名称缺失",
            Rule::YearMismatch => "年度不符",
            Rule::NoYear => "年度缺失",
            Rule::DupDept => "部门重复报送",
            Rule::SumFunds => "资金来源分项不符",
            Rule::SumNature => "支出性质分项不符",
            Rule::SumSangong => "三公经费分项不符",
            Rule::RateDeclared => "执行率填报不符",
            Rule::Overspend => "执行数超预算",
            Rule::Negative => "出现负数",
            Rule::PointsTotal => "分值不符",
            Rule::UnknownIndicator => "指标不在体系内",
            Rule::MissingIndicator => "缺少指标",
            Rule::ScoreRange => "得分超出分值",
            Rule::ScoreTotal => "自评总分不符",
            Rule::ScoreReview => "自评与复核得分不符",
            Rule::GradeDeclared => "评价等级不符",
            Rule::GoalUnreadable => "绩效目标无法比较",
            Rule::RateNa => "比率不可比",
            Rule::NoGoals => "缺少绩效目标",
            Rule::TotalNa => "复核总分无法计算",
            Rule::TargetLow => "目标设置偏低",
            Rule::RateCap => "执行率封顶",
            Rule::UnitSuspect => "金额单位存疑",
            Rule::TableEmpty => "表格无数据",
            Rule::Unmapped => "栏目无法读取",
            Rule::LayoutClose => "版式相近",
            Rule::ReportSum => "报告分项不符",
            Rule::ReportRate => "报告比率不符",
            Rule::ReportConflict => "报告前后不一",
            Rule::ReportScore => "报告得分不符",
            Rule::ReportForm => "报告与自评表不符",
            Rule::ReportUnpaired => "报告无对应自评表",
            Rule::ReportMissing => "缺少自评报告",
            Rule::ReportName => "报告部门名称不一",
        }
    }

    /// The severity the rule is raised at.
    pub fn severity(self) -> Severity {
        match self {
            Rule::Unreadable => Severity::Error,
            Rule::NoForm => Severity::Error,
            Rule::MissingField => Severity::Error,
            Rule::BadNumber => Severity::Error,
            Rule::NameFallback => Severity::Warning,
            Rule::YearMismatch => Severity::Warning,
            Rule::NoYear => Severity::Note,
            Rule::DupDept => Severity::Warning,
            Rule::SumFunds => Severity::Warning,
            Rule::SumNature => Severity::Warning,
            Rule::SumSangong => Severity::Warning,
            Rule::RateDeclared => Severity::Warning,
            Rule::Overspend => Severity::Warning,
            Rule::Negative => Severity::Error,
            Rule::PointsTotal => Severity::Error,
            Rule::UnknownIndicator => Severity::Warning,
            Rule::MissingIndicator => Severity::Error,
            Rule::ScoreRange => Severity::Error,
            Rule::ScoreTotal => Severity::Warning,
            Rule::ScoreReview => Severity::Warning,
            Rule::GradeDeclared => Severity::Warning,
            Rule::GoalUnreadable => Severity::Warning,
            Rule::RateNa => Severity::Note,
            Rule::NoGoals => Severity::Note,
            Rule::TotalNa => Severity::Error,
            Rule::TargetLow => Severity::Warning,
            Rule::RateCap => Severity::Note,
            Rule::UnitSuspect => Severity::Error,
            Rule::TableEmpty => Severity::Error,
            Rule::Unmapped => Severity::Warning,
            Rule::LayoutClose => Severity::Note,
            Rule::ReportSum => Severity::Warning,
            Rule::ReportRate => Severity::Warning,
            Rule::ReportConflict => Severity::Warning,
            Rule::ReportScore => Severity::Warning,
            Rule::ReportForm => Severity::Warning,
            Rule::ReportUnpaired => Severity::Warning,
            Rule::ReportMissing => Severity::Note,
            Rule::ReportName => Severity::Note,
        }
    }

    /// `名称（ID）`, as a person reads a rule in the workbook, `check` and the forms.
    ///
    /// ```
    /// use jixiao::model::Rule;
    /// assert_eq!(Rule::SumSangong.label(), "三公经费分项不符（SUM-SANGONG）");
    /// ```
    pub fn label(self) -> String {
        format!("{}（{}）", self.name(), self.id())
    }

    /// The rule of an id (an earlier run's JSON).
    ///
    /// ```
    /// use jixiao::model::Rule;
    /// assert_eq!(Rule::from_id("DUP-DEPT"), Some(Rule::DupDept));
    /// assert_eq!(Rule::from_id("NO-SUCH"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One review finding: a rule that fired at a place.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Severity (the rule's, [`Rule::severity`]).
    pub severity: Severity,
    /// Department name (empty for a file that produced none).
    pub department: String,
    /// Input file.
    pub file: String,
    /// The cell or paragraph it points at, or the whole file.
    pub place: Place,
    /// A message a reviewer understands without the manual.
    pub message: String,
    /// The declared value, as printed.
    pub declared: Option<String>,
    /// The computed value, as printed.
    pub computed: Option<String>,
}

impl Finding {
    /// A finding of `rule` at its own severity, without values.
    pub fn new(rule: Rule, department: &str, file: &str, place: Place, message: String) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            department: department.to_string(),
            file: file.to_string(),
            place,
            message,
            declared: None,
            computed: None,
        }
    }

    /// The order findings are listed in: by department, then file, then place
    /// (row, then column), then rule id, then message.
    fn order(&self) -> (&str, &str, (&str, u32, u32), &str, &str) {
        (
            &self.department,
            &self.file,
            self.place.order(),
            self.rule.id(),
            &self.message,
        )
    }
}

/// Findings by department, then file, then place (row, then column), then rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.order().cmp(&b.order()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CellPos;

    #[test]
    fn findings_sort_by_place_row_then_column() {
        let at = |sheet: &str, row, col| Place::cell(sheet, CellPos::new(row, col));
        let finding =
            |place: Place| Finding::new(Rule::SumFunds, "某局", "某局.xlsx", place, String::new());
        let mut found = vec![
            finding(at("自评表", 9, 4)), // E10
            finding(at("自评表", 7, 4)), // E8
            finding(Place::File),
            finding(at("自评表", 7, 26)), // AA8
            finding(Place::Paragraph(12)),
            finding(Place::Paragraph(3)),
        ];
        sort_findings(&mut found);
        let shown: Vec<String> = found.iter().map(|f| f.place.to_string()).collect();
        assert_eq!(
            shown,
            [
                "",
                "第3段",
                "第12段",
                "自评表!E8",
                "自评表!AA8",
                "自评表!E10"
            ]
        );
    }
}
