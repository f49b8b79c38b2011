//! Wires the library's stages together for each subcommand. Errors here are `anyhow` with
//! context; `main` prints them on one line.

mod batch;
mod cache;
mod desktop;
mod export;
mod feed;
mod history;
mod listen;
#[cfg(all(feature = "mpris", target_os = "linux"))]
mod mpris;
mod play_file;
mod queue;
mod say;
pub mod terminal;
mod voices;
mod worker;

use crate::cli::Cli;
use crate::cli::Command;
use crate::cli::InputArgs;
use crate::cli::VoiceArgs;
use crate::cli::VoicesAction;
use aloud::article;
use aloud::article::source::{load_raw, read_raw, Raw, ReadError};
use aloud::article::Format;
use aloud::article::Input;
use aloud::article::ReadOptions;
use aloud::config::Config;
use aloud::outline;
use aloud::resume;
use aloud::resume::Entry;
use aloud::segment;
use aloud::segment::Lexicon;
use aloud::segment::Script;
use aloud::segment::SegmentOptions;
use aloud::voices::Catalog;
use aloud::voices::Voice;
use anyhow::Context;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

/// The config file, read once per run (an unusable file stops the command that needs it).
pub(crate) fn config() -> Result<&'static Config> {
    static CONFIG: OnceLock<Result<Config, aloud::config::ConfigError>> = OnceLock::new();
    CONFIG
        .get_or_init(Config::load)
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// `args` with the config file's defaults where the command line left them out.
pub(crate) fn with_config(mut args: VoiceArgs) -> Result<VoiceArgs> {
    let config = config()?;
    if args.voice.is_none() {
        if let Some(v) = &config.voice {
            args.voice = Some(v.clone());
            args.voice_from = Some(config.location("voice"));
        }
    }
    args.rate = args.rate.or(config.rate);
    args.pitch = args.pitch.or(config.pitch);
    Ok(args)
}

/// The voice `args` names, or else the best installed voice that can run here; warns about
/// better voices that are installed but cannot run.
pub(crate) fn pick_voice<'a>(catalog: &'a Catalog, args: &VoiceArgs) -> Result<&'a Voice> {
    if let Some(name) = &args.voice {
        return catalog.get(Some(name)).map_err(|e| match &args.voice_from {
            Some(at) => anyhow::anyhow!("{at}: {e}"),
            None => e.into(),
        });
    }
    let best = catalog.best();
    for (name, why) in &best.passed_over {
        eprintln!(
            "aloud: warning: voice {name} is installed but cannot run here ({why}); speaking with {}",
            best.voice.name
        );
    }
    Ok(best.voice)
}

/// Runs one command; `started` is when the process started (for `--timings`).
pub fn run(cli: Cli, started: Instant) -> Result<ExitCode> {
    // Said once, by the program the user ran (not by its worker processes).
    if !matches!(cli.command, Command::SynthWorker(_)) {
        if let Some(problem) = aloud::cache::cap_env_problem() {
            eprintln!("aloud: warning: {problem}");
        }
    }
    match cli.command {
        Command::Listen(mut args) => {
            args.voice = with_config(args.voice)?;
            listen::listen(&args, started)
        }
        Command::Resume(mut args) => {
            args.voice = with_config(args.voice)?;
            listen::resume_latest(&args, started)
        }
        Command::History(_) => history::history(),
        Command::Queue(args) => queue::queue_command(args),
        Command::Forget(args) => history::forget(&args),
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
        Command::Say(mut args) => {
            args.voice = with_config(args.voice)?;
            say::say(args)
        }
        Command::Export(mut args) => {
            args.voice = with_config(args.voice)?;
            export::export(args)
        }
        Command::Feed(args) => feed::feed(args),
        Command::Cache(args) => cache::cache_command(args),
        Command::Voices(args) if args.system => voices::list_system_voices(),
        Command::Voices(args) if args.available => voices::list_available(),
        Command::Voices(args) => match args.action {
            None | Some(VoicesAction::List) => voices::list_voices(),
            Some(VoicesAction::Install(a)) => voices::install_voice(a),
            Some(VoicesAction::Remove(a)) => voices::remove_voice(a),
        },
        Command::SynthWorker(args) => worker::synth_worker(args),
    }
}

/// The default lexicon's path: `$XDG_CONFIG_HOME/aloud/lexicon.toml` (or the platform's config
/// directory).
pub(crate) fn default_lexicon_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "aloud").map(|d| d.config_dir().join("lexicon.toml"))
}

