//! `--csv DIR`: one UTF-8 CSV (with a BOM, so Excel opens it right) per table.

use super::tables::{Table, Value};
use crate::num;
use std::path::{Path, PathBuf};

/// Quote a field per RFC 4180 when needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text that a spreadsheet would take as a formula gets a leading `'`.
fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => neutralise(t),
        Value::Int(i) => i.to_string(),
        Value::Money(m) => num::amount(*m),
        Value::Score(s) => num::money(*s),
        Value::Rate(r) => num::percent(*r),
    }
}

/// One table as CSV bytes: BOM, full headers, rows, the 合计 row; CRLF line ends.
pub fn table_bytes(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = (0..table.columns.len())
        .map(|c| field(&table.full_header(c)))
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in table.rows.iter().chain(table.total.iter()) {
        let cells: Vec<String> = row.iter().map(|c| field(&value(c.value()))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The file each table goes to inside `dir`.
pub fn path_for(dir: &Path, table: &Table) -> PathBuf {
    dir.join(format!("{}.csv", table.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("正常文本"), "正常文本");
    }
}
