//! Form layouts (版式): how a bureau's form is laid out, as data under
//! `templates/layouts/` (`LAYOUTS.md`).
//!
//! A layout names the labels that identify the form (its anchors), the labels of each
//! field and where the field's value sits, the money table's columns and rows, the
//! indicator tables' columns, the block labels that are never column headers, what
//! ends a table, the money unit and the scoring scheme. Roles are enums: a misspelt
//! role is refused when the file is loaded, not silently ignored when a form is read.
//! Every label is compared through [`label::key`], so a layout file may write labels
//! as they are printed (full-width punctuation, spaces, `（万元）`).

pub mod detect;
mod keys;

use crate::text as label;
use rust_decimal::Decimal;
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The layouts shipped with jixiao, in detection order (the canonical one first,
/// so that it wins a tie).
pub const BUILTIN: &[&str] = &[
    include_str!("../../../templates/layouts/canonical.toml"),
    include_str!("../../../templates/layouts/mof-2020.toml"),
    include_str!("../../../templates/layouts/fujian-2018.toml"),
    include_str!("../../../templates/layouts/chongqing-2021.toml"),
    include_str!("../../../templates/layouts/county-mof.toml"),
    include_str!("../../../templates/layouts/sichuan-score.toml"),
];

/// Why a layout file was refused.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The file could not be read, or is not UTF-8 (the message says which).
    #[error("{0}")]
    Read(String),
    /// The TOML is malformed, or a key or role is unknown (line, column, hint).
    #[error("版式文件格式错误，{0}")]
    Syntax(String),
    /// The content breaks a rule of layouts.
    #[error("版式“{id}”无效：{message}")]
    Invalid {
        /// The layout's id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

/// A set of accepted labels, each stored as its [`label::key`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(pub Vec<String>);

impl Labels {
    fn of(raw: &[String]) -> Labels {
        let mut keys: Vec<String> = raw.iter().map(|l| label::key(l)).collect();
        keys.retain(|k| !k.is_empty());
        Labels(keys)
    }

    /// Whether a label key is one of these.
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }

    /// Whether there is no label at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A key-value field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 部门名称.
    Name,
    /// What stands in for the name when no 部门名称 is found (填报单位).
    NameFallback,
    /// 预算单位编码.
    Code,
    /// 所属下级预算单位数量.
    Subordinate,
    /// 填报人.
    Filler,
    /// 联系电话.
    Phone,
    /// 填报日期.
    Date,
    /// 年末结转和结余.
    Carryover,
    /// 年末资产总额.
    AssetsTotal,
    /// 固定资产原值.
    FixedOriginal,
    /// 在用固定资产原值.
    FixedInUse,
    /// 年度总体目标.
    OverallGoal,
    /// 实际完成情况.
    Achievement,
    /// 存在的主要问题.
    Problems,
    /// 下一步改进措施.
    Measures,
    /// 评价等级.
    Grade,
    /// 自评总分 written as a field of its own (not on a table's 总分 row).
    SelfTotal,
    /// Labels of fields the form has and jixiao does not read (财政处室): they only
    /// stop a search for another field's value.
    Ignored,
}

/// Where a field's value sits relative to its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// In the same row, the first non-blank cell to the right (or after a colon in
    /// the label's own cell).
    #[default]
    Right,
    /// In the same column, the first non-blank cell below, within the block.
    Below,
    /// Every non-blank cell below in the same column, within the block, joined by
    /// line breaks (a goal per row).
    BelowAll,
}

/// One field: its labels and where its value is.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// Accepted labels.
    pub labels: Labels,
    /// Where the value sits.
    pub place: Place,
}

/// A column of the money table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyCol {
    /// 年初预算数 (Fujian ①).
    Initial,
    /// 历年结余结转 (Fujian ②).
    CarriedOver,
    /// 年中调整金额 (Fujian ③).
    Adjustment,
    /// 全年预算数 (Fujian ④ 小计).
    Budget,
    /// 全年执行数 (Fujian ⑤).
    Spent,
    /// 执行率 as declared (Fujian ⑥).
    Rate,
    /// 本年度结余金额 (Fujian ⑦ = ④ − ⑤).
    Balance,
    /// 资金结余率 (Fujian ⑧ = ⑦ / ④).
    BalanceRate,
    /// 分值 of the budget-execution row.
    Points,
    /// 得分 of the budget-execution row.
    Score,
}

/// A row of the money table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyRow {
    /// 年度资金总额.
    Total,
    /// 财政拨款: all fiscal money.
    Fiscal,
    /// 一般公共预算.
    GeneralPublic,
    /// 政府性基金预算.
    GovFund,
    /// 国有资本经营预算.
    StateCapital,
    /// 其他资金.
    Other,
    /// 基本支出.
    Basic,
    /// 项目支出.
    Project,
    /// “三公”经费合计.
    SangongTotal,
    /// 因公出国（境）费.
    SangongAbroad,
    /// 公务用车购置及运行维护费.
    SangongVehicles,
    /// 公务用车购置费.
    SangongVehiclePurchase,
    /// 公务用车运行维护费.
    SangongVehicleRunning,
    /// 公务接待费.
    SangongReception,
    /// 政府采购.
    Procurement,
    /// 上年结转资金 (上年结转, 结转结余, 历年结余): a part of 年度资金总额 beside
    /// 财政拨款 and 其他资金.
    CarriedOver,
}

