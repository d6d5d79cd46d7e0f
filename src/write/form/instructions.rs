//! The `填报说明` sheet: how to fill the form, one A4 page.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

const INSTRUCTIONS: &[(&str, &str)] = &[
    ("总体要求", "本表由各预算部门填报，金额单位为万元，保留两位小数；比率以百分比填写，保留两位小数。"),
    ("一、年度预算执行情况", "年度资金总额 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算 + 其他资金；基本支出 + 项目支出 = 年度资金总额的全年执行数。执行率 = 全年执行数 ÷ 全年预算数。"),
    ("二、“三公”经费、政府采购及资产情况", "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费；公务用车购置及运行维护费 = 购置费 + 运行维护费。政府采购一行的预算数填政府采购预算，执行数填实际采购金额。"),
    ("三、年度总体绩效目标", "填写年初设定的部门整体绩效目标和全年实际完成情况。"),
    ("四、绩效目标指标", "按产出指标、效益指标、满意度指标逐项填写；指标性质填 ≥、≤、= 或 定性；定性指标的实际完成值填 好/较好/一般/差 或 达成/基本达成/部分达成/未达成。"),
    ("五、绩效评价指标得分", "按指标体系逐项自评打分，自评得分不得超过分值；总分为各项自评得分之和；评价等级：90分及以上为优，80–90分为良，60–80分为中，60分以下为差。"),
];

pub(super) fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name("填报说明")?;
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, "填报说明", &bold)?;
    // Two columns within the width of A4 portrait (about 700 px: 20 + 68 character
    // units), each row as tall as its wrapped text; printed one page wide.
    const TEXT_WIDTH: usize = 68;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, TEXT_WIDTH as f64)?;
    for (i, (k, v)) in INSTRUCTIONS.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string_with_format(row, 0, *k, &wrap)?;
        ws.write_string_with_format(row, 1, *v, &wrap)?;
        let lines = crate::write::display_width(v)
            .div_ceil(TEXT_WIDTH - 4)
            .max(1);
        ws.set_row_height(row, 16.0 * lines as f64 + 4.0)?;
    }
    ws.set_portrait();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
