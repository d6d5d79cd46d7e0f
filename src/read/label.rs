//! Label normalisation and the synonyms of every field (`FORM.md` §2).
//!
//! Every label the reader looks for, and every label the scheme names, is compared
//! through [`key`]: NFKC (full-width → half-width), no whitespace or line breaks, no
//! quotes, no `其中：` prefix, no trailing colon or unit in parentheses.

use unicode_normalization::UnicodeNormalization;

/// A header or row label without its circled numbering: `小计\n④=①+②+③` → `小计\n`,
/// `①中央及省级财政资金` → `中央及省级财政资金`. A circled number inside a label
/// starts its numbering and formula (Fujian's headers); one in front is a list mark.
///
/// ```
/// use jixiao::read::label::{key, without_numbering};
/// assert_eq!(key(without_numbering("小计\n④=①+②+③")), "小计");
/// assert_eq!(key(without_numbering("支出实现率(%) ⑥=⑤/④")), "支出实现率");
/// assert_eq!(key(without_numbering("①中央及省级财政资金")), "中央及省级财政资金");
/// assert_eq!(without_numbering("部门名称"), "部门名称");
/// ```
pub fn without_numbering(text: &str) -> &str {
    let circled = |c: char| ('\u{2460}'..='\u{2473}').contains(&c);
    let t = text.trim_start();
    let t = t.trim_start_matches(circled);
    match t.find(circled) {
        Some(i) if !t[..i].trim().is_empty() => &t[..i],
        Some(_) => text,
        None => t,
    }
}

/// Labels longer than this are narrative text, never a label: not normalised.
pub const MAX_LABEL_CHARS: usize = 48;

/// NFKC, without whitespace and quote marks. The one text normalisation of jixiao.
///
/// ```
/// use jixiao::read::label::normalize;
/// assert_eq!(normalize("部 门\n名 称："), "部门名称:");
/// assert_eq!(normalize("“三公”经费合计"), "三公经费合计");
/// assert_eq!(normalize("全年预算数（万元）"), "全年预算数(万元)");
/// ```
pub fn normalize(text: &str) -> String {
    let keep = |c: &char| !c.is_whitespace() && !is_quote(*c) && !c.is_control();
    // Most labels are already in NFKC (CJK ideographs, ASCII): the quick check
    // spares them the decomposition and recomposition.
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.chars().filter(keep).collect()
    } else {
        text.nfkc().filter(keep).collect()
    }
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '『' | '』' | '《' | '》'
    )
}

/// Prefixes that qualify a row label without changing what it is.
const PREFIXES: &[&str] = &[
    "其中:",
    "其中",
    "按支出性质分:",
    "按支出性质:",
    "按支出性质",
    "按资金来源分:",
    "按资金来源:",
    "按资金来源",
    "按资金性质:",
    "含:",
];

/// The key under which a label is compared: [`normalize`], then without
/// `其中：`-style prefixes, a leading enumeration (`一、`, `1.`, `(一)`), a trailing
/// colon, and a trailing unit in parentheses (`（万元）`, `(%)`, `（分）`).
///
/// ```
/// use jixiao::read::label::key;
/// assert_eq!(key("其中：一般公共预算"), "一般公共预算");
/// assert_eq!(key("全年预算数（万元）"), "全年预算数");
/// assert_eq!(key("部 门 名 称:"), "部门名称");
/// assert_eq!(key("因公出国（境）费"), "因公出国(境)费");
/// ```
pub fn key(text: &str) -> String {
    key_of_normalized(&normalize(text))
}

/// [`key`] of a text that is already [`normalize`]d.
pub fn key_of_normalized(normalized: &str) -> String {
    let mut s: &str = normalized;
    loop {
        let before = s.len();
        s = strip_enumeration(s);
        for p in PREFIXES {
            if let Some(rest) = s.strip_prefix(p) {
                if !rest.is_empty() {
                    s = rest;
                    break;
                }
            }
        }
        s = s.trim_end_matches(':');
        if let Some((head, _unit)) = split_unit_suffix(s) {
            s = head;
        }
        s = s.trim_end_matches(':');
        if s.len() == before {
            break;
        }
    }
    s.to_string()
}

