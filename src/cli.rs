//! Command-line definitions (clap derive), help text in Chinese.

use clap::{ArgAction, Args, Parser, Subcommand};
use jixiao::clock::{DateError, WrittenDate};
use rust_decimal::Decimal;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The help page layout, with Chinese headings (clap's own say Usage, Options…).
const HELP: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// 部门整体支出绩效自评表 汇总、复核与审核工具
#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    help_template = HELP,
    override_usage = "jixiao <报送文件夹>\n      jixiao <子命令> [选项]",
    subcommand_help_heading = "子命令",
    subcommand_value_name = "子命令",
    disable_help_flag = true,
    disable_version_flag = true,
    about = "部门整体支出绩效自评表：批量读取、复核计分、审核、生成全区汇总表",
    long_about = "jixiao（绩效）读取各部门报送的《部门整体支出绩效自评表》（xlsx/xlsm/xls/xlsb/ods），\n\
                  按标签识别各栏目，计算执行率等派生指标，按指标体系复核评分、定级、排名，\n\
                  并生成全区《部门整体支出绩效自评汇总表》（Excel），可同时导出 JSON 和 CSV。",
    after_help = "示例：\n  jixiao 报送文件夹                      （最常用：在文件夹旁边生成“报送文件夹_汇总表.xlsx”）\n  jixiao build 报送文件夹 -o 汇总表.xlsx --json 汇总.json\n  jixiao check 报送文件夹\n  jixiao template --year 2024\n\n在 Windows 上，也可以把报送文件夹直接拖到 jixiao.exe 上。\n\n退出码：0 完成；1 审核发现错误（check）；2 用法或读写错误；130 被 Ctrl-C 中断",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 子命令
    #[command(subcommand)]
    pub command: Command,

    /// 显示帮助（子命令后加 --help 看该子命令的帮助）
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "选项", display_order = 1000)]
    help: Option<bool>,

    /// 显示版本号
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "选项", display_order = 1001)]
    version: Option<bool>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 读取文件夹或文件中的全部自评表，生成全区汇总表（xlsx），可选导出 JSON、CSV
    #[command(
        help_template = HELP,
        override_usage = "jixiao build <输入>... [选项]",
        after_help = "示例：\n  jixiao build samples -o 汇总表.xlsx --json 汇总.json --csv 汇总csv\n  jixiao build 南沙区2023 --district 南沙区 --year 2023\n  jixiao build 报送文件夹 --forms 退回 --deadline 12月5日 --contact 张三 --phone 020-12345678\n\n设置文件：第一个输入文件夹中的 jixiao.toml（区名、财政局名称、联系人、电话、截止日期、方案、版式、容差）\n在读取报送文件之前读取，命令行选项优先；写法见 templates/jixiao.toml"
    )]
    Build(BuildArgs),
    /// 只做审核：逐条列出问题（文件、单元格、规则、说明），有“错误”时退出码为 1
    #[command(
        help_template = HELP,
        override_usage = "jixiao check <输入>... [选项]",
        after_help = "示例：\n  jixiao check samples\n  jixiao check 报送文件夹 --year 2023 --tolerance-money 0.05\n\n设置文件：第一个输入文件夹中的 jixiao.toml 中的方案、版式、容差同样适用，命令行选项优先\n\n退出码：0 没有“错误”级问题；1 有“错误”级问题；2 用法或读写错误"
    )]
    Check(CheckArgs),
    /// 生成空白自评表模板（按指标体系方案，发给各部门填报）
    #[command(
        help_template = HELP,
        override_usage = "jixiao template [选项]",
        after_help = "示例：\n  jixiao template --year 2024 -o 2024年度自评表.xlsx\n  jixiao template --year 2024 --department 广州市南沙区某某局 --scheme 方案.toml"
    )]
    Template(TemplateArgs),
    /// 为没有现成版式的表式起草版式文件（TOML），并用它试读这张表，列出读到的数字和问题
    #[command(
        help_template = HELP,
        override_usage = "jixiao layout <自评表> [-o 新版式.toml]",
        after_help = "示例：\n  jixiao layout 某县发改局.xlsx\n  jixiao layout 某县发改局.xlsx -o 某县2023.toml\n\n草稿里每个标签后注明所在单元格；对应不上的标签写成“# 未识别：标签（单元格）”，\n补好后用 jixiao check 报送文件夹 --layouts 新版式.toml 试读"
    )]
    Layout(LayoutArgs),
}

