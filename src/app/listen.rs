//! `aloud listen` and `aloud resume`: an article (or an audio file, [`super::play_file`])
//! played from its saved position with the keys and the status line, its position saved as it
//! goes.

use super::desktop::{self, Both};
use crate::app::*;
use crate::cli::*;
use aloud::article::Input;
use aloud::cache;
use aloud::cache::Cache;
use aloud::cache::CachedSynth;
use aloud::player;
use aloud::player::controls::SignalControls;
use aloud::player::cursor::Cursor;
use aloud::player::cursor::Position;
use aloud::player::prefetch::Prefetcher;
use aloud::player::sink::AudioSink;
use aloud::player::sink::NullSink;
use aloud::player::Controls;
use aloud::player::Observer;
use aloud::player::Outcome;
use aloud::player::PlayOptions;
use aloud::resume;
use aloud::resume::Plan;
use aloud::resume::Saver;
use aloud::resume::Store;
use aloud::segment::Script;
use aloud::synth::self_voiced::Heard;
use aloud::synth::Synthesizer;
use aloud::synth::VoiceSettings;
use aloud::voices::EngineSpec;
use aloud::voices::Voice;
use anyhow::Context;
use anyhow::Result;
use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;
use terminal::keys::TerminalControls;
use terminal::reader::{Reader, ReaderView, MIN_SIZE};
use terminal::status::PlainLog;
use terminal::status::TerminalStatus;

/// How much speech a slow voice keeps synthesized ahead of the listener, in seconds.
pub(crate) const SLOW_VOICE_AHEAD_SECS: f64 = 60.0;

/// A voice ready to play, made on a thread of its own while the article is read
/// ([`start_voice`]): a voice that returns audio comes as its synthesizer (behind the utterance
/// cache when there is one, so listening after an export synthesizes nothing); a voice that speaks
/// by itself (the operating system's) comes as its catalog entry, and its engine is opened on the
/// playing thread. `cache` says how much was synthesized (`--timings`).
pub(crate) struct PlayVoice {
    /// What the listener calls it (the reader view's bottom bar).
    pub(crate) name: String,
    pub(crate) source: VoiceSource,
    pub(crate) settings: VoiceSettings,
    pub(crate) cache: Option<Arc<Cache>>,
    /// Whether to suggest a natural voice: the voice is espeak-ng and no neural voice is
    /// installed.
    pub(crate) tip: bool,
    /// Whether the voice is slow to synthesize (Kokoro: about 0.4 s per second of speech on
    /// two cores), so that the player keeps a minute of audio ready instead of a few sentences.
    pub(crate) slow: bool,
}

/// Where a [`PlayVoice`]'s sound comes from.
pub(crate) enum VoiceSource {
    /// PCM from a synthesizer.
    Pcm(Box<dyn Synthesizer>),
    /// The pieces of an audio file.
    File(Box<aloud::player::file::FilePieces>),
    /// A voice that speaks through the operating system.
    Speaking(Box<Voice>),
}

