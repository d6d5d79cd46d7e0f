//! Zip files written by hand: any names (doubled ones too), any sizes, fixed
//! dates, so that the same parts give the same bytes.

use super::deflate::{crc32, raw};

/// One entry of a zip written by hand: name, method (0 stored, 8 deflated),
/// data as stored, CRC-32 and size of the content.
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u32,
}

impl Entry {
    /// An entry stored as it is.
    pub fn stored(name: String, content: &[u8]) -> Entry {
        Entry {
            name,
            method: 0,
            data: content.to_vec(),
            crc: crc32(content),
            size: content.len() as u32,
        }
    }
}

/// A zip of these entries (UTF-8 names, fixed dates).
pub fn zip_raw(entries: &[Entry]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = body.len() as u32;
        let name = e.name.as_bytes();
        let head = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend(e.method.to_le_bytes());
            h.extend([0, 0, 0x21, 0]); // time, date (1980-01-01)
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            h
        };
        body.extend(head(0x0403_4B50, false));
        body.extend(name);
        body.extend(&e.data);
        central.extend(head(0x0201_4B50, true));
        central.extend([0; 10]); // comment, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let count = entries.len().min(0xFFFF) as u16;
    let mut out = body;
    let central_at = out.len() as u32;
    let central_len = central.len() as u32;
    out.extend(central);
    out.extend(0x0605_4B50u32.to_le_bytes());
    out.extend([0; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_len.to_le_bytes());
    out.extend(central_at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The entries of a zip as stored (compressed data, CRC, size); none if it is not
/// a readable zip.
fn stored_entries(bytes: &[u8]) -> Vec<Entry> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let Ok(mut e) = zip.by_index_raw(i) else {
            continue;
        };
        let method = match e.compression() {
            zip::CompressionMethod::Stored => 0,
            zip::CompressionMethod::Deflated => 8,
            _ => continue,
        };
        let (name, crc, size) = (
            e.name().map(|n| n.to_string()).unwrap_or_default(),
            e.crc32(),
            e.size() as u32,
        );
        let mut data = Vec::new();
        if e.read_to_end(&mut data).is_ok() {
            out.push(Entry {
                name,
                method,
                data,
                crc,
                size,
            });
        }
    }
    out
}

/// A zip container of these parts, in this order: a part unchanged from
/// `original` (same name and content) keeps its compressed bytes, any other is
/// deflated anew.
pub fn zip(original: &[u8], parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let stored = stored_entries(original);
    let entries: Vec<Entry> = parts
        .iter()
        .map(|(name, data)| {
            let crc = crc32(data);
            let same = stored
                .iter()
                .find(|e| e.name == *name && e.crc == crc && e.size as usize == data.len());
            match same {
                Some(e) => Entry {
                    name: name.clone(),
                    method: e.method,
                    data: e.data.clone(),
                    crc,
                    size: e.size,
                },
                None => Entry {
                    name: name.clone(),
                    method: 8,
                    data: raw(data),
                    crc,
                    size: data.len() as u32,
                },
            }
        })
        .collect();
    zip_raw(&entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_as_written() {
        let parts = vec![
            ("[Content_Types].xml".to_string(), b"<Types/>".to_vec()),
            (
                "xl/表.xml".to_string(),
                "<a>一</a>".repeat(1000).into_bytes(),
            ),
            ("xl/空.xml".to_string(), Vec::new()),
        ];
        let bytes = zip(&[], &parts);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(zip.len(), 3);
        for (i, (name, data)) in parts.iter().enumerate() {
            let mut e = zip.by_index(i).unwrap();
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut back).unwrap();
            assert_eq!((e.name().unwrap().as_ref(), &back), (name.as_str(), data));
        }
    }
}
