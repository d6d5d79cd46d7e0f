//! The figures of SCORING.md §6 that the seeds pin down, reproduced from `samples/`
//! by the real binary. Expected values come from the seeds and the spec; ranks and
//! district totals are recomputed here by hand from the samples' figures.

use crate::common;

use common::*;
use rust_decimal::{Decimal, RoundingStrategy};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn execution_rates_of_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    // 003: 1924.46 / 1945.54 = 98.92%; 001: 3342.07 / 3378.30 = 98.93%;
    // 004: 40036.38 / 40118.72 = 99.79%.
    for (prefix, budget, spent, rate) in [
        ("广州开发区穗港智造", "1945.54", "1924.46", "0.9892"),
        ("广州市南沙区人民政府办公室", "3378.30", "3342.07", "0.9893"),
        ("广州市海珠区", "40118.72", "40036.38", "0.9979"),
    ] {
        let total = &department(&doc, prefix)["funds"]["total"];
        assert_eq!(total["budget"], budget, "{prefix}");
        assert_eq!(total["spent"], spent, "{prefix}");
        assert_eq!(total["rate"], rate, "{prefix}");
    }
}

#[test]
fn seed_004_management_efficiency_total_and_grade() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    let s = &department(&doc, "广州市海珠区")["scores"];
    // 004: 管理效率 3+4+4+13+8.5+7.5+4 = 44 of 50 points = 88%; 履职效能 100%.
    let by2 = &s["by_level2"];
    let parts: Vec<Decimal> = [
        "预算编制",
        "预算执行",
        "信息公开",
        "绩效管理",
        "采购管理",
        "资产管理",
        "运行成本",
    ]
    .iter()
    .map(|k| dec(&by2[*k]))
    .collect();
    assert_eq!(
        parts,
        ["3", "4", "4", "13", "8.5", "7.5", "4"].map(d).to_vec()
    );
    assert_eq!(dec(&s["by_level1"]["管理效率"]), d("44"));
    assert_eq!(dec(&s["by_level1"]["管理效率"]) / d("50"), d("0.88"));
    assert_eq!(dec(&s["by_level1"]["履职效能"]) / d("50"), d("1"));
    assert_eq!(s["total"], "94.00");
    assert_eq!(s["grade"], "优");
    assert_eq!(s["declared_grade"], "优");
}

#[test]
fn self_scores_of_the_seeds_are_read_and_reproduced() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    // The seeds' declared totals: 003 98.29, 000 91.86, 001 99, 002 97.61, 004 94.
    for (prefix, total) in [
        ("广州开发区穗港智造", "98.29"),
        ("中共广州南沙", "91.86"),
        ("广州市南沙区人民政府办公室", "99.00"),
        ("中国人民政治协商会议", "97.61"),
        ("广州市海珠区", "94.00"),
    ] {
        let s = &department(&doc, prefix)["scores"];
        assert_eq!(s["self_total"], total, "{prefix}");
        // The samples' figures were chosen so that the review agrees.
        assert_eq!(s["total"], total, "{prefix}");
        assert_eq!(s["difference"], "0.00", "{prefix}");
    }
}

/// The indicators whose 复核得分 the program works out from the form's figures
/// (goals, rates, 三公 control) rather than taking the 自评得分.
const COMPUTED: [&str; 6] = [
    "部门整体绩效目标产出指标完成情况",
    "部门整体绩效目标效益指标完成情况",
    "部门预算资金支出率",
    "政府采购执行率",
    "固定资产利用率",
    "“三公”经费控制率",
];

#[test]
fn the_review_total_is_computed_not_copied_from_the_self_scores() {
    // Each sample with the 自评得分 of its six computed indicators set to 0: a
    // review that fell back on the declared scores would lose up to 64 points.
    // The review must still reach the seeds' totals, made of the self-scored
    // rows (unchanged) and the computed ones (checked by hand in
    // rate_indicator_scores_follow_the_method).
    use jixiao::scheme::Scheme;
    let dir = tempfile::tempdir().unwrap();
    let scheme = Scheme::builtin();
    for (file, total, computed) in [
        ("000.xlsx", "91.86", "63.64"), // 20 + 20 + 9.80 + 4.84 + 5 + 4
        ("001.xlsx", "99.00", "64.00"), // all six at full points
        ("002.xlsx", "97.61", "63.80"), // 20 + 20 + 10 + 4.80 + 5 + 4
        ("003.xlsx", "98.29", "63.89"), // 20 + 20 + 9.89 + 5 + 5 + 4
        ("004.xlsx", "94.00", "62.50"), // 20 + 20 + 10 + 5 + 3.50 + 4
    ] {
        let bytes = std::fs::read(root().join("samples").join(file)).unwrap();
        let mut form = jixiao::read::read_form(file, &bytes, &scheme).unwrap();
        for row in &mut form.indicators {
            if COMPUTED.contains(&row.level3.as_str()) {
                row.self_score.as_mut().unwrap().value = Decimal::ZERO;
            }
        }
        let out = jixiao::write::form::canonical_bytes(&form, &scheme).unwrap();
        std::fs::write(dir.path().join(file), out).unwrap();
        let json = dir.path().join(format!("{file}.json"));
        jixiao(
            dir.path(),
            &["check", "-q", "--json", json.to_str().unwrap(), file],
        );
        let s = &read_json(&json)["departments"][0]["scores"];
        assert_eq!(s["total"], total, "{file}");
        // What the review gave the six computed indicators: the total less the
        // self-scored rows (the six now declare 0).
        let self_sum: Decimal = read_json(&json)["departments"][0]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| d(i["self_score"].as_str().unwrap()))
            .sum();
        assert_eq!(d(total) - self_sum, d(computed), "{file}");
    }
}

