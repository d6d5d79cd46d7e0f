//! The JSON export (`JSON.md`): decimals as strings, rates as 4-decimal fractions,
//! `null` where absent or not comparable. Field names are fixed.

use crate::batch::Batch;
use crate::model::*;
use crate::num;
use crate::scheme::Scheme;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

fn amount(a: &Amount) -> Value {
    a.as_ref()
        .map_or(Value::Null, |l| Value::String(num::amount(l.value)))
}

fn rate(r: Option<Decimal>) -> Value {
    r.map_or(Value::Null, |v| Value::String(num::rate(v)))
}

fn score(s: Option<Decimal>) -> Value {
    s.map_or(Value::Null, |v| Value::String(num::money(v)))
}

fn text(t: Option<&str>) -> Value {
    match t {
        Some(s) if !s.is_empty() => Value::String(s.to_string()),
        _ => Value::Null,
    }
}

/// A goal value for JSON: a number as written, a percentage as a fraction, text as is.
fn measure(v: Option<&Located<GoalValue>>) -> Value {
    let Some(v) = v else { return Value::Null };
    Value::String(match &v.value.measure {
        Measure::Number(n) => num::plain(*n),
        Measure::Percent(p) => num::rate(*p),
        Measure::Text(t) => t.clone(),
    })
}

fn funds(d: &Department) -> Value {
    let mut m = Map::new();
    for kind in FundKind::ALL {
        let row = d.form.fund(kind);
        m.insert(
            kind.key().into(),
            json!({
                "initial": amount(&row.initial),
                "budget": amount(&row.budget),
                "spent": amount(&row.spent),
                "rate": rate(d.review.funds[kind as usize].rate),
                "declared_rate": rate(value_of(&row.declared_rate)),
                "carried_over": amount(&row.carried_over),
                "adjustment": amount(&row.adjustment),
                "balance": amount(&row.balance),
                "declared_balance_rate": rate(value_of(&row.declared_balance_rate)),
            }),
        );
    }
    Value::Object(m)
}

fn sangong(d: &Department) -> Value {
    let mut m = Map::new();
    for kind in SangongKind::ALL {
        let line = d.form.sangong(kind);
        m.insert(
            kind.key().into(),
            json!({
                "budget": amount(&line.budget),
                "spent": amount(&line.spent),
                "rate": rate(d.review.sangong_rates[kind as usize]),
            }),
        );
    }
    Value::Object(m)
}

fn goals(d: &Department) -> Value {
    let f = &d.form;
    Value::Array(
        f.goals
            .iter()
            .zip(&d.review.goals)
            .map(|(g, r)| {
                json!({
                    "level1": g.level1,
                    "level2": g.level2,
                    "name": g.name,
                    "direction": r.direction.json(),
                    "unit": text(Some(&g.unit)),
                    "target": measure(g.target.as_ref()),
                    "actual": measure(g.actual.as_ref()),
                    "completion": rate(r.completion),
                    "cell": f.cell_ref(g.cell()),
                })
            })
            .collect(),
    )
}

fn indicators(d: &Department, scheme: &Scheme) -> Value {
    let f = &d.form;
    let mut out: Vec<Value> = d
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
                (Value::Null, Value::Null)
            };
            json!({
                "level1": def.level1,
                "level2": def.level2,
                "level3": def.level3,
                "points": def.points.map_or(Value::Null, |p| Value::String(num::plain(p))),
                "target": target,
                "actual": actual,
                "completion": rate(s.completion),
                "self_score": score(row.and_then(|r| value_of(&r.self_score))),
                "score": score(s.score),
                "method": def.method,
                "reason": text(row.map(|r| r.reason.as_str())),
                "cell": row.map_or(Value::Null, |r| {
                    Value::String(f.cell_ref(CellPos::new(r.row, r.score_col)))
                }),
            })
        })
        .collect();
    // Rows that match no indicator of the scheme: kept and shown, not scored.
    for r in d.unscored_rows() {
        out.push(json!({
            "level1": r.level1,
            "level2": r.level2,
            "level3": r.level3,
            "points": r.points.as_ref().map_or(Value::Null, |p| Value::String(num::plain(p.value))),
            "target": measure(r.target.as_deref()),
            "actual": measure(r.actual.as_deref()),
            "completion": rate(value_of(&r.declared_completion)),
            "self_score": score(value_of(&r.self_score)),
            "score": Value::Null,
            "method": Value::Null,
            "reason": text(Some(&r.reason)),
            "cell": f.cell_ref(CellPos::new(r.row, r.score_col)),
        }));
    }
    Value::Array(out)
}

fn scores(d: &Department) -> Value {
    let s = &d.review.scores;
    let by = |list: &[(String, Option<Decimal>, Decimal)]| {
        Value::Object(
            list.iter()
                .map(|(n, v, _)| (n.clone(), score(*v)))
                .collect(),
        )
    };
    let declared_grade = d.form.declared_grade.as_ref().map(|g| {
        Grade::parse(&g.value)
            .map(|p| p.label().to_string())
            .unwrap_or_else(|| g.value.clone())
    });
    json!({
        "by_level1": by(&s.by_level1),
        "by_level2": by(&s.by_level2),
        "self_total": score(value_of(&d.form.self_total)),
        "total": score(s.total),
        "deduction": score(s.deduction),
        "difference": score(s.difference),
        "grade": s.grade.map(Grade::label),
        "declared_grade": declared_grade,
        "rank": s.rank,
    })
}

