//! Wires the library's stages together for each subcommand. Errors here are `anyhow` with
//! context; `main` prints them on one line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use aloud::article::{self, Block, BlockKind, Document, Format, Input, ReadOptions, Section};
use aloud::cache::{self, Cache};
use aloud::export::{self, ExportError, ExportEvent, ExportOptions, ExportReport};
use aloud::outline;
use aloud::segment::{self, Lexicon, Script, SegmentOptions};
use aloud::synth::pool::SynthFactory;
use aloud::synth::worker::{self, ProcessSynth};
use aloud::synth::{Synthesizer, VoiceSettings};
use aloud::voices::{self, Catalog, Voice};

use crate::cli::{
    AudioFormat, CacheAction, CacheArgs, Cli, Command, ExportArgs, InputArgs, InputFormat, SayArgs,
    VoiceArgs, WorkerArgs,
};

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
        Command::Say(args) => say(args),
        Command::Export(args) => export(args),
        Command::Voices(_) => list_voices(),
        Command::Cache(args) => cache_command(args),
        Command::SynthWorker(args) => synth_worker(args),
    }
}

fn load_lexicon(path: Option<&std::path::Path>) -> Result<Lexicon> {
    let _ = path;
    Ok(Lexicon::default())
}

/// Reads the input and segments it, printing reader warnings on stderr.
fn load_script(args: &InputArgs) -> Result<Script> {
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
        lexicon: load_lexicon(args.lexicon.as_deref()).context("loading the lexicon")?,
        ..SegmentOptions::default()
    };
    Ok(segment::segment(&loaded.document, &seg))
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
    let catalog = Catalog::load();
    for problem in &catalog.problems {
        eprintln!("aloud: warning: skipped voice file {problem}");
    }
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
            let name = voice.name.clone();
            workers.push(Box::new(move || {
                let mut cmd = std::process::Command::new(exe);
                cmd.args(["synth-worker", "--voice", &name]);
                ProcessSynth::spawn(cmd).map(|p| Box::new(p) as Box<dyn Synthesizer>)
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
        Err(e) => Err(e).with_context(|| format!("exporting to {}", path.display())),
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
        anyhow::bail!(
            "playing is not available in this build yet: write the speech to a file with `-o speech.wav`"
        );
    };
    export::Format::from_path(&output)?;
    let speaker = speaker(&args.voice, 1)?;
    let voice = speaker.voice.name.clone();
    let result = write_audio(&script, &output, speaker, false)?;
    finish_export(result, &output, &voice, true)
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
