//! The JSON export (`JSON.md`): decimals as strings, rates as 4-decimal fractions,
//! `null` where absent or not comparable. The document's shape is
//! [`crate::model::document`]; this module fills it.

use crate::batch::Batch;
use crate::model::document::*;
use crate::model::*;
use crate::num;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

fn amount(a: &Amount) -> Shown {
    a.as_ref().map(|l| num::amount(l.value))
}

fn rate(r: Option<Decimal>) -> Shown {
    r.map(num::rate)
}

fn score(s: Option<Decimal>) -> Shown {
    s.map(num::money)
}

fn text(t: Option<&str>) -> Shown {
    t.filter(|s| !s.is_empty()).map(str::to_string)
}

/// A goal value for JSON: a number as written, a percentage as a fraction, text as is.
fn measure(v: Option<&Located<GoalValue>>) -> Shown {
    let v = v?;
    Some(match &v.value.measure {
        Measure::Number(n) => num::plain(*n),
        Measure::Percent(p) => num::rate(*p),
        Measure::Text(t) => t.clone(),
    })
}

fn fund(d: &Department, kind: FundKind) -> FundDoc {
    let row = d.form.fund(kind);
    FundDoc {
        initial: amount(&row.initial),
        budget: amount(&row.budget),
        spent: amount(&row.spent),
        rate: rate(d.review.funds[kind as usize].rate),
        declared_rate: rate(value_of(&row.declared_rate)),
        carried_over: amount(&row.carried_over),
        adjustment: amount(&row.adjustment),
        balance: amount(&row.balance),
        declared_balance_rate: rate(value_of(&row.declared_balance_rate)),
    }
}

fn funds(d: &Department) -> FundsDoc {
    FundsDoc {
        total: fund(d, FundKind::Total),
        general_public: fund(d, FundKind::GeneralPublic),
        gov_fund: fund(d, FundKind::GovFund),
        state_capital: fund(d, FundKind::StateCapital),
        other: fund(d, FundKind::Other),
        basic: fund(d, FundKind::Basic),
        project: fund(d, FundKind::Project),
        fiscal: fund(d, FundKind::Fiscal),
        carried_over: fund(d, FundKind::CarriedOver),
    }
}

fn pair(row: &PairRow, computed: Option<Decimal>) -> PairDoc {
    PairDoc {
        budget: amount(&row.budget),
        spent: amount(&row.spent),
        rate: rate(computed),
    }
}

fn sangong(d: &Department) -> SangongDoc {
    let line = |k: SangongKind| pair(d.form.sangong(k), d.review.sangong_rates[k as usize]);
    SangongDoc {
        total: line(SangongKind::Total),
        abroad: line(SangongKind::Abroad),
        vehicles: line(SangongKind::Vehicles),
        vehicle_purchase: line(SangongKind::VehiclePurchase),
        vehicle_running: line(SangongKind::VehicleRunning),
        reception: line(SangongKind::Reception),
    }
}

fn goals(d: &Department) -> Vec<GoalDoc> {
    let f = &d.form;
    f.goals
        .iter()
        .zip(&d.review.goals)
        .map(|(g, r)| GoalDoc {
            level1: g.level1.clone(),
            level2: g.level2.clone(),
            name: g.name.clone(),
            direction: r.direction.json().to_string(),
            unit: text(Some(&g.unit)),
            target: measure(g.target.as_ref()),
            actual: measure(g.actual.as_ref()),
            completion: rate(r.completion),
            cell: f.cell_ref(g.cell()),
        })
        .collect()
}

