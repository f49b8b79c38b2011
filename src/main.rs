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

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
