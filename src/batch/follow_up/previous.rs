//! The earlier round (`--previous`), read from the summary workbook the reviewer
//! edited (`上次汇总表.xlsx`) or from the JSON of `--json` (`上次.json`).
//!
//! The workbook carries what the follow-up needs in a hidden sheet
//! ([`DATA_SHEET`], a [`RoundDoc`] as JSON text): each department's tracked
//! figures, every finding in the order of 审核问题, and the closing decisions of
//! earlier rounds. The reviewer's own decisions are read from 审核问题's 处理 and
//! 审核人意见 columns, each row matched to its finding by its 编号.

use super::{percent, Seen, Side, FIELDS};
use crate::model::document::{Document, FindingDoc, RoundDoc};
use crate::model::{Decision, Place, Verdict};
use calamine::{Data, Reader};
use std::collections::BTreeMap;
use std::path::Path;

/// The hidden sheet of a summary workbook that carries the round for the next.
pub const DATA_SHEET: &str = "jixiao数据";

/// Headers of the reviewer's columns in 审核问题.
pub const NUMBER: &str = "编号";
/// The 处理 column (a drop-down of [`Verdict`]s).
pub const VERDICT: &str = "处理";
/// The 审核人意见 column.
pub const REMARK: &str = "审核人意见";

/// An earlier run, as far as the follow-up needs it.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The file it was read from (as given).
    pub file: String,
    /// That round's review date as printed, when it recorded one.
    pub review_date: Option<String>,
    /// Each department's figures and findings, by name.
    pub(super) departments: BTreeMap<String, Side>,
    /// The closing decisions in force: carried from earlier rounds, and those the
    /// reviewer made in the workbook.
    pub decisions: Vec<Decision>,
    /// What could not be taken from the reviewer's columns, one line each.
    pub notes: Vec<String>,
}

/// Why an earlier run cannot be compared with (`--previous`); the text is the
/// message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviousError {
    /// The file cannot be read.
    #[error("无法读取上次的结果 {shown}：{reason}")]
    Unreadable {
        /// The file as given.
        shown: String,
        /// Why, in plain Chinese.
        reason: String,
    },
    /// Not JSON at all.
    #[error("{0} 既不是 jixiao 生成的汇总表（.xlsx），也不是 JSON 文件；--previous 要的是上次的汇总表或用 --json 导出的文件")]
    NotJson(String),
    /// JSON, but not jixiao's.
    #[error("{0} 不是 jixiao 导出的 JSON（缺少 tool、departments、findings）；--previous 要的是上次的汇总表或用 --json 导出的文件")]
    NotOurs(String),
    /// A workbook without the round's data.
    #[error("{0} 不是 jixiao 生成的汇总表（没有隐藏的“jixiao数据”表，可能是别的表格，或由本版本之前的 jixiao 生成）；请用上次 jixiao 生成的汇总表，或上次用 --json 导出的文件")]
    NotOurWorkbook(String),
    /// Scored with another scheme.
    #[error("{shown} 是用指标体系方案“{theirs}”评的，本次用“{ours}”：两次的得分和问题不可比，请用同一方案（--scheme）")]
    OtherScheme {
        /// The file as given.
        shown: String,
        /// Its scheme.
        theirs: String,
        /// This run's.
        ours: String,
    },
}

