//! Unit tests of `scheme.rs`.

use super::*;

#[test]
fn builtin_scheme_matches_scoring_md() {
    let s = Scheme::builtin();
    assert_eq!(s.id, "guangzhou-2023");
    assert_eq!(s.indicators.len(), 16);
    let l2: Vec<(String, String)> = s
        .level2()
        .into_iter()
        .map(|(n, p)| (n, p.to_string()))
        .collect();
    // 004 names the second-level points.
    let expected = [
        ("整体效能", "50"),
        ("预算编制", "3"),
        ("预算执行", "4"),
        ("信息公开", "4"),
        ("绩效管理", "15"),
        ("采购管理", "10"),
        ("资产管理", "10"),
        ("运行成本", "4"),
    ];
    assert_eq!(
        l2,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(s.qualitative("较好"), Some("0.8".parse().unwrap()));
    assert_eq!(s.grade(Decimal::from(90)), Grade::Excellent);
    assert_eq!(s.grade("89.99".parse().unwrap()), Grade::Good);
    assert_eq!(s.grade(Decimal::from(60)), Grade::Fair);
    assert_eq!(s.grade("59.99".parse().unwrap()), Grade::Poor);
    assert_eq!(s.match_indicator(&label::key("三公经费控制率")), Some(15));
    assert_eq!(
        s.match_indicator(&label::key("部门预算资金支出率（10分）")),
        Some(2)
    );
}

#[test]
fn points_must_sum_to_100() {
    let text = DEFAULT_SCHEME.replace(
        "points = 20\nmethod = \"goals\"\ngoal_kinds = [\"产出指标\"]",
        "points = 25\nmethod = \"goals\"\ngoal_kinds = [\"产出指标\"]",
    );
    let err = Scheme::parse(&text).unwrap_err().to_string();
    assert!(err.contains("105"), "{err}");
}

#[test]
fn unknown_method_is_refused() {
    let text = DEFAULT_SCHEME.replacen("method = \"self\"", "method = \"guess\"", 1);
    let err = Scheme::parse(&text).unwrap_err().to_string();
    assert!(err.contains("guess"), "{err}");
}

#[test]
fn department_rows_count_towards_the_hundred_and_name_their_level() {
    let head = "id = \"t\"\nname = \"t\"\n[[indicators]]\nlevel1 = \"甲\"\nlevel2 = \"乙\"\n\
        level3 = \"丙\"\npoints = 80\nmethod = \"self\"\n";
    let ok = format!("{head}[[department_rows]]\nlevel1 = \"部门特性指标\"\npoints = 20\n");
    let s = Scheme::parse(&ok).unwrap();
    assert_eq!(
        s.level1(),
        vec![
            ("甲".to_string(), Decimal::from(80)),
            ("部门特性指标".to_string(), Decimal::from(20))
        ]
    );
    assert!(s.department_rows[0].holds("部门特性指标", "随便什么"));
    assert!(!s.department_rows[0].holds("甲", "乙"));
    // 80 + 30 is not 100.
    let over = ok.replace("points = 20", "points = 30");
    assert!(Scheme::parse(&over)
        .unwrap_err()
        .to_string()
        .contains("110"));
    // A form-row scheme scores every row already.
    let rows = "id = \"t\"\nname = \"t\"\n[form_rows]\nbudget_target = 1\npoints_total = 100\n\
        [[department_rows]]\nlevel1 = \"部门特性指标\"\npoints = 20\n";
    assert!(Scheme::parse(rows).is_err());
}
