//! Pairing reports with forms by evidence (issue 27): the department's folder, the
//! name on the cover, the form's name in the title or above it, the file names; a
//! second version of a paired report; .txt reports like .docx; JSON `reports[]`.
//! Reports are ours (tests/fixtures/make_pairing_fixtures.py), forms the samples';
//! every expected finding was worked out by hand from the script's figures.

use crate::common;

use common::{build, jixiao, read_json, root, sheet_rows};
use serde_json::Value;
use std::path::Path;

const POLICY: &str = "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室";
const ZONE: &str = "广州开发区穗港智造合作区管理委员会";

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/pairing").join(name)
}

fn sample(n: usize) -> std::path::PathBuf {
    root().join(format!("samples/{n:03}.xlsx"))
}

/// `jixiao build 报送 --json`, the folder set up by `setup`; the JSON and the
/// workbook's path.
fn run(setup: impl Fn(&Path)) -> (Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    std::fs::create_dir(&input).unwrap();
    setup(&input);
    let json = dir.path().join("out.json");
    build(
        dir.path(),
        &["报送", "-o", "out.xlsx", "--json", json.to_str().unwrap()],
    );
    (read_json(&json), dir)
}

fn file<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == name)
        .unwrap_or_else(|| panic!("no file {name}"))
}

fn report<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == name)
        .unwrap_or_else(|| panic!("no report {name}"))
}

/// (rule, department, file, cell) of every REPORT-* finding, sorted.
fn report_findings(doc: &Value) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("REPORT-"))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("department"), s("file"), s("cell"))
        })
        .collect();
    v.sort();
    v
}

fn row(rule: &str, dep: &str, file: &str, cell: &str) -> (String, String, String, String) {
    (rule.into(), dep.into(), file.into(), cell.into())
}

/// The name broken over two cover lines, in the department's folder with its form:
/// paired by folder, the name read whole, its slips on the department, no
/// REPORT-MISSING for it (the other two forms have no report: a 提示 each).
#[test]
fn a_name_broken_over_two_cover_lines_pairs_in_its_folder() {
    let (doc, _dir) = run(|input| {
        copy(&sample(0), &input.join("政研室/表.xlsx"));
        copy(
            &fixture("政研室_自评报告.docx"),
            &input.join("政研室/自评报告.docx"),
        );
        copy(&sample(1), &input.join("001.xlsx"));
        copy(&sample(2), &input.join("002.xlsx"));
    });
    let r = file(&doc, "报送/政研室/自评报告.docx");
    assert_eq!(r["paired_with"], "报送/政研室/表.xlsx");
    assert_eq!(r["paired_by"], "文件夹");
    assert_eq!(r["department"], POLICY);
    assert_eq!(file(&doc, "报送/政研室/表.xlsx")["paired_by"], "文件夹");
    assert_eq!(
        report(&doc, "报送/政研室/自评报告.docx")["stated_name"],
        POLICY
    );
    // 段 8: 7012.59 / 7155.70 = 98.00%, written 97.00%; the form's rate is 98.00%.
    let file_name = "报送/政研室/自评报告.docx";
    assert_eq!(
        report_findings(&doc),
        [
            row("REPORT-FORM", POLICY, file_name, "第8段"),
            row(
                "REPORT-MISSING",
                "中国人民政治协商会议广州市南沙区委员会办公室",
                "报送/002.xlsx",
                ""
            ),
            row(
                "REPORT-MISSING",
                "广州市南沙区人民政府办公室",
                "报送/001.xlsx",
                ""
            ),
            row("REPORT-RATE", POLICY, file_name, "第8段"),
        ]
    );
}

