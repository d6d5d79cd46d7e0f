//! Read stage: a file's bytes → a [`Form`], or a one-line reason why not.
//!
//! The format is sniffed from the bytes (not trusted from the extension); the form's
//! sheet is the one whose cells hold the most of the form's labels; every field is
//! then found by its label ([`extract`]).

pub mod draft;
pub mod extract;
pub mod grid;
pub mod html;
pub mod layout;
mod ods_scan;
mod ole_scan;
mod points;
mod sst_scan;
mod tables;
pub mod target;
mod total_row;
pub mod value;
mod xls_scan;
mod xlsb;

use crate::collect::Format;
use crate::guard::{self, LibraryPanic};
use crate::limits::{LimitError, Limits};
use crate::model::{Form, Rule};
use crate::scheme::Scheme;
use calamine::{Cell, Data, DataRef, Range, Reader, Sheets};
use grid::Grid;
use layout::Layout;
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
    /// A readable spreadsheet whose sheets match no layout, with the layout one of
    /// them comes closest to and the anchors it lacks.
    #[error("未找到自评表：没有工作表符合任何版式；最接近的是“{layout}”（工作表“{sheet}”有其 {found}/{of} 组锚点，至少要 {min} 组），缺少：{lacking}")]
    NoFormNear {
        /// The closest layout's short name.
        layout: String,
        /// The sheet.
        sheet: String,
        /// Anchor groups present.
        found: usize,
        /// Anchor groups of the layout.
        of: usize,
        /// Groups needed.
        min: usize,
        /// The first label of each group missing, joined with 、.
        lacking: String,
    },
    /// jixiao's own summary workbook, e.g. a previous run's output in the input folder.
    #[error("jixiao 生成的汇总表，不是报送的自评表")]
    SummaryWorkbook,
    /// jixiao's 退回清单 (`build --forms`), e.g. read back with the returned forms.
    #[error("jixiao 生成的退回清单，不是报送的自评表")]
    ReturnList,
    /// The reader panicked (a bug or a pathological file); the batch goes on.
    #[error("读取时发生内部错误，文件可能已损坏")]
    Internal,
}

impl ReadError {
    /// A library's error `e` while reading `part` (a Chinese name of what was being
    /// read), as a plain reason that says what to do, the words kept as detail.
    pub fn damaged(part: &str, e: &dyn std::fmt::Display) -> ReadError {
        let (reason, detail) = crate::plain::library_error(part, e);
        ReadError::Damaged { reason, detail }
    }

    /// The technical cause behind the reason, where a library gave one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ReadError::Damaged { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The review rule this failure reports as (`CHECKS.md`).
    pub fn rule(&self) -> Rule {
        match self {
            ReadError::NoForm | ReadError::NoFormNear { .. } => Rule::NoForm,
            _ => Rule::Unreadable,
        }
    }
}

impl From<LimitError> for ReadError {
    fn from(e: LimitError) -> ReadError {
        match e {
            LimitError::TooLarge(reason) => ReadError::TooLarge(reason),
            LimitError::Damaged { reason, detail } => ReadError::Damaged { reason, detail },
        }
    }
}

impl From<LibraryPanic> for ReadError {
    fn from(_: LibraryPanic) -> ReadError {
        ReadError::Corrupt(LibraryPanic::REASON.into())
    }
}

/// Sheets that together mark jixiao's own summary workbook (`WORKBOOK.md`).
const SUMMARY_SHEETS: &[&str] = &["汇总表", "审核问题", "文件清单"];

fn describe(err: &calamine::Error) -> ReadError {
    let text = err.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::Encrypted;
    }
    ReadError::damaged("", err)
}

/// Hold the file to the [`Limits`] before calamine sees it: its size, a zip
/// container's directory (an `.ods`'s repeats and text, an `.xlsx`'s count of
/// shared strings), an `.xls`'s sector chains and cell records.
fn precheck(bytes: &[u8], format: Format, limits: &Limits) -> Result<(), ReadError> {
    limits.check_size(bytes.len() as u64)?;
    match format {
        Format::Xls => xls_scan::check(bytes, limits),
        Format::Xlsx | Format::Xlsb | Format::Ods => {
            let mut zip = limits.open_zip(bytes)?;
            if limits.check_zip_archive(&mut zip)? {
                ods_scan::check(bytes, limits)?;
            }
            // Any zip format: a renamed .xlsx is opened as .xlsx too.
            sst_scan::check(&mut zip)
        }
        _ => Ok(()),
    }
}

