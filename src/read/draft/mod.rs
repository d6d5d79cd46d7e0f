//! A draft layout for a form no shipped layout reads well (`jixiao layout`): the
//! sheet is scanned for its money table and its indicator tables, every header and
//! row label is mapped to a role through the [`vocab::Vocab`] of all known layouts,
//! and the result is written as a layout file (`render`) that loads with
//! [`Layout::parse`](super::layout::Layout::parse). Labels it cannot map are kept,
//! with their cells, as `# 未识别：…` comments for a person to finish the draft.

mod render;
mod scan;
pub mod vocab;

use super::grid::Grid;
use super::layout::{Field, IndicatorCol, Layouts, MoneyCol, MoneyRow};
use super::ReadError;
use crate::collect::Format;
use crate::limits::Limits;
use crate::model::CellPos;
use vocab::Vocab;

/// One label of the form, where it stands, and how it was mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label key, as the draft writes it.
    pub key: String,
    /// Where it stands.
    pub at: CellPos,
    /// A note for the comment after it (a guess, other roles), if any.
    pub note: Option<String>,
}

/// A table's columns: role → labels, in order of role.
pub type Columns<R> = std::collections::BTreeMap<R, Vec<Label>>;

/// The money table found.
#[derive(Debug, Clone, Default)]
pub struct MoneyDraft {
    /// Its header row.
    pub header_row: u32,
    /// Column roles.
    pub columns: Columns<MoneyCol>,
    /// Row roles.
    pub rows: Columns<MoneyRow>,
    /// The row below the header has no label: it is this row.
    pub row_below_header: Option<MoneyRow>,
    /// Row labels no layout reads but some layout knowingly ignores.
    pub ignored_rows: Vec<Label>,
}

/// An indicator table found.
#[derive(Debug, Clone, Default)]
pub struct TableDraft {
    /// Its header row.
    pub header_row: u32,
    /// Column roles.
    pub columns: Columns<IndicatorCol>,
    /// Header labels some layout knowingly ignores.
    pub ignored: Vec<Label>,
}

/// What a form's sheet says about its layout.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The sheet scanned.
    pub sheet: String,
    /// The money table, if one was found.
    pub money: Option<MoneyDraft>,
    /// The scored indicator table (or the only indicator table).
    pub indicators: Option<TableDraft>,
    /// A separate goal table, if the form has one.
    pub goals: Option<TableDraft>,
    /// Key-value fields: role → labels.
    pub fields: Columns<Field>,
    /// Where each field's value stands (`right`, `below`).
    pub places: std::collections::BTreeMap<Field, &'static str>,
    /// Block labels.
    pub blocks: Vec<Label>,
    /// The 总分 row's label.
    pub total_row: Vec<Label>,
    /// Labels after the tables that end them.
    pub table_ends: Vec<Label>,
    /// Footnote prefixes of every known layout.
    pub footnotes: Vec<String>,
    /// Whether a unit note says 元.
    pub yuan: bool,
    /// Labels mapped to nothing, each in the section it was found in.
    pub unmapped: Vec<(Section, Label)>,
    /// Notes on the scan (a role found in several columns of one header).
    pub notes: Vec<(Section, String)>,
}

/// The part of the layout file an unmapped label or a note belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Fields and other labels outside the tables.
    Fields,
    /// The money table's header.
    MoneyColumns,
    /// The money table's row labels.
    MoneyRows,
    /// The goal table's header.
    Goals,
    /// The scored table's header.
    Indicators,
}

/// A draft layout: its text, and what was found.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The layout file's text.
    pub text: String,
    /// What the scan found (for the command's summary).
    pub found: Found,
}

/// The id and name of a draft for a file: its stem without folders and extension
/// (`某县发改局.xlsx` → `某县发改局`), spaces as `-`.
pub fn id_of(file: &str) -> String {
    let stem = super::extract::file_stem(file);
    let id: String = stem
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if id.is_empty() {
        "draft".into()
    } else {
        id
    }
}

/// Draft a layout for the form in a file's bytes: the sheet with the most known
/// labels is scanned with the vocabulary of `layouts`. `file` names the file (its
/// stem is the draft's id).
pub fn draft(
    file: &str,
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    layouts: &Layouts,
) -> Result<Draft, ReadError> {
    let vocab = Vocab::of(layouts);
    let grid = best_sheet(bytes, format, limits, &vocab)?;
    let found = scan::scan(&grid, &vocab);
    let text = render::render(&id_of(file), &found);
    Ok(Draft { text, found })
}

/// The sheet with the most labels the vocabulary knows (the first on a tie), with
/// its merged regions.
fn best_sheet(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    vocab: &Vocab,
) -> Result<Grid, ReadError> {
    use calamine::Reader;
    super::precheck(bytes, format, limits)?;
    let mut workbook = crate::guard::library(|| super::open(bytes, format))?;
    let mut best: Option<(usize, Grid)> = None;
    for name in workbook.sheet_names() {
        let Ok(range) = crate::guard::library(|| super::load_sheet(&mut workbook, &name, limits))
        else {
            continue;
        };
        let grid = Grid::new(name, range);
        let known = known_labels(&grid, vocab);
        if known > 0 && best.as_ref().is_none_or(|(n, _)| known > *n) {
            best = Some((known, grid));
        }
    }
    let (_, mut grid) = best.ok_or(ReadError::NoForm)?;
    let merges = crate::guard::library(|| {
        Ok::<_, ReadError>(super::merged_regions(&mut workbook, &grid.sheet))
    })?;
    grid.set_merges(merges);
    Ok(grid)
}

/// How many cells of a sheet hold a label the vocabulary knows exactly.
fn known_labels(grid: &Grid, vocab: &Vocab) -> usize {
    let Some((first, last)) = grid.bounds() else {
        return 0;
    };
    (first.row..=last.row)
        .flat_map(|r| grid.row_keys(r))
        .filter(|(_, k)| vocab.knows(k))
        .count()
}
