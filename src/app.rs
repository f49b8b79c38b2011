//! Wires the library's stages together for each subcommand. Errors here are `anyhow` with
//! context; `main` prints them on one line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use aloud::article::{self, Format, Input, ReadOptions};
use aloud::outline;
use aloud::segment::{self, Lexicon, Script, SegmentOptions};

use crate::cli::{Cli, Command, InputArgs, InputFormat};

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Outline(args) => {
            let script = load_script(&args.input)?;
            let text = if args.json {
                outline::render_json(&script) + "\n"
            } else {
                outline::render_text(&script, args.spoken)
            };
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Say(_) | Command::Export(_) | Command::Voices(_) => {
            anyhow::bail!("this command is being built")
        }
    }
}

/// The default lexicon's path: `$XDG_CONFIG_HOME/aloud/lexicon.toml` (or the platform's config
/// directory).
fn default_lexicon_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "aloud").map(|d| d.config_dir().join("lexicon.toml"))
}

/// The user's lexicon: the default one in the config directory, if there is one, then the file
/// given with `--lexicon`, whose entries win.
fn load_lexicon(path: Option<&Path>) -> Result<Lexicon> {
    let mut lexicon = Lexicon::default();
    if let Some(default) = default_lexicon_path().filter(|p| p.is_file()) {
        lexicon = Lexicon::load(&default).context("loading the default lexicon")?;
    }
    if let Some(path) = path {
        lexicon.merge(Lexicon::load(path).context("loading the lexicon")?);
    }
    Ok(lexicon)
}

/// Reads the input and segments it, printing reader warnings on stderr.
fn load_script(args: &InputArgs) -> Result<Script> {
    // The lexicon first: a broken lexicon fails before any download.
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let input = Input::parse(&args.input);
    let opts = ReadOptions {
        format: args.input_format.map(|f| match f {
            InputFormat::Text => Format::Text,
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Html => Format::Html,
        }),
        ..ReadOptions::default()
    };
    let loaded = article::read_input(&input, &opts)?;
    for w in &loaded.warnings {
        eprintln!("aloud: warning: {w}");
    }
    let seg = SegmentOptions {
        lexicon,
        ..SegmentOptions::default()
    };
    Ok(segment::segment(&loaded.document, &seg))
}
