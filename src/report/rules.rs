//! The rules inside one report (`REPORT.md` §4): REPORT-SUM, REPORT-RATE,
//! REPORT-CONFLICT, REPORT-SCORE. Each compares stated figures with each other, at
//! the precision written and within the tolerances of the form rules.

use super::claims::Statements;
use crate::model::{grade_of, Claim, Grade, Rule, Slip, Tolerances, Unit};
use crate::num;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

/// Stated scores agree when within this many points (scores are written exactly).
const SCORE_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Quotes are shortened to this many characters.
const QUOTE_CHARS: usize = 40;

/// `“…”`, shortened.
pub fn quoted(text: &str) -> String {
    let n = text.chars().count();
    if n <= QUOTE_CHARS {
        format!("“{text}”")
    } else {
        let tail: String = text.chars().skip(n - QUOTE_CHARS).collect();
        format!("“…{tail}”")
    }
}

/// Whether a stated rate (`places` decimals, in percent) covers `computed` (percent):
/// `99.8%` covers [99.75, 99.85), widened by the tolerance (percentage points).
pub fn rate_covers(stated: Decimal, places: u32, computed: Decimal, tolerance: Decimal) -> bool {
    let half = half(places);
    computed >= stated - half - tolerance && computed < stated + half + tolerance
}

/// Whether two stated rates can be the same rate (their intervals meet).
fn rates_agree(a: &Claim, b: &Claim, tolerance: Decimal) -> bool {
    let (a_lo, a_hi) = (a.value - half(a.places), a.value + half(a.places));
    let (b_lo, b_hi) = (b.value - half(b.places), b.value + half(b.places));
    a_lo < b_hi + tolerance && b_lo < a_hi + tolerance
}

/// Whether two stated values of one subject agree.
pub fn agree(a: &Claim, b: &Claim, t: &Tolerances) -> bool {
    match a.unit {
        Unit::Percent => rates_agree(a, b, t.rate_points),
        Unit::Wan => (a.value - b.value).abs() <= t.money,
        Unit::Points => (a.value - b.value).abs() <= SCORE_TOLERANCE,
        Unit::Grade => a.value == b.value,
    }
}

/// At most this many slips of one rule are listed for one report; the others are
/// counted in one more slip. A report of 40,000 repeated paragraphs (1.5 MB) gave
/// 640,000 REPORT-CONFLICTs, gigabytes in the batch and a list no reviewer reads.
pub const MAX_SLIPS_PER_RULE: usize = 50;

/// Every slip inside a report, at most [`MAX_SLIPS_PER_RULE`] of a rule listed.
pub fn check(st: &Statements, t: &Tolerances, grades: &[(Grade, Decimal)]) -> Vec<Slip> {
    let mut out = Vec::new();
    sums(st, t, &mut out);
    identities(st, t, &mut out);
    rates(st, t, &mut out);
    conflicts(st, t, &mut out);
    scores(st, t, grades, &mut out);
    by_paragraph(&mut out);
    out.dedup();
    let mut out = capped(out);
    by_paragraph(&mut out);
    out
}

fn by_paragraph(slips: &mut [Slip]) {
    slips.sort_by(|a, b| {
        (a.paragraph, a.rule.id(), &a.message).cmp(&(b.paragraph, b.rule.id(), &b.message))
    });
}

/// The first [`MAX_SLIPS_PER_RULE`] slips of each rule (in paragraph order), and
/// for a rule with more, one slip at the first paragraph left out that counts
/// the rest and says where they are.
pub fn capped(slips: Vec<Slip>) -> Vec<Slip> {
    let mut seen: std::collections::HashMap<&'static str, usize> = Default::default();
    // Per rule: (rule, first paragraph left out, last, how many).
    let mut rest: std::collections::BTreeMap<&'static str, (Rule, usize, usize, usize)> =
        Default::default();
    let mut out = Vec::new();
    for s in slips {
        let n = seen.entry(s.rule.id()).or_default();
        *n += 1;
        if *n <= MAX_SLIPS_PER_RULE {
            out.push(s);
        } else {
            let e = rest
                .entry(s.rule.id())
                .or_insert((s.rule, s.paragraph, s.paragraph, 0));
            e.2 = e.2.max(s.paragraph);
            e.3 += 1;
        }
    }
    for (rule, first, last, n) in rest.into_values() {
        out.push(Slip {
            rule,
            paragraph: first,
            message: format!(
                "另有 {n} 处同类问题（第 {first}–{last} 段）未逐一列出：这份报告中这类问题超过 {MAX_SLIPS_PER_RULE} 处，请先核对上面所列的，再逐段核对其余"
            ),
            declared: None,
            computed: None,
        });
    }
    out
}

