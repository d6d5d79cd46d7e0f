//! Text normalisation and label keys: a leaf used by the reader, the scheme and the
//! report stage alike (`FORM.md` §2).
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
/// use jixiao::text::{key, without_numbering};
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
/// use jixiao::text::normalize;
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
/// use jixiao::text::key;
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
/// use jixiao::text::{money_unit, MoneyUnit};
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

    #[test]
    fn section_titles() {
        assert!(is_section_title(&normalize(
            "四、部门整体绩效目标指标完成情况"
        )));
        assert!(!is_section_title(&normalize("四级指标")));
    }
}
