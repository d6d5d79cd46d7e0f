//! `.xlsb` short cell records, made readable.
//!
//! Excel (and SheetJS) write a cell whose column follows the previous cell's as a
//! compact "short" record (MS-XLSB BrtShortBlank … BrtShortIsst, record types
//! 12–18): the full cell record (types 1–7) without its leading 4-byte column.
//! calamine 0.38 skips short records without an error, so such a sheet would be
//! read with most values missing. Before calamine sees the workbook, jixiao
//! rewrites every short record into its full form, in memory.

use std::io::{Cursor, Read, Write};

/// Record types of the short cell records (MS-XLSB 2.3.2); type − 11 is the full one.
const SHORT_CELLS: std::ops::RangeInclusive<u32> = 12..=18;
/// Full cell records (BrtCellBlank … BrtFmlaError), whose payload starts with the column.
const FULL_CELLS: std::ops::RangeInclusive<u32> = 1..=11;
/// BrtRowHdr: a new row starts.
const ROW_HEADER: u32 = 0;
/// The most a worksheet part is inflated to (calamine holds as much itself).
const MAX_PART: u64 = 256 << 20;

/// One BIFF12 record: its type and payload.
struct Record<'a> {
    typ: u32,
    payload: &'a [u8],
}

/// The records of a BIFF12 stream (type and size are 7-bit varints); stops at a
/// truncated record.
fn records(data: &[u8]) -> impl Iterator<Item = Record<'_>> + '_ {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let mut varint = |max_bytes: usize| -> Option<u32> {
            let mut value = 0u32;
            for k in 0..max_bytes {
                let b = *data.get(i)?;
                i += 1;
                value |= u32::from(b & 0x7F) << (7 * k);
                if b & 0x80 == 0 {
                    break;
                }
            }
            Some(value)
        };
        let typ = varint(2)?;
        let size = varint(4)? as usize;
        let payload = data.get(i..i.checked_add(size)?)?;
        i += size;
        Some(Record { typ, payload })
    })
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let b = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn push_record(out: &mut Vec<u8>, typ: u32, parts: &[&[u8]]) {
    push_varint(out, typ);
    push_varint(out, parts.iter().map(|p| p.len() as u32).sum());
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// A worksheet stream with its short cell records expanded; `None` when it has none.
fn expand_sheet(data: &[u8]) -> Option<Vec<u8>> {
    if !records(data).any(|r| SHORT_CELLS.contains(&r.typ)) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 4);
    let mut last_col: Option<u32> = None;
    for r in records(data) {
        if r.typ == ROW_HEADER {
            last_col = None;
        }
        if FULL_CELLS.contains(&r.typ) && r.payload.len() >= 4 {
            last_col = Some(u32::from_le_bytes(
                r.payload[..4].try_into().expect("4 bytes"),
            ));
        }
        if SHORT_CELLS.contains(&r.typ) {
            let col = last_col.map_or(0, |c| c + 1);
            last_col = Some(col);
            push_record(&mut out, r.typ - 11, &[&col.to_le_bytes(), r.payload]);
        } else {
            push_record(&mut out, r.typ, &[r.payload]);
        }
    }
    Some(out)
}

/// The `.xlsb` package with every short cell record of its worksheets expanded, or
/// `None` when there is nothing to expand (or the package cannot be read, which
/// calamine will then report).
pub fn expand_short_cells(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::with_capacity(zip.len());
    let mut changed = false;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.into_owned();
        let mut data = Vec::new();
        entry.take(MAX_PART).read_to_end(&mut data).ok()?;
        if name.starts_with("xl/worksheets/") && name.ends_with(".bin") {
            if let Some(expanded) = expand_sheet(&data) {
                data = expanded;
                changed = true;
            }
        }
        parts.push((name, data));
    }
    if !changed {
        return None;
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() * 2)));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, data) in parts {
        out.start_file(name, stored).ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_records_gain_the_next_column() {
        // Row 0; BrtCellSt at column 0 (col, style, "A"); BrtShortReal (style, 1.5);
        // BrtShortSt (style, "B").
        let mut sheet = Vec::new();
        push_record(&mut sheet, 0, &[&[0u8; 25]]);
        push_record(
            &mut sheet,
            6,
            &[
                &0u32.to_le_bytes(),
                &[0; 4],
                &1u32.to_le_bytes(),
                &[b'A', 0],
            ],
        );
        push_record(&mut sheet, 16, &[&[0; 4], &1.5f64.to_le_bytes()]);
        push_record(&mut sheet, 17, &[&[0; 4], &1u32.to_le_bytes(), &[b'B', 0]]);
        let out = expand_sheet(&sheet).unwrap();
        let recs: Vec<(u32, Vec<u8>)> =
            records(&out).map(|r| (r.typ, r.payload.to_vec())).collect();
        assert_eq!(recs[2].0, 5, "BrtShortReal → BrtCellReal");
        assert_eq!(&recs[2].1[..4], &1u32.to_le_bytes(), "column 1");
        assert_eq!(recs[3].0, 6, "BrtShortSt → BrtCellSt");
        assert_eq!(&recs[3].1[..4], &2u32.to_le_bytes(), "column 2");
        assert!(expand_sheet(&out).is_none(), "nothing left to expand");
    }

    #[test]
    fn varints_round_trip() {
        for v in [0u32, 1, 127, 128, 300, 16_383] {
            let mut buf = Vec::new();
            push_varint(&mut buf, v);
            push_varint(&mut buf, 0);
            assert_eq!(records(&buf).next().map(|r| r.typ), Some(v), "{v}");
        }
    }
}
