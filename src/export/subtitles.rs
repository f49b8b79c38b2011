//! Subtitles for an export: one cue per spoken utterance, from the exact first to the exact last
//! sample of its speech, with the text as written — as WebVTT (`.vtt`) or SubRip (`.srt`). Any
//! player can then show the text and skip sentence by sentence. Skipped utterances get no cue.

use std::fmt::Write as _;
use std::path::Path;

use super::chapters::hms_millis;
use super::{ExportError, ExportReport};
use crate::segment::Script;

/// Subtitle formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubtitleFormat {
    /// WebVTT.
    Vtt,
    /// SubRip.
    Srt,
}

impl SubtitleFormat {
    /// The format a file name asks for.
    pub fn from_path(path: &Path) -> Result<SubtitleFormat, ExportError> {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("vtt") => Ok(SubtitleFormat::Vtt),
            Some("srt") => Ok(SubtitleFormat::Srt),
            _ => Err(ExportError::BadOption(format!(
                "cannot tell the subtitle format from {:?}: name it *.vtt or *.srt",
                path.display().to_string()
            ))),
        }
    }
}

/// The subtitles of an export of `script` that produced `report`.
pub fn render(script: &Script, report: &ExportReport, format: SubtitleFormat) -> String {
    let rate = report.sample_rate.max(1) as u64;
    let ms = |s: u64| s * 1000 / rate;
    let (sep, mut out) = match format {
        SubtitleFormat::Vtt => ('.', String::from("WEBVTT\n")),
        SubtitleFormat::Srt => (',', String::new()),
    };
    for (n, span) in report.utterances.iter().enumerate() {
        let Some(u) = script
            .sections
            .get(span.section)
            .and_then(|s| s.utterances.get(span.index))
        else {
            continue;
        };
        let text = u.text.replace("-->", "->");
        match format {
            SubtitleFormat::Vtt => out.push('\n'),
            SubtitleFormat::Srt => {
                if n > 0 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", n + 1);
            }
        }
        let _ = writeln!(
            out,
            "{} --> {}\n{}",
            hms_millis(ms(span.start), sep),
            hms_millis(ms(span.end), sep),
            text
        );
    }
    out
}

/// Writes the subtitles to `path` (format from its extension), atomically.
pub fn write(path: &Path, script: &Script, report: &ExportReport) -> Result<(), ExportError> {
    let format = SubtitleFormat::from_path(path)?;
    super::output::write_atomically(path, render(script, report, format).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::UtteranceSpan;
    use crate::segment::{Pause, ScriptSection, Utterance, UtteranceKind};

    fn fixture() -> (Script, ExportReport) {
        let u = |t: &str| Utterance {
            text: t.into(),
            spoken: t.into(),
            kind: UtteranceKind::Sentence,
            pause: Pause::Sentence,
        };
        let script = Script {
            title: None,
            byline: None,
            sections: vec![ScriptSection {
                title: None,
                utterances: vec![u("First one."), u("Then --> two.")],
            }],
        };
        let report = ExportReport {
            sample_rate: 1000,
            samples: 5000,
            sections: vec![],
            spoken: 2,
            skipped: 0,
            utterances: vec![
                UtteranceSpan {
                    section: 0,
                    index: 0,
                    start: 0,
                    end: 1500,
                },
                UtteranceSpan {
                    section: 0,
                    index: 1,
                    start: 1850,
                    end: 64_001,
                },
            ],
        };
        (script, report)
    }

    #[test]
    fn vtt_has_one_cue_per_utterance_with_exact_times() {
        let (s, r) = fixture();
        assert_eq!(
            render(&s, &r, SubtitleFormat::Vtt),
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nFirst one.\n\n00:00:01.850 --> 00:01:04.001\nThen -> two.\n"
        );
    }

    #[test]
    fn srt_numbers_cues_and_uses_commas() {
        let (s, r) = fixture();
        assert_eq!(
            render(&s, &r, SubtitleFormat::Srt),
            "1\n00:00:00,000 --> 00:00:01,500\nFirst one.\n\n2\n00:00:01,850 --> 00:01:04,001\nThen -> two.\n"
        );
    }
}
