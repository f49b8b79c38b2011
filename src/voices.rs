//! The voices a user can pick: a catalog read from TOML voice files, each naming an engine and
//! its settings, and the code that builds a [`Synthesizer`] for one.
//!
//! Two sources, later winning on a name clash: the voice files shipped in the repository's
//! `voices/` folder, embedded in the binary with `include_str!` (so they are found from any
//! working directory and need no install step), and the user's own in
//! `$XDG_DATA_HOME/aloud/voices/*.toml`. A file that does not parse is reported with its path and
//! line, and the other voices still load. Engines: `espeak` (built in), `command` (any program,
//! see [`crate::synth::command`]), `piper` (neural voices, see [`crate::synth::piper`]), `tone`
//! (the test synthesizer) and `system` (the operating system's voices, with
//! `[system] voice = "NAME"` or `"default"`; they speak by themselves, so they can be listened to
//! but not exported, and they need the `system-voice` feature); any other engine name is listed as
//! unsupported rather than rejected. A voice file looks like this:
//!
//! ```toml
//! name = "en-us-slow"
//! language = "en-US"
//! description = "American English, slow"
//! engine = "espeak"
//! rate = 140        # words per minute
//! pitch = 48        # 0-100
//! volume = 1.0      # 0.0-2.0
//! [espeak]
//! voice = "en-us"   # espeak-ng's voice or language name
//! ```
//!
//! A command voice has a `[command]` table instead: `program`, `args` (with `{text}`,
//! `{text_file}`, `{output}`, `{rate}`, `{pitch}`), `output = "file"` or `"stdout"`,
//! `format` of the file it writes (`wav`, `mp3`, `ogg`, `flac`; the `{output}` name ends so),
//! `timeout_secs` and `sample_rate` (what its audio is converted to); see `voices/flite.toml`.
//!
//! A Piper voice names its model; relative paths are relative to the voice file's folder:
//!
//! ```toml
//! name = "en_US-joe-medium"
//! language = "en-US"
//! engine = "piper"
//! [piper]
//! model = "en_US-joe-medium.onnx"            # required
//! config = "en_US-joe-medium.onnx.json"      # default: the model's path + ".json"
//! speaker = "0"                              # multi-speaker voices: a number or a name
//! onnxruntime = "/path/to/libonnxruntime.so" # optional, see crate::synth::onnx
//! ```
//!
//! [`install`] downloads Piper voices into the user's folder and removes them. Not covered:
//! listing espeak-ng's own voice list.

pub mod download;
pub mod install;
pub mod kokoro_pack;
pub mod runtime_install;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::synth::command::{CommandSpec, CommandSynth, OutputMode};
use crate::synth::espeak::{self, EspeakSynth};
use crate::synth::kokoro::{self, catalog::Gender, KokoroSpec};
use crate::synth::piper::{self, PiperSpec};

use crate::synth::self_voiced::SelfVoiced;
use crate::synth::tone::ToneSynth;
use crate::synth::{SynthError, Synthesizer, VoiceSettings};

/// The voice used when none is named and no neural voice is installed.
pub const DEFAULT_VOICE: &str = "en-us";

/// The voice files shipped with aloud (the repository's `voices/`), by file name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("en-us.toml", include_str!("../voices/en-us.toml")),
    ("en-gb.toml", include_str!("../voices/en-gb.toml")),
    ("en-us-slow.toml", include_str!("../voices/en-us-slow.toml")),
    ("en-us-fast.toml", include_str!("../voices/en-us-fast.toml")),
    ("flite.toml", include_str!("../voices/flite.toml")),
    ("tone.toml", include_str!("../voices/tone.toml")),
    ("system.toml", include_str!("../voices/system.toml")),
];

/// Which engine speaks a voice, with its engine-specific settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EngineSpec {
    /// The built-in espeak-ng, with espeak's voice name.
    Espeak {
        /// espeak-ng's voice or language name (`en-us`).
        voice: String,
    },
    /// A program run per utterance.
    Command(CommandSpec),
    /// A Piper neural voice.
    Piper(PiperSpec),
    /// A Kokoro neural voice.
    Kokoro(KokoroSpec),
    /// The deterministic test tone.
    Tone,
    /// An operating-system voice through the `tts` crate (feature `system-voice`): it speaks by
    /// itself and returns no audio.
    System {
        /// The OS voice's name or id, or `default`.
        voice: String,
    },
    /// An engine this build does not know.
    Unsupported {
        /// The engine name from the file.
        engine: String,
    },
}

/// A file's identity for cache keys: its path, size and modification time (a replaced model or
/// voice style gives new keys).
fn file_identity(path: &Path) -> String {
    let meta = std::fs::metadata(path).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}:{}:{modified}",
        path.display(),
        meta.map_or(0, |m| m.len())
    )
}