/// A money unit named in a label or a unit cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    /// 万元 (the form's default).
    TenThousandYuan,
    /// 元: values are divided by 10,000.
    Yuan,
}

/// Units that may trail a label in parentheses.
const UNIT_WORDS: &[&str] = &[
    "万元",
    "元",
    "%",
    "分",
    "个",
    "人",
    "单位:万元",
    "单位:元",
    "金额单位:万元",
    "金额单位:元",
];

/// Split `全年预算数(万元)` into (`全年预算数`, `万元`).
fn split_unit_suffix(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let unit = &inner[open + 1..];
    if UNIT_WORDS.contains(&unit) && open > 0 {
        Some((&s[..open], unit))
    } else {
        None
    }
}

/// The money unit a header or unit cell names: `单位：元`, `金额单位：元`, `（元）`.
///
/// ```
/// use jixiao::read::label::{money_unit, MoneyUnit};
/// assert_eq!(money_unit("金额单位：元"), Some(MoneyUnit::Yuan));
/// assert_eq!(money_unit("单位：万元"), Some(MoneyUnit::TenThousandYuan));
/// assert_eq!(money_unit("全年预算数（元）"), Some(MoneyUnit::Yuan));
/// assert_eq!(money_unit("全年预算数"), None);
/// ```
pub fn money_unit(text: &str) -> Option<MoneyUnit> {
    let n = normalize(text);
    let unit = if let Some(rest) = n
        .strip_prefix("金额单位:")
        .or_else(|| n.strip_prefix("单位:"))
    {
        rest
    } else {
        split_unit_suffix(&n)?.1.rsplit(':').next()?
    };
    match unit.trim_end_matches(')') {
        "万元" => Some(MoneyUnit::TenThousandYuan),
        "元" => Some(MoneyUnit::Yuan),
        _ => None,
    }
}

fn strip_enumeration(s: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十";
    let mut chars = s.char_indices().peekable();
    // (一) / (1)
    if s.starts_with('(') {
        if let Some(close) = s.find(')') {
            let inner = &s[1..close];
            if !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| NUMERALS.contains(c) || c.is_ascii_digit())
                && close + 1 < s.len()
            {
                return &s[close + 1..];
            }
        }
        return s;
    }
    // 一、 / 1、 / 1.
    let mut end = 0;
    while let Some(&(i, c)) = chars.peek() {
        if NUMERALS.contains(c) || c.is_ascii_digit() {
            end = i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    if end == 0 {
        return s;
    }
    let rest = &s[end..];
    for sep in ["、", ".", ","] {
        if let Some(r) = rest.strip_prefix(sep) {
            // `1.5` is a number, not an enumeration.
            if !r.is_empty() && !r.starts_with(|c: char| c.is_ascii_digit()) {
                return r;
            }
        }
    }
    s
}

/// Whether a cell text is a section title such as `五、绩效评价指标得分`.
pub fn is_section_title(normalized: &str) -> bool {
    let mut chars = normalized.chars();
    let first = chars.next();
    let second = chars.next();
    matches!(first, Some(c) if "一二三四五六七八九十".contains(c)) && second == Some('、')
}

/// Synonyms of one field, each already a [`key`].
pub type Synonyms = &'static [&'static str];

/// 部门名称.
pub const NAME: Synonyms = &[
    "部门名称",
    "单位名称",
    "部门(单位)名称",
    "预算部门名称",
    "部门单位名称",
    "预算单位名称",
];
/// 预算单位编码.
pub const CODE: Synonyms = &[
    "预算单位编码",
    "单位编码",
    "部门编码",
    "预算编码",
    "单位代码",
];
/// 所属下级预算单位数量.
pub const SUBORDINATE: Synonyms = &[
    "所属下级预算单位数量",
    "下属单位数量",
    "下级单位数量",
    "下级预算单位数量",
    "所属下级单位数量",
    "下属预算单位数量",
];
/// 填报人.
pub const FILLER: Synonyms = &["填报人", "填表人", "经办人"];
/// 联系电话.
pub const PHONE: Synonyms = &["联系电话", "电话", "联系方式"];
/// 填报日期.
pub const DATE: Synonyms = &["填报日期", "填表日期", "日期"];

