//! Unit tests of `read/layout.rs`.

use super::*;

#[test]
fn shipped_layouts_load() {
    let l = Layouts::builtin();
    let ids: Vec<&str> = l.all.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "canonical",
            "mof-2020",
            "fujian-2018",
            "chongqing-2021",
            "county-mof",
            "sichuan-score"
        ]
    );
}

/// Every synonym of the table in FORM.md §2, as written there, is accepted by
/// the canonical layout.
#[test]
fn canonical_layout_takes_every_synonym_of_form_md() {
    let l = &Layouts::builtin().all[0];
    let field = |f: Field| l.field(f).unwrap().labels.clone();
    let col = |c: MoneyCol| l.money.columns[&c].clone();
    let row = |r: MoneyRow| l.money.rows[&r].clone();
    let ind = |c: IndicatorCol| l.indicators.columns[&c].clone();
    let table: Vec<(Labels, &[&str])> = vec![
        (
            field(Field::Name),
            &["部门名称", "单位名称", "部门（单位）名称", "预算部门名称"],
        ),
        (
            field(Field::Subordinate),
            &["所属下级预算单位数量", "下属单位数量", "下级单位数量"],
        ),
        (col(MoneyCol::Initial), &["年初预算数", "年初预算"]),
        (
            col(MoneyCol::Budget),
            &["全年预算数", "调整后预算数", "全年预算", "预算数"],
        ),
        (
            col(MoneyCol::Spent),
            &[
                "全年执行数",
                "执行数",
                "实际支出数",
                "实际支出",
                "决算数",
                "支出数",
            ],
        ),
        (
            row(MoneyRow::Total),
            &["年度资金总额", "资金总额", "合计", "总计"],
        ),
        (
            row(MoneyRow::GeneralPublic),
            &["一般公共预算", "一般公共预算财政拨款", "财政拨款"],
        ),
        (ind(IndicatorCol::SelfScore), &["自评得分", "得分"]),
        (ind(IndicatorCol::Points), &["分值", "权重", "标准分"]),
        (
            ind(IndicatorCol::Reason),
            &[
                "偏差原因",
                "偏差原因分析",
                "扣分原因",
                "未完成原因及改进措施",
            ],
        ),
    ];
    for (labels, written) in table {
        for w in written {
            assert!(labels.has(&label::key(w)), "{w}");
        }
    }
}

/// A layout without `[money]` is a family without a money block: it loads, reads
/// no money row; of the shipped layouts only the Sichuan score sheet is one.
#[test]
fn a_layout_may_have_no_money_block() {
    let text = BUILTIN[1];
    let start = text.find("\n[money]\n").unwrap();
    let end = text.find("\n[indicators]\n").unwrap();
    let without = format!("{}{}", &text[..start], &text[end..]);
    let l = Layout::parse(&without).unwrap();
    assert!(!l.has_money);
    assert!(l.money.rows.is_empty() && l.money.header_needs.is_empty());
    let shipped = Layouts::builtin();
    let without: Vec<&str> = shipped
        .all
        .iter()
        .filter(|l| !l.has_money)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(without, ["sichuan-score"]);
    let carried = &Layouts::builtin().all[4].money.rows[&MoneyRow::CarriedOver];
    assert!(carried.has("上年结转资金"));
}

#[test]
fn a_misspelt_role_is_refused() {
    let text = BUILTIN[0].replacen("\nbudget = ", "\nbugdet = ", 1);
    assert_ne!(text, BUILTIN[0]);
    let err = Layout::parse(&text).unwrap_err().to_string();
    assert!(err.contains("bugdet"), "{err}");
}

/// The wrong-role error names the roles accepted at that place.
#[test]
fn a_misspelt_role_lists_the_valid_ones() {
    let text = BUILTIN[0].replacen("\nbudget = ", "\nbugdet = ", 1);
    let err = Layout::parse(&text).unwrap_err().to_string();
    assert!(
        err.contains("此处可用的名称：initial、carried_over、adjustment、budget、spent"),
        "{err}"
    );
}

#[test]
fn shipped_scheme_ids_are_the_shipped_schemes() {
    let mut ids = vec![crate::scheme::Scheme::builtin().id];
    for t in crate::scheme::LAYOUT_SCHEMES {
        ids.push(crate::scheme::Scheme::parse(t).unwrap().id);
    }
    assert_eq!(ids, crate::scheme::BUILTIN_IDS);
}

/// A layout that names an unknown scheme is refused when loaded, with the known
/// ids; never scored by another scheme in silence.
#[test]
fn an_unknown_scheme_is_refused_with_the_known_ids() {
    let text = BUILTIN[1].replacen("scheme = \"mof-2020\"", "scheme = \"mof-2002\"", 1);
    let err = Layout::parse(&text).unwrap_err().to_string();
    assert_eq!(
        err,
        "版式“mof-2020”无效：评分方案“mof-2002”未知：可用的方案为 \
         guangzhou-2023、mof-2020、fujian-2018、chongqing-2021，\
         或写方案文件相对于本版式文件的路径（如 \"方案/本区.toml\"）"
    );
}

