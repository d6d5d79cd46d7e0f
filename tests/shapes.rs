//! Shapes bureaus publish (issue #26), read as the layout files describe them:
//! detection by specific anchors, the 提示 when two layouts match almost equally,
//! and NO-FORM naming the closest layout. Fixtures: `tests/fixtures/shapes/`
//! (`make_shape_fixtures.py`, figures set by hand there).

use crate::common;

use common::{dec, department, jixiao, read_json, root};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `jixiao check` on `inputs` with extra arguments, as JSON (any exit code).
fn check(inputs: &str, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let mut args = vec!["check", "-q", "--in-process", inputs, "--year", "2023"];
    args.extend_from_slice(&["--json", json.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let out = jixiao(&root(), &args);
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    read_json(&json)
}

/// Every finding of the run as (rule, department, cell, message).
fn all_findings(doc: &Value) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("department"), s("cell"), s("message"))
        })
        .collect();
    out.sort();
    out
}

fn fixture(name: &str) -> String {
    let p = root().join("tests/fixtures/shapes").join(name);
    assert!(Path::new(&p).exists(), "{}", p.display());
    p.to_str().unwrap().to_string()
}

/// The county form derived from the national one is told by its own anchors
/// (部门, 预算资金, 当年财政拨款, 上年结转资金, 实际完成值), not read as the canonical
/// form by the many generic ones it shares with it: every row is read and scored.
/// Budget row 10 × 392.00/400.00 = 9.80, three rows met 30 + 30 + 30: 99.80.
#[test]
fn county_form_is_detected_by_its_specific_anchors() {
    let doc = check(&fixture("县级_示例县文化馆.xlsx"), &[]);
    assert_eq!(doc["files"][0]["layout"], "county-mof");
    let dep = department(&doc, "示例县文化馆");
    assert_eq!(dec(&dep["funds"]["total"]["budget"]), d("400.00"));
    assert_eq!(dec(&dep["funds"]["total"]["spent"]), d("392.00"));
    assert_eq!(dec(&dep["scores"]["total"]), d("99.80"));
    assert_eq!(all_findings(&doc), vec![]);
}

/// The county form with its 上年结转资金 row filled and deadline and control
/// targets, every one met (make_shape_fixtures.py, `library`): 预算资金 500.00 =
/// 当年财政拨款 450.00 + 上年结转资金 30.00 + 其他资金 20.00, so no SUM-FUNDS; the
/// carry-over shown as its own fund row. Budget row 10 × 500/500 = 10.00; 20 (14场 ≥
/// 12场) + 25 (7月, 9月前) + 25 (10月, 11月前) + 20 (未超预算, 不超预算) = 90:
/// 复核总分 100.00, and no finding at all.
#[test]
fn county_form_with_carry_over_and_deadlines_scores_100() {
    let doc = check(&fixture("县级_示例县图书馆.xlsx"), &[]);
    assert_eq!(doc["files"][0]["layout"], "county-mof");
    let dep = department(&doc, "示例县图书馆");
    let funds = &dep["funds"];
    assert_eq!(dec(&funds["total"]["budget"]), d("500.00"));
    assert_eq!(dec(&funds["fiscal"]["budget"]), d("450.00"));
    assert_eq!(dec(&funds["carried_over"]["initial"]), d("0.00"));
    assert_eq!(dec(&funds["carried_over"]["budget"]), d("30.00"));
    assert_eq!(dec(&funds["carried_over"]["spent"]), d("30.00"));
    assert_eq!(dec(&funds["carried_over"]["rate"]), d("1"));
    assert_eq!(dec(&funds["other"]["spent"]), d("20.00"));
    let completions: Vec<Decimal> = dep["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(&r["completion"]))
        .collect();
    assert_eq!(completions, vec![Decimal::ONE; 5]);
    assert_eq!(dec(&dep["scores"]["total"]), d("100.00"));
    assert_eq!(all_findings(&doc), vec![]);
}

/// Two layouts that match a sheet equally: read with the first, a 提示 names the
/// other (here a copy of the national layout under another id).
#[test]
fn two_close_layouts_give_a_note_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("templates/layouts/mof-2020.toml"))
        .unwrap()
        .replacen("id = \"mof-2020\"", "id = \"mof-copy\"", 1)
        .replacen("short = \"财政部2020版\"", "short = \"财政部表副本\"", 1);
    std::fs::write(dir.path().join("副本.toml"), text).unwrap();
    let form = root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx");
    let doc = check(
        form.to_str().unwrap(),
        &["--layouts", dir.path().to_str().unwrap()],
    );
    assert_eq!(doc["files"][0]["layout"], "mof-2020");
    let notes: Vec<_> = all_findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "LAYOUT-CLOSE")
        .collect();
    assert_eq!(
        notes,
        vec![(
            "LAYOUT-CLOSE".to_string(),
            "示例区档案馆".to_string(),
            String::new(),
            "本表按版式“财政部2020版”读取；版式“财政部表副本”的锚点几乎同样多（相差不到一组），\
             如读错了请用 --layout mof-copy 指定"
                .to_string()
        )]
    );
    // Without the copy, no note: the figures of tests/layouts.rs stand.
    let doc = check(form.to_str().unwrap(), &[]);
    assert!(all_findings(&doc).iter().all(|f| f.0 != "LAYOUT-CLOSE"));
}

/// A sheet with three of the canonical form's twelve anchor groups (it needs four):
/// NO-FORM names the closest layout and the first label of each group it lacks.
#[test]
fn no_form_names_the_closest_layout_and_what_it_lacks() {
    let doc = check(&fixture("缺锚点_通知.xlsx"), &[]);
    assert_eq!(
        all_findings(&doc),
        vec![(
            "NO-FORM".to_string(),
            String::new(),
            String::new(),
            "未找到自评表：没有工作表符合任何版式；最接近的是“标准表”（工作表“通知”有其 3/12 组锚点，\
             至少要 4 组），缺少：全年预算数、全年执行数、年度资金总额、基本支出、三公经费合计、三级指标、\
             分值、年度目标值、评价等级"
                .to_string()
        )]
    );
}
