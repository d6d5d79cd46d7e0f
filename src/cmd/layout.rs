//! `jixiao layout 表.xlsx [-o 新版式.toml]`: draft a layout for a form that no
//! shipped layout reads well ([`jixiao::read::draft`]), write it, then read the form
//! with it as `--layouts 新版式.toml --layout <id>` would, and print what was read:
//! money totals, indicator rows with points and scores, the declared total and the
//! findings, so that a bureau sees at once whether the draft works.
//!
//! The form is read as the batch reads one: in a process of its own (this program
//! again, with `--in-process`), under `--file-timeout` and `--file-memory`, so that a
//! hostile file ends in a Chinese reason, not an aborted or endless run.

use crate::cli::LayoutArgs;
use anyhow::{anyhow, bail, Context, Result};
use jixiao::batch::child::{run_alone, Alone};
use jixiao::model::{text_of, value_of, Department, FundKind, Tolerances};
use jixiao::read::layout::{Layout, Layouts};
use jixiao::read::{draft, Catalog};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run `layout`: alone in a limited process unless `--in-process` (which that
/// process is given), in this one if no process can be started.
pub fn run(args: LayoutArgs) -> Result<ExitCode> {
    if args.limits.in_process {
        return draft_and_try(args).map(|()| ExitCode::SUCCESS);
    }
    let shown = args.input.display().to_string();
    let alone = super::isolation(&args.limits, &[], &["--in-process"]).map(|iso| run_alone(&iso));
    match alone {
        Some(Ok(Alone::Exited(code, stderr))) => {
            let _ = std::io::stderr().write_all(&stderr);
            Ok(ExitCode::from(code))
        }
        Some(Ok(Alone::Stopped(reason, detail))) if detail.is_empty() => {
            bail!("无法起草 {shown} 的版式：{reason}")
        }
        Some(Ok(Alone::Stopped(reason, detail))) => {
            bail!("无法起草 {shown} 的版式：{reason}（{detail}）")
        }
        None | Some(Err(_)) => {
            eprintln!(
                "注意：无法启动读取文件的子进程，改在本进程中读取，没有内存和时间上限；\
                 请检查 jixiao 程序文件是否完整、系统是否限制了进程数"
            );
            draft_and_try(args).map(|()| ExitCode::SUCCESS)
        }
    }
}

/// Draft the layout, write it, and read the form with it.
fn draft_and_try(args: LayoutArgs) -> Result<()> {
    let path = &args.input;
    let shown = path.display().to_string();
    let limits = super::read_limits(&args.limits);
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow!("无法读取 {shown}：{}", jixiao::plain::io(&e)))?
        .len();
    limits
        .check_size(size)
        .map_err(|e| anyhow!("无法起草 {shown} 的版式：{e}（--max-file-mib）"))?;
    jixiao::batch::worker::simulate_faults(&shown);
    let bytes =
        std::fs::read(path).map_err(|e| anyhow!("无法读取 {shown}：{}", jixiao::plain::io(&e)))?;
    let format = match jixiao::collect::sniff::by_content(&bytes, jixiao::collect::classify(path)) {
        jixiao::collect::Kind::Spreadsheet(f) => f,
        _ => anyhow::bail!("{shown} 不是电子表格（.xlsx .xlsm .xls .xlsb .ods），无法起草版式"),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let drafted = draft::draft(&file_name, &bytes, format, &limits, &Layouts::builtin())
        .map_err(|e| anyhow!("无法起草 {shown} 的版式：{e}"))?;
    let layout = Layout::parse(&drafted.text)
        .map_err(|e| anyhow!("起草的版式无法读入（这是 jixiao 的错误，请报告）：{e}"))?;
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}_版式.toml", draft::id_of(&file_name))));
    jixiao::write::write_atomic(&output, drafted.text.as_bytes())
        .with_context(|| format!("无法写入 {}", output.display()))?;

    let f = &drafted.found;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "已起草版式：{}（id “{}”，工作表“{}”，资金表{}，指标表{}，未识别的标签 {} 个）",
        output.display(),
        layout.id,
        f.sheet,
        f.money.as_ref().map_or("未找到".into(), |m| format!(
            "表头在第 {} 行",
            m.header_row + 1
        )),
        f.indicators.as_ref().map_or("未找到".into(), |t| format!(
            "表头在第 {} 行",
            t.header_row + 1
        )),
        f.unmapped.len()
    );
    for (_, l) in &f.unmapped {
        let _ = writeln!(out, "  未识别：{}（{}!{}）", l.key, f.sheet, l.at.a1());
    }

    // Read the form with the draft, as `--layouts 草稿 --layout id` would.
    let mut catalog = Catalog::new(jixiao::scheme::Scheme::builtin());
    catalog.layouts.all.push(layout);
    catalog.forced = Some(catalog.layouts.all.len() - 1);
    let form = jixiao::read::read_form_with(&shown, &bytes, format, &catalog, &limits)
        .map_err(|e| anyhow!("用草稿试读 {shown} 失败：{e}"))?;
    let scheme = catalog.scheme_for(&form.layout);
    let mut d = jixiao::compute::review(form, scheme);
    let checked = jixiao::check::department(&d, scheme, Tolerances::default());
    d.findings.extend(checked);
    trial(&mut out, &d);
    print!("{out}");
    Ok(())
}