/// A scheme path is relative to the layout file; a missing file is an error.
#[test]
fn a_scheme_path_is_relative_to_the_layout_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("方案")).unwrap();
    let scheme =
        crate::scheme::LAYOUT_SCHEMES[0].replacen("id = \"mof-2020\"", "id = \"benqu-2024\"", 1);
    std::fs::write(dir.path().join("方案/本区.toml"), scheme).unwrap();
    let text = BUILTIN[1]
        .replacen("id = \"mof-2020\"", "id = \"benqu\"", 1)
        .replacen("scheme = \"mof-2020\"", "scheme = \"方案/本区.toml\"", 1);
    let file = dir.path().join("本区.toml");
    std::fs::write(&file, &text).unwrap();
    let l = Layout::load(&file).unwrap();
    assert_eq!(l.scheme, "benqu-2024");
    assert_eq!(l.scheme_file.as_ref().unwrap().id, "benqu-2024");

    std::fs::write(&file, text.replace("方案/本区.toml", "方案/别区.toml")).unwrap();
    let err = Layout::load(&file).unwrap_err().to_string();
    assert!(err.starts_with("版式“benqu”无效：评分方案文件 "), "{err}");
    assert!(err.contains("别区.toml"), "{err}");
}

/// `--layouts` takes a folder: its `.toml` files, by name; other files ignored.
#[test]
fn a_folder_of_layouts() {
    let dir = tempfile::tempdir().unwrap();
    for (file, id) in [("b.toml", "own-b"), ("a.toml", "own-a")] {
        let text = BUILTIN[1].replacen("id = \"mof-2020\"", &format!("id = \"{id}\""), 1);
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    std::fs::write(dir.path().join("说明.txt"), "not a layout").unwrap();
    let l = Layouts::with_files(&[dir.path().to_path_buf()]).unwrap();
    let ids: Vec<&str> = l.all.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids[ids.len() - 2..], ["own-a", "own-b"]);

    let empty = tempfile::tempdir().unwrap();
    let err = Layouts::with_files(&[empty.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("中没有版式文件（*.toml）"), "{err}");
}

/// The names a layout accepts at one place, as the parser itself reports them:
/// `text` with `inject` inserted after `after` must fail with an unknown key or
/// role, and the error's list is the answer.
fn accepted(after: &str, inject: &str) -> Vec<String> {
    let text = BUILTIN[0].replacen(after, &format!("{after}{inject}"), 1);
    assert_ne!(text, BUILTIN[0], "canonical.toml has no {after:?}");
    match Layout::parse(&text) {
        Err(LayoutError::Syntax(m)) => {
            let list = m.split("此处可用的名称：").nth(1).unwrap_or("");
            list.trim().split('、').map(str::to_string).collect()
        }
        other => panic!("{inject:?} after {after:?}: {other:?}"),
    }
}

/// `templates/layouts/README.md`: the names of each section (`## … · tag`), the
/// first column's `code` of its table rows.
fn reference() -> BTreeMap<String, Vec<String>> {
    let text = include_str!("../../../templates/layouts/README.md");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut tag = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            tag = h.rsplit_once(" · ").map(|(_, t)| t.trim().to_string());
            continue;
        }
        let (Some(t), Some(rest)) = (&tag, line.strip_prefix("| `")) else {
            continue;
        };
        let name = rest.split('`').next().unwrap_or("").to_string();
        out.entry(t.clone()).or_default().push(name);
    }
    out
}

/// Every key and role the parser accepts is in the reference, and nothing else:
/// the two cannot drift.
#[test]
fn the_reference_lists_every_key_and_role() {
    let parser: Vec<(&str, Vec<String>)> = vec![
        ("top", accepted("id = \"canonical\"\n", "zzz = 1\n")),
        ("detect", accepted("[detect]\n", "zzz = 1\n")),
        ("field", accepted("name = { ", "zzz = 1, ")),
        (
            "value",
            accepted(
                "code = { labels = [\"预算单位编码\"",
                "], value = \"zzz\" } #",
            ),
        ),
        (
            "fields",
            accepted("[fields]\n", "zzz = { labels = [\"x\"] }\n"),
        ),
        ("money", accepted("[money]\n", "zzz = 1\n")),
        (
            "money.columns",
            accepted("[money.columns]\n", "zzz = [\"x\"]\n"),
        ),
        ("money.rows", accepted("[money.rows]\n", "zzz = [\"x\"]\n")),
        ("table", accepted("[indicators]\n", "zzz = 1\n")),
        (
            "table.columns",
            accepted("[indicators.columns]\n", "zzz = [\"x\"]\n"),
        ),
    ];
    let mut reference = reference();
    for (tag, mut names) in parser {
        let mut listed = reference.remove(tag).unwrap_or_default();
        names.sort();
        listed.sort();
        assert_eq!(
            listed, names,
            "templates/layouts/README.md, section · {tag}"
        );
    }
    assert!(
        reference.is_empty(),
        "sections the parser has not: {reference:?}"
    );
}