/// The voice named by `voice` from the voices catalog (`aloud voices`; the default voice when
/// none is named), with `--rate` and `--pitch` applied. Everything that plays gets its voice here.
pub(crate) fn make_synth(voice: &VoiceArgs) -> Result<PlayVoice> {
    let catalog = load_catalog();
    let v = pick_voice(&catalog, voice)?;
    let settings = v.settings_with(voice.rate, voice.pitch);
    let tip = matches!(v.engine, EngineSpec::Espeak { .. }) && !catalog.has_neural_voice();
    let slow = matches!(v.engine, EngineSpec::Kokoro(_));
    if v.speaks_itself() {
        return Ok(PlayVoice {
            name: v.name.clone(),
            source: VoiceSource::Speaking(Box::new(v.clone())),
            settings,
            cache: None,
            tip: false,
            slow: false,
        });
    }
    let synth = v.synthesizer()?;
    let Some(cache) = Cache::open_default_primed() else {
        return Ok(PlayVoice {
            name: v.name.clone(),
            source: VoiceSource::Pcm(synth),
            settings,
            cache: None,
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
    )
    .also_reading(cache::export_voice_key(v));
    Ok(PlayVoice {
        name: v.name.clone(),
        source: VoiceSource::Pcm(Box::new(cached)),
        settings,
        cache: Some(cache),
        tip,
        slow,
    })
}

/// How a run plays, from the command line and the config file: what the library is given
/// instead of clap's structs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Playback {
    /// `--speed`, when given.
    pub(crate) speed: Option<f32>,
    /// To the device, or nowhere.
    pub(crate) device: bool,
    /// With no device: in real time.
    pub(crate) paced: bool,
    /// `--timings`.
    pub(crate) timings: bool,
    /// `--view reader` (the default) rather than `--view plain`.
    pub(crate) reader: bool,
    /// In a queue: this article's place (from 1) and how many there are.
    pub(crate) queue: Option<(usize, usize)>,
}

impl Playback {
    /// The choices of `aloud listen` and `aloud resume`.
    pub(crate) fn of(args: &PlayArgs) -> Playback {
        Playback {
            speed: args.speed,
            device: args.output == Output::Device,
            paced: !args.no_pace,
            timings: args.timings,
            reader: args.view == Screen::Reader,
            queue: None,
        }
    }
}

/// The player's backend for `source` on `script`, starting at `start`: synthesis begins before
/// the device opens. A voice that speaks by itself needs no device and cannot be silenced with
/// `--output null`.
pub(crate) fn backend(
    script: &Script,
    source: VoiceSource,
    settings: VoiceSettings,
    start: Position,
    play: &Playback,
) -> Result<player::Backend> {
    let prefetch = match source {
        VoiceSource::Speaking(voice) => {
            anyhow::ensure!(
                play.device,
                "voice {:?} speaks through the operating system, which --output null cannot \
                 silence: pick another voice with --voice",
                voice.name
            );
            return Ok(player::Backend::SelfVoiced {
                engine: voice.speaking()?,
                settings,
            });
        }
        VoiceSource::Pcm(synth) => Prefetcher::of_voice(script, synth, settings),
        VoiceSource::File(pieces) => Prefetcher::start(pieces),
    };
    let mut prefetch = prefetch;
    prefetch.want(vec![start]);
    let sink = open_sink(play, prefetch.sample_rate())?;
    Ok(player::Backend::Pcm { prefetch, sink })
}

/// Starts the voice (catalog, engine, cache) on a thread of its own, so that it gets ready
/// while the article is read.
pub(crate) fn start_voice(args: &VoiceArgs) -> JoinHandle<Result<PlayVoice>> {
    let args = args.clone();
    std::thread::spawn(move || make_synth(&args))
}

/// Waits for the voice that [`start_voice`] started.
pub(crate) fn join_voice(handle: JoinHandle<Result<PlayVoice>>) -> Result<PlayVoice> {
    handle
        .join()
        .map_err(|_| anyhow::anyhow!("the voice failed to start"))?
}

/// How playing one article ended, for the caller to go on (a queue) or exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Heard to the end (or `n` in its last section).
    Finished,
    /// `q`: the listener stopped.
    Quit,
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

impl Ended {
    /// The process's exit code when this is how the run ended.
    pub(crate) fn exit_code(self) -> ExitCode {
        match self {
            // 130 after Ctrl-C, 143 after SIGTERM.
            Ended::Interrupted => {
                ExitCode::from(aloud::player::controls::interrupted_exit_status())
            }
            _ => ExitCode::SUCCESS,
        }
    }
}

/// Plays the article (or audio file) `input` names from `section`, from its start, or from its
/// saved position.
pub(crate) fn play_input(
    input: &InputArgs,
    voice: &VoiceArgs,
    play: &Playback,
    section: Option<&str>,
    from_start: bool,
    started: Instant,
) -> Result<Ended> {
    if let Input::Path(p) = Input::parse(&input.input) {
        if player::file::is_audio_path(&p) {
            let source = source_of(&input.input);
            return crate::app::play_file::play_file(
                &p, &source, play, section, from_start, started,
            );
        }
    }
    let voice = start_voice(voice);
    let (script, keys) = load_with_keys(input)?;
    let source = source_of(&input.input);
    let start = match section {
        Some(s) => Some(find_section(&script, s)?),
        None => None,
    };
    play_article(
        &script,
        &source,
        keys,
        move || join_voice(voice),
        play,
        start,
        from_start,
        started,
    )
}

pub(crate) fn listen(args: &ListenArgs, started: Instant) -> Result<ExitCode> {
    let play = Playback::of(&args.play);
    if args.queue {
        return crate::app::queue::play_saved_queue(&args.voice, &play, started);
    }
    if let [one] = args.inputs.as_slice() {
        let input = args.input(one);
        let ended = play_input(
            &input,
            &args.voice,
            &play,
            args.section.as_deref(),
            args.from_start,
            started,
        )?;
        return Ok(ended.exit_code());
    }
    crate::app::queue::play_list(args, &play, started)
}

pub(crate) fn resume_latest(args: &ResumeArgs, started: Instant) -> Result<ExitCode> {
    let play = Playback::of(&args.play);
    if crate::app::queue::has_queue()? {
        eprintln!(
            "Playing the queue (`aloud queue` lists it; `aloud queue clear` empties it to resume \
             the last article instead)."
        );
        return crate::app::queue::play_saved_queue(&args.voice, &play, started);
    }
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
        let ended =
            crate::app::play_file::play_file(path, &entry.source, &play, None, false, started)?;
        return Ok(ended.exit_code());
    }
    let voice = start_voice(&args.voice);
    let input = InputArgs::plain(&entry.source);
    let (script, keys) = load_with_keys(&input)
        .with_context(|| format!("reading {} again to resume it", entry.source))?;
    let ended = play_article(
        &script,
        &entry.source,
        keys,
        move || join_voice(voice),
        &play,
        None,
        false,
        started,
    )?;
    Ok(ended.exit_code())
}

