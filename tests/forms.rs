//! `build --forms`: each department's form rewritten in the canonical layout. A
//! converted form read again gives the same department: figures, goals,
//! indicators and scores (cell references and the source naturally differ).

use crate::common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// Drop what depends on the file and layout rather than on the department.
fn strip(mut d: Value) -> Value {
    d.as_object_mut().unwrap().remove("source");
    for list in ["goals", "indicators"] {
        for item in d[list].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("cell");
        }
    }
    d
}

fn build_one(dir: &Path, input: &Path, tag: &str, forms: bool) -> Value {
    let json = dir.join(format!("{tag}.json"));
    let mut args = vec!["build", "-q", input.to_str().unwrap(), "-o"];
    let xlsx = dir.join(format!("{tag}.xlsx"));
    args.push(xlsx.to_str().unwrap());
    args.extend(["--json", json.to_str().unwrap()]);
    let forms_dir = dir.join(format!("{tag}_forms"));
    if forms {
        args.extend(["--forms", forms_dir.to_str().unwrap()]);
    }
    let out = jixiao(dir, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_json(&json)
}

#[test]
fn every_sample_and_fixture_survives_conversion() {
    let mut inputs: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["samples", "tests/fixtures/reader"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            // Forms only: a report alone is no batch (samples/ holds both).
            if p.extension()
                .is_some_and(|x| !["py", "docx", "pdf"].contains(&x.to_str().unwrap()))
            {
                inputs.push(p);
            }
        }
    }
    inputs.sort();
    assert!(inputs.len() >= 22);
    let mut converted = 0;
    for (i, input) in inputs.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let first = build_one(dir.path(), input, &format!("a{i}"), true);
        let forms = dir.path().join(format!("a{i}_forms"));
        let Some(before) = first["departments"].as_array().unwrap().first().cloned() else {
            // A failed file (the encrypted fixture) produces no form.
            assert!(
                !forms.exists() || std::fs::read_dir(&forms).unwrap().next().is_none(),
                "{input:?}"
            );
            continue;
        };
        // The form, and the reviewer's 退回清单.xlsx beside it.
        let files: Vec<_> = std::fs::read_dir(&forms)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with("退回清单.xlsx"))
            .collect();
        assert!(forms.join("退回清单.xlsx").exists(), "{input:?}");
        assert_eq!(files.len(), 1, "{input:?}");
        let second = build_one(dir.path(), &files[0], &format!("b{i}"), false);
        let after = second["departments"][0].clone();
        assert_eq!(
            strip(after),
            strip(before),
            "{input:?} changed in conversion"
        );
        assert_eq!(second["departments"][0]["source"]["sheet"], "自评表");
        converted += 1;
    }
    assert_eq!(converted, inputs.len() - 1, "all but the encrypted fixture");
}

#[test]
fn converted_forms_carry_the_review_in_column_k() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    build_one(dir.path(), &root().join("samples/002.xlsx"), "x", true);
    let path = dir
        .path()
        .join("x_forms/中国人民政治协商会议广州市南沙区委员会办公室.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("自评表").unwrap();
    // The declared 99.80% stays in F8; K8 holds the computed 1954.07/1954.46.
    assert_eq!(range.get_value((7, 5)), Some(&Data::Float(0.998)));
    assert_eq!(range.get_value((7, 10)), Some(&Data::Float(0.9998)));
    assert_eq!(
        range.get_value((6, 10)),
        Some(&Data::String("复核执行率".into()))
    );
    // 复核总分 beside the declared 自评总分 97.61 (six goals: 总分 at row 55).
    assert_eq!(range.get_value((54, 8)), Some(&Data::Float(97.61)));
    assert_eq!(range.get_value((54, 10)), Some(&Data::Float(97.61)));
    assert_eq!(range.get_value((55, 10)), Some(&Data::String("优".into())));
}

#[test]
fn department_names_become_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/reader/11_无部门名称.xlsx"),
        input.join("a:b?.xlsx"),
    )
    .unwrap();
    build_one(dir.path(), &input, "n", true);
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("n_forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a_b_.xlsx", "退回清单.xlsx"]);
}

/// `--forms` into (or under) an input folder is refused before anything is read
/// or created: converted forms would overwrite or join the submissions.
#[test]
fn forms_folder_inside_the_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(root().join("samples/000.xlsx"), input.join("000.xlsx")).unwrap();
    let out = jixiao(dir.path(), &["build", "-q", "报送", "--forms", "报送/标准"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("在输入文件夹之内"));
    assert!(!input.join("标准").exists());
    // A sibling folder, even spelled through the input folder, is fine.
    let out = jixiao(
        dir.path(),
        &["build", "-q", "报送", "--forms", "报送/../标准"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("标准").is_dir());
}
