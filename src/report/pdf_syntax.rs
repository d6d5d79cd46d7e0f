//! PDF syntax read flatly, by loops without recursion: the pieces the pre-scan
//! ([`super::pdf_scan`]) and the structure checks ([`super::pdf_check`]) share.
//!
//! - [`stream_reach`]: how far, and how deep, a recursive parser gets into a
//!   stream's bytes (content streams, CMaps, Type1 font programs);
//! - [`value`] and friends: a dictionary's values, read from its bytes as lopdf
//!   reads them (`#xx` escapes in names decoded, the last of a repeated key wins);

use super::ReportError;

/// The deepest nesting of arrays, dictionaries, procedures and string parentheses
/// accepted. Real documents stay under 10; the parsers use a few kilobytes of
/// stack per level.
pub const MAX_NESTING: usize = 64;

/// Byte classes: whitespace, a delimiter, a byte a bare token may hold for every
/// parser that reads streams recursively (lopdf's content parser, the CMap and
/// Type1 parsers: letters and digits, the signs and point of numbers, the
/// operators `*`, `'`, `"`), any other byte (allowed in names only).
const SPACE: u8 = 0;
const DELIMITER: u8 = 1;
const TOKEN: u8 = 2;
const OTHER: u8 = 3;

const fn class(c: u8) -> u8 {
    match c {
        0 | 9 | 10 | 12 | 13 | 32 => SPACE,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => DELIMITER,
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.' | b'*' | b'\'' | b'"' => TOKEN,
        _ => OTHER,
    }
}

/// Each byte's class, looked up (the walks run over every byte of a file).
static CLASSES: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = class(c as u8);
        c += 1;
    }
    table
};

/// Whitespace in PDF syntax.
pub(super) fn is_space(c: u8) -> bool {
    CLASSES[c as usize] == SPACE
}

/// A byte of a name or a bare token.
pub(super) fn is_regular(c: u8) -> bool {
    CLASSES[c as usize] >= TOKEN
}

/// The first `needle` (not empty) in `hay` at or after `from`.
pub(super) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        if hay[i] == first && hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The end (exclusive) of the regular-character token starting at `i`.
pub(super) fn token_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && CLASSES[data[i] as usize] >= TOKEN {
        i += 1;
    }
    i
}

