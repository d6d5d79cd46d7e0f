//! Claims: the quantities a report states, each with its subject (`REPORT.md` §3),
//! and the groups a sentence states them in (a total with its parts, a rate with its
//! terms). Which words name which subject is data: `templates/report-terms.toml`.
//!
//! Conservative by design: a number is a claim only when a known term names it in
//! its own clause, with nothing but connecting words (`为` `达` `合计`) between the
//! term and the number, and no word before the term that makes it about something
//! else (`重点任务` `涉及` `同比`). A number whose subject is unclear is left alone.

use crate::model::{grade_value, Claim, Grade, Unit};
use rust_decimal::Decimal;

use super::terms::{chars, Term};
use super::terms::{vocabulary, Vocabulary};

/// A total and the parts a sentence lists for it (`总额 X，其中 A、B、C`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Index of the total in the report's claims.
    pub total: usize,
    /// The parts' values (in the total's unit), whatever their subject.
    pub parts: Vec<Decimal>,
}

/// A share stated after a part (`其中 A 3616.58 万元，占比 64.59%`).
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Index of the rate claim.
    pub rate: usize,
    /// The part and the total it is a share of.
    pub part: Decimal,
    /// The total.
    pub total: Decimal,
}

/// What a report states: its claims in order, the groups and shares among them, and
/// the sentences where a rate is stated with both of its terms.
#[derive(Debug, Clone, Default)]
pub struct Statements {
    /// Every claim, in reading order.
    pub claims: Vec<Claim>,
    /// Totals with parts.
    pub groups: Vec<Group>,
    /// Shares.
    pub shares: Vec<Share>,
    /// Claim indices stated in one sentence, per sentence (for REPORT-RATE).
    pub sentences: Vec<Vec<usize>>,
}

/// A number with its unit, found in a sentence.
#[derive(Debug, Clone)]
struct Quantity {
    start: usize,
    end: usize,
    value: Decimal,
    places: u32,
    unit: Unit,
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ';' | '；' | ':' | '：' | '、' | '(' | ')' | '（' | '）'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？')
}

/// Words that may stand between a term and its number.
const CONNECTORS: &[&str] = &[
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
];

/// Words that open a list of parts of the total before them.
const LIST_OPENERS: &[&str] = &["主要包括", "其中", "包括", "含"];

/// Numbers with a unit in a normalised sentence. `分` counts only where it is not
/// the start of another word (`分别` `分值`); an amount in 元 or 亿元 is held in 万元.
fn quantities(s: &[char]) -> Vec<Quantity> {
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

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()] == *needle)
}

fn contains(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle).is_some()
}

