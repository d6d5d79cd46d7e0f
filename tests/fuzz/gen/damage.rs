//! Damage to a seed file: bytes, zip parts, PDF syntax.

pub use super::container::zip;
use super::{Family, Seed};
use std::io::Read;

/// Tokens inserted into a part's XML.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"</c>",
    b"<v>",
    b"</row>",
    b"]]>",
    b"&#0;",
    b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
    b"&e;",
    b"\xEF\xBF\xBF",
    b"\xFF\xFE",
    b"r=\"XFD1048576\"",
    b"t=\"s\"",
    b"<v>4294967295</v>",
    b"<w:p><w:r><w:t>",
    b"</w:t></w:r></w:p>",
    b"table:number-columns-repeated=\"16384\"",
];

/// Numbers put in place of a cell's value.
const NUMBERS: &[&[u8]] = &[
    b"1e309",
    b"-1e309",
    b"NaN",
    b"inf",
    b"",
    b"-0",
    b"99999999999999999999999999999999",
    b"0.000000000000000000000000000001",
    b"4294967296",
    b"-7.9e28",
    b"12,345.6",
    b"\xE5\x8D\x81",
];

/// Byte-level damage: flipped bytes, a cut, or a span of noise.
pub fn bytes(family: Family, rng: &mut fastrand::Rng, mut b: Vec<u8>) -> Vec<u8> {
    if b.is_empty() {
        return b;
    }
    match family {
        Family::Truncate => b.truncate(rng.usize(0..b.len())),
        Family::Flip => {
            for _ in 0..rng.usize(1..=16) {
                let i = rng.usize(0..b.len());
                b[i] ^= rng.u8(1..=255);
            }
        }
        _ => {
            let at = rng.usize(0..b.len());
            let end = (at + rng.usize(1..=256)).min(b.len());
            for x in &mut b[at..end] {
                *x = rng.u8(..);
            }
        }
    }
    b
}

/// The largest part read back from a seed: the zip bomb fixtures are not
/// unpacked.
const MAX_PART: u64 = 16 << 20;

/// The parts of a zip container, in order; `None` if it is not a readable zip or
/// a part inflates past 16 MiB.
pub fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        let mut data = Vec::new();
        entry.take(MAX_PART + 1).read_to_end(&mut data).ok()?;
        if data.len() as u64 > MAX_PART {
            return None;
        }
        out.push((name, data));
    }
    Some(out)
}

/// The index of a part that holds the content (sheets, strings, document), now
/// and then any part.
fn weighty(rng: &mut fastrand::Rng, parts: &[(String, Vec<u8>)]) -> usize {
    let content: Vec<usize> = (0..parts.len())
        .filter(|&i| {
            let n = &parts[i].0;
            n.contains("sheet")
                || n.contains("content")
                || n.contains("String")
                || n.contains("document")
                || n.contains("workbook")
        })
        .collect();
    if content.is_empty() || rng.u8(0..4) == 0 {
        rng.usize(0..parts.len())
    } else {
        content[rng.usize(0..content.len())]
    }
}

/// One part's content damaged one to three times.
pub fn zip_part(rng: &mut fastrand::Rng, bytes: &[u8]) -> Vec<u8> {
    let mut parts = unzip(bytes).expect("a zip");
    if parts.is_empty() {
        return bytes.to_vec();
    }
    let i = weighty(rng, &parts);
    for _ in 0..rng.usize(1..=3) {
        damage_part(rng, &mut parts[i].1);
    }
    zip(bytes, &parts)
}

