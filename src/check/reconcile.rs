//! The report set against its form, field by field: the rows of the 报告核对 sheet
//! (`REPORT.md` §5) and the comparison REPORT-FORM is made of.

use crate::model::{Agreement, Claim, Figure, Reconciled, Tolerances, Unit};
use crate::report::rules::{agree, rate_covers};
use crate::report::terms::vocabulary;

/// Whether a claim agrees with the form's figure of its subject.
pub fn agrees(c: &Claim, fig: &Figure, t: &Tolerances) -> bool {
    match c.unit {
        Unit::Percent => rate_covers(c.value, c.places, fig.value, t.rate_points),
        _ => agree(
            c,
            &Claim {
                value: fig.value,
                places: 2,
                ..c.clone()
            },
            t,
        ),
    }
}

/// The form's figure shown in the unit of its subject, a rate at the precision of
/// the claim it is set against (at least two places).
pub fn figure_shown(fig: &Figure, unit: Unit, places: u32) -> String {
    let as_claim = Claim {
        subject: fig.subject.clone(),
        name: String::new(),
        value: fig.value,
        places: 2,
        unit,
        paragraph: 0,
        quote: String::new(),
    };
    match unit {
        Unit::Percent => {
            let places = places.max(2);
            format!(
                "{:.*}%",
                places as usize,
                crate::num::round(fig.value, places)
            )
        }
        _ => as_claim.shown(),
    }
}

/// A subject id's Chinese name and unit (`履职效能.score_rate` → `履职效能·得分率`).
fn subject_of(id: &str) -> (String, Unit) {
    let (qualifier, base) = id
        .rsplit_once('.')
        .map_or((None, id), |(q, b)| (Some(q), b));
    if base == "grade" {
        return ("等级".into(), Unit::Grade);
    }
    let v = vocabulary();
    let (name, unit) = v
        .subjects
        .iter()
        .find(|s| s.id == base)
        .map_or((base.to_string(), Unit::Wan), |s| (s.name.clone(), s.unit));
    match qualifier {
        Some(q) => (format!("{q}·{name}"), unit),
        None => (name, unit),
    }
}

/// Every field either side states: the form's figures in their order, each with
/// the claims of its subject (or alone, 仅表格), then the claims the form has no
/// figure for (仅报告), in paragraph order.
pub fn reconcile(claims: &[Claim], figures: &[Figure], t: &Tolerances) -> Vec<Reconciled> {
    let mut out = Vec::new();
    for fig in figures {
        let (name, unit) = subject_of(&fig.subject);
        let stated: Vec<&Claim> = claims.iter().filter(|c| c.subject == fig.subject).collect();
        if stated.is_empty() {
            out.push(Reconciled {
                field: name.clone(),
                report: None,
                form: Some((figure_shown(fig, unit, 2), fig.at.clone())),
                agreement: Agreement::FormOnly,
            });
        }
        for c in stated {
            out.push(Reconciled {
                field: name.clone(),
                report: Some((c.shown(), c.paragraph)),
                form: Some((figure_shown(fig, c.unit, c.places), fig.at.clone())),
                agreement: if agrees(c, fig, t) {
                    Agreement::Same
                } else {
                    Agreement::Differs
                },
            });
        }
    }
    for c in claims {
        if !figures.iter().any(|f| f.subject == c.subject) {
            out.push(Reconciled {
                field: c.name.clone(),
                report: Some((c.shown(), c.paragraph)),
                form: None,
                agreement: Agreement::ReportOnly,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellPos, Place};
    use rust_decimal::Decimal;

    fn claim(subject: &str, value: &str, places: u32, unit: Unit, paragraph: usize) -> Claim {
        Claim {
            subject: subject.into(),
            name: subject.into(),
            value: value.parse::<Decimal>().unwrap(),
            places,
            unit,
            paragraph,
            quote: String::new(),
        }
    }

    #[test]
    fn each_field_once_per_statement_with_its_verdict() {
        let figures = [
            Figure {
                subject: "spent".into(),
                value: "1954.07".parse().unwrap(),
                at: Some(Place::cell("自评表", CellPos::new(7, 4))),
            },
            Figure {
                subject: "rate".into(),
                value: "99.9800460".parse().unwrap(),
                at: Some(Place::cell("自评表", CellPos::new(7, 4))),
            },
            Figure {
                subject: "basic".into(),
                value: "1496.13".parse().unwrap(),
                at: Some(Place::cell("自评表", CellPos::new(12, 4))),
            },
        ];
        let claims = [
            claim("rate", "99.8", 1, Unit::Percent, 7),
            claim("rate", "99.98", 2, Unit::Percent, 15),
            claim("spent", "1954.07", 2, Unit::Wan, 7),
            claim("share", "57.34", 2, Unit::Percent, 30),
        ];
        let rows = reconcile(&claims, &figures, &Tolerances::default());
        let got: Vec<(&str, Option<&str>, Option<&str>, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.field.as_str(),
                    r.report.as_ref().map(|(v, _)| v.as_str()),
                    r.form.as_ref().map(|(v, _)| v.as_str()),
                    r.agreement.label(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "全年执行数",
                    Some("1954.07万元"),
                    Some("1954.07万元"),
                    "一致"
                ),
                ("预算执行率", Some("99.8%"), Some("99.98%"), "不一致"),
                ("预算执行率", Some("99.98%"), Some("99.98%"), "一致"),
                ("基本支出", None, Some("1496.13万元"), "仅表格"),
                ("share", Some("57.34%"), None, "仅报告"),
            ]
        );
    }
}
