//! `jixiao.toml`, the settings file beside the inbox: what a bureau writes once
//! (区名, 财政局名称, 联系人, 电话, 截止日期, 方案, 版式, 容差) instead of on every
//! command line. It is the first input folder's [`SETTINGS_FILE`]
//! ([`jixiao::collect::settings_file`]; the collector does not list it as an
//! input), read before any form, and a command-line option always wins over it.
//! A malformed file stops the run with the file, the line and a hint.
//!
//! Worker processes read it again from the same command line (same inputs, same
//! folder), so that they use the same scheme, layouts and tolerances.

use crate::cli::{BatchArgs, BuildArgs};
use anyhow::{anyhow, Result};
use jixiao::clock::{Date, DateError, WrittenDate};
use jixiao::collect::SETTINGS_FILE;
use jixiao::write::feedback::{Feedback, Sender};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::{Spanned, Value};

/// Every key, for the hint on an unknown one.
const KEYS: &str =
    "区名、财政局名称、联系人、电话、截止日期、方案、版式，以及 [容差] 中的 金额、比率、得分";

/// The file as written (keys in Chinese).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "区名")]
    district: Option<String>,
    #[serde(rename = "财政局名称")]
    bureau: Option<String>,
    #[serde(rename = "联系人")]
    contact: Option<String>,
    #[serde(rename = "电话")]
    phone: Option<String>,
    /// A string (`"12月5日"`) or a TOML date (`2026-12-05`, unquoted).
    #[serde(rename = "截止日期")]
    deadline: Option<Spanned<Value>>,
    #[serde(rename = "方案")]
    scheme: Option<String>,
    #[serde(rename = "版式")]
    layouts: Option<Vec<String>>,
    #[serde(rename = "容差")]
    tolerances: Option<RawTolerances>,
}

/// `[容差]`: numbers (`0.05`) or numeric strings (`"0.05"`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTolerances {
    #[serde(rename = "金额")]
    money: Option<Spanned<Value>>,
    #[serde(rename = "比率")]
    rate: Option<Spanned<Value>>,
    #[serde(rename = "得分")]
    score: Option<Spanned<Value>>,
}

/// A settings file, read and checked; an empty text counts as not given. Paths are
/// resolved against the file's folder.
#[derive(Debug, Default)]
pub struct Settings {
    /// The file (None: there is none).
    pub path: Option<PathBuf>,
    /// Its text, for the line of a value found wrong later (the deadline).
    text: String,
    /// 区名.
    pub district: Option<String>,
    /// 财政局名称.
    pub bureau: Option<String>,
    /// 联系人.
    pub contact: Option<String>,
    /// 电话.
    pub phone: Option<String>,
    /// 截止日期, with its byte offset in the file.
    pub deadline: Option<(WrittenDate, usize)>,
    /// 方案.
    pub scheme: Option<PathBuf>,
    /// 版式.
    pub layouts: Vec<PathBuf>,
    /// 容差.金额 (万元).
    pub money: Option<Decimal>,
    /// 容差.比率 (百分点).
    pub rate: Option<Decimal>,
    /// 容差.得分 (分).
    pub score: Option<Decimal>,
}

