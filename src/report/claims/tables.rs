//! Tables inside a report (a .docx table: one paragraph per row, its cells joined
//! by [`TABLE_CELL`]): each value cell is read as a statement made of its row label
//! and its column header, `合计 | 100.00 | 94.04 | 优` under `一级指标 | 分值 |
//! 得分 | 等级` as `自评得分 94.04 分`, `等级 优`; a two-cell row `自评得分 | 94.04`
//! as `自评得分 94.04`. The terms and the rules are those of sentences, so a
//! table is checked like prose: a total row against the rows above or below it
//! (REPORT-SUM, REPORT-SCORE), a row's rate against its amounts (REPORT-RATE), and
//! every claim against the form (REPORT-FORM).
//!
//! Conservative: a cell without a unit is read only when its header, its label or
//! the table's title gives one (`金额（万元）`) or its subject is a score; a row
//! named by anything but a plain total word, a level or a term gives no claim of
//! its own (`投入 | 15 | 15`), though its value counts as a part of the total.

use super::{read_sentence, Statements};
use crate::model::{Grade, Unit};
use crate::report::terms::Vocabulary;
use crate::report::text::TABLE_CELL;
use crate::text::normalize;
use rust_decimal::Decimal;

/// Row labels that name the table's total.
const TOTAL_LABELS: &[&str] = &["合计", "总计", "总分", "部门整体", "整体", "总体", "全部"];

/// Column headers that only say "the value" (the row label names the subject).
const VALUE_HEADERS: &[&str] = &[
    "金额",
    "数额",
    "数值",
    "数据",
    "内容",
    "情况",
    "结果",
    "值",
    "执行数",
    "全年执行数",
    "实际支出",
    "支出",
    "决算数",
    "支出数",
];

/// Column headers of scores, as the score term a sentence would use.
const SCORE_HEADERS: &[(&str, &str)] = &[
    ("自评得分", "自评得分"),
    ("实际得分", "自评得分"),
    ("得分", "自评得分"),
    ("评分", "自评得分"),
    ("总分值", "分值"),
    ("分值", "分值"),
    ("标准分", "分值"),
    ("权重", "分值"),
];

/// Whether a paragraph is a table row.
pub(super) fn is_row(paragraph: &str) -> bool {
    paragraph.contains(TABLE_CELL)
}

/// A cell's value: a number (its unit if written), or a grade.
enum Cell {
    Number(Decimal, Option<&'static str>),
    Grade,
}

fn cell_value(text: &str) -> Option<Cell> {
    let t = normalize(text);
    if Grade::parse(&t).is_some() && t.chars().count() == 1 {
        return Some(Cell::Grade);
    }
    let (number, unit) = ["万元", "元", "%", "分"]
        .iter()
        .find_map(|u| t.strip_suffix(u).map(|n| (n, Some(*u))))
        .unwrap_or((t.as_str(), None));
    let number: String = number.chars().filter(|c| *c != ',').collect();
    let ok = !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.chars().next().is_some_and(|c| c.is_ascii_digit());
    ok.then(|| number.parse().ok().map(|v| Cell::Number(v, unit)))
        .flatten()
}

/// The unit a header, label or title names (`（万元）`, `(%)`, `分值`).
fn unit_named(text: &str) -> Option<&'static str> {
    let t = normalize(text);
    if t.contains("万元") {
        Some("万元")
    } else if t.contains("(元)") || t.ends_with("元)") {
        Some("元")
    } else if t.contains('%') || t.ends_with('率') {
        Some("%")
    } else {
        None
    }
}

/// Strip a unit in brackets from a header or label (`全年预算数(万元)`).
fn bare(text: &str) -> String {
    let t = normalize(text);
    let cut = t.find(['(', '（']).unwrap_or(t.len());
    t[..cut].trim_end_matches(':').to_string()
}

