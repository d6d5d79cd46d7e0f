//! A guard for `.xlsb`: calamine 0.38 skips the compact "short" cell records of
//! MS-XLSB (BrtShortBlank … BrtShortIsst, record types 12–18, which Excel and
//! SheetJS write for cells whose column follows the previous one) without an
//! error, so such a sheet would be read with values missing. Rather than report
//! silently wrong figures, a workbook holding them is refused with a reason.

use std::io::{Cursor, Read};

/// Record types of the short cell records (MS-XLSB 2.3.2).
const SHORT_CELLS: std::ops::RangeInclusive<u32> = 12..=18;

/// Whether any worksheet part of the `.xlsb` package holds a short cell record.
pub fn has_short_cells(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".bin"))
        .map(|n| n.into_owned())
        .collect();
    names.iter().any(|name| {
        let mut data = Vec::new();
        match zip.by_name(name) {
            Ok(entry) => {
                // Never inflate more than calamine itself would hold for a sheet.
                let _ = entry.take(256 << 20).read_to_end(&mut data);
            }
            Err(_) => return false,
        }
        let found = records(&data).any(|t| SHORT_CELLS.contains(&t));
        found
    })
}

/// The record types of a BIFF12 stream (type and size are 7-bit varints).
fn records(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
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
        i = i.checked_add(size)?;
        Some(typ)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_headers_are_varints() {
        // BrtRowHdr (0) size 2, BrtShortReal (16) size 1, BrtEndSheetData (0x92 → 0x92 0x01) size 0.
        let data = [0x00, 0x02, 0xAA, 0xBB, 0x10, 0x01, 0xCC, 0x92, 0x01, 0x00];
        assert_eq!(records(&data).collect::<Vec<_>>(), vec![0, 16, 146]);
    }
}
