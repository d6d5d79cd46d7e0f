//! Helpers shared by the integration tests: run the real binary, read its outputs.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `samples/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `jixiao` with `args` in `cwd`.
pub fn jixiao(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run jixiao")
}

/// Run `jixiao build` and insist it succeeds.
pub fn build(cwd: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build", "-q"];
    all.extend_from_slice(args);
    let out = jixiao(cwd, &all);
    assert!(
        out.status.success(),
        "jixiao {all:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Build `samples/` into `dir` (workbook `out.xlsx`, JSON `out.json`) and return the JSON.
pub fn build_samples(dir: &Path) -> Value {
    let xlsx = dir.join("out.xlsx");
    let json = dir.join("out.json");
    build(
        &root(),
        &[
            "samples",
            "-o",
            xlsx.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    read_json(&json)
}

/// The files of a JSON export (`files[].file`), in its order.
pub fn listed_files(doc: &Value) -> Vec<&str> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect()
}

/// Parse a JSON file.
pub fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read json")).expect("valid json")
}

/// The department whose name starts with `prefix`.
pub fn department<'a>(doc: &'a Value, prefix: &str) -> &'a Value {
    doc["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no department {prefix}"))
}

/// A decimal parsed from a JSON string field.
pub fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .parse()
        .unwrap()
}

/// The parts of a zip container, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A zip container of these parts, in this order.
pub fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A copy of an .xlsx with one part's text changed by `edit`.
pub fn edit_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(name, data)| {
            if name == part {
                let text = String::from_utf8(data).unwrap();
                (name, edit(&text).into_bytes())
            } else {
                (name, data)
            }
        })
        .collect();
    zip(&parts)
}

/// A sheet of a written workbook as rows of displayed strings.
pub fn sheet_rows(xlsx: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(xlsx).expect("open the workbook");
    let range = wb
        .worksheet_range(sheet)
        .unwrap_or_else(|_| panic!("no sheet {sheet}"));
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// A part of a zip package (an xlsx) as text.
pub fn zip_text(package: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(package).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in {}", package.display()));
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    s
}

/// The value of attribute `name` in the tag text `tag`.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The `n`-th element `<{element}` inside `section` of `xml`, as its tag text.
pub fn nth_tag<'a>(xml: &'a str, section: &str, element: &str, n: usize) -> Option<&'a str> {
    let start = xml.find(&format!("<{section}"))?;
    let end = start + xml[start..].find(&format!("</{section}>"))?;
    let body = &xml[start..end];
    let open = format!("<{element}");
    let mut rest = body;
    let mut i = 0;
    loop {
        let at = rest.find(&open)?;
        // `<fill>` must not match `<fills`.
        let next = rest[at + open.len()..].chars().next()?;
        if next == ' ' || next == '>' || next == '/' {
            if i == n {
                let tail = &rest[at..];
                let end = tail
                    .find(&format!("</{element}>"))
                    .unwrap_or_else(|| tail.find('>').unwrap() + 1);
                return Some(&tail[..end]);
            }
            i += 1;
        }
        rest = &rest[at + open.len()..];
    }
}

/// The fill colour (`FFFF9999`) of cell `a1` in `sheet` of `xlsx`, if any.
pub fn fill_of(xlsx: &Path, sheet: &str, a1: &str) -> Option<String> {
    let xml = zip_text(xlsx, sheet);
    let at = xml.find(&format!("<c r=\"{a1}\""))?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let style: usize = attr(tag, "s")?.parse().ok()?;
    let styles = zip_text(xlsx, "xl/styles.xml");
    let xf = nth_tag(&styles, "cellXfs", "xf", style)?;
    let fill: usize = attr(xf, "fillId")?.parse().ok()?;
    let fill = nth_tag(&styles, "fills", "fill", fill)?;
    attr(fill, "rgb").map(str::to_string)
}

/// `jixiao check FORM [extra…] --json`, run from the repository root: the JSON
/// document (the exit code 0 or 1: 错误 found is no failure here).
pub fn check_json(form: &str, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let mut args = vec!["check", form, "-q"];
    args.extend_from_slice(extra);
    args.extend(["--json", json.to_str().unwrap()]);
    let out = jixiao(&root(), &args);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    read_json(&json)
}

/// (rule, cell) of every finding of a JSON document, but those of the rules in
/// `except`, sorted.
pub fn rule_cells(doc: &Value, except: &[&str]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !except.iter().any(|r| f["rule"] == *r))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}
