//! `--csv DIR`: one UTF-8 CSV (with a BOM, so Excel opens it right) per table.

use super::tables::{Table, Value};
use crate::num;
use std::io::{self, Write};
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

/// Write one table as CSV: BOM, full headers, rows, the 合计 row; CRLF line ends.
pub fn write_table(table: &Table<'_>, out: &mut impl Write) -> io::Result<()> {
    let line = |out: &mut dyn Write, cells: Vec<String>| -> io::Result<()> {
        out.write_all(cells.join(",").as_bytes())?;
        out.write_all(b"\r\n")
    };
    out.write_all("\u{feff}".as_bytes())?;
    line(
        out,
        (0..table.columns.len())
            .map(|c| field(&table.full_header(c)))
            .collect(),
    )?;
    for row in table.rows().chain(table.total.clone()) {
        line(out, row.iter().map(|c| field(&value(c.value()))).collect())?;
    }
    Ok(())
}

/// [`write_table`] into memory.
pub fn table_bytes(table: &Table<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    write_table(table, &mut out).expect("writing to memory");
    out
}

/// The file each table goes to inside `dir`.
pub fn path_for(dir: &Path, table: &Table<'_>) -> PathBuf {
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
