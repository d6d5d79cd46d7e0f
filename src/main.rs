//! The `jixiao` binary: parse the command line, run, map errors to exit codes
//! (0 done, 1 `check` found 错误, 2 usage or I/O error, 130 interrupted).

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the batch allocates many small strings and JSON values, where the
/// system allocator spends a third of the run (measured with perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A worker process of a batch: no Ctrl-C handler (the batch handles it), no
    // console (see cmd::worker).
    let mut raw = std::env::args_os();
    if raw.nth(1).as_deref() == Some(jixiao::batch::worker::WORKER_ARG.as_ref()) {
        return cmd::worker::run(raw.collect());
    }
    // Ctrl-C: remove the temporary outputs, so that the previous outputs stay as they
    // were and no partial file is left; exit code 130 as shells expect.
    let _ = ctrlc::set_handler(|| {
        jixiao::write::atomic::remove_pending();
        eprintln!("\n已中断：没有写入任何输出文件，原有文件保持不变");
        std::process::exit(130);
    });
    let (args, dropped) = cli::direct_args(std::env::args_os().collect());
    if args.len() == 1 {
        // No arguments (e.g. jixiao.exe double-clicked): the help, then wait on Windows.
        use clap::CommandFactory;
        let _ = cli::Cli::command().print_help();
        cli::pause_if_windows_console();
        return ExitCode::from(2);
    }
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            eprintln!("{}", cli::explain(&e));
            if dropped {
                cli::pause_if_windows_console();
            }
            return ExitCode::from(2);
        }
        // --help, --version.
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
        cli::Command::Build(args) => cmd::build::run(args).map(|()| ExitCode::SUCCESS),
        cli::Command::Check(args) => cmd::check::run(args).map(|outcome| {
            if outcome.has_errors {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }),
        cli::Command::Template(args) => cmd::template::run(args).map(|()| ExitCode::SUCCESS),
        cli::Command::Layout(args) => cmd::layout::run(args),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{}", cmd::explain(&e));
            ExitCode::from(2)
        }
    };
    if dropped {
        cli::pause_if_windows_console();
    }
    code
}
