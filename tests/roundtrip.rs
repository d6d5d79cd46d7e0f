//! Round trip: a form converted by `build --forms` (the canonical layout, with the
//! bureau's column K, the legend row and the 审核意见 sheet) read back gives exactly
//! the findings its original had.
//!
//! "The same findings" means the same multiset of (rule, severity, message): the
//! messages name the row and the values, never the cell, so they pin a finding down
//! while the cells move with the conversion. The cells are held to a stricter test:
//! each finding read back at a cell is raised at the very cell the converted form
//! marked for it (its note carries the message). The findings compared are a
//! form's own, those of read, compute and check; those of the batch (YEAR-MISMATCH,
//! DUP-DEPT, REPORT-*) depend on the other files and are not raised here.
//!
//! One finding is settled by the conversion itself: NAME-FALLBACK (no 部门名称
//! label at all) becomes a converted form whose 部门名称 holds the name taken from
//! the file name; the test checks that name is read back.
//!
//! Forms of another layout (mof-2020, fujian-2018, chongqing-2021) are scored with
//! their layout's own scheme; the converted form is canonical and is scored with
//! the main one, so their round trip cannot be the same today (see the ignored
//! test below).

use crate::common;

use common::*;
use jixiao::model::{Department, Finding, Tolerances};
use jixiao::read::Catalog;
use jixiao::scheme::Scheme;
use jixiao::write::feedback::{converted_bytes, Feedback};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A form read, computed and checked as a worker does it (`batch::file`).
fn department(file: &str, bytes: &[u8], catalog: &Catalog) -> Option<Department> {
    let form = jixiao::read::read_form(file, bytes, catalog.main_scheme()).ok()?;
    let scheme = catalog.scheme_for(&form.layout);
    let mut d = jixiao::compute::review(form, scheme);
    let checked = jixiao::check::department(&d, scheme, Tolerances::default());
    d.findings.extend(checked);
    Some(d)
}

/// A finding as compared: rule id, severity, message.
fn key(f: &Finding) -> (String, String, String) {
    (
        f.rule.id().to_string(),
        f.severity.label().to_string(),
        f.message.clone(),
    )
}

/// The multiset of finding keys.
fn keys(findings: &[Finding]) -> BTreeMap<(String, String, String), usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry(key(f)).or_insert(0) += 1;
    }
    out
}

/// Every readable form under the sample and fixture folders, with its layout.
fn forms(catalog: &Catalog) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in [
        "samples",
        "tests/fixtures/layouts",
        "tests/fixtures/reader",
        "tests/fixtures/feedback",
        "tests/fixtures/own-layout",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&ext)
            })
            .collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            let name = p.file_name().unwrap().to_str().unwrap();
            if let Some(d) = department(name, &bytes, catalog) {
                out.push((p, d.form.layout.clone()));
            }
        }
    }
    out
}

/// The notes of a converted form: cell → text. 审核意见's notes (the rule ids)
/// and 自评表's are read alike; the check below asks for the message itself.
fn notes(xlsx: &[u8]) -> Vec<(String, String)> {
    let xml: String = unzip(xlsx)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/comments"))
        .map(|(_, xml)| String::from_utf8(xml).unwrap())
        .collect();
    let mut out = Vec::new();
    for part in xml.split("<comment ").skip(1) {
        let cell = part.split('"').nth(1).unwrap().to_string();
        let body = &part[..part.find("</comment>").unwrap()];
        let mut text = String::new();
        for piece in body.split("<t").skip(1) {
            let start = piece.find('>').unwrap() + 1;
            let end = piece.find("</t>").unwrap_or(start);
            text.push_str(&piece[start..end]);
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        out.push((cell, text));
    }
    out
}

/// Convert a form, read it back; the differences, one line each (none when the
/// round trip is clean).
fn round_trip(path: &PathBuf, catalog: &Catalog) -> Vec<String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    let bytes = std::fs::read(path).unwrap();
    let d = department(name, &bytes, catalog).unwrap();
    let scheme = catalog.scheme_for(&d.form.layout);
    let converted = converted_bytes(&d, scheme, &Feedback::default(), None).unwrap();
    let Some(back) = department("退回.xlsx", &converted, catalog) else {
        return vec![format!("{name}: the converted form cannot be read back")];
    };
    let mut diff = Vec::new();
    if back.form.layout != "canonical" {
        diff.push(format!("{name}: read back as {}", back.form.layout));
    }
    if back.form.name != d.form.name {
        diff.push(format!("{name}: read back as {}", back.form.name));
    }
    // The one finding the conversion itself settles: a form without any 部门名称
    // (NAME-FALLBACK) is converted with the name jixiao took from the file name
    // written in 部门名称, so it reads back named and without the finding.
    let settled = |f: &&Finding| f.rule != jixiao::model::Rule::NameFallback;
    let original: Vec<Finding> = d.findings.iter().filter(settled).cloned().collect();
    let (before, after) = (keys(&original), keys(&back.findings));
    for (k, n) in &before {
        if after.get(k) != Some(n) {
            diff.push(format!("{name}: lost {k:?} ×{n}"));
        }
    }
    for (k, n) in &after {
        if before.get(k) != Some(n) {
            diff.push(format!("{name}: new {k:?} ×{n}"));
        }
    }
    // Each finding read back at a cell is where the converted form marked it.
    let marked = notes(&converted);
    for f in &back.findings {
        let Some((_, pos)) = f.place.cell_pos() else {
            continue;
        };
        let at = pos.a1();
        if !marked
            .iter()
            .any(|(c, text)| *c == at && text.contains(&f.message))
        {
            diff.push(format!(
                "{name}: {} read back at {at}, not marked there",
                f.rule.id()
            ));
        }
    }
    diff
}