fn indicators(d: &Department, scheme: &Scheme) -> Vec<IndicatorDoc> {
    let f = &d.form;
    let mut out: Vec<IndicatorDoc> = d
        .review
        .indicators
        .iter()
        .map(|s| {
            let def = scheme.describe(s, f);
            let row = s.row.map(|i| &f.indicators[i]);
            let (target, actual) = if def.rates {
                (rate(s.target), rate(s.actual))
            } else if s.scheme_index.is_none() {
                (
                    measure(row.and_then(|r| r.target.as_deref())),
                    measure(row.and_then(|r| r.actual.as_deref())),
                )
            } else {
                (None, None)
            };
            IndicatorDoc {
                level1: def.level1.to_string(),
                level2: def.level2.to_string(),
                level3: def.level3.to_string(),
                points: def.points.map(num::plain),
                target,
                actual,
                completion: rate(s.completion),
                self_score: score(row.and_then(|r| value_of(&r.self_score))),
                score: score(s.score),
                method: Some(def.method.to_string()),
                reason: text(row.map(|r| r.reason.as_str())),
                cell: row.map(|r| f.cell_ref(CellPos::new(r.row, r.score_col))),
            }
        })
        .collect();
    // Rows that match no indicator of the scheme: kept and shown, not scored.
    for r in d.unscored_rows() {
        out.push(IndicatorDoc {
            level1: r.level1.clone(),
            level2: r.level2.clone(),
            level3: r.level3.clone(),
            points: r.points.as_ref().map(|p| num::plain(p.value)),
            target: measure(r.target.as_deref()),
            actual: measure(r.actual.as_deref()),
            completion: rate(value_of(&r.declared_completion)),
            self_score: score(value_of(&r.self_score)),
            score: None,
            method: None,
            reason: text(Some(&r.reason)),
            cell: Some(f.cell_ref(CellPos::new(r.row, r.score_col))),
        });
    }
    out
}

fn scores(d: &Department) -> ScoresDoc {
    let s = &d.review.scores;
    let by = |list: &[(String, Option<Decimal>, Decimal)]| -> Map<String, Value> {
        list.iter()
            .map(|(n, v, _)| (n.clone(), json!(score(*v))))
            .collect()
    };
    let declared_grade = d.form.declared_grade.as_ref().map(|g| {
        Grade::parse(&g.value)
            .map(|p| p.label().to_string())
            .unwrap_or_else(|| g.value.clone())
    });
    ScoresDoc {
        by_level1: by(&s.by_level1),
        by_level2: by(&s.by_level2),
        self_total: score(value_of(&d.form.self_total)),
        total: score(s.total),
        deduction: score(s.deduction),
        difference: score(s.difference),
        grade: s.grade.map(|g| g.label().to_string()),
        declared_grade,
        rank: s.rank,
    }
}

fn department(
    d: &Department,
    scheme: &Scheme,
    sha256: Option<&str>,
    paired: Option<&Report>,
) -> DepartmentDoc {
    let f = &d.form;
    DepartmentDoc {
        name: f.name.clone(),
        code: text(text_of(&f.code)),
        year: f.year.as_ref().map(|y| y.value),
        subordinate_units: f.subordinate_units.as_ref().map(|u| u.value),
        source: SourceDoc {
            file: f.file.clone(),
            sheet: f.sheet.clone(),
            sha256: sha256.map(str::to_string),
        },
        layout: f.layout.clone(),
        unit_suspect: f.unit_suspect,
        funds: funds(d),
        carryover: amount(&f.carryover),
        sangong: sangong(d),
        procurement: pair(&f.procurement, d.review.procurement_rate),
        assets: AssetsDoc {
            total: amount(&f.assets.total),
            fixed_original: amount(&f.assets.fixed_original),
            fixed_in_use: amount(&f.assets.fixed_in_use),
            utilization: rate(d.review.fixed_asset_utilization),
        },
        goals: goals(d),
        indicators: indicators(d, scheme),
        scores: scores(d),
        text: TextDoc {
            overall_goal: text(text_of(&f.text.overall_goal)),
            achievement: text(text_of(&f.text.achievement)),
            problems: text(text_of(&f.text.problems)),
            measures: text(text_of(&f.text.measures)),
        },
        filler: FillerDoc {
            name: text(text_of(&f.filler.name)),
            phone: text(text_of(&f.filler.phone)),
            date: text(text_of(&f.filler.date)),
        },
        report: paired.map(report),
    }
}

