//! Unit tests of `write/xlsx.rs`.

use super::*;
use crate::write::tables::{Rows, Value};

/// A table whose rows do not number what it announced is an error: the sheet
/// is never silently cut short or left with rows unwritten.
#[test]
fn a_table_giving_other_rows_than_announced_is_an_error() {
    let options = crate::Options::new(Vec::new(), Scheme::builtin());
    let batch = crate::run(&options, &[], &|_| {});
    let fmt = Formats::new();
    for (announced, made) in [(3, 2), (2, 3)] {
        let rows: crate::write::tables::RowSource<'_> = Box::new(move || {
            let run: Rows = (0..made)
                .map(|i| vec![Cell::Value(Value::Int(i))])
                .collect();
            Box::new(std::iter::once(run))
        });
        let table = Table::new("表", "标题".into(), &["列"], announced, rows);
        let job = Job {
            table: &table,
            per_sheet: 100,
            hold_cells: 0,
            fmt: &fmt,
            progress: &|_| {},
        };
        let mut wb = Workbook::new();
        wb.add_worksheet_with_constant_memory().unwrap();
        let result = job.write(wb.worksheets_mut(), &batch);
        assert!(
            matches!(&result, Err(XlsxError::ParameterError(m)) if m.contains("应有")),
            "announced {announced}, made {made}: {result:?}"
        );
    }
}

/// A sum of money is as wide as `#,##0.00` shows it: its digits, point and
/// decimals, and a separator for every three digits before the point.
#[test]
fn money_is_measured_with_its_thousands_separators() {
    let money = |s: &str| look::shown_width(&Value::Money(s.parse().unwrap()));
    assert_eq!(money("0"), 4); // 0.00
    assert_eq!(money("999.99"), 6); // 999.99
    assert_eq!(money("1000"), 8); // 1,000.00
    assert_eq!(money("3344403.6"), 12); // 3,344,403.60
    assert_eq!(money("-1234.5"), 9); // -1,234.50
    assert_eq!(money("16722018"), 13); // 16,722,018.00
}
