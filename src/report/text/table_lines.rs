//! Tables laid out as lines of text (a .txt saved from Word, the text layer of a
//! PDF): a header line of known column words, then rows whose cells line up with
//! it,
//!
//! ```text
//! 项目      全年预算数（万元）  全年执行数（万元）  执行率
//! 基本支出  1496.13            1496.13            100%
//! ```
//!
//! or lines `自评得分  94.04`, `评价等级  优` (a score or grade word, then its
//! value). Such a line becomes a table row ([`TABLE_CELL`] between its cells),
//! one paragraph, as a .docx table row is, so `claims::tables` reads it.
//!
//! Conservative: a line of figures under no recognised header is not a row; a
//! header is recognised only when every cell is a column word below and the
//! first names the rows (`项目`, `一级指标`); a row must have as many cells as
//! the header, a label first and a figure among the rest; the first line that
//! does not fit ends the table.

use super::TABLE_CELL;
use crate::model::Grade;
use crate::text::normalize;

/// How the cells of a line are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// A tab, an ideographic space, or two spaces or more (typed or saved text,
    /// where one space may stand inside a cell).
    Wide,
    /// Any white space: a PDF's text layer, whose lines have no space between two
    /// Chinese characters except where a gap (a cell boundary) stands.
    Spaces,
}

/// Column words that name the rows (the first header cell).
const LABEL_HEADERS: &[&str] = &[
    "项目",
    "项目名称",
    "支出项目",
    "指标",
    "指标名称",
    "评价指标",
    "一级指标",
    "二级指标",
    "名称",
    "科目",
    "科目名称",
    "类别",
    "支出类别",
    "资金来源",
];

/// Column words of values (the other header cells).
const VALUE_HEADERS: &[&str] = &[
    "分值",
    "总分值",
    "标准分",
    "权重",
    "得分",
    "自评得分",
    "实际得分",
    "评价得分",
    "评分",
    "得分率",
    "等级",
    "绩效等级",
    "评价等级",
    "自评等级",
    "预算数",
    "年初预算数",
    "全年预算数",
    "调整后预算数",
    "调整预算数",
    "年初预算",
    "全年预算",
    "执行数",
    "全年执行数",
    "实际支出",
    "支出",
    "支出数",
    "决算数",
    "金额",
    "执行率",
    "预算执行率",
    "完成率",
    "备注",
];

/// What a line is, once the tables among the lines are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A row of a table (the header included): its cells.
    Row(Vec<String>),
    /// The rest of a header cell broken over two lines (`元）`), joined to it.
    Joined,
    /// Not part of a table.
    Plain,
}

/// The cells of a line, split as `split` says.
fn cells(line: &str, split: Split) -> Vec<String> {
    match split {
        Split::Spaces => line.split_whitespace().map(str::to_string).collect(),
        Split::Wide => {
            let mut out = Vec::new();
            let mut cell = String::new();
            let mut spaces = 0;
            for c in line.trim().chars() {
                if c == ' ' {
                    spaces += 1;
                    continue;
                }
                if c == '\t' || c == '\u{3000}' {
                    spaces = 2;
                    continue;
                }
                if spaces >= 2 && !cell.is_empty() {
                    out.push(std::mem::take(&mut cell));
                } else if spaces == 1 {
                    cell.push(' ');
                }
                spaces = 0;
                cell.push(c);
            }
            if !cell.is_empty() {
                out.push(cell);
            }
            out
        }
    }
}

/// A header cell without a unit in brackets (`全年预算数（万元）` → `全年预算数`).
fn bare(cell: &str) -> String {
    let t = normalize(cell);
    let cut = t.find(['(', '（']).unwrap_or(t.len());
    t[..cut].to_string()
}

/// Whether a cell states a value: a number (with `%`, `分`, `万元` or `元`
/// after it, or none), or a grade.
fn is_value(cell: &str) -> bool {
    let t = normalize(cell);
    if Grade::parse(&t).is_some() {
        return true;
    }
    let n = ["万元", "元", "%", "分"]
        .iter()
        .find_map(|u| t.strip_suffix(u))
        .unwrap_or(&t);
    let n: String = n.chars().filter(|c| *c != ',').collect();
    !n.is_empty()
        && n.starts_with(|c: char| c.is_ascii_digit())
        && n.chars().all(|c| c.is_ascii_digit() || c == '.')
        && n.matches('.').count() <= 1
}

/// A cell that stands for nothing (`-`, `—`, `/`).
fn is_blank(cell: &str) -> bool {
    cell.chars()
        .all(|c| matches!(c, '-' | '—' | '－' | '/' | '／'))
}

