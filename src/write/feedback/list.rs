//! `退回清单.xlsx`, the reviewer's record of a round of returned forms: one row per
//! department with what its converted form says (退回修改 or 审核通过), the counts,
//! the deadline and the form's file name. It is not a department's form; the
//! reader skips a workbook with its sheet ([`LIST_SHEET`]).

use super::{Feedback, Returned, Verdict};
use crate::write::excel_text;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// The list's file name in the `--forms` folder.
pub const LIST_FILE: &str = "退回清单.xlsx";

/// The list's only sheet; a workbook with a sheet of this name is not a form.
pub const LIST_SHEET: &str = "退回清单";

/// `退回清单.xlsx` of the forms `returned` (in their order), deterministic bytes.
pub fn list_bytes(returned: &[Returned], feedback: &Feedback) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("退回清单")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let ws = wb.add_worksheet();
    ws.set_name(LIST_SHEET)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let follow_up = returned.iter().any(|r| r.statuses.is_some());
    let mut columns: Vec<(&str, f64)> = vec![
        ("序号", 6.0),
        ("部门", 52.0),
        ("结果", 11.0),
        ("错误", 7.0),
        ("警告", 7.0),
        ("提示", 7.0),
    ];
    if follow_up {
        columns.extend([
            ("未整改", 8.0),
            ("新问题", 8.0),
            ("已核实", 8.0),
            ("已整改", 8.0),
        ]);
    }
    columns.extend([("截止日期", 16.0), ("文件", 56.0)]);
    let last = columns.len() as u16 - 1;

    let title = Format::new().set_bold().set_font_size(14);
    ws.merge_range(0, 0, 0, last, "部门整体支出绩效自评退回清单", &title)?;
    let mut line = format!("审核日期：{}", feedback.review_date);
    if let Some(bureau) = feedback.sender.bureau.as_deref().filter(|b| !b.is_empty()) {
        line = format!("审核单位：{bureau}　　{line}");
    }
    ws.write_string(1, 0, excel_text(&line))?;
    let passed = returned
        .iter()
        .filter(|r| r.verdict == Verdict::Pass)
        .count();
    ws.write_string(
        2,
        0,
        format!(
            "共 {} 个部门：退回修改 {} 个，审核通过 {passed} 个",
            returned.len(),
            returned.len() - passed
        ),
    )?;

    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let centred = cell.clone().set_align(FormatAlign::Center);
    let back = centred.clone().set_background_color("#FFD966");
    let pass = centred.clone().set_background_color("#C6EFCE");
    for (c, (h, w)) in columns.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, r) in returned.iter().enumerate() {
        let row = 5 + i as u32;
        let mut c = 0u16;
        let mut next = || {
            c += 1;
            c - 1
        };
        ws.set_row_height(row, 18)?;
        ws.write_number_with_format(row, next(), (i + 1) as u32, &centred)?;
        ws.write_string_with_format(row, next(), excel_text(&r.department), &cell)?;
        let look = match r.verdict {
            Verdict::Return => &back,
            Verdict::Pass => &pass,
        };
        ws.write_string_with_format(row, next(), r.verdict.label(), look)?;
        let statuses = r.statuses.filter(|_| follow_up).unwrap_or_default();
        let counts = r
            .counts
            .iter()
            .chain(statuses.iter().take(if follow_up { 4 } else { 0 }));
        for n in counts {
            ws.write_number_with_format(row, next(), *n as u32, &centred)?;
        }
        let deadline = match r.verdict {
            Verdict::Return => feedback.deadline.as_deref().unwrap_or(""),
            Verdict::Pass => "",
        };
        ws.write_string_with_format(row, next(), deadline, &centred)?;
        ws.write_string_with_format(row, next(), excel_text(&r.file), &cell)?;
    }
    ws.set_freeze_panes(5, 0)?;
    ws.set_repeat_rows(4, 4)?;
    wb.save_to_buffer()
}
