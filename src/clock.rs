//! Dates and times as a Chinese finance bureau writes them, in Beijing time
//! (UTC+8): the 审核日期 of a converted form, a file's modification time in a
//! DUP-DEPT message, a date as a person types it (`--deadline 12月5日`,
//! [`WrittenDate`]). No time-zone database is needed for one fixed offset.

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

/// A calendar day (proleptic Gregorian), printed as `2026年12月5日`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 2000 to 2100 for a date a person typed.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

/// A date that cannot be read or does not exist: the reason and an example, in
/// Chinese (`没有 13 月：月份应为 1–12，例如 2026年12月5日`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

/// The forms a date may be written in, for messages.
pub const DATE_FORMS: &str = "2026-12-05、2026/12/5、2026年12月5日 或 12月5日";

/// Whether `year` has a 29 February.
pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1–12) in `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date that exists, with a year from 2000 to 2100; else why not.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(2000..=2100).contains(&year) {
            return Err(DateError(format!(
                "年份 {year} 不在 2000–2100 之间，例如 2026年12月5日"
            )));
        }
        check_month_day(month, day, Some(year))?;
        Ok(Date { year, month, day })
    }

    /// Today in Beijing time.
    pub fn today() -> Date {
        Date::at(now())
    }

    /// The Beijing-time date of a time (seconds since the epoch).
    pub fn at(secs: i64) -> Date {
        let (y, month, day) = civil_from_days((secs + OFFSET).div_euclid(86_400));
        Date {
            year: y as i32,
            month,
            day,
        }
    }
}

impl std::fmt::Display for Date {
    /// `2026年12月5日`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// A month and day that exist (in `year`, or in some year when none is given).
fn check_month_day(month: u32, day: u32, year: Option<i32>) -> Result<(), DateError> {
    if !(1..=12).contains(&month) {
        return Err(DateError(format!(
            "没有 {month} 月：月份应为 1–12，例如 2026年12月5日"
        )));
    }
    // Without a year, 2月29日 may exist (its year is decided later).
    let last = days_in_month(year.unwrap_or(2000), month);
    if day == 0 || day > last {
        let which = match year {
            Some(y) => format!("{y}年{month}月"),
            None => format!("{month}月"),
        };
        let example = match year {
            Some(y) => format!("{y}年{month}月{last}日"),
            None => format!("{month}月{last}日"),
        };
        return Err(DateError(format!(
            "{which}没有 {day} 日（只有 {last} 天），例如 {example}"
        )));
    }
    Ok(())
}

/// A date as a person types it: with its year (`2026-12-05`, `2026/12/5`,
/// `2026年12月5日`, `2026年12月5`), or a month and day only (`12月5日`), whose year
/// is decided against another date ([`WrittenDate::on_or_after`],
/// [`WrittenDate::in_year`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenDate {
    /// Year, month and day.
    Full(Date),
    /// `12月5日`: the year left to be decided.
    MonthDay {
        /// 1–12.
        month: u32,
        /// 1 to the month's last day in a leap year.
        day: u32,
    },
}

impl WrittenDate {
    /// Read a date. Full-width digits and spaces are allowed (`２０２６年 12 月 5 日`);
    /// anything else, or a day that does not exist (`2月30日`, `2026-02-29`), is
    /// refused with the reason and an example.
    pub fn parse(text: &str) -> Result<WrittenDate, DateError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '－' | '—' | '–' => '-',
                '／' => '/',
                other => other,
            })
            .collect();
        let wrong = || DateError(format!("日期应写成 {DATE_FORMS}"));
        let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
            if digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u32>().ok()
            } else {
                None
            }
        };
        if s.contains('月') {
            // [YYYY年]M月D[日|号]
            let (year, rest) = match s.split_once('年') {
                Some((y, rest)) => (Some(number(y, 4..=4).ok_or_else(wrong)?), rest),
                None => (None, s.as_str()),
            };
            let (month, day) = rest.split_once('月').ok_or_else(wrong)?;
            let day = day
                .strip_suffix('日')
                .or_else(|| day.strip_suffix('号'))
                .unwrap_or(day);
            let month = number(month, 1..=2).ok_or_else(wrong)?;
            let day = number(day, 1..=2).ok_or_else(wrong)?;
            return match year {
                Some(y) => Date::new(y as i32, month, day).map(WrittenDate::Full),
                None => {
                    check_month_day(month, day, None)?;
                    Ok(WrittenDate::MonthDay { month, day })
                }
            };
        }
        let parts: Vec<&str> = match ['-', '/', '.'].into_iter().find(|c| s.contains(*c)) {
            Some(sep) => s.split(sep).collect(),
            // 20261205
            None if s.len() == 8 => vec![&s[..4], &s[4..6], &s[6..]],
            None => return Err(wrong()),
        };
        match parts[..] {
            [y, m, d] => {
                let y = number(y, 4..=4).ok_or_else(wrong)?;
                let m = number(m, 1..=2).ok_or_else(wrong)?;
                let d = number(d, 1..=2).ok_or_else(wrong)?;
                Date::new(y as i32, m, d).map(WrittenDate::Full)
            }
            _ => Err(wrong()),
        }
    }

    /// The date, a month and day taken in `year`.
    pub fn in_year(self, year: i32) -> Result<Date, DateError> {
        match self {
            WrittenDate::Full(date) => Ok(date),
            WrittenDate::MonthDay { month, day } => Date::new(year, month, day),
        }
    }

    /// The date, a month and day taken as the first such day on or after
    /// `reference`: in its year, or in the next year when that day of its year has
    /// passed (`12月5日` after 2026-11-30 is 2026年12月5日, after 2026-12-06 it is
    /// 2027年12月5日). A full date is kept as written, even before `reference`.
    pub fn on_or_after(self, reference: Date) -> Result<Date, DateError> {
        match self {
            WrittenDate::Full(date) => Ok(date),
            WrittenDate::MonthDay { month, day } => {
                let passed = (month, day) < (reference.month, reference.day);
                let year = reference.year + i32::from(passed);
                Date::new(year, month, day)
            }
        }
    }
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

    #[test]
    fn written_dates_in_every_accepted_form() {
        let d = |y, m, d| WrittenDate::Full(Date::new(y, m, d).unwrap());
        for text in [
            "2026-12-05",
            "2026-12-5",
            "2026/12/5",
            "2026.12.05",
            "20261205",
            "2026年12月5日",
            "2026年12月5",
            "2026年12月05日",
            " ２０２６年 12 月 5 日 ",
        ] {
            assert_eq!(WrittenDate::parse(text), Ok(d(2026, 12, 5)), "{text}");
        }
        let md = WrittenDate::MonthDay { month: 12, day: 5 };
        for text in ["12月5日", "12月5", "12月05日", "12月5号"] {
            assert_eq!(WrittenDate::parse(text), Ok(md), "{text}");
        }
        assert_eq!(Date::new(2026, 12, 5).unwrap().to_string(), "2026年12月5日");
    }

    #[test]
    fn wrong_and_impossible_dates_are_refused_with_an_example() {
        for text in [
            "",
            "明天",
            "12-05",
            "12/5",
            "2026-12",
            "26-12-05",
            "2026-12-05-01",
            "2026年12月",
            "2026年月5日",
            "2026-12/05",
            "2026-1x-05",
            "5日",
        ] {
            let e = WrittenDate::parse(text).unwrap_err().0;
            assert!(e.starts_with("日期应写成 2026-12-05"), "{text}: {e}");
        }
        let e = |text| WrittenDate::parse(text).unwrap_err().0;
        assert_eq!(
            e("2026-13-01"),
            "没有 13 月：月份应为 1–12，例如 2026年12月5日"
        );
        assert_eq!(e("0月5日"), "没有 0 月：月份应为 1–12，例如 2026年12月5日");
        assert_eq!(e("2月30日"), "2月没有 30 日（只有 29 天），例如 2月29日");
        assert_eq!(e("4月31日"), "4月没有 31 日（只有 30 天），例如 4月30日");
        assert_eq!(
            e("2026-11-0"),
            "2026年11月没有 0 日（只有 30 天），例如 2026年11月30日"
        );
        assert_eq!(
            e("1999-12-05"),
            "年份 1999 不在 2000–2100 之间，例如 2026年12月5日"
        );
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2024) && is_leap(2000) && !is_leap(2100) && !is_leap(2026));
        assert_eq!(
            WrittenDate::parse("2024-02-29"),
            Ok(WrittenDate::Full(Date::new(2024, 2, 29).unwrap()))
        );
        assert_eq!(
            WrittenDate::parse("2026年2月29日").unwrap_err().0,
            "2026年2月没有 29 日（只有 28 天），例如 2026年2月28日"
        );
        assert!(WrittenDate::parse("2100-02-29").is_err());
        assert!(WrittenDate::parse("2000-02-29").is_ok());
        // 2月29日 without a year: accepted, its year decides.
        let feb29 = WrittenDate::parse("2月29日").unwrap();
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(feb29.on_or_after(day(2027, 11, 30)), Ok(day(2028, 2, 29)));
        assert_eq!(feb29.on_or_after(day(2024, 1, 10)), Ok(day(2024, 2, 29)));
        assert_eq!(
            feb29.on_or_after(day(2026, 1, 10)).unwrap_err().0,
            "2026年2月没有 29 日（只有 28 天），例如 2026年2月28日"
        );
        assert!(feb29.in_year(2026).is_err());
        assert_eq!(feb29.in_year(2028), Ok(day(2028, 2, 29)));
    }

    #[test]
    fn a_month_and_day_roll_over_to_the_next_year_once_passed() {
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        let dec5 = WrittenDate::MonthDay { month: 12, day: 5 };
        assert_eq!(dec5.on_or_after(day(2026, 11, 30)), Ok(day(2026, 12, 5)));
        // The same day is not passed.
        assert_eq!(dec5.on_or_after(day(2026, 12, 5)), Ok(day(2026, 12, 5)));
        assert_eq!(dec5.on_or_after(day(2026, 12, 6)), Ok(day(2027, 12, 5)));
        let jan10 = WrittenDate::MonthDay { month: 1, day: 10 };
        assert_eq!(jan10.on_or_after(day(2026, 12, 20)), Ok(day(2027, 1, 10)));
        // A full date is kept, even when it is earlier.
        let full = WrittenDate::Full(day(2025, 12, 5));
        assert_eq!(full.on_or_after(day(2026, 11, 30)), Ok(day(2025, 12, 5)));
        assert_eq!(dec5.in_year(2030), Ok(day(2030, 12, 5)));
        // 2100 is the last year: 12月5日 after 2100-12-06 has none.
        assert!(dec5.on_or_after(day(2100, 12, 6)).is_err());
    }

    #[test]
    fn today_is_the_beijing_date() {
        // 2026-11-23 16:30 UTC is 2026-11-24 00:30 in Beijing.
        let t = 20_780 * 86_400 + 16 * 3600 + 30 * 60;
        assert_eq!(Date::at(t), Date::new(2026, 11, 24).unwrap());
        assert_eq!(Date::at(t).to_string(), date_cn(t));
        assert_eq!(Date::today().to_string(), date_cn(now()));
    }
}