fn file(r: &FileRecord) -> FileDoc {
    FileDoc {
        file: r.file.clone(),
        status: r.status.key().to_string(),
        reason: r.reason.clone(),
        department: r.department.clone(),
        sheet: r.sheet.clone(),
        sha256: r.sha256.clone(),
        bytes: r.bytes,
        layout: r.layout.clone(),
        detail: r.detail.clone(),
        kind: match (r.report, &r.sheet) {
            (true, _) => "report",
            (false, Some(_)) => "form",
            (false, None) => "other",
        }
        .to_string(),
        paired_with: r.paired_with.clone(),
        paired_by: r.paired_by.clone(),
    }
}

/// `departments[].report` (REPORT.md §5).
pub fn report(r: &Report) -> ReportDoc {
    ReportDoc {
        file: r.file.clone(),
        sha256: r.sha256.clone(),
        paragraphs: r.paragraphs,
        stated_name: r.stated_name.clone(),
        claims: claims(r),
    }
}

fn claims(r: &Report) -> Vec<ClaimDoc> {
    r.claims
        .iter()
        .map(|c| ClaimDoc {
            subject: c.subject.clone(),
            name: c.name.clone(),
            value: if c.unit == Unit::Grade {
                c.shown()
            } else {
                c.value.to_string()
            },
            unit: c.unit.label().to_string(),
            paragraph: c.paragraph,
            quote: c.quote.clone(),
        })
        .collect()
}

/// `reports[]`: a report read, paired or not; `department` is the form's name
/// (from the file list) when paired.
fn report_entry(r: &Report, department: Option<&str>) -> ReportEntryDoc {
    ReportEntryDoc {
        file: r.file.clone(),
        sha256: r.sha256.clone(),
        paragraphs: r.paragraphs,
        stated_name: r.stated_name.clone(),
        name_from: r.stated_name.as_ref().map(|_| {
            match r.name_in_field {
                true => "field",
                false => "title",
            }
            .to_string()
        }),
        department: department
            .map(str::to_string)
            .or_else(|| r.stated_name.clone()),
        paired_with: r.form.clone(),
        paired_by: r.paired_by.map(|b| b.label().to_string()),
        version_of: r.same_as.clone(),
        claims: claims(r),
    }
}

fn shas(batch: &Batch) -> std::collections::HashMap<&str, &str> {
    batch
        .files
        .iter()
        .filter_map(|r| Some((r.file.as_str(), r.sha256.as_deref()?)))
        .collect()
}

/// The document with empty `departments`, `findings`, `files` and `reports`.
fn skeleton(batch: &Batch) -> Document {
    let d = &batch.district;
    let grades: Map<String, Value> = Grade::ALL
        .iter()
        .map(|g| (g.label().to_string(), json!(d.grades[*g as usize])))
        .collect();
    let severities: Map<String, Value> = Severity::ALL
        .iter()
        .map(|s| (s.label().to_string(), json!(d.findings[*s as usize])))
        .collect();
    Document {
        tool: "jixiao".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scheme: batch.scheme_id.clone(),
        year: batch.year,
        district: DistrictDoc {
            departments: d.departments,
            budget: num::amount(d.budget),
            spent: num::amount(d.spent),
            rate: rate(d.rate),
            mean_score: score(d.mean_score),
            median_score: score(d.median_score),
            grades,
            findings: severities,
            unscored: d.unscored,
            unit_suspect: d.unit_suspect,
            without_amounts: d.without_amounts,
        },
        departments: Vec::new(),
        findings: Vec::new(),
        files: Vec::new(),
        reports: Vec::new(),
        follow_up: super::follow_up::json(batch),
        review_date: batch.review_date.clone(),
        decisions: batch.decisions.iter().map(|d| d.to_doc()).collect(),
    }
}