/// The user's lexicon: the default one in the config directory, if there is one, then the file
/// given with `--lexicon`, whose entries win.
pub(crate) fn load_lexicon(path: Option<&Path>) -> Result<Lexicon> {
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
pub(crate) fn load_script(args: &InputArgs) -> Result<Script> {
    load_script_read(args, None)
}

/// Like [`load_script`], from the input's bytes when they were read already.
pub(crate) fn load_script_read(
    args: &InputArgs,
    read: Option<Result<Raw, ReadError>>,
) -> Result<Script> {
    let (document, seg) = load_document_read(args, read)?;
    Ok(segment::segment(&document, &seg))
}

/// The key an article was saved under by earlier versions, made only when asked for.
pub(crate) type LegacyKeyMaker = Box<dyn FnOnce() -> resume::LegacyKey>;

/// An article's keys for saved positions: its own, and the one earlier versions used.
pub(crate) struct Keys {
    key: String,
    legacy: Option<LegacyKeyMaker>,
}

impl Keys {
    /// The earlier key, needed only when no position is saved under the current one (it
    /// segments the article a second time, as those versions did).
    fn legacy_unless_saved(self, entries: &[Entry]) -> (String, Option<resume::LegacyKey>) {
        let legacy = match self.legacy {
            Some(make) if !entries.iter().any(|e| e.key == self.key) => Some(make()),
            _ => None,
        };
        (self.key, legacy)
    }
}

/// Like [`load_script`], with the keys its positions are saved under.
pub(crate) fn load_with_keys(args: &InputArgs) -> Result<(Script, Keys)> {
    let (document, seg) = load_document(args)?;
    let script = segment::segment(&document, &seg);
    let keys = Keys {
        key: resume::article_key(&script),
        legacy: Some(Box::new(move || {
            resume::LegacyKey::of(&segment::segment(&document, &seg.without_opening_cap()))
        })),
    };
    Ok((script, keys))
}

/// How to read and segment what `args` names: `--input-format`, the lexicon (loaded here, so
/// that a broken lexicon fails before any download) and `--skip`.
pub(crate) fn reading_options(args: &InputArgs) -> Result<(ReadOptions, SegmentOptions)> {
    let args = &args.reading;
    let lexicon = load_lexicon(args.lexicon.as_deref())?;
    let read = ReadOptions {
        format: args.input_format.map(Format::from),
        ..ReadOptions::default()
    };
    let seg = SegmentOptions {
        lexicon,
        skip_footnotes: args.skip.contains(&crate::cli::SkipPart::Footnotes),
        ..SegmentOptions::default()
    };
    Ok((read, seg))
}

/// The input read (reader warnings printed on stderr), and the options to segment it with.
pub(crate) fn load_document(args: &InputArgs) -> Result<(article::Document, SegmentOptions)> {
    load_document_read(args, None)
}

/// Like [`load_document`], from the input's bytes when they were read already.
fn load_document_read(
    args: &InputArgs,
    read: Option<Result<Raw, ReadError>>,
) -> Result<(article::Document, SegmentOptions)> {
    let (opts, seg) = reading_options(args)?;
    let raw = match read {
        Some(read) => read?,
        None => read_raw(&Input::parse(&args.input), &opts)?,
    };
    let loaded = load_raw(raw, opts.format)?;
    for w in &loaded.warnings {
        eprintln!("aloud: warning: {w}");
    }
    Ok((loaded.document, seg))
}

/// The voices catalog (shipped voices plus the user's), warning about voice files it skipped.
pub(crate) fn load_catalog() -> Catalog {
    let catalog = Catalog::load();
    for problem in &catalog.problems {
        eprintln!("aloud: warning: skipped voice file {problem}");
    }
    catalog
}

/// How the user named an article, as saved in the history: an absolute path, a URL or `-`.
pub(crate) fn source_of(input: &str) -> String {
    match Input::parse(input) {
        Input::Path(p) => std::fs::canonicalize(&p)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned(),
        Input::Stdin => "-".into(),
        Input::Url(u) => u,
    }
}

/// Where `--section` points: a number from 1, or the first heading containing the words.
pub(crate) fn find_section(script: &Script, wanted: &str) -> Result<usize> {
    let n = script.sections.len();
    if let Ok(k) = wanted.trim().parse::<usize>() {
        anyhow::ensure!(
            (1..=n).contains(&k),
            "there is no section {k}: the article has {n} (see `aloud outline`)"
        );
        return Ok(k - 1);
    }
    let words: Vec<String> = wanted.split_whitespace().map(str::to_lowercase).collect();
    anyhow::ensure!(
        !words.is_empty(),
        "--section needs a number or words of a heading"
    );
    script
        .sections
        .iter()
        .position(|s| {
            let title = s.title.as_deref().unwrap_or("").to_lowercase();
            words.iter().all(|w| title.contains(w.as_str()))
        })
        .with_context(|| {
            format!("no section heading contains {wanted:?} (see `aloud outline` for the headings)")
        })
}
