//! `jixiao layout` and the three form families of `docs/layouts.md`
//! (tests/fixtures/families/, made by make_family_fixtures.py): the draft loads with
//! the layout parser, is the same bytes twice, lists the labels no layout knows as
//! `# 未识别` comments, and reads the Sichuan form's money and rows; each family's
//! hand-edited layout reads what the docs say it reads. Every figure is set by hand
//! in the script (see its comments), never copied from jixiao's output.

use crate::common;

use common::{dec, jixiao, read_json, root, rule_cells};
use jixiao::read::layout::Layout;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SICHUAN: &str = "tests/fixtures/families/sichuan_示例县发展和改革局.xlsx";
const YUNNAN: &str = "tests/fixtures/families/yunnan_示例县档案馆.xlsx";
const HUNAN: &str = "tests/fixtures/families/hunan_示例市城管监督中心.xlsx";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Run `jixiao layout <form> -o <dir>/draft.toml`; (stdout, the draft's text).
fn draft(form: &str, dir: &Path) -> (String, String) {
    let out_path = dir.join("draft.toml");
    let out = jixiao(&root(), &["layout", form, "-o", out_path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "jixiao layout failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_path).unwrap();
    (String::from_utf8(out.stdout).unwrap(), text)
}

/// `jixiao check <form> --layouts <layout> --layout <id> --json`: the one department.
fn check_with(form: &str, layout: &Path, id: &str, dir: &Path) -> Value {
    let json = dir.join("out.json");
    let out = jixiao(
        &root(),
        &[
            "check",
            form,
            "-q",
            "--layouts",
            layout.to_str().unwrap(),
            "--layout",
            id,
            "--json",
            json.to_str().unwrap(),
        ],
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    read_json(&json)
}

fn funds<'a>(doc: &'a Value, row: &str) -> &'a Value {
    &doc["departments"][0]["funds"][row]
}

/// (name, points, self score) of each indicator row, in form order.
fn rows(doc: &Value) -> Vec<(String, Option<Decimal>, Option<Decimal>)> {
    let opt = |v: &Value| v.as_str().map(|s| s.parse().unwrap());
    doc["departments"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["level3"].as_str().unwrap().to_string(),
                opt(&r["points"]),
                opt(&r["self_score"]),
            )
        })
        .collect()
}

/// (rule, cell) of every finding but the batch's YEAR-MISMATCH, sorted.
fn rules(doc: &Value) -> Vec<(String, String)> {
    rule_cells(doc, &["YEAR-MISMATCH"])
}

fn family(name: &str) -> PathBuf {
    root().join("tests/fixtures/families").join(name)
}

#[test]
fn the_draft_loads_is_deterministic_and_names_the_unknown_labels() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, text) = draft(SICHUAN, dir.path());
    let layout = Layout::parse(&text).expect("the draft is a valid layout file");
    assert_eq!(layout.id, "sichuan_示例县发展和改革局");
    assert_eq!(layout.scheme, "mof-2020");
    assert!(layout.combined);
    // The same form, the same bytes.
    let again = tempfile::tempdir().unwrap();
    assert_eq!(draft(SICHUAN, again.path()).1, text);
    // Labels planted in the fixture that no shipped layout has.
    for planted in [
        "# 未识别：度量单位（自评表!G11）",
        "# 未识别：未完成原因分析（自评表!K11）",
        "# 未识别：财政专户管理资金（自评表!B8）",
        "# 未识别：单位资金（自评表!B9）",
    ] {
        assert!(text.contains(planted), "{planted} missing from:\n{text}");
    }
    // Guesses are marked as such.
    assert!(text.contains("spent = [\"预算执行数\"]  # 自评表!E5（推断"));
    assert!(text.contains("total = [\"总额\"]  # 自评表!B6（推断"));
    // What the trial read, by hand: 250.00 / 245.00 = 98.00%; 97.80 declared and computed.
    assert!(
        stdout.contains("年度资金总额  250.00  245.00  98.00%"),
        "{stdout}"
    );
    assert!(
        stdout.contains("项目前期工作完成率  20.00  18.00  18.00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("自评总分：97.80（自评表!J16）；复核总分：97.80"),
        "{stdout}"
    );
}

#[test]
fn reading_with_the_draft_gives_the_money_and_rows_set_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    draft(SICHUAN, dir.path());
    let doc = check_with(
        SICHUAN,
        &dir.path().join("draft.toml"),
        "sichuan_示例县发展和改革局",
        dir.path(),
    );
    let total = funds(&doc, "total");
    assert_eq!(dec(&total["initial"]), d("240"));
    assert_eq!(dec(&total["budget"]), d("250"));
    assert_eq!(dec(&total["spent"]), d("245"));
    assert_eq!(dec(&total["rate"]), d("0.98"));
    let s = |x: &str| Some(d(x));
    assert_eq!(
        rows(&doc),
        vec![
            ("预算执行率".into(), s("10"), s("9.8")),
            ("办理审批事项数".into(), s("30"), s("30")),
            ("审批办结率".into(), s("20"), s("20")),
            ("项目前期工作完成率".into(), s("20"), s("18")),
            ("群众满意度".into(), s("20"), s("20")),
        ]
    );
    let scores = &doc["departments"][0]["scores"];
    assert_eq!(dec(&scores["total"]), d("97.80"));
    assert_eq!(dec(&scores["self_total"]), d("97.80"));
    // The draft does not read 财政资金: the reader says so at its cell.
    assert!(rules(&doc).contains(&("UNMAPPED".into(), "自评表!B7".into())));
}