/// One array element pretty-printed as it stands at depth 2 of the document.
fn element<T: Serialize>(v: &T) -> Vec<u8> {
    let text = serde_json::to_vec_pretty(v).expect("JSON values serialise");
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    out.extend_from_slice(b"    ");
    for &b in &text {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out
}

/// Departments, findings or files turned into JSON per chunk: parallel within a
/// chunk, written in order, so that memory holds one chunk of text at a time.
const CHUNK: usize = 4096;

/// Write `"key": [ … ]` with the elements `render` makes of `items`, as
/// pretty-printing the whole document would.
fn write_array<T: Sync, W: Write>(
    out: &mut W,
    key: &str,
    items: impl Iterator<Item = T>,
    render: impl Fn(&T) -> Vec<u8> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let mut items = items.peekable();
    if items.peek().is_none() {
        return write!(out, "\"{key}\": []");
    }
    writeln!(out, "\"{key}\": [")?;
    let mut first = true;
    loop {
        let chunk: Vec<T> = items.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let parts: Vec<Vec<u8>> = chunk.par_iter().map(&render).collect();
        for part in &parts {
            if !first {
                out.write_all(b",\n")?;
            }
            first = false;
            out.write_all(part)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// Write the JSON document of `JSON.md`, pretty-printed, ending with a newline.
/// The skeleton is pretty-printed whole and its four arrays are filled element by
/// element, so that no tree (and no text) of the whole batch is ever held; the
/// bytes are those of pretty-printing the whole document at once.
pub fn write_to<W: Write>(batch: &Batch, scheme: &Scheme, out: &mut W) -> io::Result<()> {
    let shas = shas(batch);
    let reports: std::collections::HashMap<&str, &Report> = batch
        .reports
        .iter()
        .filter(|r| r.same_as.is_none())
        .filter_map(|r| Some((r.form.as_deref()?, r)))
        .collect();
    let departments: std::collections::HashMap<&str, &str> = batch
        .files
        .iter()
        .filter_map(|r| Some((r.file.as_str(), r.department.as_deref()?)))
        .collect();
    let skeleton = serde_json::to_vec_pretty(&skeleton(batch)).expect("JSON values serialise");
    let mut rest: &[u8] = &skeleton;
    for key in ["departments", "findings", "files", "reports"] {
        let needle = format!("\"{key}\": []");
        let at = rest
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .expect("the skeleton has the arrays in this order");
        out.write_all(&rest[..at])?;
        rest = &rest[at + needle.len()..];
        match key {
            "departments" => write_array(out, key, 0..batch.departments.len(), |&i| {
                let dep = batch.departments.department(i);
                element(&department(
                    &dep,
                    batch.scheme_for(&dep.form.layout, scheme),
                    shas.get(dep.form.file.as_str()).copied(),
                    reports.get(dep.form.file.as_str()).copied(),
                ))
            })?,
            "findings" => write_array(out, key, batch.findings(), |f| {
                element(&FindingDoc::from(f))
            })?,
            "files" => write_array(out, key, batch.files.iter(), |f| element(&file(f)))?,
            _ => write_array(out, key, batch.reports.iter(), |r| {
                let department = departments.get(r.file.as_str()).copied();
                element(&report_entry(r, department))
            })?,
        }
    }
    out.write_all(rest)?;
    out.write_all(b"\n")
}

/// [`write_to`] into memory.
pub fn to_bytes(batch: &Batch, scheme: &Scheme) -> Vec<u8> {
    let mut out = Vec::new();
    write_to(batch, scheme, &mut out).expect("writing to memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_written_in_place_match_pretty_printing_the_whole_document() {
        let items = vec![json!({"x": [1, 2], "y": {"z": null}}), json!({"x": []})];
        let expected = serde_json::to_vec_pretty(&json!({"a": 1, "departments": items})).unwrap();
        let skeleton = serde_json::to_vec_pretty(&json!({"a": 1, "departments": []})).unwrap();
        let text = String::from_utf8(skeleton).unwrap();
        let (head, tail) = text.split_once("\"departments\": []").unwrap();
        let mut out = head.as_bytes().to_vec();
        write_array(&mut out, "departments", items.iter(), element).unwrap();
        out.extend_from_slice(tail.as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
