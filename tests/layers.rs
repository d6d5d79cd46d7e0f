//! The layers of the library, as the module doc of `src/lib.rs` lists them, enforced.
//!
//! The table in `src/lib.rs` is the single source of truth: this test parses it,
//! scans every `.rs` file of the library under `src/` for `crate::x` paths (`use
//! crate::{a, b::c}` groups and doc links like [`crate::x`] included, as
//! `../shared/tools/layers.py` counts them) and fails on
//!
//! - a top-level module missing from the table, listed twice, or listed but absent;
//! - an import of a higher layer, or of the same layer — except that in layer 0 a
//!   leaf may import the leaves listed before it in its row;
//! - a circle (which the two rules above already rule out; checked all the same).
//!
//! The binary crate (`src/main.rs`, `src/cli.rs`, `src/cmd/`) stands above every
//! layer and is not scanned; neither is test code (`#[cfg(test)] mod tests { … }`
//! blocks and sibling `tests.rs` files).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The files and folders of `src/` that belong to the binary crate, not the library.
const BINARY: [&str; 3] = ["main.rs", "cli.rs", "cmd"];

/// One row of the table: its layer number and its modules, in the order written.
#[derive(Debug)]
struct Row {
    layer: u32,
    modules: Vec<String>,
}

/// An import: `file` (relative to the manifest) of module `from` names `crate::to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    file: String,
    from: String,
    to: String,
}

impl Edge {
    fn new(file: &str, from: &str, to: &str) -> Edge {
        Edge {
            file: file.into(),
            from: from.into(),
            to: to.into(),
        }
    }
}

// ---------------------------------------------------------------- the table

/// The layer table of a module doc (`//!` lines): the rows after the header
/// `| layer | modules | what |`, each `| N | [`a`] [`b`] | … |`. Rows must be numbered
/// 0, 1, 2, … in order (lowest first), and a modules cell holds only [`name`] links.
fn parse_table(lib: &str) -> Result<Vec<Row>, Vec<String>> {
    let doc: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let Some(header) = doc.iter().position(|l| {
        cells(l).is_some_and(|c| c.len() >= 2 && c[0] == "layer" && c[1] == "modules")
    }) else {
        return Err(vec![
            "src/lib.rs: no `| layer | modules | what |` table in the module doc".into(),
        ]);
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for line in doc[header + 1..].iter().take_while(|l| l.starts_with('|')) {
        let c = cells(line).unwrap_or_default();
        if c.iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':')))
        {
            continue; // |---|---|---|
        }
        let Some(layer) = c.first().and_then(|n| n.parse::<u32>().ok()) else {
            problems.push(format!("src/lib.rs: layer row without a number: {line}"));
            continue;
        };
        let modules = match c.get(1).map(|m| links(m)) {
            Some(Ok(m)) if !m.is_empty() => m,
            Some(Err(rest)) => {
                problems.push(format!(
                    "src/lib.rs: layer {layer}: the modules cell holds more than [`name`] links: {rest}"
                ));
                continue;
            }
            _ => {
                problems.push(format!("src/lib.rs: layer {layer} lists no module"));
                continue;
            }
        };
        let expected = rows.len() as u32;
        if layer != expected {
            problems.push(format!(
                "src/lib.rs: layer {layer} where layer {expected} should come (rows are numbered 0, 1, 2, … lowest first)"
            ));
        }
        rows.push(Row { layer, modules });
    }
    if rows.is_empty() {
        problems.push("src/lib.rs: the layer table has no rows".into());
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The cells of a markdown table row, trimmed, or `None` for a line that is not one.
fn cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

/// The names of a cell made only of [`name`] links, or the text left over.
fn links(cell: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = cell.trim();
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix("[`") else {
            return Err(rest.to_string());
        };
        let Some(end) = after.find("`]") else {
            return Err(rest.to_string());
        };
        let name = &after[..end];
        if !is_ident(name) {
            return Err(rest.to_string());
        }
        names.push(name.to_string());
        rest = after[end + 2..].trim_start();
    }
    Ok(names)
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where each module of the table sits: its layer and its place in its row.
fn positions(rows: &[Row]) -> BTreeMap<String, (u32, usize)> {
    let mut at = BTreeMap::new();
    for row in rows {
        for (i, m) in row.modules.iter().enumerate() {
            at.entry(m.clone()).or_insert((row.layer, i));
        }
    }
    at
}

// ---------------------------------------------------------------- the checks

/// (a) Every module of `src/` in the table exactly once; every entry a module.
fn check_listed(rows: &[Row], modules: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for row in rows {
        for m in &row.modules {
            if let Some(first) = seen.insert(m.clone(), row.layer) {
                problems.push(format!(
                    "src/lib.rs: {m} is listed twice (layers {first} and {})",
                    row.layer
                ));
            }
        }
    }
    for m in modules {
        if !seen.contains_key(m) {
            problems.push(format!(
                "src/lib.rs: module {m} is missing from the layer table"
            ));
        }
    }
    for m in seen.keys() {
        if !modules.contains(m) {
            problems.push(format!(
                "src/lib.rs: the layer table lists {m}, but there is no src/{m}.rs or src/{m}/"
            ));
        }
    }
    problems
}

/// (b) Every import goes to a lower layer, or in layer 0 to a leaf listed earlier.
/// One `file: module -> imported (why)` line per offending import.
fn check_edges(rows: &[Row], edges: &BTreeSet<Edge>) -> Vec<String> {
    let at = positions(rows);
    let mut problems = Vec::new();
    for e in edges {
        if e.from == e.to {
            continue;
        }
        let Some(&(from_layer, from_i)) = at.get(&e.from) else {
            continue; // a module missing from the table: reported by `check_listed`
        };
        let why = match at.get(&e.to) {
            None => "not a module of the layer table".to_string(),
            Some(&(to_layer, _)) if to_layer < from_layer => continue,
            Some(&(0, to_i)) if from_layer == 0 && to_i < from_i => continue,
            Some(&(0, _)) if from_layer == 0 => {
                "a leaf listed after it in layer 0, where a leaf imports only those before it"
                    .to_string()
            }
            Some(&(to_layer, _)) if to_layer == from_layer => {
                format!("the same layer {to_layer}")
            }
            Some(&(to_layer, _)) => format!("layer {from_layer} imports layer {to_layer}"),
        };
        problems.push(format!("{}: {} -> {} ({why})", e.file, e.from, e.to));
    }
    problems
}

/// Removes, again and again, every module that imports nothing left.
fn peel<'a>(graph: &mut BTreeMap<&'a str, BTreeSet<&'a str>>) {
    loop {
        let sinks: Vec<&str> = graph
            .iter()
            .filter(|(_, to)| to.is_empty())
            .map(|(m, _)| *m)
            .collect();
        if sinks.is_empty() {
            return;
        }
        for s in &sinks {
            graph.remove(s);
        }
        for to in graph.values_mut() {
            for s in &sinks {
                to.remove(s);
            }
        }
    }
}

