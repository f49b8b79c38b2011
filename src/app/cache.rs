//! `aloud cache` and `aloud cache clear`: the synthesized speech and fast-loading model copies
//! kept in the cache folder.

use crate::cli::*;
use aloud::cache::Cache;
use aloud::synth::onnx::fastload;
use anyhow::Context;
use anyhow::Result;
use std::process::ExitCode;

/// `aloud cache [clear]`.
pub(crate) fn cache_command(args: CacheArgs) -> Result<ExitCode> {
    let Some(cache) = Cache::open_default() else {
        anyhow::bail!("no cache folder: set $XDG_CACHE_HOME or $HOME");
    };
    // What killed runs left is neither counted nor kept.
    cache.sweep();
    match args.action {
        Some(CacheAction::Clear) => {
            let before = cache.usage();
            cache
                .clear()
                .with_context(|| format!("emptying {}", cache.dir().display()))?;
            println!(
                "aloud: cleared the cache ({}, {:.1} MB) in {}",
                aloud::outline::counted(before.entries as usize, "utterance"),
                before.bytes as f64 / 1e6,
                cache.dir().display()
            );
            if let Some(models) = fastload::default_dir() {
                let (count, bytes) = fastload::usage(&models);
                fastload::clear(&models)
                    .with_context(|| format!("emptying {}", models.display()))?;
                if count > 0 {
                    println!(
                        "aloud: removed {count} fast-loading Piper model {} ({:.1} MB) from {}",
                        if count == 1 { "copy" } else { "copies" },
                        bytes as f64 / 1e6,
                        models.display()
                    );
                }
            }
        }
        None => {
            let usage = cache.usage();
            println!(
                "{}, {:.1} MB of {:.0} MB in {}",
                aloud::outline::counted(usage.entries as usize, "utterance"),
                usage.bytes as f64 / 1e6,
                cache.cap() as f64 / 1e6,
                cache.dir().display()
            );
            if let Some(models) = fastload::default_dir() {
                let (count, bytes) = fastload::usage(&models);
                if count > 0 {
                    println!(
                        "{count} fast-loading Piper model {}, {:.1} MB in {}",
                        if count == 1 { "copy" } else { "copies" },
                        bytes as f64 / 1e6,
                        models.display()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