fn is_header(cells: &[String]) -> bool {
    cells.len() >= 2
        && LABEL_HEADERS.contains(&bare(&cells[0]).as_str())
        && cells[1..]
            .iter()
            .all(|c| VALUE_HEADERS.contains(&bare(c).as_str()))
}

/// A row under a header of `width` cells: a label (with a Chinese character, not a
/// figure), then cells of which one at least is a figure.
fn is_row(cells: &[String], width: usize) -> bool {
    cells.len() == width
        && !is_value(&cells[0])
        && !cells[0].is_ascii()
        && cells[1..].iter().any(|c| is_value(c) && !is_blank(c))
}

/// `自评得分  94.04`, `评价等级  优`: a score or grade word, then its value.
fn is_pair(cells: &[String]) -> bool {
    let [label, value] = cells else {
        return false;
    };
    let label = bare(label);
    let score = [
        "自评得分",
        "评价得分",
        "绩效评价得分",
        "综合得分",
        "得分",
        "综合评分",
        "评分",
    ]
    .contains(&label.as_str());
    let grade = ["等级", "评价等级", "绩效等级", "自评等级", "评价结果"].contains(&label.as_str());
    let v = normalize(value);
    (score && is_value(&v) && Grade::parse(&v).is_none()) || (grade && Grade::parse(&v).is_some())
}

fn is_open(cell: &str) -> bool {
    cell.matches(['(', '（']).count() > cell.matches([')', '）']).count()
}

fn closes(cell: &str) -> bool {
    cell.ends_with([')', '）']) && !cell.contains(['(', '（'])
}

/// The rest of a header whose cells were too wide for their columns: each cell of
/// `next` closes, in order, a header cell left with an open bracket
/// (`全年预算数（万` + `元）`).
fn header_rest(header: &[String], next: &[String]) -> Option<Vec<String>> {
    let open: Vec<usize> = (0..header.len()).filter(|&j| is_open(&header[j])).collect();
    if open.is_empty() || open.len() != next.len() || !next.iter().all(|c| closes(c)) {
        return None;
    }
    let mut out = header.to_vec();
    for (j, rest) in open.into_iter().zip(next) {
        out[j].push_str(rest);
    }
    Some(out)
}

/// The header starting at `idx[k]`, its broken cells made whole from at most three
/// more lines: the rests of all open cells on one line (`元） 元）`), or the rest
/// of the last open cell first on the next line, before the header goes on
/// (`元） 全年执行数（万`). With the index of the line after it.
fn whole_header(
    lines: &[&str],
    idx: &[usize],
    k: usize,
    split: Split,
) -> Option<(Vec<String>, usize)> {
    let mut text = lines[idx[k]].to_string();
    let mut header = cells(&text, split);
    let mut next = k + 1;
    while header.iter().any(|c| is_open(c)) && next < idx.len() && next <= k + 3 {
        let line = lines[idx[next]];
        let more = cells(line, split);
        if let Some(whole) = header_rest(&header, &more) {
            header = whole;
            next += 1;
            break;
        }
        let last_open = header.iter().rposition(|c| is_open(c)) == Some(header.len() - 1)
            && header.iter().filter(|c| is_open(c)).count() == 1;
        if !last_open || !more.first().is_some_and(|c| closes(c)) {
            break;
        }
        text.push_str(line);
        header = cells(&text, split);
        next += 1;
    }
    (is_header(&header) && !header.iter().any(|c| is_open(c))).then_some((header, next))
}

/// Whether a line of a PDF goes on after the value of a pair (`92.50` then `分，`).
fn continues(next: Option<&&str>) -> bool {
    next.and_then(|l| l.trim_start().chars().next())
        .is_some_and(|c| "分万元%％，。；,;、)）".contains(c))
}

/// Find the tables among `lines` (trimmed, none empty; page numbers are passed
/// over): the mark of each line, in order.
pub fn mark(lines: &[&str], split: Split) -> Vec<Mark> {
    let mut marks = vec![Mark::Plain; lines.len()];
    // Lines that count: not page numbers.
    let idx: Vec<usize> = (0..lines.len())
        .filter(|&i| !super::is_page_furniture(lines[i]))
        .collect();
    let mut k = 0;
    while k < idx.len() {
        let i = idx[k];
        let head = cells(lines[i], split);
        // A pair line stands alone: after a line that ends its paragraph (or is
        // short, a caption), with no unit or punctuation carrying it on.
        if is_pair(&head) {
            let before = k.checked_sub(1).map(|p| lines[idx[p]]);
            let clean_start = before.is_none_or(|b| {
                super::ends_paragraph(b) || b.chars().count() <= 20 || b.contains(TABLE_CELL)
            });
            let after = idx.get(k + 1).map(|&n| &lines[n]);
            if clean_start && !continues(after) {
                marks[i] = Mark::Row(head);
            }
            k += 1;
            continue;
        }
        if !is_header(&head) {
            k += 1;
            continue;
        }
        // The header, perhaps with its broken cells' rest on the next lines.
        let Some((header, next)) = whole_header(lines, &idx, k, split) else {
            k += 1;
            continue;
        };
        let width = header.len();
        let rows: Vec<usize> = idx[next..]
            .iter()
            .copied()
            .take_while(|&n| is_row(&cells(lines[n], split), width))
            .collect();
        if rows.is_empty() {
            k += 1;
            continue;
        }
        marks[i] = Mark::Row(header);
        for &n in &idx[k + 1..next] {
            marks[n] = Mark::Joined;
        }
        for &n in &rows {
            marks[n] = Mark::Row(cells(lines[n], split));
        }
        k = next + rows.len();
    }
    marks
}