#[test]
fn rate_indicator_scores_follow_the_method() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    let ind = |prefix: &str, name: &str| {
        department(&doc, prefix)["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["level3"] == name)
            .unwrap()
            .clone()
    };
    // 003: 10 × 1924.46/1945.54 = 9.8916… → 9.89 (target 100%).
    let r = ind("广州开发区穗港智造", "部门预算资金支出率");
    assert_eq!(r["score"], "9.89");
    assert_eq!(r["completion"], "0.9892");
    // 001 set its target at 95.19% and reached 98.93%: full points.
    let r = ind("广州市南沙区人民政府办公室", "部门预算资金支出率");
    assert_eq!(r["target"], "0.9519");
    assert_eq!(r["score"], "10.00");
    // 000: procurement 1150.00 / 1188.94 = 0.96724… → 5 × that = 4.84.
    let r = ind("中共广州南沙", "政府采购执行率");
    assert_eq!(r["actual"], "0.9672");
    assert_eq!(r["score"], "4.84");
    // 004: fixed assets in use 1649.76 / 2356.80 = 70% → 3.50.
    let r = ind("广州市海珠区", "固定资产利用率");
    assert_eq!(r["actual"], "0.7000");
    assert_eq!(r["score"], "3.50");
    // 004: 三公 spent 18.36 ≤ budget 25.00 → full 4 points.
    let r = ind("广州市海珠区", "“三公”经费控制率");
    assert_eq!(r["method"], "control");
    assert_eq!(r["score"], "4.00");
}

#[test]
fn ranks_and_district_totals_recomputed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    // (name prefix, 全年预算数, 全年执行数, 总分) as the samples carry them.
    let figures = [
        ("中共广州南沙", "7155.70", "7012.59", "91.86"),
        ("广州市南沙区人民政府办公室", "3378.30", "3342.07", "99"),
        ("中国人民政治协商会议", "1954.46", "1954.07", "97.61"),
        ("广州开发区穗港智造", "1945.54", "1924.46", "98.29"),
        ("广州市海珠区", "40118.72", "40036.38", "94"),
    ];
    // Competition ranks: 99 > 98.29 > 97.61 > 94 > 91.86.
    let expected_rank =
        |total: &str| 1 + figures.iter().filter(|f| d(f.3) > d(total)).count() as u64;
    for (prefix, _, _, total) in figures {
        let rank = department(&doc, prefix)["scores"]["rank"].as_u64().unwrap();
        assert_eq!(rank, expected_rank(total), "{prefix}");
    }
    let budget: Decimal = figures.iter().map(|f| d(f.1)).sum();
    let spent: Decimal = figures.iter().map(|f| d(f.2)).sum();
    assert_eq!(budget, d("54552.72"));
    assert_eq!(spent, d("54269.57"));
    let rate = (spent / budget).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    let district = &doc["district"];
    assert_eq!(district["departments"], 5);
    assert_eq!(dec(&district["budget"]), budget);
    assert_eq!(dec(&district["spent"]), spent);
    assert_eq!(dec(&district["rate"]), rate);
    // Σ执行/Σ预算 = 0.9948, not the mean of the five rates (0.9912).
    assert_eq!(district["rate"], "0.9948");
    let mean_of_rates = figures.iter().map(|f| d(f.2) / d(f.1)).sum::<Decimal>() / d("5");
    assert_eq!(mean_of_rates.round_dp(4), d("0.9912"));
    let mean = figures.iter().map(|f| d(f.3)).sum::<Decimal>() / d("5");
    assert_eq!(dec(&district["mean_score"]), mean.round_dp(2));
    assert_eq!(district["median_score"], "97.61");
    assert_eq!(district["grades"]["优"], 5);
}

#[test]
fn batch_year_is_the_most_common_year() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    // 000, 001, 004 are 2023; 002 and 003 are 2022.
    assert_eq!(doc["year"], 2023);
    assert_eq!(department(&doc, "广州开发区穗港智造")["year"], 2022);
    // Without -o the workbook is named after the year, in the current directory.
    let copy = dir.path().join("in");
    std::fs::create_dir(&copy).unwrap();
    for f in ["000.xlsx", "003.xlsx"] {
        std::fs::copy(root().join("samples").join(f), copy.join(f)).unwrap();
    }
    build(dir.path(), &["in"]);
    // One 2023 and one 2022 form: a tie goes to the later year.
    assert!(dir
        .path()
        .join("2023年度部门整体支出绩效自评汇总表.xlsx")
        .exists());
}

#[test]
fn what_the_seeds_declare_is_kept_beside_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let doc = build_samples(dir.path());
    // 002 declares 99.8% on its total row; the computed rate is 1954.07/1954.46 = 99.98%.
    let total = &department(&doc, "中国人民政治协商会议")["funds"]["total"];
    assert_eq!(total["declared_rate"], "0.9980");
    assert_eq!(total["rate"], "0.9998");
    // 000's 三公 budget lines as declared, slips included.
    let sg = &department(&doc, "中共广州南沙")["sangong"];
    assert_eq!(sg["total"]["budget"], "41.94");
    assert_eq!(sg["abroad"]["budget"], "9.81");
    assert_eq!(sg["vehicles"]["budget"], "21.13");
    assert_eq!(sg["vehicle_purchase"]["budget"], "18.00");
    assert_eq!(sg["vehicle_running"]["budget"], "3.40");
    assert_eq!(sg["reception"]["budget"], "10.00");
    // 000's partial 填报日期 is kept as written, not an error.
    let filler = &department(&doc, "中共广州南沙")["filler"];
    assert_eq!(filler["date"], "2024 年 5 月 日");
    assert_eq!(filler["name"], "伍紫贤");
}
