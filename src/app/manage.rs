//! `aloud voices install` and `aloud voices remove`: the command-line side of
//! [`aloud::voices::install`] (progress on a terminal, one summary line, a hint to try the voice).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use aloud::voices::{self, Catalog};

use crate::cli::{InstallArgs, RemoveArgs};

/// The user's voice folder, or an error saying how to set one.
fn voice_dir() -> Result<std::path::PathBuf> {
    voices::user_voice_dir()
        .context("cannot find a data folder for installed voices: set XDG_DATA_HOME (or HOME)")
}

/// `aloud voices install NAME` / `--from PATH|URL`.
pub(super) fn install_voice(args: InstallArgs) -> Result<ExitCode> {
    let dir = voice_dir()?;
    let terminal = std::io::stderr().is_terminal();
    let mut stderr = std::io::stderr();
    let mut progress = |file: &str, done: u64, total: Option<u64>| {
        if terminal {
            let mb = |b: u64| b as f64 / 1e6;
            let _ = match total {
                Some(t) => write!(
                    stderr,
                    "\raloud: downloading {file} {:.1}/{:.1} MB",
                    mb(done),
                    mb(t)
                ),
                None => write!(stderr, "\raloud: downloading {file} {:.1} MB", mb(done)),
            };
        }
    };
    let result = match (&args.from, &args.name) {
        (Some(source), _) => voices::install::install_from(source, &dir, &mut progress),
        (None, Some(name)) => voices::install::install_named(
            name,
            &dir,
            &voices::install::voices_url(),
            &mut progress,
        ),
        (None, None) => {
            anyhow::bail!("name a voice to install (like en_US-joe-medium) or give --from PATH|URL")
        }
    };
    if terminal {
        eprint!("\r\x1b[2K");
    }
    let installed = result?;
    eprintln!(
        "aloud: installed voice {} ({:.1} MB) in {}",
        installed.name,
        installed.bytes as f64 / 1e6,
        dir.display()
    );
    let catalog = Catalog::load();
    if let Ok(voice) = catalog.get(Some(&installed.name)) {
        // Loading the voice once checks its model and, for a Piper voice, writes the
        // fast-loading copy, so that the first listen starts as fast as the later ones.
        if let Err(why) = voice
            .check()
            .and_then(|()| voice.synthesizer().map(drop).map_err(|e| e.to_string()))
        {
            eprintln!("aloud: warning: the voice cannot run here yet: {why}");
        } else {
            eprintln!(
                "aloud: try it: aloud say -v {} \"Hello there.\" -o hello.wav",
                installed.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `aloud voices remove NAME`.
pub(super) fn remove_voice(args: RemoveArgs) -> Result<ExitCode> {
    let catalog = Catalog::load();
    if let Ok(v) = catalog.get(Some(&args.name)) {
        if matches!(v.origin, voices::Origin::Shipped(_)) {
            anyhow::bail!(
                "{} is built into aloud and cannot be removed: pick another voice with --voice",
                args.name
            );
        }
    }
    let dir = voice_dir()?;
    let removed = voices::install::remove(&args.name, &dir)?;
    eprintln!(
        "aloud: removed voice {} ({} file{})",
        args.name,
        removed.len(),
        if removed.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}