fn amount(v: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Wan => format!("{}万元", num::money(v)),
        Unit::Points => format!("{}分", v.normalize()),
        _ => v.to_string(),
    }
}

/// REPORT-SUM (amounts) and REPORT-SCORE (points): a total against its listed parts.
fn sums(st: &Statements, t: &Tolerances, out: &mut Vec<Slip>) {
    for g in &st.groups {
        let total = &st.claims[g.total];
        let sum: Decimal = g.parts.iter().sum();
        let tolerance = if total.unit == Unit::Points {
            SCORE_TOLERANCE
        } else {
            t.money
        };
        if (sum - total.value).abs() <= tolerance {
            continue;
        }
        let parts: Vec<String> = g.parts.iter().map(|p| p.to_string()).collect();
        let rule = if total.unit == Unit::Points {
            Rule::ReportScore
        } else {
            Rule::ReportSum
        };
        out.push(Slip {
            rule,
            paragraph: total.paragraph,
            message: format!(
                "{}，而其后列出的各部分 {} = {}，相差 {}",
                quoted(&total.quote),
                parts.join(" + "),
                amount(sum, total.unit),
                amount((total.value - sum).abs(), total.unit)
            ),
            declared: Some(amount(total.value, total.unit)),
            computed: Some(amount(sum, total.unit)),
        });
    }
}

/// The one value a report states for a subject, if it states it, and consistently.
fn stated<'a>(st: &'a Statements, subject: &str, t: &Tolerances) -> Option<&'a Claim> {
    let mut found = st.claims.iter().filter(|c| c.subject == subject);
    let first = found.next()?;
    found.all(|c| agree(first, c, t)).then_some(first)
}

/// REPORT-SUM across sentences, for the sums every report states the same way:
/// “三公”经费 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行维护.
fn identities(st: &Statements, t: &Tolerances, out: &mut Vec<Slip>) {
    const IDENTITIES: &[(&str, &[&str])] = &[
        (
            "sangong_budget",
            &["abroad_budget", "vehicles", "reception_budget"],
        ),
        ("vehicles", &["vehicle_purchase", "vehicle_running"]),
    ];
    for (total, parts) in IDENTITIES {
        let Some(total) = stated(st, total, t) else {
            continue;
        };
        // A total whose parts its own sentence lists is checked by [`sums`].
        if st
            .groups
            .iter()
            .any(|g| std::ptr::eq(&st.claims[g.total], total))
        {
            continue;
        }
        let parts: Option<Vec<&Claim>> = parts.iter().map(|p| stated(st, p, t)).collect();
        let Some(parts) = parts else { continue };
        let sum: Decimal = parts.iter().map(|p| p.value).sum();
        if (sum - total.value).abs() <= t.money {
            continue;
        }
        let listed: Vec<String> = parts
            .iter()
            .map(|p| format!("{} {}", p.name, p.value))
            .collect();
        out.push(Slip {
            rule: Rule::ReportSum,
            paragraph: total.paragraph,
            message: format!(
                "{}，而{} = {}，相差 {}",
                quoted(&total.quote),
                listed.join(" + "),
                amount(sum, Unit::Wan),
                amount((total.value - sum).abs(), Unit::Wan)
            ),
            declared: Some(amount(total.value, Unit::Wan)),
            computed: Some(amount(sum, Unit::Wan)),
        });
    }
}

