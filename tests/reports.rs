//! 自评报告 (REPORT.md): the five seed reports of ../shared/seeds, read and checked on
//! their own and beside the sample forms; pairing; formats and broken files.
//! Every expected finding was checked by hand against the seed text (see the comment
//! beside it), never copied from jixiao's output.

use crate::common;

use common::{build, jixiao, read_json, root, sheet_rows};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Whether `../shared/seeds` is beside the repository (a fresh clone has only the
/// repository): without it the tests on the seeds say so and pass; what they cover
/// on our own text is covered by the sample reports' tests.
fn no_seeds(test: &str) -> bool {
    let dir = root().join("../shared/seeds");
    if dir.is_dir() {
        return false;
    }
    // Straight to stderr, past the test harness's capture: seen in `cargo test`.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "跳过 {test}：{} 不存在（新克隆），种子报告的测试未运行；同样的情形由 samples/ 和 tests/pairing.rs 的自带报告覆盖",
        dir.display()
    );
    true
}

fn seed(n: usize) -> PathBuf {
    let dir = root().join("../shared/seeds");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("the seeds are read from {}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{n:03}_"))
        })
        .unwrap()
}

/// (rule, paragraph) of every slip inside one report.
fn slips(path: &Path) -> Vec<(&'static str, usize)> {
    let bytes = std::fs::read(path).unwrap();
    let ext = path.extension().unwrap().to_string_lossy().to_lowercase();
    let format = jixiao::collect::Format::from_extension(&ext).unwrap();
    let grades = jixiao::scheme::Scheme::builtin().grades;
    let r = jixiao::report::read(
        &bytes,
        format,
        &Default::default(),
        &Default::default(),
        &grades,
    )
    .unwrap();
    r.slips.iter().map(|s| (s.rule.id(), s.paragraph)).collect()
}

/// The complete list of what the five seeds state wrongly, and nothing on the rest.
#[test]
fn seed_reports_produce_exactly_their_slips() {
    if no_seeds("seed_reports_produce_exactly_their_slips") {
        return;
    }
    // 000: 段 28 “三公”经费预算 41.94, while (1)(2)(3) below give 9.81 + 21.13 + 10
    //      = 40.94; 段 30 公务用车购置及运行费 21.13 against its own brackets
    //      18 + 3.40 = 21.40; 段 45 重点任务 3616.58 of 项目 6306.71 is 57.34%, not
    //      the 64.59% written (段 46 itself writes 57.34%). Not raised: 段 27's
    //      6839.54 + 87.78 + 228.39 + 0 = 7155.71 against 7155.70 (0.01, tolerance).
    assert_eq!(
        slips(&seed(0)),
        [("REPORT-SUM", 28), ("REPORT-SUM", 30), ("REPORT-RATE", 45)]
    );
    // 001: budget 3,378.30, spent 3,342.07 → 98.93% as written; 预期 95.19% is the
    //      target, not a second 完成率. No slip.
    assert_eq!(slips(&seed(1)), []);
    // 002: 段 44 restates 段 24 with 部门整体预算完成率 99.98% (99.8% before),
    //      项目支出 429.65 (457.94) and its rate 86.03% (91.69%); and 1496.13 +
    //      429.65 = 1925.78 is not the 1954.07 it lists them under. Not raised:
    //      年初预算 2959.47 vs 2959.46 (0.01), 1356 + 140.12 + 457.94 = 1954.06 (0.01),
    //      资产总额 72.06 with 固定资产净值 and 原值 (not parts of one sum).
    assert_eq!(
        slips(&seed(2)),
        [
            ("REPORT-CONFLICT", 44),
            ("REPORT-CONFLICT", 44),
            ("REPORT-CONFLICT", 44),
            ("REPORT-SUM", 44),
        ]
    );
    // 003: 1924.46 / 1945.54 = 98.92% as written; 98.29 分 is 优 as written. No slip.
    assert_eq!(slips(&seed(3)), []);
    // 004: 段 30 履职效能 自评得分合计 50 against 20 + 20 + 20 = 60. Right and not
    //      raised: 管理效率 3+4+4+13+8.5+7.5+4 = 44 and 得分率 44/50 = 88%,
    //      50 + 44 = 94 分 (优), 40,036.38 / 40,118.72 = 99.79%, 2,817.24 +
    //      35,071.10 = 37,888.34.
    //      段 25's 涉及 clause is about the whole department (`我局整体支出绩效自评
    //      …，涉及…`), so it is read: its 一般公共预算支出 40,118.72 is the whole
    //      budget, while 段 22 states 一般公共预算 支出 37,888.34; its 政府性基金
    //      预算支出 0 against 段 22's 政府性基金 收入 2,000.00 “收支平衡” (and 项目支出
    //      2,000.00). Both checked by hand against the seed: real slips (issue #27).
    assert_eq!(
        slips(&seed(4)),
        [
            ("REPORT-CONFLICT", 25),
            ("REPORT-CONFLICT", 25),
            ("REPORT-SCORE", 30)
        ]
    );
}