impl EngineSpec {
    /// Everything about the engine that decides the audio of a text, as a stable string: the
    /// engine, its settings written out field by field, and for model files their size and
    /// modification time. Used in cache keys.
    pub fn identity(&self) -> String {
        match self {
            // v2: noise seeded per utterance (audio from v1 depended on what was spoken before).
            EngineSpec::Espeak { voice } => format!("espeak v2 voice={voice}"),
            EngineSpec::Command(c) => format!(
                "command v1 program={} args={} output={:?} format={} rate={}",
                c.program,
                c.args.join("\u{1f}"),
                c.output,
                c.output_extension,
                c.sample_rate
            ),
            EngineSpec::Piper(p) => format!(
                "piper v1 model={} config={} speaker={}",
                file_identity(&p.model),
                file_identity(&p.config),
                p.speaker.as_deref().unwrap_or("")
            ),
            EngineSpec::Kokoro(k) => format!(
                "kokoro v1 model={} style={} espeak={}",
                file_identity(&k.model),
                file_identity(&k.style),
                k.espeak
            ),
            EngineSpec::Tone => "tone v1".into(),
            EngineSpec::System { voice } => format!("system v1 voice={voice}"),
            EngineSpec::Unsupported { engine } => format!("unsupported {engine}"),
        }
    }

    /// The engine's name as written in voice files.
    pub fn name(&self) -> &str {
        match self {
            EngineSpec::Espeak { .. } => "espeak",
            EngineSpec::Command(_) => "command",
            EngineSpec::Piper(_) => "piper",
            EngineSpec::Kokoro(_) => "kokoro",
            EngineSpec::Tone => "tone",
            EngineSpec::System { .. } => "system",
            EngineSpec::Unsupported { engine } => engine,
        }
    }
}

/// Where a voice was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with aloud (the file name in the repository's `voices/`).
    Shipped(String),
    /// A user's voice file.
    File(PathBuf),
    /// A voice of the Kokoro pack installed in this folder.
    KokoroPack(PathBuf),
}

/// One voice of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    /// The name users pick it by.
    pub name: String,
    /// Its language (BCP 47, `en-US`).
    pub language: String,
    /// One line about it.
    pub description: String,
    /// Whether it sounds female or male, when the voice says.
    pub gender: Option<Gender>,
    /// How it is spoken.
    pub engine: EngineSpec,
    /// Its rate, pitch and volume.
    pub settings: VoiceSettings,
    /// Where it was defined.
    pub origin: Origin,
}

/// A voice file that could not be read; the other voices are unaffected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct VoiceFileError {
    /// The file.
    pub path: String,
    /// The line (1-based) the problem is on.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Why a voice cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum VoiceError {
    /// No voice has this name.
    #[error("no voice named {name:?}: run `aloud voices` to see the choices")]
    Unknown {
        /// The name asked for.
        name: String,
    },
    /// The voice speaks by itself and gives no audio to write.
    #[error("voice {name:?} speaks through the operating system and gives no audio to write: export with {exporters} (see `aloud voices`)")]
    CannotExport {
        /// The voice.
        name: String,
        /// Voices that can export, as a list for the message.
        exporters: String,
    },
    /// The voice's engine exists but cannot run here.
    #[error("voice {name:?} cannot run here: {reason}")]
    Unavailable {
        /// The voice.
        name: String,
        /// Why, and what to install.
        reason: String,
    },
}

/// What every voice file has, whatever its engine.
#[derive(Deserialize)]
struct VoiceFile {
    name: String,
    language: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    gender: Option<Gender>,
    engine: String,
    rate: Option<u32>,
    pitch: Option<u8>,
    volume: Option<f32>,
}

/// An engine with the table that goes with it: `engine = "piper"` and the `[piper]` table. The
/// variant is the engine's name and holds the table of that name.
///
/// serde reads it as an externally tagged enum from a one-entry table `{ piper = <the [piper]
/// table> }` that [`engine_tables`] builds out of the file, so that each table is read by toml
/// itself and its errors keep their lines (an internally tagged enum, `#[serde(tag = "engine")]`,
/// is read from a copy of the document that has no lines). An engine without its table gets
/// [`EngineTable::without_table`].
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum EngineTable {
    Espeak(EspeakTable),
    Tone,
    Piper(PiperTable),
    Kokoro(KokoroTable),
    System(SystemTable),
    Command(CommandTable),
    /// An engine this build does not know: listed as unsupported, not an error.
    #[serde(skip)]
    Unsupported(String),
}

