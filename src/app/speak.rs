//! The commands that speak through the voices catalog without the player's controls: `say`,
//! `voices`, the hidden `synth-worker` that a parallel export starts, and what `export`
//! (in [`super::export_cmd`]) shares with `say`: the speaker, progress and the final report. Export
//! errors are `anyhow` here too; Ctrl-C stops an export cleanly (exit code 130, no file).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use aloud::article::{Block, BlockKind, Document, Section};
use aloud::export::{self, ExportError, ExportEvent, ExportOptions, ExportReport};
use aloud::player::controls::SignalControls;
use aloud::player::cursor::Position;
use aloud::player::{self, Outcome, PlayOptions};
use aloud::segment::{self, Script, SegmentOptions};
use aloud::synth::pool::SynthFactory;
use aloud::synth::worker::{self, ProcessSynth};
use aloud::synth::{Synthesizer, VoiceSettings};
use aloud::voices::{self, Catalog, Voice};

use super::{load_catalog, load_lexicon, make_synth, pick_voice, run_player, Sound};
use crate::cli::{Output, PlayArgs, SayArgs, VoiceArgs, WorkerArgs};

/// The chosen voice, its settings with the user's overrides, and the synthesizer workers.
pub(super) struct Speaker {
    pub(super) voice: Voice,
    pub(super) settings: VoiceSettings,
    pub(super) sample_rate: u32,
    pub(super) workers: Vec<SynthFactory>,
}

/// How many synthesis workers an export runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Jobs {
    /// `--jobs`, when given.
    pub(super) given: Option<usize>,
    /// Otherwise, for a fast voice: one per core, less a core for the encoder of a compressed
    /// format. A slow voice (Kokoro, whose synthesis takes several hundred times the encoder's
    /// work) gets every core.
    pub(super) fast_voice: usize,
}

/// Builds the workers for the voice picked by `args`: the first in this process; the others
/// forks of it, or (for espeak-ng, whose state is per process) `aloud synth-worker` processes.
pub(super) fn speaker(args: &VoiceArgs, jobs: Jobs) -> Result<Speaker> {
    let catalog = load_catalog();
    let voice = pick_voice(&catalog, args)?.clone();
    let jobs = jobs.given.unwrap_or(match voice.engine {
        aloud::voices::Engine::Kokoro(_) => default_jobs(),
        _ => jobs.fast_voice,
    });
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
pub(super) fn with_progress<T>(
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
    mut speaker: Speaker,
    progress: bool,
) -> Result<std::result::Result<ExportReport, ExportError>> {
    let workers = std::mem::take(&mut speaker.workers);
    with_progress(script, &speaker, progress, Instant::now(), |opts| {
        export::export_to_path(script, path, workers, opts)
    })
}

/// Reports the end of an export: a summary line, or the error with exit code 130 on Ctrl-C.
pub(super) fn finish_export(
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

pub(super) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `aloud say TEXT`: the text through the same segmenter and voice as an article, played on the
/// audio device, or written to a WAV with `-o`.
pub(super) fn say(args: SayArgs) -> Result<ExitCode> {
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
    refuse_speaking_voice(&args.voice)?;
    export::Format::from_path(&output)?;
    let speaker = speaker(
        &args.voice,
        Jobs {
            given: Some(1),
            fast_voice: 1,
        },
    )?;
    let voice = speaker.voice.name.clone();
    let result = write_audio(&script, &output, speaker, false)?;
    finish_export(result, &output, &voice, false)
}

/// Fails at once when `voice` names a voice that speaks by itself (it gives no audio to write),
/// naming the voices that can export.
pub(super) fn refuse_speaking_voice(voice: &VoiceArgs) -> Result<()> {
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

/// Plays a `say` script on the audio device: no status line, no saved position, Ctrl-C stops.
fn say_aloud(script: &Script, voice: &VoiceArgs) -> Result<ExitCode> {
    let super::PlayVoice {
        source, settings, ..
    } = make_synth(voice)?;
    let start = Position::new(0, 0);
    let play = PlayArgs {
        speed: None,
        output: Output::Device,
        no_pace: false,
        timings: false,
    };
    let sound = Sound::start(script, source, settings, start, &play)?;
    let opts = PlayOptions {
        start,
        speed: 1.0,
        estimate_wpm: settings.rate_wpm,
        ..PlayOptions::default()
    };
    let mut controls = SignalControls::new();
    let report = sound.with_backend(|backend| {
        run_player(script, backend, &mut controls, player::NoObserver, &opts)
    })?;
    Ok(match report.outcome {
        Outcome::Interrupted(_) => ExitCode::from(130),
        _ => ExitCode::SUCCESS,
    })
}

/// `aloud voices`: every voice with its engine, language and whether it can run here.
pub(super) fn list_voices() -> Result<ExitCode> {
    let catalog = Catalog::load();
    let config = super::config()?;
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
    let mut out = super::manage::table(&rows);
    out.push_str(&format!("\n* default voice: {why}.\n"));
    if !catalog
        .voices
        .iter()
        .any(|v| super::manage::is_neural(&v.engine))
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
pub(super) fn list_system_voices() -> Result<ExitCode> {
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

/// `aloud synth-worker --voice NAME` (hidden): one worker process of a parallel export.
pub(super) fn synth_worker(args: WorkerArgs) -> Result<ExitCode> {
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
