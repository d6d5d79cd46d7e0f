//! A pass over an `.xls` file's OLE sector chains before calamine opens it.
//!
//! An OLE compound file stores each stream as a chain of sectors, each sector's
//! successor in the file allocation table (FAT). calamine follows a chain until its
//! end mark or until it has the stream's declared length; it does not notice a chain
//! that comes back on itself. A 12 KB `.xls` whose directory chain loops made it
//! read the same sector for ever, memory growing until the process was killed
//! (issue 24: 23.8 GB). This pass walks, the way calamine will, every chain calamine
//! follows when it opens an `.xls` — the DIFAT, the directory, the mini stream and
//! its table, and the streams calamine reads — and refuses the file when a chain
//! takes more steps than the file has sectors, which only a loop can.
//!
//! A file this pass cannot follow (no OLE signature, a sector past the end) is left
//! to calamine, which refuses it with its own words.

use super::ReadError;

const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector numbers from here up are marks, not sectors (calamine's `RESERVED_SECTORS`).
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_CUTOFF: u64 = 4096;
/// The streams calamine reads when it opens an `.xls`, matched as calamine matches
/// them (ASCII case ignored, the first entry of the name).
const STREAMS: &[&str] = &[
    "Workbook",
    "Book",
    "\u{5}SummaryInformation",
    "\u{5}DocumentSummaryInformation",
];

/// A chain that does not end within the file: the technical detail.
struct Loop(String);

fn looping(what: &str) -> Loop {
    Loop(format!(
        "OLE: the {what} sector chain loops (more steps than the file has sectors)"
    ))
}

/// The file as calamine sees it: sectors after a header of one sector, numbered up
/// to `max_id` (calamine's `len / sector_size`).
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    max_id: u32,
}

impl Sectors<'_> {
    /// Sector `id`'s bytes (fewer at the end of the file); `None` past `max_id`,
    /// where calamine stops with an error.
    fn get(&self, id: u32) -> Option<&[u8]> {
        if id > self.max_id {
            return None;
        }
        let start = (id as usize + 1).saturating_mul(self.size);
        let end = start.saturating_add(self.size).min(self.bytes.len());
        Some(self.bytes.get(start..end).unwrap_or(&[]))
    }
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Follow a chain from `start` through `table` as calamine's `get_chain` does,
/// `size` bytes a sector, until its end mark, `len` bytes, or a sector calamine
/// refuses. A chain of more than `max_id + 1` steps has passed some sector twice:
/// it loops, and calamine would follow it until it had `len` bytes, or for ever.
fn walk(start: u32, table: &[u32], size: u64, max_id: u32, len: u64) -> Result<Vec<u32>, ()> {
    let mut chain = Vec::new();
    let mut id = start;
    let mut got = 0u64;
    while id != END_OF_CHAIN && id <= max_id {
        if chain.len() as u64 > u64::from(max_id) {
            return Err(());
        }
        chain.push(id);
        got = got.saturating_add(size);
        if got >= len {
            break;
        }
        match table.get(id as usize) {
            Some(&next) => id = next,
            None => break,
        }
    }
    Ok(chain)
}

/// Refuse an `.xls` (an OLE compound file) with a sector chain that loops.
pub fn check(bytes: &[u8]) -> Result<(), ReadError> {
    chains(bytes).map_err(|Loop(detail)| ReadError::Damaged {
        reason: "文件已损坏：文件内部的扇区链成环或过长，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再报送"
            .into(),
        detail,
    })
}