/// The end of the comment starting at `i` (its line break excluded).
pub(super) fn comment_end(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && !matches!(data[i], b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end of the literal string `( … )` starting at `i`, and the deepest nesting
/// of parentheses inside it (1 for a string without inner parentheses).
pub(super) fn string_end(data: &[u8], mut i: usize) -> (usize, usize) {
    let mut depth = 0usize;
    let mut deepest = 0;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (i + 1, deepest);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (data.len(), deepest)
}

/// The refusal for nesting past [`MAX_NESTING`].
pub(super) fn too_deep() -> ReportError {
    ReportError::TooLarge(format!(
        "PDF 中数组、字典或字符串的括号嵌套超过 {MAX_NESTING} 层，文件结构异常，疑似恶意构造，已拒绝读取"
    ))
}

/// What an operator parsed costs in memory beyond its bytes, and an operand (a
/// number, name, string, array or dictionary). Measured on lopdf's content
/// parser: an operation takes 48 bytes plus a vector of four 120-byte operands
/// reserved up front, so 200,000 `q` took 115 MB (577 bytes each, 289 per byte of
/// content) and 200,000 `1 0 0 1 72 720 cm` 109 MB.
pub const OPERATOR_COST: u64 = 600;
/// See [`OPERATOR_COST`].
pub const OPERAND_COST: u64 = 120;

/// How far a recursive parser reads into a stream, what that costs, and the
/// XObjects it draws.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Reach {
    /// The bytes read before the parser stops (all of them for real syntax).
    pub len: usize,
    /// Whether the parser reads to the end.
    pub whole: bool,
    /// The memory the parsed values take, estimated: the bytes of the values
    /// (whitespace and comments aside) and [`OPERATOR_COST`] or [`OPERAND_COST`]
    /// for each.
    pub cost: u64,
    /// Whether it meets `beginbfchar`, `beginbfrange` or `begincidrange` (a CMap's
    /// mappings).
    pub ranges: bool,
    /// The names before `Do` operators, each with how often it is drawn.
    pub drawn: Vec<(Vec<u8>, u64)>,
}

/// How far a recursive parser reads into a stream's bytes, checking on the way
/// that it is never driven deeper than [`MAX_NESTING`]: arrays, dictionaries,
/// procedures and the parentheses of literal strings all count.
///
/// The parsers stop at the first byte that cannot be PDF syntax (outside strings,
/// names and inline images): a control byte, a byte above 127, a stray `)`. So
/// does this walk, and returns the length read; what follows is never parsed,
/// which is why the binary part of a font program or an image's pixels cannot be
/// mistaken for nesting.
pub(super) fn stream_reach(data: &[u8]) -> Result<Reach, ReportError> {
    let mut reach = Reach::default();
    let mut depth = 0usize;
    // The name just read, for a `Do` that follows it.
    let mut last_name: Option<std::ops::Range<usize>> = None;
    // Where the keys of the last inline image (`BI … ID`) start.
    let mut inline_keys = 0;
    // Where each name drawn is in `reach.drawn`.
    let mut drawn_at: std::collections::HashMap<Vec<u8>, usize> = Default::default();
    let mut i = 0;
    let stop = |reach: Reach, at: usize| {
        Ok(Reach {
            len: at,
            whole: at == data.len(),
            ..reach
        })
    };
    while i < data.len() {
        let c = data[i];
        if is_space(c) {
            i += 1;
            continue;
        }
        if c == b'%' {
            i = comment_end(data, i);
            continue;
        }
        let start = i;
        let name = last_name.take();
        let mut cost = OPERAND_COST;
        match c {
            b'[' | b'{' | b'<' if c != b'<' || data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep());
                }
                i += if c == b'<' { 2 } else { 1 };
            }
            b'(' => {
                let (end, deepest) = string_end(data, i);
                if depth + deepest > MAX_NESTING {
                    return Err(too_deep());
                }
                i = end;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                cost = 0;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
                cost = 0;
            }
            b'<' => match find(data, b">", i) {
                Some(k) => i = k + 1,
                None => return stop(reach, i),
            },
            b'/' => {
                let end = token_end(data, i + 1);
                last_name = Some(i + 1..end);
                i = end;
            }
            c if is_regular(c) => {
                let mut end = i;
                while end < data.len() && CLASSES[data[end] as usize] == TOKEN {
                    end += 1;
                }
                if end < data.len() && CLASSES[data[end] as usize] == OTHER {
                    return stop(reach, i);
                }
                let token = &data[i..end];
                if let (b"Do", Some(name)) = (token, name) {
                    let name = decode_name(&data[name]);
                    let at = *drawn_at.entry(name.clone()).or_insert(reach.drawn.len());
                    match reach.drawn.get_mut(at) {
                        Some((_, times)) => *times += 1,
                        None => reach.drawn.push((name, 1)),
                    }
                }
                reach.ranges |=
                    matches!(token, b"beginbfrange" | b"begincidrange" | b"beginbfchar");
                if c.is_ascii_alphabetic() {
                    cost = OPERATOR_COST;
                }
                if token == b"BI" {
                    inline_keys = end;
                }
                i = match token {
                    b"ID" => match inline_image_end(data, inline_keys.min(i), i, end) {
                        Some(after) => after,
                        None => return stop(reach, i),
                    },
                    _ => end,
                };
            }
            // A stray `)` or `>`: no parser reads on.
            _ => return stop(reach, i),
        }
        reach.cost = reach.cost.saturating_add((i - start) as u64 + cost);
    }
    stop(reach, data.len())
}

