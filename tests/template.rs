//! `jixiao template`: the blank form from the scheme, protected, validated, with
//! live formulas; and what a department fills in reads back exactly.

use crate::common;

use common::*;
use jixiao::model::*;
use jixiao::scheme::Scheme;
use jixiao::write::form::{amount, text};
use jixiao::write::template::{blank_form, template_bytes};
use std::io::Read;

fn xml(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn blank_template_is_protected_validated_and_live() {
    let dir = tempfile::tempdir().unwrap();
    let out = jixiao(
        dir.path(),
        &[
            "template",
            "--year",
            "2024",
            "--department",
            "广州市南沙区某某局",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("2024年度部门整体支出绩效自评表.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let sheet = xml(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "sheet protected");
    // Formulas: the total row, 执行率, 三公 sums, 总分.
    for f in [
        "SUM(C9:C12)",
        "SUM(D9:D12)",
        "SUM(E9:E12)",
        "IF(N(D8)=0,\"\",E8/D8)",
        "C19+C20+C23",
        "C21+C22",
        "SUM(I48:I63)",
    ] {
        assert!(sheet.contains(&format!("<f>{f}")), "formula {f}");
    }
    // Validations: amounts ≥ 0, a whole number of units, 指标性质 and 评价等级 lists,
    // and 0…分值 for each of the 16 自评得分.
    assert!(sheet.matches("<dataValidation ").count() >= 8 + 1 + 2 + 16);
    assert!(sheet.contains("<formula1>\"≥,≤,=,定性\"</formula1>"));
    assert!(sheet.contains("<formula1>\"优,良,中,差\"</formula1>"));
    // Input cells are unlocked (and the only ones).
    assert!(xml(&bytes, "xl/styles.xml").contains("locked=\"0\""));
    // The instructions sheet.
    assert!(xml(&bytes, "xl/workbook.xml").contains("填报说明"));
    // Read back: the department, the year, every indicator of the scheme.
    let scheme = Scheme::builtin();
    let form = jixiao::read::read_form("t.xlsx", &bytes, &scheme).unwrap();
    assert_eq!(form.name, "广州市南沙区某某局");
    assert_eq!(form.year.unwrap().value, 2024);
    assert_eq!(form.indicators.len(), 16);
    assert!(form.indicators.iter().all(|r| r.scheme_index.is_some()));
    assert!(form.goals.is_empty(), "blank goal rows are not goals");
}

#[test]
fn a_filled_template_reads_back_exactly() {
    let scheme = Scheme::builtin();
    let mut f = blank_form(&scheme, Some(2024), Some("广州市南沙区某某局"));
    let at = CellPos::new(0, 0);
    f.code = text("440115001");
    f.subordinate_units = Some(Located { value: 3, at });
    f.filler = Filler {
        name: text("王芳"),
        phone: text("020-84981234"),
        date: text("2025-03-15"),
    };
    let fund = |i: &str, b: &str, s: &str| FundRow {
        initial: amount(i),
        budget: amount(b),
        spent: amount(s),
        declared_rate: None,
        ..FundRow::default()
    };
    f.funds[1] = fund("800.00", "850.50", "840.25");
    f.funds[4] = fund("20.00", "25.00", "24.00");
    f.funds[5] = fund("500.00", "510.00", "505.25");
    f.funds[6] = fund("320.00", "365.50", "359.00");
    f.carryover = amount("11.25");
    f.sangong[1] = PairRow {
        budget: amount("2.00"),
        spent: amount("1.50"),
        declared_rate: None,
    };
    f.sangong[3] = PairRow {
        budget: amount("0"),
        spent: amount("0"),
        declared_rate: None,
    };
    f.sangong[4] = PairRow {
        budget: amount("6.00"),
        spent: amount("5.20"),
        declared_rate: None,
    };
    f.sangong[5] = PairRow {
        budget: amount("3.00"),
        spent: amount("2.10"),
        declared_rate: None,
    };
    f.procurement = PairRow {
        budget: amount("60.00"),
        spent: amount("57.00"),
        declared_rate: None,
    };
    f.assets = Assets {
        total: amount("700.00"),
        fixed_original: amount("300.00"),
        fixed_in_use: amount("270.00"),
    };
    let value = |s: &str| {
        jixiao::read::value::parse_goal_value(&calamine::Data::String(s.into()))
            .map(|value| Located { value, at })
    };
    f.goals[0].name = "举办培训".into();
    f.goals[0].level2 = "数量指标".into();
    f.goals[0].direction = Some(Direction::AtLeast);
    f.goals[0].unit = "场".into();
    f.goals[0].target = value("≥10");
    f.goals[0].actual = value("12场");
    f.goals[5].name = "群众满意度".into();
    f.goals[5].level2 = "社会效益指标".into();
    f.goals[5].direction = Some(Direction::Qualitative);
    f.goals[5].target = value("好");
    f.goals[5].actual = value("较好");
    for (i, r) in f.indicators.iter_mut().enumerate() {
        let points = scheme.indicators[i].points;
        r.self_score = Some(Located {
            value: if i == 7 {
                points - rust_decimal::Decimal::ONE
            } else {
                points
            },
            at,
        });
        if i == 7 {
            r.reason = "目标未完全量化".into();
        }
    }
    f.declared_grade = text("优");
    f.text.overall_goal = text("完成年度重点任务。");
    f.text.problems = text("绩效目标量化不足。");
    f.text.measures = text("细化量化指标。");

    let bytes = template_bytes(&f, &scheme).unwrap();
    let back = jixiao::read::read_form("filled.xlsx", &bytes, &scheme).unwrap();
    assert_eq!(back.name, "广州市南沙区某某局");
    assert_eq!(back.code.as_ref().unwrap().value, "440115001");
    assert_eq!(back.subordinate_units.as_ref().unwrap().value, 3);
    assert_eq!(text_of(&back.filler.name), Some("王芳"));
    assert_eq!(text_of(&back.filler.date), Some("2025-03-15"));
    for k in [1usize, 4, 5, 6] {
        assert_eq!(
            value_of(&back.funds[k].initial),
            value_of(&f.funds[k].initial),
            "fund {k}"
        );
        assert_eq!(
            value_of(&back.funds[k].budget),
            value_of(&f.funds[k].budget),
            "fund {k}"
        );
        assert_eq!(
            value_of(&back.funds[k].spent),
            value_of(&f.funds[k].spent),
            "fund {k}"
        );
    }
    // The total row is the template's formula: 850.50 + 25.00 = 875.50; 840.25 + 24 = 864.25.
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(value_of(&back.funds[0].budget), Some(d("875.50")));
    assert_eq!(value_of(&back.funds[0].spent), Some(d("864.25")));
    assert_eq!(value_of(&back.funds[0].initial), Some(d("820.00")));
    // 三公: 公务用车 = 0 + 6.00; 合计 = 2.00 + 6.00 + 3.00.
    assert_eq!(value_of(&back.sangong[2].budget), Some(d("6")));
    assert_eq!(value_of(&back.sangong[0].budget), Some(d("11")));
    assert_eq!(value_of(&back.sangong[0].spent), Some(d("8.8")));
    assert_eq!(value_of(&back.carryover), Some(d("11.25")));
    assert_eq!(value_of(&back.procurement.spent), Some(d("57")));
    assert_eq!(value_of(&back.assets.fixed_in_use), Some(d("270")));
    assert_eq!(back.goals.len(), 2);
    assert_eq!(
        (back.goals[0].name.as_str(), back.goals[0].unit.as_str()),
        ("举办培训", "场")
    );
    assert_eq!(back.goals[0].level1, "产出指标");
    assert_eq!(back.goals[0].actual.as_ref().unwrap().value.raw, "12场");
    assert_eq!(back.goals[1].level1, "效益指标");
    assert_eq!(back.goals[1].direction, Some(Direction::Qualitative));
    for (i, r) in back.indicators.iter().enumerate() {
        assert_eq!(r.scheme_index, Some(i));
        assert_eq!(
            value_of(&r.self_score),
            value_of(&f.indicators[i].self_score),
            "indicator {i}"
        );
    }
    assert_eq!(back.indicators[7].reason, "目标未完全量化");
    // 总分 = Σ 自评得分 = 100 − 1.
    assert_eq!(value_of(&back.self_total), Some(d("99")));
    assert_eq!(text_of(&back.declared_grade), Some("优"));
    assert_eq!(text_of(&back.text.measures), Some("细化量化指标。"));
    // The 执行率 formulas are cached with the exact ratio: 840.25 / 850.50.
    assert_eq!(
        value_of(&back.funds[1].declared_rate).map(|r| r.round_dp(6)),
        Some((d("840.25") / d("850.50")).round_dp(6))
    );
}

#[test]
fn another_scheme_gives_another_template() {
    let dir = tempfile::tempdir().unwrap();
    let scheme_path = root().join("templates/example-60-40.toml");
    let out = jixiao(
        dir.path(),
        &[
            "template",
            "-o",
            "t.xlsx",
            "--scheme",
            scheme_path.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let bytes = std::fs::read(dir.path().join("t.xlsx")).unwrap();
    let scheme = Scheme::load(&scheme_path).unwrap();
    let form = jixiao::read::read_form("t.xlsx", &bytes, &scheme).unwrap();
    let points: Vec<String> = form
        .indicators
        .iter()
        .map(|r| r.points.as_ref().unwrap().value.normalize().to_string())
        .collect();
    assert_eq!(points[..3], ["25", "25", "10"]);
    assert_eq!(
        value_of(&form.declared_points_total).unwrap(),
        rust_decimal::Decimal::ONE_HUNDRED
    );
}
