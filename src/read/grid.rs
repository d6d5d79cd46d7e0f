//! One sheet's cells, indexed by label key, with the lookups the extractor needs:
//! "where is this label", "what is the value to its right".

use super::layout::Layout;
use crate::model::{CellPos, Place, SheetPart};
use crate::text as label;
use calamine::{Data, Range};
use rustc_hash::FxHashMap as HashMap;

/// What a text cell is as a label; the same texts (the form's labels) recur in
/// every file, so each worker thread remembers them.
#[derive(Default)]
struct CellLabel {
    /// A section title (`四、部门整体绩效目标指标完成情况`).
    section: bool,
    /// Its label key, if the text is short enough to be a label.
    key: Option<String>,
    /// The key of the part before a colon (`部门名称：某某局`), if it differs.
    head_key: Option<String>,
    /// The key after a leading year (`2017年部门整体支出绩效评价得分表` →
    /// `部门整体支出绩效评价得分表`), for the layouts whose anchors may follow one.
    after_year: Option<String>,
}

impl CellLabel {
    fn of(text: &str) -> CellLabel {
        if text.chars().count() > label::MAX_LABEL_CHARS * 2 {
            return CellLabel::default();
        }
        let normalized = label::normalize(label::without_numbering(text));
        if normalized.is_empty() || normalized.chars().count() > label::MAX_LABEL_CHARS * 2 {
            return CellLabel::default();
        }
        let key = label::key_of_normalized(&normalized);
        let head_key = split_inline(text)
            .map(|(head, _)| label::key(head))
            .filter(|h| !h.is_empty() && *h != key);
        let after_year = after_year(&key).map(label::key_of_normalized);
        CellLabel {
            section: label::is_section_title(&normalized),
            key: (key.chars().count() <= label::MAX_LABEL_CHARS).then_some(key),
            head_key,
            after_year,
        }
    }
}

/// What follows a leading year (`2017年`, `2017年度`) in a label key, when that is
/// not empty.
///
/// The year is four ASCII digits from 1900 to 2099 at the very start: `第2017年…`
/// and `17年…` have none.
fn after_year(key: &str) -> Option<&str> {
    let digits = key.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !(digits.starts_with("19") || digits.starts_with("20"))
    {
        return None;
    }
    let rest = key[4..].strip_prefix('年')?;
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    (!rest.is_empty()).then_some(rest)
}

/// Texts a worker thread remembers before it starts over (department names and
/// other one-off texts would otherwise grow the memo without end).
const MEMO_TEXTS: usize = 20_000;

thread_local! {
    static LABELS: std::cell::RefCell<HashMap<String, CellLabel>> =
        std::cell::RefCell::new(HashMap::default());
}

/// A label found in the sheet.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Where the label stands.
    pub at: CellPos,
    /// Text after a colon in the same cell (`部门名称：某某局`), if any.
    pub inline: Option<String>,
}

/// A sheet's cells plus an index from label key to the cells holding it.
pub struct Grid {
    /// Sheet name.
    pub sheet: String,
    range: Range<Data>,
    index: HashMap<String, Vec<Hit>>,
    keys: HashMap<CellPos, String>,
    /// Label keys that follow a leading year in a cell ([`CellLabel::after_year`]).
    after_year: rustc_hash::FxHashSet<String>,
    section_rows: Vec<u32>,
    merges: Vec<(CellPos, CellPos)>,
    /// The sheets stacked into this grid ([`Grid::stacked`]); empty for one sheet.
    parts: Vec<SheetPart>,
}

impl Grid {
    /// Index a sheet. Only short text cells are taken as possible labels.
    pub fn new(sheet: String, range: Range<Data>) -> Grid {
        let mut index: HashMap<String, Vec<Hit>> = HashMap::default();
        let mut keys = HashMap::default();
        let mut after_year = rustc_hash::FxHashSet::default();
        let mut section_rows = Vec::new();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        LABELS.with_borrow_mut(|memo| {
            if memo.len() > MEMO_TEXTS {
                memo.clear();
            }
            for (r, c, cell) in range.used_cells() {
                let Data::String(text) = cell else { continue };
                let label = match memo.get(text.as_str()) {
                    Some(label) => label,
                    None => memo
                        .entry(text.clone())
                        .or_insert_with(|| CellLabel::of(text)),
                };
                let at = CellPos::new(r0 + r as u32, c0 + c as u32);
                if label.section {
                    section_rows.push(at.row);
                }
                if let Some(rest) = &label.after_year {
                    after_year.insert(rest.clone());
                }
                // `部门名称：某某局` → label 部门名称 with an inline value.
                if let Some(head_key) = &label.head_key {
                    if let Some((_, tail)) = split_inline(text) {
                        index.entry(head_key.clone()).or_default().push(Hit {
                            at,
                            inline: Some(tail),
                        });
                    }
                }
                if let Some(key) = &label.key {
                    index
                        .entry(key.clone())
                        .or_default()
                        .push(Hit { at, inline: None });
                    keys.insert(at, key.clone());
                }
            }
        });
        section_rows.sort_unstable();
        section_rows.dedup();
        Grid {
            sheet,
            range,
            index,
            keys,
            after_year,
            section_rows,
            merges: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Several sheets of one workbook read as one form: each sheet's rows placed
    /// below the one before, one blank row between, so that every label and value
    /// keeps its sheet's columns and every cell position maps back to its sheet
    /// ([`Grid::place`]). The grid is named after the first sheet.
    pub fn stacked(sheets: Vec<(String, Range<Data>)>) -> Grid {
        let mut cells = Vec::new();
        let mut parts = Vec::new();
        let mut next = 0u32;
        for (name, range) in sheets {
            let first_row = next;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, v) in range.used_cells() {
                let row = first_row.saturating_add(r0 + r as u32);
                cells.push(calamine::Cell::new((row, c0 + c as u32), v.clone()));
            }
            let end = range.end().map_or(0, |(r, _)| r + 1);
            next = first_row.saturating_add(end).saturating_add(1);
            parts.push(SheetPart {
                sheet: name,
                first_row,
            });
        }
        let first = parts.first().map(|p| p.sheet.clone()).unwrap_or_default();
        let mut grid = Grid::new(first, Range::from_sparse(cells));
        grid.parts = parts;
        grid
    }

    /// The sheets stacked into this grid, empty for one sheet.
    pub fn parts(&self) -> &[SheetPart] {
        &self.parts
    }

    /// Where a cell of this grid stands in the workbook: its sheet and its row
    /// there.
    pub fn place(&self, at: CellPos) -> Place {
        crate::model::place_in(&self.sheet, &self.parts, at)
    }

    /// Give the grid the sheet's merged regions (first and last cell of each).
    pub fn set_merges(&mut self, merges: Vec<(CellPos, CellPos)>) {
        self.merges = merges;
    }

    /// The merged region whose first cell is `at`, if any.
    pub fn merge_at(&self, at: CellPos) -> Option<(CellPos, CellPos)> {
        self.merges.iter().copied().find(|(first, _)| *first == at)
    }

    /// The cell at an absolute position (`Data::Empty` outside the range).
    pub fn get(&self, at: CellPos) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.range.get_value((at.row, at.col)).unwrap_or(&EMPTY)
    }