/// 年初预算数 column.
pub const INITIAL: Synonyms = &["年初预算数", "年初预算", "年初预算金额"];
/// 全年预算数 column.
pub const BUDGET: Synonyms = &[
    "全年预算数",
    "调整后预算数",
    "全年预算",
    "预算数",
    "调整预算数",
    "全年预算金额",
];
/// 全年执行数 column.
pub const SPENT: Synonyms = &[
    "全年执行数",
    "执行数",
    "实际支出数",
    "实际支出",
    "决算数",
    "支出数",
    "全年支出数",
];
/// 执行率 column.
pub const RATE: Synonyms = &["执行率", "预算执行率", "支出率", "完成率"];

/// 年度资金总额 row.
pub const FUND_TOTAL: Synonyms = &["年度资金总额", "资金总额", "合计", "总计", "年度资金合计"];
/// 一般公共预算 row.
pub const FUND_GENERAL: Synonyms = &[
    "一般公共预算",
    "一般公共预算财政拨款",
    "财政拨款",
    "一般公共预算资金",
];
/// 政府性基金预算 row.
pub const FUND_GOV: Synonyms = &["政府性基金预算", "政府性基金", "政府性基金预算财政拨款"];
/// 国有资本经营预算 row.
pub const FUND_STATE: Synonyms = &["国有资本经营预算", "国有资本经营预算财政拨款"];
/// 其他资金 row.
pub const FUND_OTHER: Synonyms = &["其他资金", "其他"];
/// 基本支出 row.
pub const FUND_BASIC: Synonyms = &["基本支出"];
/// 项目支出 row.
pub const FUND_PROJECT: Synonyms = &["项目支出"];
/// 年末结转和结余.
pub const CARRYOVER: Synonyms = &["年末结转和结余", "年末结转结余", "结转和结余", "结转结余"];

/// “三公”经费合计.
pub const SG_TOTAL: Synonyms = &["三公经费合计", "三公经费", "三公经费小计"];
/// 因公出国（境）费.
pub const SG_ABROAD: Synonyms = &["因公出国(境)费", "因公出国(境)经费", "因公出国(境)费用"];
/// 公务用车购置及运行维护费.
pub const SG_VEHICLES: Synonyms = &[
    "公务用车购置及运行维护费",
    "公务用车购置及运行费",
    "公务用车购置及运行维护经费",
];
/// 公务用车购置费.
pub const SG_PURCHASE: Synonyms = &["公务用车购置费"];
/// 公务用车运行维护费.
pub const SG_RUNNING: Synonyms = &["公务用车运行维护费", "公务用车运行费"];
/// 公务接待费.
pub const SG_RECEPTION: Synonyms = &["公务接待费"];
/// 政府采购.
pub const PROCUREMENT: Synonyms = &["政府采购", "政府采购金额", "政府采购情况"];
/// 年末资产总额.
pub const ASSETS_TOTAL: Synonyms = &["年末资产总额", "资产总额"];
/// 固定资产原值.
pub const FIXED_ORIGINAL: Synonyms = &["固定资产原值"];
/// 在用固定资产原值.
pub const FIXED_IN_USE: Synonyms = &["在用固定资产原值"];

/// 一级指标 column.
pub const LEVEL1: Synonyms = &["一级指标"];
/// 二级指标 column.
pub const LEVEL2: Synonyms = &["二级指标"];
/// 三级指标 column.
pub const LEVEL3: Synonyms = &["三级指标", "指标名称", "绩效指标"];
/// 指标性质 column.
pub const DIRECTION: Synonyms = &["指标性质", "指标方向"];
/// 计量单位 column.
pub const UNIT: Synonyms = &["计量单位"];
/// 年度目标值 column.
pub const TARGET: Synonyms = &["年度目标值", "目标值", "年度指标值", "指标值"];
/// 实际完成值 column.
pub const ACTUAL: Synonyms = &["实际完成值", "完成值", "实际值", "全年实际值"];
/// 完成率 column.
pub const COMPLETION: Synonyms = &["完成率", "完成比例"];
/// 偏差原因 column.
pub const REASON: Synonyms = &[
    "偏差原因",
    "偏差原因分析",
    "扣分原因",
    "未完成原因及改进措施",
    "偏差原因及改进措施",
];
/// 分值 column.
pub const POINTS: Synonyms = &["分值", "权重", "标准分"];
/// 自评得分 column.
pub const SELF_SCORE: Synonyms = &["自评得分", "得分"];
/// 总分 row.
pub const TOTAL_ROW: Synonyms = &["总分", "合计", "总计", "自评总分"];
/// 评价等级.
pub const GRADE: Synonyms = &["评价等级", "自评等级", "等级", "绩效等级"];