/// Options every batch command shares: inputs, year, scheme, tolerances.
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct BatchArgs {
    /// 输入：自评表文件或文件夹（文件夹会递归读取），可给多个
    #[arg(required = true, value_name = "输入", help_heading = "输入")]
    pub inputs: Vec<PathBuf>,

    /// 上次的汇总表（审核人在“审核问题”的“处理”“审核人意见”两列中填写的决定随之读入），或上次 --json 导出的文件：
    /// 对照它列出各部门已整改、未整改、新出现、已核实的问题和变化的数字（汇总表“整改情况”、JSON 的 follow_up、check 末尾的小结）；
    /// 标为“已核实无误”或“不予采纳”的问题，数字不变时不再提出
    #[arg(long, value_name = "上次汇总表.xlsx")]
    pub previous: Option<PathBuf>,

    /// 汇总年度（默认取各表中最常见的年度）；年度不同的表记“YEAR-MISMATCH”警告
    #[arg(long, value_name = "年度", value_parser = year)]
    pub year: Option<i32>,

    /// 指标体系方案文件（TOML，默认使用内置的广州市区级方案；也可写在 jixiao.toml 的“方案”中）
    #[arg(long, value_name = "文件")]
    pub scheme: Option<PathBuf>,

    /// 用指定的版式读取全部自评表，不自动识别（canonical、mof-2020、fujian-2018、chongqing-2021、county-mof，或 --layouts 中的版式）
    #[arg(long, value_name = "版式")]
    pub layout: Option<String>,

    /// 本地区自己的版式文件（TOML，可给多个，也可给文件夹，读其中全部 .toml；全部键和角色见 templates/layouts/README.md；也可写在 jixiao.toml 的“版式”中，给了此选项时不用设置文件中的版式）
    #[arg(long, value_name = "文件或文件夹")]
    pub layouts: Vec<PathBuf>,

    /// 金额比较的容差（万元，默认 0.01；也可写在 jixiao.toml 的 [容差] 中）
    #[arg(long, value_name = "万元")]
    pub tolerance_money: Option<Decimal>,

    /// 比率比较的容差（百分点，默认 0.01）
    #[arg(long, value_name = "百分点")]
    pub tolerance_rate: Option<Decimal>,

    /// 自评得分与复核得分相差超过此分数时提示“SCORE-REVIEW”（默认 0.5 分）
    #[arg(long, value_name = "分")]
    pub score_review: Option<Decimal>,

    /// 文件大小、时间与内存上限
    #[command(flatten)]
    pub limits: LimitArgs,

    /// 安静模式：不显示进度条
    #[arg(short, long)]
    pub quiet: bool,
}

/// The limits each input file is read under: its size, and the time and memory of
/// the worker process that reads it (`build`, `check` and `layout`).
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// 单个文件大小上限（MiB，默认 100），超过的文件记为“读取失败”
    #[arg(
        long,
        value_name = "MiB",
        default_value_t = 100,
        hide_default_value = true
    )]
    pub max_file_mib: u64,

    /// 读取单个文件的时间上限（秒，默认 60）：超过的文件记为“读取失败”，其余文件照常处理
    #[arg(
        long,
        value_name = "秒",
        default_value_t = 60,
        hide_default_value = true,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub file_timeout: u64,

    /// 读取单个文件的内存上限（MiB，默认 1024）：超过的文件记为“读取失败”，其余文件照常处理
    #[arg(
        long,
        value_name = "MiB",
        default_value_t = 1024,
        hide_default_value = true,
        value_parser = clap::value_parser!(u64).range(256..)
    )]
    pub file_memory: u64,

    /// 在本进程内读取全部文件，不用独立的读取进程（调试用）
    #[arg(long, hide = true)]
    pub in_process: bool,
}

