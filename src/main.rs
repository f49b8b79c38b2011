//! The `aloud` binary: parse the command line, run it, print any error on one line.

use std::process::ExitCode;

use clap::Parser;

mod app;
mod cli;

fn main() -> ExitCode {
    // The first thing: `listen --timings` measures from here.
    let started = std::time::Instant::now();
    let cli = cli::Cli::parse();
    match app::run(cli, started) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("aloud: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the error is standard output's reader going away (`aloud outline X | head`): that
/// ends the run quietly, as it ends `cat`.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(broken)
            || matches!(
                cause.downcast_ref::<aloud::export::ExportError>(),
                Some(aloud::export::ExportError::Write(e)) if broken(e)
            )
    })
}
