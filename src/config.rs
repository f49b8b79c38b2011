//! The listener's defaults, set once in `$XDG_CONFIG_HOME/aloud/config.toml`:
//!
//! ```toml
//! voice = "af_heart"   # see `aloud voices`; default: the best installed voice
//! speed = 1.25         # 0.5–3, when the article has no speed of its own saved
//! rate = 180           # words per minute, 40–800 (the voice's own when not set)
//! pitch = 50           # 0–100
//! volume = 1.0         # 0–2
//! tips = true          # one-line tips, such as how to get a natural voice (at most daily)
//! onnxruntime = "/opt/onnxruntime/lib/libonnxruntime.so"   # for the neural voices
//!
//! [export]
//! format = "mp3"       # when the output's name does not say: mp3, ogg, flac, wav, m4b
//! bitrate = 64         # kbit/s for MP3 and AAC, 8–320
//!
//! [pauses]             # milliseconds at 175 words a minute (scaled with the voice's rate),
//! clause = 150         # 0–10000; listening and export use the same
//! sentence = 350
//! paragraph = 600
//! heading = 800
//! section = 1200
//! ```
//!
//! A command-line option wins over the file. A file that does not parse, a key aloud does not
//! know, or a value out of range is reported as `path:line: what is wrong` and stops the
//! command, so that a typo is never silently ignored. A missing file is no error. The table
//! `[piper] onnxruntime = "..."` of earlier versions is still read.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The defaults from the config file (every field unset when there is none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file read, if there was one.
    pub path: Option<PathBuf>,
    /// The voice to speak with.
    pub voice: Option<String>,
    /// The listening speed.
    pub speed: Option<f32>,
    /// The speaking rate in words per minute.
    pub rate: Option<u32>,
    /// The pitch, 0–100.
    pub pitch: Option<u8>,
    /// The volume, 0–2.
    pub volume: Option<f32>,
    /// Whether to show tips (true when not set).
    pub tips: Option<bool>,
    /// The ONNX Runtime library for the neural voices.
    pub onnxruntime: Option<PathBuf>,
    /// Export defaults.
    pub export: ExportDefaults,
    /// The length of each kind of pause.
    pub pauses: crate::segment::PauseLengths,
    /// The file's text, for line numbers in later messages.
    text: String,
}

/// The `[export]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDefaults {
    /// The format when the output's name does not say.
    pub format: Option<String>,
    /// The MP3/AAC bitrate in kbit/s.
    pub bitrate: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    voice: Option<String>,
    speed: Option<f32>,
    rate: Option<u32>,
    pitch: Option<u8>,
    volume: Option<f32>,
    tips: Option<bool>,
    onnxruntime: Option<PathBuf>,
    #[serde(default)]
    export: ExportDefaults,
    #[serde(default)]
    pauses: crate::segment::PauseLengths,
    piper: Option<PiperTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PiperTable {
    onnxruntime: Option<PathBuf>,
}

/// A config file that cannot be used: where, and what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct ConfigError {
    /// The file.
    pub path: String,
    /// The line (1-based).
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// `$XDG_CONFIG_HOME/aloud/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    crate::dirs::config_dir().map(|d| d.join("config.toml"))
}

/// The formats `[export] format` may name.
pub const EXPORT_FORMATS: &[&str] = &["mp3", "ogg", "flac", "wav", "m4b", "m4a"];

/// The 1-based line where `key = ...` is set in `text`, or 1.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// What to say of `key` given a value of the wrong type (`serde` says only "invalid type: …,
/// expected f32"): the kind of value it takes and an example line.
fn wrong_type(key: &str, serde_message: &str) -> String {
    let example = match key {
        "voice" => "voice = \"en-us\"",
        "speed" => "speed = 1.25",
        "rate" => "rate = 180",
        "pitch" => "pitch = 50",
        "volume" => "volume = 1.0",
        "tips" => "tips = false",
        "onnxruntime" => "onnxruntime = \"/opt/onnxruntime/lib/libonnxruntime.so\"",
        "format" => "format = \"mp3\"",
        "bitrate" => "bitrate = 64",
        "clause" | "sentence" | "paragraph" | "heading" | "section" => {
            return format!(
                "{key} takes a whole number of milliseconds: write it like {key} = 350"
            );
        }
        _ => return serde_message.to_string(),
    };
    let kind = if example.contains('"') {
        "text in quotes"
    } else if example.ends_with("true") || example.ends_with("false") {
        "true or false"
    } else if example.contains('.') {
        "a number"
    } else {
        "a whole number"
    };
    let given = serde_message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split(", expected").next())
        .unwrap_or("another kind of value");
    format!("{key} takes {kind}, not {given}: write it like {example}")
}

impl Config {
    /// Reads the default config file; no file gives the empty config.
    pub fn load() -> Result<Config, ConfigError> {
        match default_path() {
            Some(p) => Config::load_from(&p),
            None => Ok(Config::default()),
        }
    }