/// Options of `build`.
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct BuildArgs {
    /// 输入、年度、方案与容差
    #[command(flatten)]
    pub batch: BatchArgs,

    /// 汇总表输出路径（默认：当前目录下“{年度}年度部门整体支出绩效自评汇总表.xlsx”）
    #[arg(short, long, value_name = "输出.xlsx")]
    pub output: Option<PathBuf>,

    /// 同时导出 JSON 文件
    #[arg(long, value_name = "文件")]
    pub json: Option<PathBuf>,

    /// 同时导出 CSV（每张表一个 UTF-8 文件）到此文件夹
    #[arg(long, value_name = "文件夹")]
    pub csv: Option<PathBuf>,

    /// 区名，写入各表标题，如“南沙区”
    #[arg(long, value_name = "名称")]
    pub district: Option<String>,

    /// 写入“审核意见”的财政局名称（默认：给了区名时为“区名财政局”，如“南沙区财政局”）
    #[arg(long, value_name = "名称", requires = "forms")]
    pub bureau: Option<String>,

    /// 写入“审核意见”的联系人
    #[arg(long, value_name = "姓名", requires = "forms")]
    pub contact: Option<String>,

    /// 写入“审核意见”的联系电话
    #[arg(long, value_name = "电话", requires = "forms")]
    pub phone: Option<String>,

    /// 把每个部门的表转换为标准格式（xlsx）写入此文件夹：申报数据原样保留，K 列为复核值，
    /// 每个问题在其单元格上标色并加批注，第一张表“审核意见”列出全部问题——可直接退回部门
    #[arg(long, value_name = "文件夹")]
    pub forms: Option<PathBuf>,

    /// 写入“审核意见”的重新报送截止日期：2026-12-05、2026/12/5、2026年12月5日，或 12月5日（取审核日期所在年份，该日已过则取下一年）；不得早于审核日期（默认留空，由人填写）
    #[arg(long, value_name = "日期", requires = "forms", value_parser = date)]
    pub deadline: Option<WrittenDate>,

    /// 本轮的审核日期，写法同 --deadline，只写月日时取今年（默认今天，北京时间）：写入退回表的“审核意见”，下一轮的“整改情况”据此注明两轮的日期
    #[arg(long, value_name = "日期", value_parser = date)]
    pub review_date: Option<WrittenDate>,
}

/// Options of `check`.
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct CheckArgs {
    /// 输入、年度、方案与容差
    #[command(flatten)]
    pub batch: BatchArgs,

    /// 同时导出 JSON 文件（与 build 的格式相同）
    #[arg(long, value_name = "文件")]
    pub json: Option<PathBuf>,
}

/// Options of `template`.
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct TemplateArgs {
    /// 输出路径（默认：当前目录下“{年度}年度部门整体支出绩效自评表.xlsx”）
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 评价年度，写入表头“（2024年度）”
    #[arg(long, value_name = "年度", value_parser = year)]
    pub year: Option<i32>,

    /// 指标体系方案文件（TOML，默认使用内置的广州市区级方案）
    #[arg(long, value_name = "文件")]
    pub scheme: Option<PathBuf>,

    /// 预先填好的部门名称
    #[arg(long, value_name = "名称")]
    pub department: Option<String>,
}

/// Options of `layout`.
#[derive(Debug, Args)]
#[command(next_help_heading = "选项")]
pub struct LayoutArgs {
    /// 一份自评表（xlsx/xlsm/xls/xlsb/ods）
    #[arg(value_name = "自评表", help_heading = "输入")]
    pub input: PathBuf,

    /// 版式草稿的输出路径（默认：当前目录下“{文件名}_版式.toml”）
    #[arg(short, long, value_name = "新版式.toml")]
    pub output: Option<PathBuf>,

    /// 文件大小、时间与内存上限
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// A command-line error in Chinese, with what to do next (clap's own messages are
/// English).
pub fn explain(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个子命令，也没有这个文件夹或文件；子命令有 build、check、template、layout",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令或报送文件夹".to_string()
        }
        ErrorKind::MissingRequiredArgument => format!(
            "缺少必需的参数：{}",
            context(ContextKind::InvalidArg).replace('\n', " ")
        ),
        ErrorKind::UnknownArgument => {
            format!("不认识的选项：{}", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // A validator's own reason (`年度应为四位数字，例如 --year 2023`) when it gave one.
            let reason = std::error::Error::source(e)
                .map(|r| format!("：{r}"))
                .unwrap_or_default();
            format!(
                "选项 {} 的值“{}”无效{reason}",
                context(ContextKind::InvalidArg),
                context(ContextKind::InvalidValue)
            )
        }
        _ => format!(
            "命令行参数有误：{}",
            e.to_string()
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
        ),
    };
    format!("错误：{what}。\n运行 jixiao --help 或 jixiao <子命令> --help 查看用法和示例。")
}

