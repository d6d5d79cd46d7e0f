//! Print every non-empty cell of every sheet of a workbook (a debugging aid).
use calamine::{open_workbook_auto, Reader};
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_cells FILE");
    let mut wb = open_workbook_auto(&path).expect("open");
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        println!("== {name} {:?}..{:?}", range.start(), range.end());
        for (r, c, v) in range.used_cells() {
            println!("{r},{c}: {v:?}");
        }
    }
}
