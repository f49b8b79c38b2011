//! What the listener sees while listening.
//!
//! In a terminal, [`TerminalStatus`] keeps one status line redrawn in place — section n/total
//! and heading, the sentence being spoken, speed, time left in the section and the article,
//! after the queue position when a queue plays —
//! cut to the terminal width ([`render_status`] is the pure part). Without a terminal,
//! [`PlainLog`] prints each section's heading as it starts and nothing else, so output can be
//! piped or logged. Neither reads keys nor saves anything.

use std::io::Write;

use aloud::outline::format_duration;
use aloud::player::{Observer, PlayerEvent, View};
use aloud::printable::strip_controls;
use aloud::segment::Script;

use super::keys::KEYS_HELP;

/// The status line for `view`, at most `width` characters.
pub fn render_status(script: &Script, view: &View, width: usize) -> String {
    let pos = view.position;
    let section = script.sections.get(pos.section);
    let mut sentence = section
        .and_then(|s| s.utterances.get(pos.utterance))
        .map_or("", |u| u.text.as_str());
    if section.and_then(|s| s.title.as_deref()) == Some(sentence) {
        // The heading is being read: it is already on the line.
        sentence = "";
    }
    // Nothing from the article may control the terminal.
    let sentence = strip_controls(sentence);
    let state = if view.paused {
        "⏸ "
    } else if view.buffering {
        "buffering… "
    } else {
        ""
    };
    let volume = if view.volume <= 0.0 {
        " │ muted".to_string()
    } else if (view.volume - 1.0).abs() > 0.01 {
        format!(" │ vol {:.0}%", view.volume * 100.0)
    } else {
        String::new()
    };
    let tail = format!(
        " │ {:.1}×{volume} │ {} left in section, {} in article",
        view.speed,
        format_duration(view.section_left.as_secs_f64()),
        format_duration(view.article_left.as_secs_f64()),
    );
    let head = format!("{state}{}", script.section_label(pos.section));
    if sentence.is_empty() {
        return truncate(&format!("{head}{tail}"), width);
    }
    let room = width.saturating_sub(head.chars().count() + tail.chars().count() + 3);
    let line = format!("{head} │ {}{tail}", truncate(&sentence, room));
    truncate(&line, width)
}

/// `s` cut to `max` characters, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The one-line status display for a terminal in raw mode.
#[derive(Debug)]
pub struct TerminalStatus<'a> {
    script: &'a Script,
    /// Put before the line: the queue position (`[2/3] `), or nothing.
    label: String,
}

impl<'a> TerminalStatus<'a> {
    /// A status line for `script`.
    pub fn new(script: &'a Script) -> TerminalStatus<'a> {
        TerminalStatus {
            script,
            label: String::new(),
        }
    }

    /// The same, with `label` (the queue position, such as `[2/3] `) before the line.
    pub fn with_label(self, label: &str) -> TerminalStatus<'a> {
        TerminalStatus {
            label: label.to_string(),
            ..self
        }
    }

    fn width() -> usize {
        crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
    }

    fn redraw(&self, view: &View) {
        let width = Self::width().saturating_sub(1);
        let room = width.saturating_sub(self.label.chars().count());
        let line = truncate(
            &format!("{}{}", self.label, render_status(self.script, view, room)),
            width,
        );
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[2K{line}");
        let _ = out.flush();
    }

    /// Prints `text` above the status line (raw mode needs `\r\n`).
    fn print_block(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[2K");
        for line in strip_controls(text).lines() {
            let _ = write!(out, "{line}\r\n");
        }
        let _ = out.flush();
    }

    /// Clears the status line (call before printing anything else after playback).
    pub fn clear(&self) {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[2K");
        let _ = out.flush();
    }
}

impl Observer for TerminalStatus<'_> {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        match event {
            PlayerEvent::Warning(w) => self.print_block(&format!("aloud: warning: {w}")),
            PlayerEvent::ShowHelp => self.print_block(KEYS_HELP),
            PlayerEvent::ShowOutline => {
                let mut text = String::new();
                for i in 0..self.script.sections.len() {
                    let mark = if i == view.position.section {
                        "▶"
                    } else {
                        " "
                    };
                    text.push_str(&format!("{mark} {}\n", self.script.section_label(i)));
                }
                self.print_block(&text);
            }
            _ => {}
        }
        self.redraw(view);
    }
}

/// Section headings as they start, one per line, for pipes and logs.
#[derive(Debug)]
pub struct PlainLog<'a, W: Write> {
    script: &'a Script,
    out: W,
}

