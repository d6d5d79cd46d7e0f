//! Writes N varied synthetic forms for benchmarks: `make_corpus N DIR [SEED]
//! [REPORT_DIR]`; with REPORT_DIR, also a 自评报告 (.docx) per form, stating the
//! form's department and figures among some twenty paragraphs of narrative (the
//! size of a real report: 10–20 KB of text).
//!
//! Each form is a sample department (samples/) with another name, its figures
//! scaled, a varying number of goals, and every seventh form carrying a slip
//! (a 三公 line off, a score above its points, a missing indicator or an unknown
//! one). Deterministic for a seed; written in parallel.

use jixiao::model::*;
use jixiao::scheme::Scheme;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

/// A small deterministic generator (SplitMix64).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PLACES: [&str; 8] = [
    "南沙", "番禺", "海珠", "天河", "白云", "黄埔", "花都", "从化",
];
const KINDS: [&str; 10] = [
    "教育局",
    "卫生健康局",
    "民政局",
    "司法局",
    "财政局",
    "交通运输局",
    "水务局",
    "文化广电旅游局",
    "应急管理局",
    "科技局",
];

fn scale(a: &mut Amount, factor: Decimal) {
    if let Some(l) = a {
        l.value = jixiao::num::round2(l.value * factor);
    }
}

pub(crate) fn vary(base: &Form, i: usize, rng: &mut Rng) -> Form {
    let mut f = base.clone();
    f.name = format!(
        "广州市{}区第{}{}",
        PLACES[i % 8],
        i / 80 + 1,
        KINDS[(i / 8) % 10]
    );
    // Scale every amount by one factor so that the sums still add up.
    let factor = Decimal::new(50 + rng.below(200) as i64, 2);
    for row in &mut f.funds {
        scale(&mut row.initial, factor);
        scale(&mut row.budget, factor);
        scale(&mut row.spent, factor);
    }
    for line in f.sangong.iter_mut().chain([&mut f.procurement]) {
        scale(&mut line.budget, factor);
        scale(&mut line.spent, factor);
    }
    scale(&mut f.carryover, factor);
    let keep = 2 + rng.below(f.goals.len() as u64 - 1) as usize;
    let mut goals = f.goals.clone();
    while goals.len() < keep + 6 && rng.below(2) == 0 {
        let mut g = goals[rng.below(goals.len() as u64) as usize].clone();
        g.name = format!("{}（{}）", g.name, goals.len());
        goals.push(g);
    }
    goals.truncate(keep.max(3));
    f.goals = goals;
    match i % 7 {
        1 => scale(&mut f.sangong[1].budget, Decimal::new(11, 1)),
        3 => {
            if let Some(s) = &mut f.indicators[3].self_score {
                s.value += Decimal::ONE;
            }
        }
        5 => {
            f.indicators.remove(4);
        }
        _ => {}
    }
    f
}

/// Narrative paragraphs of a report, ours, without figures.
const NARRATIVE: [&str; 6] = [
    "本部门按照年初确定的工作计划组织实施各项业务，坚持以绩效为导向配置资源，重点任务均明确了责任处室、完成时限和考核要求，年中对执行进度进行了两次集中督办，对滞后事项逐项分析原因并提出整改措施。",
    "在预算编制环节，本部门结合上年度执行情况和本年度工作安排测算支出需求，项目均经过前期论证并纳入项目库管理，绩效目标与预算同步编报、同步审核，指标设置做到了可衡量、可考核。",
    "在预算执行环节，本部门建立了按月统计、按季分析的执行进度通报机制，对执行进度偏慢的项目及时约谈项目负责人，督促加快合同签订和资金支付，确保资金及时发挥效益。",
    "在资产管理方面，本部门定期开展资产清查，做到账实相符，新增资产按规定登记入账，闲置资产按程序调剂使用，资产配置与履职需要相适应。",
    "在政府采购方面，本部门严格执行政府采购相关规定，采购需求经内部集体研究确定，采购程序公开透明，合同履约验收规范，未发生违规采购情况。",
    "在信息公开方面，本部门按规定时限在门户网站公开部门预算、决算和“三公”经费情况，公开内容完整，接受社会监督，未收到相关投诉。",
];

