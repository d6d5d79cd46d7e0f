//! A PDF's bytes scanned before any parser sees them.
//!
//! The PDF parser (lopdf, under pdf-extract) and the content-stream parser are
//! recursive: an array nested a million deep (`[[[[…`) overflows the thread's stack,
//! which aborts the whole process; no `catch_unwind` catches it. So the nesting of
//! arrays and dictionaries is measured here, by a flat loop, in the file's own syntax
//! and inside every stream a parser will read (content streams, object streams,
//! ToUnicode maps), inflated under the same size and ratio limits as a zip part.
//! Font programs and images are binary and never parsed as PDF syntax: skipped.
//! A stream compressed by a filter this scan cannot inflate is refused, so that
//! nothing the parsers read goes unmeasured.

use super::ReportError;
use crate::limits::Limits;
use crate::limits::{mib, RATIO_FLOOR};
use std::io::Read;

/// The deepest nesting of arrays and dictionaries accepted. Real documents stay
/// under 10; the parsers use a few kilobytes of stack per level.
pub const MAX_NESTING: usize = 64;

/// What the scan learnt about the file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Some stream is a form XObject (`/Subtype /Form`): its uses need a check.
    pub has_forms: bool,
    /// The file declares encryption (`/Encrypt` in a trailer).
    pub encrypted: bool,
}

/// Whitespace in PDF syntax.
fn is_space(c: u8) -> bool {
    matches!(c, 0 | 9 | 10 | 12 | 13 | 32)
}

/// A delimiter in PDF syntax.
fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_space(c) && !is_delimiter(c)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The end (exclusive) of the regular-character token starting at `i`.
fn token_end(data: &[u8], i: usize) -> usize {
    (i..data.len())
        .find(|&k| !is_regular(data[k]))
        .unwrap_or(data.len())
}