impl Settings {
    /// Read and check the settings file at `path`.
    pub fn read(path: &Path) -> Result<Settings> {
        let text = jixiao::plain::read_settings(path, "设置文件").map_err(|e| anyhow!(e.0))?;
        let shown = path.display();
        let lenient = Lenient::new(&text);
        let raw: Raw = toml::from_str(&lenient.text).map_err(|e| {
            let hint = jixiao::plain::toml_error(&e, &lenient.text);
            let hint = hint.split_once("\n  ").map_or(hint.as_str(), |(_, h)| h);
            let hint = if e.message().contains("invalid unquoted key") {
                "中文名称请写在一行的开头（如 [容差] 的下一行写 金额 = 0.05），或用英文双引号括起来"
            } else {
                hint
            };
            let place = match e.span() {
                Some(span) => lenient.place(&text, span.start),
                None => String::new(),
            };
            let mut m = format!("设置文件 {shown} 格式错误，{place}\n  {hint}");
            if e.message().contains("unknown field") {
                m.push_str(&format!("\n  设置文件可用的名称：{KEYS}"));
            }
            anyhow!(m)
        })?;
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut s = Settings {
            path: Some(path.to_path_buf()),
            district: given(raw.district),
            bureau: given(raw.bureau),
            contact: given(raw.contact),
            phone: given(raw.phone),
            scheme: given(raw.scheme).map(|p| folder.join(p)),
            layouts: (raw.layouts.unwrap_or_default().into_iter())
                .filter_map(|p| given(Some(p)))
                .map(|p| folder.join(p))
                .collect(),
            ..Settings::default()
        };
        s.text = text;
        if let Some(v) = raw.deadline {
            let at = v.span().start;
            let at = lenient.original(at);
            let date = match v.get_ref() {
                Value::String(t) if t.trim().is_empty() => None,
                Value::String(t) => Some(WrittenDate::parse(t).map_err(|e| s.error_at(at, &e.0))?),
                Value::Datetime(dt) => match (dt.date, dt.time) {
                    (Some(d), None) => Some(
                        Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                            .map(WrittenDate::Full)
                            .map_err(|e| s.error_at(at, &e.0))?,
                    ),
                    _ => return Err(s.error_at(at, "截止日期只写日期，不写时间，例如 截止日期 = \"2026年12月5日\"")),
                },
                _ => {
                    return Err(s.error_at(
                        at,
                        "截止日期要写成带英文双引号的日期，例如 截止日期 = \"2026年12月5日\" 或 \"12月5日\"",
                    ))
                }
            };
            s.deadline = date.map(|d| (d, at));
        }
        if let Some(t) = raw.tolerances {
            s.money = s.tolerance(t.money, "金额", "万元", &lenient)?;
            s.rate = s.tolerance(t.rate, "比率", "百分点", &lenient)?;
            s.score = s.tolerance(t.score, "得分", "分", &lenient)?;
        }
        Ok(s)
    }

    /// A tolerance: a number not below zero.
    fn tolerance(
        &self,
        v: Option<Spanned<Value>>,
        key: &str,
        unit: &str,
        lenient: &Lenient,
    ) -> Result<Option<Decimal>> {
        let Some(v) = v else { return Ok(None) };
        let at = lenient.original(v.span().start);
        let n = match v.get_ref() {
            Value::Integer(i) => Some(Decimal::from(*i)),
            Value::Float(f) => jixiao::num::from_f64(*f),
            Value::String(t) => t.trim().parse().ok(),
            _ => None,
        };
        match n {
            Some(n) if !n.is_sign_negative() => Ok(Some(n)),
            Some(_) => {
                Err(self.error_at(at, &format!("容差不能为负数，例如 {key} = 0.01（{unit}）")))
            }
            None => Err(self.error_at(at, &format!("容差要写成数字，例如 {key} = 0.01（{unit}）"))),
        }
    }

    /// A wrong value at byte `at` of the file: the file, the line and the reason.
    fn error_at(&self, at: usize, reason: &str) -> anyhow::Error {
        let shown = self.path.as_deref().unwrap_or(Path::new(SETTINGS_FILE));
        let (place, _) = jixiao::plain::at(&self.text, at);
        anyhow!("设置文件 {} {place}\n  {reason}", shown.display())
    }
}

/// The file's text with its Chinese keys quoted, as TOML wants them (`区名 = …` →
/// `"区名" = …`, `[容差]` → `["容差"]`): a bureau writes them bare. Only keys at the
/// start of a line are quoted; a file with multi-line strings is left as written.
struct Lenient {
    text: String,
    /// Per line, the byte offsets (in `text`) of the quotes added.
    added: Vec<Vec<usize>>,
}

impl Lenient {
    fn new(original: &str) -> Lenient {
        let mut out = Lenient {
            text: String::with_capacity(original.len() + 64),
            added: Vec::new(),
        };
        let multiline = original.contains("\"\"\"") || original.contains("'''");
        for line in original.split_inclusive('\n') {
            let start = out.text.len();
            let mut added = Vec::new();
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            // The key part: inside `[…]`, or before `=`.
            let key = if multiline || body.starts_with("[[") {
                None
            } else if let Some(inner) = body.strip_prefix('[') {
                inner.find(']').map(|end| (1, 1 + end))
            } else {
                body.find('=').map(|end| (0, end))
            };
            let bare = |k: &str| {
                !k.is_empty()
                    && !k.is_ascii()
                    && !k.contains(|c: char| c.is_whitespace() || "\"'#[]{}=".contains(c))
            };
            // Every part of a dotted key bare Chinese, ASCII or already quoted.
            let fits = |k: &str| {
                !k.is_ascii()
                    && k.split('.').all(|p| {
                        let p = p.trim();
                        bare(p)
                            || !p.is_empty() && p.is_ascii()
                            || p.len() > 1 && p.starts_with('"') && p.ends_with('"')
                    })
            };
            match key {
                Some((from, to)) if fits(&body[from..to]) => {
                    out.text.push_str(indent);
                    out.text.push_str(&body[..from]);
                    for (i, part) in body[from..to].split('.').enumerate() {
                        if i > 0 {
                            out.text.push('.');
                        }
                        let lead = &part[..part.len() - part.trim_start().len()];
                        let word = part.trim();
                        let tail = &part[lead.len() + word.len()..];
                        out.text.push_str(lead);
                        if !bare(word) {
                            out.text.push_str(word);
                        } else {
                            added.push(out.text.len() - start);
                            out.text.push('"');
                            out.text.push_str(word);
                            added.push(out.text.len() - start);
                            out.text.push('"');
                        }
                        out.text.push_str(tail);
                    }
                    out.text.push_str(&body[to..]);
                }
                _ => out.text.push_str(line),
            }
            out.added.push(added);
        }
        out
    }

