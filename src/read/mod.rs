//! Read stage: a file's bytes → a [`Form`], or a one-line reason why not.
//!
//! The format is sniffed from the bytes (not trusted from the extension); the form's
//! sheet is the one whose cells hold the most of the form's labels; every field is
//! then found by its label ([`extract`]).

pub mod extract;
pub mod grid;
pub(crate) mod guard;
pub mod html;
pub mod label;
pub mod layout;
pub mod limits;
mod ods_scan;
mod tables;
pub mod value;
mod xls_scan;
mod xlsb;

use crate::model::Form;
use crate::scheme::Scheme;
use calamine::{Cell, Data, DataRef, Range, Reader, Sheets};
use grid::Grid;
use layout::Layout;
pub use limits::Limits;
use std::io::Cursor;

/// Why a file did not become a department.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Zero bytes.
    #[error("文件为空（0 字节）")]
    Empty,
    /// Not a spreadsheet format jixiao knows.
    #[error("无法识别的文件格式，不是 Excel 或 ODS 电子表格")]
    NotSpreadsheet,
    /// Encrypted or password-protected.
    #[error("文件已加密，请提交未加密的文件")]
    Encrypted,
    /// Past one of the [`Limits`] (size, zip bomb).
    #[error("{0}")]
    TooLarge(String),
    /// The container or its parts are broken; the text says how, in plain Chinese.
    #[error("文件已损坏或不完整，无法打开（{0}）")]
    Corrupt(String),
    /// Refused before reading, with the reason (an archive that cannot be
    /// listed, a zip named like a workbook).
    #[error("{0}")]
    Refused(String),
    /// A reading library refused the file: `reason` in plain Chinese (what to do),
    /// `detail` the library's own words for support (JSON `files[].detail`).
    #[error("{reason}")]
    Damaged {
        /// What the user reads.
        reason: String,
        /// The technical cause.
        detail: String,
    },
    /// A readable spreadsheet without the form.
    #[error("未找到自评表：没有工作表包含“部门名称”“全年预算数”“自评得分”等栏目")]
    NoForm,
    /// jixiao's own summary workbook, e.g. a previous run's output in the input folder.
    #[error("jixiao 生成的汇总表，不是报送的自评表")]
    SummaryWorkbook,
    /// A Word or text file that is not a 自评报告 (a cover note, a letter).
    #[error("不是自评报告（开头没有“自评报告”或“绩效”字样）")]
    NotReport,
    /// A report without any text.
    #[error("报告中没有文字")]
    NoText,
    /// A PDF without a text layer.
    #[error("扫描件没有文字层，无法读取")]
    Scanned,
    /// The reader panicked (a bug or a pathological file); the batch goes on.
    #[error("读取时发生内部错误，文件可能已损坏")]
    Internal,
}

impl ReadError {
    /// A library's error `e` while reading `part` (a Chinese name of what was being
    /// read), as a plain reason that says what to do, the words kept as detail.
    pub fn damaged(part: &str, e: &dyn std::fmt::Display) -> ReadError {
        let detail = first_line(&e.to_string());
        let lower = detail.to_lowercase();
        let reason = if lower.contains("macrosheet") || lower.contains("dt: xl/macro") {
            "工作簿含有 Excel 4.0 宏表，无法读取：请在 Excel 或 WPS 中删除宏表后另存为 .xlsx 再报送"
        } else if lower.contains("codepage") {
            "文件使用了无法识别的字符编码：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再报送"
        } else if [
            "eocd",
            "end of file",
            "past end",
            "fill whole buffer",
            "unexpected eof",
            "larger than its declared",
            "invalid zip",
            "truncated",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            "文件不完整或已损坏（可能上传、复制或下载时中断）：请重新导出或重新上传后报送"
        } else {
            "文件已损坏或格式异常，无法打开：请用原软件（Excel、WPS 或 Word）打开确认，重新保存后再报送"
        };
        ReadError::Damaged {
            reason: reason.to_string(),
            detail: if part.is_empty() {
                detail
            } else {
                format!("{part}：{detail}")
            },
        }
    }