/// The end of a literal string `( … )` starting at `i` (nested brackets, escapes).
fn string_end(data: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

fn too_deep() -> ReportError {
    ReportError::TooLarge(format!(
        "PDF 中数组或字典嵌套超过 {MAX_NESTING} 层，疑似恶意构造的文件，已拒绝读取"
    ))
}

/// The names (`/Type`, `/FlateDecode`) in a dictionary's bytes.
fn names(dict: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < dict.len() {
        if dict[i] == b'/' {
            let end = token_end(dict, i + 1);
            out.push(&dict[i + 1..end]);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Scans a PDF file; refuses it when a parser could be driven too deep or a stream
/// inflates past the limits.
pub fn scan(bytes: &[u8], limits: &Limits) -> Result<Scan, ReportError> {
    let mut scan = Scan::default();
    let mut inflated_total: u64 = 0;
    syntax(bytes, &mut |dict, data| {
        let names = names(dict);
        let has = |n: &[u8]| names.contains(&n);
        scan.has_forms |= has(b"Form");
        // Binary streams no parser reads as syntax: font programs, images, xrefs.
        if has(b"Length1")
            || has(b"Image")
            || has(b"XRef")
            || has(b"Type1C")
            || has(b"CIDFontType0C")
            || has(b"OpenType")
        {
            return Ok(());
        }
        let unknown = names.iter().find(|n| {
            matches!(
                **n,
                b"LZWDecode"
                    | b"LZW"
                    | b"ASCII85Decode"
                    | b"A85"
                    | b"ASCIIHexDecode"
                    | b"AHx"
                    | b"RunLengthDecode"
                    | b"RL"
            )
        });
        if let Some(name) = unknown {
            return Err(ReportError::Corrupt(format!(
                "PDF 使用了本程序不解的压缩方式 /{}，请用 Word 或 WPS 重新导出 PDF",
                String::from_utf8_lossy(name)
            )));
        }
        if !(has(b"FlateDecode") || has(b"Fl")) {
            return syntax(data, &mut |_, _| Ok(()));
        }
        let budget = limits.max_unzipped_bytes.saturating_sub(inflated_total);
        let mut inflated = Vec::new();
        // A damaged stream inflates partly; the part is what a parser would see.
        let _ = flate2::read::ZlibDecoder::new(data)
            .take(budget + 1)
            .read_to_end(&mut inflated);
        let size = inflated.len() as u64;
        inflated_total += size;
        if inflated_total > limits.max_unzipped_bytes {
            return Err(ReportError::TooLarge(format!(
                "PDF 内容解压后超过 {}，疑似压缩炸弹，已拒绝读取",
                mib(limits.max_unzipped_bytes)
            )));
        }
        let ratio = size / (data.len() as u64).max(1);
        if size > RATIO_FLOOR && ratio > limits.max_ratio {
            return Err(ReportError::TooLarge(format!(
                "PDF 中一段内容压缩比 {ratio}:1 超过上限 {}:1，疑似压缩炸弹，已拒绝读取",
                limits.max_ratio
            )));
        }
        syntax(&inflated, &mut |_, _| Ok(()))
    })?;
    scan.encrypted = find(bytes, b"/Encrypt", 0).is_some();
    Ok(scan)
}

/// Called with each stream's dictionary and data.
type OnStream<'a> = dyn FnMut(&[u8], &[u8]) -> Result<(), ReportError> + 'a;

/// Walks PDF syntax in one flat loop: measures the nesting of arrays and
/// dictionaries, skips strings, comments and inline images, and hands each stream's
/// dictionary and data to `stream`.
fn syntax(data: &[u8], stream: &mut OnStream<'_>) -> Result<(), ReportError> {
    let mut depth = 0usize;
    let mut dict_starts: Vec<usize> = Vec::new();
    let mut last_dict = 0..0;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'%' => {
                i = (i..data.len())
                    .find(|&k| matches!(data[k], b'\n' | b'\r'))
                    .unwrap_or(data.len());
            }
            b'(' => i = string_end(data, i),
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep());
                }
                dict_starts.push(i);
                i += 2;
            }
            b'<' => i = find(data, b">", i).map_or(data.len(), |k| k + 1),
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                if let Some(start) = dict_starts.pop() {
                    last_dict = start..i + 2;
                }
                i += 2;
            }
            b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep());
                }
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'/' => i = token_end(data, i + 1),
            c if is_regular(c) => {
                let end = token_end(data, i);
                match &data[i..end] {
                    b"stream" => {
                        let mut start = end;
                        if data.get(start) == Some(&b'\r') {
                            start += 1;
                        }
                        if data.get(start) == Some(&b'\n') {
                            start += 1;
                        }
                        let stop = find(data, b"endstream", start).unwrap_or(data.len());
                        stream(&data[last_dict.clone()], &data[start.min(stop)..stop])?;
                        depth = 0;
                        dict_starts.clear();
                        i = stop + b"endstream".len();
                    }
                    // An inline image's bytes run from `ID` to `EI`.
                    b"ID" => {
                        i = find(data, b"EI", end).map_or(data.len(), |k| k + 2);
                    }
                    b"endobj" => {
                        depth = 0;
                        dict_starts.clear();
                        i = end;
                    }
                    _ => i = end,
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn nesting_is_measured_in_the_file_and_in_its_streams() {
        let limits = Limits::default();
        let plain = b"1 0 obj << /A [1 [2 (a[[[[ string) <5B5B>] ] >> endobj";
        assert_eq!(scan(plain, &limits).unwrap(), Scan::default());
        let deep = format!("1 0 obj {} endobj", "[".repeat(100_000));
        assert!(matches!(
            scan(deep.as_bytes(), &limits),
            Err(ReportError::TooLarge(_))
        ));
        let mut hidden = b"2 0 obj << /Filter /FlateDecode /Length 9 >> stream\n".to_vec();
        hidden.extend(deflate("[".repeat(100_000).as_bytes()));
        hidden.extend(b"\nendstream endobj");
        assert!(matches!(
            scan(&hidden, &limits),
            Err(ReportError::TooLarge(_))
        ));
        // A font program is binary: its bytes are never read as syntax.
        let mut font = b"3 0 obj << /Length1 9 /Filter /FlateDecode >> stream\n".to_vec();
        font.extend(deflate("[".repeat(1_000).as_bytes()));
        font.extend(b"\nendstream endobj");
        assert!(scan(&font, &limits).is_ok());
    }

    #[test]
    fn a_flate_bomb_is_refused() {
        let limits = Limits {
            max_unzipped_bytes: 8 << 20,
            ..Limits::default()
        };
        let mut bomb = b"1 0 obj << /Filter /FlateDecode >> stream\n".to_vec();
        bomb.extend(deflate(&vec![b' '; 16 << 20]));
        bomb.extend(b"\nendstream endobj");
        assert!(matches!(
            scan(&bomb, &limits),
            Err(ReportError::TooLarge(_))
        ));
    }
}
