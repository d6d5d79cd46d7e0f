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
        // 上年结转资金: the canonical form has no such row.
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
    f.text.overall_goal = t("上门走访和接待企业，开展政策宣讲，帮企业解决经营难题，带动区域经济；更新区域三维地图，推动穗港智造合作区转型升级；维护三个特殊监管区域的治安和卡口秩序。");
    f.text.achievement = t("本年引进项目13个，注册项目完成率达186%；为筹建中的项目解决问题57项；工业产值累计115亿，比上年多4%；黄埔综保区进出口总额275.3亿，比上年多64.5%。");
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
            ("3", "", "", "佐证材料不够齐全，少数项目的绩效指标偏少"),
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
    f.text.problems = t(
        "经办科室对绩效工作重视还不够；绩效目标定得不够科学；绩效佐证材料收集、归档不够及时完整。",
    );
    f.text.measures =
        t("把绩效责任落实到每个科室和经办人；开展绩效管理专题培训；健全项目台账，材料随办随归。");
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
        // 上年结转资金: the canonical form has no such row.
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
    f.text.overall_goal = t("按照“湾区之心、开放门户、未来之城”的定位，做好政府办公室的统筹协调工作；年初定下部门整体预算完成率目标95.19%。");
    f.text.achievement = t("部门全年预算3,378.30万元，实际执行3,342.07万元，预算完成率98.93%；本年组织会议2023次，办文26004份，办结人大代表建议和政协提案共719件。");
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
    f.text.problems = t("个别项目的目标还不够具体、不便衡量，运行中的绩效监控也不够及时。");
    f.text.measures = t("把指标定得更具体、可衡量，按时做运行监控，并把评价结果用起来。");
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
        // 上年结转资金: the canonical form has no such row.
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
    f.text.overall_goal = t("主要承担全区政策的统筹研究与制订、重大综合文稿的起草，并搭建粤港澳大湾区创新合作交流平台、推进全球溯源中心建设，服务全区扩大开放、深化改革。");
    f.text.achievement = t("本年起草和修改全区综合文稿近790篇，出版《政研创新动态》34期；2023年全区新增改革创新成果140项；报送的内参信息获采用243篇；全部绩效目标按期完成，完成率100%。");
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
    f.text.problems = t("各季度支出快慢不一，个别目标定得较笼统。");
    f.text.measures = t("盯紧支出进度，把目标写具体，做好运行中的绩效监控。");
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
        // 上年结转资金: the canonical form has no such row.
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
    f.text.overall_goal = t("从产出、效益和满意度三方面定目标，保障区政协开展协商、监督和议政工作，推动《南沙方案》落地。");
    f.text.achievement = t("立案的98件提案已全部办结，办复满意率达100%；本年组织学习宣讲80余次；上报社情民意信息65条；资助困难学生88名。");
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
    f.text.problems = t("预算编得不够准，项目支出的完成率偏低。");
    f.text.measures = t("编预算时把数测准，让资金按时用出去；在执行中盯紧进度并做好绩效监控；各科室都要把预算编制当作一项硬任务。");
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
        // 上年结转资金: the canonical form has no such row.
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
    f.text.overall_goal = t("保持经济平稳增长和主要指标良好；补齐产业短板，建设现代产业体系；改善营商环境，争创一流；推进国企改革，确保国有资产保值增值。");
    f.text.achievement = t("预算总额40,118.72万元，全年用款40,036.38万元，完成预算的99.79%。");
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
            ("3", "", "", "已制定绩效管理制度，但部分内容不全"),
            ("2", "", "", "评价结果应用不够充分"),
            ("5", "100%", "100%", ""),
            ("3.5", "", "", "采购预算批复后没有按时公开"),
            ("4", "", "", "全年没有盘点资产，巡察中被指出资产管理有问题"),
            ("3.5", "100%", "70%", "固定资产利用率偏低"),
            ("4", "", "", ""),
        ],
    );
    f.declared_points_total = a("100");
    f.self_total = a("94");
    f.declared_grade = t("优");
    f.text.problems = t("固定资产没有盘点，利用率偏低；政府采购管理还需加强。");
    f.text.measures = t("树立资产管理意识，按期盘点固定资产，把利用率提上来；管好政府采购，督促采购合同按时、依法履行。");
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
