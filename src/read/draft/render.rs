//! The draft as a layout file: the keys of `templates/layouts/*.toml`, each label
//! followed by the cell it stands in, every unmapped label as a `# 未识别：` comment
//! in the section it belongs to. The same scan gives the same bytes.

use super::vocab::role_name;
use super::{Columns, Found, Label, Section};
use crate::read::layout::{IndicatorCol, MoneyCol};
use std::fmt::Write;

/// How many anchor groups a draft names at most.
const MAX_ANCHORS: usize = 10;

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `["a", "b"]` of the distinct keys, in order.
fn list(labels: &[Label]) -> String {
    let mut keys: Vec<&str> = Vec::new();
    for l in labels {
        if !keys.contains(&l.key.as_str()) {
            keys.push(&l.key);
        }
    }
    let inner: Vec<String> = keys.iter().map(|k| quoted(k)).collect();
    format!("[{}]", inner.join(", "))
}

fn strings(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|k| quoted(k)).collect();
    format!("[{}]", inner.join(", "))
}

/// `# 自评表!D5` and the notes of the labels.
fn cells(sheet: &str, labels: &[Label]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in labels {
        let mut p = format!("{sheet}!{}", l.at.a1());
        if let Some(n) = &l.note {
            p.push_str(&format!("（{n}）"));
        }
        parts.push(p);
    }
    format!("  # {}", parts.join("；"))
}

fn columns<R: Copy + std::fmt::Debug>(out: &mut String, sheet: &str, cols: &Columns<R>) {
    for (role, labels) in cols {
        let _ = writeln!(
            out,
            "{} = {}{}",
            role_name(*role),
            list(labels),
            cells(sheet, labels)
        );
    }
}

fn unmapped(out: &mut String, f: &Found, section: Section) {
    for (s, l) in &f.unmapped {
        if *s == section {
            let _ = writeln!(out, "# 未识别：{}（{}!{}）", l.key, f.sheet, l.at.a1());
        }
    }
    for (s, n) in &f.notes {
        if *s == section {
            let _ = writeln!(out, "# 注意：{n}");
        }
    }
}

/// The anchors: the distinct labels found, tables first, at most [`MAX_ANCHORS`].
fn anchors(f: &Found) -> Vec<String> {
    let mut all: Vec<&Label> = Vec::new();
    if let Some(m) = &f.money {
        all.extend(m.columns.values().flatten());
        all.extend(m.rows.values().flatten());
    }
    for t in [&f.indicators, &f.goals].into_iter().flatten() {
        all.extend(t.columns.values().flatten());
    }
    all.extend(f.fields.values().flatten());
    all.extend(f.blocks.iter());
    let mut keys: Vec<String> = Vec::new();
    for l in all {
        if !keys.contains(&l.key) && keys.len() < MAX_ANCHORS {
            keys.push(l.key.clone());
        }
    }
    keys
}

fn table(out: &mut String, f: &Found, name: &str, section: Section) {
    let t = match section {
        Section::Goals => f.goals.as_ref(),
        _ => f.indicators.as_ref(),
    };
    let _ = writeln!(out, "\n[{name}]");
    let Some(t) = t else {
        out.push_str("# 未找到绩效指标表（一级指标或三级指标，加上指标值、分值或得分的表头）：以下是占位的标签\n");
        let _ = writeln!(out, "named_by = [\"level3\"]\n\n[{name}.columns]");
        out.push_str("level3 = [\"三级指标\"]\npoints = [\"分值\"]\nself_score = [\"得分\"]\n");
        return;
    };
    let named = if t.columns.contains_key(&IndicatorCol::Level3) {
        "level3"
    } else {
        "level1"
    };
    let _ = writeln!(out, "# 表头在第 {} 行", t.header_row + 1);
    let _ = writeln!(out, "named_by = [\"{named}\"]\n\n[{name}.columns]");
    columns(out, &f.sheet, &t.columns);
    unmapped(out, f, section);
}

