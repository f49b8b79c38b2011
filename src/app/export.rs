//! `aloud export` (every format, `--split`, `--chapters`, `--subtitles`, `-o -`, the cache in
//! front of the voice) and what `say -o` shares with it: the speaker and its workers, the
//! progress bar and the final report. Ctrl-C stops an export cleanly (exit code 130; 143 for
//! SIGTERM; no file).

use crate::app::batch::Decision;
use crate::app::*;
use crate::cli::*;
use aloud::cache;
use aloud::cache::Cache;
use aloud::export;
use aloud::export::ExportError;
use aloud::export::ExportEvent;
use aloud::export::ExportOptions;
use aloud::export::ExportReport;
use aloud::segment::Script;
use aloud::synth::pool::SynthFactory;
use aloud::synth::worker::ProcessSynth;
use aloud::synth::Synthesizer;
use aloud::synth::VoiceSettings;
use aloud::voices::Catalog;
use aloud::voices::Voice;
use anyhow::Context;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

/// The chosen voice, its settings with the user's overrides, and the synthesizer workers.
pub(crate) struct Speaker {
    pub(super) voice: Voice,
    pub(super) settings: VoiceSettings,
    pub(super) sample_rate: u32,
    pub(super) workers: Vec<SynthFactory>,
}

impl Speaker {
    /// Puts the user's speech cache in front of every worker (when there is a cache folder).
    pub(super) fn use_cache(&mut self) {
        if let Some(cache) = Cache::open_default_primed() {
            let id = cache::export_voice_key(&self.voice);
            let workers = std::mem::take(&mut self.workers);
            self.workers = cache::cached_workers(workers, cache, &id, self.sample_rate);
        }
    }
}

/// How many synthesis workers an export runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Jobs {
    /// `--jobs`, when given.
    pub(super) given: Option<usize>,
    /// Otherwise, for a fast voice: one per core, less a core for the encoder of a compressed
    /// format. A slow voice (Kokoro, whose synthesis takes several hundred times the encoder's
    /// work) gets every core.
    pub(super) fast_voice: usize,
}

/// Builds the workers for the voice picked by `args`: the first in this process; the others
/// forks of it. For espeak-ng, whose state is per process and carries over from one utterance to
/// the next, every worker (also the only one of `--jobs 1`) is an `aloud synth-worker --fresh`
/// process that speaks each utterance from the state it had after start-up, so that the audio
/// is the same whichever worker speaks an utterance and whatever it spoke before.
pub(crate) fn speaker(args: &VoiceArgs, jobs: Jobs) -> Result<Speaker> {
    let catalog = load_catalog();
    let voice = pick_voice(&catalog, args)?.clone();
    let jobs = jobs.given.unwrap_or(match voice.engine {
        aloud::voices::EngineSpec::Kokoro(_) => default_jobs(),
        _ => jobs.fast_voice,
    });
    let settings = voice.settings_with(args.rate, args.pitch);
    // Started here also when it speaks nothing, so that a missing library or voice fails at
    // once with its own message.
    let primary = voice.synthesizer()?;
    let sample_rate = primary.sample_rate();
    let mut workers: Vec<SynthFactory> = Vec::with_capacity(jobs);
    if voice.needs_worker_processes() {
        drop(primary);
        let exe = std::env::current_exe().context("finding the aloud program")?;
        for _ in 0..jobs.max(1) {
            workers.push(fresh_worker(exe.clone(), voice.clone()));
        }
    } else {
        for _ in 1..jobs.max(1) {
            if let Some(fork) = primary.fork() {
                workers.push(Box::new(move || Ok(fork)));
            }
        }
        workers.insert(0, Box::new(move || Ok(primary)));
    }
    Ok(Speaker {
        voice,
        settings,
        sample_rate,
        workers,
    })
}

/// A worker that speaks `voice` in an `aloud synth-worker --fresh` process. No in-process
/// stand-in when it cannot start: that would give audio that depends on what it spoke before.
/// (The export fails only when no worker starts at all.)
fn fresh_worker(exe: PathBuf, voice: Voice) -> SynthFactory {
    Box::new(move || {
        let mut cmd = std::process::Command::new(exe);
        cmd.args(["synth-worker", "--fresh", "--voice", &voice.name]);
        ProcessSynth::spawn(cmd).map(|p| Box::new(p) as Box<dyn Synthesizer>)
    })
}