fn amount(v: Option<Decimal>) -> String {
    v.map_or("—".into(), |v| format!("{:.2}", v.round_dp(2)))
}

/// What the draft read: money, rows, totals, findings.
fn trial(out: &mut String, d: &Department) {
    let form = &d.form;
    let _ = writeln!(out, "\n用草稿试读：{}", form.name);
    let _ = writeln!(out, "  资金（万元）：行、全年预算数、全年执行数、执行率");
    let mut any = false;
    for kind in FundKind::ALL {
        let fund = &form.funds[kind as usize];
        if fund.budget.is_none() && fund.spent.is_none() {
            continue;
        }
        any = true;
        let rate = d.review.funds[kind as usize].rate.map_or("—".into(), |r| {
            format!("{:.2}%", (r * Decimal::ONE_HUNDRED).round_dp(2))
        });
        let _ = writeln!(
            out,
            "    {}  {}  {}  {}",
            kind.label(),
            amount(value_of(&fund.budget)),
            amount(value_of(&fund.spent)),
            rate
        );
    }
    if !any {
        let _ = writeln!(out, "    （没有读到资金行）");
    }
    let _ = writeln!(
        out,
        "  指标（{} 行）：名称、分值、自评得分、复核得分",
        form.indicators.len()
    );
    for (i, row) in form.indicators.iter().enumerate() {
        let review = d
            .review
            .indicators
            .iter()
            .find(|s| s.row == Some(i))
            .and_then(|s| s.computed);
        let _ = writeln!(
            out,
            "    {}  {}  {}  {}",
            row.level3,
            amount(value_of(&row.points)),
            amount(value_of(&row.self_score)),
            amount(review)
        );
    }
    let declared = form.self_total.as_ref().map_or("未读到".into(), |t| {
        format!("{}（{}）", amount(Some(t.value)), form.cell_ref(t.at))
    });
    let _ = writeln!(
        out,
        "  自评总分：{declared}；复核总分：{}；评价等级：{}",
        amount(d.review.scores.total),
        text_of(&form.declared_grade).unwrap_or("未读到")
    );
    let mut findings = d.findings.clone();
    jixiao::model::sort_findings(&mut findings);
    let _ = writeln!(out, "  问题（{} 条）：", findings.len());
    for f in &findings {
        let _ = writeln!(
            out,
            "    {}  {}  {}：{}",
            f.severity.label(),
            f.place.shown().unwrap_or_else(|| "—".into()),
            f.rule.label(),
            f.message
        );
    }
}
