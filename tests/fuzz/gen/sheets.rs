//! Hostile spreadsheets: an `.xls` whose OLE sector chains loop, an `.xlsx` whose
//! shared-string table claims billions of strings, an ODS whose spaces and repeats
//! expand to gigabytes, an HTML table nested thousands deep.

use super::damage::{unzip, zip};

const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// Whether the bytes are an OLE compound file with 512-byte sectors.
pub fn is_ole(b: &[u8]) -> bool {
    b.starts_with(&OLE) && b.len() >= 1536 && u16::from_le_bytes([b[30], b[31]]) == 9
}

/// An OLE file's sector table, read and edited in place.
struct Ole {
    bytes: Vec<u8>,
    fat_sectors: Vec<u32>,
}

impl Ole {
    fn new(bytes: &[u8]) -> Ole {
        let difat: Vec<u32> = bytes[76..512]
            .chunks(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .filter(|&s| s < 0xFFFF_FFFA)
            .collect();
        Ole {
            bytes: bytes.to_vec(),
            fat_sectors: difat,
        }
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Where sector `s`'s entry of the sector table is in the file.
    fn fat_at(&self, s: u32) -> Option<usize> {
        let sector = *self.fat_sectors.get(s as usize / 128)?;
        Some((sector as usize + 1) * 512 + (s as usize % 128) * 4)
    }

    fn next(&self, s: u32) -> Option<u32> {
        self.u32_at(self.fat_at(s)?)
    }

    fn set_next(&mut self, s: u32, to: u32) {
        if let Some(at) = self.fat_at(s) {
            if at + 4 <= self.bytes.len() {
                self.bytes[at..at + 4].copy_from_slice(&to.to_le_bytes());
            }
        }
    }

    /// The sectors of a chain, as far as it goes without looping.
    fn chain(&self, start: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut s = start;
        while s < 0xFFFF_FFFA && out.len() <= self.bytes.len() / 512 && !out.contains(&s) {
            out.push(s);
            match self.next(s) {
                Some(n) => s = n,
                None => break,
            }
        }
        out
    }

    /// The directory entries: (offset in the file, name, first sector).
    fn entries(&self) -> Vec<(usize, String, u32)> {
        let Some(dir_start) = self.u32_at(48) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in self.chain(dir_start) {
            for k in 0..4 {
                let at = (s as usize + 1) * 512 + k * 128;
                let Some(raw) = self.bytes.get(at..at + 128) else {
                    continue;
                };
                let units: Vec<u16> = raw[..64]
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|&u| u != 0)
                    .collect();
                let start = u32::from_le_bytes([raw[116], raw[117], raw[118], raw[119]]);
                out.push((at, String::from_utf16_lossy(&units), start));
            }
        }
        out
    }
}

/// The cases of a looping chain: the is the directory's chain looping
/// back to its start (calamine follows it until memory runs out).
pub const XLS_CHAINS: &[&str] = &[
    "cut",
    "dir-loop",
    "dir-self",
    "workbook-loop",
    "ministream-loop",
];

/// An `.xls` whose sector table is edited so that a chain loops (or, for `cut`,
/// points past the end of the file).
pub fn xls_chain(case: usize, rng: &mut fastrand::Rng, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut ole = Ole::new(bytes);
    let dir_start = ole.u32_at(48)?;
    let entries = ole.entries();
    match XLS_CHAINS[case] {
        "cut" => {
            let (_, _, start) = *entries.iter().find(|e| e.1 == "Workbook")?;
            let chain = ole.chain(start);
            let s = chain[rng.usize(0..chain.len())];
            ole.set_next(s, 0x00FF_FFFF);
        }
        "dir-loop" => {
            let last = *ole.chain(dir_start).last()?;
            ole.set_next(last, dir_start);
        }
        "dir-self" => ole.set_next(dir_start, dir_start),
        "workbook-loop" => {
            let &(at, _, start) = entries.iter().find(|e| e.1 == "Workbook")?;
            let last = *ole.chain(start).last()?;
            ole.set_next(last, start);
            // A stream this long is read through the loop to its claimed end.
            ole.bytes[at + 120..at + 124].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        }
        _ => {
            let &(at, _, start) = entries.first()?;
            if start >= END_OF_CHAIN {
                return None;
            }
            let last = *ole.chain(start).last()?;
            ole.set_next(last, start);
            ole.bytes[at + 120..at + 124].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
        }
    }
    Some(ole.bytes)
}

/// Shared-string counts (the issue's: `uniqueCount="1e11"`, written out).
pub const SST_COUNTS: &[&str] = &[
    "200",
    "100000000000",
    "4294967295",
    "18446744073709551615",
    "99999999999999999999",
    "-1",
];

/// An `.xlsx` whose `<sst>` claims this many strings.
pub fn xlsx_sst(case: usize, _rng: &mut fastrand::Rng, bytes: &[u8]) -> Option<Vec<u8>> {
    let count = SST_COUNTS[case];
    let mut parts = unzip(bytes)?;
    let (_, data) = parts
        .iter_mut()
        .find(|(n, _)| n == "xl/sharedStrings.xml")?;
    let text = String::from_utf8(data.clone()).ok()?;
    let start = text.find("<sst")?;
    let end = start + text[start..].find('>')?;
    let mut head: String = text[start..end]
        .split(' ')
        .filter(|a| !a.starts_with("count=") && !a.starts_with("uniqueCount="))
        .collect::<Vec<_>>()
        .join(" ");
    head.push_str(&format!(" count=\"{count}\" uniqueCount=\"{count}\""));
    *data = format!("{}{head}{}", &text[..start], &text[end..]).into_bytes();
    Some(zip(bytes, &parts))
}

/// ODS expansion: what is repeated, and how often (the issue's:
/// `text:s text:c="1000000000"`).
pub const ODS_CASES: &[(&str, u64)] = &[
    ("text-s", 1_000),
    ("text-s", 1_000_000_000),
    ("text-s", 4_294_967_295),
    ("text-s-many", 100_000_000),
    ("columns", 1_000_000_000),
    ("rows", 1_000_000_000),
];

/// The positions just after each occurrence of `pattern`.
fn after_each(text: &str, pattern: &str) -> Vec<usize> {
    text.match_indices(pattern)
        .map(|(i, _)| i + pattern.len())
        .collect()
}

/// An ODS whose content expands: spaces (`text:s`) in a cell's text, or a cell or
/// row with content repeated.
pub fn ods_expand(case: usize, rng: &mut fastrand::Rng, bytes: &[u8]) -> Option<Vec<u8>> {
    let (what, n) = ODS_CASES[case];
    let mut parts = unzip(bytes)?;
    let (_, data) = parts.iter_mut().find(|(n, _)| n == "content.xml")?;
    let mut text = String::from_utf8(data.clone()).ok()?;
    let spaces = format!("<text:s text:c=\"{n}\"/>");
    match what {
        "text-s" => {
            let at = after_each(&text, "<text:p>");
            let i = *at.get(rng.usize(0..at.len().max(1)))?;
            text.insert_str(i, &spaces);
        }
        "text-s-many" => {
            let at = after_each(&text, "<text:p>");
            for &i in at.iter().rev().take(30) {
                text.insert_str(i, &spaces);
            }
        }
        "columns" | "rows" => {
            let (tag, attribute) = if what == "columns" {
                ("<table:table-cell ", "table:number-columns-repeated")
            } else {
                ("<table:table-row", "table:number-rows-repeated")
            };
            // A cell with a value (a row with one), not repeated already.
            let at: Vec<usize> = text
                .match_indices(tag)
                .map(|(i, _)| i + tag.trim_end().len())
                .filter(|&i| {
                    let own = text[i..].split('>').next().unwrap_or("");
                    let body = text[i..].get(..400).unwrap_or(&text[i..]);
                    !own.contains(attribute) && body.contains("office:value-type")
                })
                .collect();
            let i = *at.get(rng.usize(0..at.len().max(1)))?;
            text.insert_str(i, &format!(" {attribute}=\"{n}\""));
        }
        _ => unreachable!(),
    }
    *data = text.into_bytes();
    Some(zip(bytes, &parts))
}

/// HTML tables: the shape and its size (the issue's: 4,000 nested tables).
pub const HTML_CASES: &[(&str, usize)] = &[
    ("tables", 100),
    ("tables", 4_000),
    ("tables", 8_000),
    ("tables-text", 4_000),
    ("span", 1_000_000),
    ("divs", 100_000),
    ("rows", 100_000),
];

/// An HTML "spreadsheet" (named `.xls`, as web systems export it) nested deep or
/// spanning millions of cells.
pub fn html_nest(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (shape, n) = HTML_CASES[case];
    let mut out = String::from(
        "<html><head><meta charset=\"utf-8\"><title>部门整体支出绩效自评表</title></head><body>\n",
    );
    match shape {
        "tables" => {
            out.push_str(&"<table><tr><td>".repeat(n));
            out.push_str("部门名称");
            out.push_str(&"</td></tr></table>".repeat(n));
        }
        "tables-text" => {
            for k in 0..n {
                out.push_str(&format!("<table><tr><td>第{k}层"));
            }
        }
        "span" => {
            out.push_str(&format!(
                "<table><tr><td colspan=\"{n}\" rowspan=\"{n}\">部门名称</td>\
                 <td colspan=\"{n}\">示例局</td></tr><tr><td rowspan=\"{n}\">1</td></tr></table>"
            ));
        }
        "divs" => {
            out.push_str("<table><tr><td>部门名称</td><td>");
            out.push_str(&"<div>".repeat(n));
            out.push_str("示例局</td></tr></table>");
        }
        _ => {
            out.push_str("<table>");
            out.push_str(&"<tr><td>部门名称</td><td>1</td></tr>".repeat(n / 10));
            out.push_str("</table>");
        }
    }
    out.push_str("\n</body></html>\n");
    out.into_bytes()
}