/// 年度总体目标.
pub const OVERALL_GOAL: Synonyms = &["年度总体目标", "总体目标", "年度总体绩效目标"];
/// 实际完成情况.
pub const ACHIEVEMENT: Synonyms = &["实际完成情况", "总体完成情况", "全年实际完成情况"];
/// 存在的主要问题.
pub const PROBLEMS: Synonyms = &["存在的主要问题", "存在问题", "主要问题"];
/// 下一步改进措施.
pub const MEASURES: Synonyms = &["下一步改进措施", "改进措施", "整改措施"];

/// Field labels that stand beside a value in the same row: a value search to the
/// right stops at any of them (an empty value is not the next label).
pub const KEY_VALUE_LABELS: &[Synonyms] = &[
    NAME,
    CODE,
    SUBORDINATE,
    FILLER,
    PHONE,
    DATE,
    CARRYOVER,
    ASSETS_TOTAL,
    FIXED_ORIGINAL,
    FIXED_IN_USE,
    OVERALL_GOAL,
    ACHIEVEMENT,
    PROBLEMS,
    MEASURES,
    GRADE,
];

/// Whether a key is one of the synonyms.
pub fn is_one_of(key: &str, synonyms: Synonyms) -> bool {
    synonyms.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_the_variants_of_form_md() {
        assert_eq!(key("部 门 名 称"), "部门名称");
        assert_eq!(key("部门（单位）名称："), "部门(单位)名称");
        assert_eq!(key("全年预算数\n（万元）"), "全年预算数");
        assert_eq!(key("其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(key("按支出性质：基本支出"), "基本支出");
        assert_eq!(key("五、绩效评价指标得分"), "绩效评价指标得分");
        assert_eq!(key("（一）部门名称"), "部门名称");
        assert_eq!(key("执行率(%)"), "执行率");
        assert_eq!(key("１.５"), "1.5");
    }

    /// Every synonym of the table in FORM.md §2, as written there, is accepted.
    #[test]
    fn every_synonym_of_form_md() {
        let table: &[(Synonyms, &[&str])] = &[
            (
                NAME,
                &["部门名称", "单位名称", "部门（单位）名称", "预算部门名称"],
            ),
            (
                SUBORDINATE,
                &["所属下级预算单位数量", "下属单位数量", "下级单位数量"],
            ),
            (INITIAL, &["年初预算数", "年初预算"]),
            (
                BUDGET,
                &["全年预算数", "调整后预算数", "全年预算", "预算数"],
            ),
            (
                SPENT,
                &[
                    "全年执行数",
                    "执行数",
                    "实际支出数",
                    "实际支出",
                    "决算数",
                    "支出数",
                ],
            ),
            (FUND_TOTAL, &["年度资金总额", "资金总额", "合计", "总计"]),
            (
                FUND_GENERAL,
                &["一般公共预算", "一般公共预算财政拨款", "财政拨款"],
            ),
            (SELF_SCORE, &["自评得分", "得分"]),
            (POINTS, &["分值", "权重", "标准分"]),
            (
                REASON,
                &[
                    "偏差原因",
                    "偏差原因分析",
                    "扣分原因",
                    "未完成原因及改进措施",
                ],
            ),
        ];
        for (set, written) in table {
            for w in *written {
                assert!(is_one_of(&key(w), set), "{w}");
            }
        }
    }

    #[test]
    fn section_titles() {
        assert!(is_section_title(&normalize(
            "四、部门整体绩效目标指标完成情况"
        )));
        assert!(!is_section_title(&normalize("四级指标")));
    }
}