/// Open the workbook in the bytes, in the format the collect stage found, trying
/// the other zip formats when that one fails (a renamed file).
fn open(bytes: &[u8], format: Format) -> Result<Sheets<Cursor<&[u8]>>, ReadError> {
    use calamine::{open_workbook_from_rs, Ods, Xls, Xlsb, Xlsx};
    let cursor = || Cursor::new(bytes);
    let first = match format {
        Format::Xls => {
            return open_workbook_from_rs::<Xls<_>, _>(cursor())
                .map(Sheets::Xls)
                .map_err(|e| describe(&calamine::Error::Xls(e)))
        }
        Format::Encrypted => return Err(ReadError::Encrypted),
        Format::Unrecognised if bytes.is_empty() => return Err(ReadError::Empty),
        Format::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor())
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        Format::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor())
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        Format::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor())
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
        _ => return Err(ReadError::NotSpreadsheet),
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
        let default = std::iter::once(&crate::scheme::DEFAULT_SCHEME);
        for text in default.chain(crate::scheme::LAYOUT_SCHEMES) {
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
        if let Some(own) = &l.scheme_file {
            return own;
        }
        // A layout's scheme id is checked when the layout is loaded, so the
        // fallback is never taken for a loaded layout.
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

/// Read a form from a file's bytes under the default [`Limits`] and the shipped
/// layouts, scored with `scheme` where the form is canonical. `file` is the path as
/// it should be reported; its format is sniffed from its name and bytes.
pub fn read_form(file: &str, bytes: &[u8], scheme: &Scheme) -> Result<Form, ReadError> {
    let catalog = Catalog::new(scheme.clone());
    let by_name = crate::collect::classify(std::path::Path::new(file));
    let format = match crate::collect::sniff::by_content(bytes, by_name) {
        crate::collect::Kind::Spreadsheet(f) => f,
        _ => Format::Unrecognised,
    };
    read_form_with(file, bytes, format, &catalog, &Limits::default())
}

/// Read a form from a file's bytes in a known [`Format`] with the given layouts,
/// schemes and limits.
pub fn read_form_with(
    file: &str,
    bytes: &[u8],
    format: Format,
    catalog: &Catalog,
    limits: &Limits,
) -> Result<Form, ReadError> {
    limits.check_size(bytes.len() as u64)?;
    if format == Format::Html {
        let sheet = guard::library(|| html::sheet(bytes, file, limits))?;
        let mut grid = Grid::new(sheet.name, sheet.range);
        let found = best_layout(&grid, catalog);
        let Some((_, layout)) = found.best else {
            return Err(no_form(&grid.sheet, found.closest));
        };
        if layout.merges {
            grid.set_merges(sheet.merges);
        }
        let mut form = extract::extract(&grid, file, catalog.scheme_for(&layout.id), layout);
        note_rival(&mut form, layout, found.rival);
        return Ok(form);
    }
    precheck(bytes, format, limits)?;
    let expanded: Vec<u8>;
    let mut workbook = guard::library(|| open(bytes, format))?;
    if matches!(workbook, Sheets::Xlsb(_)) {
        if let Some(e) = xlsb::expand_short_cells(bytes) {
            expanded = e;
            workbook = guard::library(|| open(&expanded, Format::Xlsb))?;
        }
    }
    let names = workbook.sheet_names();
    if SUMMARY_SHEETS.iter().all(|s| names.iter().any(|n| n == s)) {
        return Err(ReadError::SummaryWorkbook);
    }
    // The sheet of `write::feedback::LIST_SHEET`.
    if names.iter().any(|n| n == "退回清单") {
        return Err(ReadError::ReturnList);
    }
    type Best<'c> = (layout::detect::Match, Grid, &'c Layout, Option<&'c Layout>);
    let mut best: Option<Best<'_>> = stacked(&mut workbook, &names, catalog, limits);
    let mut closest: Option<(layout::detect::Match, String, Closest<'_>)> = None;
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
        let found = best_layout(&grid, catalog);
        let Some((m, l)) = found.best else {
            if let Some(c) = found.closest {
                if closest.as_ref().is_none_or(|(b, _, _)| c.0.beats(*b)) {
                    closest = Some((c.0, grid.sheet.clone(), c));
                }
            }
            continue;
        };
        if best.as_ref().is_none_or(|(b, _, _, _)| m.beats(*b)) {
            let strong = m.found + 2 >= m.of;
            best = Some((m, grid, l, found.rival));
            if strong {
                break;
            }
        }
    }
    let Some((_, mut grid, layout, rival)) = best else {
        return Err(match (broken, closest) {
            (Some(e), None) => e,
            (_, Some((_, sheet, c))) => no_form(&sheet, Some(c)),
            (None, None) => ReadError::NoForm,
        });
    };
    if layout.merges {
        let parts = grid.parts().to_vec();
        let merges = guard::library(|| {
            if parts.is_empty() {
                return Ok::<_, ReadError>(merged_regions(&mut workbook, &grid.sheet));
            }
            // Each sheet's merges, moved down to where the sheet stands.
            let mut all = Vec::new();
            for p in &parts {
                let down = |c: crate::model::CellPos| {
                    crate::model::CellPos::new(c.row.saturating_add(p.first_row), c.col)
                };
                all.extend(
                    merged_regions(&mut workbook, &p.sheet)
                        .into_iter()
                        .map(|(a, b)| (down(a), down(b))),
                );
            }
            Ok(all)
        })?;
        grid.set_merges(merges);
    }
    let mut form = extract::extract(&grid, file, catalog.scheme_for(&layout.id), layout);
    note_rival(&mut form, layout, rival);
    Ok(form)
}

/// A form whose blocks stand on several sheets (a layout's `[money] sheet`,
/// `[indicators] sheet`): for each layout that names its blocks' sheets and whose
/// sheets the workbook has (at least two), those sheets stacked into one grid
/// ([`Grid::stacked`]), when that grid is detected as that very layout. The best
/// such grid, with its match; a single sheet has to beat it to be read instead.
/// Layouts that name no sheet (every shipped one) cost nothing here.
fn stacked<'c, RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    names: &[String],
    catalog: &'c Catalog,
    limits: &Limits,
) -> Option<(layout::detect::Match, Grid, &'c Layout, Option<&'c Layout>)> {
    let mut best: Option<(layout::detect::Match, Grid, &'c Layout, Option<&'c Layout>)> = None;
    for (i, l) in catalog.layouts.all.iter().enumerate() {
        if catalog.forced.is_some_and(|f| f != i) {
            continue;
        }
        let sheets = l.block_sheets(names);
        if sheets.len() < 2 {
            continue;
        }
        let mut loaded = Vec::new();
        for name in sheets {
            match guard::library(|| load_sheet(workbook, name, limits)) {
                Ok(range) => loaded.push((name.clone(), range)),
                // A sheet that cannot be loaded: read sheet by sheet, as always.
                Err(_) => break,
            }
        }
        if loaded.len() < 2 {
            continue;
        }
        let grid = Grid::stacked(loaded);
        let found = best_layout(&grid, catalog);
        let Some((m, detected)) = found.best else {
            continue;
        };
        if detected.id == l.id && best.as_ref().is_none_or(|(b, _, _, _)| m.beats(*b)) {
            best = Some((m, grid, l, found.rival));
        }
    }
    best
}