/// The layout file's text for a draft named `id`.
pub fn render(id: &str, f: &Found) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 版式草稿：{id}（jixiao layout 按已有各版式的标签生成，读取工作表“{}”）\n#\n\
         # 每个标签后的注释是它所在的单元格；注明“推断”的标签不在任何已有版式中，是按相近的标签猜的，请核对。\n\
         # 没能对应到任何栏目的标签写成“# 未识别：标签（单元格）”：确是要读的栏目，就把它加到对应角色的标签里。\n\
         # 改好后试读：jixiao check 报送文件夹 --layouts 本文件 --layout {id}",
        f.sheet
    );
    let indicators = f.indicators.as_ref();
    let combined = f.goals.is_none()
        && indicators.is_some_and(|t| {
            t.columns.contains_key(&IndicatorCol::Target)
                || t.columns.contains_key(&IndicatorCol::Actual)
        });
    let _ = writeln!(out, "\nid = {}", quoted(id));
    let _ = writeln!(out, "name = {}", quoted(&format!("{id}（版式草稿）")));
    let _ = writeln!(out, "short = {}", quoted(id));
    out.push_str("# 评分方案：按表中部门自己列出的每一行指标评分（分值 × 完成率），见 templates/schemes/mof-2020.toml\n");
    out.push_str("scheme = \"mof-2020\"\n");
    let _ = writeln!(out, "unit = \"{}\"", if f.yuan { "元" } else { "万元" });
    out.push_str("merges = true\n");
    if combined {
        out.push_str(
            "# 指标表同时有目标值（或实际值）和分值、得分：每一行既是绩效目标，也是评分行\n",
        );
    }
    let _ = writeln!(out, "combined = {combined}");
    let _ = writeln!(out, "total_row = {}", list(&f.total_row));
    let _ = writeln!(out, "table_ends = {}", list(&f.table_ends));
    let _ = writeln!(out, "blocks = {}", list(&f.blocks));
    let _ = writeln!(out, "footnotes = {}", strings(&f.footnotes));
    let ignored_columns: Vec<Label> = [&f.indicators, &f.goals]
        .into_iter()
        .flatten()
        .flat_map(|t| t.ignored.iter().cloned())
        .collect();
    let _ = writeln!(out, "ignored_columns = {}", list(&ignored_columns));
    let ignored_rows = f
        .money
        .as_ref()
        .map(|m| m.ignored_rows.clone())
        .unwrap_or_default();
    let _ = writeln!(out, "ignored_rows = {}", list(&ignored_rows));

    let anchors = anchors(f);
    let min = (anchors.len() * 2).div_ceil(3).max(1);
    out.push_str("\n# 识别：表中出现的锚点组越多越像本版式；下面是本表找到的标签\n[detect]\n");
    let _ = writeln!(out, "min = {min}\nanchors = [");
    if anchors.is_empty() {
        out.push_str("  [\"部门名称\"],\n");
    }
    for a in &anchors {
        let _ = writeln!(out, "  [{}],", quoted(a));
    }
    out.push_str("]\n\n[fields]\n");
    for (field, labels) in &f.fields {
        let place = super::scan::field_place(f, *field);
        let value = if place == "right" {
            String::new()
        } else {
            format!(", value = \"{place}\"")
        };
        let _ = writeln!(
            out,
            "{} = {{ labels = {}{value} }}{}",
            role_name(*field),
            list(labels),
            cells(&f.sheet, labels)
        );
    }
    unmapped(&mut out, f, Section::Fields);

    out.push_str("\n[money]\n");
    match f.money.as_ref().filter(|m| !m.columns.is_empty()) {
        Some(m) => {
            let mut needs: Vec<String> = [MoneyCol::Budget, MoneyCol::Spent]
                .into_iter()
                .filter(|c| m.columns.contains_key(c))
                .map(role_name)
                .collect();
            if needs.is_empty() {
                needs.extend(m.columns.keys().next().map(|c| role_name(*c)));
            }
            let _ = writeln!(out, "# 表头在第 {} 行", m.header_row + 1);
            let _ = writeln!(out, "header_needs = {}", strings(&needs));
            if let Some(r) = m.row_below_header {
                out.push_str("# 表头下一行没有行标签：它就是年度资金总额\n");
                let _ = writeln!(out, "row_below_header = \"{}\"", role_name(r));
            }
            out.push_str("implausible_above = 1000000\n\n[money.columns]\n");
            columns(&mut out, &f.sheet, &m.columns);
            unmapped(&mut out, f, Section::MoneyColumns);
            out.push_str("\n[money.rows]\n");
            columns(&mut out, &f.sheet, &m.rows);
            unmapped(&mut out, f, Section::MoneyRows);
        }
        None => {
            out.push_str("# 未找到资金表（全年预算数、全年执行数等表头）：以下是占位的标签，读取时会报 MISSING-FIELD；\n");
            out.push_str("# 本表确实没有资金表（只有指标和得分）的，删去整个 [money] 一节\n");
            out.push_str("header_needs = [\"budget\", \"spent\"]\nimplausible_above = 1000000\n\n");
            out.push_str("[money.columns]\nbudget = [\"全年预算数\"]\nspent = [\"全年执行数\"]\n");
        }
    }
    if f.goals.is_some() {
        table(&mut out, f, "goals", Section::Goals);
    }
    table(&mut out, f, "indicators", Section::Indicators);
    out
}