/// REPORT-RATE: a rate stated in one sentence with both of its amounts, and a share
/// stated after a part of a total.
fn rates(st: &Statements, t: &Tolerances, out: &mut Vec<Slip>) {
    let tolerance = t.rate_points;
    let mut check = |rate: &Claim, numerator: Decimal, denominator: Decimal, terms: String| {
        let Some(computed) = num::ratio(numerator, denominator) else {
            return;
        };
        let computed = computed * Decimal::from(100);
        if rate_covers(rate.value, rate.places, computed, tolerance) {
            return;
        }
        let shown = num::round(computed, rate.places.max(2));
        out.push(Slip {
            rule: Rule::ReportRate,
            paragraph: rate.paragraph,
            message: format!("{}，而 {terms} = {shown}%", quoted(&rate.quote)),
            declared: Some(format!("{}%", rate.value)),
            computed: Some(format!("{shown}%")),
        });
    };
    for ids in &st.sentences {
        let of = |suffix: &str, fund: &str| {
            ids.iter()
                .map(|&i| &st.claims[i])
                .find(|c| c.subject == format!("{fund}{suffix}"))
        };
        for rate in ids.iter().map(|&i| &st.claims[i]) {
            let Some(fund) = rate
                .subject
                .strip_suffix("rate")
                .filter(|f| f.is_empty() || f.ends_with('.'))
            else {
                continue;
            };
            if let (Some(budget), Some(spent)) = (of("budget", fund), of("spent", fund)) {
                check(
                    rate,
                    spent.value,
                    budget.value,
                    format!("{} ÷ {}", spent.value, budget.value),
                );
            }
        }
    }
    for share in &st.shares {
        check(
            &st.claims[share.rate],
            share.part,
            share.total,
            format!("{} ÷ {}", share.part, share.total),
        );
    }
}

/// One subject's claims, indexed to tell whether any of them agrees with a claim
/// ([`agree`], that claim's unit deciding) by binary search rather than by a pass
/// over them all: two versions of a report of 40,000 sentences are compared claim
/// by claim.
pub struct Agreement {
    /// The values, sorted.
    values: Vec<Decimal>,
    /// As rates: (value − half a unit written, value + half + the tolerance),
    /// sorted by the first, the second made a running maximum.
    rates: Vec<(Decimal, Decimal)>,
}

impl Agreement {
    /// The index of `claims` under the tolerances `t`.
    pub fn new<'a>(claims: impl IntoIterator<Item = &'a Claim>, t: &Tolerances) -> Agreement {
        let (mut values, mut rates): (Vec<Decimal>, Vec<(Decimal, Decimal)>) = claims
            .into_iter()
            .map(|o| {
                let half = half(o.places);
                (o.value, (o.value - half, o.value + half + t.rate_points))
            })
            .unzip();
        values.sort();
        rates.sort_by_key(|r| r.0);
        let mut high: Option<Decimal> = None;
        for r in &mut rates {
            r.1 = high.map_or(r.1, |h| h.max(r.1));
            high = Some(r.1);
        }
        Agreement { values, rates }
    }

    /// Whether `agree(c, o, t)` holds for one of the claims `o`.
    pub fn any_agrees(&self, c: &Claim, t: &Tolerances) -> bool {
        let tolerance = match c.unit {
            Unit::Grade => return self.values.binary_search(&c.value).is_ok(),
            Unit::Percent => {
                // `c_lo < o_hi + tolerance && o_lo < c_hi + tolerance`: among the
                // claims with a low end below c's high, the highest high end.
                let half = half(c.places);
                let above = c.value + half + t.rate_points;
                let n = self.rates.partition_point(|(lo, _)| *lo < above);
                return n > 0 && c.value - half < self.rates[n - 1].1;
            }
            Unit::Points => SCORE_TOLERANCE,
            Unit::Wan => t.money,
        };
        // The nearest value on either side decides.
        let at = self.values.partition_point(|v| *v < c.value);
        [at.checked_sub(1), Some(at)]
            .into_iter()
            .flatten()
            .filter_map(|i| self.values.get(i))
            .any(|v| (c.value - *v).abs() <= tolerance)
    }
}