fn department(
    d: &Department,
    scheme: &Scheme,
    sha256: Option<&str>,
    paired: Option<&Report>,
) -> Value {
    let f = &d.form;
    json!({
        "name": f.name,
        "code": text(text_of(&f.code)),
        "year": f.year.as_ref().map(|y| y.value),
        "subordinate_units": f.subordinate_units.as_ref().map(|u| u.value),
        "source": {"file": f.file, "sheet": f.sheet, "sha256": sha256},
        "layout": f.layout,
        "unit_suspect": f.unit_suspect,
        "funds": funds(d),
        "carryover": amount(&f.carryover),
        "sangong": sangong(d),
        "procurement": {
            "budget": amount(&f.procurement.budget),
            "spent": amount(&f.procurement.spent),
            "rate": rate(d.review.procurement_rate),
        },
        "assets": {
            "total": amount(&f.assets.total),
            "fixed_original": amount(&f.assets.fixed_original),
            "fixed_in_use": amount(&f.assets.fixed_in_use),
            "utilization": rate(d.review.fixed_asset_utilization),
        },
        "goals": goals(d),
        "indicators": indicators(d, scheme),
        "scores": scores(d),
        "text": {
            "overall_goal": text(text_of(&f.text.overall_goal)),
            "achievement": text(text_of(&f.text.achievement)),
            "problems": text(text_of(&f.text.problems)),
            "measures": text(text_of(&f.text.measures)),
        },
        "filler": {
            "name": text(text_of(&f.filler.name)),
            "phone": text(text_of(&f.filler.phone)),
            "date": text(text_of(&f.filler.date)),
        },
        "report": paired.map(report),
    })
}

fn finding(f: &Finding) -> Value {
    json!({
        "rule": f.rule.id(),
        "severity": f.severity.label(),
        "department": f.department,
        "file": f.file,
        "cell": f.place.shown(),
        "message": f.message,
        "declared": f.declared,
        "computed": f.computed,
    })
}

fn file(r: &FileRecord) -> Value {
    json!({
        "file": r.file,
        "status": r.status.key(),
        "reason": r.reason,
        "department": r.department,
        "sheet": r.sheet,
        "sha256": r.sha256,
        "bytes": r.bytes,
        "layout": r.layout,
        "detail": r.detail,
        "kind": match (r.report, &r.sheet) {
            (true, _) => "report",
            (false, Some(_)) => "form",
            (false, None) => "other",
        },
        "paired_with": r.paired_with,
    })
}

/// `departments[].report` (REPORT.md §5).
pub fn report(r: &Report) -> Value {
    json!({
        "file": r.file,
        "sha256": r.sha256,
        "paragraphs": r.paragraphs,
        "stated_name": r.stated_name,
        "claims": r.claims.iter().map(|c| json!({
            "subject": c.subject,
            "name": c.name,
            "value": if c.unit == Unit::Grade { json!(c.shown()) } else { json!(c.value.to_string()) },
            "unit": c.unit.label(),
            "paragraph": c.paragraph,
            "quote": c.quote,
        })).collect::<Vec<_>>(),
    })
}

fn shas(batch: &Batch) -> std::collections::HashMap<&str, &str> {
    batch
        .files
        .iter()
        .filter_map(|r| Some((r.file.as_str(), r.sha256.as_deref()?)))
        .collect()
}

/// The document with empty `departments`, `findings` and `files`.
fn skeleton(batch: &Batch) -> Value {
    let d = &batch.district;
    let grades: Map<String, Value> = Grade::ALL
        .iter()
        .map(|g| (g.label().to_string(), json!(d.grades[*g as usize])))
        .collect();
    let severities: Map<String, Value> = Severity::ALL
        .iter()
        .map(|s| (s.label().to_string(), json!(d.findings[*s as usize])))
        .collect();
    let mut doc = json!({
        "tool": "jixiao",
        "version": env!("CARGO_PKG_VERSION"),
        "scheme": batch.scheme_id,
        "year": batch.year,
        "district": {
            "departments": d.departments,
            "budget": num::amount(d.budget),
            "spent": num::amount(d.spent),
            "rate": rate(d.rate),
            "mean_score": score(d.mean_score),
            "median_score": score(d.median_score),
            "grades": grades,
            "findings": severities,
            "unscored": d.unscored,
            "unit_suspect": d.unit_suspect,
        },
        "departments": [],
        "findings": [],
        "files": [],
    });
    if let Some(follow) = super::follow_up::json(batch) {
        doc["follow_up"] = follow;
    }
    doc
}

/// One array element pretty-printed as it stands at depth 2 of the document.
fn element(v: &Value) -> Vec<u8> {
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
/// The skeleton is pretty-printed whole and its three arrays are filled element by
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
    let skeleton = serde_json::to_vec_pretty(&skeleton(batch)).expect("JSON values serialise");
    let mut rest: &[u8] = &skeleton;
    for key in ["departments", "findings", "files"] {
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
                    scheme,
                    shas.get(dep.form.file.as_str()).copied(),
                    reports.get(dep.form.file.as_str()).copied(),
                ))
            })?,
            "findings" => write_array(out, key, batch.findings(), |f| element(&finding(f)))?,
            _ => write_array(out, key, batch.files.iter(), |f| element(&file(f)))?,
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
        write_array(&mut out, "departments", items.iter(), |v| element(v)).unwrap();
        out.extend_from_slice(tail.as_bytes());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
