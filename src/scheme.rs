//! The indicator scheme (指标体系): data under `templates/`, not code.
//!
//! One file names every scoring indicator (levels, points, method, accepted label
//! variants), the 定性 table and the grade bands. It drives the blank template, the
//! reader's matching of indicator rows, and the scoring.

use crate::model::Grade;
use crate::text as label;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The built-in default scheme (Guangzhou district system of the seeds).
pub const DEFAULT_SCHEME: &str = include_str!("../templates/guangzhou-2023.toml");

/// The schemes of the shipped layouts other than the canonical one
/// (`templates/layouts/*.toml` name them by id).
pub const LAYOUT_SCHEMES: &[&str] = &[
    include_str!("../templates/schemes/mof-2020.toml"),
    include_str!("../templates/schemes/fujian-2018.toml"),
    include_str!("../templates/schemes/chongqing-2021.toml"),
];

/// The ids of the shipped schemes (the default one first): what a layout's
/// `scheme` may name without a path.
pub const BUILTIN_IDS: &[&str] = &[
    "guangzhou-2023",
    "mof-2020",
    "fujian-2018",
    "chongqing-2021",
];

/// Scoring by the form's own indicator rows (`LAYOUTS.md` §1): each row earns its
/// points × its completion, the budget-execution row its points × min(执行率 /
/// target, 1).
#[derive(Debug, Clone, PartialEq)]
pub struct FormRows {
    /// The 执行率 that earns the budget row's full points (1 = 100%).
    pub budget_target: Decimal,
    /// What the form's points must add up to.
    pub points_total: Decimal,
}

/// The 指标偏离 rule of budget-integration systems: an indicator whose actual
/// exceeds its target by `above` (0.3 = 30%) or more had its target set too low and
/// costs `penalty` points off the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// How far above the target (a fraction of it) counts as 偏离.
    pub above: Decimal,
    /// Points taken off the total per deviating indicator.
    pub penalty: Decimal,
}

/// Rows a department names itself under a level of a fixed scheme (部门特性指标,
/// 个性指标): together they are worth `points`; each is scored by the form-row rule
/// (its 分值 × the completion of its goal, else its 自评得分 within its 分值).
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentRows {
    /// The 一级指标 the rows stand under.
    pub level1: String,
    /// The 二级指标 they stand under; `None`: any 二级 of `level1`.
    pub level2: Option<String>,
    /// What the rows are worth together.
    pub points: Decimal,
}

impl DepartmentRows {
    /// Whether a row of the form (its 一级 and 二级) stands under these.
    pub fn holds(&self, level1: &str, level2: &str) -> bool {
        label::key(level1) == label::key(&self.level1)
            && self
                .level2
                .as_ref()
                .is_none_or(|l2| label::key(l2) == label::key(level2))
    }

    /// How the rows are named in a message: `部门特性指标` or `部门特性指标／个性指标`.
    pub fn name(&self) -> String {
        match &self.level2 {
            Some(l2) => format!("{}／{l2}", self.level1),
            None => self.level1.clone(),
        }
    }
}

/// A cap on the total by the 执行率: below `rate`, the total is at most `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cap {
    /// 执行率 (fraction) below which the cap applies.
    pub below: Decimal,
    /// The highest total allowed.
    pub max: Decimal,
}

/// Why a scheme file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SchemeError {
    /// The file could not be read, or is not UTF-8 (the message says which).
    #[error("{0}")]
    Read(String),
    /// The TOML is malformed or a field has the wrong type (line, column, hint).
    #[error("指标方案文件格式错误，{0}")]
    Syntax(String),
    /// The content breaks a rule of schemes.
    #[error("指标方案无效：{0}")]
    Invalid(String),
}

/// How an indicator is scored (`SCORING.md` §2).
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// Mean completion of the goal indicators of the named 一级 kinds.
    Goals {
        /// 一级指标 names of section 四 (产出指标, 效益指标, 满意度指标).
        kinds: Vec<String>,
    },
    /// A ratio of two figures of the form against a target.
    Rate {
        /// Which figures.
        basis: RateBasis,
        /// Default target (fraction) when the row gives none.
        target: Decimal,
    },
    /// 三公 执行数 against 预算数.
    Control,
    /// The department's own 自评得分, clamped to [0, points].
    SelfScore,
}