fn amount_of(a: &Amount) -> Decimal {
    a.as_ref().map_or(Decimal::ZERO, |l| l.value)
}

/// The paragraphs of a report restating the form's figures, in our own words.
fn report_paragraphs(f: &Form) -> Vec<String> {
    let total = &f.funds[FundKind::Total as usize];
    let (budget, spent) = (amount_of(&total.budget), amount_of(&total.spent));
    let rate = if budget.is_zero() {
        Decimal::ZERO
    } else {
        jixiao::num::round2(spent / budget * Decimal::from(100))
    };
    let year = f.year.as_ref().map_or(2023, |y| y.value);
    let mut p = vec![
        format!("{}{year}年度部门整体支出绩效自评报告", f.name),
        format!("部门名称：{}", f.name),
        "一、部门基本情况".to_string(),
        "（一）部门职能".to_string(),
        NARRATIVE[0].to_string(),
        "（二）部门整体收支情况".to_string(),
        format!("{year}年全年预算数{budget}万元，执行数{spent}万元，预算执行率{rate}%。"),
        format!(
            "按支出性质分，基本支出{}万元，项目支出{}万元。",
            amount_of(&f.funds[FundKind::Basic as usize].spent),
            amount_of(&f.funds[FundKind::Project as usize].spent)
        ),
        format!(
            "“三公”经费预算{}万元，政府采购预算{}万元。",
            amount_of(&f.sangong[SangongKind::Total as usize].budget),
            amount_of(&f.procurement.budget)
        ),
        "二、绩效自评情况".to_string(),
        "（一）自评结论".to_string(),
        format!(
            "经自评，本部门整体支出绩效自评得分{}分。",
            amount_of(&f.self_total)
        ),
        "（二）履职效能和管理效率分析".to_string(),
    ];
    for round in 0..3 {
        for (k, text) in NARRATIVE.iter().enumerate() {
            p.push(format!("{}.{text}", round * NARRATIVE.len() + k + 1));
        }
    }
    p.extend([
        "三、存在的主要问题".to_string(),
        NARRATIVE[2].to_string(),
        "四、下一步改进措施".to_string(),
        NARRATIVE[1].to_string(),
    ]);
    p
}

/// A minimal .docx holding `paragraphs`.
fn docx(paragraphs: &[String]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for p in paragraphs {
        body.push_str(&format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(p)));
    }
    body.push_str("</w:body></w:document>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/document.xml", body),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .ok_or("usage: make_corpus N DIR [SEED]")?
        .parse()?;
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: make_corpus N DIR [SEED]")?);
    let seed: u64 = args.next().map_or(Ok(7), |s| s.parse())?;
    let reports = args.next().map(std::path::PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    if let Some(r) = &reports {
        std::fs::create_dir_all(r)?;
    }
    let scheme = Scheme::builtin();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut bases = Vec::new();
    for f in ["000.xlsx", "001.xlsx", "002.xlsx", "003.xlsx", "004.xlsx"] {
        let bytes = std::fs::read(samples.join(f))?;
        bases.push(jixiao::read::read_form(f, &bytes, &scheme)?);
    }
    (0..n)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
            let form = vary(&bases[i % bases.len()], i, &mut rng);
            let bytes =
                jixiao::write::form::canonical_bytes(&form, &scheme).map_err(|e| e.to_string())?;
            std::fs::write(dir.join(format!("{i:06}.xlsx")), bytes).map_err(|e| e.to_string())?;
            if let Some(r) = &reports {
                let report = docx(&report_paragraphs(&form))?;
                std::fs::write(r.join(format!("{i:06}_自评报告.docx")), report)
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        })?;
    println!("{n} forms in {}", dir.display());
    Ok(())
}