    /// The technical cause behind the reason, where a library gave one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ReadError::Damaged { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The review rule this failure reports as (`CHECKS.md`).
    pub fn rule(&self) -> &'static str {
        match self {
            ReadError::NoForm => "NO-FORM",
            _ => "UNREADABLE",
        }
    }
}

/// Sheets that together mark jixiao's own summary workbook (`WORKBOOK.md`).
const SUMMARY_SHEETS: &[&str] = &["汇总表", "审核问题", "文件清单"];

/// The container format, from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// OLE compound file: `.xls`, or an encrypted OOXML workbook.
    Ole,
    /// Zip: `.xlsx`, `.xlsm`, `.xlsb`, `.ods`.
    Zip,
}

fn sniff(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Container::Ole)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some(Container::Zip)
    } else {
        None
    }
}

/// An encrypted OOXML package is an OLE file with an `EncryptedPackage` stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bytes.windows(NAME.len()).any(|w| w == NAME)
}

fn describe(err: &calamine::Error) -> ReadError {
    let text = err.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::Encrypted;
    }
    ReadError::damaged("", err)
}

/// The first line of an error text, at most 120 characters.
fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}

/// Hold the file to the [`Limits`] before calamine sees it: its size, a zip
/// container's directory (and an `.ods`'s repeats), an `.xls`'s cell records.
fn precheck(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    limits.check_size(bytes.len() as u64)?;
    match sniff(bytes) {
        Some(Container::Ole) if !is_encrypted_ooxml(bytes) => xls_scan::check(bytes, limits),
        Some(Container::Zip) => {
            if limits.check_zip(bytes)? {
                ods_scan::check(bytes, limits)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Open the workbook in the bytes, by content, trying the extension's format first.
fn open<'b>(bytes: &'b [u8], extension: &str) -> Result<Sheets<Cursor<&'b [u8]>>, ReadError> {
    use calamine::{open_workbook_from_rs, Ods, Xls, Xlsb, Xlsx};
    let cursor = || Cursor::new(bytes);
    match sniff(bytes) {
        None if bytes.is_empty() => Err(ReadError::Empty),
        None => Err(ReadError::NotSpreadsheet),
        Some(Container::Ole) => {
            if is_encrypted_ooxml(bytes) {
                return Err(ReadError::Encrypted);
            }
            open_workbook_from_rs::<Xls<_>, _>(cursor())
                .map(Sheets::Xls)
                .map_err(|e| describe(&calamine::Error::Xls(e)))
        }
        Some(Container::Zip) => {
            let first = match extension {
                "xlsb" => open_workbook_from_rs::<Xlsb<_>, _>(cursor())
                    .map(Sheets::Xlsb)
                    .map_err(calamine::Error::Xlsb),
                "ods" => open_workbook_from_rs::<Ods<_>, _>(cursor())
                    .map(Sheets::Ods)
                    .map_err(calamine::Error::Ods),
                _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor())
                    .map(Sheets::Xlsx)
                    .map_err(calamine::Error::Xlsx),
            };
            first.or_else(|first_err| {
                // A renamed file: try the other zip formats before giving up.
                open_workbook_from_rs::<Xlsx<_>, _>(cursor())
                    .map(Sheets::Xlsx)
                    .or_else(|_| open_workbook_from_rs::<Xlsb<_>, _>(cursor()).map(Sheets::Xlsb))
                    .or_else(|_| open_workbook_from_rs::<Ods<_>, _>(cursor()).map(Sheets::Ods))
                    .map_err(|_| describe(&first_err))
            })
        }
    }
}

/// What the reader reads forms with: the layouts it recognises, a layout forced
/// by the user, and the scheme each layout's forms are scored with.
pub struct Catalog {
    /// Known layouts, in detection order.
    pub layouts: layout::Layouts,
    /// The one layout to read every form with (`--layout`), by index.
    pub forced: Option<usize>,
    /// Schemes by id; a layout names its scheme by id.
    pub schemes: Vec<Scheme>,
}

impl Catalog {
    /// The shipped layouts and schemes, with `scheme` in place of the canonical
    /// layout's scheme (the `--scheme` of the command line).
    pub fn new(scheme: Scheme) -> Catalog {
        let layouts = layout::Layouts::builtin();
        let mut schemes = vec![scheme];
        for text in crate::scheme::LAYOUT_SCHEMES {
            let s = Scheme::parse(text).expect("a shipped scheme is valid");
            if !schemes.iter().any(|x| x.id == s.id) {
                schemes.push(s);
            }
        }
        Catalog {
            layouts,
            forced: None,
            schemes,
        }
    }

    /// The scheme the forms of a layout are scored with: the layout's own, else the
    /// first (the `--scheme` one). The canonical layout always takes the first.
    pub fn scheme_for(&self, layout: &str) -> &Scheme {
        let Some(l) = self.layouts.get(layout) else {
            return &self.schemes[0];
        };
        if self.layouts.all.first().is_some_and(|c| c.id == l.id) {
            return &self.schemes[0];
        }
        self.schemes
            .iter()
            .find(|s| s.id == l.scheme)
            .unwrap_or(&self.schemes[0])
    }

    /// The main scheme (the canonical layout's).
    pub fn main_scheme(&self) -> &Scheme {
        &self.schemes[0]
    }
}

/// How strongly a sheet looks like a layout's form: anchors present, out of all.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Match {
    found: usize,
    of: usize,
}

