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

use words::{
    clause_start, contains, find, fund_before, is_clause_break, is_sentence_end, quantities,
    starts_with, term_of, Quantity, LIST_OPENERS,
};

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
    let mut table: Vec<(usize, Vec<String>)> = Vec::new();
    for (pi, paragraph) in paragraphs.iter().enumerate() {
        // A table's rows are read together, when the table ends.
        if tables::is_row(paragraph) {
            let cells = paragraph.split(super::text::TABLE_CELL).map(str::to_string);
            table.push((pi + 1, cells.collect()));
            continue;
        }
        if !table.is_empty() {
            tables::read(v, &std::mem::take(&mut table), &mut st);
        }
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
    if !table.is_empty() {
        tables::read(v, &table, &mut st);
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
    let involve = involve(s);
    let mut incomes: Vec<(usize, usize)> = Vec::new(); // (end, claim) of each income
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
        let clause_start = clause_start(s, prev_end, q.start);
        let clause = &s[clause_start..q.start];
        // After a 涉及 about a project or a key evaluation, no number is the
        // department's; after one about the department as a whole, each is.
        let scope = involve
            .filter(|(at, _)| *at < q.start)
            .map(|(_, whole)| whole);
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
        let claim = if scope == Some(false) {
            None
        } else {
            term_of(v, clause, q.unit, scope == Some(true))
        };
        let claim = claim.map(|(si, term_start)| {
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
            if st.claims[c].subject.ends_with("income") {
                incomes.push((q.end, c));
            }
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
        // Every amount or score after an opener is a part of the innermost list;
        // but 结余结转 is never a part of 支出 (`支出 76.36 万元，其中基本支出…，
        // 项目支出…，结余结转 0 万元`).
        let carried = |l: &OpenList| {
            l.total.is_some_and(|t| {
                let subject = st.claims[t].subject.rsplit('.').next().unwrap_or_default();
                matches!(subject, "spent" | "basic" | "project")
                    && (contains(clause, &['结', '余']) || contains(clause, &['结', '转']))
            })
        };
        if let Some(list) = lists.last_mut().filter(|l| !carried(l)) {
            if q.unit != Unit::Percent && list.total.is_some_and(|t| st.claims[t].unit == q.unit) {
                list.parts.push(q.value);
            }
        }
        if q.unit != Unit::Percent {
            last_money = Some((q.end, claim, q.value));
        }
        prev_end = q.end;
    }
    ids.extend(balanced(s, paragraph, &incomes, &ids, st));
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

/// `一般公共预算财政拨款收入 X 万元，收支平衡`: the fund's 支出 is X too, when
/// the sentence does not state it. The claim quotes the income and `收支平衡`.
fn balanced(
    s: &[char],
    paragraph: usize,
    incomes: &[(usize, usize)],
    ids: &[usize],
    st: &mut Statements,
) -> Vec<usize> {
    let mut out = Vec::new();
    let word: Vec<char> = "收支平衡".chars().collect();
    let mut from = 0;
    while let Some(at) = find_first(&s[from..], &word).map(|k| k + from) {
        from = at + word.len();
        let Some(&(end, income)) = incomes.iter().rev().find(|(end, _)| *end <= at) else {
            continue;
        };
        // Only what lies between the income and `收支平衡` (`，`) may separate them.
        if !s[end..at].iter().all(|c| is_clause_break(*c)) {
            continue;
        }
        let c = &st.claims[income];
        let Some(fund) = c.subject.strip_suffix(".income") else {
            continue;
        };
        let subject = format!("{fund}.spent");
        if ids
            .iter()
            .chain(&out)
            .any(|&i| st.claims[i].subject == subject)
        {
            continue;
        }
        let name = c.name.replace("收入", "支出");
        let claim = Claim {
            subject,
            name,
            value: c.value,
            places: c.places,
            unit: c.unit,
            paragraph,
            quote: format!("{}，收支平衡", c.quote),
        };
        st.claims.push(claim);
        out.push(st.claims.len() - 1);
    }
    out
}

/// The first `涉及` of a sentence, and whether what it speaks of is the department
/// as a whole: the sentence before it says `整体` (`部门整体支出绩效自评…，涉及一般
/// 公共预算支出…`) and names no project or key evaluation (`对…项目开展了重点绩效
/// 评价，涉及…`).
fn involve(s: &[char]) -> Option<(usize, bool)> {
    let at = find_first(s, &['涉', '及'])?;
    let before = &s[..at];
    let whole = contains(before, &['整', '体'])
        && !contains(before, &['项', '目'])
        && !contains(before, &['重', '点']);
    Some((at, whole))
}

fn find_first(hay: &[char], needle: &[char]) -> Option<usize> {
    (0..hay.len().saturating_sub(needle.len() - 1)).find(|&i| hay[i..].starts_with(needle))
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

mod tables;
mod words;

#[cfg(test)]
mod tests;
