//! The keys of a layout file as the TOML parser accepts them, and the checks a
//! loaded layout must pass. `templates/layouts/README.md` lists every key and role;
//! the unit tests compare that list with what these structs accept.

use super::*;
use crate::scheme::{Scheme, BUILTIN_IDS};
use std::path::Path;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    id: String,
    name: String,
    #[serde(default)]
    short: Option<String>,
    scheme: String,
    #[serde(default = "default_unit")]
    unit: String,
    #[serde(default)]
    merges: bool,
    detect: RawDetect,
    #[serde(default)]
    fields: BTreeMap<Field, RawField>,
    /// `None`: the family's form has no money block (a score sheet only).
    #[serde(default)]
    money: Option<RawMoney>,
    goals: Option<RawTable>,
    indicators: RawTable,
    #[serde(default)]
    combined: bool,
    #[serde(default)]
    total_row: Vec<String>,
    #[serde(default)]
    table_ends: Vec<String>,
    #[serde(default)]
    blocks: Vec<String>,
    #[serde(default)]
    footnotes: Vec<String>,
    #[serde(default)]
    ignored_columns: Vec<String>,
    #[serde(default)]
    ignored_rows: Vec<String>,
}

fn default_unit() -> String {
    "万元".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDetect {
    anchors: Vec<Vec<String>>,
    min: usize,
    /// An anchor also counts written right after a year (`2017年…`, `2017年度…`).
    #[serde(default)]
    year_prefix: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    labels: Vec<String>,
    #[serde(default)]
    value: Place,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoney {
    columns: BTreeMap<MoneyCol, Vec<String>>,
    #[serde(default)]
    rows: BTreeMap<MoneyRow, Vec<String>>,
    row_below_header: Option<MoneyRow>,
    header_needs: Vec<MoneyCol>,
    implausible_above: toml::Value,
    /// The sheet the block stands on, when the family spreads its blocks over
    /// several sheets of one workbook.
    #[serde(default)]
    sheet: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    columns: BTreeMap<IndicatorCol, Vec<String>>,
    named_by: Vec<IndicatorCol>,
    /// Each `points` column right beside a level column holds that level's points
    /// (湖南: 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值).
    #[serde(default)]
    points_beside_levels: bool,
    /// The sheet the table stands on (as `money.sheet`).
    #[serde(default)]
    sheet: Vec<String>,
}

impl RawTable {
    fn build(self) -> TableSpec {
        TableSpec {
            columns: self
                .columns
                .iter()
                .map(|(role, l)| (*role, Labels::of(l)))
                .collect(),
            named_by: self.named_by,
            points_beside_levels: self.points_beside_levels,
            sheet: Labels::of(&self.sheet),
        }
    }
}

/// Parse and check one layout file's text; `base` is the folder a scheme path is
/// relative to (the layout file's own, or the working folder).
pub(super) fn build(text: &str, base: Option<&Path>) -> Result<Layout, LayoutError> {
    let raw: RawLayout = toml::from_str(text).map_err(|e| syntax(&e, text))?;
    let invalid = |message: String| LayoutError::Invalid {
        id: raw.id.clone(),
        message,
    };
    let divisor = match raw.unit.as_str() {
        "万元" => Decimal::ONE,
        "元" => Decimal::from(10_000),
        other => return Err(invalid(format!("金额单位“{other}”未知（可用：万元、元）"))),
    };
    if raw.detect.anchors.is_empty() || raw.detect.min == 0 {
        return Err(invalid(
            "detect.anchors 不能为空，detect.min 至少为 1".into(),
        ));
    }
    if raw.detect.min > raw.detect.anchors.len() {
        return Err(invalid("detect.min 大于锚点标签的组数".into()));
    }
    let money = match &raw.money {
        Some(m) => Some(money_spec(m).map_err(invalid)?),
        None => None,
    };
    if raw.combined && raw.goals.is_some() {
        return Err(invalid(
            "combined = true 时绩效目标取自评分表，不能再写 [goals]".into(),
        ));
    }
    let fields: BTreeMap<Field, FieldSpec> = raw
        .fields
        .iter()
        .map(|(f, r)| {
            (
                *f,
                FieldSpec {
                    labels: Labels::of(&r.labels),
                    place: r.value,
                },
            )
        })
        .collect();
    let stops = fields
        .values()
        .filter(|f| f.place == Place::Right)
        .flat_map(|f| f.labels.0.iter().cloned())
        .collect();
    let (scheme, scheme_file) = resolve_scheme(&raw.scheme, base).map_err(invalid)?;
    Ok(Layout {
        scheme,
        scheme_file,
        divisor,
        anchors: raw.detect.anchors.iter().map(|a| Labels::of(a)).collect(),
        min_anchors: raw.detect.min,
        anchors_after_year: raw.detect.year_prefix,
        fields,
        has_money: money.is_some(),
        money: money.unwrap_or_default(),
        goals: raw.goals.map(RawTable::build),
        indicators: raw.indicators.build(),
        combined: raw.combined,
        total_row: Labels::of(&raw.total_row),
        table_ends: Labels::of(&raw.table_ends),
        blocks: Labels::of(&raw.blocks),
        footnotes: raw.footnotes.iter().map(|f| label::normalize(f)).collect(),
        ignored_columns: Labels::of(&raw.ignored_columns),
        ignored_rows: Labels::of(&raw.ignored_rows),
        merges: raw.merges,
        stops,
        id: raw.id,
        short: raw.short.unwrap_or_else(|| raw.name.clone()),
        name: raw.name,
    })
}

/// The money block's spec, checked: its header needs columns that have labels,
/// and `implausible_above` is a number.
fn money_spec(raw: &RawMoney) -> Result<MoneySpec, String> {
    if raw.header_needs.is_empty() {
        return Err("money.header_needs 不能为空".into());
    }
    for need in &raw.header_needs {
        if !raw.columns.contains_key(need) {
            return Err(format!("money.header_needs 中的 {need:?} 没有列标签"));
        }
    }
    let implausible_above = match &raw.implausible_above {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::String(s) => s
            .parse()
            .map_err(|_| "money.implausible_above 不是数字".to_string())?,
        _ => return Err("money.implausible_above 应为整数".into()),
    };
    Ok(MoneySpec {
        columns: raw
            .columns
            .iter()
            .map(|(c, l)| (*c, Labels::of(l)))
            .collect(),
        rows: raw.rows.iter().map(|(r, l)| (*r, Labels::of(l))).collect(),
        row_below_header: raw.row_below_header,
        header_needs: raw.header_needs.clone(),
        implausible_above,
        sheet: Labels::of(&raw.sheet),
    })
}

/// A TOML error as the user reads it: where, a hint, and for a misspelt key or
/// role the names that are accepted there (`可用的名称：initial、budget、…`).
pub(super) fn syntax(e: &toml::de::Error, text: &str) -> LayoutError {
    let mut message = crate::plain::toml_error(e, text);
    let expected = accepted_names(e.message());
    if !expected.is_empty() {
        message.push_str(&format!("\n  此处可用的名称：{}", expected.join("、")));
    }
    LayoutError::Syntax(message)
}

/// The names a serde error of an unknown key or role says are accepted
/// (`unknown variant `x`, expected one of `a`, `b``), in the parser's order.
pub(super) fn accepted_names(message: &str) -> Vec<String> {
    if !message.contains("unknown field") && !message.contains("unknown variant") {
        return Vec::new();
    }
    let Some((_, expected)) = message.split_once("expected") else {
        return Vec::new();
    };
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// A layout's `scheme`: a shipped scheme's id, or a scheme file's path relative to
/// the layout file (`schemes/本区.toml`), loaded now. Anything else is an error
/// naming the known ids, never a silent fallback to another scheme.
fn resolve_scheme(
    given: &str,
    base: Option<&Path>,
) -> Result<(String, Option<Arc<Scheme>>), String> {
    if BUILTIN_IDS.contains(&given) {
        return Ok((given.to_string(), None));
    }
    let known = BUILTIN_IDS.join("、");
    let path_like = given.ends_with(".toml") || given.contains(['/', '\\']);
    if !path_like {
        return Err(format!(
            "评分方案“{given}”未知：可用的方案为 {known}，或写方案文件相对于本版式文件的路径（如 \"方案/本区.toml\"）"
        ));
    }
    let path = base.map_or_else(|| Path::new(given).to_path_buf(), |b| b.join(given));
    let scheme = Scheme::load(&path).map_err(|e| {
        format!(
            "评分方案文件 {} 无法使用（{e}）；也可写内置方案的 id：{known}",
            path.display()
        )
    })?;
    Ok((scheme.id.clone(), Some(Arc::new(scheme))))
}