/// (c) The circles of the import graph, each as `a -> b -> … -> a`.
fn circles(edges: &BTreeSet<Edge>) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges.iter().filter(|e| e.from != e.to) {
        graph.entry(&e.from).or_default().insert(&e.to);
        graph.entry(&e.to).or_default();
    }
    // Peel off every module that imports nothing left; what remains lies on or
    // leads into a circle.
    peel(&mut graph);
    let mut found = Vec::new();
    while let Some(&start) = graph.keys().next() {
        // Walk until a module repeats: the walk's tail from it is a circle.
        let mut path = vec![start];
        let circle = loop {
            let last = path[path.len() - 1];
            let next = *graph[last]
                .iter()
                .next()
                .expect("every module left imports one left");
            if let Some(i) = path.iter().position(|m| *m == next) {
                break path[i..].to_vec();
            }
            path.push(next);
        };
        let mut line = circle.join(" -> ");
        line.push_str(" -> ");
        line.push_str(circle[0]);
        found.push(format!("circle: {line}"));
        for m in &circle {
            graph.remove(m);
        }
        for to in graph.values_mut() {
            for m in &circle {
                to.remove(m);
            }
        }
        // Drop what no longer leads anywhere, as above.
        peel(&mut graph);
    }
    found
}

// ---------------------------------------------------------------- the sources

/// The top-level modules of the library: `src/x.rs` and `src/x/`, the crate root and
/// the binary's files aside.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if BINARY.contains(&name.as_str()) || name == "lib.rs" {
            continue;
        }
        if path.is_dir() {
            modules.insert(name);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            modules.insert(stem.to_string());
        }
    }
    modules
}

/// Every library `.rs` file under `src/` with its top-level module; test files aside.
fn library_files(src: &Path) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(src).unwrap();
            let first = rel.components().next()?.as_os_str().to_str()?.to_string();
            if BINARY.contains(&first.as_str()) || first == "lib.rs" {
                return None;
            }
            let top = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            Some((path, top))
        })
        .collect()
}

