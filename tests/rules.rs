//! The review rules as people read them, against `enum Rule` (src/model/finding.rs),
//! where every rule's id, Chinese name and severity are defined.
//!
//! - README.md: the rule tables (header `| 规则 | 名称 | 级别 | …`) list every rule
//!   of `Rule::ALL` exactly once, with its name and severity, and nothing else.
//! - `../shared/spec/CHECKS.md` and `REPORT.md` §4, when the spec is there: every
//!   `| `ID` | severity |` row names a rule raised at that severity. The spec is a
//!   subset (TOTAL-NA, TARGET-LOW and RATE-CAP are ours), so only that way round.

use jixiao::model::{Rule, Severity};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A rule as a document lists it.
#[derive(Debug, Clone, PartialEq)]
struct Listed {
    /// `README.md:277`, where a failure points.
    at: String,
    id: String,
    name: Option<String>,
    severity: String,
}

/// The cells of a markdown table row, trimmed, or `None` for a line that is not one.
fn cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
}

/// The tables of a markdown text: (line number of the header, header cells, rows
/// with their line numbers).
type Table = (usize, Vec<String>, Vec<(usize, Vec<String>)>);

fn tables(text: &str) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        match cells(line) {
            Some(c) if in_table => {
                if !is_separator(&c) {
                    out.last_mut().unwrap().2.push((n, c));
                }
            }
            Some(c) => {
                out.push((n, c, Vec::new()));
                in_table = true;
            }
            None => in_table = false,
        }
    }
    out
}

/// The ids of a cell: each `ID` in backticks, or the bare cell.
fn ids(cell: &str) -> Vec<String> {
    let quoted: Vec<String> = cell
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    if quoted.is_empty() {
        vec![cell.to_string()]
    } else {
        quoted
    }
}

fn severity_of(label: &str) -> Option<Severity> {
    Severity::ALL.into_iter().find(|s| s.label() == label)
}

/// README's rule rows, from every table headed `| 规则 | 名称 | 级别 | …`; and the
/// problems of the tables themselves: a rule id in a table without those columns.
fn readme_rules(text: &str) -> (Vec<Listed>, Vec<String>) {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (_, header, rows) in tables(text) {
        let is_rules = header.len() >= 3 && header[..3] == ["规则", "名称", "级别"];
        for (n, row) in rows {
            let id = row[0].trim_matches('`').to_string();
            if !is_rules {
                if Rule::from_id(&id).is_some() {
                    problems.push(format!(
                        "README.md:{n}: {id} in a table without the columns | 规则 | 名称 | 级别 |"
                    ));
                }
                continue;
            }
            rules.push(Listed {
                at: format!("README.md:{n}"),
                id,
                name: row.get(1).cloned(),
                severity: row.get(2).cloned().unwrap_or_default(),
            });
        }
    }
    (rules, problems)
}

/// The `| id | severity | when |` rows of a spec file (`name` for the messages).
/// A row whose severity reads "see `REPORT.md` §4" lists ids deferred to that file.
fn spec_rules(name: &str, text: &str) -> (Vec<Listed>, Vec<String>, Vec<String>) {
    let mut rules = Vec::new();
    let mut deferred = Vec::new();
    let mut problems = Vec::new();
    for (_, header, rows) in tables(text) {
        if header.len() < 2 || header[0] != "id" || header[1] != "severity" {
            continue;
        }
        for (n, row) in rows {
            let severity = row.get(1).cloned().unwrap_or_default();
            for id in ids(&row[0]) {
                if severity_of(&severity).is_some() {
                    rules.push(Listed {
                        at: format!("{name}:{n}"),
                        id,
                        name: None,
                        severity: severity.clone(),
                    });
                } else if severity.contains("REPORT.md") {
                    deferred.push(id);
                } else {
                    problems.push(format!(
                        "{name}:{n}: {id}: severity “{severity}” is neither 错误, 警告, 提示 nor a REPORT.md reference"
                    ));
                }
            }
        }
    }
    (rules, deferred, problems)
}

/// Section 4 of REPORT.md: from its `## 4.` heading to the next `## `.
fn section_4(report: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in report.lines() {
        if line.starts_with("## ") {
            inside = line.starts_with("## 4.") || line.starts_with("## 4 ");
        }
        if inside {
            out.push_str(line);
        }
        out.push('\n'); // keep line numbers
    }
    out
}

/// What is wrong with each listed rule against `enum Rule`: unknown id, other name,
/// other severity.
fn against_enum(listed: &[Listed]) -> Vec<String> {
    let mut problems = Vec::new();
    for l in listed {
        let Some(rule) = Rule::from_id(&l.id) else {
            problems.push(format!("{}: {} is not a Rule", l.at, l.id));
            continue;
        };
        if let Some(name) = &l.name {
            if name != rule.name() {
                problems.push(format!(
                    "{}: {} is named “{name}”, enum Rule names it “{}”",
                    l.at,
                    l.id,
                    rule.name()
                ));
            }
        }
        if l.severity != rule.severity().label() {
            problems.push(format!(
                "{}: {} is “{}”, enum Rule raises it as “{}”",
                l.at,
                l.id,
                l.severity,
                rule.severity().label()
            ));
        }
    }
    problems
}