/// Strip connecting words from the front of `rest`; true when nothing else is left.
fn only_connectors(mut rest: &[char]) -> bool {
    while !rest.is_empty() {
        match CONNECTORS.iter().find_map(|w| starts_with(rest, w)) {
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
    true
}

/// The length of `word` when `s` starts with it.
fn starts_with(s: &[char], word: &str) -> Option<usize> {
    let n = word.chars().count();
    (s.len() >= n && s.iter().copied().take(n).eq(word.chars())).then_some(n)
}

/// The fund (`general`, `gov_fund`, …) named last in `before`, if any.
fn fund_before<'v>(v: &'v Vocabulary, before: &[char]) -> Option<&'v str> {
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
fn term_of(v: &Vocabulary, clause: &[char], unit: Unit) -> Option<(usize, usize)> {
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
    let subject = &v.subjects[v.terms[ti].subject];
    let before = &clause[..start];
    if v.skip.iter().any(|w| contains(before, w)) {
        return None;
    }
    if subject.strict
        && !before
            .iter()
            .all(|c| c.is_ascii_digit() || "年度其中".contains(*c))
    {
        return None;
    }
    Some((v.terms[ti].subject, start))
}

/// The grade stated in a sentence (`评价等级为优`, `等级为“良”`), with its span.
fn grades(s: &[char]) -> Vec<(usize, usize, Grade)> {
    let mut out = Vec::new();
    for i in 0..s.len().saturating_sub(2) {
        let word = (s[i], s[i + 1]);
        if word != ('等', '级') && word != ('登', '记') {
            continue;
        }
        let mut j = i + 2;
        while j < s.len() && "为是:".contains(s[j]) {
            j += 1;
        }
        if let Some(g) = s.get(j).and_then(|c| Grade::parse(&c.to_string())) {
            // `优` alone, not the start of another word (`优化`).
            if s.get(j + 1).is_none_or(|c| {
                !c.is_alphanumeric() || is_sentence_end(*c) || "等,，。".contains(*c)
            }) {
                out.push((i, j + 1, g));
            }
        }
    }
    out
}

/// A list of parts being read: where its opener stands, the claim it lists the
/// parts of (none when that amount is not a claim), the parts so far.
struct OpenList {
    at: usize,
    total: Option<usize>,
    parts: Vec<Decimal>,
}

/// Read the claims of a report's paragraphs.
pub fn statements(paragraphs: &[String]) -> Statements {
    let v = vocabulary();
    let mut st = Statements::default();
    for (pi, paragraph) in paragraphs.iter().enumerate() {
        let text: Vec<char> = chars(paragraph);
        let mut level: Option<String> = None; // 一级指标 of the paragraph's last claim
        let mut previous_sentence_first_money: Option<usize> = None;
        for sentence in text
            .split(|c| is_sentence_end(*c))
            .filter(|s| !s.is_empty())
        {
            let ids = read_sentence(
                v,
                sentence,
                pi + 1,
                &mut level,
                previous_sentence_first_money,
                &mut st,
            );
            previous_sentence_first_money = ids
                .iter()
                .copied()
                .find(|&i| st.claims[i].unit == Unit::Wan);
            st.sentences.push(ids);
        }
    }
    st
}

/// The claims of one sentence; also records its groups and shares.
fn read_sentence(
    v: &Vocabulary,
    s: &[char],
    paragraph: usize,
    level: &mut Option<String>,
    previous_total: Option<usize>,
    st: &mut Statements,
) -> Vec<usize> {
    let mut ids = Vec::new();
    let mut lists: Vec<OpenList> = Vec::new();
    let mut last_money: Option<(usize, Option<usize>, Decimal)> = None; // (end, claim, value)
    let mut prev_end = 0;
    let starts_with_list = LIST_OPENERS.iter().any(|w| starts_with(s, w).is_some());
    let quantities = quantities(s);
    let mut openers = list_openers(s);
    // `21.13万元（购置费 18 万元，运行维护费 3.40 万元）`: a bracket right after an
    // amount lists its parts, up to the closing bracket.
    let mut closes: Vec<(usize, usize)> = Vec::new(); // (opener, close)
    for q in &quantities {
        if matches!(s.get(q.end), Some('(' | '（')) {
            let close = (q.end..s.len())
                .find(|&k| matches!(s[k], ')' | '）'))
                .unwrap_or(s.len());
            openers.push(q.end);
            closes.push((q.end, close));
        }
    }
    openers.sort_unstable();
    let mut done: Vec<OpenList> = Vec::new();
    let mut opener_i = 0;
    for q in &quantities {
        // A list opener between the previous number and this one starts a list of
        // the parts of the number before it.
        loop {
            let next = openers.get(opener_i).copied().filter(|&at| at < q.start);
            // A bracketed list ends at its closing bracket; after it, the amount
            // before the bracket is the one spoken of.
            let upto = next.unwrap_or(q.start);
            while let Some(open) = lists.last().map(|l| l.at) {
                match closes.iter().find(|(o, _)| *o == open) {
                    Some((_, close)) if *close < upto => {
                        let list = lists.pop().expect("a list is open");
                        if let Some(total) = list.total {
                            last_money = Some((open, Some(total), st.claims[total].value));
                        }
                        done.push(list);
                    }
                    _ => break,
                }
            }
            let Some(at) = next else { break };
            let total = match last_money {
                Some((end, claim, _)) if end <= at => claim,
                None if starts_with_list && at == 0 => previous_total,
                _ => None,
            };
            lists.push(OpenList {
                at,
                total,
                parts: Vec::new(),
            });
            opener_i += 1;
        }
        let clause_start = (prev_end..q.start)
            .rev()
            .find(|&k| is_clause_break(s[k]))
            .map_or(prev_end, |k| k + 1);
        let clause = &s[clause_start..q.start];
        // A clause naming another fund than the open list's total is no part of it
        // (`其中一般公共预算…，包括基本支出…；政府性基金预算…收入 2000`).
        let own_fund = fund_before(v, clause);
        let list_fund = |l: &OpenList| {
            l.total
                .and_then(|t| st.claims[t].subject.split_once('.'))
                .map(|(f, _)| f)
        };
        while let Some(list) = lists.last() {
            match (own_fund, list_fund(list)) {
                (Some(own), Some(of_list)) if own != of_list => {
                    done.push(lists.pop().expect("a list is open"));
                }
                _ => break,
            }
        }
        let claim = term_of(v, clause, q.unit).map(|(si, term_start)| {
            let subject = &v.subjects[si];
            let mut id = subject.id.clone();
            let mut name = subject.name.clone();
            if subject.level {
                let named = v
                    .levels
                    .iter()
                    .find(|l| contains(clause, &l.chars().collect::<Vec<_>>()));
                if let Some(l) = named {
                    *level = Some(l.clone());
                }
                if let Some(l) = named.or(level.as_ref()) {
                    id = format!("{l}.{id}");
                    name = format!("{l}·{name}");
                }
            } else if subject.fund {
                // Parts inherit their total's fund.
                let inherited = lists.last().and_then(|l| l.total).and_then(|t| {
                    st.claims[t]
                        .subject
                        .split_once('.')
                        .map(|(f, _)| f.to_string())
                });
                if let Some(f) = own_fund
                    .map(str::to_string)
                    .or(inherited)
                    .or_else(|| fund_before(v, &s[..q.start]).map(str::to_string))
                {
                    let fund_name = match f.as_str() {
                        "general" => "一般公共预算",
                        "gov_fund" => "政府性基金",
                        "state_capital" => "国有资本经营预算",
                        other => other,
                    };
                    id = format!("{f}.{id}");
                    name = format!("{fund_name}·{name}");
                }
            }
            if !subject.level && subject.unit == Unit::Points {
                *level = None;
            }
            let quote: String = s[clause_start + term_start..q.end].iter().collect();
            st.claims.push(Claim {
                subject: id,
                name,
                value: q.value,
                places: q.places,
                unit: q.unit,
                paragraph,
                quote,
            });
            st.claims.len() - 1
        });
        if let Some(c) = claim {
            ids.push(c);
            if st.claims[c].subject == "share" {
                if let Some((_, _, part)) = last_money {
                    if let Some(total) = lists.last().and_then(|l| l.total) {
                        st.shares.push(Share {
                            rate: c,
                            part,
                            total: st.claims[total].value,
                        });
                    }
                }
            }
        }
        // Every amount or score after an opener is a part of the innermost list.
        if let Some(list) = lists.last_mut() {
            if q.unit != Unit::Percent && list.total.is_some_and(|t| st.claims[t].unit == q.unit) {
                list.parts.push(q.value);
            }
        }
        if q.unit != Unit::Percent {
            last_money = Some((q.end, claim, q.value));
        }
        prev_end = q.end;
    }
    done.extend(lists);
    for OpenList { total, parts, .. } in done {
        if let Some(total) = total {
            if parts.len() >= 2
                && v.subjects.iter().any(|s| {
                    s.sum && st.claims[total].subject.rsplit('.').next() == Some(s.id.as_str())
                })
            {
                st.groups.push(Group { total, parts });
            }
        }
    }
    for (start, end, g) in grades(s) {
        let from = (0..start)
            .rev()
            .find(|&k| is_clause_break(s[k]))
            .map_or(0, |k| k + 1);
        let quote: String = s[from..end].iter().collect();
        st.claims.push(Claim {
            subject: "grade".into(),
            name: "等级".into(),
            value: grade_value(g),
            places: 0,
            unit: Unit::Grade,
            paragraph,
            quote,
        });
        ids.push(st.claims.len() - 1);
    }
    // Unit-less scores right after a score term (`自评得分为 97.61`).
    ids.extend(bare_scores(v, s, paragraph, &quantities, st));
    ids
}

/// Positions of list openers in a sentence (the longest word at each place).
fn list_openers(s: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match LIST_OPENERS.iter().find_map(|w| starts_with(&s[i..], w)) {
            Some(n) => {
                out.push(i);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// A score term followed by connecting words and a number without a unit, at the
/// end of a clause: `部门整体绩效自评得分为97.61`.
fn bare_scores(
    v: &Vocabulary,
    s: &[char],
    paragraph: usize,
    with_unit: &[Quantity],
    st: &mut Statements,
) -> Vec<usize> {
    let mut ids = Vec::new();
    let first = st.claims.len();
    let mut terms: Vec<&Term> = v
        .terms
        .iter()
        .filter(|t| v.subjects[t.subject].id == "self_total")
        .collect();
    // The longest term first: `整体绩效自评得分为97.61` is one claim, not three.
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars.len()));
    for t in terms {
        let Some(at) = find(s, &t.chars) else {
            continue;
        };
        let mut j = at + t.chars.len();
        while j < s.len() && "为是:达".contains(s[j]) {
            j += 1;
        }
        let start = j;
        while j < s.len() && (s[j].is_ascii_digit() || s[j] == '.') {
            j += 1;
        }
        let ends_clause = s
            .get(j)
            .is_none_or(|c| is_clause_break(*c) || is_sentence_end(*c));
        let taken = st.claims[first..].iter().any(|c| {
            c.unit == Unit::Points
                && c.paragraph == paragraph
                && c.value.to_string() == s[start..j].iter().collect::<String>()
        });
        if start == j || !ends_clause || taken || with_unit.iter().any(|q| q.start == start) {
            continue;
        }
        let clause_start = (0..at)
            .rev()
            .find(|&k| is_clause_break(s[k]))
            .map_or(0, |k| k + 1);
        let before = &s[clause_start..at];
        if v.skip.iter().any(|w| contains(before, w)) {
            continue;
        }
        let Ok(value) = s[start..j].iter().collect::<String>().parse::<Decimal>() else {
            continue;
        };
        st.claims.push(Claim {
            subject: "self_total".into(),
            name: v.subjects[t.subject].name.clone(),
            value,
            places: value.scale(),
            unit: Unit::Points,
            paragraph,
            quote: s[at..j].iter().collect(),
        });
        ids.push(st.claims.len() - 1);
    }
    ids
}

#[cfg(test)]
mod tests;