/// A flag set by Ctrl-C (and SIGTERM), so that an export stops cleanly and removes its
/// temporary file instead of dying mid-write.
pub(crate) fn interrupt_flag() -> Result<Arc<AtomicBool>> {
    aloud::player::controls::stop_flag().context("installing the Ctrl-C handler")
}

/// Runs `run` (an export) with a Ctrl-C flag and progress on stderr when `progress` is set: a
/// bar with sections done, minutes of audio written and the time left.
///
/// With `ALOUD_TIMINGS` set in the environment, prints when the first utterance's audio was
/// ready and when the export ended, in milliseconds since `started` (for the benchmark).
pub(crate) fn with_progress<T>(
    script: &Script,
    speaker: &Speaker,
    progress: bool,
    started: Instant,
    run: impl FnOnce(&mut ExportOptions<'_>) -> std::result::Result<T, ExportError>,
) -> Result<std::result::Result<T, ExportError>> {
    let timings = std::env::var_os("ALOUD_TIMINGS").is_some();
    let mut first_audio: Option<Duration> = None;
    let cancel = interrupt_flag()?;
    let sections = script.sections.len();
    let bar = if progress {
        indicatif::ProgressBar::new(1)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("aloud: [{bar:24}] {msg} · {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("#-"),
    );
    let mut on_event = |event: ExportEvent<'_>| match event {
        ExportEvent::Progress {
            done,
            total,
            section,
            audio_seconds,
        } => {
            first_audio.get_or_insert_with(|| started.elapsed());
            bar.set_length(total.max(1) as u64);
            bar.set_position(done as u64);
            bar.set_message(format!(
                "section {}/{sections} · {:.1} min of audio",
                section + 1,
                audio_seconds / 60.0
            ));
        }
        ExportEvent::Skipped { text, error } => {
            let short: String = text.chars().take(60).collect();
            bar.suspend(|| eprintln!("aloud: warning: skipped {short:?}: {error}"));
        }
    };
    let mut opts = ExportOptions {
        pauses: crate::app::config()?.pauses,
        settings: speaker.settings,
        sample_rate: speaker.sample_rate,
        cancel: Some(&cancel),
        on_event: &mut on_event,
    };
    let result = run(&mut opts);
    bar.finish_and_clear();
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
pub(crate) fn write_audio(
    script: &Script,
    path: &Path,
    mut speaker: Speaker,
    progress: bool,
) -> Result<std::result::Result<ExportReport, ExportError>> {
    let workers = std::mem::take(&mut speaker.workers);
    with_progress(script, &speaker, progress, Instant::now(), |opts| {
        export::export_to_path(script, path, workers, opts)
    })
}

/// Reports the end of an export: a summary line, or the error with exit code 130 on Ctrl-C
/// (143 on SIGTERM).
pub(crate) fn finish_export(
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
            Ok(ExitCode::from(
                aloud::player::controls::interrupted_exit_status(),
            ))
        }
        Err(e @ ExportError::Create { .. }) => Err(e.into()),
        Err(e) => Err(e).with_context(|| format!("writing {}", path.display())),
    }
}

pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Fails at once when `voice` names a voice that speaks by itself (it gives no audio to write),
/// naming the voices that can export.
pub(crate) fn refuse_speaking_voice(voice: &VoiceArgs) -> Result<()> {
    let catalog = Catalog::load();
    if let Some(v) = voice
        .voice
        .as_deref()
        .and_then(|n| catalog.get(Some(n)).ok())
    {
        catalog.check_exports(v)?;
    }
    Ok(())
}

