//! Forms laid out like the families of `LAYOUTS.md` (tests/fixtures/layouts/, made by
//! make_layout_fixtures.py): each read with its layout, scored by its own rows, and
//! each slip found at its cell. Every expected figure is worked out by hand from the
//! fixture's figures (see the script's comments), never copied from jixiao's output.

use crate::common;

use common::{build, dec, department, jixiao, read_json, root, sheet_rows};
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Build the layout fixtures (year 2023 for all, so that only the slips show).
fn batch() -> Value {
    batch_into(tempfile::tempdir().unwrap().path())
}

/// [`batch`], leaving `out.xlsx` and `out.json` in `dir`.
fn batch_into(dir: &std::path::Path) -> Value {
    let json = dir.join("out.json");
    build(
        &root(),
        &[
            "tests/fixtures/layouts",
            "--year",
            "2023",
            "-o",
            dir.join("out.xlsx").to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    read_json(&json)
}

/// The findings of one department as (rule, cell), sorted.
fn findings(doc: &Value, name: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["department"] == name && f["rule"] != "YEAR-MISMATCH")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

/// (points, declared score, review score) of each indicator row, in form order.
fn rows(dep: &Value) -> Vec<(Decimal, Option<Decimal>, Option<Decimal>)> {
    dep["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let opt = |v: &Value| v.as_str().map(|s| s.parse().unwrap());
            (dec(&r["points"]), opt(&r["self_score"]), opt(&r["score"]))
        })
        .collect()
}

fn layout_of(doc: &Value, file_part: &str) -> String {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().contains(file_part))
        .unwrap()["layout"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn national_form_is_read_and_scored_by_its_own_rows() {
    let doc = batch();
    assert_eq!(layout_of(&doc, "mof_示例区档案馆"), "mof-2020");
    let dep = department(&doc, "示例区档案馆");
    assert_eq!(dep["name"], "示例区档案馆");
    assert_eq!(dep["layout"], "mof-2020");
    let total = &dep["funds"]["total"];
    assert_eq!(dec(&total["budget"]), d("520.00"));
    assert_eq!(dec(&total["spent"]), d("509.60"));
    assert_eq!(total["rate"], "0.9800"); // 509.60 / 520.00
                                         // 其中：财政拨款 is all fiscal money, never 一般公共预算.
    assert_eq!(dec(&dep["funds"]["fiscal"]["budget"]), d("500.00"));
    assert!(dep["funds"]["general_public"]["budget"].is_null());
    assert_eq!(dec(&dep["funds"]["other"]["spent"]), d("19.60"));
    // The goal text is read below its header, not replaced by the header.
    assert!(dep["text"]["overall_goal"]
        .as_str()
        .unwrap()
        .starts_with("全年接收进馆档案不少于3000卷"));
    // Budget row, then all eleven indicator rows (the block label 绩效指标 merged
    // down column A is no header; the footnote under 总分 is no indicator).
    let scored = rows(dep);
    let expected = [
        ("10", Some("9.80"), Some("9.80")), // 10 × 509.60/520.00
        ("10", Some("10"), Some("10.00")),
        ("10", Some("10"), Some("10.00")),
        ("10", Some("10"), Some("10.00")),
        ("5", Some("5"), Some("5.00")),    // ≤0次 met by 0次
        ("5", Some("5"), Some("5.00")),    // ≤3天 met by 2天
        ("10", Some("9.5"), Some("9.38")), // ≤1.5元, 1.6元: 10 × 1.5/1.6 = 9.375
        ("10", Some("10"), Some("9.20")),  // 10 × 4600/5000
        ("10", Some("10"), Some("10.00")),
        ("5", Some("5"), Some("5.00")), // 持续稳定运行 as targeted
        ("10", Some("10"), Some("10.00")),
        ("5", Some("5"), Some("5.00")),
    ];
    assert_eq!(scored.len(), expected.len());
    for (got, (p, s, r)) in scored.iter().zip(expected) {
        assert_eq!(got.0, d(p));
        assert_eq!(got.1, s.map(d));
        assert_eq!(got.2, r.map(d));
    }
    let scores = &dep["scores"];
    assert_eq!(dec(&scores["self_total"]), d("99.30"));
    // 9.80 + 10 + 10 + 10 + 5 + 5 + 9.38 + 9.20 + 10 + 5 + 10 + 5 = 98.38
    assert_eq!(dec(&scores["total"]), d("98.38"));
    assert_eq!(scores["grade"], "优");
    assert_eq!(
        findings(&doc, "示例区档案馆"),
        pairs(&[("SCORE-REVIEW", "自评表!H20")])
    );
}

#[test]
fn fujian_form_reads_numbered_headers_and_catches_yuan_under_wanyuan() {
    let doc = batch();
    assert_eq!(layout_of(&doc, "fujian_示例县党史研究室"), "fujian-2018");
    let dep = department(&doc, "示例县党史研究室");
    let total = &dep["funds"]["total"];
    // Shown as written (元 under a 万元 header) ...
    assert_eq!(dec(&total["budget"]), d("2751417.82"));
    assert_eq!(dec(&total["spent"]), d("2690000.00"));
    assert_eq!(dec(&total["carried_over"]), d("51417.82"));
    assert_eq!(dec(&total["adjustment"]), d("100000.00"));
    assert_eq!(total["rate"], "0.9777"); // 2690000 / 2751417.82 = 0.97768
    assert_eq!(dep["unit_suspect"], true);
    assert_eq!(
        findings(&doc, "示例县党史研究室"),
        pairs(&[
            ("UNIT-SUSPECT", "自评表!F11"),
            ("SCORE-REVIEW", "自评表!I20")
        ])
    );
    // ... and left out of the district totals.
    let district = &doc["district"];
    assert_eq!(district["unit_suspect"], 2); // with the canonical form in 元
    assert!(dec(&district["budget"]) < d("1000000"));

    // 一级 points from the labels; rows 20, 20, 10, 10 | 15, 15 | 10.
    let scored = rows(dep);
    let points: Vec<Decimal> = scored.iter().map(|r| r.0).collect();
    assert_eq!(points, ["20", "20", "10", "10", "15", "15", "10"].map(d));
    assert!(
        scored.iter().all(|r| r.1 == Some(r.0)),
        "full declared scores"
    );
    assert_eq!(scored[4].2, Some(d("14.25"))); // 15 × 950/1000
    assert_eq!(dep["indicators"][0]["level1"], "产出指标");
    assert_eq!(dec(&dep["scores"]["self_total"]), d("100"));
    // 20 + 20 + 10 + 10 + 14.25 + 15 + 10
    assert_eq!(dec(&dep["scores"]["total"]), d("99.25"));

    // The same layout in 万元, with ⑦ written 13.50 where ④ − ⑤ = 12.50.
    let other = department(&doc, "示例县档案局");
    assert_eq!(other["unit_suspect"], false);
    assert_eq!(dec(&other["funds"]["total"]["budget"]), d("332.50"));
    assert_eq!(
        findings(&doc, "示例县档案局"),
        pairs(&[
            ("SUM-FUNDS", "自评表!I5"),
            ("SUM-FUNDS", "自评表!I11"),
            ("SCORE-REVIEW", "自评表!I20"),
        ])
    );
}

#[test]
fn chongqing_form_catches_the_declared_full_score_of_12_against_26() {
    let doc = batch();
    assert_eq!(layout_of(&doc, "chongqing_"), "chongqing-2021");
    let dep = department(&doc, "示例区科学技术局");
    let total = &dep["funds"]["total"];
    assert_eq!(dec(&total["budget"]), d("1250.00"));
    assert_eq!(dec(&total["spent"]), d("1187.50"));
    assert_eq!(total["rate"], "0.9500");
    let scored = rows(dep);
    assert_eq!(scored.len(), 10); // budget row + nine indicators
    assert_eq!(scored[0], (d("10"), Some(d("9.50")), Some(d("9.50"))));
    assert!(scored[1..].iter().all(|r| r.0 == d("10")));
    // 科技活动组织次数: target 26, actual 12, declared 100% and 10 points.
    assert_eq!(scored[3], (d("10"), Some(d("10")), Some(d("4.62"))));
    // 科技宣传效果: 较好 → 0.8.
    assert_eq!(scored[9], (d("10"), Some(d("8")), Some(d("8.00"))));
    assert_eq!(dec(&dep["scores"]["self_total"]), d("97.50"));
    // 9.50 + 10 + 10 + 4.62 + 10 + 10 + 10 + 10 + 10 + 8
    assert_eq!(dec(&dep["scores"]["total"]), d("92.12"));
    assert_eq!(
        findings(&doc, "示例区科学技术局"),
        pairs(&[
            ("RATE-DECLARED", "Sheet1!H12"),
            ("SCORE-REVIEW", "Sheet1!J12")
        ])
    );
}

#[test]
fn never_silent_a_header_without_rows() {
    let doc = batch();
    let f = findings(&doc, "示例区地方志办公室");
    assert!(
        f.contains(&("TABLE-EMPTY".into(), "自评表!D13".into())),
        "{f:?}"
    );
}

#[test]
fn never_silent_c_no_total_from_missing_parts() {
    let doc = batch();
    let dep = department(&doc, "示例区科学技术协会");
    let scores = &dep["scores"];
    assert!(scores["total"].is_null());
    assert!(scores["grade"].is_null());
    assert!(scores["rank"].is_null());
    let f = findings(&doc, "示例区科学技术协会");
    assert!(
        f.contains(&("TOTAL-NA".into(), "Sheet1!B9".into())),
        "{f:?}"
    );
    // The district counts it apart; mean and grades are over the others.
    let district = &doc["district"];
    assert_eq!(district["unscored"], 2); // this one and the empty table
    let graded: u64 = district["grades"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(graded + 2, district["departments"].as_u64().unwrap());
}

#[test]
fn never_silent_b_and_d_unit_and_unmapped() {
    let doc = batch();
    let f = findings(&doc, "示例区档案局");
    assert_eq!(
        f,
        pairs(&[
            ("UNMAPPED", "自评表!B11"),
            ("UNMAPPED", "自评表!J14"),
            ("SCORE-REVIEW", "自评表!H21"),
        ])
    );
}

#[test]
fn check_on_families_and_samples_lists_the_slips_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    for src in ["samples", "tests/fixtures/layouts"] {
        for e in std::fs::read_dir(root().join(src)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = jixiao(dir.path(), &["check", "-q", "."]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "自评表!F11  金额单位存疑（UNIT-SUSPECT）：",
        "Sheet1!H12  执行率填报不符（RATE-DECLARED）：",
        "Sheet1!J12  自评与复核得分不符（SCORE-REVIEW）：",
        "自评表!H20  自评与复核得分不符（SCORE-REVIEW）：",
        "自评表!I5   资金来源分项不符（SUM-FUNDS）：",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
}

#[test]
fn forced_and_unknown_layout() {
    let out = jixiao(
        &root(),
        &["check", "-q", "samples", "--layout", "no-such-layout"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-layout") && err.contains("mof-2020"),
        "{err}"
    );
    // Forcing the canonical layout reads the samples as detection does.
    let out = jixiao(
        &root(),
        &["check", "-q", "samples", "--layout", "canonical"],
    );
    assert_eq!(out.status.code(), Some(0));
}

/// The README's worked example, step by step: copy `mof-2020.toml`, rename it, teach
/// it the two renamed labels, and read a form that uses them.
#[test]
fn own_layout_as_the_readme_describes() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("templates/layouts/mof-2020.toml")).unwrap();
    for (from, to) in [
        ("id = \"mof-2020\"", "id = \"moushi-2024\""),
        (
            "name = \"财政部部门（单位）整体支出绩效自评表（财预〔2020〕10号）\"",
            "name = \"某市部门整体支出绩效自评表（2024）\"",
        ),
        (
            "spent = [\"全年执行数\"]",
            "spent = [\"全年执行数\", \"实际支出数\"]",
        ),
        (
            "name = { labels = [\"部门(单位)名称\", \"部门名称\", \"单位名称\"] }",
            "name = { labels = [\"部门(单位)名称\", \"预算单位\"] }",
        ),
        ("  [\"部门(单位)名称\"],", "  [\"预算单位\"],"),
    ] {
        assert!(text.contains(from), "mof-2020.toml no longer has {from}");
        text = text.replacen(from, to, 1);
    }
    let own = dir.path().join("某市2024.toml");
    std::fs::write(&own, text).unwrap();
    let own = own.to_str().unwrap();
    let forms = root().join("tests/fixtures/own-layout");
    let forms = forms.to_str().unwrap();

    // Without the file: read as the national form, and the renamed column is a
    // finding, never a silent blank.
    let out = jixiao(&root(), &["check", "-q", forms]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("MISSING-FIELD"), "{text}");

    // Step 4, forced and then detected: the same figures as 示例区档案馆.
    for extra in [&["--layout", "moushi-2024"][..], &[][..]] {
        let json = dir.path().join("out.json");
        let xlsx = dir.path().join("out.xlsx");
        let mut args = vec![
            forms,
            "--layouts",
            own,
            "--year",
            "2023",
            "-o",
            xlsx.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        build(&root(), &args);
        let doc = read_json(&json);
        assert_eq!(doc["files"][0]["layout"], "moushi-2024");
        let dep = department(&doc, "示例区史志馆");
        assert_eq!(dec(&dep["funds"]["total"]["spent"]), d("509.60"));
        assert_eq!(dec(&dep["scores"]["total"]), d("98.38")); // as in the national test
        assert_eq!(
            findings(&doc, "示例区史志馆"),
            pairs(&[("SCORE-REVIEW", "自评表!H20")])
        );
    }
}

/// The Fujian slip under labels jixiao knows: the canonical form with every amount in
/// 元 under `单位：万元`. Shown as written, flagged, and left out of the district sums.
#[test]
fn yuan_under_wanyuan_in_the_canonical_layout() {
    let doc = batch();
    assert_eq!(layout_of(&doc, "canonical_示例区老干部局"), "canonical");
    let dep = department(&doc, "示例区老干部局");
    assert_eq!(dep["unit_suspect"], true);
    // 1234.56 万元 written as 12,345,600 (make_reader_fixtures.py's figures in 元).
    assert_eq!(dec(&dep["funds"]["total"]["budget"]), d("12345600"));
    assert!(findings(&doc, "示例区老干部局").contains(&("UNIT-SUSPECT".into(), "自评表!C9".into())));
    // The district budget is the sum over the other departments only.
    let others: Decimal = doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["unit_suspect"] != true)
        .filter_map(|d| d["funds"]["total"]["budget"].as_str())
        .map(|s| s.parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(dec(&doc["district"]["budget"]), others);
    assert_eq!(doc["district"]["unit_suspect"], 2); // this one and 示例县党史研究室
}

/// In the workbook's 汇总表, a department without a 复核总分 has no grade and no rank
/// either (never 0.00/差), and the 合计 row says which departments it leaves out.
#[test]
fn workbook_grades_nobody_from_missing_parts() {
    let dir = tempfile::tempdir().unwrap();
    batch_into(dir.path());
    let rows = sheet_rows(&dir.path().join("out.xlsx"), "汇总表");
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "复核总分"))
        .unwrap();
    let col = |name: &str| rows[header].iter().position(|c| c == name).unwrap();
    let (name, total, grade, rank) = (col("部门名称"), col("复核总分"), col("等级"), col("排名"));
    let mut unscored = vec![];
    for r in &rows[header + 1..] {
        if r[name].starts_with("合计") {
            assert_eq!(r[name], "合计（不含 2 个金额单位存疑的部门）");
            continue;
        }
        if r[total].is_empty() {
            assert!(r[grade].is_empty() && r[rank].is_empty(), "{r:?}");
            unscored.push(r[name].clone());
        } else {
            assert!(!r[grade].is_empty() && !r[rank].is_empty(), "{r:?}");
        }
    }
    unscored.sort();
    assert_eq!(unscored, ["示例区地方志办公室", "示例区科学技术协会"]);
}

/// A layout naming an unknown scheme stops the run (exit 2) with the known ids;
/// `--layouts` takes the folder it is in.
#[test]
fn unknown_scheme_in_a_layout_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("templates/layouts/mof-2020.toml"))
        .unwrap()
        .replacen("id = \"mof-2020\"", "id = \"benqu\"", 1)
        .replacen("scheme = \"mof-2020\"", "scheme = \"mof2020\"", 1);
    std::fs::write(dir.path().join("本区.toml"), text).unwrap();
    let samples = root().join("samples");
    let out = jixiao(
        &root(),
        &[
            "check",
            "-q",
            samples.to_str().unwrap(),
            "--layouts",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "错误：版式“benqu”无效：评分方案“mof2020”未知：可用的方案为 \
         guangzhou-2023、mof-2020、fujian-2018、chongqing-2021，\
         或写方案文件相对于本版式文件的路径（如 \"方案/本区.toml\"）\n"
    );
}
