//! A PDF's bytes scanned before any parser sees them.
//!
//! The PDF parsers are recursive and allocate from numbers in the file: an array
//! nested a million deep overflows the thread's stack (which aborts the whole
//! process; no `catch_unwind` catches it), a flate bomb or a predictor row of three
//! billion bytes exhausts memory, a cross-reference stream of zero-width entries
//! loops for ever. So, by flat loops, before lopdf loads the file:
//!
//! - the nesting of arrays, dictionaries and string parentheses is measured in the
//!   file's own syntax and in every stream, whatever its dictionary says it is
//!   (`pdf_syntax::stream_reach`: the walk stops where a parser would, so the
//!   binary part of a font program cannot pass for nesting); only images, whose
//!   pixels no parser reads as syntax, are not walked;
//! - every stream is inflated through all its `/FlateDecode` layers, each layer
//!   read through `take(limit + 1)` so that inflation stops at the limit: the
//!   stream's own limit is 200 times its compressed size (at least 1 MiB), and all
//!   layers of all streams share one budget ([`Limits::max_unzipped_bytes`]);
//! - predictor parameters and cross-reference stream widths are bounded;
//! - the ranges of every CMap are counted as the CMap reader expands them.
//!
//! The scan follows the parsers where they could be led away from it: a stream is
//! inflated from its start to the end of its compressed data (not to the first
//! `endstream`, which the data may contain), lopdf's fallback to raw deflate is
//! tried too, and a `stream` keyword the walk did not reach (hidden in a comment
//! or a string, where lopdf could still be pointed at it) refuses the file.
//!
//! What needs the document's structure (which stream is a page's content or a
//! font's CMap, drawn how often) is checked after loading, before any text is drawn
//! (`pdf_check`).

use super::pdf_decode::{decoded, Budget, Coding};
use super::pdf_syntax::{
    comment_end, find, is_regular, is_space, name, number, numbers, skip_space, stream_reach,
    string_end, token_end, too_deep, value, value_end, MAX_NESTING,
};
use super::ReportError;
use crate::limits::{mib, Limits};

/// A CMap mapping more codes than this is refused. A two-byte code space holds
/// 65,536 codes; the ToUnicode map of a real CJK font lists the glyphs it uses
/// (hundreds to a few thousand), and the largest real maps cover one or two whole
/// two-byte spaces. Four whole spaces leave room for any real font and cost the
/// reader about 30 MB; one range over 32 bits would be 4.3 billion entries.
pub const MAX_CMAP_CODES: u64 = 1 << 18;

/// The memory the values a parser reads would take (the estimate of
/// `pdf_syntax::Reach::cost`) in all the streams of a file together, and
/// in all the content a document's pages parse, every repeated drawing counted
/// (`pdf_check`): a bound on the time reading takes. A real report of
/// three hundred pages comes to about 600 MiB (a page of text is some 2,000
/// operators); 4 GiB is some seven million operators, seconds of parsing. Two
/// hundred streams of 1 MiB of `q`, each well within the ratio, are refused as a
/// whole.
pub const MAX_COST: u64 = 4 << 30;

/// A cross-reference stream's field widths past this many bytes are refused (an
/// offset needs at most 8); its `/Index` counts past this many objects too.
const MAX_WIDTH: f64 = 8.0;
const MAX_OBJECTS: f64 = (1u64 << 24) as f64;

/// What the scan learnt about the file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The file declares encryption (`/Encrypt` in a trailer).
    pub encrypted: bool,
}

/// A stream as the scan sees it: its dictionary's bytes, its data from the start
/// to the end of the file (a compressed stream ends itself), and the length of
/// its data as delimited in the file.
struct RawStream<'a> {
    /// The dictionary, `<< … >>`.
    dict: &'a [u8],
    /// From the first byte of data to the end of the file.
    data: &'a [u8],
    /// The data's length as the file delimits it (`/Length`, else `endstream`).
    len: usize,
}

/// A cross-reference stream (a stream with `/W`) whose entries take no bytes, or
/// whose field widths or `/Index` counts are absurd, is refused: lopdf would read
/// its entries for ever, or allocate them.
fn xref_bounded(dict: &[u8]) -> Result<(), ReportError> {
    let Some(widths) = value(dict, b"W").and_then(numbers) else {
        return Ok(());
    };
    let corrupt = |what: &str| {
        Err(ReportError::Corrupt(format!(
            "PDF 交叉引用表{what}，文件结构异常"
        )))
    };
    if widths.len() >= 3 {
        if widths[..3].iter().any(|&w| w > MAX_WIDTH) {
            return corrupt("的字段宽度大得不合理");
        }
        if widths[..3].iter().all(|&w| w <= 0.0) {
            return corrupt("的字段宽度全为零");
        }
    }
    let index = value(dict, b"Index").and_then(numbers).unwrap_or_default();
    let size = value(dict, b"Size").and_then(number).unwrap_or(0.0);
    if size > MAX_OBJECTS || index.iter().any(|&n| n > MAX_OBJECTS) {
        return corrupt("声明的对象数大得不合理");
    }
    Ok(())
}