/// The common job without a subcommand: `jixiao 报送文件夹` (what dragging a folder
/// onto jixiao.exe does) becomes `jixiao build 报送文件夹 -o 报送文件夹_汇总表.xlsx`,
/// the workbook beside the folder. Returns the arguments to parse, and whether they
/// were rewritten so.
pub fn direct_args(args: Vec<OsString>) -> (Vec<OsString>, bool) {
    let Some(first) = args.get(1) else {
        return (args, false);
    };
    let is_path = Path::new(first).exists();
    let is_word = first.to_str().is_some_and(|s| {
        s.starts_with('-') || matches!(s, "build" | "check" | "template" | "layout" | "help")
    });
    if is_word || !is_path {
        return (args, false);
    }
    // `jixiao 报送 --year 2022 -o 汇总.xlsx`: options are build's; without -o the
    // workbook goes beside the first input.
    let has_output = args[1..].iter().any(|a| {
        a.to_str().is_some_and(|s| {
            s == "-o" || s == "--output" || s.starts_with("--output=") || s.starts_with("-o")
        })
    });
    // Only paths: a folder dropped on jixiao.exe (the console waits at the end).
    let dropped = args[1..].iter().all(|a| Path::new(a).exists());
    let mut rewritten = vec![args[0].clone(), "build".into()];
    rewritten.extend(args[1..].iter().cloned());
    if !has_output {
        rewritten.push("-o".into());
        rewritten.push(beside(Path::new(first)).into_os_string());
    }
    (rewritten, dropped)
}

/// A `--year` that is not a year from 2000 to 2100, with an example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct YearError(String);

/// `--year`: a number from 2000 to 2100.
pub fn year(s: &str) -> Result<i32, YearError> {
    match s.trim().trim_end_matches('年').parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Ok(y),
        Ok(y) => Err(YearError(format!(
            "年度 {y} 不在 2000–2100 之间，例如 --year 2023"
        ))),
        Err(_) => Err(YearError("年度应为四位数字，例如 --year 2023".into())),
    }
}

/// `--deadline`, `--review-date`: a date as a person types it, refused with the
/// forms it may take (the year of `12月5日` is decided once the review date is known).
pub fn date(s: &str) -> Result<WrittenDate, DateError> {
    WrittenDate::parse(s)
}

/// `某区/报送` → `某区/报送_汇总表.xlsx`; a file `某区/某局.xlsx` → `某区/某局_汇总表.xlsx`.
fn beside(input: &Path) -> PathBuf {
    let mut trimmed: PathBuf = input.components().collect();
    if trimmed.file_name().is_none() {
        // `.` or `..`: name the output after the real folder.
        if let Ok(real) = trimmed.canonicalize() {
            trimmed = real;
        }
    }
    let stem = trimmed
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != "." && s != "..")
        .unwrap_or_else(|| "部门整体支出绩效自评".into());
    let name = format!("{stem}_汇总表.xlsx");
    match trimmed.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(name),
        _ if trimmed.is_dir() && trimmed.file_name().is_none() => trimmed.join(name),
        _ => PathBuf::from(name),
    }
}

/// On Windows a folder dropped on jixiao.exe opens a console that closes as soon as
/// the program ends: wait for Enter so that the summary can be read.
pub fn pause_if_windows_console() {
    use std::io::IsTerminal;
    if cfg!(windows) && std::io::stdin().is_terminal() {
        eprintln!("按回车键关闭窗口……");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_folder_builds_beside_it() {
        assert_eq!(
            beside(Path::new("某区/报送")),
            PathBuf::from("某区/报送_汇总表.xlsx")
        );
        assert_eq!(
            beside(Path::new("某区/报送/")),
            PathBuf::from("某区/报送_汇总表.xlsx")
        );
        assert_eq!(beside(Path::new("报送")), PathBuf::from("报送_汇总表.xlsx"));
        assert_eq!(
            beside(Path::new("某区/某局.xlsx")),
            PathBuf::from("某区/某局_汇总表.xlsx")
        );
    }
}