/// REPORT-CONFLICT: one subject stated twice with values that cannot both be right.
/// Each later claim is held against the first earlier claim of its subject that it
/// disagrees with, found in the subject's [`Earlier`] claims by binary search rather
/// than by a pass over them all (a report of 40,000 equal sentences took 88 s).
fn conflicts(st: &Statements, t: &Tolerances, out: &mut Vec<Slip>) {
    let mut earlier: HashMap<&str, Earlier> = HashMap::default();
    for (i, later) in st.claims.iter().enumerate() {
        if later.subject == "share" || later.subject.ends_with("progress_rate") {
            continue;
        }
        let stated = earlier.entry(later.subject.as_str()).or_default();
        let first = stated.first_disagreeing(later, t);
        stated.push(i, later, t);
        let Some(earlier) = first.map(|j| &st.claims[j]) else {
            continue;
        };
        let place = if earlier.paragraph == later.paragraph {
            "同段前文".to_string()
        } else {
            format!("第 {} 段", earlier.paragraph)
        };
        out.push(Slip {
            rule: Rule::ReportConflict,
            paragraph: later.paragraph,
            message: format!(
                "{}与{}{}不一致（{}）",
                quoted(&later.quote),
                place,
                quoted(&earlier.quote),
                later.name
            ),
            declared: Some(later.shown()),
            computed: Some(earlier.shown()),
        });
    }
}

/// The claims stated so far of one subject, by unit (whether two claims agree is
/// decided by the earlier one's unit, [`agree`]).
#[derive(Default)]
struct Earlier {
    by_unit: Vec<(Unit, Bounds)>,
}

/// Claims of one subject and unit in reading order, with the running extremes of
/// the two keys that decide disagreement with a later claim: `high` (the greatest
/// lower key so far) and `low` (the least upper key so far). Each is monotone, so
/// the first claim past a threshold is found by binary search.
///
/// | unit | lower key | upper key | disagrees with `l` when |
/// |---|---|---|---|
/// | amount, score | value | value | value past `l`'s by more than the tolerance, either way |
/// | rate | value − half a unit written | value + half + tolerance | lower key ≥ `l`'s upper + tolerance, or upper key ≤ `l`'s lower |
/// | grade | | | value ≠ `l`'s (the first claim, else the first other value) |
#[derive(Default)]
struct Bounds {
    claims: Vec<usize>,
    high: Vec<Decimal>,
    low: Vec<Decimal>,
    /// Grades: the position of the first value other than the first one.
    other: Option<usize>,
    first: Option<Decimal>,
}

impl Earlier {
    fn push(&mut self, i: usize, c: &Claim, t: &Tolerances) {
        let at = match self.by_unit.iter().position(|(u, _)| *u == c.unit) {
            Some(at) => at,
            None => {
                self.by_unit.push((c.unit, Bounds::default()));
                self.by_unit.len() - 1
            }
        };
        self.by_unit[at].1.push(i, c, t);
    }

    /// The index of the first claim so far that `later` disagrees with.
    fn first_disagreeing(&self, later: &Claim, t: &Tolerances) -> Option<usize> {
        self.by_unit
            .iter()
            .filter_map(|(unit, b)| b.first_disagreeing(*unit, later, t))
            .min()
    }
}

/// Half a unit of the last decimal place written: `99.8%` stands for [99.75, 99.85).
fn half(places: u32) -> Decimal {
    Decimal::new(5, (places + 1).min(28))
}

impl Bounds {
    fn push(&mut self, i: usize, c: &Claim, t: &Tolerances) {
        let (lower, upper) = match c.unit {
            Unit::Percent => (
                c.value - half(c.places),
                c.value + half(c.places) + t.rate_points,
            ),
            Unit::Grade => {
                let first = *self.first.get_or_insert(c.value);
                if self.other.is_none() && c.value != first {
                    self.other = Some(self.claims.len());
                }
                self.claims.push(i);
                return;
            }
            _ => (c.value, c.value),
        };
        let high = self.high.last().map_or(lower, |h| (*h).max(lower));
        let low = self.low.last().map_or(upper, |l| (*l).min(upper));
        self.claims.push(i);
        self.high.push(high);
        self.low.push(low);
    }

