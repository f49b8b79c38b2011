//! `aloud voices` (the list, `--available`, `--system`), `aloud voices install` and
//! `aloud voices remove`: the command-line side of [`aloud::voices`] (progress on a terminal, one
//! summary line, a hint to try the voice).

use crate::cli::*;
use aloud::synth::kokoro::catalog as kokoro_catalog;
use aloud::synth::onnx;
use aloud::voices;
use aloud::voices::download;
use aloud::voices::download::Manifest;
use aloud::voices::install::Installed;
use aloud::voices::kokoro_pack;
use aloud::voices::runtime_install;
use aloud::voices::Catalog;
use aloud::voices::EngineSpec;
use aloud::voices::Origin;
use anyhow::Context;
use anyhow::Result;
use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `aloud voices`: every voice with its engine, language and whether it can run here.
pub(crate) fn list_voices() -> Result<ExitCode> {
    let catalog = Catalog::load();
    let config = crate::app::config()?;
    // The default: the config file's voice, else the best installed one.
    let (default, why) = match config.voice.as_deref() {
        Some(name) => (
            name.to_string(),
            format!("set in {}", config.location("voice")),
        ),
        None => {
            let best = catalog.best();
            (best.voice.name.clone(), best.reason.to_string())
        }
    };
    let mut rows = vec![[
        "NAME".to_string(),
        "ENGINE".into(),
        "LANGUAGE".into(),
        "GENDER".into(),
        "RUNS HERE".into(),
        "DESCRIPTION".into(),
    ]];
    for v in &catalog.voices {
        let status = match v.check() {
            Ok(()) => "yes".to_string(),
            Err(why) => format!("no: {why}"),
        };
        let name = if v.name == default {
            format!("{} *", v.name)
        } else {
            v.name.clone()
        };
        rows.push([
            name,
            v.engine.name().to_string(),
            v.language.clone(),
            v.gender.map_or("", |g| g.as_str()).to_string(),
            status,
            v.description.clone(),
        ]);
    }
    let mut out = crate::app::voices::table(&rows);
    out.push_str(&format!("\n* default voice: {why}.\n"));
    if !catalog
        .voices
        .iter()
        .any(|v| crate::app::voices::is_neural(&v.engine))
    {
        out.push_str(
            "No neural voice is installed: `aloud voices install kokoro` fetches natural-sounding \
             ones (121 MB); `aloud voices --available` lists them.\n",
        );
    }
    out.push_str(&format!(
        "Pick a voice with --voice NAME or `voice = \"NAME\"` in {}; add your own as TOML files in {}\n",
        aloud::config::default_path().map_or_else(
            || "$XDG_CONFIG_HOME/aloud/config.toml".to_string(),
            |d| d.display().to_string()
        ),
        voices::user_voice_dir().map_or_else(
            || "$XDG_DATA_HOME/aloud/voices".to_string(),
            |d| d.display().to_string()
        )
    ));
    std::io::stdout().lock().write_all(out.as_bytes())?;
    for problem in &catalog.problems {
        eprintln!("aloud: warning: skipped voice file {problem}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `aloud voices --system`: the voices the operating system offers, for `[system] voice`.
pub(crate) fn list_system_voices() -> Result<ExitCode> {
    #[cfg(feature = "system-voice")]
    {
        let list = aloud::synth::system::system_voices()?;
        let mut out = String::new();
        if list.is_empty() {
            out.push_str("The speech service answered but offers no voices.\n");
        }
        let width = list
            .iter()
            .map(|v| v.name.chars().count())
            .max()
            .unwrap_or(4)
            .min(32);
        out.push_str(&format!("{:<width$}  LANGUAGE  ID\n", "NAME"));
        for v in &list {
            out.push_str(&format!(
                "{:<width$}  {:<8}  {}\n",
                v.name, v.language, v.id
            ));
        }
        out.push_str(
            "\nUse one in a voice file: engine = \"system\" and [system] voice = \"NAME\" \
             (see voices/system.toml).\n",
        );
        std::io::stdout().lock().write_all(out.as_bytes())?;
        Ok(ExitCode::SUCCESS)
    }
    #[cfg(not(feature = "system-voice"))]
    {
        anyhow::bail!(
            "cannot list system voices: this aloud was {}",
            voices::NO_SYSTEM_FEATURE
        )
    }
}

/// The user's voice folder, or an error saying how to set one.
pub(crate) fn voice_dir() -> Result<PathBuf> {
    voices::user_voice_dir()
        .context("cannot find a data folder for installed voices: set XDG_DATA_HOME (or HOME)")
}

/// The Kokoro pack's folder, or an error saying how to set one.
pub(crate) fn pack_dir() -> Result<PathBuf> {
    kokoro_pack::pack_dir()
        .context("cannot find a data folder for installed voices: set XDG_DATA_HOME (or HOME)")
}

pub(crate) fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Downloads progress on stderr when it is a terminal: file, megabytes so far and in all.
pub(crate) struct ProgressLine {
    terminal: bool,
    shown: bool,
}

impl ProgressLine {
    fn new() -> ProgressLine {
        ProgressLine {
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn update(&mut self, file: &str, done: u64, total: Option<u64>) {
        if !self.terminal {
            return;
        }
        self.shown = true;
        let mut stderr = std::io::stderr();
        let _ = match total {
            Some(t) if t > 0 => write!(
                stderr,
                "\r\x1b[2Kaloud: downloading {file} {:.1}/{:.1} MB ({:.0}%)",
                mb(done),
                mb(t),
                done as f64 * 100.0 / t as f64
            ),
            _ => write!(
                stderr,
                "\r\x1b[2Kaloud: downloading {file} {:.1} MB",
                mb(done)
            ),
        };
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            self.shown = false;
        }
    }
}

/// `aloud voices install NAME` / `--from PATH|URL`.
pub(crate) fn install_voice(args: InstallArgs) -> Result<ExitCode> {
    let mut line = ProgressLine::new();
    let result = install(&args, &mut line);
    line.clear();
    result
}

pub(crate) fn install(args: &InstallArgs, line: &mut ProgressLine) -> Result<ExitCode> {
    let mut progress = |file: &str, done: u64, total: Option<u64>| line.update(file, done, total);
    let manifest = Manifest::load()?;
    let installed: Installed = match (args.name.as_deref(), args.from.as_deref()) {
        (Some("kokoro"), from) => {
            let dir = pack_dir()?;
            let source = match from {
                Some(f) => kokoro_pack::Source::From(f.to_string()),
                None => kokoro_pack::Source::Release(Box::new(manifest.clone())),
            };
            kokoro_pack::install(&dir, &source, &mut progress)?
        }
        (Some("onnxruntime"), from) => {
            let dir = onnx::runtime_dir()
                .context("cannot find a data folder: set XDG_DATA_HOME (or HOME)")?;
            let asset = match &manifest.onnxruntime {
                Some(a) => a.clone(),
                None => anyhow::bail!("{}", download::onnxruntime().err().unwrap_or_default()),
            };
            let got = runtime_install::install(&dir, &asset, from, &mut progress)?;
            line.clear();
            eprintln!(
                "aloud: installed ONNX Runtime ({:.1} MB downloaded) as {}",
                mb(got.bytes),
                got.voice_file.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        (Some(name), Some(_)) => anyhow::bail!(
            "--from installs a Piper voice from its model file, which names the voice: give \
             `aloud voices install --from PATH|URL` without {name:?} (or `kokoro --from DIR`)"
        ),
        (None, Some(source)) => {
            voices::install::install_from(source, &voice_dir()?, &mut progress)?
        }
        (Some(name), None) => voices::install::install_named(
            name,
            &voice_dir()?,
            &voices::install::voices_url(),
            &mut progress,
        )?,
        (None, None) => anyhow::bail!(
            "name what to install: `kokoro`, a Piper voice (like en_US-joe-medium), or give --from PATH|URL"
        ),
    };
    line.clear();
    let kokoro = installed.name == "kokoro";
    if kokoro {
        eprintln!(
            "aloud: installed Kokoro ({} voices, {:.1} MB) in {}",
            installed.voices,
            mb(installed.bytes),
            pack_dir()?.display()
        );
    } else {
        eprintln!(
            "aloud: installed voice {} ({:.1} MB) in {}",
            installed.name,
            mb(installed.bytes),
            voice_dir()?.display()
        );
    }
    // A neural voice needs ONNX Runtime: fetch it when none is found.
    let mut progress = |file: &str, done: u64, total: Option<u64>| line.update(file, done, total);
    match runtime_install::ensure(&manifest, &mut progress) {
        Ok(Some(rt)) => {
            line.clear();
            eprintln!(
                "aloud: installed ONNX Runtime ({:.1} MB downloaded) as {}",
                mb(rt.bytes),
                rt.voice_file.display()
            );
        }
        Ok(None) => {}
        Err(e) => {
            line.clear();
            eprintln!(
                "aloud: warning: the voice is installed, but ONNX Runtime, which it needs, could \
                 not be fetched: {e}; run `aloud voices install onnxruntime` to try again"
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    let name = if kokoro {
        kokoro_catalog::DEFAULT.to_string()
    } else {
        installed.name.clone()
    };
    let catalog = Catalog::load();
    if let Ok(voice) = catalog.get(Some(&name)) {
        // Loading the voice once checks its model and writes the fast-loading copy, so that
        // the first listen starts as fast as the later ones.
        if let Err(why) = voice
            .check()
            .and_then(|()| voice.synthesizer().map(drop).map_err(|e| e.to_string()))
        {
            eprintln!("aloud: warning: the voice cannot run here yet: {why}");
            return Ok(ExitCode::SUCCESS);
        }
        let best = catalog.best();
        if best.voice.name == name {
            eprintln!("aloud: {name} is now the default voice (`aloud voices` lists the others)");
        }
        eprintln!("aloud: try it: aloud say -v {name} \"Hello there.\"");
    }
    Ok(ExitCode::SUCCESS)
}

/// `aloud voices remove NAME`.
pub(crate) fn remove_voice(args: RemoveArgs) -> Result<ExitCode> {
    let catalog = Catalog::load();
    let voice = catalog.get(Some(&args.name)).ok();
    if let Some(v) = voice {
        if matches!(v.origin, Origin::Shipped(_)) {
            anyhow::bail!(
                "{} is built into aloud and cannot be removed: pick another voice with --voice",
                args.name
            );
        }
    }
    let removed = if args.name == "kokoro" {
        kokoro_pack::remove_pack(&pack_dir()?)?
    } else if voice.is_some_and(|v| matches!(v.origin, Origin::KokoroPack(_))) {
        kokoro_pack::remove_voice(&pack_dir()?, &args.name)?
    } else {
        voices::install::remove(&args.name, &voice_dir()?)?
    };
    eprintln!(
        "aloud: removed {} ({} file{})",
        args.name,
        removed.len(),
        if removed.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// `aloud voices --available`: what can be installed, with sizes.
pub(crate) fn list_available() -> Result<ExitCode> {
    let catalog = Catalog::load();
    let installed = |name: &str| {
        catalog
            .voices
            .iter()
            .any(|v| v.name == name && !matches!(v.origin, Origin::Shipped(_)))
    };
    let model = download::kokoro_model();
    let pack = download::kokoro_voices();
    let runtime = match onnx::locate_library(None) {
        Ok(_) => String::new(),
        Err(_) => download::onnxruntime().map_or_else(
            |_| String::new(),
            |a| format!(", plus ONNX Runtime {:.1} MB (none found here)", mb(a.size)),
        ),
    };
    let mut out = String::new();
    out.push_str(&format!(
        "Kokoro, `aloud voices install kokoro`: all {} English voices in one download of {:.1} MB \
         (model {:.1} MB, voices {:.1} MB{runtime})\n\n",
        kokoro_catalog::ENGLISH.len(),
        mb(model.size + pack.size),
        mb(model.size),
        mb(pack.size),
    ));
    let mut rows = vec![[
        "NAME".to_string(),
        "LANGUAGE".into(),
        "GENDER".into(),
        "INSTALLED".into(),
        "DESCRIPTION".into(),
    ]];
    for k in kokoro_catalog::ENGLISH {
        rows.push([
            k.name.to_string(),
            kokoro_catalog::language_of(k.name)
                .unwrap_or("")
                .to_string(),
            kokoro_catalog::gender_of(k.name)
                .map_or("", |g| g.as_str())
                .to_string(),
            if installed(k.name) { "yes" } else { "no" }.into(),
            kokoro_catalog::describe(k.name),
        ]);
    }
    out.push_str(&table(&rows));
    let url = voices::install::voices_url();
    out.push_str("\nPiper, `aloud voices install NAME`, one voice per download:\n\n");
    match voices::install::offered(&url) {
        Ok(list) => {
            let mut rows = vec![[
                "NAME".to_string(),
                "LANGUAGE".into(),
                "QUALITY".into(),
                "INSTALLED".into(),
                "SIZE".into(),
            ]];
            for o in list {
                rows.push([
                    o.name.clone(),
                    o.language,
                    o.quality,
                    if installed(&o.name) { "yes" } else { "no" }.into(),
                    format!("{:.1} MB", mb(o.bytes)),
                ]);
            }
            out.push_str(&table(&rows));
        }
        Err(e) => out.push_str(&format!(
            "(the Piper voice list could not be fetched: {e})\n"
        )),
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Rows as aligned columns, the last column as it is.
pub(crate) fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Whether a voice is one of the neural engines (for `aloud voices`).
pub(crate) fn is_neural(engine: &EngineSpec) -> bool {
    matches!(engine, EngineSpec::Kokoro(_) | EngineSpec::Piper(_))
}