impl Match {
    /// A larger share of anchors wins; at an equal share, more anchors.
    fn beats(self, other: Match) -> bool {
        let (a, b) = (self.found * other.of, other.found * self.of);
        a > b || (a == b && self.found > other.found)
    }
}

/// Read a form from a file's bytes under the default [`Limits`] and the shipped
/// layouts, scored with `scheme` where the form is canonical. `file` is the path as
/// it should be reported, `extension` the lowercase extension (a hint only).
pub fn read_form(
    file: &str,
    bytes: &[u8],
    extension: &str,
    scheme: &Scheme,
) -> Result<Form, ReadError> {
    let catalog = Catalog::new(scheme.clone());
    read_form_with(file, bytes, extension, &catalog, &Limits::default())
}

/// [`read_form`] with the given layouts, schemes and limits.
pub fn read_form_with(
    file: &str,
    bytes: &[u8],
    extension: &str,
    catalog: &Catalog,
    limits: &Limits,
) -> Result<Form, ReadError> {
    limits.check_size(bytes.len() as u64)?;
    if extension == "html" {
        let sheet = guard::library(|| html::sheet(bytes, file, limits))?;
        let mut grid = Grid::new(sheet.name, sheet.range);
        let (_, layout) = best_layout(&grid, catalog).ok_or(ReadError::NoForm)?;
        if layout.merges {
            grid.set_merges(sheet.merges);
        }
        return Ok(extract::extract(
            &grid,
            file,
            catalog.scheme_for(&layout.id),
            layout,
        ));
    }
    precheck(bytes, limits)?;
    let expanded: Vec<u8>;
    let mut workbook = guard::library(|| open(bytes, extension))?;
    if matches!(workbook, Sheets::Xlsb(_)) {
        if let Some(e) = xlsb::expand_short_cells(bytes) {
            expanded = e;
            workbook = guard::library(|| open(&expanded, "xlsb"))?;
        }
    }
    let names = workbook.sheet_names();
    if SUMMARY_SHEETS.iter().all(|s| names.iter().any(|n| n == s)) {
        return Err(ReadError::SummaryWorkbook);
    }
    let mut best: Option<(Match, Grid, &Layout)> = None;
    let mut broken: Option<ReadError> = None;
    for name in names {
        let range = match guard::library(|| load_sheet(&mut workbook, &name, limits)) {
            Ok(r) => r,
            // A chart sheet or a broken sheet: not the form, but say so if no
            // sheet turns out to be.
            Err(e) => {
                broken.get_or_insert(e);
                continue;
            }
        };
        let grid = Grid::new(name, range);
        let Some((m, l)) = best_layout(&grid, catalog) else {
            continue;
        };
        if best.as_ref().is_none_or(|(b, _, _)| m.beats(*b)) {
            let strong = m.found + 2 >= m.of;
            best = Some((m, grid, l));
            if strong {
                break;
            }
        }
    }
    let (_, mut grid, layout) = best.ok_or(broken.unwrap_or(ReadError::NoForm))?;
    if layout.merges {
        let merges = guard::library(|| Ok(merged_regions(&mut workbook, &grid.sheet)))?;
        grid.set_merges(merges);
    }
    Ok(extract::extract(
        &grid,
        file,
        catalog.scheme_for(&layout.id),
        layout,
    ))
}

