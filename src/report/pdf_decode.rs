//! A stream's data decoded as lopdf decodes it, within limits: every
//! `/FlateDecode` layer inflated through `take(limit + 1)`, so that inflation
//! stops at the limit rather than being checked after; a stream's own limit is
//! 200 times its compressed size (at least 1 MiB), and all layers of all streams
//! of a file share one budget ([`Limits::max_unzipped_bytes`]). Predictor rows,
//! which lopdf allocates from the parameters before reading any data, are bounded.
//!
//! Used by the pre-scan ([`super::pdf_scan`], on a stream's bytes in the file) and
//! by the structure checks ([`super::pdf_check`], on the streams lopdf loaded).

use super::pdf_syntax::{dicts, name, names, number, value};
use super::ReportError;
use crate::limits::{mib, Limits, RATIO_FLOOR};
use std::io::Read;

/// Predictor parameters past these are refused: a row of a million pixels of 32
/// colour components of 16 bits. Real images are under 20,000 pixels wide.
const MAX_COLUMNS: f64 = (1u64 << 20) as f64;
const MAX_COLORS: f64 = 32.0;
const MAX_BITS: f64 = 16.0;
/// A predictor row (which the reader allocates twice before reading any data)
/// longer than the data it decodes and than this is refused.
const MAX_EMPTY_ROW: u64 = 64 * 1024;

/// The ratio an image is held to: more than one deflate layer can reach (1032:1),
/// since a uniform image (a blank scan, a plain background) approaches that; only
/// layers of deflate inside each other, which no producer writes, go past it.
const IMAGE_RATIO: u64 = 1100;

/// Inflated bytes counted against one budget, each stream within its own ratio.
pub(super) struct Budget {
    left: u64,
    limits: Limits,
}

impl Budget {
    /// The whole budget of `limits`.
    pub(super) fn new(limits: &Limits) -> Budget {
        Budget {
            left: limits.max_unzipped_bytes,
            limits: *limits,
        }
    }

    /// One `/FlateDecode` layer of a stream whose compressed data is `compressed`
    /// bytes long, inflated as lopdf inflates it (zlib, else raw deflate after the
    /// two header bytes), through `take(limit + 1)`: inflation stops at the limit.
    /// A layer that may grow past [`KEEP_AT_ONCE`] is first only measured, then
    /// (within the limits and `keep`) inflated again into a buffer of the measured
    /// size, so that a refused bomb costs no memory. Returns the bytes (empty
    /// unless `keep`) and their number.
    pub(super) fn inflate(
        &mut self,
        input: &[u8],
        compressed: usize,
        image: bool,
        keep: bool,
    ) -> Result<(Vec<u8>, u64), ReportError> {
        let ratio = match image {
            true => IMAGE_RATIO,
            false => self.limits.max_ratio,
        };
        let own = RATIO_FLOOR.max((compressed as u64).saturating_mul(ratio));
        let limit = self.left.min(own);
        fn zlib(input: &[u8]) -> impl Read + '_ {
            flate2::read::ZlibDecoder::new(input)
        }
        fn raw(input: &[u8]) -> impl Read + '_ {
            flate2::read::DeflateDecoder::new(input.get(2..).unwrap_or_default())
        }
        let at_once = keep && limit <= KEEP_AT_ONCE;
        let mut out = Vec::new();
        // A damaged stream inflates partly; the part is what a parser sees.
        let mut size = match at_once {
            true => read_into(zlib(input).take(limit + 1), &mut out),
            false => measure(zlib(input).take(limit + 1)),
        };
        let fallback = size == 0 && input.len() > 2;
        if fallback {
            size = match at_once {
                true => read_into(raw(input).take(limit + 1), &mut out),
                false => measure(raw(input).take(limit + 1)),
            };
        }
        if size > limit {
            return Err(if limit == own {
                ReportError::TooLarge(format!(
                    "PDF 中一段内容解压后超过压缩前的 {} 倍（且超过 {}），疑似压缩炸弹，已拒绝读取",
                    ratio,
                    mib(RATIO_FLOOR)
                ))
            } else {
                ReportError::TooLarge(format!(
                    "PDF 内容解压后超过 {}，疑似压缩炸弹，已拒绝读取",
                    mib(self.limits.max_unzipped_bytes)
                ))
            });
        }
        self.left -= size;
        if keep && !at_once {
            out.reserve_exact(size as usize);
            match fallback {
                true => read_into(raw(input).take(size), &mut out),
                false => read_into(zlib(input).take(size), &mut out),
            };
        }
        Ok((out, size))
    }
}

/// A layer that cannot inflate past this is inflated once, straight into memory.
const KEEP_AT_ONCE: u64 = 16 << 20;

/// Reads until the end or the first error, into `out`; the bytes read.
fn read_into(mut reader: impl Read, out: &mut Vec<u8>) -> u64 {
    let before = out.len();
    let _ = reader.read_to_end(out);
    (out.len() - before) as u64
}

