//! `aloud synth-worker` (hidden): one synthesis worker process of a parallel export, serving
//! requests on standard input and output.

use crate::cli::*;
use aloud::synth::worker;
use aloud::voices::Catalog;
use anyhow::Context;
use anyhow::Result;
use std::process::ExitCode;

/// `aloud synth-worker --voice NAME` (hidden): one worker process of a parallel export.
pub(crate) fn synth_worker(args: WorkerArgs) -> Result<ExitCode> {
    let catalog = Catalog::load();
    let synth = catalog
        .get(Some(&args.voice))
        .map_err(|e| aloud::synth::SynthError::Unavailable(e.to_string()))
        .and_then(|v| {
            v.synthesizer()
                .map_err(|e| aloud::synth::SynthError::Unavailable(e.to_string()))
        });
    worker::serve(synth, std::io::stdin().lock(), std::io::stdout().lock())
        .context("synthesis worker")?;
    Ok(ExitCode::SUCCESS)
}
