//! Department names as pairing compares them: one spelling for one name (stamp
//! marks removed, common short forms written out), the part that tells a department
//! from its district's others (without the place in front), and how a stated name
//! answers a form's.

use crate::text::normalize;

/// Common short forms, written out (longest first).
const SHORT_FORMS: [(&str, &str); 8] = [
    ("人大常委会", "人民代表大会常务委员会"),
    ("管委会", "管理委员会"),
    ("常委会", "常务委员会"),
    ("发改局", "发展和改革局"),
    ("工信局", "工业和信息化局"),
    ("住建局", "住房和城乡建设局"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健局", "卫生健康局"),
];

/// A name as compared: NFKC without spaces or quotes, stamp marks and edge
/// punctuation removed, short forms written out.
pub fn name_key(name: &str) -> String {
    let mut s = normalize(name);
    for mark in ["(单位公章)", "(公章)", "(盖章)", "(签章)", "(章)"] {
        s = s.replace(mark, "");
    }
    for (short, long) in SHORT_FORMS {
        if s.contains(short) {
            s = s.replace(short, long);
        }
    }
    s.trim_matches(|c: char| matches!(c, ':' | '，' | ',' | '。' | '、' | '_' | '-'))
        .to_string()
}

/// The part of a name keyed by [`name_key`] after its place (`广州市南沙区发展和改革局`
/// → `发展和改革局`, `广州开发区穗港智造合作区管理委员会` → `穗港智造合作区管理委员会`):
/// a leading `中共`, then at most one place each ending in 省, 市 and 区/县, each of
/// at most six characters, as long as four characters are left.
pub fn core(key: &str) -> &str {
    let mut s = key.strip_prefix("中共").unwrap_or(key);
    for ends in [&['省'][..], &['市'], &['区', '县']] {
        let cut = s
            .char_indices()
            .take(6)
            .find(|(_, c)| ends.contains(c))
            .map(|(i, c)| i + c.len_utf8());
        if let Some(cut) = cut {
            if s[cut..].chars().count() >= 4 {
                s = &s[cut..];
            }
        }
    }
    s
}

/// How a stated name answers a form's name (both [`name_key`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The same name.
    Same,
    /// The same without the place (`南沙区发展和改革局` and `广州市南沙区发展和改革局`).
    SameCore,
    /// One cut short of the other (a name broken at a line end, `……政策研究和`):
    /// at least six characters and half the longer one.
    Prefix,
}

/// How `stated` answers `form`, if it does.
pub fn answers(stated: &str, form: &str) -> Option<Answer> {
    if stated.is_empty() || form.is_empty() {
        return None;
    }
    if stated == form {
        return Some(Answer::Same);
    }
    let (cs, cf) = (core(stated), core(form));
    if cs == cf && cs.chars().count() >= 4 {
        return Some(Answer::SameCore);
    }
    let (short, long) = match stated.len() < form.len() {
        true => (stated, form),
        false => (form, stated),
    };
    let n = short.chars().count();
    (long.starts_with(short) && n >= 6 && 2 * n >= long.chars().count()).then_some(Answer::Prefix)
}

/// Whether a name `key` stands in a cover's text (its lines joined, so that a name
/// broken over two lines is found), whole or by its [`core`] of five characters or
/// more.
pub fn in_text(key: &str, text: &str) -> bool {
    if key.chars().count() < 2 {
        return false;
    }
    if text.contains(key) {
        return true;
    }
    let c = core(key);
    c.len() < key.len() && c.chars().count() >= 5 && text.contains(c)
}

/// Whether one file stem holds the other (`穗港智造合作区管委会` and `穗港智造合作区`):
/// the shorter of two characters or more and not a number (`00` in `000`).
pub fn stem_holds(a: &str, b: &str) -> bool {
    let (short, long) = match a.len() < b.len() {
        true => (a, b),
        false => (b, a),
    };
    short.chars().count() >= 2
        && short
            .chars()
            .any(|c| !c.is_ascii_digit() && !c.is_ascii_punctuation())
        && long.contains(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_answer_by_place_truncation_and_short_form() {
        let k = name_key;
        assert_eq!(
            k("穗港智造合作区管委会（公章）"),
            "穗港智造合作区管理委员会"
        );
        assert_eq!(core(&k("广州市南沙区发展和改革局")), "发展和改革局");
        assert_eq!(
            core(&k("广州开发区穗港智造合作区管理委员会")),
            "穗港智造合作区管理委员会"
        );
        // Too little left without the place: kept whole.
        assert_eq!(core("南沙区财政局"), "南沙区财政局");
        assert_eq!(
            answers(
                &k("穗港智造合作区管委会"),
                &k("广州开发区穗港智造合作区管理委员会")
            ),
            Some(Answer::SameCore)
        );
        assert_eq!(
            answers(
                &k("中共示例区工作委员会政策研究和"),
                &k("中共示例区工作委员会政策研究和创新办公室")
            ),
            Some(Answer::Prefix)
        );
        assert_eq!(answers(&k("示例区统计局"), &k("示例区水务局")), None);
        // A short prefix is no evidence.
        assert_eq!(answers("示例区", "示例区统计局"), None);
        assert!(in_text(
            &k("广州开发区穗港智造合作区管理委员会"),
            "关于穗港智造合作区管理委员会2022年度"
        ));
        assert!(stem_holds("穗港智造合作区管理委员会报告", "穗港智造合作区"));
        assert!(!stem_holds("000", "0001"));
    }
}
