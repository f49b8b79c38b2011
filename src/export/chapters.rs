//! Chapters and tags of an export: one [`Chapter`] per section, titled with its heading (the lead
//! takes the article title), the [`Tags`] every format that has them carries, and the chapter
//! list as a side file ([`write_chapter_file`]: JSON, CUE sheet or ffmpeg's `;FFMETADATA1`).
//!
//! [`ChapterMarks`] is what encoders use to collect section starts while audio streams through
//! them. Reading chapters back out of audio files is [`crate::media::chapters`]'s job.

use std::fmt::Write as _;
use std::path::Path;

use super::ExportError;
pub use crate::media::chapters::{hms_millis, parse_hms_millis, Chapter, Tags};
use crate::segment::Script;

/// The chapter title of every section of `script`: its heading, the article title for a lead
/// (or "Start" when the article has no title either).
pub fn chapter_titles(script: &Script) -> Vec<String> {
    script
        .sections
        .iter()
        .map(|s| {
            s.title
                .clone()
                .or_else(|| script.title.clone())
                .unwrap_or_else(|| "Start".to_string())
        })
        .collect()
}

/// Section starts collected while an encoder streams, turned into [`Chapter`]s at the end.
#[derive(Debug, Clone, Default)]
pub struct ChapterMarks {
    titles: Vec<String>,
    starts: Vec<(usize, u64)>,
}

impl ChapterMarks {
    /// Marks for sections titled `titles` (indexed by section).
    pub fn new(titles: Vec<String>) -> ChapterMarks {
        ChapterMarks {
            titles,
            starts: Vec::new(),
        }
    }

    /// The planned titles, in section order.
    pub fn titles(&self) -> &[String] {
        &self.titles
    }

    /// Section `index` starts at sample `at`.
    pub fn mark(&mut self, index: usize, at: u64) {
        self.starts.push((index, at));
    }

    /// The chapters of a file of `total` samples at `rate`, in order. A section that got no
    /// audio (every utterance skipped) still gets its chapter, zero-length.
    pub fn chapters(&self, total: u64, rate: u32) -> Vec<Chapter> {
        let ms = |s: u64| s * 1000 / rate.max(1) as u64;
        let mut out = Vec::with_capacity(self.starts.len());
        for (k, (index, start)) in self.starts.iter().enumerate() {
            let end = self.starts.get(k + 1).map_or(total, |(_, s)| *s);
            let title = self
                .titles
                .get(*index)
                .cloned()
                .unwrap_or_else(|| format!("Section {}", index + 1));
            out.push(Chapter {
                title,
                start_ms: ms(*start),
                end_ms: ms(end),
            });
        }
        out
    }
}

/// Kinds of chapter side file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterFileKind {
    /// `[{"title", "start_ms", "end_ms"}]` plus the file name.
    Json,
    /// A CUE sheet with one TRACK per chapter (`INDEX 01 MM:SS:FF`, 75 frames a second).
    Cue,
    /// ffmpeg's metadata file (`;FFMETADATA1` with `[CHAPTER]` blocks).
    FfMetadata,
}

impl ChapterFileKind {
    /// The kind a file name asks for: `.json`, `.cue`, or `.txt`/`.ffmeta`/`.ffmetadata`/`.meta`.
    pub fn from_path(path: &Path) -> Result<ChapterFileKind, ExportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "json" => Ok(ChapterFileKind::Json),
            "cue" => Ok(ChapterFileKind::Cue),
            "txt" | "ffmeta" | "ffmetadata" | "meta" => Ok(ChapterFileKind::FfMetadata),
            _ => Err(ExportError::BadOption(format!(
                "cannot tell the chapter file format from {:?}: name it *.json, *.cue or *.ffmetadata",
                path.display().to_string()
            ))),
        }
    }
}

