//! Writes `samples/`: five forms in the canonical layout carrying the figures of the
//! five seed reports in `../shared/seeds/` (one department each).
//!
//! Where a seed states a figure it is used exactly, slips included (000's 三公 lines
//! that do not add up, 002's 99.8% beside 99.98%); what a seed leaves out is filled
//! with plausible values consistent with its declared totals and self-scores.
//!
//! Run: `cargo run --example make_samples` (rewrites `samples/*.xlsx`).

use calamine::Data;
use jixiao::model::*;
use jixiao::read::value::parse_goal_value;
use jixiao::scheme::Scheme;
use jixiao::write::form::{amount as a, canonical_bytes, percent as p, text as t};

/// A goal row: (一级, 二级, 名称, 性质, 单位, 目标值, 实际完成值).
type GoalSpec<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

fn value(s: &str) -> Option<Located<GoalValue>> {
    parse_goal_value(&Data::String(s.to_string())).map(|value| Located {
        value,
        at: CellPos::new(0, 0),
    })
}

fn goals(specs: &[GoalSpec]) -> Vec<GoalRow> {
    specs
        .iter()
        .map(|&(l1, l2, name, dir, unit, target, actual)| GoalRow {
            level1: l1.into(),
            level2: l2.into(),
            name: name.into(),
            direction: jixiao::read::value::parse_direction(dir),
            unit: unit.into(),
            target: value(target),
            actual: value(actual),
            declared_completion: None,
            reason: String::new(),
            at: CellPos::new(0, 0),
        })
        .collect()
}

/// Indicator rows in scheme order: (自评得分, 年度目标值, 实际完成值, 扣分原因).
fn indicators(scheme: &Scheme, rows: &[(&str, &str, &str, &str)]) -> Vec<IndicatorRow> {
    assert_eq!(rows.len(), scheme.indicators.len());
    rows.iter()
        .enumerate()
        .map(|(i, &(score, target, actual, reason))| {
            let def = &scheme.indicators[i];
            IndicatorRow {
                level1: def.level1.clone(),
                level2: def.level2.clone(),
                level3: def.level3.clone(),
                scheme_index: Some(i),
                points: a(&def.points.to_string()),
                target: value(target).map(Box::new),
                actual: value(actual).map(Box::new),
                declared_completion: None,
                self_score: a(score),
                reason: reason.into(),
                row: 0,
                score_col: 0,
                name_col: 0,
                budget: false,
            }
        })
        .collect()
}

fn fund(initial: &str, budget: &str, spent: &str, rate: &str) -> FundRow {
    FundRow {
        initial: a(initial),
        budget: a(budget),
        spent: a(spent),
        declared_rate: p(rate),
        ..FundRow::default()
    }
}

fn pair(budget: &str, spent: &str, rate: &str) -> PairRow {
    PairRow {
        budget: a(budget),
        spent: a(spent),
        declared_rate: p(rate),
    }
}

struct Sample {
    file: &'static str,
    form: Form,
}

fn base(name: &str, year: i32) -> Form {
    let mut f = Form::new("", "自评表", name);
    f.year = Some(Located {
        value: year,
        at: CellPos::new(0, 0),
    });
    f
}

