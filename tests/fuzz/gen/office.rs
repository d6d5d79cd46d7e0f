//! A report of tens of thousands of identical paragraphs, and submission zips of
//! more entries than the limit, flat or in zips inside the zip.

use super::container::{zip_raw, Entry};
use super::damage::{unzip, zip};
use super::deflate::{crc32, raw};

/// Paragraphs repeated (the issue's: 40,000 and 160,000).
pub const PARAGRAPHS: &[usize] = &[2_000, 40_000, 160_000];

/// The text of a `<w:p>`: its `<w:t>` runs joined.
fn paragraph_text(p: &str) -> String {
    let mut out = String::new();
    let mut rest = p;
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i..];
        let Some(open) = rest.find('>') else { break };
        let Some(close) = rest.find("</w:t>") else {
            break;
        };
        if open < close {
            out.push_str(&rest[open + 1..close]);
        }
        rest = &rest[close + 6..];
    }
    out
}

/// A report whose body ends with one of its own paragraphs (one that states
/// amounts) repeated thousands of times, each with a numbered bookmark so that the
/// part does not compress like a bomb.
pub fn docx_repeat(case: usize, rng: &mut fastrand::Rng, bytes: &[u8]) -> Option<Vec<u8>> {
    let count = PARAGRAPHS[case];
    let mut parts = unzip(bytes)?;
    let (_, data) = parts.iter_mut().find(|(n, _)| n == "word/document.xml")?;
    let text = String::from_utf8(data.clone()).ok()?;
    let stated: Vec<String> = text
        .split("<w:p>")
        .chain(text.split("<w:p "))
        .map(paragraph_text)
        .filter(|t| t.contains("万元") && t.chars().count() < 200)
        .collect();
    let said = stated.get(rng.usize(0..stated.len().max(1)))?;
    let mut repeated = String::with_capacity(count * (said.len() + 80));
    for i in 0..count {
        repeated.push_str(&format!(
            "<w:p><w:bookmarkStart w:id=\"{i}\" w:name=\"_{i:x}\"/><w:r><w:t>{said}</w:t></w:r></w:p>"
        ));
    }
    let at = text
        .rfind("<w:sectPr")
        .or_else(|| text.rfind("</w:body>"))?;
    let mut out = text[..at].to_string();
    out.push_str(&repeated);
    out.push_str(&text[at..]);
    *data = out.into_bytes();
    Some(zip(bytes, &parts))
}

/// A flat zip of `n` one-byte "workbooks" (each read, and refused as damaged).
fn flat(n: usize, folder: &str) -> Vec<u8> {
    let entries: Vec<Entry> = (0..n)
        .map(|i| Entry::stored(format!("{folder}/{i:05}.xlsx"), b"x"))
        .collect();
    zip_raw(&entries)
}

/// Submission zips: the shape, how many zips inside, and entries each (the
/// issue's: 10,000 and 10,001 flat; 20 zips of 10,000 inside one).
pub const ZIP_CASES: &[(&str, usize, usize)] = &[
    ("flat", 1, 100),
    ("flat", 1, 10_001),
    ("flat", 1, 10_000),
    ("nested", 20, 10_000),
    ("nested", 3, 4_000),
    ("mixed", 2, 6_000),
];

/// A `.zip` of many entries, or of zips of many entries.
pub fn zip_many(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (shape, zips, each) = ZIP_CASES[case];
    match shape {
        "flat" => flat(each, "材料"),
        _ => {
            let inner = flat(each, "部门");
            let packed = raw(&inner);
            let mut entries: Vec<Entry> = (0..zips)
                .map(|i| Entry {
                    name: format!("报送/{i:02}.zip"),
                    method: 8,
                    data: packed.clone(),
                    crc: crc32(&inner),
                    size: inner.len() as u32,
                })
                .collect();
            if shape == "mixed" {
                entries.extend((0..each).map(|i| Entry::stored(format!("散件/{i:05}.txt"), b"x")));
            }
            zip_raw(&entries)
        }
    }
}
