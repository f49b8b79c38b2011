//! Wires the library's stages together for each subcommand. Errors here are `anyhow` with
//! context; `main` prints them on one line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

mod export_cmd;
mod manage;
mod play_file;
mod speak;

use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use aloud::config::Config;

use aloud::article::{self, Format, Input, ReadOptions};
use aloud::cache::{self, Cache, CachedSynth};
use aloud::outline;
use aloud::segment::{self, Lexicon, Script, SegmentOptions};

use crate::cli::{Cli, Command, InputArgs, InputFormat, VoicesAction};
use crate::cli::{ForgetArgs, ListenArgs, Output, PlayArgs, ResumeArgs, VoiceArgs};

use std::io::IsTerminal;
use std::time::Instant;

use aloud::player::controls::{SignalControls, TerminalControls};
use aloud::player::cursor::{Cursor, Position};
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::{AudioSink, NullSink};
use aloud::player::status::{section_label, PlainLog, TerminalStatus};
use aloud::player::{self, Controls, Observer, Outcome, PlayOptions};
use aloud::resume::{self, Entry, Plan, Saver, Store};
use aloud::synth::speaking::{Heard, SpeakingEngine};
use aloud::synth::{Synthesizer, VoiceSettings};
use aloud::voices::{Catalog, Engine, Voice};

/// How much speech a slow voice keeps synthesized ahead of the listener, in seconds.
const SLOW_VOICE_AHEAD_SECS: f64 = 60.0;

/// The config file, read once per run (an unusable file stops the command that needs it).
fn config() -> Result<&'static Config> {
    static CONFIG: OnceLock<Result<Config, aloud::config::ConfigError>> = OnceLock::new();
    CONFIG
        .get_or_init(Config::load)
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// `args` with the config file's defaults where the command line left them out.
fn with_config(mut args: VoiceArgs) -> Result<VoiceArgs> {
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
fn pick_voice<'a>(catalog: &'a Catalog, args: &VoiceArgs) -> Result<&'a Voice> {
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
    match cli.command {
        Command::Listen(mut args) => {
            args.voice = with_config(args.voice)?;
            listen(&args, started)
        }
        Command::Resume(mut args) => {
            args.voice = with_config(args.voice)?;
            resume_latest(&args, started)
        }
        Command::History(_) => history(),
        Command::Forget(args) => forget(&args),
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
            speak::say(args)
        }
        Command::Export(mut args) => {
            args.voice = with_config(args.voice)?;
            export_cmd::export(args)
        }
        Command::Cache(args) => export_cmd::cache_command(args),
        Command::Voices(args) if args.system => speak::list_system_voices(),
        Command::Voices(args) if args.available => manage::list_available(),
        Command::Voices(args) => match args.action {
            None | Some(VoicesAction::List) => speak::list_voices(),
            Some(VoicesAction::Install(a)) => manage::install_voice(a),
            Some(VoicesAction::Remove(a)) => manage::remove_voice(a),
        },
        Command::SynthWorker(args) => speak::synth_worker(args),
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
    let (document, seg) = load_document(args)?;
    Ok(segment::segment(&document, &seg))
}

/// The key an article was saved under by earlier versions, made only when asked for.
type LegacyKeyMaker = Box<dyn FnOnce() -> resume::LegacyKey>;

