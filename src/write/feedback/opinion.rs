//! The `审核意见` sheet, the first page a department reads: what to do (审核通过,
//! or correct and resubmit by the deadline), who sent it, the counts, then one row
//! per finding. Departments see the rule's Chinese name; its id is in the cell's
//! note. In a follow-up round each row has its status (未整改 / 新问题 / 已核实 /
//! 已整改), coloured, and the reviewer's remark.

use super::mark::{fill, Target};
use super::{Feedback, Listing, Verdict};
use crate::batch::follow_up::{Seen, Status};
use crate::model::*;
use crate::write::excel_text;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Url, Worksheet, XlsxError};

/// The fill of a status cell and the colour of its text (and of its count in the
/// header): 未整改 orange, 新问题 lavender, 已核实 grey, 已整改 green; none of them
/// the red, amber or blue of a severity.
pub(super) fn status_colours(status: Status) -> (&'static str, &'static str) {
    use crate::write::follow_up::{CLOSED, DONE, NEW, OPEN};
    match status {
        Status::Open => (OPEN, "#833C0B"),
        Status::New => (NEW, "#5B2C83"),
        Status::Verified => (CLOSED, "#404040"),
        Status::Resolved => (DONE, "#006100"),
    }
}

/// The statuses in the order rows and counts show them.
const STATUSES: [Status; 4] = [
    Status::Open,
    Status::New,
    Status::Verified,
    Status::Resolved,
];

/// The blank left for a deadline to fill by hand.
const NO_DEADLINE: &str = "　　年　　月　　日";

/// The title of a form that asks for changes.
pub(super) fn request(deadline: Option<&str>) -> String {
    format!(
        "请逐项核对以下问题，修改后于 {}前重新报送",
        deadline.unwrap_or(NO_DEADLINE)
    )
}

/// The title and the line under it of a form with nothing to correct.
pub(super) const PASSED: [&str; 2] = ["审核通过", "经审核，未发现需要修改的问题，无需重新报送。"];

/// Width of text as Excel lays it out, in character units: a Chinese character
/// takes two.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Lines `text` takes in a wrapped cell `columns` units wide.
fn lines(text: &str, columns: f64) -> usize {
    let per_line = (columns as usize).saturating_sub(1).max(1);
    text.split('\n')
        .map(|l| width(l).div_ceil(per_line).max(1))
        .sum()
}

/// A row of the table: status, severity, rule, place, message, values, remark.
struct Row<'a> {
    status: Option<Status>,
    severity: Option<Severity>,
    /// Chinese rule name, rule id.
    rule: (String, String),
    place: Where<'a>,
    message: &'a str,
    declared: &'a str,
    computed: &'a str,
    remark: &'a str,
}

/// Where a row points: a cell of 自评表 (a link) or a place written out.
enum Where<'a> {
    Cell(u32, u16),
    Text(std::borrow::Cow<'a, str>),
}

fn seen_row(s: &Seen, status: Status) -> Row<'_> {
    let severity = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .find(|v| v.label() == s.severity);
    let name = Rule::from_id(&s.rule).map_or(s.rule.clone(), |r| r.name().to_string());
    let file = s.file.rsplit('/').next().unwrap_or(&s.file);
    let place = match s.place.shown() {
        Some(p) => format!("{file} {p}"),
        None => file.to_string(),
    };
    Row {
        status: Some(status),
        severity,
        rule: (name, s.rule.clone()),
        place: Where::Text(place.into()),
        message: &s.message,
        declared: s.declared.as_deref().unwrap_or(""),
        computed: s.computed.as_deref().unwrap_or(""),
        remark: s.remark.as_deref().unwrap_or(""),
    }
}

