//! `jixiao template`: the blank form for departments, from the scheme.

use crate::cli::TemplateArgs;
use anyhow::{Context, Result};
use jixiao::write::{self, template};
use std::path::PathBuf;

/// Run `template`.
pub fn run(args: TemplateArgs) -> Result<()> {
    let scheme = super::load_scheme(args.scheme.as_deref())?;
    let output = args.output.unwrap_or_else(|| match args.year {
        Some(y) => PathBuf::from(format!("{y}年度部门整体支出绩效自评表.xlsx")),
        None => PathBuf::from("部门整体支出绩效自评表.xlsx"),
    });
    super::outputs::remove_stale(&[output.as_path()], &[], false);
    let form = template::blank_form(&scheme, args.year, args.department.as_deref());
    let bytes = template::template_bytes(&form, &scheme).context("生成模板失败")?;
    write::write_atomic(&output, &bytes)
        .with_context(|| format!("无法写入 {}", output.display()))?;
    eprintln!(
        "已生成空白自评表：{}（指标体系：{}）",
        output.display(),
        scheme.name
    );
    Ok(())
}