/// The closest layout of a sheet that matched none, with the labels it lacks.
type Closest<'c> = (layout::detect::Match, &'c Layout, Vec<String>);

/// NO-FORM, naming the closest layout and what the sheet lacks when one came close.
fn no_form(sheet: &str, closest: Option<Closest<'_>>) -> ReadError {
    match closest {
        Some((m, l, lacking)) => ReadError::NoFormNear {
            layout: l.short.clone(),
            sheet: sheet.to_string(),
            found: m.found,
            of: m.of,
            min: l.min_anchors,
            lacking: lacking.join("、"),
        },
        None => ReadError::NoForm,
    }
}

/// The layout a sheet matches best (the forced one, if any), by its anchors
/// ([`layout::detect`]).
fn best_layout<'c>(grid: &Grid, catalog: &'c Catalog) -> layout::detect::Detection<'c> {
    layout::detect::detect(grid, &catalog.layouts, catalog.forced)
}

/// The 提示 on a form read with one layout when another matched almost as well.
fn note_rival(form: &mut Form, chosen: &Layout, rival: Option<&Layout>) {
    let Some(rival) = rival else {
        return;
    };
    form.findings.push(crate::model::Finding::new(
        Rule::LayoutClose,
        &form.name,
        &form.file,
        crate::model::Place::File,
        format!(
            "本表按版式“{}”读取；版式“{}”的锚点几乎同样多（相差不到一组），如读错了请用 --layout {} 指定",
            chosen.short, rival.short, rival.id
        ),
    ));
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
