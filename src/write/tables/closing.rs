//! 统计分析 and 文件清单.

use super::*;

/// 文件清单: one row per input file.
pub fn files(batch: &Batch) -> Table<'_> {
    let columns = [
        "文件",
        "状态",
        "原因",
        "工作表",
        "版式",
        "部门",
        "类型",
        "配对文件",
        "配对依据",
        "SHA-256",
        "大小（字节）",
    ];
    let row = |r: &FileRecord| {
        let kind = match (r.report, r.status) {
            (true, _) => Some("自评报告"),
            (false, FileStatus::Imported) => Some("自评表"),
            _ => None,
        };
        vec![
            text(&r.file),
            text(r.status.label()),
            opt_text(r.reason.as_deref()),
            opt_text(r.sheet.as_deref()),
            opt_text(r.layout_name.as_deref()),
            opt_text(r.department.as_deref()),
            opt_text(kind),
            opt_text(r.paired_with.as_deref()),
            opt_text(r.paired_by.as_deref()),
            opt_text(r.sha256.as_deref()),
            int(r.bytes as i64),
        ]
    };
    let rows: RowSource<'_> = Box::new(move || {
        Box::new(
            batch
                .files
                .chunks(4096)
                .map(move |run| run.iter().map(row).collect()),
        )
    });
    let len = batch.files.len();
    let mut table = Table::new("文件清单", title(batch, "文件清单"), &columns, len, rows);
    // 大小: on screen, not printed (it went to a page of its own beside 文件).
    table.unprinted = 1;
    table
}

/// Score bands of 统计分析, highest first: (label, lower bound inclusive).
pub const BANDS: [(&str, i64); 7] = [
    ("95–100 分", 95),
    ("90–95 分", 90),
    ("85–90 分", 85),
    ("80–85 分", 80),
    ("70–80 分", 70),
    ("60–70 分", 60),
    ("60 分以下", 0),
];

/// 统计分析 as a table: grade counts and shares first (the grade chart reads
/// rows 0–3), then score bands, district money and scores, findings, files.
pub fn statistics(batch: &Batch) -> Table<'_> {
    let columns: Vec<String> = ["类别", "项目", "数值", "占比"].map(String::from).to_vec();
    let d = &batch.district;
    let n = Decimal::from(d.departments.max(1));
    let share = |count: usize| {
        let v = (d.departments > 0).then(|| crate::num::round4(Decimal::from(count) / n));
        Cell::Value(Value::Rate(v))
    };
    let mut rows = Vec::new();
    for g in Grade::ALL {
        let c = d.grades[g as usize];
        rows.push(vec![
            text("等级分布"),
            text(g.label()),
            int(c as i64),
            share(c),
        ]);
    }
    let mut upper: Option<i64> = None;
    for (label, low) in BANDS {
        let low_d = Decimal::from(low);
        let c = batch
            .departments
            .summaries()
            .iter()
            .filter(|dep| {
                dep.total
                    .is_some_and(|t| t >= low_d && upper.is_none_or(|u| t < Decimal::from(u)))
            })
            .count();
        rows.push(vec![text("分数段"), text(label), int(c as i64), share(c)]);
        upper = Some(low);
    }
    let empty = || Cell::Value(Value::Empty);
    rows.push(vec![
        text("全区资金"),
        text("全年预算数合计（万元）"),
        money(Some(d.budget)),
        empty(),
    ]);
    rows.push(vec![
        text("全区资金"),
        text("全年执行数合计（万元）"),
        money(Some(d.spent)),
        empty(),
    ]);
    rows.push(vec![
        text("全区资金"),
        text("全区执行率（Σ执行数 ÷ Σ预算数）"),
        Cell::Value(Value::Rate(d.rate)),
        empty(),
    ]);
    rows.push(vec![
        text("得分"),
        text("部门数"),
        int(d.departments as i64),
        empty(),
    ]);
    // Mean and median are over the departments that have a 复核总分; the label
    // says how many have none.
    let apart = |label: &str| match d.unscored {
        0 => text(label),
        n => text(format!("{label}（不含 {n} 个无复核总分的部门）")),
    };
    rows.push(vec![
        text("得分"),
        apart("平均复核总分"),
        score(d.mean_score),
        empty(),
    ]);
    rows.push(vec![
        text("得分"),
        apart("复核总分中位数"),
        score(d.median_score),
        empty(),
    ]);
    for s in Severity::ALL {
        rows.push(vec![
            text("审核问题"),
            text(s.label()),
            int(d.findings[s as usize] as i64),
            empty(),
        ]);
    }
    for status in [
        FileStatus::Imported,
        FileStatus::Failed,
        FileStatus::Skipped,
    ] {
        let c = batch.files.iter().filter(|f| f.status == status).count();
        rows.push(vec![
            text("文件"),
            text(status.label()),
            int(c as i64),
            empty(),
        ]);
    }
    Table {
        name: "统计分析".into(),
        title: title(batch, "统计分析"),
        money: false,
        groups: Vec::new(),
        columns,
        len: rows.len(),
        rows: Box::new(move || Box::new(std::iter::once(rows.clone()))),
        total: None,
        choices: Vec::new(),
        colours: Vec::new(),
        blocks: Vec::new(),
        reference: false,
        unprinted: 0,
    }
}
