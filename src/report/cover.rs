//! A report's cover (`REPORT.md` §2): the department name it states, and the lines
//! pairing searches for a form's name.
//!
//! The name is read from, in order:
//!
//! 1. a field: `部门名称：`, `部门(单位)名称：`, `单位名称：`, `评价单位：`, `填报单位：`
//!    (a value broken over two lines — `……政策研究和` / `创新办公室（公章）` — is
//!    joined);
//! 2. the title: `XX局2023年度部门整体支出绩效自评报告`, `2023年度XX局部门整体…`,
//!    `…评价报告`, `XX局部门(单位)整体支出…`, `XX局2023年度项目支出绩效单位自评报告`;
//! 3. a line (or two) standing above the title that reads as an organisation's name.
//!
//! Stamp marks (`（公章）`, `（盖章）`) are removed; a field left empty by them
//! (`部门名称：（公章）`) states no name.

use crate::text::normalize;

/// What a report's cover says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    /// The department name stated, if any.
    pub name: Option<String>,
    /// Whether the name stands in a field (`部门名称：…`) rather than in the title or
    /// above it.
    pub in_field: bool,
    /// The cover's paragraphs, as written.
    pub lines: Vec<String>,
}

/// Fields whose value is the department (normalized: `（` → `(`, `：` → `:`).
const FIELDS: [&str; 8] = [
    "部门(单位)名称:",
    "单位(部门)名称:",
    "部门名称:",
    "单位名称:",
    "评价单位:",
    "填报单位:",
    "报送单位:",
    "预算单位:",
];

/// The next fields of a cover, where a value joined with them ends.
const NEXT_FIELDS: [&str; 7] = [
    "所属下级",
    "填报人",
    "联系人",
    "联系电话",
    "填报日期",
    "评价日期",
    "报送日期",
];

/// Where the department part of a title ends.
const TITLE_ANCHORS: [&str; 12] = [
    "部门整体",
    "部门(单位)",
    "单位整体",
    "整体支出",
    "项目支出",
    "预算绩效",
    "支出绩效",
    "绩效自评",
    "绩效评价",
    "自评报告",
    "评价报告",
    "年度",
];

/// Read a report's cover from its paragraphs.
pub fn cover(paragraphs: &[String]) -> Cover {
    let lines = cover_lines(paragraphs);
    if let Some(name) = from_field(paragraphs) {
        return Cover {
            name: Some(name),
            in_field: true,
            lines,
        };
    }
    Cover {
        name: from_title(paragraphs),
        in_field: false,
        lines,
    }
}

/// The paragraphs before the first heading (`一、`) or the first long paragraph, at
/// most twelve.
fn cover_lines(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .iter()
        .take(12)
        .take_while(|p| {
            let n = normalize(p);
            !n.starts_with("一、") && n.chars().count() <= 80
        })
        .cloned()
        .collect()
}

/// A name without stamp marks and edge punctuation; `None` when less than two
/// characters are left.
pub fn clean(name: &str) -> Option<String> {
    let mut s = normalize(name);
    for mark in ["(单位公章)", "(公章)", "(盖章)", "(签章)", "(章)"] {
        s = s.replace(mark, "");
    }
    let s = s
        .trim_matches(|c: char| matches!(c, ':' | '，' | ',' | '。' | '、' | '_' | '-'))
        .to_string();
    (s.chars().count() >= 2).then_some(s)
}

/// Whether a name ends as an organisation's does (`…局`, `…办公室`, `…中心`).
pub fn ends_as_organisation(name: &str) -> bool {
    name.chars()
        .last()
        .is_some_and(|c| "局委办室院会所站馆队处部厅社团庭校园中心司署府区组厂场台宫".contains(c))
}

fn from_field(paragraphs: &[String]) -> Option<String> {
    let head: Vec<String> = paragraphs.iter().take(30).map(|p| normalize(p)).collect();
    for (i, n) in head.iter().enumerate() {
        for label in FIELDS {
            let Some(rest) = n.strip_prefix(label) else {
                continue;
            };
            // The value ends where the next field starts (lines joined).
            let end = NEXT_FIELDS
                .iter()
                .filter_map(|f| rest.find(f))
                .min()
                .unwrap_or(rest.len());
            let Some(mut name) = clean(&rest[..end]) else {
                continue;
            };
            // `……政策研究和` / `创新办公室（公章）`: the rest on the next line.
            if !ends_as_organisation(&name) && end == rest.len() {
                if let Some(more) = head.get(i + 1).filter(|m| continues_name(m)) {
                    if let Some(joined) = clean(&format!("{name}{more}")) {
                        name = joined;
                    }
                }
            }
            return Some(name);
        }
    }
    None
}

/// Whether a paragraph can be the second line of a broken name: short, neither a
/// field, a heading nor a title, and ending as an organisation (stamp aside).
fn continues_name(line: &str) -> bool {
    let Some(text) = clean(line) else {
        return false;
    };
    text.chars().count() <= 20
        && !line.contains(':')
        && !line.contains("报告")
        && !super::text::starts_paragraph(line)
        && ends_as_organisation(&text)
}