fn chains(bytes: &[u8]) -> Result<(), Loop> {
    if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
        return Ok(());
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let size: usize = match u16_at(30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(()),
    };
    if u16_at(32) != 6 || bytes.len() < size {
        return Ok(());
    }
    let version = u16_at(26);
    let (dir_start, mini_fat_start, mini_fat_len, difat_start) =
        (u32_at(48), u32_at(60), u64::from(u32_at(64)), u32_at(68));
    let sectors = Sectors {
        bytes,
        size,
        max_id: u32::try_from(bytes.len() / size).unwrap_or(u32::MAX),
    };
    let max_id = sectors.max_id;
    let steps = u64::from(max_id) + 1;

    // The DIFAT: the header's 109 FAT sector numbers, then its own chain, whose
    // length calamine bounds itself.
    let mut difat: Vec<u32> = u32s(&bytes[76..512]).collect();
    let mut id = difat_start;
    let mut read = 0u64;
    while id < RESERVED {
        read += 1;
        let Some(sector) = sectors.get(id).filter(|_| read <= steps) else {
            return Ok(());
        };
        difat.extend(u32s(sector));
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    // Each FAT sector is read as listed, repeats included: a file listing more FAT
    // sectors than it has would have calamine build a table larger than the file
    // (a 10 MB file, a 1.3 GB table).
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > steps {
        return Err(Loop(format!(
            "OLE: the DIFAT lists {} FAT sectors, the file has {steps}",
            fat_sectors.len()
        )));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        let Some(sector) = sectors.get(id) else {
            return Ok(());
        };
        fat.extend(u32s(sector));
    }
    let size64 = size as u64;
    let directory =
        walk(dir_start, &fat, size64, max_id, u64::MAX).map_err(|()| looping("directory"))?;
    let entries: Vec<(String, u32, u64)> = directory
        .iter()
        .filter_map(|&id| sectors.get(id))
        .flat_map(|s| s.chunks_exact(128))
        .map(|e| entry(e, size))
        .collect();
    let Some(&(_, root_start, root_len)) = entries.first() else {
        return Ok(());
    };
    if version != 3 && root_start == END_OF_CHAIN {
        return Ok(());
    }
    let mut mini_fat = Vec::new();
    if mini_fat_len > 0 {
        walk(root_start, &fat, size64, max_id, root_len).map_err(|()| looping("mini stream"))?;
        let table = walk(mini_fat_start, &fat, size64, max_id, mini_fat_len * size64)
            .map_err(|()| looping("mini FAT"))?;
        mini_fat = table
            .iter()
            .filter_map(|&id| sectors.get(id))
            .flat_map(u32s)
            .collect();
    }
    for name in STREAMS {
        let Some((_, start, len)) = entries
            .iter()
            .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            continue;
        };
        let walked = if *len < MINI_CUTOFF {
            walk(*start, &mini_fat, 64, max_id.saturating_mul(8), *len)
        } else {
            walk(*start, &fat, size64, max_id, *len)
        };
        walked.map_err(|()| looping(&format!("{} stream", name.trim_start_matches('\u{5}'))))?;
    }
    Ok(())
}

/// A directory entry's name (cut at its first NUL, as calamine cuts it), first
/// sector and length.
fn entry(e: &[u8], sector_size: usize) -> (String, u32, u64) {
    let units: Vec<u16> = e[..64]
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(end) = name.find('\0') {
        name.truncate(end);
    }
    let start = u32::from_le_bytes([e[116], e[117], e[118], e[119]]);
    let len = if sector_size == 512 {
        u64::from(u32::from_le_bytes([e[120], e[121], e[122], e[123]]))
    } else {
        u64::from_le_bytes([
            e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127],
        ])
    };
    (name, start, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reader/13_旧格式.xls"
        ))
        .unwrap()
    }

    /// Reader fixture 13: one FAT sector (0), the directory in sectors 20 → 21,
    /// the Workbook stream in sectors 2 → … → 16 (read from its header and FAT by hand).
    fn set_fat(bytes: &mut [u8], sector: usize, next: u32) {
        let at = 512 + 4 * sector;
        bytes[at..at + 4].copy_from_slice(&next.to_le_bytes());
    }

    #[test]
    fn a_sound_file_passes() {
        assert!(chains(&fixture()).is_ok());
    }

    #[test]
    fn a_looping_directory_chain_is_refused() {
        let mut bytes = fixture();
        set_fat(&mut bytes, 21, 20);
        let err = check(&bytes).unwrap_err();
        assert!(err.to_string().contains("扇区链成环"), "{err}");
        assert!(err.detail().unwrap().contains("directory"));
    }

    #[test]
    fn a_stream_loop_matters_only_past_the_stream_length() {
        // Workbook's last sector back to its first: its 7,522 bytes are had before
        // the loop comes round, as calamine reads them.
        let mut bytes = fixture();
        set_fat(&mut bytes, 16, 2);
        assert!(chains(&bytes).is_ok());
        // With a length of 4 GiB the loop is followed for ever.
        let entry = 512 + 20 * 512 + 128 + 120;
        bytes[entry..entry + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = check(&bytes).unwrap_err();
        assert!(err.detail().unwrap().contains("Workbook"));
    }

    #[test]
    fn a_sector_past_the_end_is_left_to_calamine() {
        let mut bytes = fixture();
        set_fat(&mut bytes, 20, 1_000_000);
        assert!(chains(&bytes).is_ok());
    }
}