fn rows<'a>(listing: &'a Listing<'a>, targets: &'a [Target]) -> Vec<Row<'a>> {
    let mut out: Vec<Row> = listing
        .findings
        .iter()
        .zip(targets)
        .enumerate()
        .map(|(i, (f, t))| {
            let (status, remark) = listing
                .statuses
                .get(i)
                .map_or((None, None), |(s, r)| (Some(*s), *r));
            Row {
                status,
                severity: Some(f.severity),
                rule: (f.rule.name().to_string(), f.rule.id().to_string()),
                place: match t {
                    Target::Cell(r, c) => Where::Cell(*r, *c),
                    Target::Elsewhere(p) => Where::Text(p.as_str().into()),
                },
                message: &f.message,
                declared: f.declared.as_deref().unwrap_or(""),
                computed: f.computed.as_deref().unwrap_or(""),
                remark: remark.unwrap_or(""),
            }
        })
        .collect();
    out.extend(
        listing
            .verified
            .iter()
            .map(|s| seen_row(s, Status::Verified)),
    );
    out.extend(
        listing
            .resolved
            .iter()
            .map(|s| seen_row(s, Status::Resolved)),
    );
    out
}

/// Column kinds of the table, in order.
#[derive(Clone, Copy, PartialEq)]
enum Col {
    Status,
    Severity,
    Rule,
    Place,
    Message,
    Declared,
    Computed,
    Remark,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Status => "情况",
            Col::Severity => "级别",
            Col::Rule => "问题",
            Col::Place => "位置",
            Col::Message => "说明",
            Col::Declared => "申报值",
            Col::Computed => "复核值",
            Col::Remark => "审核人意见",
        }
    }

    fn width(self) -> f64 {
        match self {
            Col::Status => 10.0,
            Col::Severity => 10.0,
            // The longest rule name, 自评与复核得分不符: nine characters.
            Col::Rule => 21.0,
            Col::Place => 24.0,
            Col::Message => 56.0,
            Col::Declared | Col::Computed => 13.0,
            Col::Remark => 28.0,
        }
    }
}

/// Header-block label and value formats.
struct Looks {
    title: Format,
    label: Format,
    header: Format,
    cell: Format,
}

impl Looks {
    fn new() -> Looks {
        Looks {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::VerticalCenter),
            label: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell: Format::new()
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// The `审核意见` sheet of a department's converted form.
pub(super) fn sheet(
    d: &Department,
    listing: &Listing,
    targets: &[Target],
    feedback: &Feedback,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("审核意见")?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let looks = Looks::new();
    let rows = rows(listing, targets);
    let remarks = rows.iter().any(|r| !r.remark.is_empty());
    let cols: Vec<Col> = [
        listing.follow_up.then_some(Col::Status),
        Some(Col::Severity),
        Some(Col::Rule),
        Some(Col::Place),
        Some(Col::Message),
        Some(Col::Declared),
        Some(Col::Computed),
        remarks.then_some(Col::Remark),
    ]
    .into_iter()
    .flatten()
    .collect();
    let last = cols.len() as u16 - 1;
    for (c, col) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, col.width())?;
    }

    // The head: what to do, then who, when, how many.
    let verdict = listing.verdict();
    let mut row = 0;
    let title = match verdict {
        Verdict::Return => request(feedback.deadline.as_deref()),
        Verdict::Pass => PASSED[0].to_string(),
    };
    ws.merge_range(0, 0, 0, last, &title, &looks.title)?;
    ws.set_row_height(0, 24)?;
    row += 1;
    if verdict == Verdict::Pass {
        ws.write_string(row, 0, PASSED[1])?;
        row += 1;
    }
    let sender = &feedback.sender;
    let head = [
        ("部门", Some(d.form.name.as_str())),
        ("审核日期", Some(feedback.review_date.as_str())),
        ("审核单位", sender.bureau.as_deref()),
        ("联系人", sender.contact.as_deref()),
        ("电话", sender.phone.as_deref()),
    ];
    for (label, value) in head {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        ws.write_string_with_format(row, 0, label, &looks.label)?;
        ws.write_string(row, 1, excel_text(value))?;
        row += 1;
    }
    let [errors, warnings, notes] = listing.counts();
    ws.write_string_with_format(row, 0, "问题数", &looks.label)?;
    ws.write_string(
        row,
        1,
        format!("错误 {errors} 个，警告 {warnings} 个，提示 {notes} 个"),
    )?;
    row += 1;
    if listing.follow_up {
        ws.write_string_with_format(row, 0, "整改情况", &looks.label)?;
        let counts = listing.status_counts();
        let coloured: Vec<(Format, String)> = STATUSES
            .iter()
            .zip(counts)
            .map(|(s, n)| {
                let look = Format::new()
                    .set_bold()
                    .set_font_color(status_colours(*s).1);
                (look, format!("{} {n} 个", s.label()))
            })
            .collect();
        let comma = Format::new();
        let mut segments: Vec<(&Format, &str)> = Vec::new();
        for (i, (look, text)) in coloured.iter().enumerate() {
            if i > 0 {
                segments.push((&comma, "，"));
            }
            segments.push((look, text));
        }
        ws.write_rich_string(row, 1, &segments)?;
        row += 1;
    }
    row += 1;

