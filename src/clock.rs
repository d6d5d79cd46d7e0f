//! Dates and times as a Chinese finance bureau writes them, in Beijing time
//! (UTC+8): the 审核日期 of a converted form, a file's modification time in a
//! DUP-DEPT message. No time-zone database is needed for one fixed offset.

/// Seconds east of UTC: Beijing time.
const OFFSET: i64 = 8 * 3600;

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01, proleptic Gregorian.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A Beijing-time date and the seconds into that day → seconds since the epoch.
pub fn from_beijing(y: i64, m: u32, d: u32, seconds: i64) -> i64 {
    days_from_civil(y, m, d) * 86_400 + seconds - OFFSET
}

/// Seconds since the Unix epoch now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2026年11月24日` for a time (seconds since the epoch).
pub fn date_cn(secs: i64) -> String {
    let (y, m, d) = civil_from_days((secs + OFFSET).div_euclid(86_400));
    format!("{y}年{m}月{d}日")
}

/// `2026-11-24 09:05` for a time (seconds since the epoch).
pub fn date_time(secs: i64) -> String {
    let local = secs + OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let minutes = local.rem_euclid(86_400) / 60;
    format!("{y}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// A file's modification time, seconds since the epoch.
pub fn modified(path: &std::path::Path) -> Option<i64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-11-24 is day 20,781: 56 years with 14 leap days = 20,454 days to
        // 2026-01-01, plus 327 days to 24 November.
        assert_eq!(civil_from_days(20_781), (2026, 11, 24));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        // 2026-11-23 16:30 UTC is 2026-11-24 00:30 in Beijing.
        let t = 20_780 * 86_400 + 16 * 3600 + 30 * 60;
        assert_eq!(date_time(t), "2026-11-24 00:30");
        assert_eq!(date_cn(t), "2026年11月24日");
        for days in [0, 19_782, 20_781, -1, 11_016] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(from_beijing(2026, 11, 24, 30 * 60), t);
    }
}
