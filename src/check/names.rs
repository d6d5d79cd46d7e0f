//! The Chinese name of each rule id, shown beside the id wherever a person reads a
//! finding (`审核问题`, `check`, converted forms, `整改情况`): `三公经费分项不符（SUM-SANGONG）`.
//! Ids stay stable for tests and other systems; names may be refined here.

/// (id, Chinese name) of every rule jixiao raises.
pub const RULES: &[(&str, &str)] = &[
    ("UNREADABLE", "文件无法打开"),
    ("NO-FORM", "未找到自评表"),
    ("MISSING-FIELD", "必填项缺失"),
    ("BAD-NUMBER", "数字无法识别"),
    ("NAME-FALLBACK", "部门名称缺失"),
    ("YEAR-MISMATCH", "年度不符"),
    ("DUP-DEPT", "部门重复报送"),
    ("SUM-FUNDS", "资金来源分项不符"),
    ("SUM-NATURE", "支出性质分项不符"),
    ("SUM-SANGONG", "三公经费分项不符"),
    ("RATE-DECLARED", "执行率填报不符"),
    ("OVERSPEND", "执行数超预算"),
    ("NEGATIVE", "出现负数"),
    ("POINTS-TOTAL", "分值不符"),
    ("UNKNOWN-INDICATOR", "指标不在体系内"),
    ("MISSING-INDICATOR", "缺少指标"),
    ("SCORE-RANGE", "得分超出分值"),
    ("SCORE-TOTAL", "自评总分不符"),
    ("SCORE-REVIEW", "自评与复核得分不符"),
    ("GRADE-DECLARED", "评价等级不符"),
    ("GOAL-UNREADABLE", "绩效目标无法比较"),
    ("RATE-NA", "比率不可比"),
    ("NO-GOALS", "缺少绩效目标"),
    ("TOTAL-NA", "复核总分无法计算"),
    ("TARGET-LOW", "目标设置偏低"),
    ("RATE-CAP", "执行率封顶"),
    ("UNIT-SUSPECT", "金额单位存疑"),
    ("TABLE-EMPTY", "表格无数据"),
    ("UNMAPPED", "栏目无法读取"),
    ("REPORT-SUM", "报告分项不符"),
    ("REPORT-RATE", "报告比率不符"),
    ("REPORT-CONFLICT", "报告前后不一"),
    ("REPORT-SCORE", "报告得分不符"),
    ("REPORT-FORM", "报告与自评表不符"),
    ("REPORT-UNPAIRED", "报告无对应自评表"),
    ("REPORT-MISSING", "缺少自评报告"),
];

/// The Chinese name of a rule id (the id itself for an id not in [`RULES`]).
pub fn name(id: &str) -> &str {
    RULES.iter().find(|(i, _)| *i == id).map_or(id, |(_, n)| n)
}

/// `名称（ID）`, as a person reads a rule.
pub fn label(id: &str) -> String {
    match RULES.iter().find(|(i, _)| *i == id) {
        Some((_, n)) => format!("{n}（{id}）"),
        None => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_spec_has_a_name() {
        // The ids of CHECKS.md and REPORT.md §4.
        for id in [
            "UNREADABLE",
            "NO-FORM",
            "MISSING-FIELD",
            "BAD-NUMBER",
            "NAME-FALLBACK",
            "YEAR-MISMATCH",
            "DUP-DEPT",
            "SUM-FUNDS",
            "SUM-NATURE",
            "SUM-SANGONG",
            "RATE-DECLARED",
            "OVERSPEND",
            "NEGATIVE",
            "POINTS-TOTAL",
            "UNKNOWN-INDICATOR",
            "MISSING-INDICATOR",
            "SCORE-RANGE",
            "SCORE-TOTAL",
            "SCORE-REVIEW",
            "GRADE-DECLARED",
            "GOAL-UNREADABLE",
            "RATE-NA",
            "NO-GOALS",
            "UNIT-SUSPECT",
            "TABLE-EMPTY",
            "UNMAPPED",
            "REPORT-SUM",
            "REPORT-RATE",
            "REPORT-CONFLICT",
            "REPORT-SCORE",
            "REPORT-FORM",
            "REPORT-UNPAIRED",
            "REPORT-MISSING",
        ] {
            assert_ne!(name(id), id, "{id} has no Chinese name");
        }
        assert_eq!(label("SUM-SANGONG"), "三公经费分项不符（SUM-SANGONG）");
        let mut ids: Vec<_> = RULES.iter().map(|r| r.0).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "one name per id");
    }
}