    if rows.is_empty() {
        ws.write_string(row, 0, "未发现问题。")?;
        return Ok(ws);
    }
    // A line on what the rows ask for, when not all of them ask to correct.
    let explain = match (verdict, listing.follow_up) {
        (Verdict::Pass, _) => Some("以下内容仅供参考，无需修改。"),
        (Verdict::Return, true) => {
            Some("“未整改”“新问题”须修改；“已核实”“已整改”无需再改，列出供参考。")
        }
        (Verdict::Return, false) => None,
    };
    if let Some(text) = explain {
        ws.write_string(row, 0, text)?;
        row += 1;
    }
    let header_row = row;
    for (c, col) in cols.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, col.header(), &looks.header)?;
    }
    ws.set_row_height(header_row, 20)?;
    for (i, r) in rows.iter().enumerate() {
        let at = header_row + 1 + i as u32;
        let mut height = 1;
        for (c, col) in cols.iter().enumerate() {
            let c = c as u16;
            let cell = &looks.cell;
            let text: &str = match col {
                Col::Status => {
                    let Some(s) = r.status else { continue };
                    let (fill, ink) = status_colours(s);
                    let look = cell
                        .clone()
                        .set_background_color(fill)
                        .set_font_color(ink)
                        .set_bold()
                        .set_align(FormatAlign::Center);
                    ws.write_string_with_format(at, c, s.label(), &look)?;
                    continue;
                }
                Col::Severity => {
                    let (label, look) = match r.severity {
                        Some(v) => (v.label(), cell.clone().set_background_color(fill(v))),
                        None => ("", cell.clone()),
                    };
                    ws.write_string_with_format(
                        at,
                        c,
                        label,
                        &look.set_align(FormatAlign::Center),
                    )?;
                    continue;
                }
                Col::Rule => {
                    ws.write_string_with_format(at, c, &r.rule.0, cell)?;
                    let note = Note::new(format!("规则编号：{}", r.rule.1))
                        .set_author("财政局审核")
                        .set_width(200)
                        .set_height(40);
                    ws.insert_note(at, c, &note)?;
                    &r.rule.0
                }
                Col::Place => match &r.place {
                    Where::Cell(row, col) => {
                        let a1 = CellPos::new(*row, u32::from(*col)).a1();
                        let link = Url::new(format!("internal:'自评表'!{a1}"))
                            .set_text(format!("自评表!{a1}"));
                        ws.write_url_with_format(at, c, link, cell)?;
                        continue;
                    }
                    Where::Text(p) => {
                        ws.write_string_with_format(at, c, excel_text(p), cell)?;
                        p
                    }
                },
                Col::Message | Col::Declared | Col::Computed | Col::Remark => {
                    let text = match col {
                        Col::Message => r.message,
                        Col::Declared => r.declared,
                        Col::Computed => r.computed,
                        _ => r.remark,
                    };
                    ws.write_string_with_format(at, c, excel_text(text), cell)?;
                    text
                }
            };
            height = height.max(lines(text, col.width()));
        }
        // Wrapped text needs its height: 18 points a line (CJK fonts are taller
        // than the 15 of a plain row).
        ws.set_row_height(at, 18.0 * height as f64 + 4.0)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_chinese_as_two() {
        // 20 units wide: 19 a line, nine Chinese characters.
        assert_eq!(lines("年度不符", 20.0), 1);
        assert_eq!(lines("自评与复核得分不符", 20.0), 1);
        assert_eq!(lines("自评与复核得分不符啊", 20.0), 2);
        assert_eq!(lines("abc\ndef", 20.0), 2);
        assert_eq!(lines("", 20.0), 1);
        assert_eq!(
            request(Some("2026年12月5日")),
            "请逐项核对以下问题，修改后于 2026年12月5日前重新报送"
        );
    }
}
