//! A look at an `.xlsx`'s shared-string table before calamine opens it.
//!
//! calamine reserves room for as many strings as the `uniqueCount` of
//! `<sst>` claims, before reading any: `uniqueCount="100000000000"` in an 11 KB
//! file made it ask for 2.4 TB and abort the process (issue 24). This pass reads
//! the part up to its `<sst>` tag and refuses a count that the part could not hold.

use super::ReadError;
use quick_xml::events::Event;
use std::io::{BufReader, Cursor};

/// The fewest bytes one string takes in the part (`<si/>`).
const MIN_STRING_BYTES: u64 = 5;

/// Counts up to this are let through whatever the part's size (calamine then
/// reserves at most 24 MB): some writers put the number of references there.
const ALWAYS_ALLOWED: u64 = 1_000_000;

/// Refuse a workbook (its zip opened) whose shared-string table claims more strings
/// than its bytes can hold. A file this pass cannot follow is left to calamine,
/// which reports it.
pub fn check(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
    // By name from the directory first: no part is opened that is not the table.
    let tables: Vec<usize> = (0..zip.len())
        .filter(|&i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        })
        .collect();
    for i in tables {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let name = part.name().unwrap_or_default().to_string();
        let size = part.size();
        // The tag is at the start: read a little at a time.
        let Some(count) = unique_count(BufReader::with_capacity(512, part)) else {
            continue;
        };
        if count > ALWAYS_ALLOWED && count > size / MIN_STRING_BYTES {
            return Err(ReadError::Damaged {
                reason: format!(
                    "文件已损坏：共享字符串表声明有 {count} 个字符串，远超其 {} 所能容纳，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再报送",
                    crate::limits::mib(size)
                ),
                detail: format!("{name}: <sst uniqueCount=\"{count}\"> in a part of {size} bytes"),
            });
        }
    }
    Ok(())
}

/// The `uniqueCount` of the part's `<sst>` start tag, read as calamine reads it
/// (digits only); the events before the tag are passed over as calamine passes
/// over them.
fn unique_count<R: std::io::BufRead>(part: R) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let digits = e.try_get_attribute("uniqueCount").ok()??.value;
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                return digits.parse().ok();
            }
            Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_is_read_from_the_start_tag() {
        let part = br#"<?xml version="1.0"?><!-- x --><x:sst xmlns:x="m" count="9" uniqueCount="7"><x:si/></x:sst>"#;
        assert_eq!(unique_count(&part[..]), Some(7));
        assert_eq!(unique_count(&br#"<sst uniqueCount="1e11">"#[..]), None);
        assert_eq!(unique_count(&br#"<sst count="3">"#[..]), None);
    }
}