impl EngineTable {
    /// The engines that have a table of their own, by the table's name.
    const TABLES: [&'static str; 5] = ["espeak", "piper", "kokoro", "system", "command"];

    /// The engine's name as written after `engine =`.
    fn engine(&self) -> &str {
        match self {
            EngineTable::Espeak(_) => "espeak",
            EngineTable::Tone => "tone",
            EngineTable::Piper(_) => "piper",
            EngineTable::Kokoro(_) => "kokoro",
            EngineTable::System(_) => "system",
            EngineTable::Command(_) => "command",
            EngineTable::Unsupported(name) => name,
        }
    }

    /// The engine `name` of a file that has no table for it: the table's defaults, or, for an
    /// engine whose table is required, what to write.
    fn without_table(name: &str) -> Result<EngineTable, &'static str> {
        match name {
            "espeak" => Ok(EngineTable::Espeak(EspeakTable::default())),
            "tone" => Ok(EngineTable::Tone),
            "system" => Ok(EngineTable::System(SystemTable::default())),
            "piper" => Err("a piper voice needs a [piper] table with `model = \"NAME.onnx\"`"),
            "kokoro" => Err("a kokoro voice needs a [kokoro] table with `model = \"kokoro-v1.0.int8.onnx\"` and `style = \"af_heart.bin\"`"),
            "command" => Err("a command voice needs a [command] table with `program` and `args`"),
            other => Ok(EngineTable::Unsupported(other.to_string())),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KokoroTable {
    model: PathBuf,
    style: PathBuf,
    espeak: Option<String>,
    onnxruntime: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PiperTable {
    model: PathBuf,
    config: Option<PathBuf>,
    speaker: Option<toml::Value>,
    onnxruntime: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SystemTable {
    voice: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EspeakTable {
    voice: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandTable {
    program: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    output: Option<String>,
    timeout_secs: Option<f64>,
    sample_rate: Option<u32>,
    format: Option<String>,
}

/// Reads every engine table in the document, in the document's order. A table of another
/// engine than the file's is checked as well (a mistake in it is reported) and then unused.
fn engine_tables(doc: toml::de::DeTable<'_>) -> Result<Vec<EngineTable>, toml::de::Error> {
    doc.into_iter()
        .filter(|(key, _)| EngineTable::TABLES.iter().any(|t| *t == *key.get_ref()))
        .map(|(key, value)| {
            let span = key.span().start..value.span().end;
            let mut one = toml::de::DeTable::new();
            one.insert(key, value);
            let one = toml::Spanned::new(span, toml::de::DeValue::Table(one));
            EngineTable::deserialize(toml::de::ValueDeserializer::from(one))
        })
        .collect()
}

/// The 1-based line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The line where `key = ...` is set at the top of a file, or 1.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with(']'))
        })
        .map_or(1, |i| i + 1)
}

/// Parses one voice file. `path` is only used in messages and as the voice's origin.
pub fn parse_voice(text: &str, path: &str, origin: Origin) -> Result<Voice, VoiceFileError> {
    let err = |line: usize, message: String| VoiceFileError {
        path: path.to_string(),
        line,
        message,
    };
    let toml_error = |e: toml::de::Error| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        err(line, e.message().trim().to_string())
    };
    let doc = toml::de::DeTable::parse(text).map_err(toml_error)?;
    let tables = engine_tables(doc.get_ref().clone()).map_err(toml_error)?;
    let file = VoiceFile::deserialize(toml::de::Deserializer::from(doc)).map_err(toml_error)?;
    if file.name.trim().is_empty() {
        return Err(err(
            line_of_key(text, "name"),
            "the voice needs a name".into(),
        ));
    }
    let defaults = VoiceSettings::default();
    let settings = VoiceSettings {
        rate_wpm: file.rate.unwrap_or(defaults.rate_wpm),
        pitch: file.pitch.unwrap_or(defaults.pitch),
        volume: file.volume.unwrap_or(defaults.volume),
    };
    if !(40..=800).contains(&settings.rate_wpm) {
        return Err(err(
            line_of_key(text, "rate"),
            format!(
                "rate {} is out of range: give 40 to 800 words per minute",
                settings.rate_wpm
            ),
        ));
    }
    if settings.pitch > 100 {
        return Err(err(
            line_of_key(text, "pitch"),
            format!("pitch {} is out of range: give 0 to 100", settings.pitch),
        ));
    }
    if !(0.0..=2.0).contains(&settings.volume) {
        return Err(err(
            line_of_key(text, "volume"),
            format!(
                "volume {} is out of range: give 0.0 to 2.0",
                settings.volume
            ),
        ));
    }
    let table = match tables.into_iter().find(|t| t.engine() == file.engine) {
        Some(table) => table,
        None => EngineTable::without_table(&file.engine)
            .map_err(|missing| err(line_of_key(text, "engine"), missing.into()))?,
    };
    // Relative paths are relative to the voice file's folder.
    let base = match &origin {
        Origin::File(f) | Origin::KokoroPack(f) => {
            f.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        Origin::Shipped(_) => PathBuf::new(),
    };
    let engine = match table {
        EngineTable::Espeak(e) => EngineSpec::Espeak {
            voice: e
                .voice
                .unwrap_or_else(|| file.language.to_ascii_lowercase()),
        },
        EngineTable::Tone => EngineSpec::Tone,
        EngineTable::Piper(p) => piper_spec(p, &base)
            .map_err(|message| err(line_of_key(text, "speaker"), message.into()))?,
        EngineTable::Kokoro(k) => EngineSpec::Kokoro(KokoroSpec {
            model: base.join(&k.model),
            style: base.join(&k.style),
            espeak: k
                .espeak
                .unwrap_or_else(|| kokoro::catalog::espeak_voice(&file.language).to_string()),
            onnxruntime: k.onnxruntime.map(|r| base.join(r)),
        }),
        EngineTable::System(s) => EngineSpec::System {
            voice: s.voice.unwrap_or_else(|| "default".to_string()),
        },
        EngineTable::Command(c) => {
            command_spec(c).map_err(|message| err(line_of_key(text, "[command"), message))?
        }
        EngineTable::Unsupported(engine) => EngineSpec::Unsupported { engine },
    };
    Ok(Voice {
        description: file
            .description
            .unwrap_or_else(|| format!("{} ({})", file.language, engine.name())),
        name: file.name,
        language: file.language,
        gender: file.gender,
        engine,
        settings,
        origin,
    })
}

/// A Piper voice from its table, paths resolved against `base`; the error is about `speaker`.
fn piper_spec(p: PiperTable, base: &Path) -> Result<EngineSpec, &'static str> {
    let model = base.join(&p.model);
    let config = match p.config {
        Some(c) => base.join(c),
        None => {
            let mut c = model.clone().into_os_string();
            c.push(".json");
            PathBuf::from(c)
        }
    };
    let speaker = match p.speaker {
        None => None,
        Some(toml::Value::String(s)) => Some(s),
        Some(toml::Value::Integer(n)) => Some(n.to_string()),
        Some(_) => return Err("speaker must be a number or a name"),
    };
    Ok(EngineSpec::Piper(PiperSpec {
        model,
        config,
        speaker,
        onnxruntime: p.onnxruntime.map(|r| base.join(r)),
    }))
}

/// A command voice from its table; the error is about the table's settings.
fn command_spec(c: CommandTable) -> Result<EngineSpec, String> {
    let output = match c.output.as_deref() {
        None | Some("file") => OutputMode::File,
        Some("stdout") => OutputMode::Stdout,
        Some(other) => {
            return Err(format!(
                "output = {other:?} is not known: use \"file\" or \"stdout\""
            ))
        }
    };
    if output == OutputMode::File && !c.args.iter().any(|a| a.contains("{output}")) {
        return Err("output = \"file\" needs {output} in args (or use output = \"stdout\")".into());
    }
    let timeout = c.timeout_secs.unwrap_or(30.0);
    if !(timeout > 0.0 && timeout <= 3600.0) {
        return Err("timeout_secs must be more than 0 and at most 3600 (seconds)".into());
    }
    let ext = c
        .format
        .unwrap_or_else(|| "wav".to_string())
        .to_ascii_lowercase();
    if !["wav", "mp3", "ogg", "flac"].contains(&ext.as_str()) {
        return Err(format!(
            "format = {ext:?} is not known: use \"wav\", \"mp3\", \"ogg\" or \"flac\""
        ));
    }
    Ok(EngineSpec::Command(CommandSpec {
        program: c.program,
        args: c.args,
        output,
        timeout: Duration::from_secs_f64(timeout),
        sample_rate: c.sample_rate.unwrap_or(22_050).clamp(8_000, 192_000),
        output_extension: ext,
    }))
}

impl Voice {
    /// `Ok` when this voice can speak on this machine, else why not ("flite not installed").
    pub fn check(&self) -> Result<(), String> {
        match &self.engine {
            EngineSpec::Espeak { voice } => {
                espeak::check_library()?;
                EspeakSynth::new(voice)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
            EngineSpec::Command(spec) => CommandSynth::check(spec),
            EngineSpec::Piper(spec) => piper::check(spec).map_err(|e| e.to_string()),
            EngineSpec::Kokoro(spec) => kokoro::check(spec).map_err(|e| e.to_string()),
            EngineSpec::Tone => Ok(()),
            EngineSpec::System { .. } => system_check(),
            EngineSpec::Unsupported { engine } => Err(format!("unsupported engine {engine:?}")),
        }
    }

    /// True for voices that play their own audio (see [`Voice::speaking`]): they cannot export.
    pub fn speaks_itself(&self) -> bool {
        matches!(self.engine, EngineSpec::System { .. })
    }

    /// The engine of a voice that [speaks by itself](Voice::speaks_itself).
    pub fn speaking(&self) -> Result<Box<dyn SelfVoiced>, VoiceError> {
        let unavailable = |reason: String| VoiceError::Unavailable {
            name: self.name.clone(),
            reason,
        };
        match &self.engine {
            #[cfg(feature = "system-voice")]
            EngineSpec::System { voice } => crate::synth::system::SystemSpeaker::open(voice)
                .map(|s| Box::new(s) as Box<dyn SelfVoiced>)
                .map_err(|e| unavailable(e.to_string())),
            #[cfg(not(feature = "system-voice"))]
            EngineSpec::System { .. } => Err(unavailable(NO_SYSTEM_FEATURE.into())),
            _ => Err(unavailable(
                "it returns audio rather than speaking by itself".into(),
            )),
        }
    }

    /// A synthesizer for this voice.
    pub fn synthesizer(&self) -> Result<Box<dyn Synthesizer>, VoiceError> {
        let unavailable = |reason: String| VoiceError::Unavailable {
            name: self.name.clone(),
            reason,
        };
        match &self.engine {
            EngineSpec::Espeak { voice } => EspeakSynth::new(voice)
                .map(|s| Box::new(s) as Box<dyn Synthesizer>)
                .map_err(|e: SynthError| unavailable(e.to_string())),
            EngineSpec::Command(spec) => {
                CommandSynth::check(spec).map_err(|r| {
                    unavailable(format!(
                        "{r}: install it or pick another voice with --voice"
                    ))
                })?;
                Ok(Box::new(CommandSynth::new(spec.clone())))
            }
            EngineSpec::Piper(spec) => {
                piper_synthesizer(spec).map_err(|e| unavailable(e.to_string()))
            }
            EngineSpec::Kokoro(spec) => {
                kokoro_synthesizer(spec).map_err(|e| unavailable(e.to_string()))
            }
            EngineSpec::Tone => Ok(Box::new(ToneSynth::new())),
            EngineSpec::System { .. } => Err(unavailable(
                "it speaks through the operating system and returns no audio: listen to it with \
                 `aloud listen` or `aloud say` without -o"
                    .into(),
            )),
            EngineSpec::Unsupported { engine } => Err(unavailable(format!(
                "this aloud cannot run the {engine:?} engine yet: pick another voice with --voice"
            ))),
        }
    }

    /// This voice's settings with the user's overrides applied.
    pub fn settings_with(&self, rate_wpm: Option<u32>, pitch: Option<u8>) -> VoiceSettings {
        VoiceSettings {
            rate_wpm: rate_wpm.unwrap_or(self.settings.rate_wpm),
            pitch: pitch.unwrap_or(self.settings.pitch),
            volume: self.settings.volume,
        }
    }

    /// True for engines whose state is per process (espeak-ng): parallel work needs processes,
    /// and exports speak through fresh-state worker processes
    /// ([`crate::synth::worker::Mode::FreshPerUtterance`]) with their own cache identity
    /// ([`crate::cache::export_voice_key`]).
    pub fn needs_worker_processes(&self) -> bool {
        matches!(self.engine, EngineSpec::Espeak { .. })
    }
}

#[cfg(feature = "neural")]
fn piper_synthesizer(spec: &PiperSpec) -> Result<Box<dyn Synthesizer>, piper::PiperError> {
    piper::PiperSynth::new(spec).map(|s| Box::new(s) as Box<dyn Synthesizer>)
}

#[cfg(not(feature = "neural"))]
fn piper_synthesizer(spec: &PiperSpec) -> Result<Box<dyn Synthesizer>, piper::PiperError> {
    let _ = spec;
    Err(piper::PiperError::NotBuilt)
}

#[cfg(feature = "neural")]
fn kokoro_synthesizer(spec: &KokoroSpec) -> Result<Box<dyn Synthesizer>, kokoro::KokoroError> {
    kokoro::KokoroSynth::new(spec).map(|s| Box::new(s) as Box<dyn Synthesizer>)
}

#[cfg(not(feature = "neural"))]
fn kokoro_synthesizer(spec: &KokoroSpec) -> Result<Box<dyn Synthesizer>, kokoro::KokoroError> {
    let _ = spec;
    Err(kokoro::KokoroError::NotBuilt)
}

/// Why system voices cannot run in a build without the feature.
pub const NO_SYSTEM_FEATURE: &str = "built without the system-voice feature: rebuild with \
                                     `cargo build --features system-voice` (see the README)";

#[cfg(feature = "system-voice")]
fn system_check() -> Result<(), String> {
    // Connecting is the only way to know a speech service answers (speech-dispatcher starts
    // on the first connection).
    crate::synth::system::system_voices()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(not(feature = "system-voice"))]
fn system_check() -> Result<(), String> {
    Err("built without the system-voice feature".into())
}

/// All voices known here, plus the files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Voices sorted by name.
    pub voices: Vec<Voice>,
    /// Voice files that were skipped.
    pub problems: Vec<VoiceFileError>,
}

/// `$XDG_DATA_HOME/aloud/voices` (or the platform's equivalent).
pub fn user_voice_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "aloud").map(|d| d.data_dir().join("voices"))
}

/// The voice aloud speaks with when none is named, and why.
#[derive(Debug, Clone)]
pub struct DefaultVoice<'a> {
    /// The voice.
    pub voice: &'a Voice,
    /// Why it was chosen, for `aloud voices`.
    pub reason: &'static str,
    /// Better voices that are installed but cannot run here: name and why.
    pub passed_over: Vec<(String, String)>,
}

