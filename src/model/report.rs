//! A 自评报告 as plain data: what it states ([`Claim`]), the slips inside it
//! ([`Slip`]), the form figures it is set against ([`Figure`]) and the result
//! ([`Reconciled`]). The report stage fills these; pairing and the report rules
//! read them.

use super::finding::Rule;
use super::place::Place;
use super::review::Grade;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A 自评报告 as the batch keeps it (JSON `departments[].report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report file.
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// The department name it states.
    pub stated_name: Option<String>,
    /// Whether that name stands in a field of the cover (`部门名称：…`, `评价单位：…`)
    /// rather than in the title or a line above it.
    #[serde(default)]
    pub name_in_field: bool,
    /// The cover: the paragraphs before the first heading (at most twelve short
    /// ones), where pairing looks for a form's department name.
    #[serde(default)]
    pub cover: Vec<String>,
    /// What it states.
    pub claims: Vec<Claim>,
    /// Slips inside the report (before pairing gives them a department).
    pub slips: Vec<Slip>,
    /// The form it is paired with.
    pub form: Option<String>,
    /// The evidence of that pair.
    #[serde(default)]
    pub paired_by: Option<PairedBy>,
    /// For the second format of one report (the PDF beside the .docx), the file of
    /// the version that is checked and shown; this one is only compared with it.
    pub same_as: Option<String>,
    /// The report set against its form, field by field (the 报告核对 sheet); empty
    /// until paired, and for a second version.
    pub reconciled: Vec<Reconciled>,
}

/// The evidence a report was paired with its form on (`REPORT.md` §2), strongest
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PairedBy {
    /// The department's own folder: one form and one report (or versions of it).
    Folder,
    /// The name in a field of the cover (`部门名称：…`) is the form's.
    Name,
    /// The form's department name stands in the report's title or on its cover.
    Text,
    /// The file names: the same stem, or one stem inside the other.
    FileName,
}

impl PairedBy {
    /// As 文件清单 and JSON show it (文件夹 / 部门名称 / 报告正文 / 文件名).
    pub fn label(self) -> &'static str {
        match self {
            PairedBy::Folder => "文件夹",
            PairedBy::Name => "部门名称",
            PairedBy::Text => "报告正文",
            PairedBy::FileName => "文件名",
        }
    }
}

/// The unit a quantity was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// An amount, held in 万元 whatever unit was written.
    Wan,
    /// A percentage, in percent.
    Percent,
    /// Points of a score.
    Points,
    /// A grade (优/良/中/差).
    Grade,
}

impl Unit {
    /// As shown after a value.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Wan => "万元",
            Unit::Percent => "%",
            Unit::Points => "分",
            Unit::Grade => "",
        }
    }
}

/// One stated quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Subject id, with its fund or 一级指标 in front when the sentence gives one
    /// (`general.basic`, `履职效能.self_total`).
    pub subject: String,
    /// The subject in Chinese (`一般公共预算·基本支出`).
    pub name: String,
    /// The value in [`Claim::unit`] (for a grade: 4 优, 3 良, 2 中, 1 差).
    pub value: Decimal,
    /// Decimal places as written (`99.8%` → 1).
    pub places: u32,
    /// Unit.
    pub unit: Unit,
    /// Paragraph number, from 1.
    pub paragraph: usize,
    /// The words stated, from the term to the unit (`部门整体预算完成率99.8%`).
    pub quote: String,
}

impl Claim {
    /// The value as written, with its unit (`99.8%`, `1,954.07万元`, `优`).
    pub fn shown(&self) -> String {
        match self.unit {
            Unit::Grade => grade_of(self.value).map_or("?", Grade::label).to_string(),
            Unit::Wan => format!("{:.2}万元", self.value.round_dp(2)),
            Unit::Points => format!("{:.2}分", self.value.round_dp(2)),
            u => format!("{}{}", self.value, u.label()),
        }
    }
}

/// A grade as a claim value.
pub fn grade_value(g: Grade) -> Decimal {
    Decimal::from(match g {
        Grade::Excellent => 4,
        Grade::Good => 3,
        Grade::Fair => 2,
        Grade::Poor => 1,
    })
}

/// The grade of a claim value.
pub fn grade_of(v: Decimal) -> Option<Grade> {
    [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor]
        .into_iter()
        .find(|g| grade_value(*g) == v)
}

/// A finding of a report rule, before it is given its file and department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slip {
    /// The rule.
    pub rule: Rule,
    /// Paragraph it points at.
    pub paragraph: usize,
    /// Message.
    pub message: String,
    /// The stated value.
    pub declared: Option<String>,
    /// What it should be by the other figures.
    pub computed: Option<String>,
}

/// How the two sides of a field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Agreement {
    /// Both state it, with the same value (within the tolerances, at the
    /// precision written).
    Same,
    /// Both state it, with different values.
    Differs,
    /// Only the report states it.
    ReportOnly,
    /// Only the form gives it.
    FormOnly,
}

impl Agreement {
    /// As the sheet shows it.
    pub fn label(self) -> &'static str {
        match self {
            Agreement::Same => "一致",
            Agreement::Differs => "不一致",
            Agreement::ReportOnly => "仅报告",
            Agreement::FormOnly => "仅表格",
        }
    }
}

/// One field of one department, both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reconciled {
    /// The field in Chinese (`全年执行数`, `履职效能·得分率`).
    pub field: String,
    /// What the report states and where: (value as written, paragraph).
    pub report: Option<(String, usize)>,
    /// What the form gives and where: (value, its cell; `None` for a computed
    /// figure).
    pub form: Option<(String, Option<Place>)>,
    /// How they compare.
    pub agreement: Agreement,
}

/// One figure of a form that a report may restate, with its cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The claim subject it answers (`budget`, `self_total`, `履职效能.score_rate`).
    pub subject: String,
    /// The value, in the claim's unit (万元, percent, points, grade value).
    pub value: Decimal,
    /// The form's cell, or `None` for a computed figure.
    pub at: Option<Place>,
}