    /// The first claim of `unit` that `later` disagrees with, by [`agree`].
    fn first_disagreeing(&self, unit: Unit, later: &Claim, t: &Tolerances) -> Option<usize> {
        let position = match unit {
            Unit::Grade => match self.first {
                Some(first) if first != later.value => Some(0),
                _ => self.other,
            },
            Unit::Percent => {
                // Not `lower < l_hi + tolerance`, or not `l_lo < upper`.
                let above = later.value + half(later.places) + t.rate_points;
                let below = later.value - half(later.places);
                let a = self.high.partition_point(|h| *h < above);
                let b = self.low.partition_point(|l| *l > below);
                Some(a.min(b))
            }
            Unit::Wan | Unit::Points => {
                let tolerance = match unit {
                    Unit::Points => SCORE_TOLERANCE,
                    _ => t.money,
                };
                let apart = |x: Decimal| (x - later.value).abs() > tolerance;
                let a = self
                    .high
                    .partition_point(|h| !(*h >= later.value && apart(*h)));
                let b = self
                    .low
                    .partition_point(|l| !(*l <= later.value && apart(*l)));
                Some(a.min(b))
            }
        };
        position.and_then(|p| self.claims.get(p).copied())
    }
}

/// REPORT-SCORE: 一级 scores against the total, 得分率 against score ÷ 分值, and the
/// grade against the stated total.
fn scores(st: &Statements, t: &Tolerances, grades: &[(Grade, Decimal)], out: &mut Vec<Slip>) {
    let levels = &super::terms::vocabulary().levels;
    let total = stated(st, "self_total", t);
    let level_scores: Option<Vec<&Claim>> = levels
        .iter()
        .map(|l| stated(st, &format!("{l}.self_total"), t))
        .collect();
    if let (Some(total), Some(parts)) = (total, &level_scores) {
        let sum: Decimal = parts.iter().map(|c| c.value).sum();
        if (sum - total.value).abs() > SCORE_TOLERANCE {
            let listed: Vec<String> = parts
                .iter()
                .map(|c| format!("{} {}", c.name, c.value))
                .collect();
            out.push(Slip {
                rule: Rule::ReportScore,
                paragraph: total.paragraph,
                message: format!(
                    "{}，而{} = {}分",
                    quoted(&total.quote),
                    listed.join(" + "),
                    sum
                ),
                declared: Some(format!("{}分", total.value)),
                computed: Some(format!("{sum}分")),
            });
        }
    }
    for l in levels {
        let (Some(rate), Some(score), Some(points)) = (
            stated(st, &format!("{l}.score_rate"), t),
            stated(st, &format!("{l}.self_total"), t),
            stated(st, &format!("{l}.points"), t),
        ) else {
            continue;
        };
        let Some(computed) = num::ratio(score.value, points.value) else {
            continue;
        };
        let computed = computed * Decimal::from(100);
        if !rate_covers(rate.value, rate.places, computed, t.rate_points) {
            let shown = num::round(computed, rate.places.max(2));
            out.push(Slip {
                rule: Rule::ReportScore,
                paragraph: rate.paragraph,
                message: format!(
                    "{}，而{}得分 {} ÷ 分值 {} = {shown}%",
                    quoted(&rate.quote),
                    l,
                    score.value,
                    points.value
                ),
                declared: Some(format!("{}%", rate.value)),
                computed: Some(format!("{shown}%")),
            });
        }
    }
    let Some(total) = total else { return };
    let fits = grades
        .iter()
        .find(|(_, min)| total.value >= *min)
        .map(|(g, _)| *g);
    for claim in st.claims.iter().filter(|c| c.unit == Unit::Grade) {
        let (Some(stated_grade), Some(fits)) = (grade_of(claim.value), fits) else {
            continue;
        };
        if stated_grade != fits {
            out.push(Slip {
                rule: Rule::ReportScore,
                paragraph: claim.paragraph,
                message: format!(
                    "{}，而报告所述自评得分 {} 分对应的等级为“{}”",
                    quoted(&claim.quote),
                    total.value,
                    fits.label()
                ),
                declared: Some(stated_grade.label().into()),
                computed: Some(fits.label().into()),
            });
        }
    }
}

#[cfg(test)]
mod tests;
