//! `aloud synth-worker` (hidden): one synthesis worker process of a parallel export, serving
//! requests on standard input and output. With `--fresh` (what export uses for espeak-ng) it
//! starts no thread of its own and speaks each utterance in a forked copy of itself.

use crate::cli::*;
use aloud::synth::worker;
use aloud::voices::Catalog;
use anyhow::Context;
use anyhow::Result;
use std::process::ExitCode;

/// `aloud synth-worker --voice NAME` (hidden): one worker process of a parallel export.
pub(crate) fn synth_worker(args: WorkerArgs) -> Result<ExitCode> {
    // Counted before anything else runs: fork-per-utterance needs this to be 1.
    let threads_before_engine = worker::thread_count();
    let catalog = Catalog::load();
    let synth = catalog
        .get(Some(&args.voice))
        .map_err(|e| aloud::synth::SynthError::Unavailable(e.to_string()))
        .and_then(|v| {
            v.synthesizer()
                .map_err(|e| aloud::synth::SynthError::Unavailable(e.to_string()))
        });
    let mode = if args.fresh {
        worker::Mode::FreshPerUtterance {
            threads_before_engine,
        }
    } else {
        worker::Mode::Shared
    };
    worker::serve(
        synth,
        mode,
        std::io::stdin().lock(),
        std::io::stdout().lock(),
    )
    .context("synthesis worker")?;
    Ok(ExitCode::SUCCESS)
}