/// A column of an indicator table (goals or scored indicators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorCol {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标 / 指标名称.
    Level3,
    /// 指标性质 (≥ ≤ = 定性).
    Direction,
    /// 计量单位.
    Unit,
    /// 年度目标值 (the adjusted target where the form has two).
    Target,
    /// 年初指标值: the target when the adjusted one is blank.
    TargetInitial,
    /// 实际完成值.
    Actual,
    /// 完成率 / 得分系数 as declared.
    Completion,
    /// 偏差原因.
    Reason,
    /// 分值.
    Points,
    /// 自评得分.
    SelfScore,
}

/// The columns of one indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    /// Labels of each column role.
    pub columns: BTreeMap<IndicatorCol, Labels>,
    /// Column roles that make a header row (at least one must be present).
    pub named_by: Vec<IndicatorCol>,
    /// A `points` column right of the 一级 or 二级 column is that level's 分值,
    /// the one right of the 三级 column the row's (`points_beside_levels`).
    pub points_beside_levels: bool,
    /// Names of the sheet the table stands on (`sheet`), empty when it stands
    /// with the rest of the form ([`Layout::block_sheets`]).
    pub sheet: Labels,
}

impl TableSpec {
    /// The role a header key fills, if any.
    pub fn role(&self, key: &str) -> Option<IndicatorCol> {
        self.columns
            .iter()
            .find(|(_, labels)| labels.has(key))
            .map(|(role, _)| *role)
    }
}

/// The money table (empty, finding nothing, for a layout without one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoneySpec {
    /// Labels of each column role.
    pub columns: BTreeMap<MoneyCol, Labels>,
    /// Labels of each row.
    pub rows: BTreeMap<MoneyRow, Labels>,
    /// A table whose one value row has no label: the row below its header is this.
    pub row_below_header: Option<MoneyRow>,
    /// A money table header is a row with all of these columns.
    pub header_needs: Vec<MoneyCol>,
    /// Above this many 万元, an amount is implausible for a department (UNIT-SUSPECT).
    pub implausible_above: Decimal,
    /// Names of the sheet the money block stands on (`sheet`), empty when it
    /// stands with the rest of the form ([`Layout::block_sheets`]).
    pub sheet: Labels,
}

impl MoneySpec {
    /// The column role a header key fills, if any.
    pub fn column(&self, key: &str) -> Option<MoneyCol> {
        self.columns
            .iter()
            .find(|(_, labels)| labels.has(key))
            .map(|(role, _)| *role)
    }
}

/// One layout, loaded and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Identifier (`canonical`, `mof-2020`): what `--layout` takes and JSON
    /// carries; never shown to a reader of messages or the workbook.
    pub id: String,
    /// Full name (`财政部部门（单位）整体支出绩效自评表（财预〔2020〕10号）`).
    pub name: String,
    /// Short name shown wherever a person reads the layout (`标准表`): messages,
    /// 文件清单's 版式 column; the full name when the file gives none.
    pub short: String,
    /// Id of the scoring scheme its forms are scored with.
    pub scheme: String,
    /// The scheme itself when the layout file names a scheme file by its path
    /// (relative to the layout file) rather than a shipped scheme's id.
    pub scheme_file: Option<std::sync::Arc<crate::scheme::Scheme>>,
    /// Divisor to 万元 when the form names no unit (1 for 万元, 10,000 for 元).
    pub divisor: Decimal,
    /// Anchor label sets: the more of them a sheet holds, the more it is this form.
    pub anchors: Vec<Labels>,
    /// At least this many anchors make a sheet a form of this layout.
    pub min_anchors: usize,
    /// Whether an anchor also counts written right after a year (a title
    /// `2017年部门整体支出绩效评价得分表`; `[detect] year_prefix`). Other layouts'
    /// anchors match only as written.
    pub anchors_after_year: bool,
    /// Key-value fields.
    pub fields: BTreeMap<Field, FieldSpec>,
    /// The money table.
    pub money: MoneySpec,
    /// Whether the family's form has a money block at all: a layout without
    /// `[money]` (a score sheet of indicators only) reads no amounts and raises no
    /// MISSING-FIELD for them.
    pub has_money: bool,
    /// The goal table (the canonical section 四); `None` when goals come from the
    /// scored table ([`Layout::combined`]).
    pub goals: Option<TableSpec>,
    /// The scored indicator table.
    pub indicators: TableSpec,
    /// Whether each row of the scored table is also a goal (target, actual, points
    /// and score in one table).
    pub combined: bool,
    /// Labels of the 总分 row that closes the scored table.
    pub total_row: Labels,
    /// Labels of rows that end a table (the narrative after it, a new block).
    pub table_ends: Labels,
    /// Block labels: start a new block, never a column header or a row.
    pub blocks: Labels,
    /// Text prefixes of footnote rows (`自评得分说明：…`), which end a table.
    pub footnotes: Vec<String>,
    /// Header labels of columns that hold nothing to read (资金类别, 说明).
    pub ignored_columns: Labels,
    /// Row labels a money table holds that jixiao knowingly does not read.
    pub ignored_rows: Labels,
    /// Whether merged regions are loaded for this layout's sheet.
    pub merges: bool,
    /// Every field label whose value is to its right: a value search stops there.
    stops: HashSet<String>,
}