/// The layout a sheet matches best (the forced one, if any), by its anchors.
fn best_layout<'c>(grid: &Grid, catalog: &'c Catalog) -> Option<(Match, &'c Layout)> {
    let layouts: Vec<&Layout> = match catalog.forced {
        Some(i) => vec![&catalog.layouts.all[i]],
        None => catalog.layouts.all.iter().collect(),
    };
    let mut best: Option<(Match, &Layout)> = None;
    for l in layouts {
        let found = l.anchors.iter().filter(|a| grid.has_any(&a.0)).count();
        let min = if catalog.forced.is_some() {
            1
        } else {
            l.min_anchors
        };
        let m = Match {
            found,
            of: l.anchors.len(),
        };
        if found >= min && best.is_none_or(|(b, _)| m.beats(b)) {
            best = Some((m, l));
        }
    }
    best
}

/// The merged regions of a sheet, as (first, last) cells, where the format gives
/// them (.xlsx, .xls); none otherwise. Damage here only loses the merges.
fn merged_regions<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
) -> Vec<(crate::model::CellPos, crate::model::CellPos)> {
    let dims = match workbook {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter()
        .map(|d| {
            (
                crate::model::CellPos::new(d.start.0, d.start.1),
                crate::model::CellPos::new(d.end.0, d.end.1),
            )
        })
        .collect()
}

/// Keep a streamed cell if it lies in the scanned part of the sheet; `false` once
/// the rows are past it (cells stream in row order).
fn keep(cell: Cell<DataRef<'_>>, limits: &Limits, cells: &mut Vec<Cell<Data>>) -> bool {
    let (row, col) = cell.get_position();
    if row >= limits.max_rows {
        return false;
    }
    if col < limits.max_cols && !matches!(cell.get_value(), DataRef::Empty) {
        cells.push(Cell::new((row, col), Data::from(cell.get_value().clone())));
    }
    true
}

/// One sheet's cells. Zip formats are streamed cell by cell so that only the scanned
/// part of the sheet is ever held (a cell at XFD1048576 would otherwise make
/// calamine allocate the whole grid); .xls and .ods are loaded whole by calamine
/// when the file is opened.
fn load_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Range<Data>, ReadError> {
    let corrupt = |e: &dyn std::fmt::Display| ReadError::damaged(&format!("工作表“{name}”"), e);
    let mut cells = Vec::new();
    match workbook {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(r) => r,
                // A chart sheet: no cells, not damage.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
                Err(e) => return Err(corrupt(&e)),
            };
            while let Some(cell) = reader.next_cell().map_err(|e| corrupt(&e))? {
                if !keep(cell, limits, &mut cells) {
                    break;
                }
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| corrupt(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| corrupt(&e))? {
                if !keep(cell, limits, &mut cells) {
                    break;
                }
            }
        }
        other => return other.worksheet_range(name).map_err(|e| corrupt(&e)),
    }
    Ok(Range::from_sparse(cells))
}