fn fail_on(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what} ({} problem(s)):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn readme_lists_every_rule_with_its_name_and_severity() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let (listed, mut problems) = readme_rules(&readme);
    problems.extend(against_enum(&listed));

    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for l in &listed {
        if let Some(first) = seen.insert(&l.id, &l.at) {
            problems.push(format!(
                "{}: {} listed again (first at {first})",
                l.at, l.id
            ));
        }
    }
    for rule in Rule::ALL {
        if !seen.contains_key(rule.id()) {
            problems.push(format!(
                "README.md: {} （{}，{}） is in no rule table",
                rule.id(),
                rule.name(),
                rule.severity().label()
            ));
        }
    }
    fail_on("README.md's rule tables differ from enum Rule", &problems);
}

#[test]
fn spec_rules_are_rules_with_their_severity() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the manifest has a parent folder")
        .join("shared/spec");
    if !spec.is_dir() {
        // Straight to stderr, past the test harness's capture: seen in `cargo test`.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "跳过：../shared/spec 不存在（新克隆），只核对 README"
        );
        return;
    }
    let checks = fs::read_to_string(spec.join("CHECKS.md")).expect("../shared/spec/CHECKS.md");
    let (mut listed, deferred, mut problems) = spec_rules("CHECKS.md", &checks);
    match fs::read_to_string(spec.join("REPORT.md")) {
        Ok(report) => {
            let (rules, _, more) = spec_rules("REPORT.md §4", &section_4(&report));
            problems.extend(more);
            for id in &deferred {
                if !rules.iter().any(|l| &l.id == id) {
                    problems.push(format!(
                        "CHECKS.md: {id} is deferred to REPORT.md §4, which does not list it"
                    ));
                }
            }
            listed.extend(rules);
        }
        Err(_) if deferred.is_empty() => {}
        Err(e) => problems.push(format!(
            "CHECKS.md defers {} to REPORT.md §4, which cannot be read: {e}",
            deferred.join(", ")
        )),
    }
    assert!(
        !listed.is_empty(),
        "no `| id | severity |` rows read from ../shared/spec: has the format changed?"
    );
    problems.extend(against_enum(&listed));
    fail_on("the spec's rules differ from enum Rule", &problems);
}

/// The parsers on small texts, so that a changed format fails here, not silently.
#[test]
fn the_parsers_read_both_tables_and_the_deferral() {
    let readme = "| 规则 | 名称 | 级别 | 何时 |\n|---|---|---|---|\n\
        | NO-FORM | 未找到自评表 | 错误 | … |\n\n\
        | 规则 | 名称 | 级别 | 什么时候报 | 例 |\n|---|---|---|---|---|\n\
        | `REPORT-SUM` | 报告分项不符 | 提示 | … | |\n\n\
        | 规则 | 何时 |\n|---|---|\n| OVERSPEND | … |\n";
    let (listed, problems) = readme_rules(readme);
    assert_eq!(
        problems,
        ["README.md:11: OVERSPEND in a table without the columns | 规则 | 名称 | 级别 |"]
    );
    assert_eq!(
        listed.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        ["NO-FORM", "REPORT-SUM"]
    );
    assert_eq!(
        against_enum(&listed),
        ["README.md:7: REPORT-SUM is “提示”, enum Rule raises it as “警告”"]
    );

    let checks = "# x\n\n| id | severity | when |\n|---|---|---|\n\
        | `NEGATIVE` | 错误 | … |\n\
        | `REPORT-SUM`, `REPORT-MISSING` | see `REPORT.md` §4 | … |\n";
    let (rules, deferred, problems) = spec_rules("CHECKS.md", checks);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rules.len(), 1);
    assert_eq!(deferred, ["REPORT-SUM", "REPORT-MISSING"]);

    let report = "## 3. Claims\n\n| id | severity | when |\n|---|---|---|\n| `NO-SUCH` | 警告 | |\n\n\
        ## 4. Checks\n\n| id | severity | when |\n|---|---|---|\n| `REPORT-MISSING` | 提示 | |\n\n## 5. Output\n";
    let (rules, _, _) = spec_rules("REPORT.md §4", &section_4(report));
    assert_eq!(
        rules,
        [Listed {
            at: "REPORT.md §4:11".into(),
            id: "REPORT-MISSING".into(),
            name: None,
            severity: "提示".into(),
        }]
    );
    assert!(against_enum(&rules).is_empty());
}