impl Layout {
    /// Parse and check one layout file's text (a scheme path in it is relative to
    /// the working folder).
    pub fn parse(text: &str) -> Result<Layout, LayoutError> {
        keys::build(text, None)
    }

    /// Load a layout file; a scheme path in it is relative to the file.
    pub fn load(path: &Path) -> Result<Layout, LayoutError> {
        let text =
            crate::plain::read_settings(path, "版式文件").map_err(|e| LayoutError::Read(e.0))?;
        keys::build(&text, path.parent()).map_err(|e| match e {
            LayoutError::Syntax(m) => {
                LayoutError::Read(format!("版式文件 {} 格式错误，{m}", path.display()))
            }
            other => other,
        })
    }

    /// The labels of a field (empty when the layout has no such field).
    pub fn field(&self, field: Field) -> Option<&FieldSpec> {
        self.fields.get(&field)
    }

    /// Whether a label key is a field label whose value stands to its right: a
    /// search for a value to the right stops at it.
    pub fn is_stop(&self, key: &str) -> bool {
        self.stops.contains(key)
    }

    /// The sheets of a workbook the form's blocks stand on, for a family that
    /// spreads them over several (`[money] sheet = ["基础数据表"]`, `[indicators]
    /// sheet = ["指标表"]`): for the money block, the goal table and the indicator
    /// table in that order, the first of `names` the block's `sheet` accepts, each
    /// sheet once. Empty when the layout names no block's sheet.
    pub fn block_sheets<'n>(&self, names: &'n [String]) -> Vec<&'n String> {
        let blocks = [
            Some(&self.money.sheet),
            self.goals.as_ref().map(|g| &g.sheet),
            Some(&self.indicators.sheet),
        ];
        let mut out: Vec<&String> = Vec::new();
        for wanted in blocks.into_iter().flatten().filter(|l| !l.is_empty()) {
            if let Some(name) = names.iter().find(|n| wanted.has(&label::key(n))) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// Whether a normalised cell text is a footnote.
    pub fn is_footnote(&self, normalized: &str) -> bool {
        self.footnotes
            .iter()
            .any(|f| normalized.starts_with(f.as_str()))
    }
}

/// Every layout jixiao knows, in detection order.
#[derive(Debug, Clone)]
pub struct Layouts {
    /// The layouts; the first is the canonical one.
    pub all: Vec<Layout>,
}

impl Layouts {
    /// The shipped layouts.
    pub fn builtin() -> Layouts {
        Layouts {
            all: BUILTIN
                .iter()
                .map(|t| Layout::parse(t).expect("a shipped layout is valid"))
                .collect(),
        }
    }

    /// The shipped layouts plus layout files, each path a `.toml` file or a folder
    /// of them (its `*.toml` files, by name); a file whose id is a shipped one
    /// replaces it.
    pub fn with_files(paths: &[std::path::PathBuf]) -> Result<Layouts, LayoutError> {
        let mut out = Layouts::builtin();
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                files.extend(folder_files(p)?);
            } else {
                files.push(p.clone());
            }
        }
        for p in &files {
            let l = Layout::load(p)?;
            match out.all.iter_mut().find(|x| x.id == l.id) {
                Some(slot) => *slot = l,
                None => out.all.push(l),
            }
        }
        Ok(out)
    }

    /// The layout of an id.
    pub fn get(&self, id: &str) -> Option<&Layout> {
        self.all.iter().find(|l| l.id == id)
    }

    /// The ids `--layout` takes, each with its short name, for messages
    /// (`canonical（标准表）、mof-2020（财政部2020版）、…`).
    pub fn ids(&self) -> String {
        self.all
            .iter()
            .map(|l| format!("{}（{}）", l.id, l.short))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// The short name of a layout id, for a person to read (the id itself when no
    /// layout has it).
    pub fn short_of(&self, id: &str) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |l| l.short.clone())
    }
}

/// The `.toml` files of a layout folder, by name; a folder without any is an error.
fn folder_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, LayoutError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        LayoutError::Read(format!(
            "无法读取版式文件夹 {}：{}",
            dir.display(),
            crate::plain::io(&e)
        ))
    })?;
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(LayoutError::Read(format!(
            "版式文件夹 {} 中没有版式文件（*.toml）",
            dir.display()
        )));
    }
    Ok(files)
}

#[cfg(test)]
mod tests;