/// A part replaced by the part of the same name (or the same role) in another
/// seed, a part dropped, a part doubled, or the parts shuffled.
pub fn zip_splice(rng: &mut fastrand::Rng, seed: &Seed, seeds: &[Seed]) -> Vec<u8> {
    let mut parts = unzip(&seed.bytes).expect("a zip");
    if parts.is_empty() {
        return seed.bytes.clone();
    }
    match rng.u8(0..5) {
        0 => rng.shuffle(&mut parts),
        1 => {
            parts.remove(rng.usize(0..parts.len()));
        }
        2 => {
            let i = rng.usize(0..parts.len());
            let twin = parts[i].clone();
            parts.insert(rng.usize(0..=parts.len()), twin);
        }
        _ => {
            let i = weighty(rng, &parts);
            let donors: Vec<&Seed> = seeds
                .iter()
                .filter(|s| s.is_zip() && s.path != seed.path)
                .collect();
            if donors.is_empty() {
                return zip(&seed.bytes, &parts);
            }
            let donor = donors[rng.usize(0..donors.len())];
            let Some(theirs) = unzip(&donor.bytes) else {
                return zip(&seed.bytes, &parts);
            };
            // The same part if the donor has it, else a content part of the donor.
            let same = theirs.iter().find(|(n, _)| *n == parts[i].0);
            let data = match same {
                Some((_, d)) => d.clone(),
                None if !theirs.is_empty() => theirs[weighty(rng, &theirs)].1.clone(),
                None => Vec::new(),
            };
            parts[i].1 = data;
        }
    }
    zip(&seed.bytes, &parts)
}

/// Damage inside a part's text (XML) or bytes (xlsb records).
fn damage_part(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    if data.is_empty() {
        return;
    }
    let at = rng.usize(0..data.len());
    match rng.u8(0..5) {
        0 => {
            let end = (at + rng.usize(1..=64)).min(data.len());
            data.drain(at..end);
        }
        1 => {
            let end = (at + rng.usize(1..=64)).min(data.len());
            let span = data[at..end].to_vec();
            data.splice(at..at, span);
        }
        2 => {
            let t = TOKENS[rng.usize(0..TOKENS.len())];
            data.splice(at..at, t.iter().copied());
        }
        3 => absurd_number(rng, data),
        _ => {
            for _ in 0..rng.usize(1..=8) {
                let i = rng.usize(0..data.len());
                data[i] ^= rng.u8(1..=255);
            }
        }
    }
}

/// An absurd number in one value (`<v>…</v>`, an ODS `office:value`, a count or a
/// reference), or a flipped byte if there is none.
fn absurd_number(rng: &mut fastrand::Rng, data: &mut Vec<u8>) {
    let mut values: Vec<usize> = Vec::new();
    for pattern in [
        &b"<v>"[..],
        b"office:value=\"",
        b"count=\"",
        b"repeated=\"",
        b"r=\"",
    ] {
        values.extend(
            data.windows(pattern.len())
                .enumerate()
                .filter(|(_, w)| *w == pattern)
                .map(|(i, _)| i + pattern.len()),
        );
    }
    if values.is_empty() {
        let i = rng.usize(0..data.len());
        data[i] ^= rng.u8(1..=255);
        return;
    }
    let start = values[rng.usize(0..values.len())];
    let end = data[start..]
        .iter()
        .position(|&c| c == b'<' || c == b'"')
        .map_or(data.len(), |p| start + p);
    let n = NUMBERS[rng.usize(0..NUMBERS.len())];
    data.splice(start..end, n.iter().copied());
}

/// PDF syntax spliced into a PDF: brackets and dictionaries opened (deeply, now and
/// then), strings, references and stream keywords where they do not belong.
pub fn pdf_syntax(rng: &mut fastrand::Rng, mut b: Vec<u8>) -> Vec<u8> {
    const SYNTAX: &[&[u8]] = &[
        b"[",
        b"<<",
        b"(",
        b"{",
        b" 0 R ",
        b"stream\n",
        b"endstream",
        b"endobj",
        b"/Form",
        b"/FlateDecode",
        b"/Length1 9",
        b"/Subtype/Image",
        b"/Do",
        b"%%EOF",
        b"99999999999 0 obj",
        b"/Columns 3000000000",
    ];
    for _ in 0..rng.usize(1..=4) {
        let at = rng.usize(0..=b.len());
        let token = SYNTAX[rng.usize(0..SYNTAX.len())];
        let times = if rng.u8(0..8) == 0 {
            rng.usize(50..5_000)
        } else {
            1
        };
        b.splice(at..at, token.repeat(times));
    }
    b
}