#[test]
fn sichuan_layout_edited_from_the_draft_reads_the_whole_form() {
    let dir = tempfile::tempdir().unwrap();
    let doc = check_with(
        SICHUAN,
        &family("sichuan-county-2023.toml"),
        "sichuan-county-2023",
        dir.path(),
    );
    let fiscal = funds(&doc, "fiscal");
    assert_eq!(dec(&fiscal["budget"]), d("250"));
    assert_eq!(dec(&fiscal["spent"]), d("245"));
    assert_eq!(dec(&doc["departments"][0]["scores"]["total"]), d("97.80"));
    assert_eq!(rules(&doc), Vec::<(String, String)>::new());
}

#[test]
fn yunnan_layout_reads_the_money_but_not_the_two_row_indicator_header() {
    let dir = tempfile::tempdir().unwrap();
    let doc = check_with(
        YUNNAN,
        &family("yunnan-county-2020.toml"),
        "yunnan-county-2020",
        dir.path(),
    );
    let total = funds(&doc, "total");
    assert_eq!(dec(&total["budget"]), d("130"));
    assert_eq!(dec(&total["spent"]), d("117"));
    let fiscal = funds(&doc, "fiscal");
    assert_eq!(dec(&fiscal["budget"]), d("125"));
    assert_eq!(dec(&fiscal["spent"]), d("113"));
    // 上年结转资金 is read as its own row (0 / 5.00 / 4.00): 125 + 5 + 0 = 130 and
    // 113 + 4 + 0 = 117, so no SUM-FUNDS.
    let carried = funds(&doc, "carried_over");
    assert_eq!(dec(&carried["budget"]), d("5"));
    assert_eq!(dec(&carried["spent"]), d("4"));
    let r = rules(&doc);
    assert!(r.iter().all(|(rule, _)| rule != "SUM-FUNDS"), "{r:?}");
    // Only the budget row is scored: the indicator header spans two rows.
    assert_eq!(
        rows(&doc),
        vec![("预算执行率".into(), Some(d("10")), Some(d("9")))]
    );
    assert!(r.contains(&("TOTAL-NA".into(), String::new())));
}

#[test]
fn hunan_layout_reads_the_points_of_every_level_and_the_scores() {
    let dir = tempfile::tempdir().unwrap();
    let doc = check_with(HUNAN, &family("hunan-2018.toml"), "hunan-2018", dir.path());
    let s = |x: &str| Some(d(x));
    // points_beside_levels: the 三级 分值 (F) is each row's; B and D are the 一级's
    // and 二级's, checked against their rows (20 = 10 + 10 = 5 + 5 + 10; 40; 40).
    assert_eq!(
        rows(&doc),
        vec![
            ("在职人员控制率".into(), s("5"), s("5")),
            ("三公经费变动率".into(), s("5"), s("4")),
            ("预算执行率".into(), s("10"), s("9")),
            ("实际完成率".into(), s("40"), s("38")),
            ("社会公众满意度".into(), s("40"), s("36")),
        ]
    );
    let scores = &doc["departments"][0]["scores"];
    // 5 + 4 + 9 + 38 + 36 = 92, declared in I9; no target or actual columns: the
    // review score of each row is its declared score within its points.
    assert_eq!(dec(&scores["self_total"]), d("92"));
    assert_eq!(dec(&scores["total"]), d("92"));
    assert_eq!(dec(&scores["by_level1"]["投入"]), d("18"));
    // No money block (the layout has no [money]): no MISSING-FIELD, no amounts, and
    // the district totals leave the department out, saying so; no UNMAPPED 分值
    // column and no POINTS-TOTAL: no finding at all.
    assert_eq!(rules(&doc), Vec::<(String, String)>::new());
    assert!(funds(&doc, "total")["budget"].is_null());
    assert!(funds(&doc, "total")["rate"].is_null());
    assert_eq!(doc["district"]["without_amounts"], 1);
    assert!(doc["district"]["rate"].is_null());
    let (_, text) = draft(HUNAN, dir.path());
    assert!(text.contains("# 注意：points 在表头出现 3 次（B3、D3、F3），读取时只取第一列 B3"));
    assert!(text.contains("# 未找到资金表"));
    assert!(text.contains("删去整个 [money] 一节"));
}

/// In the workbook, the Hunan department (no money block) has blank amounts in
/// 汇总表, and the 合计 row says it is left out rather than summing it as 0.
#[test]
fn hunan_without_money_is_left_out_of_the_workbook_totals_by_name() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("汇总表.xlsx");
    let layout = family("hunan-2018.toml");
    let out = jixiao(
        &root(),
        &[
            "build",
            HUNAN,
            "-q",
            "--layouts",
            layout.to_str().unwrap(),
            "--layout",
            "hunan-2018",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("汇总表").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "全年预算数"))
        .unwrap();
    let budget = rows[head].iter().position(|c| c == "全年预算数").unwrap();
    let dept = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "示例市城市管理监督指挥中心"))
        .unwrap();
    assert_eq!(dept[budget], "");
    assert_eq!(dept[budget + 1], "");
    let total = rows
        .iter()
        .find(|r| r.iter().any(|c| c.starts_with("合计")))
        .unwrap();
    assert!(total
        .iter()
        .any(|c| c == "合计（不含 1 个没有全年预算数或全年执行数的部门）"));
}