impl Catalog {
    /// The shipped voices, the Kokoro pack and the voice files of the user's data folder.
    pub fn load() -> Catalog {
        Catalog::load_from_data(crate::dirs::data_dir().as_deref())
    }

    /// The shipped voices plus those installed under the data folder `data` (`voices/*.toml`
    /// and the Kokoro pack in `kokoro/`).
    pub fn load_from_data(data: Option<&Path>) -> Catalog {
        let pack = data.and_then(|d| kokoro_pack::installed(&d.join(kokoro_pack::DIR)));
        Catalog::load_with(data.map(|d| d.join("voices")).as_deref(), pack)
    }

    /// The shipped voices plus the `*.toml` files in `user_dir` (which need not exist).
    pub fn load_from(user_dir: Option<&Path>) -> Catalog {
        Catalog::load_with(user_dir, None)
    }

    /// The shipped voices, then `pack`'s voices, then the files in `user_dir`; a later one wins
    /// on a name clash.
    fn load_with(user_dir: Option<&Path>, pack: Option<kokoro_pack::Pack>) -> Catalog {
        let mut cat = Catalog::default();
        for (file, text) in SHIPPED {
            let path = format!("(built in) voices/{file}");
            match parse_voice(text, &path, Origin::Shipped(file.to_string())) {
                Ok(v) => cat.add(v),
                Err(e) => cat.problems.push(e),
            }
        }
        for v in pack.iter().flat_map(kokoro_pack::Pack::catalog_voices) {
            cat.add(v);
        }
        if let Some(dir) = user_dir {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect(),
                Err(_) => Vec::new(),
            };
            files.sort();
            for path in files {
                let shown = path.display().to_string();
                let result = std::fs::read_to_string(&path)
                    .map_err(|e| VoiceFileError {
                        path: shown.clone(),
                        line: 1,
                        message: format!("cannot read: {e}"),
                    })
                    .and_then(|text| parse_voice(&text, &shown, Origin::File(path.clone())));
                match result {
                    Ok(v) => cat.add(v),
                    Err(e) => cat.problems.push(e),
                }
            }
        }
        cat.voices.sort_by(|a, b| a.name.cmp(&b.name));
        cat
    }

    /// Whether a neural voice (Kokoro or Piper) is installed, runnable here or not.
    pub fn has_neural_voice(&self) -> bool {
        self.voices
            .iter()
            .any(|v| matches!(v.engine, EngineSpec::Kokoro(_) | EngineSpec::Piper(_)))
    }

    /// The voice to speak with when none is named: the best installed one that can run here.
    /// Kokoro's `af_heart` (or another voice of the pack) first, then a Piper voice, then the
    /// built-in espeak-ng. Installed voices that were passed over because they cannot run are
    /// listed with the reason, so that the caller can say so.
    pub fn best(&self) -> DefaultVoice<'_> {
        let mut passed_over = Vec::new();
        let pack_rank = |v: &Voice| {
            kokoro::catalog::ENGLISH
                .iter()
                .position(|k| k.name == v.name)
                .unwrap_or(usize::MAX)
        };
        let mut kokoro: Vec<&Voice> = self
            .voices
            .iter()
            .filter(|v| matches!(v.engine, EngineSpec::Kokoro(_)))
            .collect();
        // The pack's voices best first, then voice files of the user's own.
        kokoro.sort_by_key(|v| (pack_rank(v), v.name.clone()));
        let mut piper: Vec<&Voice> = self
            .voices
            .iter()
            .filter(|v| matches!(v.engine, EngineSpec::Piper(_)))
            .collect();
        // American English first, as the built-in default is.
        piper.sort_by_key(|v| (v.language != "en-US", v.name.clone()));
        for (group, reason) in [
            (kokoro, "the best installed voice (Kokoro)"),
            (piper, "the best installed voice (Piper)"),
        ] {
            // One check per group: the voices of a group share their model and runtime.
            if let Some(first) = group.first() {
                match first.check() {
                    Ok(()) => {
                        return DefaultVoice {
                            voice: first,
                            reason,
                            passed_over,
                        }
                    }
                    Err(why) => passed_over.push((first.name.clone(), why)),
                }
            }
        }
        let voice = self
            .voices
            .iter()
            .find(|v| v.name == DEFAULT_VOICE)
            .or_else(|| self.voices.first())
            .expect("the shipped voices are never empty");
        DefaultVoice {
            voice,
            reason: "built in (install a natural voice with `aloud voices install kokoro`)",
            passed_over,
        }
    }

    fn add(&mut self, voice: Voice) {
        match self.voices.iter_mut().find(|v| v.name == voice.name) {
            Some(old) => *old = voice,
            None => self.voices.push(voice),
        }
    }

    /// Refuses a voice that cannot export, naming the catalog's voices that can.
    pub fn check_exports(&self, voice: &Voice) -> Result<(), VoiceError> {
        if !voice.speaks_itself() {
            return Ok(());
        }
        let names: Vec<&str> = self
            .voices
            .iter()
            .filter(|v| !v.speaks_itself() && !matches!(v.engine, EngineSpec::Unsupported { .. }))
            .filter(|v| v.engine != EngineSpec::Tone)
            .map(|v| v.name.as_str())
            .collect();
        Err(VoiceError::CannotExport {
            name: voice.name.clone(),
            exporters: format!("--voice {}", names.join(", ")),
        })
    }

    /// The voice called `name`, or the [default voice](Catalog::best) for `None`.
    pub fn get(&self, name: Option<&str>) -> Result<&Voice, VoiceError> {
        let Some(name) = name else {
            return Ok(self.best().voice);
        };
        self.voices
            .iter()
            .find(|v| v.name == name)
            .ok_or_else(|| VoiceError::Unknown {
                name: name.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_voice_file_parses() {
        for (file, text) in SHIPPED {
            let v = parse_voice(text, file, Origin::Shipped(file.to_string()))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format!("{}.toml", v.name), *file);
            assert!(!matches!(v.engine, EngineSpec::Unsupported { .. }));
        }
    }

    #[test]
    fn every_file_in_the_voices_folder_is_shipped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("voices");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = SHIPPED.iter().map(|(f, _)| f.to_string()).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped);
    }

    #[test]
    fn the_default_voice_is_espeak_en_us() {
        let cat = Catalog::load_from(None);
        assert!(cat.problems.is_empty());
        let v = cat.get(None).unwrap();
        assert_eq!(v.name, "en-us");
        assert_eq!(
            v.engine,
            EngineSpec::Espeak {
                voice: "en-us".into()
            }
        );
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let text = "name = \"x\"\nlanguage = \"en\"\nengine = espeak\n";
        let err = parse_voice(text, "my.toml", Origin::File("my.toml".into())).unwrap_err();
        assert_eq!((err.path.as_str(), err.line), ("my.toml", 3));
        assert!(err.to_string().starts_with("my.toml:3: "), "{err}");
    }

    #[test]
    fn an_out_of_range_pitch_points_at_its_line() {
        let text = "name = \"x\"\nlanguage = \"en\"\nengine = \"espeak\"\npitch = 150\n";
        let err = parse_voice(text, "p.toml", Origin::File("p.toml".into())).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("0 to 100"));
    }

    #[test]
    fn an_unknown_engine_is_listed_as_unsupported() {
        let text = "name = \"neural\"\nlanguage = \"en-US\"\nengine = \"festival-server\"\n";
        let v = parse_voice(text, "n.toml", Origin::File("n.toml".into())).unwrap();
        assert_eq!(
            v.check().unwrap_err(),
            "unsupported engine \"festival-server\""
        );
        assert!(v.synthesizer().is_err());
    }

    #[test]
    fn a_file_voice_without_output_placeholder_is_rejected() {
        let text = "name = \"c\"\nlanguage = \"en\"\nengine = \"command\"\n[command]\nprogram = \"x\"\nargs = [\"{text}\"]\n";
        let err = parse_voice(text, "c.toml", Origin::File("c.toml".into())).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("{output}"));
    }

    /// The error of the voice file `v.toml` holding `text`, as the user reads it.
    fn error_of(text: &str) -> String {
        parse_voice(text, "v.toml", Origin::File("v.toml".into()))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_table_of_another_engine_is_checked_and_otherwise_unused() {
        let head = "name = \"x\"\nlanguage = \"en-US\"\nengine = \"espeak\"\n";
        let text = format!("{head}[piper]\nmodel = \"m.onnx\"\n");
        let v = parse_voice(&text, "x.toml", Origin::File("x.toml".into())).unwrap();
        assert_eq!(
            v.engine,
            EngineSpec::Espeak {
                voice: "en-us".into()
            }
        );
        assert_eq!(
            error_of(&format!("{head}[piper]\nmodle = \"m.onnx\"\n")),
            "v.toml:5: unknown field `modle`, expected one of `model`, `config`, `speaker`, `onnxruntime`"
        );
    }

    #[test]
    fn each_engine_reads_the_table_of_its_name() {
        let tables = [
            ("espeak", "voice = \"en-gb\"\n"),
            ("piper", "model = \"m.onnx\"\n"),
            ("kokoro", "model = \"k.onnx\"\nstyle = \"s.bin\"\n"),
            ("system", "voice = \"Alex\"\n"),
            ("command", "program = \"say\"\noutput = \"stdout\"\n"),
        ];
        assert_eq!(tables.map(|(engine, _)| engine), EngineTable::TABLES);
        for (engine, table) in tables {
            let head = format!("name = \"x\"\nlanguage = \"en-US\"\nengine = \"{engine}\"\n");
            let v = parse_voice(
                &format!("{head}[{engine}]\n{table}"),
                "v.toml",
                Origin::Shipped("v.toml".into()),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(v.engine.name(), engine);
            let err = error_of(&format!("{head}[{engine}]\n{table}bogus = 1\n"));
            // On the line after the table's own: the names it lists differ by engine.
            let line = 5 + table.lines().count();
            let want = format!("v.toml:{line}: unknown field `bogus`, expected ");
            assert!(err.starts_with(&want), "{err}");
        }
    }

    #[test]
    fn a_mistake_in_the_engine_table_points_at_its_line() {
        let head = "name = \"x\"\nlanguage = \"en-US\"\n";
        assert_eq!(
            error_of(&format!("{head}engine = \"command\"\n[command]\nprogram = \"say\"\nargs = [\"{{output}}\"]\ntimeout_secs = \"long\"\n")),
            "v.toml:7: invalid type: string \"long\", expected f64"
        );
        assert_eq!(
            error_of(&format!("{head}engine = \"piper\"\n")),
            "v.toml:3: a piper voice needs a [piper] table with `model = \"NAME.onnx\"`"
        );
    }

    #[test]
    fn relative_paths_are_relative_to_the_voice_file() {
        let text = "name = \"joe\"\nlanguage = \"en-US\"\nengine = \"piper\"\n[piper]\nmodel = \"joe.onnx\"\nspeaker = 3\n";
        let v = parse_voice(text, "v", Origin::File("/data/voices/joe.toml".into())).unwrap();
        let EngineSpec::Piper(p) = v.engine else {
            panic!("{:?}", v.engine)
        };
        assert_eq!(p.model, Path::new("/data/voices/joe.onnx"));
        assert_eq!(p.config, Path::new("/data/voices/joe.onnx.json"));
        assert_eq!(p.speaker.as_deref(), Some("3"));
    }

    #[test]
    fn user_voices_win_and_broken_files_do_not_hide_the_others() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("en-us.toml"),
            "name = \"en-us\"\nlanguage = \"en-US\"\nengine = \"tone\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.toml"), "name = [\n").unwrap();
        let cat = Catalog::load_from(Some(dir.path()));
        assert_eq!(cat.get(Some("en-us")).unwrap().engine, EngineSpec::Tone);
        assert!(cat.get(Some("en-gb")).is_ok());
        assert_eq!(cat.problems.len(), 1);
        assert!(cat.problems[0].path.ends_with("broken.toml"));
    }

    #[test]
    fn the_system_voice_cannot_export_and_the_refusal_names_voices_that_can() {
        let cat = Catalog::load_from(None);
        let v = cat.get(Some("system")).unwrap();
        assert_eq!(
            v.engine,
            EngineSpec::System {
                voice: "default".into()
            }
        );
        assert!(v.synthesizer().is_err());
        let msg = cat.check_exports(v).unwrap_err().to_string();
        assert!(msg.contains("en-us") && msg.contains("flite"), "{msg}");
        assert!(!msg.contains("system,"), "{msg}");
        assert!(cat.check_exports(cat.get(None).unwrap()).is_ok());
    }

    #[cfg(not(feature = "system-voice"))]
    #[test]
    fn without_the_feature_the_system_voice_says_how_to_get_it() {
        let cat = Catalog::load_from(None);
        let v = cat.get(Some("system")).unwrap();
        assert_eq!(
            v.check().unwrap_err(),
            "built without the system-voice feature"
        );
        let err = v
            .speaking()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("system-voice feature"), "{err}");
    }

    #[test]
    fn overrides_replace_rate_and_pitch_only() {
        let cat = Catalog::load_from(None);
        let v = cat.get(Some("en-us-slow")).unwrap();
        let s = v.settings_with(Some(200), None);
        assert_eq!((s.rate_wpm, s.pitch), (200, v.settings.pitch));
    }
}