/// 003: 广州开发区穗港智造合作区管理委员会, 2022, 自评 98.29.
fn s003(scheme: &Scheme) -> Sample {
    let mut f = base("广州开发区穗港智造合作区管理委员会", 2022);
    f.subordinate_units = Some(Located {
        value: 0,
        at: CellPos::new(0, 0),
    });
    f.funds = [
        fund("1945.54", "1945.54", "1924.46", "98.92"),
        fund("1945.54", "1945.54", "1924.46", "98.92"),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("985.00", "985.00", "978.27", "99.32"),
        fund("960.54", "960.54", "946.19", "98.51"),
        FundRow::default(),
    ];
    f.carryover = a("0.00");
    f.sangong = [
        pair("12.00", "9.56", "79.67"),
        pair("0", "0", ""),
        pair("8.00", "6.86", "85.75"),
        pair("0", "0", ""),
        pair("8.00", "6.86", "85.75"),
        pair("4.00", "2.70", "67.50"),
    ];
    f.procurement = pair("320.00", "320.00", "100.00");
    f.assets = Assets {
        total: a("2650.33"),
        fixed_original: a("486.20"),
        fixed_in_use: a("486.20"),
    };
    f.text.overall_goal = t("通过走访接访企业、举办政策宣讲等活动，协调解决企业生产经营中的实际困难，促进区域经济发展；完善区域三维地图系统，加快推进穗港智造合作区转型升级；保障三个特殊监管区域社会治安和卡口管理有序。");
    f.text.achievement = t("引进招商项目13个，注册项目完成率186%；协调解决筹建项目问题57项；全年工业累计产值115亿，同比增4%；黄埔综保区全年进出口值275.3亿，同比增64.5%。");
    f.goals = goals(&[
        (
            "产出指标",
            "数量指标",
            "引进招商项目",
            "≥",
            "个",
            "10",
            "13",
        ),
        (
            "产出指标",
            "数量指标",
            "协调解决筹建项目问题",
            "≥",
            "项",
            "50",
            "57",
        ),
        (
            "产出指标",
            "质量指标",
            "全国综保区绩效评估排名",
            "≤",
            "位",
            "40",
            "34",
        ),
        (
            "效益指标",
            "经济效益指标",
            "综保区全年进出口值",
            "≥",
            "亿元",
            "250",
            "275.3",
        ),
        (
            "效益指标",
            "经济效益指标",
            "服务企业全年工业累计产值",
            "≥",
            "亿元",
            "110",
            "115",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "企业服务满意度",
            "≥",
            "%",
            "90%",
            "95%",
        ),
    ]);
    f.indicators = indicators(
        scheme,
        &[
            ("20", "", "", ""),
            ("20", "", "", ""),
            ("9.89", "100%", "98.92%", "预算执行率未达100%"),
            ("3", "", "", ""),
            ("2", "", "", ""),
            ("2", "", "", ""),
            ("4", "", "", ""),
            (
                "3.4",
                "",
                "",
                "个别项目绩效目标完成值设置过低，未能充分发挥目标导向作用",
            ),
            ("4", "", "", ""),
            (
                "3",
                "",
                "",
                "绩效佐证材料整理不充分，个别项目绩效指标设置数量不足",
            ),
            ("3", "", "", ""),
            ("5", "100%", "100%", ""),
            ("5", "", "", ""),
            ("5", "", "", ""),
            ("5", "100%", "100%", ""),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("98.29");
    f.declared_grade = t("优");
    f.text.problems = t("一是业务科室经办人绩效意识仍需深化；二是绩效目标设置水平有待提高；三是绩效佐证材料整理归档工作需进一步强化。");
    f.text.measures = t("一是深化业务科室绩效意识，压紧压实各方责任；二是组织绩效管理培训，夯实绩效管理基础；三是完善项目工作台账管理体系。");
    Sample {
        file: "003.xlsx",
        form: f,
    }
}

/// 001: 广州市南沙区人民政府办公室, 2023, 自评 99.
fn s001(scheme: &Scheme) -> Sample {
    let mut f = base("广州市南沙区人民政府办公室", 2023);
    f.subordinate_units = Some(Located {
        value: 1,
        at: CellPos::new(0, 0),
    });
    f.funds = [
        fund("3280.50", "3378.30", "3342.07", "98.93"),
        fund("3280.50", "3378.30", "3342.07", "98.93"),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("2460.00", "2510.00", "2493.42", "99.34"),
        fund("820.50", "868.30", "848.65", "97.74"),
        FundRow::default(),
    ];
    f.carryover = a("36.23");
    f.sangong = [
        pair("30.00", "24.63", "82.10"),
        pair("5.00", "2.10", "42.00"),
        pair("15.00", "14.23", "94.87"),
        pair("0", "0", ""),
        pair("15.00", "14.23", "94.87"),
        pair("10.00", "8.30", "83.00"),
    ];
    f.procurement = pair("256.30", "256.30", "100.00");
    f.assets = Assets {
        total: a("1820.45"),
        fixed_original: a("960.00"),
        fixed_in_use: a("960.00"),
    };
    f.text.overall_goal = t("围绕打造“湾区之心、开放门户、未来之城”目标定位，充分发挥核心枢纽作用，年初部门年度整体预期预算完成率为95.19%。");
    f.text.achievement = t("全年部门预算数3,378.30万元，执行数3,342.07万元，完成预算的98.93%；全年共组织办理各类会议2023次，高效办理各类文件26004份，办结人大建议、政协提案719件。");
    f.goals = goals(&[
        (
            "产出指标",
            "数量指标",
            "组织办理各类会议",
            "≥",
            "次",
            "2000",
            "2023",
        ),
        (
            "产出指标",
            "数量指标",
            "办理各类文件",
            "≥",
            "份",
            "25000",
            "26004",
        ),
        (
            "产出指标",
            "数量指标",
            "办结人大建议、政协提案",
            "≥",
            "件",
            "700",
            "719",
        ),
        (
            "产出指标",
            "时效指标",
            "督办事项按时办结率",
            "≥",
            "%",
            "95%",
            "100%",
        ),
        (
            "效益指标",
            "社会效益指标",
            "信息被上级采用",
            "≥",
            "篇",
            "200",
            "258",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            "≥",
            "%",
            "90%",
            "96%",
        ),
    ]);
    f.indicators = indicators(
        scheme,
        &[
            ("20", "", "", ""),
            ("20", "", "", ""),
            ("10", "95.19%", "98.93%", ""),
            ("3", "", "", ""),
            ("2", "", "", ""),
            ("2", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("2", "", "", "评价结果应用于预算安排的机制有待完善"),
            ("5", "100%", "100%", ""),
            ("5", "", "", ""),
            ("5", "", "", ""),
            ("5", "100%", "100%", ""),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("99");
    f.declared_grade = t("优");
    f.text.problems =
        t("部分项目绩效目标设置的细化、量化程度有待提高，绩效运行监控的及时性有待加强。");
    f.text.measures = t("进一步细化量化绩效指标，加强绩效运行监控，强化评价结果应用。");
    Sample {
        file: "001.xlsx",
        form: f,
    }
}

/// 000: 南沙开发区党工委政策研究和创新办公室, 2023, 自评 91.86. The seed's 三公
/// lines do not add up (9.81 + 21.13 + 10 ≠ 41.94; 18 + 3.40 ≠ 21.13), and its
/// expenditure split is 0.01 off its total (6839.54 + 87.78 + 228.39 = 7155.71).
fn s000(scheme: &Scheme) -> Sample {
    let mut f = base(
        "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室",
        2023,
    );
    f.subordinate_units = Some(Located {
        value: 2,
        at: CellPos::new(0, 0),
    });
    f.filler = Filler {
        name: t("伍紫贤"),
        phone: t("020-39053420"),
        date: t("2024 年 5 月 日"),
    };
    f.funds = [
        fund("7155.70", "7155.70", "7012.59", "98.00"),
        fund("6839.54", "6839.54", "6699.30", "97.95"),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        // 社会保障和就业支出 87.78 + 住房保障支出 228.39.
        fund("316.17", "316.17", "313.29", "99.09"),
        fund("735.70", "735.70", "705.88", "95.95"),
        fund("6420.00", "6420.00", "6306.71", "98.24"),
        FundRow::default(),
    ];
    f.carryover = a("143.11");
    f.sangong = [
        pair("41.94", "35.20", "83.93"),
        pair("9.81", "8.00", "81.55"),
        pair("21.13", "19.20", "90.87"),
        pair("18", "17.80", "98.89"),
        pair("3.40", "1.40", "41.18"),
        pair("10", "8.00", "80.00"),
    ];
    f.procurement = pair("1188.94", "1150.00", "96.72");
    f.assets = Assets {
        total: a("1536.80"),
        fixed_original: a("845.60"),
        fixed_in_use: a("845.60"),
    };
    f.text.overall_goal = t("以统筹研究制订全区性政策为核心，以起草全区综合性重大文稿为抓手，以打造粤港澳大湾区创新合作交流平台、建设全球溯源中心为重要手段，推动全区实现更高水平的对外开放和更深层次的改革创新。");
    f.text.achievement = t("全年共起草、核改全区性综合性文稿近790篇；编印《政研创新动态》34期；南沙2023年新增140项改革创新成果；内参信息被各级渠道采用243篇。各项工作任务绩效目标完成率为100%。");
    f.goals = goals(&[
        (
            "产出指标",
            "数量指标",
            "起草、核改全区性综合性文稿",
            "≥",
            "篇",
            "700",
            "790",
        ),
        (
            "产出指标",
            "数量指标",
            "编印《政研创新动态》",
            "≥",
            "期",
            "30",
            "34",
        ),
        (
            "产出指标",
            "数量指标",
            "新增改革创新成果",
            "≥",
            "项",
            "100",
            "140",
        ),
        (
            "产出指标",
            "质量指标",
            "专送件领导批示率",
            "≥",
            "%",
            "60%",
            "73%",
        ),
        (
            "效益指标",
            "社会效益指标",
            "内参信息被各级渠道采用",
            "≥",
            "篇",
            "200",
            "243",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            "≥",
            "%",
            "90%",
            "95%",
        ),
    ]);
    f.indicators = indicators(
        scheme,
        &[
            ("20", "", "", ""),
            ("20", "", "", ""),
            ("9.80", "100%", "98.00%", "预算执行率未达100%"),
            ("3", "", "", ""),
            ("1.22", "", "", "部分季度支出未达序时进度"),
            ("2", "", "", ""),
            ("4", "", "", ""),
            ("3", "", "", "部分绩效目标不够细化"),
            ("3", "", "", "绩效运行监控不够及时"),
            ("3", "", "", "自评佐证材料不够充分"),
            ("2", "", "", "评价结果应用有待加强"),
            ("4.84", "100%", "96.72%", "实际采购金额低于采购预算"),
            ("3", "", "", "采购合同管理有待规范"),
            ("4", "", "", "资产管理制度有待完善"),
            ("5", "100%", "100%", ""),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("91.86");
    f.declared_grade = t("优");
    f.text.problems = t("预算执行进度不够均衡，部分绩效目标设置不够细化。");
    f.text.measures = t("加强预算执行管理，细化绩效目标，强化绩效运行监控。");
    Sample {
        file: "000.xlsx",
        form: f,
    }
}

/// 002: 区政协办公室, 2022, 自评 97.61. The seed states 部门整体预算完成率 as both
/// 99.8% and 99.98% for the same 1954.07 万元 spent; the sample declares 99.8% on
/// the total row with a 全年预算数 (1954.46) that matches 99.98%.
fn s002(scheme: &Scheme) -> Sample {
    let mut f = base("中国人民政治协商会议广州市南沙区委员会办公室", 2022);
    f.subordinate_units = Some(Located {
        value: 0,
        at: CellPos::new(0, 0),
    });
    f.funds = [
        fund("2959.47", "1954.46", "1954.07", "99.80"),
        fund("2959.47", "1954.46", "1954.07", "99.98"),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("0", "0", "0", ""),
        fund("1500.00", "1496.30", "1496.13", ""),
        fund("1459.47", "458.16", "457.94", ""),
        FundRow::default(),
    ];
    f.carryover = a("0.39");
    f.sangong = [
        pair("15.00", "11.26", "75.07"),
        pair("0", "0", ""),
        pair("9.00", "7.16", "79.56"),
        pair("0", "0", ""),
        pair("9.00", "7.16", "79.56"),
        pair("6.00", "4.10", "68.33"),
    ];
    f.procurement = pair("32.00", "30.71", "95.97");
    f.assets = Assets {
        total: a("72.06"),
        fixed_original: a("148.50"),
        fixed_in_use: a("148.50"),
    };
    f.text.overall_goal = t("按照产出、效益、满意度设定绩效目标，服务区政协履行政治协商、民主监督、参政议政职能，助推《南沙方案》落实。");
    f.text.achievement = t("年度98件立案提案全部办结，提案办复满意率100%；全年开展学习教育宣讲活动80多次；报送65条社情民意信息；资助88名困难学生。");
    f.goals = goals(&[
        (
            "产出指标",
            "数量指标",
            "立案提案办结",
            "≥",
            "件",
            "98",
            "98",
        ),
        (
            "产出指标",
            "数量指标",
            "开展学习教育宣讲活动",
            "≥",
            "次",
            "80",
            "80",
        ),
        (
            "产出指标",
            "数量指标",
            "报送社情民意信息",
            "≥",
            "条",
            "60",
            "65",
        ),
        (
            "产出指标",
            "数量指标",
            "资助困难学生",
            "≥",
            "名",
            "80",
            "88",
        ),
        (
            "效益指标",
            "社会效益指标",
            "驰援抗疫一线干部职工",
            "≥",
            "人次",
            "100",
            "100",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "提案办复满意率",
            "≥",
            "%",
            "95%",
            "100%",
        ),
    ]);
    f.indicators = indicators(
        scheme,
        &[
            ("20", "", "", ""),
            ("20", "", "", ""),
            ("10", "100%", "99.80%", ""),
            ("3", "", "", ""),
            ("2", "", "", ""),
            ("1.81", "", "", "年初预算与实际支出差距较大，存在结转"),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("3", "", "", ""),
            ("4.80", "100%", "95.97%", "实际采购金额低于采购预算"),
            ("3", "", "", "政府采购金额同比下降60.92%，采购计划性不足"),
            ("5", "", "", ""),
            ("5", "100%", "100%", ""),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("97.61");
    f.declared_grade = t("优");
    f.text.problems = t("预算编制的准确性有待提高，项目支出预算完成率偏低。");
    f.text.measures = t("一是加强预算编制准确性，提高资金执行效率；二是加快预算执行过程管理，强化预算绩效监控；三是强化预算编制意识。");
    Sample {
        file: "002.xlsx",
        form: f,
    }
}

/// 004: 海珠区科工商信局 (the seed's 部门名称 is blank; the name is from its text),
/// 2023, 自评 94: 履职效能 50 (100%), 管理效率 3+4+4+13+8.5+7.5+4 = 44 (88%).
fn s004(scheme: &Scheme) -> Sample {
    let mut f = base("广州市海珠区科技工业商务和信息化局", 2023);
    f.subordinate_units = Some(Located {
        value: 1,
        at: CellPos::new(0, 0),
    });
    f.filler = Filler {
        name: t("郑颖尧"),
        phone: t("84231173"),
        date: None,
    };
    f.funds = [
        fund("40118.72", "40118.72", "40036.38", "99.79"),
        fund("37888.34", "37888.34", "37888.34", "100.00"),
        fund("2000.00", "2000.00", "2000.00", "100.00"),
        fund("0", "0", "0", ""),
        fund("230.38", "230.38", "148.04", "64.26"),
        fund("2830.00", "2830.00", "2817.24", "99.55"),
        fund("37288.72", "37288.72", "37219.14", "99.81"),
        FundRow::default(),
    ];
    f.carryover = a("82.34");
    f.sangong = [
        pair("25.00", "18.36", "73.44"),
        pair("5.00", "3.20", "64.00"),
        pair("12.00", "10.16", "84.67"),
        pair("0", "0", ""),
        pair("12.00", "10.16", "84.67"),
        pair("8.00", "5.00", "62.50"),
    ];
    f.procurement = pair("1500.00", "1500.00", "100.00");
    f.assets = Assets {
        total: a("8650.42"),
        fixed_original: a("2356.80"),
        fixed_in_use: a("1649.76"),
    };
    f.text.overall_goal = t("稳定经济增长，保持良好经济指标；补强产业结构，构建现代产业体系；优化发展生态，打造一流营商环境；深化国企改革，实现国资保值增值。");
    f.text.achievement =
        t("2023年度全年预算40,118.72万元，全年支出40,036.38万元，预算完成率99.79%。");
    f.goals = goals(&[
        (
            "产出指标",
            "数量指标",
            "举办促消费活动",
            "≥",
            "场",
            "10",
            "12",
        ),
        (
            "产出指标",
            "数量指标",
            "引进都市工业项目",
            "≥",
            "个",
            "5",
            "6",
        ),
        (
            "产出指标",
            "质量指标",
            "国企改革重点任务完成率",
            "≥",
            "%",
            "90%",
            "100%",
        ),
        (
            "效益指标",
            "经济效益指标",
            "设立投资基金规模",
            "≥",
            "亿元",
            "10",
            "10",
        ),
        (
            "效益指标",
            "社会效益指标",
            "形成产业集聚载体",
            "≥",
            "万平方米",
            "50",
            "50",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "企业满意度",
            "≥",
            "%",
            "90%",
            "92%",
        ),
    ]);
    f.indicators = indicators(
        scheme,
        &[
            ("20", "", "", ""),
            ("20", "", "", ""),
            ("10", "≥95%", "99.79%", ""),
            ("3", "", "", ""),
            ("2", "", "", ""),
            ("2", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("4", "", "", ""),
            ("3", "", "", "部门有出台相应的绩效管理制度，但内容有缺漏"),
            ("2", "", "", "评价结果应用不够充分"),
            ("5", "100%", "100%", ""),
            ("3.5", "", "", "未能在采购预算批复后及时予以公开"),
            (
                "4",
                "",
                "",
                "本年度未做资产盘点；巡察时被提出资产管理存在问题",
            ),
            ("3.5", "100%", "70%", "固定资产利用率偏低"),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("94");
    f.declared_grade = t("优");
    f.text.problems =
        t("（一）未对资产进行盘点，固定资产利用率偏低。（二）政府采购管理工作有待加强。");
    f.text.measures = t("（一）强化资产管理意识，定期对固定资产进行盘点，提升固定资产利用率。（二）加强政府采购工作管理，加强监督采购合同的时效性和合法性。");
    Sample {
        file: "004.xlsx",
        form: f,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scheme = Scheme::builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    for sample in [
        s000(&scheme),
        s001(&scheme),
        s002(&scheme),
        s003(&scheme),
        s004(&scheme),
    ] {
        let bytes = canonical_bytes(&sample.form, &scheme)?;
        std::fs::write(dir.join(sample.file), bytes)?;
        println!("samples/{}  {}", sample.file, sample.form.name);
    }
    Ok(())
}