impl Previous {
    /// Read an earlier run: its summary workbook (a zip) or its JSON. Refuse one
    /// that jixiao did not write or that used another scheme than `scheme`.
    pub fn read(path: &Path, shown: &str, scheme: &str) -> Result<Previous, PreviousError> {
        let bytes = std::fs::read(path).map_err(|e| PreviousError::Unreadable {
            shown: shown.to_string(),
            reason: crate::plain::io(&e),
        })?;
        if bytes.starts_with(b"PK\x03\x04") {
            return read_workbook(bytes, shown, scheme);
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err() {
            return Err(PreviousError::NotJson(shown.to_string()));
        }
        let doc: Document = serde_json::from_slice(&bytes)
            .ok()
            .filter(|d: &Document| d.tool == "jixiao")
            .ok_or_else(|| PreviousError::NotOurs(shown.to_string()))?;
        same_scheme(&doc.scheme, scheme, shown)?;
        let mut departments: BTreeMap<String, Side> = BTreeMap::new();
        for d in doc.departments {
            let total = &d.funds.total;
            let values = [
                total.budget.clone(),
                total.spent.clone(),
                total
                    .rate
                    .as_deref()
                    .and_then(|r| r.parse().ok())
                    .map(percent),
                d.scores.self_total.clone(),
                d.scores.total.clone(),
                d.scores.grade.clone(),
            ];
            departments.entry(d.name).or_default().figures =
                FIELDS.iter().copied().zip(values).collect();
        }
        for f in doc.findings {
            if let Some(side) = departments.get_mut(&f.department) {
                side.findings.push(seen(f, None));
            }
        }
        Ok(Previous {
            file: shown.to_string(),
            review_date: doc.review_date,
            departments,
            decisions: doc
                .decisions
                .into_iter()
                .filter_map(Decision::from_doc)
                .collect(),
            notes: Vec::new(),
        })
    }
}

fn same_scheme(theirs: &str, ours: &str, shown: &str) -> Result<(), PreviousError> {
    if theirs == ours {
        return Ok(());
    }
    Err(PreviousError::OtherScheme {
        shown: shown.to_string(),
        theirs: theirs.to_string(),
        ours: ours.to_string(),
    })
}

fn seen(f: FindingDoc, remark: Option<String>) -> Seen {
    Seen {
        rule: f.rule,
        severity: f.severity,
        file: f.file,
        place: Place::parse(f.cell.as_deref().unwrap_or_default()),
        message: f.message,
        declared: f.declared,
        computed: f.computed,
        remark,
        before: None,
    }
}

/// A cell as text (numbers as written, without `.0`).
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The reviewer's row of 审核问题: which finding (its 编号), the 部门 shown, 处理,
/// 审核人意见, and where it stands (for a note).
struct Row {
    number: usize,
    department: String,
    verdict: String,
    remark: String,
    at: String,
}

/// The reviewer's rows of every 审核问题 sheet (`审核问题`, `审核问题(2)`, …).
fn reviewer_rows<R: std::io::Read + std::io::Seek>(workbook: &mut calamine::Xlsx<R>) -> Vec<Row> {
    let names: Vec<String> = workbook
        .sheet_names()
        .into_iter()
        .filter(|n| n.starts_with("审核问题"))
        .collect();
    let mut out = Vec::new();
    for name in names {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some((h, header)) = rows.iter().enumerate().find(|(_, r)| {
            r.iter().any(|c| cell_text(c) == NUMBER) && r.iter().any(|c| cell_text(c) == VERDICT)
        }) else {
            continue;
        };
        let column = |title: &str| header.iter().position(|c| cell_text(c) == title);
        let (Some(n), Some(v)) = (column(NUMBER), column(VERDICT)) else {
            continue;
        };
        let (dep, rem) = (column("部门"), column(REMARK));
        let at = |c: Option<usize>, r: &[Data]| c.and_then(|c| r.get(c)).map(cell_text);
        for (k, r) in rows.iter().enumerate().skip(h + 1) {
            let Some(number) = at(Some(n), r).and_then(|t| t.parse().ok()) else {
                continue;
            };
            out.push(Row {
                number,
                department: at(dep, r).unwrap_or_default(),
                verdict: at(Some(v), r).unwrap_or_default(),
                remark: at(rem, r).unwrap_or_default(),
                at: format!(
                    "“{name}”表第 {} 行",
                    range.start().map_or(0, |s| s.0) as usize + k + 1
                ),
            });
        }
    }
    out
}

/// Read an earlier round from its summary workbook.
fn read_workbook(bytes: Vec<u8>, shown: &str, scheme: &str) -> Result<Previous, PreviousError> {
    let not_ours = || PreviousError::NotOurWorkbook(shown.to_string());
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| not_ours())?;
    let data = workbook
        .worksheet_range(DATA_SHEET)
        .map_err(|_| not_ours())?;
    let text: String = data
        .rows()
        .filter_map(|r| r.first())
        .map(|c| match c {
            Data::String(s) => s.as_str(),
            _ => "",
        })
        .collect();
    let doc: RoundDoc = serde_json::from_str(&text)
        .ok()
        .filter(|d: &RoundDoc| d.tool == "jixiao")
        .ok_or_else(not_ours)?;
    same_scheme(&doc.scheme, scheme, shown)?;
    let mut departments: BTreeMap<String, Side> = BTreeMap::new();
    for d in &doc.departments {
        departments.entry(d.name.clone()).or_default().figures = FIELDS
            .iter()
            .copied()
            .zip(d.figures.iter().cloned())
            .collect();
    }
    let owner = |f: &FindingDoc| {
        doc.departments
            .iter()
            .any(|d| d.name == f.department && d.files.contains(&f.file))
    };
    // 编号 n is the n-th finding; each belongs to a department or to no one (a file
    // that could not be read, a superseded copy).
    let mut decisions: Vec<Decision> = doc
        .decisions
        .iter()
        .cloned()
        .filter_map(Decision::from_doc)
        .collect();
    let mut notes = Vec::new();
    let mut remarks: BTreeMap<usize, String> = BTreeMap::new();
    for row in reviewer_rows(&mut workbook) {
        let Some(f) = row.number.checked_sub(1).and_then(|k| doc.findings.get(k)) else {
            notes.push(format!(
                "{}：编号 {} 不是上次的问题，已忽略",
                row.at, row.number
            ));
            continue;
        };
        if !row.department.is_empty() && row.department != f.department {
            notes.push(format!(
                "{}：编号 {} 的部门“{}”与上次的“{}”不符，这一行的处理已忽略",
                row.at, row.number, row.department, f.department
            ));
            continue;
        }
        let verdict = Verdict::parse(&row.verdict).unwrap_or_else(|| {
            notes.push(format!(
                "{}：处理“{}”不是“待整改”“已核实无误”“不予采纳”之一，按待整改",
                row.at, row.verdict
            ));
            Verdict::Pending
        });
        let remark = (!row.remark.is_empty()).then(|| row.remark.clone());
        if let Some(r) = &remark {
            remarks.insert(row.number, r.clone());
        }
        if verdict.closes() {
            decisions.push(Decision {
                department: f.department.clone(),
                rule: f.rule.clone(),
                place: Place::parse(f.cell.as_deref().unwrap_or_default()),
                declared: f.declared.clone(),
                computed: f.computed.clone(),
                message: f.message.clone(),
                verdict,
                remark,
                decided: doc.review_date.clone(),
            });
        }
    }
    for (k, f) in doc.findings.iter().enumerate() {
        if !owner(f) {
            continue;
        }
        if let Some(side) = departments.get_mut(&f.department) {
            side.findings
                .push(seen(f.clone(), remarks.get(&(k + 1)).cloned()));
        }
    }
    Ok(Previous {
        file: shown.to_string(),
        review_date: doc.review_date,
        departments,
        decisions,
        notes,
    })
}