/// Read the claims of a table: `rows` are (paragraph number, cells), in order.
pub(super) fn read(v: &Vocabulary, rows: &[(usize, Vec<String>)], st: &mut Statements) {
    // A row of one cell (a title) names the unit for the table.
    let title_unit = rows
        .iter()
        .filter(|(_, cells)| cells.iter().filter(|c| !c.trim().is_empty()).count() == 1)
        .find_map(|(_, cells)| cells.iter().find_map(|c| unit_named(c)));
    let wide: Vec<&(usize, Vec<String>)> = rows
        .iter()
        .filter(|(_, cells)| cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
        .collect();
    let Some(first) = wide.first() else { return };
    // A header row holds no values; without one each row is `label | value`.
    let has_header = first.1.iter().skip(1).all(|c| cell_value(c).is_none());
    if !has_header || first.1.len() == 2 && wide.iter().all(|(_, c)| c.len() == 2) {
        for (paragraph, cells) in &wide {
            let label = cells[0].as_str();
            let unit = unit_named(label).or(title_unit);
            let ids = cells
                .iter()
                .skip(1)
                .filter_map(|c| statement(&bare(label), c, unit))
                .flat_map(|s| sentence(v, &s, *paragraph, st))
                .collect();
            st.sentences.push(ids);
        }
        return;
    }
    let header = &first.1;
    let body = &wide[1..];
    let labels: Vec<String> = body.iter().map(|(_, c)| label_of(c)).collect();
    let total_at = labels.iter().position(|l| is_total(l));
    for (r, (paragraph, cells)) in body.iter().enumerate() {
        let label = &labels[r];
        let total = Some(r) == total_at;
        let mut ids = Vec::new();
        for (j, cell) in cells.iter().enumerate() {
            let Some(value) = cell_value(cell) else {
                continue;
            };
            let Some(head) = header.get(j).map(|h| bare(h)).filter(|h| !h.is_empty()) else {
                continue;
            };
            let unit = unit_named(&header[j]).or(unit_named(label)).or(title_unit);
            let Some(text) = cell_statement(v, label, total, &head, &value, cell, unit) else {
                continue;
            };
            let got = sentence(v, &text, *paragraph, st);
            // The total row's cell is the total of the same column above and below.
            if total {
                if let Some(&id) = got.first() {
                    add_group(st, id, body, &labels, r, j);
                }
            }
            ids.extend(got);
        }
        st.sentences.push(ids);
    }
}

fn chars(s: &str) -> Vec<char> {
    super::super::terms::chars(s)
}

fn sentence(v: &Vocabulary, text: &str, paragraph: usize, st: &mut Statements) -> Vec<usize> {
    let mut level = None;
    read_sentence(v, &chars(text), paragraph, &mut level, None, st)
}

/// `label | value`: the label is the subject.
fn statement(label: &str, cell: &str, unit: Option<&str>) -> Option<String> {
    match cell_value(cell)? {
        Cell::Grade if label.contains("等级") => Some(format!("等级为{}", normalize(cell))),
        Cell::Grade => None,
        Cell::Number(_, Some(_)) => Some(format!("{label}为{}", normalize(cell))),
        Cell::Number(_, None) => {
            let unit = unit.or_else(|| score_label(label).then_some("分"))?;
            Some(format!("{label}为{}{unit}", normalize(cell)))
        }
    }
}

fn score_label(label: &str) -> bool {
    SCORE_HEADERS.iter().any(|(h, _)| label.ends_with(h))
}

/// A row's first cells that are not values, joined: its label.
fn label_of(cells: &[String]) -> String {
    cells
        .iter()
        .take_while(|c| cell_value(c).is_none())
        .map(|c| bare(c))
        .collect::<Vec<_>>()
        .join("")
}

fn is_total(label: &str) -> bool {
    TOTAL_LABELS
        .iter()
        .any(|t| label == *t || label.ends_with(t))
}

/// The statement a cell makes, as a sentence the claim reader understands: the
/// total row speaks of the header (`自评得分为94.04分`), a level row of the level's
/// score (`履职效能自评得分为50分`), a row named by a term of its value
/// (`基本支出为600万元`, under `全年执行数`).
fn cell_statement(
    v: &Vocabulary,
    label: &str,
    total: bool,
    head: &str,
    value: &Cell,
    cell: &str,
    unit: Option<&str>,
) -> Option<String> {
    let text = normalize(cell);
    let score = SCORE_HEADERS
        .iter()
        .find(|(h, _)| head.ends_with(h))
        .map(|(_, term)| *term);
    if let Cell::Grade = value {
        return (total && head.contains("等级")).then(|| format!("等级为{text}"));
    }
    let Cell::Number(_, written) = value else {
        return None;
    };
    let unit = match (written, score) {
        (Some(_), _) => "",
        (None, Some(_)) => "分",
        (None, None) => unit?,
    };
    let level = v.levels.iter().find(|l| label.contains(l.as_str()));
    if total || level.is_some() {
        let subject = score.unwrap_or(head);
        let prefix = level.map_or("", |l| l.as_str());
        return Some(format!("{prefix}{subject}为{text}{unit}"));
    }
    // A row named by a term: the header only says “the value”.
    VALUE_HEADERS
        .contains(&head)
        .then(|| format!("{label}为{text}{unit}"))
}

/// The total row's claim `id` (column `j`) with the same column of the other rows
/// as its parts, when every other row has a value there and none is a subtotal or
/// an `其中` row (which would count twice).
fn add_group(
    st: &mut Statements,
    id: usize,
    body: &[&(usize, Vec<String>)],
    labels: &[String],
    total: usize,
    j: usize,
) {
    let unit = st.claims[id].unit;
    if unit == Unit::Percent || unit == Unit::Grade {
        return;
    }
    let mut parts = Vec::new();
    for (r, (_, cells)) in body.iter().enumerate() {
        if r == total {
            continue;
        }
        let label = &labels[r];
        if label.contains("其中") || label.contains("小计") || is_total(label) {
            return;
        }
        let Some(Cell::Number(value, written)) = cells.get(j).and_then(|c| cell_value(c)) else {
            return;
        };
        let value = match written {
            Some("元") => value / Decimal::from(10_000),
            _ => value,
        };
        parts.push(value);
    }
    let v = super::super::terms::vocabulary();
    let sums = v
        .subjects
        .iter()
        .any(|s| s.sum && st.claims[id].subject.rsplit('.').next() == Some(s.id.as_str()));
    if parts.len() >= 2 && sums {
        st.groups.push(super::Group { total: id, parts });
    }
}