/// Scans a PDF file; refuses it when a parser could be driven too deep, made to
/// inflate or allocate past the limits, or pointed at a stream the scan did not see.
pub fn scan(bytes: &[u8], limits: &Limits) -> Result<Scan, ReportError> {
    let mut budget = Budget::new(limits);
    let mut seen = Vec::new();
    let mut cost = 0u64;
    syntax(bytes, &mut |stream, at| {
        seen.push(at);
        xref_bounded(stream.dict)?;
        let is =
            |key: &[u8], v: &[u8]| value(stream.dict, key).and_then(name).as_deref() == Some(v);
        // An image's pixels are never read as syntax (lopdf's content parser,
        // which reads whatever a page draws, limits its own nesting to 100).
        let image = is(b"Subtype", b"Image") && !is(b"Type", b"ObjStm");
        let coding = Coding::of(stream.dict);
        let Some(data) = decoded(stream.data, stream.len, &coding, &mut budget, !image)? else {
            return Ok(());
        };
        let reach = stream_reach(&data)?;
        cost = cost.saturating_add(reach.cost);
        if cost > MAX_COST {
            return Err(too_costly());
        }
        if reach.ranges {
            let codes = cmap_codes(&data[..reach.len]);
            if codes > MAX_CMAP_CODES {
                return Err(cmap_too_large(codes));
            }
        }
        Ok(())
    })?;
    hidden_streams(bytes, &seen)?;
    Ok(Scan {
        encrypted: find(bytes, b"/Encrypt", 0).is_some(),
    })
}

/// The refusal for more to parse than [`MAX_COST`].
pub(super) fn too_costly() -> ReportError {
    ReportError::TooLarge(format!(
        "PDF 要解析的内容过多（解析后估计共占 {} 以上内存），读取会占用过多内存和时间，已拒绝读取",
        mib(MAX_COST)
    ))
}

/// The number of character codes a CMap maps, counted the way the CMap reader
/// expands them: one for each pair of a `bfchar` section, every code from the low
/// to the high end of each `bfrange` and `cidrange` (the codes' bytes read
/// big-endian into 32 bits).
pub fn cmap_codes(data: &[u8]) -> u64 {
    let mut total = 0u64;
    for (keyword, range) in [
        (&b"beginbfrange"[..], true),
        (b"begincidrange", true),
        (b"beginbfchar", false),
    ] {
        let mut from = 0;
        while let Some(at) = find(data, keyword, from) {
            let mut i = at + keyword.len();
            // `<lo> <hi> dst` or `<code> dst`; the reader stops at the first that
            // is not one.
            while let Some((lo, after_lo)) = hex_code(data, skip_space(data, i)) {
                let (hi, after) = match range {
                    true => match hex_code(data, skip_space(data, after_lo)) {
                        Some(hi) => hi,
                        None => break,
                    },
                    false => (lo, after_lo),
                };
                let dst = skip_space(data, after);
                if dst >= data.len() || data[dst..].starts_with(b"end") {
                    break;
                }
                total = total.saturating_add(u64::from(hi.saturating_sub(lo)) + 1);
                i = value_end(data, dst).max(dst + 1);
            }
            from = i.max(at + 1);
        }
    }
    total
}

/// A hex string `<…>` at `i` read as a code (bytes big-endian, the low 32 bits
/// kept), and the index after it.
fn hex_code(data: &[u8], i: usize) -> Option<(u32, usize)> {
    if data.get(i) != Some(&b'<') || data.get(i + 1) == Some(&b'<') {
        return None;
    }
    let end = find(data, b">", i)?;
    let digits: Vec<u8> = data[i + 1..end]
        .iter()
        .filter(|c| !is_space(**c))
        .copied()
        .collect();
    let mut code = 0u32;
    for pair in digits.chunks(2) {
        let text = std::str::from_utf8(pair).ok()?;
        let byte = u8::from_str_radix(text, 16).ok()?;
        code = (code << 8) | u32::from(byte);
    }
    Some((code, end + 1))
}

/// The refusal for a CMap of `codes` codes.
pub(super) fn cmap_too_large(codes: u64) -> ReportError {
    ReportError::TooLarge(format!(
        "PDF 字体的字符映射表（CMap）共映射 {codes} 个字符编码，超过上限 {MAX_CMAP_CODES} 个，文件结构异常，已拒绝读取"
    ))
}

