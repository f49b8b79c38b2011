//! Wires the library's stages together for each subcommand. Errors here are `anyhow` with
//! context; `main` prints them on one line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use aloud::article::{self, Block, BlockKind, Document, Format, Input, ReadOptions, Section};
use aloud::cache::{self, Cache};
use aloud::export::{self, ExportError, ExportEvent, ExportOptions, ExportReport};
use aloud::outline;
use aloud::segment::{self, Lexicon, Script, SegmentOptions};

use crate::cli::{Cli, Command, InputArgs, InputFormat};
use crate::cli::{ExportArgs, SayArgs, WorkerArgs};
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
use aloud::synth::pool::SynthFactory;
use aloud::synth::worker::{self, ProcessSynth};
use aloud::synth::{Synthesizer, VoiceSettings};
use aloud::voices::{self, Catalog, Voice};

use crate::cli::{AudioFormat, CacheAction, CacheArgs};

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let started = Instant::now();
    match cli.command {
        Command::Listen(args) => listen(&args, started),
        Command::Resume(args) => resume_latest(&args, started),
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
        Command::Say(args) => say(args),
        Command::Export(args) => export(args),
        Command::Voices(_) => list_voices(),
        Command::Cache(args) => cache_command(args),
        Command::SynthWorker(args) => synth_worker(args),
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

/// The voices catalog (shipped voices plus the user's), warning about voice files it skipped.
fn load_catalog() -> Catalog {
    let catalog = Catalog::load();
    for problem in &catalog.problems {
        eprintln!("aloud: warning: skipped voice file {problem}");
    }
    catalog
}

/// The synthesizer for `voice` from the voices catalog (`aloud voices`; the default voice when
/// none is named), with `--rate` and `--pitch` applied. Everything that plays gets its voice here.
fn make_synth(voice: &VoiceArgs) -> Result<(Box<dyn Synthesizer>, VoiceSettings)> {
    let catalog = load_catalog();
    let v = catalog.get(voice.voice.as_deref())?;
    Ok((v.synthesizer()?, v.settings_with(voice.rate, voice.pitch)))
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

fn listen(args: &ListenArgs, started: Instant) -> Result<ExitCode> {
    let script = load_script(&args.input)?;
    let source = source_of(&args.input.input);
    let start = if let Some(s) = &args.section {
        Some(find_section(&script, s)?)
    } else {
        None
    };
    play_article(
        &script,
        &source,
        &args.voice,
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
    let input = InputArgs {
        input: entry.source.clone(),
        input_format: None,
        lexicon: None,
    };
    let script = load_script(&input)
        .with_context(|| format!("reading {} again to resume it", entry.source))?;
    play_article(
        &script,
        &entry.source,
        &args.voice,
        &args.play,
        None,
        false,
        started,
    )
}

/// Plays `script` from the saved position (or `section`, or the start), saving as it goes.
fn play_article(
    script: &Script,
    source: &str,
    voice: &VoiceArgs,
    play: &PlayArgs,
    section: Option<usize>,
    from_start: bool,
    started: Instant,
) -> Result<ExitCode> {
    anyhow::ensure!(
        (0.5..=3.0).contains(&play.speed),
        "--speed must be between 0.5 and 3 (got {})",
        play.speed
    );
    let lens: Vec<usize> = script.sections.iter().map(|s| s.utterances.len()).collect();
    let cursor = Cursor::new(lens);
    let first = cursor
        .first()
        .context("the article has nothing to read aloud")?;
    let key = resume::article_key(script);
    let store = Store::from_env()?;
    let loaded = store.load();
    if let Some(w) = &loaded.warning {
        eprintln!("aloud: warning: {w}");
    }
    let start = match section {
        Some(s) => Position::new(s, 0),
        None if from_start => first,
        None => {
            let plan = resume::plan(&loaded.entries, script, &key, source);
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
    let (synth, settings) = make_synth(voice)?;
    marks.push(("voice ready", Instant::now()));
    let rate = synth.sample_rate();
    // Synthesis of the first utterances starts before the device opens, overlapping the two.
    let mut prefetch = Prefetcher::start(script, synth, settings);
    prefetch.want(vec![start]);
    let mut sink = open_sink(play, rate)?;
    marks.push(("output open", Instant::now()));
    let opts = PlayOptions {
        start,
        speed: play.speed,
        estimate_wpm: settings.rate_wpm,
        ..PlayOptions::default()
    };
    let mut saver = Saver::new(store, script, &key, source);
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let result = if interactive {
        let status = TerminalStatus::new(script);
        let mut controls = TerminalControls::start()?;
        let r = run_player(
            script,
            prefetch,
            sink.as_mut(),
            &mut controls,
            (status, &mut saver),
            &opts,
        );
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
        run_player(
            script,
            prefetch,
            sink.as_mut(),
            &mut controls,
            (log, &mut saver),
            &opts,
        )
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
    }
    Ok(code)
}

fn run_player(
    script: &Script,
    prefetch: Prefetcher,
    sink: &mut dyn AudioSink,
    controls: &mut dyn Controls,
    mut observer: impl Observer,
    opts: &PlayOptions,
) -> Result<player::Report, player::PlayError> {
    player::play(script, prefetch, sink, controls, &mut observer, opts)
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
    let key = match Input::parse(&args.article) {
        Input::Path(p) if p.is_file() => load_script(&InputArgs {
            input: args.article.clone(),
            input_format: None,
            lexicon: None,
        })
        .ok()
        .map(|s| resume::article_key(&s)),
        _ => None,
    };
    let wanted = args.article.trim().to_lowercase();
    let gone: Vec<Entry> = store
        .load()
        .entries
        .into_iter()
        .filter(|e| {
            e.source == source
                || Some(&e.key) == key.as_ref()
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

/// The chosen voice, its settings with the user's overrides, and the synthesizer workers.
struct Speaker {
    voice: Voice,
    settings: VoiceSettings,
    sample_rate: u32,
    workers: Vec<SynthFactory>,
}

/// Builds `jobs` workers for the voice picked by `args`: the first in this process; the others
/// forks of it, or (for espeak-ng, whose state is per process) `aloud synth-worker` processes.
fn speaker(args: &VoiceArgs, jobs: usize) -> Result<Speaker> {
    let catalog = load_catalog();
    let voice = catalog.get(args.voice.as_deref())?.clone();
    let settings = voice.settings_with(args.rate, args.pitch);
    let primary = voice.synthesizer()?;
    let sample_rate = primary.sample_rate();
    let mut workers: Vec<SynthFactory> = Vec::with_capacity(jobs);
    for _ in 1..jobs.max(1) {
        if let Some(fork) = primary.fork() {
            workers.push(Box::new(move || Ok(fork)));
        } else if voice.needs_worker_processes() {
            let exe = std::env::current_exe().context("finding the aloud program")?;
            let voice = voice.clone();
            workers.push(Box::new(move || {
                let mut cmd = std::process::Command::new(exe);
                cmd.args(["synth-worker", "--voice", &voice.name]);
                // If no worker process can start, an in-process instance still gives the right
                // audio: it takes turns with the first one instead of running alongside it.
                ProcessSynth::spawn(cmd)
                    .map(|p| Box::new(p) as Box<dyn Synthesizer>)
                    .or_else(|_| {
                        voice
                            .synthesizer()
                            .map_err(|e| aloud::synth::SynthError::Unavailable(e.to_string()))
                    })
            }));
        }
    }
    workers.insert(0, Box::new(move || Ok(primary)));
    Ok(Speaker {
        voice,
        settings,
        sample_rate,
        workers,
    })
}

/// A flag set by Ctrl-C (and SIGTERM), so that an export stops cleanly and removes its
/// temporary file instead of dying mid-write.
fn interrupt_flag() -> Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("installing the Ctrl-C handler")?;
    }
    Ok(flag)
}

/// Runs `run` (an export) with a Ctrl-C flag and progress on stderr when `progress` is set: a
/// bar with sections done, minutes of audio written and the time left.
///
/// With `ALOUD_TIMINGS` set in the environment, prints when the first utterance's audio was
/// ready and when the export ended, in milliseconds since `started` (for the benchmark).
fn with_progress<T>(
    script: &Script,
    speaker: &Speaker,
    progress: bool,
    started: Instant,
    run: impl FnOnce(&mut ExportOptions<'_>) -> std::result::Result<T, ExportError>,
) -> Result<std::result::Result<T, ExportError>> {
    let timings = std::env::var_os("ALOUD_TIMINGS").is_some();
    let mut first_audio: Option<Duration> = None;
    let cancel = interrupt_flag()?;
    let mut stderr = std::io::stderr();
    let sections = script.sections.len();
    let mut last_draw: Option<Instant> = None;
    let mut on_event = |event: ExportEvent<'_>| match event {
        ExportEvent::Progress {
            done,
            total,
            section,
            audio_seconds,
        } => {
            first_audio.get_or_insert_with(|| started.elapsed());
            let now = Instant::now();
            if !progress
                || (done < total
                    && last_draw.is_some_and(|t| now - t < std::time::Duration::from_millis(100)))
            {
                return;
            }
            last_draw = Some(now);
            let frac = done as f64 / total.max(1) as f64;
            let width = 24;
            let filled = (frac * width as f64).round() as usize;
            let elapsed = started.elapsed().as_secs_f64();
            let eta = if done > 0 {
                (elapsed / frac - elapsed).max(0.0).round() as u64
            } else {
                0
            };
            let _ = write!(
                stderr,
                "\r\x1b[2Kaloud: [{}{}] section {}/{sections} · {:.1} min of audio · {}:{:02} left",
                "#".repeat(filled),
                "-".repeat(width - filled.min(width)),
                section + 1,
                audio_seconds / 60.0,
                eta / 60,
                eta % 60
            );
        }
        ExportEvent::Skipped { text, error } => {
            let short: String = text.chars().take(60).collect();
            let _ = writeln!(
                stderr,
                "\r\x1b[2Kaloud: warning: skipped {short:?}: {error}"
            );
        }
    };
    let mut opts = ExportOptions {
        settings: speaker.settings,
        sample_rate: speaker.sample_rate,
        cancel: Some(&cancel),
        on_event: &mut on_event,
    };
    let result = run(&mut opts);
    if progress {
        eprint!("\r\x1b[2K");
    }
    if timings {
        eprintln!(
            "aloud: timings: first audio {:.1} ms, done {:.1} ms",
            first_audio.unwrap_or_default().as_secs_f64() * 1e3,
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(result)
}

/// Runs an export of `script` to `path`, printing progress when `progress` is set.
fn write_audio(
    script: &Script,
    path: &Path,
    speaker: Speaker,
    progress: bool,
) -> Result<std::result::Result<ExportReport, ExportError>> {
    let Speaker {
        voice,
        settings,
        sample_rate,
        workers,
    } = speaker;
    let shell = Speaker {
        voice,
        settings,
        sample_rate,
        workers: Vec::new(),
    };
    with_progress(script, &shell, progress, Instant::now(), |opts| {
        export::export_to_path(script, path, workers, opts)
    })
}

/// Reports the end of an export: a summary line, or the error with exit code 130 on Ctrl-C.
fn finish_export(
    result: std::result::Result<ExportReport, ExportError>,
    path: &Path,
    voice: &str,
    quiet: bool,
) -> Result<ExitCode> {
    match result {
        Ok(report) => {
            if !quiet {
                let secs = report.seconds().round() as u64;
                eprintln!(
                    "aloud: wrote {} ({}:{:02} of speech, {} section{}, voice {voice}{})",
                    path.display(),
                    secs / 60,
                    secs % 60,
                    report.sections.len(),
                    if report.sections.len() == 1 { "" } else { "s" },
                    if report.skipped > 0 {
                        format!(", {} utterance(s) skipped", report.skipped)
                    } else {
                        String::new()
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ExportError::Interrupted) => {
            eprintln!("aloud: {}", ExportError::Interrupted);
            Ok(ExitCode::from(130))
        }
        Err(e @ ExportError::Create { .. }) => Err(e.into()),
        Err(e) => Err(e).with_context(|| format!("writing {}", path.display())),
    }
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// The format of an export: `--format`, else the output's extension; WAV on a pipe and MP3
/// for `--split` when neither says.
fn export_format(args: &ExportArgs) -> Result<export::Format> {
    if let Some(f) = args.format {
        return Ok(match f {
            AudioFormat::Mp3 => export::Format::Mp3,
            AudioFormat::Ogg => export::Format::Ogg,
            AudioFormat::Flac => export::Format::Flac,
            AudioFormat::Wav => export::Format::Wav,
            AudioFormat::M4b => export::Format::M4b,
        });
    }
    match &args.output {
        Some(p) if p.as_os_str() == "-" => Ok(export::Format::Wav),
        Some(p) => Ok(export::Format::from_path(p)?),
        None => Ok(export::Format::Mp3),
    }
}

/// Where the article came from, for the album tag: a URL's host or the file's name.
fn source_name(input: &str) -> Option<String> {
    if input == "-" {
        return None;
    }
    if let Some(rest) = input
        .strip_prefix("https://")
        .or_else(|| input.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        return Some(host.trim_start_matches("www.").to_string());
    }
    Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// `aloud export INPUT -o FILE`.
fn export(args: ExportArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let format = export_format(&args)?;
    let to_stdout = args.output.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if to_stdout && !format.streams() {
        return Err(ExportError::NotStreamable {
            format: format.extension(),
        }
        .into());
    }
    if let Some(p) = &args.chapters {
        export::chapters::ChapterFileKind::from_path(p)?;
    }
    if let Some(p) = &args.subtitles {
        export::subtitles::SubtitleFormat::from_path(p)?;
    }
    // The encoder of a compressed format needs a core of its own (LAME runs at ~400× real time,
    // espeak-ng at ~1,200×): synthesize on the others.
    let jobs = args.jobs.map_or_else(
        || {
            if format == export::Format::Wav {
                default_jobs()
            } else {
                default_jobs().saturating_sub(1).max(1)
            }
        },
        |j| j as usize,
    );
    // Start the voice (loading espeak-ng takes a few milliseconds) while the article is read.
    let voice_args = args.voice.clone();
    let starting = std::thread::spawn(move || speaker(&voice_args, jobs));
    let script = load_script(&args.input)?;
    let mut speaker = starting
        .join()
        .map_err(|_| anyhow::anyhow!("the voice failed to start"))??;
    let voice_name = speaker.voice.name.clone();
    if !args.no_cache {
        if let Some(cache) = Cache::open_default() {
            let id = cache::voice_key(&speaker.voice);
            let workers = std::mem::take(&mut speaker.workers);
            speaker.workers =
                cache::cached_workers(workers, Arc::new(cache), &id, speaker.sample_rate);
        }
    }
    let rate = args.sample_rate.unwrap_or(speaker.sample_rate);
    format.check_rate(rate)?;
    let mut encode = export::script_encode_options(&script, rate);
    let source = source_name(&args.input.input);
    encode.tags.album = source.clone();
    if encode.tags.artist.is_none() && args.input.input.starts_with("http") {
        encode.tags.artist = source;
    }
    encode.bitrate_kbps = args.bitrate;
    encode.quality = args.quality;
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let workers = std::mem::take(&mut speaker.workers);
    let result = with_progress(&script, &speaker, progress, started, |opts| {
        opts.sample_rate = rate;
        if let Some(dir) = &args.split {
            export::split::export_split(&script, dir, format, &encode, workers, opts)
                .map(|s| s.report)
        } else if to_stdout {
            let stdout = std::io::stdout().lock();
            export::export_to_writer(&script, stdout, format, &encode, workers, opts)
        } else {
            let path = args.output.clone().unwrap_or_default();
            export::export_file(&script, &path, format, &encode, workers, opts)
        }
    })?;
    let shown = match (&args.split, &args.output) {
        (Some(dir), _) => dir.clone(),
        (None, Some(p)) if !to_stdout => p.clone(),
        _ => PathBuf::from("standard output"),
    };
    if let Ok(report) = &result {
        let audio_name = shown
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(p) = &args.chapters {
            export::chapters::write_chapter_file(
                p,
                &report.chapters(&script),
                &encode.tags,
                &audio_name,
            )
            .with_context(|| format!("writing the chapters to {}", p.display()))?;
        }
        if let Some(p) = &args.subtitles {
            export::subtitles::write(p, &script, report)
                .with_context(|| format!("writing the subtitles to {}", p.display()))?;
        }
    }
    finish_export(result, &shown, &voice_name, args.quiet || to_stdout)
}

/// `aloud cache [clear]`.
fn cache_command(args: CacheArgs) -> Result<ExitCode> {
    let Some(cache) = Cache::open_default() else {
        anyhow::bail!("no cache folder: set $XDG_CACHE_HOME or $HOME");
    };
    match args.action {
        Some(CacheAction::Clear) => {
            let before = cache.usage();
            cache
                .clear()
                .with_context(|| format!("emptying {}", cache.dir().display()))?;
            println!(
                "aloud: cleared the cache ({} utterances, {:.1} MB) in {}",
                before.entries,
                before.bytes as f64 / 1e6,
                cache.dir().display()
            );
        }
        None => {
            let usage = cache.usage();
            println!(
                "{} utterances, {:.1} MB of {:.0} MB in {}",
                usage.entries,
                usage.bytes as f64 / 1e6,
                cache.cap() as f64 / 1e6,
                cache.dir().display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `aloud say TEXT`: the text through the same segmenter and voice as an article. With `-o` it
/// writes a WAV; playing it is the player's job.
fn say(args: SayArgs) -> Result<ExitCode> {
    let blocks: Vec<Block> = args
        .text
        .split("\n\n")
        .map(|p| Block::new(BlockKind::Paragraph, p))
        .filter(|b| !b.text.is_empty())
        .collect();
    if blocks.is_empty() {
        anyhow::bail!("nothing to say: give some text, e.g. `aloud say \"Hello there.\"`");
    }
    let doc = Document {
        title: None,
        byline: None,
        sections: vec![Section {
            heading: None,
            level: 0,
            blocks,
        }],
    };
    let seg = SegmentOptions {
        lexicon: load_lexicon(args.lexicon.as_deref()).context("loading the lexicon")?,
        ..SegmentOptions::default()
    };
    let script = segment::segment(&doc, &seg);
    let Some(output) = args.output else {
        return say_aloud(&script, &args.voice);
    };
    export::Format::from_path(&output)?;
    let speaker = speaker(&args.voice, 1)?;
    let voice = speaker.voice.name.clone();
    let result = write_audio(&script, &output, speaker, false)?;
    finish_export(result, &output, &voice, false)
}

/// Plays a `say` script on the audio device: no status line, no saved position, Ctrl-C stops.
fn say_aloud(script: &Script, voice: &VoiceArgs) -> Result<ExitCode> {
    let (synth, settings) = make_synth(voice)?;
    let rate = synth.sample_rate();
    let start = Position::new(0, 0);
    let mut prefetch = Prefetcher::start(script, synth, settings);
    prefetch.want(vec![start]);
    let play = PlayArgs {
        speed: 1.0,
        output: Output::Device,
        no_pace: false,
        timings: false,
    };
    let mut sink = open_sink(&play, rate)?;
    let opts = PlayOptions {
        start,
        speed: 1.0,
        estimate_wpm: settings.rate_wpm,
        ..PlayOptions::default()
    };
    let mut controls = SignalControls::new();
    let report = run_player(
        script,
        prefetch,
        sink.as_mut(),
        &mut controls,
        player::NoObserver,
        &opts,
    )?;
    Ok(match report.outcome {
        Outcome::Interrupted(_) => ExitCode::from(130),
        _ => ExitCode::SUCCESS,
    })
}

/// `aloud voices`: every voice with its engine, language and whether it can run here.
fn list_voices() -> Result<ExitCode> {
    let catalog = Catalog::load();
    let rows: Vec<[String; 5]> = catalog
        .voices
        .iter()
        .map(|v| {
            let status = match v.check() {
                Ok(()) => "yes".to_string(),
                Err(why) => format!("no: {why}"),
            };
            let name = if v.name == voices::DEFAULT_VOICE {
                format!("{} *", v.name)
            } else {
                v.name.clone()
            };
            [
                name,
                v.engine.name().to_string(),
                v.language.clone(),
                status,
                v.description.clone(),
            ]
        })
        .collect();
    let header = [
        "NAME".to_string(),
        "ENGINE".into(),
        "LANGUAGE".into(),
        "RUNS HERE".into(),
        "DESCRIPTION".into(),
    ];
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
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
    out.push_str(&format!(
        "\n* default voice. Pick one with --voice NAME; add your own as TOML files in {}\n",
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

/// `aloud synth-worker --voice NAME` (hidden): one worker process of a parallel export.
fn synth_worker(args: WorkerArgs) -> Result<ExitCode> {
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