    /// Whether the cell is empty or blank text.
    pub fn is_blank(&self, at: CellPos) -> bool {
        match self.get(at) {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The label key of a text cell (only short text cells have one).
    pub fn key(&self, at: CellPos) -> Option<&str> {
        self.keys.get(&at).map(String::as_str)
    }

    /// The trimmed text of a cell, numbers printed as written.
    pub fn text(&self, at: CellPos) -> Option<String> {
        match self.get(at) {
            Data::Empty => None,
            Data::String(s) => {
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            Data::Float(f) => crate::num::from_f64(*f).map(crate::num::plain),
            other => Some(other.to_string()),
        }
    }

    /// First and last used row and column (absolute, inclusive).
    pub fn bounds(&self) -> Option<(CellPos, CellPos)> {
        let (r0, c0) = self.range.start()?;
        let (r1, c1) = self.range.end()?;
        Some((CellPos::new(r0, c0), CellPos::new(r1, c1)))
    }

    /// Every place one of the labels stands, in reading order (row, then column).
    pub fn find<S: AsRef<str>>(&self, labels: &[S]) -> Vec<&Hit> {
        let mut hits: Vec<&Hit> = labels
            .iter()
            .filter_map(|s| self.index.get(s.as_ref()))
            .flatten()
            .collect();
        hits.sort_by_key(|h| h.at);
        hits
    }

    /// Rows holding a section title (`四、部门整体绩效目标指标完成情况`), ascending.
    pub fn section_rows(&self) -> &[u32] {
        &self.section_rows
    }

    /// The first place one of the labels stands.
    pub fn find_first<S: AsRef<str>>(&self, labels: &[S]) -> Option<&Hit> {
        self.find(labels).into_iter().next()
    }

    /// Whether any of the labels stands in the sheet.
    pub fn has_any<S: AsRef<str>>(&self, labels: &[S]) -> bool {
        labels.iter().any(|s| self.index.contains_key(s.as_ref()))
    }

    /// Whether any of the labels stands in the sheet right after a year
    /// (`2017年部门整体支出绩效评价得分表`, `2017年度…`): for the anchors of a layout
    /// that allows it (`[detect] year_prefix`), never for a field's label.
    pub fn has_any_after_year<S: AsRef<str>>(&self, labels: &[S]) -> bool {
        labels.iter().any(|s| self.after_year.contains(s.as_ref()))
    }

    /// How many of the label sets occur in the sheet.
    pub fn count_present<S: AsRef<str>>(&self, sets: &[&[S]]) -> usize {
        sets.iter().filter(|s| self.has_any(s)).count()
    }

    /// The first non-blank cell to the right of `at` in the same row, within
    /// `max_cols`, unless a field label of the layout comes first (the value is then
    /// missing).
    pub fn value_right_of(&self, at: CellPos, max_cols: u32, layout: &Layout) -> Option<CellPos> {
        let (_, last) = self.bounds()?;
        let end = last.col.min(at.col.saturating_add(max_cols));
        for col in at.col + 1..=end {
            let pos = CellPos::new(at.row, col);
            if self.is_blank(pos) {
                continue;
            }
            if let Some(k) = self.key(pos) {
                let is_label = layout.is_stop(k);
                // `单位：万元` beside an empty field is not its value either.
                let is_unit = k.starts_with("单位:") || k.starts_with("金额单位:");
                if is_label || is_unit {
                    return None;
                }
            }
            return Some(pos);
        }
        None
    }

    /// The cells of a row with their label keys, left to right.
    pub fn row_keys(&self, row: u32) -> Vec<(u32, &str)> {
        let Some((first, last)) = self.bounds() else {
            return Vec::new();
        };
        (first.col..=last.col)
            .filter_map(|c| self.key(CellPos::new(row, c)).map(|k| (c, k)))
            .collect()
    }
}

/// Split `部门名称：某某局` at its first colon when both sides are non-empty.
fn split_inline(text: &str) -> Option<(&str, String)> {
    let idx = text.find(['：', ':'])?;
    let head = &text[..idx];
    let sep_len = text[idx..].chars().next()?.len_utf8();
    let tail = text[idx + sep_len..].trim();
    if head.trim().is_empty() || tail.is_empty() {
        return None;
    }
    Some((head, tail.to_string()))
}