/// An article's keys for saved positions: its own, and the one earlier versions used.
struct Keys {
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
fn load_with_keys(args: &InputArgs) -> Result<(Script, Keys)> {
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

/// The input read (reader warnings printed on stderr), and the options to segment it with.
fn load_document(args: &InputArgs) -> Result<(article::Document, SegmentOptions)> {
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
    Ok((loaded.document, seg))
}

/// The voices catalog (shipped voices plus the user's), warning about voice files it skipped.
fn load_catalog() -> Catalog {
    let catalog = Catalog::load();
    for problem in &catalog.problems {
        eprintln!("aloud: warning: skipped voice file {problem}");
    }
    catalog
}

/// A voice ready to play, made on a thread of its own while the article is read
/// ([`start_voice`]): a voice that returns audio comes as its synthesizer (behind the utterance
/// cache when there is one, so listening after an export synthesizes nothing); a voice that speaks
/// by itself (the operating system's) comes as its catalog entry, and its engine is opened on the
/// playing thread. `cache` says how much was synthesized (`--timings`).
struct PlayVoice {
    source: VoiceSource,
    settings: VoiceSettings,
    cache: Option<Arc<Cache>>,
    /// Each utterance's length with its pause, when the source knows it in advance (an audio
    /// file); `None` estimates it from the words.
    durations: Option<Vec<Vec<f64>>>,
    /// Whether to suggest a natural voice: the voice is espeak-ng and no neural voice is
    /// installed.
    tip: bool,
    /// Whether the voice is slow to synthesize (Kokoro: about 0.4 s per second of speech on
    /// two cores), so that the player keeps a minute of audio ready instead of a few sentences.
    slow: bool,
}

/// Where a [`PlayVoice`]'s sound comes from.
enum VoiceSource {
    /// PCM from a synthesizer.
    Pcm(Box<dyn Synthesizer>),
    /// A voice that speaks through the operating system.
    Speaking(Box<Voice>),
}

/// The voice named by `voice` from the voices catalog (`aloud voices`; the default voice when
/// none is named), with `--rate` and `--pitch` applied. Everything that plays gets its voice here.
fn make_synth(voice: &VoiceArgs) -> Result<PlayVoice> {
    let catalog = load_catalog();
    let v = pick_voice(&catalog, voice)?;
    let settings = v.settings_with(voice.rate, voice.pitch);
    let tip = matches!(v.engine, Engine::Espeak { .. }) && !catalog.has_neural_voice();
    let slow = matches!(v.engine, Engine::Kokoro(_));
    if v.speaks_itself() {
        return Ok(PlayVoice {
            source: VoiceSource::Speaking(Box::new(v.clone())),
            settings,
            cache: None,
            durations: None,
            tip: false,
            slow: false,
        });
    }
    let synth = v.synthesizer()?;
    let Some(cache) = Cache::open_default_primed() else {
        return Ok(PlayVoice {
            source: VoiceSource::Pcm(synth),
            settings,
            cache: None,
            durations: None,
            tip,
            slow,
        });
    };
    let rate = synth.sample_rate();
    let cached = CachedSynth::new(
        Arc::clone(&cache),
        cache::voice_key(v),
        rate,
        Box::new(move || Ok(synth)),
    );
    Ok(PlayVoice {
        source: VoiceSource::Pcm(Box::new(cached)),
        settings,
        cache: Some(cache),
        durations: None,
        tip,
        slow,
    })
}

/// The sound of a run: a voice that returns audio with its prefetcher and output, or one that
/// speaks by itself. The backend borrows from it.
enum Sound {
    Pcm(Prefetcher, Box<dyn AudioSink>),
    Speaking(Box<dyn SpeakingEngine>, VoiceSettings),
}

impl Sound {
    /// Starts `source` on `script` at `start`: synthesis begins before the device opens. A voice
    /// that speaks by itself needs no device and cannot be silenced with `--output null`.
    fn start(
        script: &Script,
        source: VoiceSource,
        settings: VoiceSettings,
        start: Position,
        play: &PlayArgs,
    ) -> Result<Sound> {
        match source {
            VoiceSource::Speaking(voice) => {
                anyhow::ensure!(
                    play.output == Output::Device,
                    "voice {:?} speaks through the operating system, which --output null cannot \
                     silence: pick another voice with --voice",
                    voice.name
                );
                Ok(Sound::Speaking(voice.speaking()?, settings))
            }
            VoiceSource::Pcm(synth) => {
                let rate = synth.sample_rate();
                let mut prefetch = Prefetcher::start(script, synth, settings);
                prefetch.want(vec![start]);
                let sink = open_sink(play, rate)?;
                Ok(Sound::Pcm(prefetch, sink))
            }
        }
    }

    /// Runs `f` with the player backend over this sound; the output closes after it.
    fn with_backend<R>(self, f: impl FnOnce(player::Backend<'_>) -> R) -> R {
        match self {
            Sound::Pcm(prefetch, mut sink) => f(player::Backend::Pcm {
                prefetch,
                sink: sink.as_mut(),
            }),
            Sound::Speaking(mut engine, settings) => f(player::Backend::Speaking {
                engine: engine.as_mut(),
                settings,
            }),
        }
    }
}

/// How the user named an article, as saved in the history: an absolute path, a URL or `-`.
fn source_of(input: &str) -> String {
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
fn find_section(script: &Script, wanted: &str) -> Result<usize> {
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

/// Starts the voice (catalog, engine, cache) on a thread of its own, so that it gets ready
/// while the article is read.
fn start_voice(args: &VoiceArgs) -> JoinHandle<Result<PlayVoice>> {
    let args = args.clone();
    std::thread::spawn(move || make_synth(&args))
}

/// Waits for the voice that [`start_voice`] started.
fn join_voice(handle: JoinHandle<Result<PlayVoice>>) -> Result<PlayVoice> {
    handle
        .join()
        .map_err(|_| anyhow::anyhow!("the voice failed to start"))?
}

fn listen(args: &ListenArgs, started: Instant) -> Result<ExitCode> {
    if let Input::Path(p) = Input::parse(&args.input.input) {
        if player::file::is_audio_path(&p) {
            return play_file::listen_file(&p, args, started);
        }
    }
    let voice = start_voice(&args.voice);
    let (script, keys) = load_with_keys(&args.input)?;
    let source = source_of(&args.input.input);
    let start = if let Some(s) = &args.section {
        Some(find_section(&script, s)?)
    } else {
        None
    };
    play_article(
        &script,
        &source,
        keys,
        move || join_voice(voice),
        &args.play,
        start,
        args.from_start,
        started,
    )
}

fn resume_latest(args: &ResumeArgs, started: Instant) -> Result<ExitCode> {
    let store = Store::from_env()?;
    let loaded = store.load();
    if let Some(w) = &loaded.warning {
        eprintln!("aloud: warning: {w}");
    }
    let entry = loaded.entries.first().context(
        "nothing to resume: no article has been listened to yet (try `aloud listen FILE`)",
    )?;
    anyhow::ensure!(
        entry.source != "-",
        "the last article was read from standard input; pipe it again into `aloud listen -`"
    );
    let path = Path::new(&entry.source);
    if player::file::is_audio_path(path) {
        return play_file::resume_file(path, args, started);
    }
    let voice = start_voice(&args.voice);
    let input = InputArgs {
        input: entry.source.clone(),
        input_format: None,
        lexicon: None,
    };
    let (script, keys) = load_with_keys(&input)
        .with_context(|| format!("reading {} again to resume it", entry.source))?;
    play_article(
        &script,
        &entry.source,
        keys,
        move || join_voice(voice),
        &args.play,
        None,
        false,
        started,
    )
}

/// Plays `script` from the position saved under its `keys` (or `section`, or the start), saving
/// as it goes, with the voice that `voice` gives.
#[allow(clippy::too_many_arguments)]
fn play_article(
    script: &Script,
    source: &str,
    keys: Keys,
    voice: impl FnOnce() -> Result<PlayVoice>,
    play: &PlayArgs,
    section: Option<usize>,
    from_start: bool,
    started: Instant,
) -> Result<ExitCode> {
    if let Some(speed) = play.speed {
        anyhow::ensure!(
            (0.5..=3.0).contains(&speed),
            "--speed must be between 0.5 and 3 (got {speed})"
        );
    }
    let cursor = Cursor::of(script);
    let first = cursor
        .first()
        .context("the article has nothing to read aloud")?;
    let store = Store::from_env()?;
    let loaded = store.load();
    if let Some(w) = &loaded.warning {
        eprintln!("aloud: warning: {w}");
    }
    let (key, legacy) = keys.legacy_unless_saved(&loaded.entries);
    let saved = resume::saved_speed(&loaded.entries, &key, legacy.as_ref(), source)
        .map(aloud::player::speed::clamp_speed)
        .filter(|_| play.speed.is_none());
    let config = config()?;
    let speed = play.speed.or(saved).or(config.speed).unwrap_or(1.0);
    if let Some(s) = saved.filter(|s| (s - 1.0).abs() > f32::EPSILON) {
        eprintln!("Speed {s}× as last time (--speed 1 for normal speed).");
    }
    let start = match section {
        Some(s) => Position::new(s, 0),
        None if from_start => first,
        None => {
            let plan =
                resume::plan_with_legacy(&loaded.entries, script, &key, legacy.as_ref(), source);
            if let Some(n) = plan.notice() {
                eprintln!("{n}");
            }
            match plan {
                Plan::Resume { position, .. } => position,
                _ => first,
            }
        }
    };
    let mut marks = vec![(
        "article read and segmented, position looked up",
        Instant::now(),
    )];
    let PlayVoice {
        source: voice_source,
        settings,
        cache,
        durations,
        tip,
        slow,
    } = voice()?;
    marks.push(("voice ready", Instant::now()));
    let sound = Sound::start(script, voice_source, settings, start, play)?;
    marks.push(("output open", Instant::now()));
    // Only once the output is open, so that a run that cannot play says one thing only.
    if tip && config.tips() && natural_voice_tip_due() {
        eprintln!(
            "Tip: a natural-sounding voice is one command away: `aloud voices install kokoro` \
             (121 MB, once). `tips = false` in config.toml turns tips off."
        );
    }
    let opts = PlayOptions {
        start,
        speed,
        volume: config.volume.unwrap_or(1.0),
        estimate_wpm: settings.rate_wpm,
        durations,
        ..PlayOptions::default()
    };
    let opts = if slow {
        PlayOptions {
            lookahead: 256,
            lookahead_secs: SLOW_VOICE_AHEAD_SECS,
            ..opts
        }
    } else {
        opts
    };
    let mut saver = Saver::new(store, script, &key, source).with_speed(speed);
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let result = if interactive {
        let status = TerminalStatus::new(script);
        let mut controls = TerminalControls::start()?;
        let r = sound.with_backend(|backend| {
            run_player(script, backend, &mut controls, (status, &mut saver), &opts)
        });
        drop(controls);
        TerminalStatus::new(script).clear();
        if let Ok(player::Report {
            outcome: Outcome::Finished,
            ..
        }) = &r
        {
            eprintln!("Finished — next time it starts from the beginning.");
        }
        r
    } else {
        let log = PlainLog::new(script, std::io::stdout());
        let mut controls = SignalControls::new();
        sound.with_backend(|backend| {
            run_player(script, backend, &mut controls, (log, &mut saver), &opts)
        })
    };
    let report = result?;
    let last = last_position(script);
    let code = match report.outcome {
        Outcome::Finished => {
            saver.save_or_warn(last, true);
            ExitCode::SUCCESS
        }
        Outcome::Quit(pos) => {
            saver.save_or_warn(pos, false);
            eprintln!(
                "Stopped at {} — `aloud resume` continues from here.",
                section_label(script, pos.section)
            );
            ExitCode::SUCCESS
        }
        Outcome::Interrupted(pos) => {
            saver.save_or_warn(pos, false);
            ExitCode::from(130)
        }
    };
    if play.timings {
        print_timings(&report, started, &marks);
        if let Some(stats) = cache.map(|c| c.stats()) {
            eprintln!(
                "timings: cache: {} utterances from the cache, {} synthesized",
                stats.hits, stats.synthesized
            );
        }
    }
    Ok(code)
}

/// Whether the natural-voice tip may be shown now: not yet today. Records today when it is, and
/// says no when it cannot record (so that the tip never shows at every run).
fn natural_voice_tip_due() -> bool {
    let Some(dir) = aloud::dirs::state_dir() else {
        return false;
    };
    let stamp = dir.join("tip-natural-voice");
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
        .to_string();
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == today) {
        return false;
    }
    let part = dir.join(format!(".tip-natural-voice.{}.tmp", std::process::id()));
    std::fs::create_dir_all(&dir).is_ok()
        && std::fs::write(&part, &today).is_ok()
        && std::fs::rename(&part, &stamp).is_ok()
}

fn run_player(
    script: &Script,
    backend: player::Backend<'_>,
    controls: &mut dyn Controls,
    mut observer: impl Observer,
    opts: &PlayOptions,
) -> Result<player::Report, player::PlayError> {
    player::play_with(script, backend, controls, &mut observer, opts)
}

/// The device sink, or the null sink for `--output null`.
fn open_sink(play: &PlayArgs, rate: u32) -> Result<Box<dyn AudioSink>> {
    match play.output {
        Output::Null => Ok(Box::new(NullSink::new(rate, !play.no_pace))),
        Output::Device => {
            #[cfg(feature = "playback")]
            {
                let sink = aloud::player::rodio_sink::RodioSink::open(rate)?;
                Ok(Box::new(sink))
            }
            #[cfg(not(feature = "playback"))]
            {
                anyhow::bail!(
                    "this aloud was built without audio output — try `aloud export` or `--output null`"
                )
            }
        }
    }
}

/// The last utterance of the script (where a finished article's position is kept).
fn last_position(script: &Script) -> Position {
    let section = script
        .sections
        .iter()
        .rposition(|s| !s.utterances.is_empty())
        .unwrap_or(0);
    let utterance = script
        .sections
        .get(section)
        .map_or(0, |s| s.utterances.len().saturating_sub(1));
    Position::new(section, utterance)
}

fn print_timings(report: &player::Report, started: Instant, marks: &[(&str, Instant)]) {
    for (what, at) in marks {
        eprintln!(
            "timings: {what} after {:.1} ms",
            at.saturating_duration_since(started).as_secs_f64() * 1000.0
        );
    }
    match report.first_sample {
        Some(t) => eprintln!(
            "timings: first sample handed to the output {:.1} ms after start",
            t.saturating_duration_since(started).as_secs_f64() * 1000.0
        ),
        None => eprintln!("timings: no sample reached the output"),
    }
    for (pos, heard, at) in &report.speech_log {
        eprintln!(
            "timings: system voice: §{}.{} {} after {:.1} ms",
            pos.section + 1,
            pos.utterance + 1,
            match heard {
                Heard::Began => "began",
                Heard::Ended => "ended",
                Heard::Stopped => "stopped",
            },
            at.saturating_duration_since(started).as_secs_f64() * 1000.0
        );
    }
    eprintln!(
        "timings: underruns: {} ({:.2} s without audio)",
        report.underruns,
        report.starved.as_secs_f64()
    );
    for (i, d) in report.skip_latencies.iter().enumerate() {
        eprintln!(
            "timings: skip {}: new position's first sample after {:.2} ms",
            i + 1,
            d.as_secs_f64() * 1000.0
        );
    }
}

fn history() -> Result<ExitCode> {
    let store = Store::from_env()?;
    let loaded = store.load();
    if let Some(w) = &loaded.warning {
        eprintln!("aloud: warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    if loaded.entries.is_empty() {
        writeln!(
            out,
            "No saved positions yet: `aloud listen FILE` keeps one per article."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for e in &loaded.entries {
        let reached = if e.finished {
            "finished".to_string()
        } else {
            let heading = e.section_title.as_deref().unwrap_or("(lead)");
            format!("§{}/{} {heading}", e.position.section + 1, e.sections)
        };
        writeln!(
            out,
            "{}  {:>3.0}%  {}\n    {}\n    {}",
            resume::format_time(e.last_listened),
            e.percent,
            e.title.as_deref().unwrap_or("(untitled)"),
            reached,
            e.source
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn forget(args: &ForgetArgs) -> Result<ExitCode> {
    let store = Store::from_env()?;
    let source = source_of(&args.article);
    // When the article can still be read, its key finds it even if it moved.
    let keys: Vec<String> = match Input::parse(&args.article) {
        Input::Path(p) if p.is_file() => load_with_keys(&InputArgs {
            input: args.article.clone(),
            input_format: None,
            lexicon: None,
        })
        .map(|(_, k)| {
            let legacy = k.legacy.map(|make| make().key().to_string());
            std::iter::once(k.key).chain(legacy).collect()
        })
        .unwrap_or_default(),
        _ => Vec::new(),
    };
    let wanted = args.article.trim().to_lowercase();
    let gone: Vec<Entry> = store
        .load()
        .entries
        .into_iter()
        .filter(|e| {
            e.source == source
                || keys.contains(&e.key)
                || e.title.as_deref().map(str::to_lowercase).as_deref() == Some(wanted.as_str())
        })
        .collect();
    anyhow::ensure!(
        !gone.is_empty(),
        "no saved position for {:?} (`aloud history` lists them)",
        args.article
    );
    store.forget(|e| gone.iter().any(|g| g.key == e.key))?;
    for e in &gone {
        println!(
            "Forgot {} ({})",
            e.title.as_deref().unwrap_or("(untitled)"),
            e.source
        );
    }
    Ok(ExitCode::SUCCESS)
}
