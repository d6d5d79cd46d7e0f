//! The words of a sentence: its numbers with their units, and the term that names
//! each number (`REPORT.md` §3), with the words that put a number out of scope.

use super::super::terms::Vocabulary;
use crate::model::Unit;
use rust_decimal::Decimal;

/// A number with its unit, found in a sentence.
#[derive(Debug, Clone)]
pub(super) struct Quantity {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: Decimal,
    pub(super) places: u32,
    pub(super) unit: Unit,
}

pub(super) fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | ':' | '：' | '、' | '(' | ')' | '（' | '）'
    )
}

pub(super) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？')
}

/// Words that may stand between a term and its number.
pub(super) const CONNECTORS: &[&str] = &[
    "分别为",
    "共计",
    "合计",
    "总计",
    "累计",
    "达到",
    "金额",
    "为",
    "是",
    "达",
    "约",
    "共",
    "计",
    "的",
    "已",
    "仅",
    // `支出:799.12万元`, `支出——799.12万元`: a colon (which [`clause_start`] lets
    // into the clause) or a dash between the term and its number.
    ":",
    "—",
];

/// Where the clause of the number at `at` starts (after the last clause break since
/// `from`); a colon right before the number, with nothing but connecting words
/// between, joins the clause before it (`支出:799.12万元`).
pub(super) fn clause_start(s: &[char], from: usize, at: usize) -> usize {
    let start = |upto: usize| {
        (from..upto)
            .rev()
            .find(|&k| is_clause_break(s[k]))
            .map_or(from, |k| k + 1)
    };
    let first = start(at);
    if first > from && s[first - 1] == ':' && only_connectors(&s[first..at]) {
        return start(first - 1);
    }
    first
}

/// Words that open a list of parts of the total before them.
pub(super) const LIST_OPENERS: &[&str] = &["主要包括", "其中", "包括", "含"];

/// Numbers with a unit in a normalised sentence. `分` counts only where it is not
/// the start of another word (`分别` `分值`); an amount in 元 or 亿元 is held in 万元.
pub(super) fn quantities(s: &[char]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let joined =
            i > 0 && (s[i - 1].is_ascii_alphanumeric() || s[i - 1] == '.' || s[i - 1] == '-');
        if !c.is_ascii_digit() || joined {
            i += 1;
            continue;
        }
        let start = i;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == ',' || s[i] == '.') {
            i += 1;
        }
        let mut text: String = s[start..i].iter().filter(|c| **c != ',').collect();
        while text.ends_with('.') {
            text.pop();
            i -= 1;
        }
        let Ok(value) = text.parse::<Decimal>() else {
            continue;
        };
        let places = value.scale();
        let rest = |k: usize| s.get(i + k).copied();
        let (unit, len, value) = match (rest(0), rest(1), rest(2)) {
            (Some('万'), Some('元'), _) => (Unit::Wan, 2, value),
            (Some('亿'), Some('元'), _) => (Unit::Wan, 2, value * Decimal::from(10_000)),
            (Some('元'), _, _) => (Unit::Wan, 1, value / Decimal::from(10_000)),
            (Some('%'), _, _) => (Unit::Percent, 1, value),
            (Some('分'), next, _)
                if !next.is_some_and(|n| "别值钟之析配期批管类项".contains(n)) =>
            {
                (Unit::Points, 1, value)
            }
            _ => continue,
        };
        out.push(Quantity {
            start,
            end: i + len,
            value,
            places,
            unit,
        });
        i += len;
    }
    out
}

pub(super) fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()] == *needle)
}

pub(super) fn contains(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle).is_some()
}

/// Strip connecting words from the front of `rest`; true when nothing else is left.
pub(super) fn only_connectors(mut rest: &[char]) -> bool {
    while !rest.is_empty() {
        match CONNECTORS.iter().find_map(|w| starts_with(rest, w)) {
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
    true
}

/// The length of `word` when `s` starts with it.
pub(super) fn starts_with(s: &[char], word: &str) -> Option<usize> {
    let n = word.chars().count();
    (s.len() >= n && s.iter().copied().take(n).eq(word.chars())).then_some(n)
}

/// The fund (`general`, `gov_fund`, …) named last in `before`, if any.
pub(super) fn fund_before<'v>(v: &'v Vocabulary, before: &[char]) -> Option<&'v str> {
    v.funds
        .iter()
        .filter_map(|(id, words)| {
            let last = words.iter().filter_map(|w| find(before, w)).max()?;
            Some((last, id.as_str()))
        })
        .max()
        .map(|(_, id)| id)
}

/// The term naming a number whose clause (the text before it, from the clause
/// start) is `clause`: the occurrence ending last, the longest of those, followed
/// only by connecting words. Returns (subject, term start in the clause).
///
/// Not a claim: a term after a word of `[skip] before` (`涉及` too, unless `whole`:
/// the sentence's 涉及 speaks of the department as a whole); a strict term after
/// anything but a year; any term after a name that is not one of the plain words
/// of `[skip] plain` (`法院执行年初预算数`: one project's budget, not the
/// department's). A budget term after `年初` is the 年初预算.
pub(super) fn term_of(
    v: &Vocabulary,
    clause: &[char],
    unit: Unit,
    whole: bool,
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None; // (end, len, term index)
    for (ti, t) in v.terms.iter().enumerate() {
        if v.subjects[t.subject].unit != unit {
            continue;
        }
        if let Some(at) = find(clause, &t.chars) {
            let end = at + t.chars.len();
            if !only_connectors(&clause[end..]) {
                continue;
            }
            let key = (end, t.chars.len(), ti);
            if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                best = Some(key);
            }
        }
    }
    let (end, len, ti) = best?;
    let start = end - len;
    let mut subject = v.terms[ti].subject;
    let before = &clause[..start];
    let involve: Vec<char> = "涉及".chars().collect();
    if v.skip
        .iter()
        .any(|w| contains(before, w) && !(whole && *w == involve))
    {
        return None;
    }
    if v.subjects[subject].strict
        && !before
            .iter()
            .all(|c| c.is_ascii_digit() || "年度其中.、".contains(*c))
    {
        return None;
    }
    if !plain(v, before) {
        return None;
    }
    if v.subjects[subject].id == "budget" && contains(before, &['年', '初']) {
        subject = v.subjects.iter().position(|s| s.id == "initial")?;
    }
    Some((subject, start))
}

/// Whether the words before a term are only plain words (a year, `全年`, `我局`,
/// a fund, `其中`…): anything else names something other than the department.
fn plain(v: &Vocabulary, mut before: &[char]) -> bool {
    while let Some(&c) = before.first() {
        if !is_cjk(c) {
            before = &before[1..];
            continue;
        }
        let word = v
            .plain
            .iter()
            .chain(v.skip.iter())
            .chain(v.funds.iter().flat_map(|(_, w)| w.iter()))
            .filter(|w| before.starts_with(w))
            .map(Vec::len)
            .max();
        // The department's own name: a run of characters up to the end of the
        // run that ends like a department's name (`区政协办公室`).
        let run = before.iter().take_while(|c| is_cjk(**c)).count();
        let name = (2..=run).rev().find(|&k| {
            v.department_suffixes
                .iter()
                .any(|w| before[..k].ends_with(w))
        });
        match word.or(name) {
            Some(n) => before = &before[n..],
            None => return false,
        }
    }
    true
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}