impl Method {
    /// The method's name as in the scheme file and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Goals { .. } => "goals",
            Method::Rate { .. } => "rate",
            Method::Control => "control",
            Method::SelfScore => "self",
        }
    }
}

/// The figures a `rate` indicator divides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// 全年执行数 / 全年预算数 of the total row.
    Funds,
    /// 实际采购金额 / 政府采购预算.
    Procurement,
    /// 在用固定资产原值 / 固定资产原值.
    FixedAssets,
}

/// One scoring indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// Other accepted spellings of the 三级指标.
    pub aliases: Vec<String>,
    /// 分值.
    pub points: Decimal,
    /// Scoring method.
    pub method: Method,
    /// 评分标准 text for the template's instructions.
    pub criteria: Option<String>,
}

/// A whole indicator system.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Identifier written to outputs (`guangzhou-2023`).
    pub id: String,
    /// Human name.
    pub name: String,
    /// Indicators in order.
    pub indicators: Vec<Indicator>,
    /// 定性 value → completion.
    pub qualitative: Vec<(String, Decimal)>,
    /// Grade bands, best first: a total ≥ min earns the grade.
    pub grades: Vec<(Grade, Decimal)>,
    /// Score the form's own rows instead of fixed indicators.
    pub form_rows: Option<FormRows>,
    /// The optional 指标偏离 rule.
    pub deviation: Option<Deviation>,
    /// The optional caps of the total by 执行率, lowest `below` last.
    pub caps: Vec<Cap>,
    /// Levels whose rows each department names itself (`[[department_rows]]`).
    pub department_rows: Vec<DepartmentRows>,
    by_key: HashMap<String, usize>,
    /// [`Scheme::level1`] and [`Scheme::level2`], made once.
    levels: (Vec<Level>, Vec<Level>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: String,
    name: String,
    #[serde(default)]
    grades: Vec<RawGrade>,
    #[serde(default)]
    qualitative: toml::Table,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    form_rows: Option<RawFormRows>,
    deviation: Option<RawDeviation>,
    #[serde(default)]
    caps: Vec<RawCap>,
    #[serde(default)]
    department_rows: Vec<RawDepartmentRows>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartmentRows {
    level1: String,
    #[serde(default)]
    level2: Option<String>,
    points: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormRows {
    budget_target: toml::Value,
    points_total: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeviation {
    above: toml::Value,
    penalty: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCap {
    below: toml::Value,
    max: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: String,
    min: toml::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    level1: String,
    level2: String,
    level3: String,
    #[serde(default)]
    aliases: Vec<String>,
    points: toml::Value,
    method: String,
    #[serde(default)]
    goal_kinds: Vec<String>,
    basis: Option<RateBasis>,
    target: Option<toml::Value>,
    criteria: Option<String>,
}

/// A TOML number or numeric string as an exact Decimal.
fn decimal(value: &toml::Value, what: &str) -> Result<Decimal, SchemeError> {
    let parsed = match value {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) => crate::num::from_f64(*f),
        toml::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| SchemeError::Invalid(format!("{what} 不是数字：{value}")))
}

impl Scheme {
    /// The built-in default scheme.
    pub fn builtin() -> Scheme {
        Scheme::parse(DEFAULT_SCHEME).expect("the built-in scheme is valid")
    }

    /// Load and validate a scheme file.
    pub fn load(path: &Path) -> Result<Scheme, SchemeError> {
        let text = crate::plain::read_settings(path, "指标方案文件")
            .map_err(|e| SchemeError::Read(e.0))?;
        Scheme::parse(&text).map_err(|e| match e {
            SchemeError::Syntax(m) => {
                SchemeError::Read(format!("指标方案文件 {} 格式错误，{m}", path.display()))
            }
            other => other,
        })
    }

    /// Parse and validate scheme TOML.
    pub fn parse(text: &str) -> Result<Scheme, SchemeError> {
        let raw: RawScheme = toml::from_str(text)
            .map_err(|e| SchemeError::Syntax(crate::plain::toml_error(&e, text)))?;
        let mut indicators = Vec::new();
        for r in raw.indicators {
            let what = format!("指标“{}”的", r.level3);
            let points = decimal(&r.points, &format!("{what}分值"))?;
            let method = match r.method.as_str() {
                "goals" => {
                    if r.goal_kinds.is_empty() {
                        return Err(SchemeError::Invalid(format!(
                            "{what}评分方法 goals 需要 goal_kinds（参与评分的一级指标）"
                        )));
                    }
                    Method::Goals {
                        kinds: r.goal_kinds.iter().map(|k| label::key(k)).collect(),
                    }
                }
                "rate" => {
                    let basis = r.basis.ok_or_else(|| {
                        SchemeError::Invalid(format!(
                            "{what}评分方法 rate 需要 basis（funds / procurement / fixed_assets）"
                        ))
                    })?;
                    let target = match &r.target {
                        Some(v) => decimal(v, &format!("{what}目标值"))?,
                        None => Decimal::ONE,
                    };
                    if target <= Decimal::ZERO {
                        return Err(SchemeError::Invalid(format!("{what}目标值必须大于 0")));
                    }
                    Method::Rate { basis, target }
                }
                "control" => Method::Control,
                "self" => Method::SelfScore,
                other => {
                    return Err(SchemeError::Invalid(format!(
                        "{what}评分方法“{other}”未知（可用：goals、rate、control、self）"
                    )))
                }
            };
            indicators.push(Indicator {
                level1: r.level1.trim().to_string(),
                level2: r.level2.trim().to_string(),
                level3: r.level3.trim().to_string(),
                aliases: r.aliases,
                points,
                method,
                criteria: r.criteria,
            });
        }
        let mut qualitative = Vec::new();
        for (k, v) in &raw.qualitative {
            let value = decimal(v, &format!("定性值“{k}”"))?;
            if value < Decimal::ZERO || value > Decimal::ONE {
                return Err(SchemeError::Invalid(format!(
                    "定性值“{k}”的完成率必须在 0 到 1 之间"
                )));
            }
            qualitative.push((label::key(k), value));
        }
        let mut grades = Vec::new();
        for g in &raw.grades {
            let grade = Grade::parse(&g.grade).ok_or_else(|| {
                SchemeError::Invalid(format!("评价等级“{}”未知（可用：优、良、中、差）", g.grade))
            })?;
            grades.push((grade, decimal(&g.min, &format!("等级“{}”的下限", g.grade))?));
        }
        if grades.is_empty() {
            grades = vec![
                (Grade::Excellent, Decimal::from(90)),
                (Grade::Good, Decimal::from(80)),
                (Grade::Fair, Decimal::from(60)),
                (Grade::Poor, Decimal::ZERO),
            ];
        }
        grades.sort_by_key(|g| std::cmp::Reverse(g.1));
        let form_rows = match &raw.form_rows {
            Some(r) => Some(FormRows {
                budget_target: decimal(&r.budget_target, "form_rows.budget_target")?,
                points_total: decimal(&r.points_total, "form_rows.points_total")?,
            }),
            None => None,
        };
        let deviation = match &raw.deviation {
            Some(d) => Some(Deviation {
                above: decimal(&d.above, "deviation.above")?,
                penalty: decimal(&d.penalty, "deviation.penalty")?,
            }),
            None => None,
        };
        let mut caps = Vec::new();
        for c in &raw.caps {
            caps.push(Cap {
                below: decimal(&c.below, "caps.below")?,
                max: decimal(&c.max, "caps.max")?,
            });
        }
        caps.sort_by_key(|c| std::cmp::Reverse(c.below));
        let mut department_rows = Vec::new();
        for g in &raw.department_rows {
            let what = format!("department_rows“{}”", g.level1);
            let points = decimal(&g.points, &format!("{what}的 points"))?;
            if g.level1.trim().is_empty() || points <= Decimal::ZERO {
                return Err(SchemeError::Invalid(format!(
                    "{what}需要一级指标名称（level1）和大于 0 的分值（points）"
                )));
            }
            department_rows.push(DepartmentRows {
                level1: g.level1.trim().to_string(),
                level2: g
                    .level2
                    .as_ref()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty()),
                points,
            });
        }
        let mut scheme = Scheme {
            id: raw.id,
            name: raw.name,
            indicators,
            qualitative,
            grades,
            form_rows,
            deviation,
            caps,
            department_rows,
            by_key: HashMap::new(),
            levels: Default::default(),
        };
        scheme.validate()?;
        let groups = &scheme.department_rows;
        scheme.levels = (
            group(
                scheme
                    .indicators
                    .iter()
                    .map(|i| (&i.level1, i.points))
                    .chain(groups.iter().map(|g| (&g.level1, g.points))),
            ),
            group(
                scheme
                    .indicators
                    .iter()
                    .map(|i| (&i.level2, i.points))
                    .chain(
                        groups
                            .iter()
                            .filter_map(|g| g.level2.as_ref().map(|l2| (l2, g.points))),
                    ),
            ),
        );
        Ok(scheme)
    }

    fn validate(&mut self) -> Result<(), SchemeError> {
        if let Some(r) = &self.form_rows {
            if !self.indicators.is_empty() {
                return Err(SchemeError::Invalid(
                    "按表内指标评分（form_rows）的方案不再列出 indicators".into(),
                ));
            }
            if !self.department_rows.is_empty() {
                return Err(SchemeError::Invalid(
                    "按表内指标评分（form_rows）的方案每一行都按表评分，不写 department_rows"
                        .into(),
                ));
            }
            if r.budget_target <= Decimal::ZERO || r.points_total <= Decimal::ZERO {
                return Err(SchemeError::Invalid(
                    "form_rows 的 budget_target 和 points_total 必须大于 0".into(),
                ));
            }
            return Ok(());
        }
        if self.indicators.is_empty() {
            return Err(SchemeError::Invalid("没有任何指标".into()));
        }
        let total: Decimal = self.indicators.iter().map(|i| i.points).sum::<Decimal>()
            + self
                .department_rows
                .iter()
                .map(|g| g.points)
                .sum::<Decimal>();
        if total != Decimal::ONE_HUNDRED {
            return Err(SchemeError::Invalid(format!(
                "各指标分值之和为 {}，应为 100",
                crate::num::plain(total)
            )));
        }
        let mut level2_parent: HashMap<&str, &str> = HashMap::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            if ind.points <= Decimal::ZERO {
                return Err(SchemeError::Invalid(format!(
                    "指标“{}”的分值必须大于 0",
                    ind.level3
                )));
            }
            if ind.level1.is_empty() || ind.level2.is_empty() || ind.level3.is_empty() {
                return Err(SchemeError::Invalid(format!(
                    "第 {} 个指标缺少一级、二级或三级指标名称",
                    i + 1
                )));
            }
            if let Some(parent) = level2_parent.insert(&ind.level2, &ind.level1) {
                if parent != ind.level1 {
                    return Err(SchemeError::Invalid(format!(
                        "二级指标“{}”同时属于一级指标“{}”和“{}”",
                        ind.level2, parent, ind.level1
                    )));
                }
            }
            for name in std::iter::once(&ind.level3).chain(&ind.aliases) {
                let k = label::key(name);
                if let Some(prev) = self.by_key.insert(k, i) {
                    if prev != i {
                        return Err(SchemeError::Invalid(format!(
                            "名称“{name}”同时指向两个指标"
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// The indicator a 三级指标 cell names, by its label key.
    pub fn match_indicator(&self, level3_key: &str) -> Option<usize> {
        if let Some(&i) = self.by_key.get(level3_key) {
            return Some(i);
        }
        // `部门预算资金支出率（10分）` and the like.
        let trimmed = level3_key
            .split_once('(')
            .map(|(head, _)| head)
            .unwrap_or(level3_key);
        self.by_key.get(trimmed).copied()
    }

    /// The `[[department_rows]]` a row of the form belongs to: a row of the
    /// indicator table that matched no indicator and stands under their level.
    pub fn department_rows_of(&self, row: &crate::model::IndicatorRow) -> Option<usize> {
        if row.budget || row.scheme_index.is_some() {
            return None;
        }
        self.department_rows
            .iter()
            .position(|g| g.holds(&row.level1, &row.level2))
    }

    /// The most the total may be at this 执行率 (the strictest cap that applies).
    pub fn cap(&self, rate: Decimal) -> Option<Decimal> {
        self.caps
            .iter()
            .filter(|c| rate < c.below)
            .map(|c| c.max)
            .min()
    }

    /// 一级指标 names in order, with their points.
    pub fn level1(&self) -> Vec<(String, Decimal)> {
        self.levels.0.clone()
    }

    /// 二级指标 names in order, with their points.
    pub fn level2(&self) -> Vec<(String, Decimal)> {
        self.levels.1.clone()
    }

    /// [`Scheme::level1`] and [`Scheme::level2`] without a copy.
    pub fn levels(&self) -> (&[Level], &[Level]) {
        (&self.levels.0, &self.levels.1)
    }

    /// The completion of a 定性 value (`较好` → 0.8), by its label key.
    pub fn qualitative(&self, value: &str) -> Option<Decimal> {
        let k = label::key(value);
        self.qualitative
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| *v)
    }

    /// The grade a total earns.
    pub fn grade(&self, total: Decimal) -> Grade {
        self.grades
            .iter()
            .find(|(_, min)| total >= *min)
            .map(|(g, _)| *g)
            .unwrap_or(Grade::Poor)
    }
}

/// A 一级 or 二级 indicator: its name and points.
pub type Level = (String, Decimal);

/// How a scored indicator is named and weighed in the outputs: from the scheme for
/// a fixed indicator, from the form's row for a scheme that scores the form's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Described<'a> {
    /// 一级指标.
    pub level1: &'a str,
    /// 二级指标.
    pub level2: &'a str,
    /// 三级指标.
    pub level3: &'a str,
    /// 分值.
    pub points: Option<Decimal>,
    /// Method name (`goals`, `rate`, …; `row` and `budget` for the form's rows).
    pub method: &'static str,
    /// Whether the target and actual are rates of the form's figures.
    pub rates: bool,
}

impl Scheme {
    /// Names, points and method of a scored indicator of a form.
    pub fn describe<'a>(
        &'a self,
        s: &crate::model::ScoredIndicator,
        form: &'a crate::model::Form,
    ) -> Described<'a> {
        if let Some(def) = s.scheme_index.and_then(|i| self.indicators.get(i)) {
            return Described {
                level1: &def.level1,
                level2: &def.level2,
                level3: &def.level3,
                points: Some(def.points),
                method: def.method.name(),
                rates: matches!(def.method, Method::Rate { .. } | Method::Control),
            };
        }
        match s.row.and_then(|k| form.indicators.get(k)) {
            Some(r) => Described {
                level1: &r.level1,
                level2: &r.level2,
                level3: &r.level3,
                points: r.points.as_ref().map(|p| p.value),
                method: if r.budget { "budget" } else { "row" },
                rates: r.budget,
            },
            None => Described {
                level1: "",
                level2: "",
                level3: "",
                points: None,
                method: "",
                rates: false,
            },
        }
    }
}

/// Names in order of first appearance with the sum of their points.
fn group<'a>(items: impl Iterator<Item = (&'a String, Decimal)>) -> Vec<(String, Decimal)> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    for (name, points) in items {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, p)) => *p += points,
            None => out.push((name.clone(), points)),
        }
    }
    out
}

#[cfg(test)]
mod tests;