    /// Reads `path`; a missing file gives the empty config.
    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError {
                path: path.display().to_string(),
                line: 1,
                message: format!("cannot read it: {e}"),
            }),
        }
    }

    /// Parses and checks a config file's `text`; `path` is for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let err = |line: usize, message: String| ConfigError {
            path: shown.clone(),
            line,
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            let mut message = e.message().trim().to_string();
            if message.starts_with("invalid type") {
                // "invalid type: string \"fast\", expected f32" names neither the key nor the fix.
                let key = text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.split_once('='))
                    .map(|(k, _)| k.trim().trim_matches('"'))
                    .filter(|k| !k.is_empty());
                if let Some(key) = key {
                    message = wrong_type(key, &message);
                }
            }
            if message.starts_with("unknown field") {
                message.push_str(
                    " (the keys are voice, speed, rate, pitch, volume, tips, onnxruntime and \
                     [export] format, bitrate and [pauses] clause, sentence, paragraph, heading, section)",
                );
            }
            err(line, message)
        })?;
        let range = |key: &str, ok: bool, what: String| {
            if ok {
                Ok(())
            } else {
                Err(err(line_of_key(text, key), what))
            }
        };
        if let Some(s) = file.speed {
            range(
                "speed",
                (0.5..=3.0).contains(&s),
                format!("speed {s} is out of range: give 0.5 to 3"),
            )?;
        }
        if let Some(r) = file.rate {
            range(
                "rate",
                (40..=800).contains(&r),
                format!("rate {r} is out of range: give 40 to 800 words per minute"),
            )?;
        }
        if let Some(p) = file.pitch {
            range(
                "pitch",
                p <= 100,
                format!("pitch {p} is out of range: give 0 to 100"),
            )?;
        }
        if let Some(v) = file.volume {
            range(
                "volume",
                (0.0..=2.0).contains(&v),
                format!("volume {v} is out of range: give 0.0 to 2.0"),
            )?;
        }
        if let Some(v) = &file.voice {
            range(
                "voice",
                !v.trim().is_empty(),
                "voice is empty: name a voice from `aloud voices`, or remove the line".into(),
            )?;
        }
        if let Some(f) = &file.export.format {
            range(
                "format",
                EXPORT_FORMATS.contains(&f.to_ascii_lowercase().as_str()),
                format!(
                    "format {f:?} is not known: use one of {}",
                    EXPORT_FORMATS.join(", ")
                ),
            )?;
        }
        if let Some(b) = file.export.bitrate {
            range(
                "bitrate",
                (8..=320).contains(&b),
                format!("bitrate {b} is out of range: give 8 to 320 kbit/s"),
            )?;
        }
        for (key, millis) in file.pauses.named() {
            range(
                key,
                millis <= crate::segment::PauseLengths::MAX,
                format!("the {key} pause of {millis} ms is too long: give 0 to 10000 milliseconds"),
            )?;
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            voice: file.voice,
            speed: file.speed,
            rate: file.rate,
            pitch: file.pitch,
            volume: file.volume,
            tips: file.tips,
            onnxruntime: file
                .onnxruntime
                .or_else(|| file.piper.and_then(|p| p.onnxruntime)),
            export: file.export,
            pauses: file.pauses,
            text: text.to_string(),
        })
    }

    /// `path:line` of `key` in the file, for messages about a value that turned out unusable
    /// later (a voice that does not exist).
    pub fn location(&self, key: &str) -> String {
        match &self.path {
            Some(p) => format!("{}:{}", p.display(), line_of_key(&self.text, key)),
            None => "config.toml".into(),
        }
    }

    /// Whether tips may be shown.
    pub fn tips(&self) -> bool {
        self.tips.unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/c/config.toml"))
    }

    #[test]
    fn a_value_of_the_wrong_kind_names_its_key_and_how_to_write_it() {
        let e = parse("speed = \"fast\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(
            e.message,
            "speed takes a number, not string \"fast\": write it like speed = 1.25"
        );
        let e = parse("tips = true\nvoice = 3\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(
            e.message,
            "voice takes text in quotes, not integer `3`: write it like voice = \"en-us\""
        );
        let e = parse("[export]\nbitrate = \"high\"\n").unwrap_err();
        assert!(
            e.message.starts_with("bitrate takes a whole number"),
            "{}",
            e.message
        );
        let e = parse("[pauses]\nsentence = 0.5\n").unwrap_err();
        assert!(e.message.contains("sentence = 350"), "{}", e.message);
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            "voice = \"af_heart\"\nspeed = 1.5\nrate = 190\npitch = 40\nvolume = 0.8\ntips = false\n\
             onnxruntime = \"/x/libonnxruntime.so\"\n[export]\nformat = \"ogg\"\nbitrate = 96\n",
        )
        .unwrap();
        assert_eq!(c.voice.as_deref(), Some("af_heart"));
        assert_eq!((c.speed, c.rate, c.pitch), (Some(1.5), Some(190), Some(40)));
        assert_eq!(c.volume, Some(0.8));
        assert!(!c.tips());
        assert_eq!(c.export.format.as_deref(), Some("ogg"));
        assert_eq!(c.export.bitrate, Some(96));
        assert_eq!(c.location("rate"), "/c/config.toml:3");
    }

    #[test]
    fn out_of_range_values_name_their_line_and_the_range() {
        let e = parse("voice = \"x\"\n\nspeed = 9\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/c/config.toml:3: speed 9 is out of range: give 0.5 to 3"
        );
        let e = parse("[export]\nbitrate = 999\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn a_typo_in_a_key_is_an_error_naming_the_keys() {
        let e = parse("voice = \"x\"\nsped = 1.2\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("sped"), "{e}");
        assert!(e.message.contains("the keys are voice, speed"), "{e}");
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let e = parse("voice = \"x\"\nrate = fast\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn the_piper_table_of_earlier_versions_still_sets_the_runtime() {
        let c = parse("[piper]\nonnxruntime = \"/o/lib.so\"\n").unwrap();
        assert_eq!(c.onnxruntime, Some(PathBuf::from("/o/lib.so")));
    }

    #[test]
    fn a_missing_file_is_the_empty_config() {
        let c = Config::load_from(Path::new("/nonexistent/aloud/config.toml")).unwrap();
        assert_eq!(c, Config::default());
    }
}