/// The lines, a table's rows as their cells joined by [`TABLE_CELL`], the rest of
/// a broken header dropped; `plain` gives every other line (a stray tab in it
/// becomes a space, so that no line is a row by accident).
pub fn rows_marked(lines: &[&str], split: Split, plain: impl Fn(&str) -> String) -> Vec<String> {
    mark(lines, split)
        .into_iter()
        .zip(lines)
        .filter_map(|(m, line)| match m {
            Mark::Row(cells) => Some(cells.join(&TABLE_CELL.to_string())),
            Mark::Joined => None,
            Mark::Plain => Some(plain(line).replace(TABLE_CELL, " ")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, split: Split) -> Vec<String> {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        rows_marked(&lines, split, str::to_string)
    }

    #[test]
    fn a_table_under_a_known_header_becomes_rows() {
        let text = "表2 预算执行\n项目  全年预算数（万元）  全年执行数（万元）  执行率\n基本支出  365.00  363.40  99.56%\n合计\t530.00\t523.40\t98.75%\n以上数据来自决算。";
        assert_eq!(
            rows(text, Split::Wide),
            [
                "表2 预算执行",
                "项目\t全年预算数（万元）\t全年执行数（万元）\t执行率",
                "基本支出\t365.00\t363.40\t99.56%",
                "合计\t530.00\t523.40\t98.75%",
                "以上数据来自决算。",
            ]
        );
    }

    #[test]
    fn a_pdf_header_broken_over_two_lines_is_joined() {
        let text = "项目 全年预算数（万 全年执行数（万 执行率\n元） 元）\n\n基本支出 365.00 363.40 99.56%\n- 3 -\n合计 530.00 523.40 98.75%\n表 3\n自评得分 92.50\n评价等级 优";
        assert_eq!(
            rows(text, Split::Spaces),
            [
                "项目\t全年预算数（万元）\t全年执行数（万元）\t执行率",
                "基本支出\t365.00\t363.40\t99.56%",
                "- 3 -",
                "合计\t530.00\t523.40\t98.75%",
                "表 3",
                "自评得分\t92.50",
                "评价等级\t优",
            ]
        );
    }

    #[test]
    fn a_header_broken_cell_by_cell_is_joined() {
        let text =
            "项目 全年预算数（万\n元） 全年执行数（万\n元） 执行率\n合计 530.00 523.40 98.75%";
        assert_eq!(
            rows(text, Split::Spaces),
            [
                "项目\t全年预算数（万元）\t全年执行数（万元）\t执行率",
                "合计\t530.00\t523.40\t98.75%",
            ]
        );
        // A bracket never closed: no header, no table.
        let text = "项目 全年预算数（万\n基本支出 365.00 363.40";
        assert_eq!(rows(text, Split::Spaces), text.lines().collect::<Vec<_>>());
    }

    #[test]
    fn figures_without_a_known_header_are_not_read() {
        // No header; an unknown header word; rows that do not line up; prose.
        for text in [
            "基本支出  365.00  363.40  99.56%\n合计  530.00  523.40  98.75%",
            "单位  预算数  执行数\n基本支出  365.00  363.40",
            "项目  预算数  执行数\n基本支出  365.00\n合计  530.00  523.40  98.75%",
            "全年支出523.40万元，其中基本支出363.40万元。",
            "项目  预算数  执行数\n一、部门概况",
        ] {
            let lines: Vec<&str> = text.lines().collect();
            assert!(
                mark(&lines, Split::Wide).iter().all(|m| *m == Mark::Plain),
                "{text}"
            );
        }
        // One space is not a separator in text; a PDF line going on is not a pair.
        let lines = ["自评得分 92.50"];
        assert_eq!(mark(&lines, Split::Wide), [Mark::Plain]);
        let lines = ["经评价，本馆全年的", "自评得分 92.50", "分，等级为优。"];
        assert!(mark(&lines, Split::Spaces)
            .iter()
            .all(|m| *m == Mark::Plain));
    }
}