/// Plays `script` from the position saved under its `keys` (or `section`, or the start), saving
/// as it goes, with the voice that `voice` gives.
#[allow(clippy::too_many_arguments)]
pub(crate) fn play_article(
    script: &Script,
    source: &str,
    keys: Keys,
    voice: impl FnOnce() -> Result<PlayVoice>,
    play: &Playback,
    section: Option<usize>,
    from_start: bool,
    started: Instant,
) -> Result<Ended> {
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
        name: voice_name,
        source: voice_source,
        settings,
        cache,
        tip,
        slow,
    } = voice()?;
    marks.push(("voice ready", Instant::now()));
    let sound = backend(script, voice_source, settings, start, play)?;
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
        pauses: config.pauses,
        speed,
        volume: config.volume.unwrap_or(1.0),
        estimate_wpm: settings.rate_wpm,
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
    let label = play
        .queue
        .map(|(k, n)| format!("[{k}/{n}] "))
        .unwrap_or_default();
    if !interactive && !label.is_empty() {
        // Without a terminal, the queue position heads the article's section lines.
        println!("{label}{}", script.title.as_deref().unwrap_or(source));
    }
    let (mut media_keys, now_playing) = desktop::start(script, source, settings.rate_wpm);
    let result = if interactive && play.reader && reader_fits() {
        let reader = Rc::new(RefCell::new(
            Reader::new(
                script,
                &voice_name,
                settings.rate_wpm,
                crossterm::terminal::size().unwrap_or(MIN_SIZE),
            )
            .with_label(&label),
        ));
        let mut keys = TerminalControls::start_reader(Rc::clone(&reader))?;
        let view = ReaderView::start(reader)?;
        let observer = ((view, now_playing), &mut saver);
        let mut controls = Both(&mut keys, &mut media_keys);
        let r = run_player(script, sound, &mut controls, observer, &opts);
        drop(keys);
        finished_line(&r);
        r
    } else if interactive {
        let status = TerminalStatus::new(script).with_label(&label);
        let mut keys = TerminalControls::start()?;
        let observer = ((status, now_playing), &mut saver);
        let mut controls = Both(&mut keys, &mut media_keys);
        let r = run_player(script, sound, &mut controls, observer, &opts);
        drop(keys);
        TerminalStatus::new(script).clear();
        finished_line(&r);
        r
    } else {
        let log = PlainLog::new(script, std::io::stdout());
        let mut controls = SignalControls::new();
        let mut controls = Both(&mut controls, &mut media_keys);
        let observer = ((log, now_playing), &mut saver);
        run_player(script, sound, &mut controls, observer, &opts)
    };
    let report = result?;
    let last = last_position(script);
    let ended = match report.outcome {
        Outcome::Finished => {
            saver.save_or_warn(last, true);
            Ended::Finished
        }
        Outcome::Quit(pos) => {
            saver.save_or_warn(pos, false);
            eprintln!(
                "Stopped at {} — `aloud resume` continues from here.",
                script.section_label(pos.section)
            );
            Ended::Quit
        }
        Outcome::Interrupted(pos) => {
            saver.save_or_warn(pos, false);
            Ended::Interrupted
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
    Ok(ended)
}

/// Says so when the article was listened to the end.
fn finished_line(r: &Result<player::Report, player::PlayError>) {
    if let Ok(player::Report {
        outcome: Outcome::Finished,
        ..
    }) = r
    {
        eprintln!("Finished — next time it starts from the beginning.");
    }
}

/// Whether the terminal can show the reader view: at least [`MIN_SIZE`], and not `TERM=dumb`.
fn reader_fits() -> bool {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let big = crossterm::terminal::size().is_ok_and(|(c, r)| c >= MIN_SIZE.0 && r >= MIN_SIZE.1);
    big && !dumb
}

/// Whether the natural-voice tip may be shown now: not yet today. Records today when it is, and
/// says no when it cannot record (so that the tip never shows at every run).
pub(crate) fn natural_voice_tip_due() -> bool {
    let Some(dir) = aloud::dirs::state_dir() else {
        return false;
    };
    let stamp = dir.join("tip-natural-voice");
    let today = aloud::dates::today_number().to_string();
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == today) {
        return false;
    }
    std::fs::create_dir_all(&dir).is_ok() && aloud::atomic::write(&stamp, today.as_bytes()).is_ok()
}

pub(crate) fn run_player(
    script: &Script,
    backend: player::Backend,
    controls: &mut dyn Controls,
    mut observer: impl Observer,
    opts: &PlayOptions,
) -> Result<player::Report, player::PlayError> {
    player::play_with(script, backend, controls, &mut observer, opts)
}

/// The device sink, or the null sink for `--output null`.
pub(crate) fn open_sink(play: &Playback, rate: u32) -> Result<Box<dyn AudioSink>> {
    match play.device {
        false => Ok(Box::new(NullSink::new(rate, play.paced))),
        true => {
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
pub(crate) fn last_position(script: &Script) -> Position {
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

pub(crate) fn print_timings(report: &player::Report, started: Instant, marks: &[(&str, Instant)]) {
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
    for (pos, gap) in &report.gaps {
        eprintln!(
            "timings: no audio for {:.2} s before §{}.{}",
            gap.as_secs_f64(),
            pos.section + 1,
            pos.utterance + 1
        );
    }
    for (i, d) in report.skip_latencies.iter().enumerate() {
        eprintln!(
            "timings: skip {}: new position's first sample after {:.2} ms",
            i + 1,
            d.as_secs_f64() * 1000.0
        );
    }
}
