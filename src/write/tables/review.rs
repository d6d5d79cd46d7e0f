//! 审核问题 and 报告核对: the findings, and each report set against its form.

use super::*;

/// 审核问题: one row per finding, numbered (the 编号 a next round matches the
/// reviewer's decision by), with the reviewer's two columns: 处理 (a drop-down,
/// 待整改 until the reviewer decides) and 审核人意见. The printed columns name
/// the cell or paragraph (单元格/段落); 位置, the file with its cell, comes
/// last, on screen only: a department's file name of thirty-odd characters
/// made every printed row three or four lines tall.
pub fn findings(batch: &Batch) -> Table<'_> {
    use crate::batch::follow_up::{NUMBER, REMARK, VERDICT};
    let columns = [
        NUMBER,
        "部门",
        "级别",
        "规则",
        "说明",
        "单元格/段落",
        "申报值",
        "计算值",
        VERDICT,
        REMARK,
        "位置",
    ];
    let row = |(k, f): (usize, Finding)| {
        let (place, spot) = match f.place.shown() {
            Some(c) => (format!("{} {}", f.file, c), spot(&f.place, c)),
            None => (f.file.clone(), WHOLE_FILE.to_string()),
        };
        vec![
            int(k as i64 + 1),
            text(f.department),
            text(f.severity.label()),
            text(f.rule.label()),
            text(f.message),
            text(spot),
            opt_text(f.declared.as_deref()),
            opt_text(f.computed.as_deref()),
            text(Verdict::Pending.label()),
            opt_text(None),
            text(place),
        ]
    };
    let rows: RowSource<'_> = Box::new(move || {
        let mut findings = batch.findings().enumerate();
        Box::new(std::iter::from_fn(move || {
            let run: Rows = findings.by_ref().take(4096).map(row).collect();
            (!run.is_empty()).then_some(run)
        }))
    });
    let len = batch.district.findings.iter().sum();
    let mut table = Table::new(
        "审核问题",
        title(batch, "审核问题清单"),
        &columns,
        len,
        rows,
    );
    table.choices = vec![(8, &Verdict::LABELS)];
    table.unprinted = 1;
    table.colours = vec![
        (8, Verdict::Verified.label(), super::super::follow_up::DONE),
        (
            8,
            Verdict::Dismissed.label(),
            super::super::follow_up::CLOSED,
        ),
    ];
    table
}

/// 单元格/段落 of a finding on the whole file.
const WHOLE_FILE: &str = "（整个文件）";

/// 单元格/段落 of a finding at a cell (`自评表!C18`) or a report's paragraph
/// (`报告第18段`), `shown` being the place as [`Place::shown`] writes it.
fn spot(place: &Place, shown: String) -> String {
    match place {
        Place::Paragraph(_) => format!("报告{shown}"),
        _ => shown,
    }
}

/// 报告核对: per department with a report, each field either side states: the
/// report's value and paragraph, the form's value and cell, and the verdict.
pub fn report_check(batch: &Batch) -> Table<'_> {
    let columns = [
        "部门",
        "项目",
        "报告所述",
        "报告段落",
        "表中数值",
        "表中单元格",
        "核对结果",
        "报告文件",
    ];
    let by_form: std::collections::HashMap<&str, &Report> = batch
        .reports
        .iter()
        .filter(|r| r.same_as.is_none())
        .filter_map(|r| Some((r.form.as_deref()?, r)))
        .collect();
    let mut rows: Rows = Vec::new();
    for key in batch.departments.summaries().iter() {
        let Some(report) = by_form.get(key.file.as_str()) else {
            continue;
        };
        for r in &report.reconciled {
            rows.push(vec![
                text(&key.name),
                text(&r.field),
                opt_text(r.report.as_ref().map(|(v, _)| v.as_str())),
                opt_text(
                    r.report
                        .as_ref()
                        .map(|(_, p)| format!("第{p}段"))
                        .as_deref(),
                ),
                opt_text(r.form.as_ref().map(|(v, _)| v.as_str())),
                opt_text(
                    r.form
                        .as_ref()
                        .and_then(|(_, c)| c.as_ref())
                        .map(|c| c.to_string())
                        .as_deref(),
                ),
                text(r.agreement.label()),
                text(&report.file),
            ]);
        }
    }
    let len = rows.len();
    let mut table = Table::new(
        "报告核对",
        title(batch, "报告与自评表核对"),
        &columns,
        len,
        Box::new(move || Box::new(std::iter::once(rows.clone()))),
    );
    // 报告文件: on screen, not printed (the department is named in the row).
    table.unprinted = 1;
    table
}