/// Every `stream` keyword where lopdf would start a stream (after whitespace or a
/// dictionary's `>>`, before a line break) must be one the walk handed over.
fn hidden_streams(bytes: &[u8], seen: &[usize]) -> Result<(), ReportError> {
    let mut from = 0;
    while let Some(at) = find(bytes, b"stream", from) {
        from = at + 1;
        let before = at.checked_sub(1).map(|k| bytes[k]);
        if !before.is_some_and(|c| is_space(c) || c == b'>') {
            continue;
        }
        let mut k = at + b"stream".len();
        while matches!(bytes.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        if matches!(bytes.get(k), Some(b'\r' | b'\n')) && seen.binary_search(&at).is_err() {
            return Err(ReportError::Corrupt(
                "PDF 中有数据流藏在注释、字符串或其他数据流里，文件结构异常".into(),
            ));
        }
    }
    Ok(())
}

/// Called with each stream and the offset of its `stream` keyword.
type OnStream<'a> = dyn FnMut(RawStream<'_>, usize) -> Result<(), ReportError> + 'a;

/// Walks a file's PDF syntax in one flat loop: measures the nesting of arrays,
/// dictionaries and string parentheses, skips comments, and hands each stream
/// over with its dictionary (the one closed just before its `stream` keyword).
fn syntax(data: &[u8], stream: &mut OnStream<'_>) -> Result<(), ReportError> {
    let mut depth = 0usize;
    let mut dict_starts: Vec<usize> = Vec::new();
    let mut last_dict = 0..0;
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'%' => i = comment_end(data, i),
            b'(' => {
                let (end, deepest) = string_end(data, i);
                if depth + deepest > MAX_NESTING {
                    return Err(too_deep());
                }
                i = end;
            }
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
                        // The dictionary counts if only whitespace separates them.
                        let between = &data[last_dict.end.min(i)..i];
                        let dict = if between.iter().all(|&c| is_space(c)) {
                            &data[last_dict.clone()]
                        } else {
                            &b""[..]
                        };
                        let (start, stop) = extent(data, dict, end);
                        stream(
                            RawStream {
                                dict,
                                data: &data[start..],
                                len: stop - start,
                            },
                            i,
                        )?;
                        depth = 0;
                        dict_starts.clear();
                        last_dict = 0..0;
                        i = stop;
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

/// Where a stream's data starts (after `stream` and its line break) and stops:
/// after `/Length` bytes when the length is direct and `endstream` follows, as
/// lopdf reads it, else at the first `endstream`.
fn extent(data: &[u8], dict: &[u8], keyword_end: usize) -> (usize, usize) {
    let mut start = keyword_end;
    while matches!(data.get(start), Some(b' ' | b'\t')) {
        start += 1;
    }
    if data.get(start) == Some(&b'\r') {
        start += 1;
    }
    if data.get(start) == Some(&b'\n') {
        start += 1;
    }
    let start = start.min(data.len());
    let direct = value(dict, b"Length")
        .and_then(number)
        .filter(|&n| n >= 0.0 && n <= data.len() as f64)
        .map(|n| start + n as usize)
        .filter(|&stop| {
            let mut k = stop;
            while data.get(k).is_some_and(|&c| is_space(c)) {
                k += 1;
            }
            data.get(k..)
                .is_some_and(|rest| rest.starts_with(b"endstream"))
        });
    let stop = direct.unwrap_or_else(|| find(data, b"endstream", start).unwrap_or(data.len()));
    (start, stop.min(data.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn object(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("1 0 obj << {dict} /Length {} >> stream\n", data.len()).into_bytes();
        out.extend(data);
        out.extend(b"\nendstream endobj\n");
        out
    }

    fn refused(file: &[u8]) -> bool {
        matches!(
            scan(file, &Limits::default()),
            Err(ReportError::TooLarge(_) | ReportError::Corrupt(_))
        )
    }

    #[test]
    fn nesting_is_measured_in_the_file_and_in_every_stream() {
        let limits = Limits::default();
        let plain = b"1 0 obj << /A [1 [2 (a[[[[ string) <5B5B>] ] >> endobj";
        assert_eq!(scan(plain, &limits).unwrap(), Scan::default());
        assert!(refused(
            format!("1 0 obj {} endobj", "[".repeat(100_000)).as_bytes()
        ));
        assert!(refused(
            format!("1 0 obj {} endobj", "(".repeat(100_000)).as_bytes()
        ));
        let deep = "[".repeat(1000);
        assert!(refused(&object(
            "/Filter /FlateDecode",
            &deflate(deep.as_bytes())
        )));
        // Whatever the dictionary claims, except an image.
        assert!(refused(&object(
            "/Length1 9 /Filter /FlateDecode",
            &deflate(deep.as_bytes())
        )));
        assert!(refused(&object("/Type /XRef", deep.as_bytes())));
        assert!(!refused(&object("/Subtype /Image", deep.as_bytes())));
        // A font program's binary part is not syntax: nesting after it is not read.
        let mut font = b"/FontName /A def currentfile eexec\r\x93\x01".to_vec();
        font.extend(deep.as_bytes());
        assert!(!refused(&object(
            "/Length1 9 /Filter /FlateDecode",
            &deflate(&font)
        )));
    }

    #[test]
    fn every_layer_is_inflated_within_the_limits() {
        let limits = Limits {
            max_unzipped_bytes: 8 << 20,
            ..Limits::default()
        };
        let small = |file: &[u8]| scan(file, &limits);
        let bomb = deflate(&vec![b' '; 16 << 20]);
        assert!(small(&object("/Filter /FlateDecode", &bomb)).is_err());
        // Three layers: only the last one is large.
        let layered = deflate(&deflate(&bomb));
        let three = "/Filter [/FlateDecode /FlateDecode /FlateDecode]";
        assert!(small(&object(three, &layered)).is_err());
        // The ratio: 2 MiB from a few hundred bytes, within the budget.
        let two = deflate(&vec![b' '; 2 << 20]);
        assert!(small(&object("/Filter /FlateDecode", &two)).is_err());
        assert!(small(&object("/Filter /FlateDecode", &deflate(&[b' '; 1000]))).is_ok());
        // A blank image compresses about 1000:1 in its one layer and passes;
        // in two layers it does not.
        let blank = deflate(&vec![0xFF; 4 << 20]);
        let image = "/Subtype /Image /Filter /FlateDecode";
        assert!(small(&object(image, &blank)).is_ok());
        assert!(small(&object("/Filter /FlateDecode", &blank)).is_err());
        let twice = "/Subtype /Image /Filter [/FlateDecode /FlateDecode]";
        assert!(small(&object(twice, &deflate(&blank))).is_err());
        // Nine streams of 1 MiB each: within the ratio floor, past the budget.
        let one = deflate(&vec![b' '; 1 << 20]);
        let nine: Vec<u8> = (0..9)
            .flat_map(|_| object("/Filter /FlateDecode", &one))
            .collect();
        assert!(small(&nine).is_err());
        assert!(small(&nine[..nine.len() / 9 * 7]).is_ok());
        // A bad zlib header: lopdf inflates the rest as raw deflate, so does the scan.
        let mut headless = b"xx".to_vec();
        headless.extend(&bomb[2..]);
        assert!(small(&object("/Filter /FlateDecode", &headless)).is_err());
    }

    #[test]
    fn predictors_xref_widths_and_cmaps_are_bounded() {
        let parms = |p: &str| format!("/Filter /FlateDecode /DecodeParms << {p} >>");
        let row = deflate(b"\x00q Q\n");
        assert!(refused(&object(
            &parms("/Predictor 12 /Columns 3000000000"),
            &row
        )));
        assert!(refused(&object(
            &parms("/Predictor 12 /Columns 100000"),
            &row
        )));
        assert!(!refused(&object(&parms("/Predictor 12 /Columns 4"), &row)));
        assert!(refused(&object("/Type /XRef /W [0 0 0] /Size 3", b"")));
        assert!(refused(&object(
            "/Type /XRef /W [1 2 1] /Index [0 9223372036854775807]",
            b""
        )));
        assert!(!refused(&object(
            "/Type /XRef /W [1 2 1] /Index [0 3] /Size 3",
            b""
        )));
        let cmap = |n: usize| {
            let ranges = "<0000> <FFFF> <0000>\n".repeat(n);
            deflate(format!("{n} beginbfrange\n{ranges}endbfrange").as_bytes())
        };
        assert!(!refused(&object("/Filter /FlateDecode", &cmap(4))));
        assert!(refused(&object("/Filter /FlateDecode", &cmap(5))));
    }

    #[test]
    fn cmap_ranges_are_counted_as_expanded() {
        let cmap = b"2 beginbfrange <0000> <00FF> <0041>\n<1000> <1001> [<0041> <0042>]\n\
            endbfrange 1 begincidrange <0000> <FFFF> 0 endcidrange";
        assert_eq!(cmap_codes(cmap), 256 + 2 + 65_536);
        assert_eq!(
            cmap_codes(b"1 beginbfrange <00000000> <FFFFFFFF> <00000000> endbfrange"),
            1 << 32
        );
        assert_eq!(
            cmap_codes(b"2 beginbfchar <01> <0041> <02> /B endbfchar"),
            2
        );
    }

    #[test]
    fn a_stream_hidden_from_the_walk_is_refused() {
        let mut hidden = b"% 2 0 obj << /Filter /FlateDecode >> stream\n".to_vec();
        hidden.extend(object("", b"BT ET"));
        assert!(refused(&hidden));
        assert!(refused(b"1 0 obj (<< >> stream\n) endobj"));
        assert!(!refused(&object("", b"BT (upstream\n) Tj ET")));
    }
}