/// A folder of the sample forms and the seed reports, named as departments send
/// them; returns the JSON of `jixiao build`.
fn batch_with_reports(setup: impl Fn(&Path)) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    std::fs::create_dir(&input).unwrap();
    setup(&input);
    let json = dir.path().join("out.json");
    build(
        dir.path(),
        &["报送", "-o", "out.xlsx", "--json", json.to_str().unwrap()],
    );
    read_json(&json)
}

fn copy(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::copy(from, to).unwrap();
}

fn findings<'a>(doc: &'a Value, rule: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn file<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no file {name}"))
}

/// The four findings of REPORT.md §6, with department and paragraph, when the seeds
/// are sent beside the sample forms; pairing by stated name and by file stem.
#[test]
fn seeds_beside_the_sample_forms() {
    if no_seeds("seeds_beside_the_sample_forms") {
        return;
    }
    let doc = batch_with_reports(|input| {
        for n in 0..5 {
            copy(
                &root().join(format!("samples/{n:03}.xlsx")),
                &input.join(format!("{n:03}.xlsx")),
            );
        }
        // By stated name: file names that say nothing.
        copy(&seed(0), &input.join("政研室报告.txt"));
        copy(&seed(2), &input.join("政协办.txt"));
        // By file stem: 004 states no name (部门名称：（公章）).
        copy(&seed(4), &input.join("004_自评报告.txt"));
        // 001 and 003 send no report.
    });
    let at = |f: &Value| {
        (
            f["department"].as_str().unwrap().to_string(),
            f["file"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string(),
            f["cell"].as_str().unwrap().to_string(),
        )
    };
    let sums: Vec<_> = findings(&doc, "REPORT-SUM").into_iter().map(at).collect();
    let policy = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
    assert!(
        sums.contains(&(policy.into(), "政研室报告.txt".into(), "第28段".into())),
        "{sums:?}"
    );
    assert!(
        sums.contains(&(policy.into(), "政研室报告.txt".into(), "第30段".into())),
        "{sums:?}"
    );
    let conflicts: Vec<_> = findings(&doc, "REPORT-CONFLICT")
        .into_iter()
        .map(at)
        .collect();
    let cppcc = "中国人民政治协商会议广州市南沙区委员会办公室";
    assert!(conflicts.contains(&(cppcc.into(), "政协办.txt".into(), "第44段".into())));
    let conflict = findings(&doc, "REPORT-CONFLICT")
        .into_iter()
        .find(|f| f["message"].as_str().unwrap().contains("99.98%"))
        .unwrap();
    assert!(conflict["message"].as_str().unwrap().contains("99.8%"));
    let score: Vec<_> = findings(&doc, "REPORT-SCORE").into_iter().map(at).collect();
    assert!(score.contains(&(
        "广州市海珠区科技工业商务和信息化局".into(),
        "004_自评报告.txt".into(),
        "第30段".into()
    )));
    // Both ends of each pair in files, and the report in its department.
    assert_eq!(file(&doc, "政协办.txt")["paired_with"], "报送/002.xlsx");
    assert_eq!(
        file(&doc, "报送/002.xlsx")["paired_with"],
        "报送/政协办.txt"
    );
    assert_eq!(file(&doc, "政协办.txt")["kind"], "report");
    assert_eq!(file(&doc, "政协办.txt")["department"], cppcc);
    let dep = doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == cppcc)
        .unwrap();
    assert_eq!(dep["report"]["file"], "报送/政协办.txt");
    let rate = dep["report"]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"] == "rate")
        .unwrap();
    assert_eq!(
        (rate["value"].as_str(), rate["unit"].as_str()),
        (Some("99.8"), Some("%"))
    );
    // The form of 002 computes 1954.07 / 1954.46 as 99.98%: the report's 99.8%
    // (段 24) is also wrong against its form.
    let form: Vec<_> = findings(&doc, "REPORT-FORM").into_iter().map(at).collect();
    assert!(
        form.contains(&(cppcc.into(), "政协办.txt".into(), "第24段".into())),
        "{form:?}"
    );
    // 001 and 003 have no report: a 提示 each, at the form.
    let missing: Vec<_> = findings(&doc, "REPORT-MISSING")
        .iter()
        .map(|f| (f["severity"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [("提示", "报送/001.xlsx"), ("提示", "报送/003.xlsx")]
    );
}

/// `samples/` as the README's main command reads it: five forms and their reports,
/// written by scripts/make_sample_reports.py. Every finding on the reports, each
/// checked by hand against the sentences of that script (paragraphs counted there).
#[test]
fn sample_reports_give_exactly_their_scripted_slips() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    build(
        &root(),
        &[
            "samples",
            "-o",
            dir.path().join("out.xlsx").to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let doc = read_json(&json);
    let mut got: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("REPORT-"))
        .map(|f| {
            (
                f["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("samples/")
                    .to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String, String)> = [
        // 000 段18: “三公”经费预算 41.94, its items 9.81 + 21.13 + 10 = 40.94.
        ("000_自评报告.docx", "第18段", "REPORT-SUM"),
        // 000 段20: 公务用车 21.13 with 购置费 18 and 运行维护费 3.40 = 21.40.
        ("000_自评报告.docx", "第20段", "REPORT-SUM"),
        // 000 段30: 重点任务 3616.58 of 项目 6306.71 is 57.34%, written 64.59%.
        ("000_自评报告.docx", "第30段", "REPORT-RATE"),
        // 002 段7: 完成率 99.8%, the form's 1954.07 / 1954.46 is 99.98%.
        ("002_自评报告.docx", "第7段", "REPORT-FORM"),
        // 002 段15 against 段7: 完成率 99.98% / 99.8%, 项目支出 429.65 / 457.94,
        // 项目支出预算完成率 86.03% / 91.69%.
        ("002_自评报告.docx", "第15段", "REPORT-CONFLICT"),
        ("002_自评报告.docx", "第15段", "REPORT-CONFLICT"),
        ("002_自评报告.docx", "第15段", "REPORT-CONFLICT"),
        // 002 段15: 项目支出 429.65, the form's 项目支出 is 457.94.
        ("002_自评报告.docx", "第15段", "REPORT-FORM"),
        // 002 段15: 1954.07 against 基本 1496.13 + 项目 429.65 = 1925.78.
        ("002_自评报告.docx", "第15段", "REPORT-SUM"),
        // 004 段11: 履职效能 合计 50 against 20 + 20 + 20 = 60.
        ("004_自评报告.docx", "第11段", "REPORT-SCORE"),
    ]
    .iter()
    .map(|(f, c, r)| (f.to_string(), c.to_string(), r.to_string()))
    .collect();
    want.sort();
    // Right statements stay silent: 000's 6839.54 + 87.78 + 228.39 = 7155.71 against
    // 7155.70 (0.01, within tolerance), 002's 2959.46 against the form's 2959.47,
    // 004's 99.79% (40036.38 / 40118.72 = 99.7947…%); and the PDFs of 001 and 004
    // state the numbers of their .docx.
    assert_eq!(got, want);
    // Pairing: 000–003 by the name they state, 004 (no name) by its file stem.
    for n in 0..5 {
        assert_eq!(
            file(&doc, &format!("samples/{n:03}.xlsx"))["paired_with"],
            format!("samples/{n:03}_自评报告.docx")
        );
    }
    for n in [1, 4] {
        let pdf = file(&doc, &format!("samples/{n:03}_自评报告.pdf"));
        assert_eq!(pdf["status"], "imported");
        assert_eq!(pdf["paired_with"], format!("samples/{n:03}.xlsx"));
    }
}

/// 文件清单 shows both ends of a pair.
#[test]
fn file_list_shows_both_ends() {
    if no_seeds("file_list_shows_both_ends") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &root().join("samples/002.xlsx"),
        &dir.path().join("报送/002.xlsx"),
    );
    copy(&seed(2), &dir.path().join("报送/政协办.txt"));
    build(dir.path(), &["报送", "-o", "out.xlsx"]);
    let rows = sheet_rows(&dir.path().join("out.xlsx"), "文件清单");
    let header = rows
        .iter()
        .position(|r| r.contains(&"配对文件".to_string()))
        .unwrap();
    let col = |name: &str| rows[header].iter().position(|c| c == name).unwrap();
    let of = |file: &str| rows.iter().find(|r| r[0] == file).unwrap().clone();
    let (kind, pair) = (col("类型"), col("配对文件"));
    assert_eq!(of("报送/002.xlsx")[kind], "自评表");
    assert_eq!(of("报送/002.xlsx")[pair], "报送/政协办.txt");
    assert_eq!(of("报送/政协办.txt")[kind], "自评报告");
    assert_eq!(of("报送/政协办.txt")[pair], "报送/002.xlsx");
}

/// A department's own folder pairs whatever the names; a report that matches no
/// form is REPORT-UNPAIRED; a report-free batch has no REPORT-MISSING.
#[test]
fn folder_pairing_and_unpaired() {
    if no_seeds("folder_pairing_and_unpaired") {
        return;
    }
    let doc = batch_with_reports(|input| {
        copy(
            &root().join("samples/004.xlsx"),
            &input.join("科工商信局/表.xlsx"),
        );
        copy(&seed(4), &input.join("科工商信局/说明.txt"));
        copy(&root().join("samples/001.xlsx"), &input.join("001.xlsx"));
        copy(&seed(3), &input.join("穗港智造.txt")); // its form is not in the batch
    });
    assert_eq!(
        file(&doc, "科工商信局/说明.txt")["paired_with"],
        "报送/科工商信局/表.xlsx"
    );
    let unpaired = findings(&doc, "REPORT-UNPAIRED");
    assert_eq!(unpaired.len(), 1);
    assert_eq!(unpaired[0]["file"], "报送/穗港智造.txt");
    assert_eq!(
        unpaired[0]["department"],
        "广州开发区穗港智造合作区管理委员会"
    );
    assert_eq!(findings(&doc, "REPORT-MISSING").len(), 1); // 001

    let dir = tempfile::tempdir().unwrap();
    let out = jixiao(
        &root(),
        &[
            "check",
            "-q",
            "samples",
            "--json",
            dir.path().join("a.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = read_json(&dir.path().join("a.json"));
    assert!(findings(&doc, "REPORT-MISSING").is_empty());
}

/// .docx (Word, written by python-docx), .txt in GBK, and the files that cannot be
/// read: each accounted for with its reason, none stopping the batch. Needs no seed.
#[test]
fn formats_and_broken_reports() {
    let fixtures = root().join("tests/fixtures/reports");
    let doc = batch_with_reports(|input| {
        for name in [
            "示例区档案馆_自评报告.docx",
            "示例区档案馆_自评报告.pdf",
            "截断.docx",
            "压缩炸弹.docx",
            "旧版.doc",
            "截断.pdf",
            "扫描件.pdf",
            "嵌套炸弹.pdf",
            "内容嵌套炸弹.pdf",
            "图形循环.pdf",
        ] {
            copy(&fixtures.join(name), &input.join(name));
        }
        copy(
            &root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx"),
            &input.join("示例区档案馆.xlsx"),
        );
        // Our own report (tests/fixtures/pairing), in GBK.
        let text = std::fs::read_to_string(
            root().join("tests/fixtures/pairing/穗港智造合作区管委会报告.txt"),
        )
        .unwrap();
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(input.join("穗港智造_GBK.txt"), gbk).unwrap();
        std::fs::write(input.join("空壳.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
    });
    // The Word report, paired by its title's name, with the slips its script sets:
    // 305.00 + 214.60 = 519.60 against 509.60, and 98.50 分 graded 良; against its
    // form (make_layout_fixtures.py: 项目支出 spent 204.60 at E10, 自评 99.30 at
    // H25), 项目支出 214.60 and 自评得分 98.50 differ too.
    let dep = doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "示例区档案馆")
        .unwrap();
    assert_eq!(dep["report"]["paragraphs"], 8);
    let of_docx: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with("示例区档案馆_自评报告.docx")
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["cell"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        of_docx,
        [
            ("REPORT-FORM".into(), "第6段".into()),
            ("REPORT-SUM".into(), "第6段".into()),
            ("REPORT-FORM".into(), "第8段".into()),
            ("REPORT-SCORE".into(), "第8段".into())
        ]
    );
    // GBK text read: its stated name is found (no form for it: unpaired).
    let gbk = findings(&doc, "REPORT-UNPAIRED");
    assert!(gbk
        .iter()
        .any(|f| f["department"] == "广州开发区穗港智造合作区管理委员会"));
    assert_eq!(file(&doc, "穗港智造_GBK.txt")["status"], "imported");
    // The PDF printed from the Word file is the same report in another format: paired
    // with the same form, checked against the .docx (same numbers: no finding), and
    // its slips not reported twice. The form's pair is the .docx.
    let pdf = file(&doc, "示例区档案馆_自评报告.pdf");
    assert_eq!(pdf["status"], "imported");
    assert!(pdf["paired_with"]
        .as_str()
        .unwrap()
        .ends_with("示例区档案馆.xlsx"));
    assert!(pdf["reason"]
        .as_str()
        .unwrap()
        .contains("同一报告的另一格式"));
    assert!(file(&doc, "示例区档案馆.xlsx")["paired_with"]
        .as_str()
        .unwrap()
        .ends_with("_自评报告.docx"));
    assert!(!doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"].as_str().unwrap().ends_with("_自评报告.pdf")));
    for (name, status, reason) in [
        ("截断.docx", "failed", "损坏"),
        ("压缩炸弹.docx", "failed", "压缩炸弹"),
        ("旧版.doc", "skipped", "另存为 .docx 或 PDF"),
        ("截断.pdf", "failed", "不完整"),
        ("空壳.pdf", "failed", "不完整"),
        ("扫描件.pdf", "failed", "扫描件没有文字层，无法读取"),
        ("嵌套炸弹.pdf", "failed", "嵌套超过 64 层"),
        ("内容嵌套炸弹.pdf", "failed", "嵌套超过 64 层"),
        ("图形循环.pdf", "failed", "循环引用"),
    ] {
        let f = file(&doc, name);
        assert_eq!(f["status"], status, "{name}");
        assert!(
            f["reason"].as_str().unwrap().contains(reason),
            "{name}: {}",
            f["reason"]
        );
    }
}

#[test]
fn a_pdf_report_is_read_like_its_word_original() {
    // The LibreOffice print of the Word fixture (CID fonts with ToUnicode maps, a
    // `- 1 -` page number): the same eight paragraphs and the same four findings as
    // the .docx in `formats_and_broken_reports`, checked there by hand.
    let fixtures = root().join("tests/fixtures/reports");
    let doc = batch_with_reports(|input| {
        copy(
            &fixtures.join("示例区档案馆_自评报告.pdf"),
            &input.join("示例区档案馆_自评报告.pdf"),
        );
        copy(
            &root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx"),
            &input.join("示例区档案馆.xlsx"),
        );
    });
    let dep = &doc["departments"][0];
    assert_eq!(dep["report"]["paragraphs"], 8);
    assert_eq!(dep["report"]["stated_name"], "示例区档案馆");
    let mut got: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with(".pdf"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["cell"].as_str().unwrap().into(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String)> = [
        ("REPORT-FORM", "第6段"),
        ("REPORT-FORM", "第8段"),
        ("REPORT-SCORE", "第8段"),
        ("REPORT-SUM", "第6段"),
    ]
    .iter()
    .map(|(r, c)| (r.to_string(), c.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn two_versions_that_differ_are_a_conflict() {
    // A PDF left over from an earlier draft: its 执行率 reads 97.00% where the
    // .docx (the version checked) says 98.00%.
    let fixtures = root().join("tests/fixtures/reports");
    let doc = batch_with_reports(|input| {
        copy(
            &fixtures.join("示例区档案馆_自评报告.docx"),
            &input.join("示例区档案馆_自评报告.docx"),
        );
        let text = "示例区档案馆2023年度部门整体支出绩效自评报告\n\n全年预算520.00万元，执行509.60万元，执行率97.00%。\n";
        std::fs::write(input.join("示例区档案馆_自评报告.txt"), text).unwrap();
        copy(
            &root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx"),
            &input.join("示例区档案馆.xlsx"),
        );
    });
    let conflicts: Vec<&Value> = findings(&doc, "REPORT-CONFLICT");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = conflicts[0];
    assert!(c["file"].as_str().unwrap().ends_with(".txt"));
    assert_eq!(c["cell"], "第2段");
    assert_eq!(c["declared"], "97.00%");
    assert_eq!(c["computed"], "98.00%");
    // The .txt's own REPORT-RATE (509.60 / 520.00 = 98.00%) is not reported twice
    // either: only the version checked (.docx) has its slips listed.
    assert!(findings(&doc, "REPORT-RATE").is_empty());
}

#[test]
fn a_stamped_scan_beside_its_word_report_is_skipped_not_failed() {
    // The department sends the .docx and a scan of the stamped print under the same
    // name: the text is read from the .docx, the scan is accounted for, no 错误.
    let fixtures = root().join("tests/fixtures/reports");
    let doc = batch_with_reports(|input| {
        copy(
            &fixtures.join("示例区档案馆_自评报告.docx"),
            &input.join("示例区档案馆_自评报告.docx"),
        );
        copy(
            &fixtures.join("扫描件.pdf"),
            &input.join("示例区档案馆_自评报告.pdf"),
        );
        copy(
            &root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx"),
            &input.join("示例区档案馆.xlsx"),
        );
    });
    let scan = file(&doc, "示例区档案馆_自评报告.pdf");
    assert_eq!(scan["status"], "skipped");
    assert!(scan["reason"].as_str().unwrap().starts_with("扫描件"));
    assert!(findings(&doc, "UNREADABLE").is_empty());
    // Alone, the same scan is a failure with the REPORT.md reason.
    let alone = batch_with_reports(|input| {
        copy(
            &fixtures.join("扫描件.pdf"),
            &input.join("某局自评报告.pdf"),
        );
        copy(
            &root().join("tests/fixtures/layouts/mof_示例区档案馆.xlsx"),
            &input.join("示例区档案馆.xlsx"),
        );
    });
    let scan = file(&alone, "某局自评报告.pdf");
    assert_eq!(scan["status"], "failed");
    assert_eq!(scan["reason"], "扫描件没有文字层，无法读取");
}

/// 报告核对 on the samples: a row per field either side states, both values with
/// their paragraph and cell, and the verdict. Expected rows checked by hand against
/// scripts/make_sample_reports.py and the sample forms.
#[test]
fn report_check_sheet_sets_each_field_against_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("out.xlsx");
    build(&root(), &["samples", "-o", xlsx.to_str().unwrap()]);
    let rows = sheet_rows(&xlsx, "报告核对");
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "部门"))
        .unwrap();
    assert_eq!(
        rows[header],
        [
            "部门",
            "项目",
            "报告所述",
            "报告段落",
            "表中数值",
            "表中单元格",
            "核对结果",
            "报告文件"
        ]
    );
    let data: Vec<Vec<&str>> = rows[header + 1..]
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let has = |row: &[&str]| assert!(data.iter().any(|r| r[..7] == *row), "no row {row:?}");
    let cppcc = "中国人民政治协商会议广州市南沙区委员会办公室";
    let policy = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
    // 002 段7 states 99.8%; the form's 1954.07 / 1954.46 = 99.98% (E8 holds 执行数).
    has(&[
        cppcc,
        "预算执行率",
        "99.8%",
        "第7段",
        "99.98%",
        "自评表!E8",
        "不一致",
    ]);
    // 002 段15 states 99.98%: right.
    has(&[
        cppcc,
        "预算执行率",
        "99.98%",
        "第15段",
        "99.98%",
        "自评表!E8",
        "一致",
    ]);
    // 002 段15 项目支出 429.65 against E14's 457.94.
    has(&[
        cppcc,
        "项目支出",
        "429.65万元",
        "第15段",
        "457.94万元",
        "自评表!E14",
        "不一致",
    ]);
    // 002 段14 年初预算 2959.46 against C8's 2959.47: 0.01, within the tolerance.
    has(&[
        cppcc,
        "年初预算数",
        "2959.46万元",
        "第14段",
        "2959.47万元",
        "自评表!C8",
        "一致",
    ]);
    // 000 states 执行数 7012.59 (段17); it never states 基本支出 (form: 705.88 at E13);
    // its 占比 64.59% (段30) has no field in the form.
    has(&[
        policy,
        "全年执行数",
        "7012.59万元",
        "第17段",
        "7012.59万元",
        "自评表!E8",
        "一致",
    ]);
    has(&[
        policy,
        "基本支出",
        "",
        "",
        "705.88万元",
        "自评表!E13",
        "仅表格",
    ]);
    has(&[policy, "占比", "64.59%", "第30段", "", "", "仅报告"]);
    // 004 段9: 履职效能 得分率 100%, the form's 50 of 50 points.
    has(&[
        "广州市海珠区科技工业商务和信息化局",
        "履职效能·得分率",
        "100%",
        "第9段",
        "100.00%",
        "自评表!I39",
        "一致",
    ]);
    // Exactly the two REPORT-FORM findings are 不一致.
    assert_eq!(data.iter().filter(|r| r[6] == "不一致").count(), 2);
    // The PDFs (second versions) add no rows: five reports.
    let files: std::collections::BTreeSet<&str> = data.iter().map(|r| r[7]).collect();
    assert_eq!(files.len(), 5, "{files:?}");
}