    /// The offset in the original text of an offset in the quoted text.
    fn original(&self, offset: usize) -> usize {
        let mut line_start = 0;
        let mut shift = 0;
        for (line, added) in self.text.split_inclusive('\n').zip(&self.added) {
            if offset < line_start + line.len() {
                let within = offset - line_start;
                return offset - shift - added.iter().filter(|&&a| a < within).count();
            }
            line_start += line.len();
            shift += added.len();
        }
        offset.saturating_sub(shift)
    }

    /// “第 L 行第 C 列有误：…” for an offset in the quoted text, as written.
    fn place(&self, original: &str, offset: usize) -> String {
        jixiao::plain::at(original, self.original(offset)).0
    }
}

/// A text that says something (an empty or blank one says nothing), trimmed.
fn given(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Read the settings file of the inputs, if there is one, and fill in the batch
/// options the command line left out: 方案, 版式 (`--layouts` replaces the file's
/// list), 容差. `announce` names the file on stderr (not in worker processes).
pub fn apply(args: &mut BatchArgs, announce: bool) -> Result<Settings> {
    let Some(path) = jixiao::collect::settings_file(&args.inputs) else {
        return Ok(Settings::default());
    };
    let s = Settings::read(&path)?;
    if announce {
        eprintln!("设置文件：{}", path.display());
    }
    if args.scheme.is_none() {
        args.scheme = s.scheme.clone();
    }
    if args.layouts.is_empty() {
        args.layouts = s.layouts.clone();
    }
    args.tolerance_money = args.tolerance_money.or(s.money);
    args.tolerance_rate = args.tolerance_rate.or(s.rate);
    args.score_review = args.score_review.or(s.score);
    Ok(s)
}

/// `build`: [`apply`], then 区名 and what the converted forms print (审核日期,
/// 截止日期, the sender). A command-line option wins over the file, an empty one
/// (`--contact ""`) leaves the field empty. The bureau defaults to `{区名}财政局`.
pub fn apply_build(args: &mut BuildArgs) -> Result<Feedback> {
    let s = apply(&mut args.batch, true)?;
    args.district = pick(&args.district, &s.district);
    let today = Date::today();
    let review = match args.review_date {
        Some(w) => w
            .in_year(today.year)
            .map_err(|e| anyhow!("选项 --review-date 的值无效：{e}"))?,
        None => today,
    };
    // The deadline is checked against the review date only when forms are written.
    let deadline = match (args.deadline, &s.deadline) {
        (Some(w), _) => {
            Some(deadline(w, review).map_err(|e| anyhow!("选项 --deadline 的值无效：{e}"))?)
        }
        (None, Some((w, at))) if args.forms.is_some() => {
            Some(deadline(*w, review).map_err(|e| s.error_at(*at, &e.0))?)
        }
        _ => None,
    };
    let bureau = pick(&args.bureau, &s.bureau)
        .or_else(|| args.district.as_ref().map(|d| format!("{d}财政局")));
    Ok(Feedback {
        review_date: review.to_string(),
        deadline: deadline.map(|d| d.to_string()),
        sender: Sender {
            bureau,
            contact: pick(&args.contact, &s.contact),
            phone: pick(&args.phone, &s.phone),
        },
    })
}

/// A text option: the command line's when given (an empty one gives none), else
/// the file's.
pub fn pick(cli: &Option<String>, file: &Option<String>) -> Option<String> {
    match cli {
        Some(v) => given(Some(v.clone())),
        None => file.clone(),
    }
}

/// The deadline: a month and day in the review date's year, or the next year once
/// that day has passed; never before the review date.
fn deadline(w: WrittenDate, review: Date) -> Result<Date, DateError> {
    let d = w.on_or_after(review)?;
    if d < review {
        // Two weeks after the review date, as an example.
        let days = jixiao::clock::days_from_civil(i64::from(review.year), review.month, review.day);
        let (_, month, day) = jixiao::clock::civil_from_days(days + 14);
        return Err(DateError(format!(
            "截止日期 {d} 早于审核日期 {review}，请写审核日期之后的日期，例如 {month}月{day}日"
        )));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_chinese_keys_are_quoted_and_offsets_map_back() {
        let text =
            "区名 = \"南沙区\"\n[ 容差 ]\n  金额=0.05\n容差.比率 = 1\n\"电话\" = \"1\"\nyear = 1\n";
        let l = Lenient::new(text);
        assert_eq!(
            l.text,
            "\"区名\" = \"南沙区\"\n[ \"容差\" ]\n  \"金额\"=0.05\n\"容差\".\"比率\" = 1\n\"电话\" = \"1\"\nyear = 1\n"
        );
        // `0.05` on line 3: six quotes added before it.
        let original = text.find("0.05").unwrap();
        let quoted = l.text.find("0.05").unwrap();
        assert_eq!(quoted, original + 6);
        assert_eq!(l.original(quoted), original);
        assert_eq!(l.place(text, quoted), "第 3 行第 6 列有误：金额=0.05");
        let one = text.rfind("= 1").unwrap();
        assert_eq!(l.original(l.text.rfind("= 1").unwrap()), one);
        // Multi-line strings: left as written.
        let l = Lenient::new("区名 = \"\"\"a\"\"\"\n");
        assert_eq!(l.text, "区名 = \"\"\"a\"\"\"\n");
    }

    #[test]
    fn the_template_reads_with_every_key_it_shows() {
        let dir = tempfile::tempdir().unwrap();
        let template = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/jixiao.toml"),
        )
        .unwrap();
        // The commented examples too.
        let all = template
            .replace("# 截止日期 =", "截止日期 =")
            .replace("# 方案 =", "方案 =")
            .replace("# 版式 =", "版式 =");
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, all).unwrap();
        let s = Settings::read(&path).unwrap();
        assert_eq!(s.district.as_deref(), Some("南沙区"));
        assert_eq!(s.bureau.as_deref(), Some("广州市南沙区财政局"));
        assert_eq!(s.contact.as_deref(), Some("张三"));
        assert_eq!(s.phone.as_deref(), Some("020-12345678"));
        assert_eq!(
            s.deadline.map(|d| d.0),
            Some(WrittenDate::MonthDay { month: 12, day: 5 })
        );
        assert_eq!(s.scheme, Some(dir.path().join("方案/本区2023方案.toml")));
        assert_eq!(s.layouts, vec![dir.path().join("版式/本区旧表样.toml")]);
        assert_eq!(s.money, Some(Decimal::new(1, 2)));
        assert_eq!(s.rate, Some(Decimal::new(1, 2)));
        assert_eq!(s.score, Some(Decimal::new(5, 1)));
        // As shipped: no deadline, scheme or layouts.
        std::fs::write(&path, template).unwrap();
        let s = Settings::read(&path).unwrap();
        assert!(s.deadline.is_none() && s.scheme.is_none() && s.layouts.is_empty());
    }

    #[test]
    fn a_deadline_is_not_before_the_review_date() {
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        let dec5 = WrittenDate::MonthDay { month: 12, day: 5 };
        assert_eq!(deadline(dec5, day(2026, 11, 30)), Ok(day(2026, 12, 5)));
        assert_eq!(deadline(dec5, day(2026, 12, 20)), Ok(day(2027, 12, 5)));
        let full = WrittenDate::Full(day(2026, 11, 1));
        assert_eq!(
            deadline(full, day(2026, 11, 30)).unwrap_err().0,
            "截止日期 2026年11月1日 早于审核日期 2026年11月30日，请写审核日期之后的日期，例如 12月14日"
        );
        assert_eq!(deadline(full, day(2026, 11, 1)), Ok(day(2026, 11, 1)));
    }

    #[test]
    fn empty_texts_are_not_given() {
        assert_eq!(pick(&Some(" ".into()), &Some("文件".into())), None);
        assert_eq!(pick(&None, &Some("文件".into())).as_deref(), Some("文件"));
        assert_eq!(
            pick(&Some("命令行".into()), &None).as_deref(),
            Some("命令行")
        );
        assert_eq!(given(Some("  张三 ".into())).as_deref(), Some("张三"));
    }
}
