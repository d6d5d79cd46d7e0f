//! Write stage: the batch → workbook, JSON, CSV. Writers never compute; they
//! render what the compute stage produced.

pub mod atomic;
pub mod charts;
pub mod csv;
pub mod feedback;
pub mod follow_up;
pub mod form;
pub mod json;
pub mod print;
pub mod tables;
pub mod template;
pub mod xlsx;

/// Width in terminal or spreadsheet character cells: CJK and full-width
/// characters count 2.
///
/// ```
/// assert_eq!(jixiao::write::display_width("E8 错误"), 7);
/// ```
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

pub use atomic::{write_atomic, write_with, AtomicDir, AtomicFile};

/// Every table of the workbook (and of the CSV folder), in sheet order: the
/// review's ([`tables::review`]), 整改情况 in a follow-up run
/// ([`follow_up::table`]), then 统计分析 and 文件清单 ([`tables::closing`]).
pub fn all_tables<'a>(
    batch: &'a crate::batch::Batch,
    scheme: &'a crate::scheme::Scheme,
) -> Vec<tables::Table<'a>> {
    let mut out = tables::review(batch, scheme);
    if batch.follow_up.is_some() {
        out.push(follow_up::table(batch));
    }
    out.extend(tables::closing(batch));
    out
}

/// Text as Excel accepts it in a cell: control characters other than tab and line
/// breaks removed (Excel refuses them), and cut to Excel's 32,767 characters.
///
/// ```
/// assert_eq!(jixiao::write::excel_text("某\u{1}局\u{7}"), "某局");
/// assert_eq!(jixiao::write::excel_text("第一行\n第二行"), "第一行\n第二行");
/// ```
pub fn excel_text(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    const CUT: &str = "…（已截断）";
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !s.chars().any(bad) && s.len() <= MAX {
        return std::borrow::Cow::Borrowed(s);
    }
    let clean: String = s.chars().filter(|&c| !bad(c)).collect();
    if clean.chars().count() <= MAX {
        return clean.into();
    }
    let kept: String = clean.chars().take(MAX - CUT.chars().count()).collect();
    (kept + CUT).into()
}
