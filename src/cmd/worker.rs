//! `jixiao __worker <the batch's command line>`: a worker process of the batch
//! ([`jixiao::batch::worker`]). It builds the batch's options from the same
//! command line, then reads the files the batch sends on standard input and
//! answers on standard output, until the batch closes it. Nothing else may write to
//! standard output, so on Unix it is moved aside for the answers and standard
//! output is pointed at standard error (a library's stray print cannot garble an
//! answer).

use crate::cli::{Cli, Command};
use std::ffi::OsString;
use std::process::ExitCode;

/// Serve the batch; exit 0 when it closes the stream, 2 when the command line or
/// the streams fail (the batch then fails the file it was reading and starts
/// another worker).
pub fn run(line: Vec<OsString>) -> ExitCode {
    let mut args = vec![OsString::from("jixiao")];
    args.extend(line);
    let Ok(mut cli) = <Cli as clap::Parser>::try_parse_from(args) else {
        return ExitCode::from(2);
    };
    let (batch, district) = match &mut cli.command {
        Command::Build(b) => (&mut b.batch, b.district.clone()),
        Command::Check(c) => (&mut c.batch, None),
        Command::Template(_) | Command::Layout(_) => return ExitCode::from(2),
    };
    // The batch's jixiao.toml, read again: the same scheme, layouts and tolerances.
    let Ok(settings) = super::settings::apply(batch, false) else {
        return ExitCode::from(2);
    };
    let district = super::settings::pick(&district, &settings.district);
    let Ok(options) = super::options(batch, district) else {
        return ExitCode::from(2);
    };
    let answers = match answers() {
        Ok(out) => out,
        Err(_) => return ExitCode::from(2),
    };
    let requests = std::io::stdin().lock();
    match jixiao::batch::worker::serve(&options, requests, answers) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// The answer stream: the original standard output, with fd 1 now pointing at
/// standard error.
#[cfg(unix)]
fn answers() -> std::io::Result<std::io::BufWriter<std::fs::File>> {
    use std::os::fd::FromRawFd;
    // SAFETY: plain descriptor calls on the process's own standard streams; the
    // duplicate is owned by the returned File alone.
    unsafe {
        let out = libc::dup(1);
        if out < 0 || libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(std::io::BufWriter::new(std::fs::File::from_raw_fd(out)))
    }
}

#[cfg(not(unix))]
fn answers() -> std::io::Result<std::io::BufWriter<std::io::Stdout>> {
    Ok(std::io::BufWriter::new(std::io::stdout()))
}