/// The format of an export: `--format`, else the output's extension; WAV on a pipe and MP3
/// for `--split` when neither says.
pub(crate) fn export_format(args: &ExportArgs) -> Result<export::Format> {
    if let Some(f) = args.format {
        let format = match f {
            AudioFormat::Mp3 => export::Format::Mp3,
            AudioFormat::Ogg => export::Format::Ogg,
            AudioFormat::Flac => export::Format::Flac,
            AudioFormat::Wav => export::Format::Wav,
            AudioFormat::M4b => export::Format::M4b,
        };
        // "-o talk.mp3 --format ogg" would write Ogg into a file named .mp3.
        let named = args
            .output
            .as_deref()
            .filter(|p| p.as_os_str() != "-" && !p.is_dir())
            .and_then(|p| export::Format::from_path(p).ok().map(|n| (p, n)));
        if let Some((path, _)) = named.filter(|(_, n)| *n != format) {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            anyhow::bail!(
                "{} names a .{ext} file but --format says {}: drop --format, or name the output *.{}",
                path.display(),
                format.extension(),
                format.extension()
            );
        }
        return Ok(format);
    }
    // The config file's format stands in when the output's name does not say.
    let configured = crate::app::config()?
        .export
        .format
        .as_deref()
        .and_then(export::Format::from_name);
    match &args.output {
        Some(p) if p.as_os_str() == "-" => Ok(configured.unwrap_or(export::Format::Wav)),
        Some(p) if p.extension().is_none() && configured.is_some() => {
            Ok(configured.unwrap_or(export::Format::Mp3))
        }
        Some(p) => Ok(export::Format::from_path(p)?),
        None => Ok(configured.unwrap_or(export::Format::Mp3)),
    }
}

/// Where the article came from, for the album tag: a URL's host or the file's name.
pub(crate) fn source_name(input: &str) -> Option<String> {
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

/// Refuses, before anything is spoken, outputs that would destroy the article or cannot be
/// written: a file that is the input itself, a file in a folder that does not exist, and audio
/// bytes for a terminal.
fn check_outputs(args: &ExportArgs, to_stdout: bool) -> Result<()> {
    if to_stdout && std::io::stdout().is_terminal() {
        anyhow::bail!(
            "standard output is a terminal, which cannot play audio bytes: redirect it \
             (`-o - > article.mp3`) or pipe it to a player"
        );
    }
    let input = args.inputs.first().map(Path::new);
    let outputs = [
        ("the audio", args.output.as_deref().filter(|_| !to_stdout)),
        ("the chapters", args.chapters.as_deref()),
        ("the subtitles", args.subtitles.as_deref()),
    ];
    for (what, path) in outputs {
        let Some(path) = path else { continue };
        if input.is_some_and(|i| same_file(i, path)) {
            anyhow::bail!(
                "{} is the article being read: writing {what} there would replace it — name \
                 another file",
                path.display()
            );
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            anyhow::bail!(
                "cannot write {what} to {}: the folder {} does not exist — create it or name \
                 another path",
                path.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file (through links and `..` too).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// `aloud export INPUT -o FILE`.
pub(crate) fn export(args: ExportArgs) -> Result<ExitCode> {
    if let Some(dir) = &args.merge {
        return crate::app::batch::merge(dir);
    }
    let read = match crate::app::batch::decide(&args) {
        Decision::Batch(fetched) => return crate::app::batch::export_batch(args, fetched),
        Decision::Single(read) => read,
    };
    let started = Instant::now();
    refuse_speaking_voice(&args.voice)?;
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
    check_outputs(&args, to_stdout)?;
    // The encoder of a compressed format needs a core of its own (LAME runs at ~400× real time,
    // espeak-ng at ~1,200×): synthesize on the others.
    let jobs = Jobs {
        given: args.jobs.map(|j| j as usize),
        fast_voice: if format == export::Format::Wav {
            default_jobs()
        } else {
            default_jobs().saturating_sub(1).max(1)
        },
    };
    // Start the voice (loading espeak-ng takes a few milliseconds) while the article is read.
    let voice_args = args.voice.clone();
    let starting = std::thread::spawn(move || speaker(&voice_args, jobs));
    let input = args.input_args(args.inputs.first().map_or("-", |s| s.as_str()));
    let script = load_script_read(&input, read)?;
    let mut speaker = starting
        .join()
        .map_err(|_| anyhow::anyhow!("the voice failed to start"))??;
    let voice_name = speaker.voice.name.clone();
    if !args.no_cache {
        speaker.use_cache();
    }
    let rate = args.sample_rate.unwrap_or(speaker.sample_rate);
    format.check_rate(rate)?;
    let mut encode = export::script_encode_options(&script, rate);
    let source = source_name(&input.input);
    encode.tags.album = source.clone();
    if encode.tags.artist.is_none() && input.input.starts_with("http") {
        encode.tags.artist = source;
    }
    encode.bitrate_kbps = args.bitrate.or(crate::app::config()?.export.bitrate);
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