/// The title paragraph's department, else the line(s) above the title.
fn from_title(paragraphs: &[String]) -> Option<String> {
    let head: Vec<String> = paragraphs.iter().take(8).map(|p| normalize(p)).collect();
    let title = head
        .iter()
        .position(|n| n.contains("报告") && (n.contains("绩效") || n.contains("自评")))?;
    if let Some(name) = name_in_title(&head[title]) {
        return Some(name);
    }
    // Up to two lines above the title, joined, that read as a name.
    let above: Vec<&String> = head[..title]
        .iter()
        .rev()
        .take_while(|n| {
            !n.starts_with("附件")
                && !n.contains(':')
                && n.chars().count() <= 40
                && !n.chars().any(|c| c.is_ascii_digit())
        })
        .take(2)
        .collect();
    for k in (1..=above.len()).rev() {
        let joined: String = above[..k].iter().rev().map(|s| s.as_str()).collect();
        if let Some(name) = clean(&joined).filter(|n| ends_as_organisation(n)) {
            return Some(name);
        }
    }
    None
}

/// `XX局2023年度部门整体支出绩效自评报告` → `XX局`; `2023年度XX局部门整体…` →
/// `XX局`; `部门整体支出绩效自评报告` → none.
fn name_in_title(title: &str) -> Option<String> {
    // `附件2` in front (with the year's digits right after it when the lines were
    // joined: `附件22023年度…`): the year is found first, the 附件 number then cut.
    let lead = |s: &str| -> String {
        let s = match s.strip_prefix("附件") {
            Some(t) => t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':'),
            None => s,
        };
        s.trim_start_matches("关于").to_string()
    };
    let chars: Vec<char> = title.chars().collect();
    let year_at = (0..chars.len().saturating_sub(4)).find(|&i| {
        chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年')
    });
    let anchor = |s: &str| -> usize {
        TITLE_ANCHORS
            .iter()
            .filter_map(|a| s.find(a))
            .min()
            .unwrap_or(s.len())
    };
    let (before, after) = match year_at {
        Some(i) => {
            let before = lead(&chars[..i].iter().collect::<String>());
            let mut rest: String = chars[i + 5..].iter().collect();
            if let Some(r) = rest.strip_prefix('度') {
                rest = r.to_string();
            }
            (before, Some(rest))
        }
        None => (lead(title), None),
    };
    let head = &before[..anchor(&before)];
    if let Some(name) = clean(head).filter(|n| !n.contains("报告")) {
        return Some(name);
    }
    let rest = after?;
    let name = &rest[..anchor(&rest)];
    clean(name).filter(|n| !n.contains("报告"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(lines: &[&str]) -> (Option<String>, bool) {
        let c = cover(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        (c.name, c.in_field)
    }

    #[test]
    fn every_cover_shape_gives_its_name() {
        let some = |s: &str, field: bool| (Some(s.to_string()), field);
        for label in [
            "部门名称：",
            "部门（单位）名称：",
            "单位名称：",
            "评价单位：",
            "填报单位：",
        ] {
            assert_eq!(
                name(&[
                    "部门整体支出绩效自评报告",
                    &format!("{label}示例区档案馆（公章）")
                ]),
                some("示例区档案馆", true),
                "{label}"
            );
        }
        // A name broken over two lines.
        assert_eq!(
            name(&[
                "部门整体支出绩效自评报告",
                "部门名称：示例区工作委员会政策研究和",
                "创新办公室（公章）",
                "填报人：李文",
            ]),
            some("示例区工作委员会政策研究和创新办公室", true)
        );
        // A stamp and nothing else: no name, and the title says none either.
        assert_eq!(
            name(&["部门整体支出绩效自评报告", "部门名称：（盖章）"]),
            (None, false)
        );
        // A name line above the title.
        assert_eq!(
            name(&[
                "示例区穗港合作区管理委员会",
                "2022 年部门整体支出绩效自评报告",
                "一、基本情况",
            ]),
            some("示例区穗港合作区管理委员会", false)
        );
        for (title, want) in [
            (
                "示例区统计局2023年度部门整体支出绩效自评报告",
                "示例区统计局",
            ),
            (
                "2023年度示例区统计局部门整体支出绩效自评报告",
                "示例区统计局",
            ),
            (
                "示例区统计局2023年度部门整体支出绩效评价报告",
                "示例区统计局",
            ),
            (
                "示例区统计局部门（单位）整体支出绩效自评报告",
                "示例区统计局",
            ),
            (
                "示例区统计局2023年度项目支出绩效单位自评报告",
                "示例区统计局",
            ),
            (
                "附件2 示例区统计局 2023 年部门整体支出绩效自评报告",
                "示例区统计局",
            ),
        ] {
            assert_eq!(name(&[title]), some(want, false), "{title}");
        }
        assert_eq!(name(&["部门整体支出绩效自评报告"]), (None, false));
        assert_eq!(name(&["2023年度部门整体支出绩效自评报告"]), (None, false));
    }
}
