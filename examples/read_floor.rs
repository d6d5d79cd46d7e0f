//! The read floor for benchmarks: open every file of a folder with calamine and
//! touch every cell of every sheet, with the same parallelism as jixiao, and
//! nothing else. `read_floor DIR` prints the files and cells read.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rayon::prelude::*;
use std::io::Cursor;

/// The same allocator as the jixiao binary, so that the ratio compares like with like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: read_floor DIR");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let cells: usize = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("read file");
            let Ok(mut wb) = open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())) else {
                return 0;
            };
            let mut n = 0;
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    n += range
                        .used_cells()
                        .filter(|(_, _, c)| !matches!(c, Data::Empty))
                        .count();
                }
            }
            n
        })
        .sum();
    println!("{} files, {cells} cells", files.len());
}