/// The source without its `#[cfg(test)] mod … { … }` blocks (other attributes and
/// `pub` between them allowed). Braces inside strings, chars and comments are skipped.
fn strip_test_modules(text: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        match test_block_len(after) {
            Some(len) => {
                out.push_str(&rest[..at]);
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..at + MARK.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// For the text after `#[cfg(test)]`: the length up to and including the closing
/// brace of the `mod name { … }` it marks, or `None` when it marks something else.
fn test_block_len(after: &str) -> Option<usize> {
    let mut s = after.trim_start();
    while s.starts_with("#[") {
        s = s[s.find(']')? + 1..].trim_start();
    }
    if let Some(p) = s.strip_prefix("pub") {
        s = p.trim_start();
        if s.starts_with('(') {
            s = s[s.find(')')? + 1..].trim_start();
        }
    }
    s = s.strip_prefix("mod")?;
    if !s.starts_with(char::is_whitespace) {
        return None;
    }
    s = s.trim_start();
    let name_len = s.find(|c: char| !is_ident_char(c))?;
    if name_len == 0 {
        return None;
    }
    s = s[name_len..].trim_start();
    if !s.starts_with('{') {
        return None; // `mod tests;`: its file is skipped instead
    }
    let open = after.len() - s.len();
    Some(open + matching_brace(s)? + 1)
}

/// The byte offset of the brace closing the one `s` starts with.
fn matching_brace(s: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(c) = at(i) {
        match c {
            '/' if at(i + 1) == Some('/') => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
                continue;
            }
            '/' if at(i + 1) == Some('*') => {
                let mut nest = 0usize;
                loop {
                    match (at(i)?, at(i + 1)) {
                        ('/', Some('*')) => {
                            nest += 1;
                            i += 2;
                        }
                        ('*', Some('/')) => {
                            nest -= 1;
                            i += 2;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => i += 1,
                    }
                }
                continue;
            }
            'r' if i == 0 || !at(i - 1).is_some_and(is_ident_char) || at(i - 1) == Some('b') => {
                // r"…", r#"…"#, br#"…"#
                let mut j = i + 1;
                while at(j) == Some('#') {
                    j += 1;
                }
                if at(j) == Some('"') {
                    let hashes = j - i - 1;
                    j += 1;
                    loop {
                        if at(j)? == '"' && (1..=hashes).all(|k| at(j + k) == Some('#')) {
                            break;
                        }
                        j += 1;
                    }
                    i = j + hashes + 1;
                    continue;
                }
            }
            '"' => {
                i += 1;
                loop {
                    match at(i)? {
                        '\\' => i += 2,
                        '"' => break,
                        _ => i += 1,
                    }
                }
            }
            '\'' => {
                if at(i + 1) == Some('\\') {
                    // '\n', '\'', '\u{7b}'
                    i += 3;
                    while at(i)? != '\'' {
                        i += 1;
                    }
                } else if at(i + 2) == Some('\'') {
                    i += 2; // 'x'
                } // else a lifetime or label
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(chars[i].0);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The top-level names a source reaches through `crate::`: `crate::x…`, and each
/// first name of a `crate::{a, b::c, d::{e}}` group. Comments count (doc links).
fn references(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("crate::") {
        let at = from + found;
        from = at + "crate::".len();
        if text[..at].chars().next_back().is_some_and(is_ident_char) {
            continue; // `foocrate::`
        }
        let rest = text[from..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            group_names(group, &mut names);
        } else {
            let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
            if len > 0 {
                names.insert(rest[..len].to_string());
            }
        }
    }
    names.retain(|n| n != "self" && n != "super" && n != "crate");
    names
}

/// The first names of a `{a, b::c, d::{e}}` group (the text after its `{`): those
/// at depth 1, after the `{` and after each `,`; comments inside skipped.
fn group_names(group: &str, names: &mut BTreeSet<String>) {
    let mut depth = 1;
    let mut expect_name = true;
    let mut i = 0;
    while let Some(c) = group[i..].chars().next() {
        let rest = &group[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            ',' if depth == 1 => expect_name = true,
            c if expect_name && depth == 1 && is_ident_char(c) => {
                let len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
                names.insert(rest[..len].to_string());
                expect_name = false;
                i += len;
                continue;
            }
            _ => {}
        }
        i += c.len_utf8();
    }
}

/// Every import of the library between top-level modules, with the file it is in.
fn library_edges(root: &Path) -> BTreeSet<Edge> {
    let src = root.join("src");
    let mut edges = BTreeSet::new();
    for (path, top) in library_files(&src) {
        let text = fs::read_to_string(&path).unwrap();
        let file = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for to in references(&strip_test_modules(&text)) {
            if to != top {
                edges.insert(Edge::new(&file, &top, &to));
            }
        }
    }
    edges
}

/// Every problem of a crate at `root`: (a) listing, (b) imports, (c) circles.
fn problems(root: &Path) -> Vec<String> {
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let rows = match parse_table(&lib) {
        Ok(rows) => rows,
        Err(problems) => return problems,
    };
    let mut problems = check_listed(&rows, &top_modules(&root.join("src")));
    let edges = library_edges(root);
    problems.extend(check_edges(&rows, &edges));
    problems.extend(circles(&edges));
    problems
}

// ---------------------------------------------------------------- the tests

#[test]
fn no_module_imports_one_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let problems = problems(root);
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(
        problems.is_empty(),
        "the layers of src/lib.rs are broken ({} problem(s)):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_table_is_read_and_holds_the_leaves_in_order() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let rows = parse_table(&lib).unwrap();
    assert!(rows.len() > 1, "{rows:?}");
    let leaves = &rows[0].modules;
    let before = |a: &str, b: &str| {
        let i = |m| leaves.iter().position(|l| l == m);
        i(a).zip(i(b)).is_some_and(|(a, b)| a < b)
    };
    // `limits` words its errors with `plain`.
    assert!(before("plain", "limits"), "{leaves:?}");
}

/// The checker itself can fail: fed a fake table and fake imports, it reports each
/// bad one and lets the good ones pass.
#[test]
fn the_checker_reports_what_it_should() {
    let lib = "//! intro\n//!\n\
        //! | layer | modules | what |\n\
        //! |---|---|---|\n\
        //! | 0 | [`a`] [`b`] | leaves |\n\
        //! | 1 | [`m`] | data |\n\
        //! | 2 | [`x`] | stage, see [`m::T`] |\n\
        //!\n//! after\n\npub mod a;\n";
    let rows = parse_table(lib).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].modules, ["a", "b"]);

    let edges: BTreeSet<Edge> = [
        Edge::new("src/b.rs", "b", "a"),      // earlier leaf: fine
        Edge::new("src/a.rs", "a", "b"),      // later leaf
        Edge::new("src/x/mod.rs", "x", "m"),  // downward: fine
        Edge::new("src/m/form.rs", "m", "x"), // upward
        Edge::new("src/m/form.rs", "m", "Batch"),
    ]
    .into_iter()
    .collect();
    let problems = check_edges(&rows, &edges);
    assert_eq!(
        problems,
        [
            "src/a.rs: a -> b (a leaf listed after it in layer 0, where a leaf imports only those before it)",
            "src/m/form.rs: m -> Batch (not a module of the layer table)",
            "src/m/form.rs: m -> x (layer 1 imports layer 2)",
        ]
    );
    assert_eq!(
        circles(&edges),
        ["circle: a -> b -> a", "circle: m -> x -> m"]
    );

    let modules: BTreeSet<String> = ["a", "b", "m", "y"].map(String::from).into();
    assert_eq!(
        check_listed(&rows, &modules),
        [
            "src/lib.rs: module y is missing from the layer table",
            "src/lib.rs: the layer table lists x, but there is no src/x.rs or src/x/",
        ]
    );

    let twice = lib.replace("| 1 | [`m`] |", "| 1 | [`m`] [`a`] |");
    assert_eq!(
        check_listed(&parse_table(&twice).unwrap(), &modules)[0],
        "src/lib.rs: a is listed twice (layers 0 and 1)"
    );
    assert!(parse_table(&lib.replace("| 1 |", "| 3 |")).is_err());
    assert!(parse_table(&lib.replace("[`m`]", "m")).is_err());
    assert!(parse_table("//! no table\n").is_err());
}

/// The scanner finds every `crate::` name outside test code.
#[test]
fn the_scanner_reads_paths_groups_and_doc_links() {
    let text = r##"//! See [`crate::doc`].
use crate::{
    one, // the first
    two::Thing, /* and, the */ three::{a, b},
    four,
};
use crate::five::*;
use std::collections::BTreeMap;
pub(crate) fn f() -> crate::six::T {
    let s = "{ not a brace";
    let c = '{';
    let _: &'static str = r#"}"# ;
    crate::seven::g()
}
#[cfg(test)]
fn helper() -> crate::eight::T {}

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use crate::hidden;
    fn g() { let c = '}'; let s = "}}"; /* } */ // }
        let _ = crate::also_hidden::x; }
}
fn after() { crate::nine::h() }
"##;
    let names: Vec<String> = references(&strip_test_modules(text)).into_iter().collect();
    assert_eq!(
        names,
        ["doc", "eight", "five", "four", "nine", "one", "seven", "six", "three", "two"]
    );
    assert_eq!(
        strip_test_modules("#[cfg(test)]\nmod tests;\n"),
        "#[cfg(test)]\nmod tests;\n"
    );
}