/// The chapter list of `audio_name` as a side file of `kind`.
pub fn render_chapter_file(
    kind: ChapterFileKind,
    chapters: &[Chapter],
    tags: &Tags,
    audio_name: &str,
) -> String {
    match kind {
        ChapterFileKind::Json => {
            let doc = serde_json::json!({
                "file": audio_name,
                "title": tags.title,
                "chapters": chapters,
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        ChapterFileKind::Cue => {
            let mut out = String::new();
            if let Some(artist) = &tags.artist {
                let _ = writeln!(out, "PERFORMER {}", cue_quote(artist));
            }
            if let Some(title) = &tags.title {
                let _ = writeln!(out, "TITLE {}", cue_quote(title));
            }
            let kind = match Path::new(audio_name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .as_deref()
            {
                Some("mp3") => "MP3",
                Some("wav") => "WAVE",
                _ => "BINARY",
            };
            let _ = writeln!(out, "FILE {} {kind}", cue_quote(audio_name));
            for (i, c) in chapters.iter().enumerate() {
                let frames = c.start_ms * 75 / 1000;
                let _ = writeln!(out, "  TRACK {:02} AUDIO", i + 1);
                let _ = writeln!(out, "    TITLE {}", cue_quote(&c.title));
                let _ = writeln!(
                    out,
                    "    INDEX 01 {:02}:{:02}:{:02}",
                    frames / 75 / 60,
                    frames / 75 % 60,
                    frames % 75
                );
            }
            out
        }
        ChapterFileKind::FfMetadata => ffmetadata(chapters, tags),
    }
}

fn cue_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "'"))
}

/// ffmpeg's `;FFMETADATA1` text for `chapters` (millisecond timebase) and `tags`.
pub fn ffmetadata(chapters: &[Chapter], tags: &Tags) -> String {
    fn esc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if matches!(c, '=' | ';' | '#' | '\\' | '\n') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }
    let mut out = String::from(";FFMETADATA1\n");
    for (key, value) in [
        ("title", &tags.title),
        ("artist", &tags.artist),
        ("album", &tags.album),
        ("date", &tags.date),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{key}={}", esc(v));
        }
    }
    if let Some((n, of)) = tags.track {
        let _ = writeln!(out, "track={n}/{of}");
    }
    for c in chapters {
        let _ = write!(
            out,
            "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART={}\nEND={}\ntitle={}\n",
            c.start_ms,
            c.end_ms,
            esc(&c.title)
        );
    }
    out
}

/// Writes the chapter side file at `path` (kind from its extension), atomically.
pub fn write_chapter_file(
    path: &Path,
    chapters: &[Chapter],
    tags: &Tags,
    audio_name: &str,
) -> Result<(), ExportError> {
    let kind = ChapterFileKind::from_path(path)?;
    let text = render_chapter_file(kind, chapters, tags, audio_name);
    super::output::write_atomically(path, text.as_bytes())
}

pub use crate::dates::today;

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<Chapter> {
        vec![
            Chapter {
                title: "Talks resume".into(),
                start_ms: 0,
                end_ms: 61_500,
            },
            Chapter {
                title: "What \"next\" means".into(),
                start_ms: 61_500,
                end_ms: 125_040,
            },
        ]
    }

    #[test]
    fn marks_become_chapters_that_end_where_the_next_begins() {
        let mut m = ChapterMarks::new(vec!["A".into(), "B".into()]);
        m.mark(0, 0);
        m.mark(1, 22_050);
        let c = m.chapters(44_100 + 2_205, 22_050);
        assert_eq!(
            c,
            vec![
                Chapter {
                    title: "A".into(),
                    start_ms: 0,
                    end_ms: 1000
                },
                Chapter {
                    title: "B".into(),
                    start_ms: 1000,
                    end_ms: 2100
                }
            ]
        );
    }

    #[test]
    fn times_print_and_parse_as_hours_minutes_seconds_millis() {
        assert_eq!(hms_millis(3_723_004, '.'), "01:02:03.004");
        assert_eq!(hms_millis(61_500, ','), "00:01:01,500");
        assert_eq!(parse_hms_millis("01:02:03.004"), Some(3_723_004));
        assert_eq!(parse_hms_millis("00:00:01.5"), Some(1_500));
        assert_eq!(parse_hms_millis("bad"), None);
    }

    #[test]
    fn cue_sheet_has_one_track_per_chapter_in_frames() {
        let tags = Tags {
            title: Some("Talks".into()),
            ..Tags::default()
        };
        let cue = render_chapter_file(ChapterFileKind::Cue, &two(), &tags, "talks.mp3");
        assert_eq!(
            cue,
            "TITLE \"Talks\"\nFILE \"talks.mp3\" MP3\n  TRACK 01 AUDIO\n    TITLE \"Talks resume\"\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    TITLE \"What 'next' means\"\n    INDEX 01 01:01:37\n"
        );
    }

    #[test]
    fn ffmetadata_escapes_specials_and_uses_milliseconds() {
        let text = ffmetadata(
            &two()[..1],
            &Tags {
                artist: Some("A=B".into()),
                ..Tags::default()
            },
        );
        assert_eq!(
            text,
            ";FFMETADATA1\nartist=A\\=B\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=61500\ntitle=Talks resume\n"
        );
    }

    #[test]
    fn json_lists_titles_and_times() {
        let json = render_chapter_file(ChapterFileKind::Json, &two(), &Tags::default(), "a.ogg");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["file"], "a.ogg");
        assert_eq!(v["chapters"][1]["start_ms"], 61_500);
        assert_eq!(v["chapters"][1]["title"], "What \"next\" means");
    }

    #[test]
    fn unknown_chapter_file_extension_names_the_choices() {
        let err = ChapterFileKind::from_path(Path::new("x.doc")).unwrap_err();
        assert!(err.to_string().contains("*.json, *.cue or *.ffmetadata"));
    }
}