/// The name on its own line above the title, the file named by a short form
/// (`穗港智造合作区管委会报告.docx` beside `穗港智造合作区.xlsx`), in a folder of
/// several forms: paired by 报告正文; the same report as .txt is its other format
/// (same paragraph numbers, nothing unpaired); an older draft is a second version,
/// held to the report checked.
#[test]
fn the_name_above_the_title_pairs_and_versions_follow_it() {
    let (doc, dir) = run(|input| {
        copy(&sample(3), &input.join("穗港智造合作区.xlsx"));
        copy(&sample(0), &input.join("000.xlsx"));
        copy(&sample(1), &input.join("001.xlsx"));
        for name in [
            "穗港智造合作区管委会报告.docx",
            "穗港智造合作区管委会报告.txt",
            "穗港智造合作区自评报告（初稿）.docx",
        ] {
            copy(&fixture(name), &input.join(name));
        }
    });
    let docx = "报送/穗港智造合作区管委会报告.docx";
    let txt = "报送/穗港智造合作区管委会报告.txt";
    let draft = "报送/穗港智造合作区自评报告（初稿）.docx";
    assert_eq!(file(&doc, docx)["paired_with"], "报送/穗港智造合作区.xlsx");
    assert_eq!(file(&doc, docx)["paired_by"], "报告正文");
    assert_eq!(file(&doc, "报送/穗港智造合作区.xlsx")["paired_with"], docx);
    for version in [txt, draft] {
        let f = file(&doc, version);
        assert_eq!(f["paired_with"], "报送/穗港智造合作区.xlsx", "{version}");
        assert_eq!(f["department"], ZONE);
        assert_eq!(report(&doc, version)["version_of"], docx);
    }
    assert!(file(&doc, txt)["reason"]
        .as_str()
        .unwrap()
        .contains("同一报告的另一格式"));
    assert!(file(&doc, draft)["reason"]
        .as_str()
        .unwrap()
        .contains("本部门的另一份报告"));
    // One paragraph a line in the .txt: the .docx's numbers, claim by claim.
    let paragraphs = |name: &str| -> Vec<(String, u64)> {
        report(&doc, name)["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["subject"].as_str().unwrap().to_string(),
                    c["paragraph"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(paragraphs(txt), paragraphs(docx));
    assert_eq!(report(&doc, txt)["paragraphs"], 8);
    // 段 6: 978.27 + 956.19 = 1934.46, not 1924.46; the form's 项目支出 is 946.19.
    // The draft's 98.90% against the report's 98.92% (段 5). The .txt states what
    // the .docx states: nothing of its own. 000 and 001 have no report.
    assert_eq!(
        report_findings(&doc),
        [
            row("REPORT-CONFLICT", ZONE, draft, "第5段"),
            row("REPORT-FORM", ZONE, docx, "第6段"),
            row("REPORT-MISSING", POLICY, "报送/000.xlsx", ""),
            row(
                "REPORT-MISSING",
                "广州市南沙区人民政府办公室",
                "报送/001.xlsx",
                ""
            ),
            row("REPORT-SUM", ZONE, docx, "第6段"),
        ]
    );
    // 文件清单 shows the evidence.
    let rows = sheet_rows(&dir.path().join("out.xlsx"), "文件清单");
    let header = rows
        .iter()
        .position(|r| r.contains(&"配对依据".to_string()))
        .unwrap();
    let by = rows[header].iter().position(|c| c == "配对依据").unwrap();
    let of = |f: &str| rows.iter().find(|r| r[0] == f).unwrap()[by].clone();
    assert_eq!(of(docx), "报告正文");
    assert_eq!(of("报送/穗港智造合作区.xlsx"), "报告正文");
    assert_eq!(of("报送/000.xlsx"), "");
}

/// A report whose form is not in the batch: unpaired, yet in `reports[]` with its
/// name and claims, and `files[].department` is the name it states.
#[test]
fn an_unpaired_report_is_in_the_json_with_its_claims() {
    let (doc, _dir) = run(|input| {
        copy(&sample(0), &input.join("000.xlsx"));
        copy(&sample(1), &input.join("001.xlsx"));
        copy(
            &fixture("穗港智造合作区管委会报告.docx"),
            &input.join("穗港智造合作区管委会报告.docx"),
        );
    });
    let name = "报送/穗港智造合作区管委会报告.docx";
    assert_eq!(file(&doc, name)["department"], ZONE);
    assert_eq!(file(&doc, name)["paired_with"], Value::Null);
    let r = report(&doc, name);
    assert_eq!(r["stated_name"], ZONE);
    assert_eq!(r["name_from"], "title");
    assert_eq!(r["paired_by"], Value::Null);
    assert_eq!(r["claims"].as_array().unwrap().len(), 7);
    let unpaired: Vec<_> = report_findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "REPORT-UNPAIRED")
        .collect();
    assert_eq!(unpaired, [row("REPORT-UNPAIRED", ZONE, name, "")]);
}

/// A report in a department's folder that names another department of the batch
/// is not that folder's report; one naming its department otherwise (not another
/// of the batch) pairs by folder with a REPORT-NAME 提示.
#[test]
fn a_folder_pair_is_refused_for_another_departments_report() {
    let zone = fixture("穗港智造合作区管委会报告.docx");
    let (doc, _dir) = run(|input| {
        copy(&sample(0), &input.join("政研室/表.xlsx"));
        copy(&zone, &input.join("政研室/报告.docx"));
        copy(&sample(3), &input.join("003.xlsx"));
    });
    // It names 003's department: paired with 003 by the text, not with 000.
    assert_eq!(
        file(&doc, "报送/政研室/报告.docx")["paired_with"],
        "报送/003.xlsx"
    );
    assert_eq!(file(&doc, "报送/政研室/报告.docx")["paired_by"], "报告正文");

    let (doc, _dir) = run(|input| {
        copy(&sample(0), &input.join("政研室/表.xlsx"));
        copy(&zone, &input.join("政研室/报告.docx"));
        copy(&sample(1), &input.join("001.xlsx"));
    });
    assert_eq!(
        file(&doc, "报送/政研室/报告.docx")["paired_with"],
        "报送/政研室/表.xlsx"
    );
    let names: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "REPORT-NAME")
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0]["severity"], "提示");
    assert_eq!(names[0]["department"], POLICY);
}

/// A folder holding only .txt reports is a batch (their own slips checked), not a
/// wrong path; a folder holding only a cover note is still refused.
#[test]
fn a_folder_of_txt_reports_alone_is_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报告");
    copy(
        &fixture("穗港智造合作区管委会报告.txt"),
        &input.join("穗港智造合作区管委会报告.txt"),
    );
    let out = jixiao(dir.path(), &["check", "-q", "报告"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // Its 段 6 sum, unpaired (no form).
    assert!(stdout.contains("REPORT-SUM"), "{stdout}");
    assert!(stdout.contains("自评报告 1"), "{stdout}");

    let notes = dir.path().join("说明");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("说明.txt"), "请查收附件。").unwrap();
    let out = jixiao(dir.path(), &["check", "-q", "说明"]);
    assert_eq!(out.status.code(), Some(2));
}