impl<'a, W: Write> PlainLog<'a, W> {
    /// Prints to `out`.
    pub fn new(script: &'a Script, out: W) -> PlainLog<'a, W> {
        PlainLog { script, out }
    }

    /// Gives the writer back.
    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Observer for PlainLog<'_, W> {
    fn on(&mut self, event: &PlayerEvent, _view: &View) {
        match event {
            PlayerEvent::SectionStarted(n) => {
                let _ = writeln!(self.out, "{}", self.script.section_label(*n));
                let _ = self.out.flush();
            }
            PlayerEvent::Warning(w) => eprintln!("aloud: warning: {}", strip_controls(w)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud::player::cursor::Position;
    use aloud::segment::{Pause, ScriptSection, Utterance, UtteranceKind};
    use std::time::Duration;

    /// A script from `(heading, utterances)` pairs; an empty heading is the lead.
    fn script_of(sections: &[(&str, &[&str])]) -> Script {
        Script {
            title: Some("Test".into()),
            byline: None,
            sections: sections
                .iter()
                .map(|(h, us)| ScriptSection {
                    title: (!h.is_empty()).then(|| h.to_string()),
                    utterances: us
                        .iter()
                        .map(|t| Utterance {
                            text: t.to_string(),
                            spoken: t.to_string(),
                            kind: UtteranceKind::Sentence,
                            pause: Pause::Sentence,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn view(section: usize, utterance: usize) -> View {
        View {
            position: Position::new(section, utterance),
            offset: Duration::ZERO,
            spoken_fraction: None,
            spoken_word: None,
            section_elapsed: Duration::ZERO,
            paused: false,
            buffering: false,
            speed: 1.5,
            volume: 1.0,
            section_left: Duration::from_secs(75),
            article_left: Duration::from_secs(610),
            clock: Duration::ZERO,
        }
    }

    #[test]
    fn status_names_section_sentence_speed_and_time_left() {
        let s = script_of(&[("", &["Lead one."]), ("Second Part", &["It goes on."])]);
        let line = render_status(&s, &view(1, 0), 200);
        assert_eq!(
            line,
            "§2/2 Second Part │ It goes on. │ 1.5× │ 1:15 left in section, 10:10 in article"
        );
    }

    #[test]
    fn a_heading_being_read_is_not_shown_twice_and_a_changed_volume_is_shown() {
        let s = script_of(&[("Part", &["Part", "Text."])]);
        let mut v = view(0, 0);
        v.volume = 0.8;
        v.paused = true;
        let line = render_status(&s, &v, 200);
        assert_eq!(
            line,
            "⏸ §1/1 Part │ 1.5× │ vol 80% │ 1:15 left in section, 10:10 in article"
        );
    }

    #[test]
    fn a_muted_voice_says_muted_instead_of_a_volume() {
        let s = script_of(&[("Part", &["Part", "Text."])]);
        let mut v = view(0, 0);
        v.volume = 0.0;
        let line = render_status(&s, &v, 200);
        assert!(line.contains("│ muted │"), "{line}");
        assert!(!line.contains("vol"), "{line}");
    }

    #[test]
    fn a_voice_behind_the_output_shows_buffering() {
        let s = script_of(&[("Part", &["Part", "Text."])]);
        let mut v = view(0, 1);
        v.buffering = true;
        let line = render_status(&s, &v, 200);
        assert!(line.starts_with("buffering… §1/1 Part │ Text."), "{line}");
    }

    #[test]
    fn a_long_sentence_is_cut_to_the_width() {
        let long = "word ".repeat(100);
        let s = script_of(&[("Part", &[long.as_str()])]);
        let line = render_status(&s, &view(0, 0), 80);
        assert_eq!(line.chars().count(), 80);
        assert!(line.contains('…'));
        assert!(line.ends_with("in article"));
    }

    #[test]
    fn escapes_in_a_heading_or_sentence_never_reach_the_status_line() {
        // A script built without the reader (an audio file's chapter names, say).
        let s = script_of(&[(
            "\u{1b}[31mRed\u{1b}[0m Part",
            &["Says \u{1b}]0;pwned\u{7}hello.\u{9b}2J"],
        )]);
        let line = render_status(&s, &view(0, 0), 200);
        assert!(
            line.starts_with("§1/1 Red Part │ Says hello. │"),
            "{line:?}"
        );
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }

    #[test]
    fn plain_log_prints_each_heading_once_as_it_starts() {
        let s = script_of(&[("", &["a"]), ("Next", &["b"])]);
        let mut log = PlainLog::new(&s, Vec::new());
        log.on(&PlayerEvent::SectionStarted(0), &view(0, 0));
        log.on(&PlayerEvent::Tick, &view(0, 0));
        log.on(&PlayerEvent::SectionStarted(1), &view(1, 0));
        let out = String::from_utf8(log.into_inner()).unwrap();
        assert_eq!(out, "§1/2 Test\n§2/2 Next\n");
    }
}