/// Where lopdf's content parser goes on after an inline image whose keys are
/// `data[keys..id]` and whose `ID` ends at `id_end`: after as many bytes as its
/// width, height, colour space and bits per component make (and the `EI` that must
/// follow them), else after the first `EI` between whitespace; `None` where the
/// parser stops.
fn inline_image_end(data: &[u8], keys: usize, id: usize, id_end: usize) -> Option<usize> {
    let content_space = |mut k: usize| {
        while matches!(data.get(k), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            k += 1;
        }
        k
    };
    let dict = [&b"<<"[..], &data[keys..id], b">>"].concat();
    let get = |short: &[u8], long: &[u8]| value(&dict, short).or_else(|| value(&dict, long));
    let int = |short: &[u8], long: &[u8]| {
        get(short, long)
            .and_then(number)
            .filter(|n| n.fract() == 0.0)
    };
    let colors = match get(b"IM", b"ImageMask") {
        Some(b"true") => Some(1.0),
        _ => match get(b"CS", b"ColorSpace").and_then(name).as_deref() {
            Some(b"DeviceGray" | b"Gray") => Some(1.0),
            Some(b"DeviceRGB" | b"RGB") => Some(3.0),
            Some(b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK") => Some(4.0),
            _ => None,
        },
    };
    let start = content_space(id_end);
    let exact = match (
        int(b"W", b"Width"),
        int(b"H", b"Height"),
        int(b"BPC", b"BitsPerComponent"),
    ) {
        (Some(w), Some(h), Some(bpc)) if get(b"F", b"Filter").is_none() => {
            colors.map(|c| h * (w * c * bpc / 8.0).ceil())
        }
        _ => None,
    };
    match exact {
        Some(len) if len >= 0.0 && start as f64 + len <= data.len() as f64 => {
            // lopdf reads that many bytes; without `EI` after them it stops.
            let after = content_space(start + len as usize);
            data[after..].starts_with(b"EI").then_some(after + 2)
        }
        // No length, or more than there is: lopdf looks for `EI` instead.
        _ => {
            let at = data[start..].windows(4).position(|w| {
                matches!(w[0], b' ' | b'\n' | b'\r')
                    && &w[1..3] == b"EI"
                    && matches!(w[3], b' ' | b'\n' | b'\r')
            })?;
            Some(start + at + 3)
        }
    }
}

/// The end of the value that starts at `i` (after whitespace): a name, number,
/// string, array, dictionary or `n g R` reference. Nested values are skipped by
/// counting, not by recursion.
pub(super) fn value_end(data: &[u8], mut i: usize) -> usize {
    i = skip_space(data, i);
    let mut depth = 0usize;
    loop {
        let Some(&c) = data.get(i) else {
            return data.len();
        };
        i = match c {
            b'(' => string_end(data, i).0,
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i + 2
            }
            b'[' => {
                depth += 1;
                i + 1
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i + 2
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i + 1
            }
            b'<' => find(data, b">", i).map_or(data.len(), |k| k + 1),
            b'/' => token_end(data, i + 1),
            b'%' => comment_end(data, i),
            c if is_space(c) => i + 1,
            c if is_regular(c) => {
                let end = token_end(data, i);
                // `n g R`: two numbers and the letter R are one value.
                if depth == 0 && data[i..end].iter().all(u8::is_ascii_digit) {
                    let second = skip_space(data, end);
                    let second_end = token_end(data, second);
                    let r = skip_space(data, second_end);
                    let is_number = second < second_end
                        && data[second..second_end].iter().all(u8::is_ascii_digit);
                    if is_number && data.get(r) == Some(&b'R') && token_end(data, r) == r + 1 {
                        return r + 1;
                    }
                }
                end
            }
            _ => i + 1,
        };
        if depth == 0 {
            return i;
        }
    }
}

/// The index after whitespace and comments from `i`.
pub(super) fn skip_space(data: &[u8], mut i: usize) -> usize {
    while i < data.len() {
        if is_space(data[i]) {
            i += 1;
        } else if data[i] == b'%' {
            i = comment_end(data, i);
        } else {
            break;
        }
    }
    i
}

/// A name's bytes (after the `/`) with its `#xx` escapes decoded.
pub(super) fn decode_name(raw: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let escaped = (raw[i] == b'#')
            .then(|| Some(hex(*raw.get(i + 1)?)? << 4 | hex(*raw.get(i + 2)?)?))
            .flatten();
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out
}

/// The items of an array's bytes (`[ … ]`), or of a dictionary's (`<< … >>`:
/// keys and values alternate), each as its bytes.
fn items(data: &[u8]) -> Vec<&[u8]> {
    let (start, end) = if data.starts_with(b"<<") && data.ends_with(b">>") {
        (2, data.len() - 2)
    } else if data.starts_with(b"[") && data.ends_with(b"]") {
        (1, data.len() - 1)
    } else {
        return Vec::new();
    };
    let inner = &data[start..end.max(start)];
    let mut out = Vec::new();
    let mut i = skip_space(inner, 0);
    while i < inner.len() {
        let end = value_end(inner, i).max(i + 1);
        out.push(&inner[i..end.min(inner.len())]);
        i = skip_space(inner, end);
    }
    out
}

/// The value of `key` in a dictionary's bytes (`<< … >>`); the last one when the
/// key is repeated, as lopdf keeps it.
pub(super) fn value<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let items = items(dict);
    items
        .chunks(2)
        .filter(|pair| pair.len() == 2)
        .filter(|pair| pair[0].first() == Some(&b'/') && decode_name(&pair[0][1..]) == key)
        .map(|pair| pair[1])
        .next_back()
}