/// The bytes a reader yields until its end or its first error.
fn measure(mut reader: impl Read) -> u64 {
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    total
}

/// The predictor parameters of one `/DecodeParms` dictionary.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Parms {
    /// `/Predictor`.
    pub predictor: Option<f64>,
    /// `/Columns`.
    pub columns: Option<f64>,
    /// `/Colors`.
    pub colors: Option<f64>,
    /// `/BitsPerComponent`.
    pub bits: Option<f64>,
}

/// How a stream is encoded.
#[derive(Debug, Default)]
pub(super) struct Coding {
    /// Its filters in decoding order; `None` when `/Filter` is not a name or an
    /// array of names (lopdf then reads the data raw).
    pub filters: Option<Vec<Vec<u8>>>,
    /// Its decode parameters.
    pub parms: Vec<Parms>,
    /// Whether it is an image (`/Subtype /Image`), held to [`IMAGE_RATIO`].
    pub image: bool,
}

impl Coding {
    /// The coding a dictionary's bytes declare.
    pub(super) fn of(dict: &[u8]) -> Coding {
        let parms = value(dict, b"DecodeParms").map(dicts).unwrap_or_default();
        Coding {
            image: value(dict, b"Subtype").and_then(name).as_deref() == Some(b"Image"),
            filters: value(dict, b"Filter").and_then(names),
            parms: parms
                .into_iter()
                .map(|d| {
                    let get = |key: &[u8]| value(d, key).and_then(number);
                    Parms {
                        predictor: get(b"Predictor"),
                        columns: get(b"Columns"),
                        colors: get(b"Colors"),
                        bits: get(b"BitsPerComponent"),
                    }
                })
                .collect(),
        }
    }

    /// The predictor row lopdf allocates (`None` without a predictor); parameters
    /// past the bounds are refused.
    fn predictor_row(&self) -> Result<Option<u64>, ReportError> {
        let mut row = None;
        for p in &self.parms {
            let columns = p.columns.unwrap_or(1.0);
            let colors = p.colors.unwrap_or(1.0);
            let bits = p.bits.unwrap_or(8.0);
            if columns > MAX_COLUMNS || colors > MAX_COLORS || bits > MAX_BITS {
                return Err(bad_predictor());
            }
            if p.predictor.unwrap_or(1.0) >= 2.0 {
                let bytes = colors.max(1.0) * bits.max(8.0) / 8.0 * columns.max(1.0);
                row = Some(bytes as u64);
            }
        }
        Ok(row)
    }
}

/// The refusal for an unsafe filter.
fn unknown_filter(name: &[u8]) -> ReportError {
    ReportError::Corrupt(format!(
        "PDF 使用了本程序不解的压缩方式 /{}，请用 Word 或 WPS 重新导出 PDF",
        String::from_utf8_lossy(name)
    ))
}

/// The bytes a parser reads from a stream: `data` (from the stream's first byte,
/// `len` of them delimited as its data) decoded through its filters when lopdf
/// can decode them all, else its raw data; every layer inflated under `budget`.
/// `None` when they were only measured (`keep` false). Filters lopdf decodes but
/// this scan does not (LZW, ASCII85) are refused. Predictors are not applied (a
/// predictor does not lengthen the data); their rows are bounded.
pub(super) fn decoded(
    data: &[u8],
    len: usize,
    coding: &Coding,
    budget: &mut Budget,
    keep: bool,
) -> Result<Option<Vec<u8>>, ReportError> {
    let raw = &data[..len.min(data.len())];
    let row = coding.predictor_row()?;
    let filters = coding.filters.as_deref().unwrap_or_default();
    let mut layer: Option<Vec<u8>> = None;
    for (n, filter) in filters.iter().enumerate() {
        match filter.as_slice() {
            b"FlateDecode" => {
                let input = layer.as_deref().unwrap_or(data);
                // Every layer but the last is the next one's input.
                let needed = keep || n + 1 < filters.len();
                let (bytes, size) = budget.inflate(input, len, coding.image, needed)?;
                if row.is_some_and(|row| row > size.max(MAX_EMPTY_ROW)) {
                    return Err(bad_predictor());
                }
                layer = Some(bytes);
            }
            b"LZWDecode" | b"ASCII85Decode" => return Err(unknown_filter(filter)),
            // lopdf stops at a filter it does not know; the parsers read raw data.
            _ => return Ok(keep.then(|| raw.to_vec())),
        }
    }
    Ok(keep.then(|| layer.unwrap_or_else(|| raw.to_vec())))
}

fn bad_predictor() -> ReportError {
    ReportError::TooLarge(
        "PDF 中一段内容的解码参数异常（每行的像素或颜色数大得不合理），读取时会占用过多内存，文件结构异常，已拒绝读取"
            .into(),
    )
}