#[test]
fn a_converted_form_reads_back_with_the_findings_of_its_original() {
    let catalog = Catalog::new(Scheme::builtin());
    let all = forms(&catalog);
    let canonical: Vec<&PathBuf> = all
        .iter()
        .filter(|(_, l)| l == "canonical")
        .map(|(p, _)| p)
        .collect();
    // Five samples, the canonical layout fixture, the feedback fixture and the
    // reader fixtures that are forms (not 16 加密 nor 18 图表工作表 alone).
    assert!(canonical.len() >= 20, "{canonical:?}");
    let diff: Vec<String> = canonical
        .iter()
        .flat_map(|p| round_trip(p, &catalog))
        .collect();
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}

#[test]
fn the_samples_keep_their_slips_through_the_round_trip() {
    // What the comparison above compares, checked by hand on two samples: 000's two
    // 三公 sums (41.94 against 40.94, 21.13 against 21.40) and 002's declared rate
    // (99.80% against 99.98%) are all they have, before and after.
    let catalog = Catalog::new(Scheme::builtin());
    for (file, rules) in [
        ("000.xlsx", vec!["SUM-SANGONG", "SUM-SANGONG"]),
        ("002.xlsx", vec!["RATE-DECLARED"]),
        ("001.xlsx", vec![]),
    ] {
        let bytes = std::fs::read(root().join("samples").join(file)).unwrap();
        let d = department(file, &bytes, &catalog).unwrap();
        let converted =
            converted_bytes(&d, catalog.main_scheme(), &Feedback::default(), None).unwrap();
        let back = department("退回.xlsx", &converted, &catalog).unwrap();
        for findings in [&d.findings, &back.findings] {
            let got: Vec<&str> = findings.iter().map(|f| f.rule.id()).collect();
            assert_eq!(got, rules, "{file}");
        }
    }
    // The column K header is no unknown column (the false UNMAPPED of issue 25).
    let bytes = std::fs::read(root().join("samples/001.xlsx")).unwrap();
    let d = department("001.xlsx", &bytes, &catalog).unwrap();
    let converted = converted_bytes(&d, catalog.main_scheme(), &Feedback::default(), None).unwrap();
    let cells = String::from_utf8(
        unzip(&converted)
            .into_iter()
            .find(|(n, _)| n == "xl/sharedStrings.xml")
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(
        cells.contains("复核得分"),
        "the converted form has column K"
    );
}

#[test]
#[ignore = "forms of another layout are converted into the canonical layout, which is \
            scored with the main scheme and has no 财政拨款 row: their round trip is not \
            clean yet (issue 25 item 1, reported)"]
fn other_layouts_round_trip_too() {
    let catalog = Catalog::new(Scheme::builtin());
    let diff: Vec<String> = forms(&catalog)
        .iter()
        .filter(|(_, l)| l != "canonical")
        .flat_map(|(p, _)| round_trip(p, &catalog))
        .collect();
    assert!(diff.is_empty(), "{}", diff.join("\n"));
}