/// A name value, decoded.
pub(super) fn name(value: &[u8]) -> Option<Vec<u8>> {
    let raw = value.strip_prefix(b"/")?;
    Some(decode_name(&raw[..token_end(raw, 0)]))
}

/// A name, or an array of names (a `/Filter`); `None` for anything else, which
/// lopdf does not take for a filter list either.
pub(super) fn names(value: &[u8]) -> Option<Vec<Vec<u8>>> {
    if value.starts_with(b"/") {
        return name(value).map(|n| vec![n]);
    }
    items(value).into_iter().map(name).collect()
}

/// A number value (integer or real); huge integers saturate rather than fail.
pub(super) fn number(value: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(value).ok()?;
    let ok = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
    ok.then(|| text.parse::<f64>().ok()).flatten()
}

/// An array of numbers (`/W`, `/Index`); `None` if any item is not a number.
pub(super) fn numbers(value: &[u8]) -> Option<Vec<f64>> {
    items(value).into_iter().map(number).collect()
}

/// The dictionaries a value holds: itself, or the dictionaries of an array (a
/// `/DecodeParms` is either).
pub(super) fn dicts(value: &[u8]) -> Vec<&[u8]> {
    if value.starts_with(b"<<") {
        vec![value]
    } else {
        items(value)
            .into_iter()
            .filter(|v| v.starts_with(b"<<"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_lopdf_reads_them() {
        let dict = b"<< /Length 5 0 R /F#69lter [/Fl#61teDecode /FlateDecode] \
            /DecodeParms [null << /Columns 3 >>] /W [1 2 1] /Type /X /Type /XRef >>";
        assert_eq!(value(dict, b"Length"), Some(&b"5 0 R"[..]));
        assert_eq!(
            names(value(dict, b"Filter").unwrap()),
            Some(vec![b"FlateDecode".to_vec(), b"FlateDecode".to_vec()])
        );
        let parms = dicts(value(dict, b"DecodeParms").unwrap());
        assert_eq!(parms.len(), 1);
        assert_eq!(value(parms[0], b"Columns").and_then(number), Some(3.0));
        assert_eq!(
            numbers(value(dict, b"W").unwrap()),
            Some(vec![1.0, 2.0, 1.0])
        );
        assert_eq!(name(value(dict, b"Type").unwrap()), Some(b"XRef".to_vec()));
        assert_eq!(value(b"<< /A (>> /B 1) /B 2 >>", b"B"), Some(&b"2"[..]));
    }

    #[test]
    fn a_parser_stops_at_bytes_that_are_not_syntax() {
        assert_eq!(stream_reach(b"BT /F1 12 Tf (a(b)c) Tj ET").unwrap().len, 26);
        let drawn = stream_reach(b"q /Im#31 Do Q /X % note\n Do /Y 3 Do /X Do").unwrap();
        assert_eq!(drawn.drawn, vec![(b"Im1".to_vec(), 1), (b"X".to_vec(), 2)]);
        // An inline image's bytes are skipped as lopdf skips them: by its size
        // (2 x 2 grey pixels here, whatever they hold), else to the first ` EI `.
        let inline = b"BI /W 2 /H 2 /CS /Gray /BPC 8 ID \x01EI\x02 EI q Q";
        assert_eq!(stream_reach(inline).unwrap().len, inline.len());
        let no_size = b"BI /W 2 /CS /G ID \x01EI\x02 EI q Q";
        assert_eq!(stream_reach(no_size).unwrap().len, no_size.len());
        let garbage_after = b"BI /W 1 /H 1 /CS /Gray /BPC 8 ID \x01\x02 EI q Q";
        assert_eq!(stream_reach(garbage_after).unwrap().len, 30);
        // Binary after `eexec`: the walk stops there, nesting after it is not read.
        let mut font = b"/FontName /A def currentfile eexec\r\x93\x01".to_vec();
        font.extend(b"[".repeat(1000));
        assert_eq!(stream_reach(&font).unwrap().len, 35);
        for deep in [
            "[".repeat(65),
            "(".repeat(65),
            "{".repeat(65),
            "<<".repeat(65),
            format!("{}{}", "[".repeat(40), "(".repeat(30)),
        ] {
            assert!(stream_reach(deep.as_bytes()).is_err(), "{deep}");
        }
        assert!(stream_reach("[".repeat(64).as_bytes()).is_ok());
    }
}
