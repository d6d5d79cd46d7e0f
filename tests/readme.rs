//! Every example output in README.md is what jixiao prints: each ```text block
//! after a marker `<!-- 示例：由 tests/readme.rs 核对 -->` starts with the command
//! (`$ jixiao …`) and is compared, line for line, with that command's real output on
//! the samples; a marker `<!-- 示例：由 tests/readme.rs 核对，节选自 jixiao … 的输出 -->`
//! marks an excerpt, whose lines must appear together, in order, in that output.
//! Only the time taken (`用时 0.1 秒`) is normalised.
//!
//! The commands run in a temporary folder holding the samples twice, as `samples`
//! and as `南沙区 2023 报送` (the README's inbox), so the paths print as shown.

use crate::common;

use common::*;
use std::path::Path;
use std::process::Command;

const MARKER: &str = "<!-- 示例：由 tests/readme.rs 核对";

/// Split a command line as a shell would, for the simple quoting the README uses.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `用时 0.4 秒` → `用时 N 秒`.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("用时 ") {
        out.push_str(&rest[..at + "用时 ".len()]);
        rest = &rest[at + "用时 ".len()..];
        let end = rest.find(" 秒").unwrap_or(0);
        if rest[..end].chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push('N');
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Run `jixiao ARGS -q` in `dir`: what it prints (stdout, then stderr), without
/// the blank lines at either end.
fn run(dir: &Path, command: &str) -> Vec<String> {
    let args = words(command);
    assert_eq!(args[0], "jixiao", "{command}");
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(&args[1..])
        .arg("-q")
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = normalise(&format!(
        "{}{}",
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    ));
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[first..last].to_vec()
}

/// Each marked block: the marker line and the block's lines.
fn blocks(readme: &str) -> Vec<(String, Vec<String>)> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with(MARKER) {
            continue;
        }
        assert_eq!(
            lines[i + 1],
            "```text",
            "a marker stands right above its block"
        );
        let body: Vec<String> = lines[i + 2..]
            .iter()
            .take_while(|l| **l != "```")
            .map(|l| l.to_string())
            .collect();
        out.push((line.to_string(), body));
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_example_output_in_the_readme_is_what_jixiao_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let found = blocks(&readme);
    // The end line of `jixiao 文件夹`, the `check samples` listing, the excerpt of
    // the listing under 自评报告.
    assert_eq!(found.len(), 3, "{found:?}");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples"), &dir.path().join("samples"));
    copy_dir(
        &root().join("samples"),
        &dir.path().join("南沙区 2023 报送"),
    );
    for (marker, body) in found {
        let body: Vec<String> = body.iter().map(|l| normalise(l)).collect();
        match marker
            .split_once("节选自 ")
            .and_then(|(_, r)| r.split_once(" 的输出"))
        {
            Some((command, _)) => {
                let real = run(dir.path(), command);
                let found = real.windows(body.len()).any(|w| w == body.as_slice());
                assert!(
                    found,
                    "README excerpt of `{command}` is not in its output:\n{}\n---- real:\n{}",
                    body.join("\n"),
                    real.join("\n")
                );
            }
            None => {
                let command = body[0].strip_prefix("$ ").expect("the block starts with $");
                let real = run(dir.path(), command);
                assert_eq!(
                    body[1..].join("\n"),
                    real.join("\n"),
                    "README example of `{command}`"
                );
            }
        }
    }
}

#[test]
fn the_end_line_counts_departments_forms_and_reports() {
    // Checked by hand against samples/: five departments 000–004, five forms and
    // seven reports (five .docx, and .pdf copies of 001's and 004's); the five
    // warnings of the forms (000's two 三公 sums, 002's declared rate, 002's and
    // 003's year) and ten of the reports (three in 000's, six in 002's, one in
    // 004's, README “自评报告”).
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples"), &dir.path().join("samples"));
    let real = run(dir.path(), "jixiao check samples");
    assert_eq!(
        real.last().unwrap(),
        "共 5 个部门：自评表 5，自评报告 7，失败 0，跳过 0；问题：错误 0，警告 15，提示 0"
    );
    // A superseded duplicate is 跳过 and no second department: 001 sent twice
    // counts once, as one form.
    std::fs::copy(
        root().join("samples/001.xlsx"),
        dir.path().join("samples/001_重报.xlsx"),
    )
    .unwrap();
    let real = run(dir.path(), "jixiao check samples");
    let end = real.last().unwrap();
    assert!(
        end.starts_with("共 5 个部门：自评表 5，自评报告 7，失败 0，跳过 1；"),
        "{end}"
    );
}

/// Every field name of an object in `value`, with the path it was met at; the
/// entries of maps keyed by data (grade, level, severity) are not fields.
fn field_names(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    const KEYED_BY_DATA: [&str; 4] = ["grades", "findings", "by_level1", "by_level2"];
    match value {
        serde_json::Value::Object(map) => {
            let keyed = KEYED_BY_DATA
                .iter()
                .any(|k| path.ends_with(&format!(".{k}")));
            for (k, v) in map {
                if keyed && !v.is_object() && !v.is_array() {
                    continue;
                }
                out.push((k.clone(), path.to_string()));
                field_names(v, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                field_names(v, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

/// The README's JSON section names every field jixiao writes: those of a batch
/// with reports (samples/), and of a follow-up round carrying a reviewer's
/// decision (`follow_up`, `decisions`, `verified`, `remark`).
#[test]
fn every_json_field_is_in_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- 字段：由 tests/readme.rs 核对")
        .expect("the JSON section's marker");
    let table = &readme[start..];
    let table = &table[..table.find("\n\n").unwrap_or(table.len())];
    let documented: std::collections::BTreeSet<&str> =
        table.split('`').skip(1).step_by(2).collect();

    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples"), &dir.path().join("samples"));
    let d = dir.path();
    build(d, &["samples", "-o", "一轮.xlsx", "--json", "一轮.json"]);
    let read = |name: &str| read_json(&d.join(name));
    // The reviewer verified 002's year (as the hidden sheet or a JSON carries it).
    let mut first = read("一轮.json");
    let year = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "YEAR-MISMATCH")
        .unwrap()
        .clone();
    first["decisions"] = serde_json::json!([{
        "department": year["department"],
        "rule": "YEAR-MISMATCH",
        "cell": year["cell"],
        "declared": year["declared"],
        "computed": year["computed"],
        "message": year["message"],
        "verdict": "verified",
        "remark": "按财政年度口径填报，已电话核实",
        "decided": "2026年11月24日",
    }]);
    std::fs::write(
        d.join("一轮（已审）.json"),
        serde_json::to_string(&first).unwrap(),
    )
    .unwrap();
    build(
        d,
        &[
            "samples",
            "-o",
            "二轮.xlsx",
            "--json",
            "二轮.json",
            "--previous",
            "一轮（已审）.json",
        ],
    );
    let second = read("二轮.json");
    assert!(second["decisions"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));

    let mut fields = Vec::new();
    field_names(&read("一轮.json"), "", &mut fields);
    field_names(&second, "", &mut fields);
    let missing: std::collections::BTreeSet<String> = fields
        .into_iter()
        .filter(|(k, _)| !documented.contains(k.as_str()))
        .map(|(k, path)| format!("{path}.{k}"))
        .collect();
    assert!(
        missing.is_empty(),
        "README 的 JSON 一节没有列出：{missing:?}"
    );
}
