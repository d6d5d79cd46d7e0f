//! The report rules that need a form or a second version: REPORT-FORM (a report
//! against its paired form) and REPORT-CONFLICT between two formats of one report;
//! and the figures of a form a report may restate. Pairing itself is a batch step
//! (`src/batch/pairing.rs`).

use super::reconcile::{agrees, figure_shown};
use crate::model::*;
use crate::report::rules::{quoted, Agreement};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// The figures of a form that reports restate: 全年预算数, 全年执行数, 执行率
/// (computed), 基本/项目支出, “三公” items, 政府采购, 自评总分, 等级, and each 一级
/// indicator's declared score and 得分率.
pub fn form_figures(d: &Department) -> Vec<Figure> {
    let f = &d.form;
    let cell = |at: CellPos| Some(f.place(at));
    let mut out = Vec::new();
    let mut amount = |subject: &str, a: &Amount| {
        if let Some(l) = a {
            out.push(Figure {
                subject: subject.into(),
                value: l.value,
                at: cell(l.at),
            });
        }
    };
    let total = &f.funds[FundKind::Total as usize];
    amount("budget", &total.budget);
    amount("spent", &total.spent);
    amount("initial", &total.initial);
    amount("basic", &f.funds[FundKind::Basic as usize].spent);
    amount("project", &f.funds[FundKind::Project as usize].spent);
    let sangong = |k: SangongKind| &f.sangong[k as usize];
    amount("sangong_budget", &sangong(SangongKind::Total).budget);
    amount("sangong_spent", &sangong(SangongKind::Total).spent);
    amount("abroad_budget", &sangong(SangongKind::Abroad).budget);
    amount("abroad_spent", &sangong(SangongKind::Abroad).spent);
    amount("reception_budget", &sangong(SangongKind::Reception).budget);
    amount("reception_spent", &sangong(SangongKind::Reception).spent);
    amount("procurement_budget", &f.procurement.budget);
    amount("procurement_spent", &f.procurement.spent);
    amount("self_total", &f.self_total);
    if let Some(rate) = d.review.funds[FundKind::Total as usize].rate {
        let at = total.spent.as_ref().and_then(|l| cell(l.at));
        out.push(Figure {
            subject: "rate".into(),
            value: rate * Decimal::from(100),
            at,
        });
    }
    if let Some(g) = f.declared_grade.as_ref() {
        if let Some(grade) = Grade::parse(g.value.trim()) {
            out.push(Figure {
                subject: "grade".into(),
                value: grade_value(grade),
                at: cell(g.at),
            });
        }
    }
    for (level, _, points) in &d.review.scores.by_level1 {
        let rows: Vec<&IndicatorRow> = f.indicators.iter().filter(|r| &r.level1 == level).collect();
        let scores: Option<Vec<Decimal>> = rows.iter().map(|r| value_of(&r.self_score)).collect();
        let (Some(scores), Some(first)) = (scores, rows.first()) else {
            continue;
        };
        let sum: Decimal = scores.iter().sum();
        let at = first.self_score.as_ref().and_then(|l| cell(l.at));
        out.push(Figure {
            subject: format!("{level}.self_total"),
            value: sum,
            at: at.clone(),
        });
        if !points.is_zero() {
            out.push(Figure {
                subject: format!("{level}.score_rate"),
                value: sum / points * Decimal::from(100),
                at,
            });
        }
    }
    out
}

/// REPORT-FORM: each claim whose subject the form also gives, against the form.
pub fn against_form(claims: &[Claim], figures: &[Figure], t: &Tolerances) -> Vec<Slip> {
    let mut out = Vec::new();
    for c in claims {
        let Some(fig) = figures.iter().find(|f| f.subject == c.subject) else {
            continue;
        };
        if agrees(c, fig, t) {
            continue;
        }
        let shown = figure_shown(fig, c.unit, c.places);
        let place = match &fig.at {
            None => "表中".to_string(),
            Some(at) => format!("表中（{at}）"),
        };
        out.push(Slip {
            rule: Rule::ReportForm,
            paragraph: c.paragraph,
            message: format!("报告{}，{}{}为 {}", quoted(&c.quote), place, c.name, shown),
            declared: Some(c.shown()),
            computed: Some(shown),
        });
    }
    out
}

/// Two versions of one report (a PDF exported from the Word file): each claim of
/// `copy` whose subject `checked` also states, but never with the same value, is a
/// REPORT-CONFLICT at the copy's paragraph. A claim only one version gives is left
/// alone (a PDF's text may lose a character the .docx has).
pub fn against_version(copy: &[Claim], checked: &Report, t: &Tolerances) -> Vec<Slip> {
    let mut by_subject: FxHashMap<&str, Vec<&Claim>> = FxHashMap::default();
    for o in &checked.claims {
        by_subject.entry(o.subject.as_str()).or_default().push(o);
    }
    // Each subject's first claim (quoted) and the index of them all.
    let stated: FxHashMap<&str, (&Claim, Agreement)> = by_subject
        .into_iter()
        .map(|(subject, claims)| (subject, (claims[0], Agreement::new(claims, t))))
        .collect();
    let mut out = Vec::new();
    for c in copy {
        let Some((first, agreement)) = stated.get(c.subject.as_str()) else {
            continue;
        };
        if agreement.any_agrees(c, t) {
            continue;
        }
        out.push(Slip {
            rule: Rule::ReportConflict,
            paragraph: c.paragraph,
            message: format!(
                "{}与同一报告的另一版本（{}）第 {} 段{}不一致（{}）",
                quoted(&c.quote),
                checked.file,
                first.paragraph,
                quoted(&first.quote),
                c.name
            ),
            declared: Some(c.shown()),
            computed: Some(first.shown()),
        });
    }
    crate::report::rules::capped(out)
}
