//! The reader view: the whole article on the screen while it is read, the sentence being spoken
//! highlighted (reverse video) and the word being spoken underlined, scrolled so that the spoken
//! sentence stays in sight.
//!
//! [`Layout`] wraps the script to the terminal width (headings bold, on lines of their own,
//! paragraphs apart) and remembers which words belong to which utterance, so that a click can be
//! turned into a position; it is pure and tested here. [`Reader`] holds the view's state (scroll,
//! the open overlay: keys, outline or search) and turns terminal events into player commands;
//! [`ReaderView`] is its [`Observer`] face, redrawing when the player reports something.
//! [`super::keys::TerminalControls`] passes every terminal event (keys, mouse, resize) to the
//! reader, so all keys of the status-line mode keep working and the view adds its own.
//!
//! The word being spoken comes from the voice where it says where its words start
//! (libespeak-ng's word events, carried with the audio as [`aloud::audio::WordMark`]s): the
//! player reports the spoken word's index, which maps one to one onto the written words when
//! their counts agree, and proportionally when normalization changed the count ("$41.5
//! million" is spoken in six words). Other voices (Piper, Kokoro, command voices) report no
//! word timing, so the view estimates: it spreads the part of the utterance's audio already
//! heard over the written words by their length, or, for voices that speak by themselves (no
//! audio to measure), the estimated speaking time at the voice's rate.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{self, ClearType};
use crossterm::{cursor, event, queue};

use aloud::audio::timing;
use aloud::outline::{estimate_seconds_at, format_duration};
use aloud::player::cursor::Position;
use aloud::player::{Command, Observer, PlayerEvent, View};
use aloud::segment::{Pause, Script, UtteranceKind};

use super::keys::{map_key, KEYS_HELP};
use super::status::truncate;

/// The smallest terminal the view is drawn in; smaller ones get the status line.
pub const MIN_SIZE: (u16, u16) = (60, 15);

/// Keys the reader view adds to [`KEYS_HELP`].
pub const READER_KEYS_HELP: &str = "\
In the reader view:
  /            search; Enter jumps to the next sentence with the words
  o            outline: ↑/↓ and Enter to pick a section
  PgUp / PgDn  scroll (the mouse wheel too); f follows the voice again
  click        start from the sentence clicked";

/// How a word is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Body,
}

/// One word on a line of the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    /// The column it starts at.
    col: usize,
    /// The utterance it belongs to and its index in the utterance's words.
    pos: Position,
    index: usize,
    kind: Kind,
}

/// The article wrapped to a width.
#[derive(Debug, Default)]
pub struct Layout {
    lines: Vec<Vec<Word>>,
    /// The first and last line of each utterance.
    rows: HashMap<Position, (usize, usize)>,
    width: usize,
}

impl Layout {
    /// `script` wrapped to `width` columns.
    pub fn new(script: &Script, width: usize) -> Layout {
        let mut layout = Layout {
            width: width.max(10),
            ..Layout::default()
        };
        let mut paragraph: Vec<(String, Position, usize)> = Vec::new();
        let mut in_heading = false;
        for (s, section) in script.sections.iter().enumerate() {
            for (u, utterance) in section.utterances.iter().enumerate() {
                let pos = Position::new(s, u);
                let heading = matches!(
                    utterance.kind,
                    UtteranceKind::Title | UtteranceKind::Heading
                );
                let words = utterance
                    .text
                    .split_whitespace()
                    .enumerate()
                    .map(|(i, w)| (w.to_string(), pos, i));
                if heading {
                    // A title cut at its colon is two utterances and one heading.
                    if !in_heading {
                        layout.flush(&mut paragraph, Kind::Body);
                    }
                    paragraph.extend(words);
                    in_heading = utterance.pause == Pause::Clause;
                    if !in_heading {
                        layout.flush(&mut paragraph, Kind::Heading);
                    }
                    continue;
                }
                if in_heading {
                    layout.flush(&mut paragraph, Kind::Heading);
                    in_heading = false;
                }
                paragraph.extend(words);
                if matches!(
                    utterance.pause,
                    Pause::Paragraph | Pause::Heading | Pause::SectionEnd
                ) {
                    layout.flush(&mut paragraph, Kind::Body);
                }
            }
            let kind = if in_heading {
                Kind::Heading
            } else {
                Kind::Body
            };
            layout.flush(&mut paragraph, kind);
            in_heading = false;
        }
        layout
    }

    /// Wraps the words of one paragraph into lines, then a blank line.
    fn flush(&mut self, words: &mut Vec<(String, Position, usize)>, kind: Kind) {
        if words.is_empty() {
            return;
        }
        let mut line: Vec<Word> = Vec::new();
        let mut col = 0;
        for (text, pos, index) in words.drain(..) {
            // A word longer than the line is cut into pieces of the width.
            let chars: Vec<char> = text.chars().collect();
            for piece in chars.chunks(self.width) {
                let len = piece.len();
                if col > 0 && col + 1 + len > self.width {
                    self.push_line(std::mem::take(&mut line));
                    col = 0;
                }
                if col > 0 {
                    col += 1;
                }
                line.push(Word {
                    text: piece.iter().collect(),
                    col,
                    pos,
                    index,
                    kind,
                });
                col += len;
            }
        }
        self.push_line(line);
        self.lines.push(Vec::new());
    }

    fn push_line(&mut self, line: Vec<Word>) {
        let row = self.lines.len();
        for w in &line {
            let e = self.rows.entry(w.pos).or_insert((row, row));
            e.1 = row;
        }
        self.lines.push(line);
    }

    /// How many lines the article takes.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The first and last line of the utterance at `pos`.
    fn rows_of(&self, pos: Position) -> Option<(usize, usize)> {
        self.rows.get(&pos).copied()
    }

    /// The utterance of the word at line `row`, column `col` (or the nearest word on that line).
    pub fn position_at(&self, row: usize, col: usize) -> Option<Position> {
        let line = self.lines.get(row)?;
        line.iter()
            .rev()
            .find(|w| w.col <= col)
            .or(line.first())
            .map(|w| w.pos)
    }

    /// Line `row` as plain text.
    #[cfg(test)]
    pub fn line_text(&self, row: usize) -> String {
        let mut s = String::new();
        for w in self.lines.get(row).into_iter().flatten() {
            while s.chars().count() < w.col {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
}

/// What is open over the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Reading,
    Help,
    Outline { selected: usize },
    Search { query: String },
}

/// The reader view's state, shared by the controls (events in) and the observer (drawing).
#[derive(Debug)]
pub struct Reader {
    script: Script,
    voice: String,
    rate_wpm: u32,
    size: (u16, u16),
    layout: Layout,
    top: usize,
    follow: bool,
    mode: Mode,
    view: Option<View>,
    message: Option<String>,
    /// What was drawn last (skips redrawing an unchanged screen).
    drawn: Option<String>,
    /// Put before the bar: the article's place in a queue (`[2/3] `).
    label: String,
}

impl Reader {
    /// A reader for `script`, read by `voice` at `rate_wpm`, on a screen of `size` (columns, rows).
    pub fn new(script: &Script, voice: &str, rate_wpm: u32, size: (u16, u16)) -> Reader {
        Reader {
            layout: Layout::new(script, size.0 as usize),
            script: script.clone(),
            voice: voice.to_string(),
            rate_wpm,
            size,
            top: 0,
            follow: true,
            mode: Mode::Reading,
            view: None,
            message: None,
            drawn: None,
            label: String::new(),
        }
    }

    /// The same, with `label` (a queue position such as `[2/3] `) at the start of the bar.
    pub fn with_label(mut self, label: &str) -> Reader {
        self.label = label.to_string();
        self
    }

    fn text_rows(&self) -> usize {
        (self.size.1 as usize).saturating_sub(1).max(1)
    }

    fn here(&self) -> Position {
        self.view
            .as_ref()
            .map_or(Position::new(0, 0), |v| v.position)
    }

    /// Scrolls so that the spoken sentence is in sight, a third of the way down when it moves.
    fn keep_in_sight(&mut self) {
        let Some((first, last)) = self.layout.rows_of(self.here()) else {
            return;
        };
        let rows = self.text_rows();
        if first < self.top || last >= self.top + rows {
            self.top = first.saturating_sub(rows / 3);
        }
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.size = (cols, rows);
        self.layout = Layout::new(&self.script, cols as usize);
        self.follow = true;
        self.drawn = None;
    }

    fn scroll(&mut self, lines: isize) {
        let max = self.layout.len().saturating_sub(1);
        self.top = (self.top as isize + lines).clamp(0, max as isize) as usize;
        self.follow = false;
    }

    /// The next utterance after the current one whose text contains `query` (any case), going
    /// round to the start.
    fn search(&self, query: &str) -> Option<Position> {
        let query = query.to_lowercase();
        if query.trim().is_empty() {
            return None;
        }
        let all: Vec<Position> = self
            .script
            .sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| (0..sec.utterances.len()).map(move |u| Position::new(s, u)))
            .collect();
        let here = all.iter().position(|p| *p == self.here()).unwrap_or(0);
        (1..=all.len())
            .map(|i| all[(here + i) % all.len()])
            .find(|p| {
                self.script.sections[p.section].utterances[p.utterance]
                    .text
                    .to_lowercase()
                    .contains(&query)
            })
    }

    /// What a terminal event means: a command for the player, or nothing (the view handled it).
    pub fn handle(&mut self, ev: &Event) -> Option<Command> {
        match ev {
            Event::Resize(cols, rows) => {
                self.resize(*cols, *rows);
                None
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) if self.mode == Mode::Reading => {
                    let row = m.row as usize;
                    if row >= self.text_rows() {
                        return None;
                    }
                    let pos = self.layout.position_at(self.top + row, m.column as usize)?;
                    self.follow = true;
                    Some(Command::JumpTo(pos))
                }
                MouseEventKind::ScrollUp => {
                    self.scroll(-3);
                    None
                }
                MouseEventKind::ScrollDown => {
                    self.scroll(3);
                    None
                }
                _ => None,
            },
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            _ => None,
        }
    }

    fn key(&mut self, key: &KeyEvent) -> Option<Command> {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return map_key(key);
        }
        match &mut self.mode {
            Mode::Search { query } => {
                match key.code {
                    KeyCode::Char(c) => query.push(c),
                    KeyCode::Backspace => {
                        query.pop();
                    }
                    KeyCode::Esc => self.mode = Mode::Reading,
                    KeyCode::Enter => {
                        let query = query.clone();
                        self.mode = Mode::Reading;
                        match self.search(&query) {
                            Some(pos) => {
                                self.follow = true;
                                return Some(Command::JumpTo(pos));
                            }
                            None => self.message = Some(format!("“{query}” is not in the article")),
                        }
                    }
                    _ => {}
                }
                None
            }
            Mode::Outline { selected } => {
                let last = self.script.sections.len().saturating_sub(1);
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => *selected = (*selected + 1).min(last),
                    KeyCode::Enter => {
                        let n = *selected;
                        self.mode = Mode::Reading;
                        self.follow = true;
                        return Some(Command::JumpToSection(n));
                    }
                    KeyCode::Esc | KeyCode::Char('o') => self.mode = Mode::Reading,
                    KeyCode::Char('q') => return Some(Command::Quit),
                    _ => {}
                }
                None
            }
            Mode::Help => {
                self.mode = Mode::Reading;
                match key.code {
                    KeyCode::Char('q') => Some(Command::Quit),
                    _ => None,
                }
            }
            Mode::Reading => {
                let rows = self.text_rows() as isize;
                match key.code {
                    KeyCode::Char('/') => {
                        self.mode = Mode::Search {
                            query: String::new(),
                        }
                    }
                    KeyCode::Char('o') => {
                        self.mode = Mode::Outline {
                            selected: self.here().section,
                        }
                    }
                    KeyCode::Char('?') | KeyCode::Char('h') => self.mode = Mode::Help,
                    KeyCode::PageUp => self.scroll(-(rows - 2).max(1)),
                    KeyCode::PageDown => self.scroll((rows - 2).max(1)),
                    KeyCode::Char('f') | KeyCode::End => self.follow = true,
                    _ => {
                        let command = map_key(key)?;
                        if !matches!(
                            command,
                            Command::TogglePause
                                | Command::Faster
                                | Command::Slower
                                | Command::Louder
                                | Command::Quieter
                                | Command::ToggleMute
                        ) {
                            self.follow = true;
                        }
                        return Some(command);
                    }
                }
                None
            }
        }
    }

    /// The word of the current utterance being spoken: the voice's own word timing, else an
    /// estimate from how much of the utterance has been heard (see the module documentation).
    fn spoken_word(&self) -> Option<usize> {
        let view = self.view.as_ref()?;
        let utterance = self
            .script
            .sections
            .get(view.position.section)?
            .utterances
            .get(view.position.utterance)?;
        let words: Vec<usize> = utterance
            .text
            .split_whitespace()
            .map(|w| w.chars().count() + 1)
            .collect();
        let last = words.len().checked_sub(1)?;
        if let Some(k) = view.spoken_word {
            return Some(written_word(&utterance.text, &utterance.spoken, k).min(last));
        }
        let total: usize = words.iter().sum();
        let fraction = match view.spoken_fraction {
            Some(f) => f as f64,
            None => {
                let secs =
                    timing::speech_secs(utterance.spoken.split_whitespace().count(), self.rate_wpm)
                        / view.speed.max(0.1) as f64;
                (view.offset.as_secs_f64() / secs.max(0.001)).clamp(0.0, 1.0)
            }
        };
        let at = fraction * total as f64;
        let mut sum = 0;
        for (i, n) in words.iter().enumerate() {
            sum += n;
            if sum as f64 > at {
                return Some(i);
            }
        }
        words.len().checked_sub(1)
    }

    fn bar(&self) -> String {
        if let Mode::Search { query } = &self.mode {
            return format!("/{query}▏  Enter: jump to it · Esc: cancel");
        }
        if let Some(m) = &self.message {
            return m.clone();
        }
        let Some(view) = &self.view else {
            return format!("{} │ {}", self.script.section_label(0), self.voice);
        };
        let state = if view.paused {
            "⏸ "
        } else if view.buffering {
            "buffering… "
        } else {
            ""
        };
        // The section's label gives way first: time, speed and voice always show.
        let tail = format!(
            " │ {} left, {} in all │ {:.1}× │ {} │ ? keys",
            format_duration(view.section_left.as_secs_f64()),
            format_duration(view.article_left.as_secs_f64()),
            view.speed,
            self.voice,
        );
        let room = (self.size.0 as usize).saturating_sub(
            tail.chars().count() + state.chars().count() + self.label.chars().count(),
        );
        let section = truncate(
            &self.script.section_label(view.position.section),
            room.max(8),
        );
        format!("{}{state}{section}{tail}", self.label)
    }

    /// The lines of the overlay, if one is open.
    fn overlay(&self) -> Option<Vec<String>> {
        match &self.mode {
            Mode::Reading | Mode::Search { .. } => None,
            Mode::Help => Some(
                KEYS_HELP
                    .lines()
                    .chain(std::iter::once(""))
                    .chain(READER_KEYS_HELP.lines())
                    .map(str::to_string)
                    .collect(),
            ),
            Mode::Outline { selected } => {
                let mut lines =
                    vec!["Sections (↑/↓, Enter to play from one, Esc to close):".into()];
                for (i, s) in self.script.sections.iter().enumerate() {
                    let secs = estimate_seconds_at(&s.utterances, self.rate_wpm);
                    let mark = if i == *selected { "▶" } else { " " };
                    let heading = s
                        .title
                        .as_deref()
                        .or(self.script.title.as_deref())
                        .unwrap_or("(lead)");
                    lines.push(format!(
                        "{mark} {:>2}. {heading}  {}",
                        i + 1,
                        format_duration(secs)
                    ));
                }
                Some(lines)
            }
        }
    }

    /// Draws the screen on `out` unless it is unchanged.
    pub fn draw(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.follow {
            self.keep_in_sight();
        }
        let (cols, rows) = (self.size.0 as usize, self.text_rows());
        let here = self.here();
        let word = self.spoken_word();
        let bar = self.bar();
        let overlay = self.overlay();
        let key = format!(
            "{}|{:?}|{word:?}|{bar}|{overlay:?}|{cols}x{rows}",
            self.top, here
        );
        if self.drawn.as_deref() == Some(key.as_str()) {
            return Ok(());
        }
        queue!(out, terminal::BeginSynchronizedUpdate, cursor::Hide)?;
        for row in 0..rows {
            queue!(out, cursor::MoveTo(0, row as u16))?;
            if let Some(lines) = &overlay {
                // The overlay replaces the text while open, one entry a line.
                let skip = match self.mode {
                    Mode::Outline { selected } => (selected + 1).saturating_sub(rows - 1),
                    _ => 0,
                };
                let line = if row == 0 {
                    lines.first()
                } else {
                    lines.get(row + skip)
                };
                if let Some(l) = line {
                    queue!(out, Print(truncate(l, cols)))?;
                }
                queue!(out, terminal::Clear(ClearType::UntilNewLine))?;
                continue;
            }
            let mut col = 0;
            for w in self.layout.lines.get(self.top + row).into_iter().flatten() {
                if w.col > col {
                    queue!(out, Print(" ".repeat(w.col - col)))?;
                }
                // The space before a word of the spoken sentence is highlighted with it.
                let current = w.pos == here;
                if current {
                    queue!(out, SetAttribute(Attribute::Reverse))?;
                }
                if w.kind == Kind::Heading {
                    queue!(out, SetAttribute(Attribute::Bold))?;
                }
                if current && Some(w.index) == word {
                    queue!(out, SetAttribute(Attribute::Underlined))?;
                }
                queue!(out, Print(&w.text), SetAttribute(Attribute::Reset))?;
                col = w.col + w.text.chars().count();
            }
            queue!(out, terminal::Clear(ClearType::UntilNewLine))?;
        }
        queue!(
            out,
            cursor::MoveTo(0, rows as u16),
            SetAttribute(Attribute::Reverse),
            Print(format!("{:<cols$}", truncate(&bar, cols))),
            SetAttribute(Attribute::Reset),
            terminal::EndSynchronizedUpdate,
        )?;
        out.flush()?;
        self.drawn = Some(key);
        Ok(())
    }

    /// Takes what the player reports.
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        match event {
            PlayerEvent::UtteranceStarted(_) | PlayerEvent::SectionStarted(_) => {
                self.message = None;
            }
            PlayerEvent::ShowOutline => {
                self.mode = Mode::Outline {
                    selected: view.position.section,
                }
            }
            PlayerEvent::ShowHelp => self.mode = Mode::Help,
            PlayerEvent::Warning(w) => self.message = Some(w.clone()),
            _ => {}
        }
        self.view = Some(view.clone());
    }
}

/// The reader view as the player's observer: draws on the terminal's alternate screen, with the
/// mouse reported, and gives both back when dropped.
#[derive(Debug)]
pub struct ReaderView {
    reader: Rc<RefCell<Reader>>,
    out: std::io::Stdout,
}

impl ReaderView {
    /// Switches to the alternate screen and starts drawing `reader`.
    pub fn start(reader: Rc<RefCell<Reader>>) -> std::io::Result<ReaderView> {
        let mut out = std::io::stdout();
        queue!(
            out,
            terminal::EnterAlternateScreen,
            event::EnableMouseCapture,
            cursor::Hide
        )?;
        out.flush()?;
        let mut view = ReaderView { reader, out };
        view.reader.borrow_mut().draw(&mut view.out)?;
        Ok(view)
    }
}

/// Gives the terminal back: the normal screen, no mouse reports, a visible cursor. Also what the
/// panic hook does.
pub fn restore_screen() {
    let mut out = std::io::stdout();
    let _ = queue!(
        out,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

impl Observer for ReaderView {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        let mut reader = self.reader.borrow_mut();
        reader.on(event, view);
        // A failed draw (the terminal went away) must not stop the listening.
        let _ = reader.draw(&mut self.out);
    }
}

impl Drop for ReaderView {
    fn drop(&mut self) {
        restore_screen();
    }
}

/// The written word of `text` that spoken word `k` of `spoken` reads. Words that normalization
/// left alone (the same letters and digits, ignoring case and punctuation) are matched one to one
/// (the longest common sequence of the two); spoken words between two matched ones spread evenly
/// over the written words between them ("It cost $41.5 million." read "It cost forty one point
/// five million dollars.": "forty" to "five" are "$41.5", "dollars" stays on "million.").
/// Utterances are short, so the table is small.
fn written_word(text: &str, spoken: &str, k: usize) -> usize {
    fn norm(w: &str) -> String {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let written: Vec<String> = text.split_whitespace().map(norm).collect();
    let said: Vec<String> = spoken.split_whitespace().map(norm).collect();
    let (nw, ns) = (written.len(), said.len());
    if nw == 0 {
        return 0;
    }
    if nw == ns || ns == 0 || nw * ns > 40_000 {
        return (k * nw / ns.max(1)).min(nw - 1);
    }
    // lcs[i][j]: the longest common sequence of written[i..] and said[j..].
    let mut lcs = vec![vec![0u16; ns + 1]; nw + 1];
    for i in (0..nw).rev() {
        for j in (0..ns).rev() {
            lcs[i][j] = if written[i] == said[j] && !said[j].is_empty() {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The matched pairs, as (written, spoken), with the ends as sentinels.
    let mut anchors: Vec<(isize, isize)> = vec![(-1, -1)];
    let (mut i, mut j) = (0, 0);
    while i < nw && j < ns {
        if written[i] == said[j] && !said[j].is_empty() {
            anchors.push((i as isize, j as isize));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    anchors.push((nw as isize, ns as isize));
    let k = k.min(ns - 1) as isize;
    let next = anchors.partition_point(|&(_, sj)| sj < k);
    let (ni, nj) = anchors[next];
    if nj == k {
        return ni as usize;
    }
    let (pi, pj) = anchors[next - 1];
    let (wgap, sgap) = (ni - pi - 1, nj - pj - 1);
    let at = if wgap <= 0 {
        pi.max(0)
    } else {
        pi + 1 + (k - pj - 1) * wgap / sgap.max(1)
    };
    (at.max(0) as usize).min(nw - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud::segment::{ScriptSection, Utterance};
    use std::time::Duration;

    fn utterance(text: &str, kind: UtteranceKind, pause: Pause) -> Utterance {
        Utterance {
            text: text.into(),
            spoken: text.into(),
            kind,
            pause,
        }
    }

    fn script() -> Script {
        use UtteranceKind::*;
        Script {
            title: Some("Harbour News".into()),
            byline: None,
            sections: vec![
                ScriptSection {
                    title: None,
                    utterances: vec![
                        utterance("Harbour News", Title, Pause::Heading),
                        utterance("The cranes arrived on a Monday.", Sentence, Pause::Sentence),
                        utterance("They were painted red.", Sentence, Pause::SectionEnd),
                    ],
                },
                ScriptSection {
                    title: Some("Evenings".into()),
                    utterances: vec![
                        utterance("Evenings", Heading, Pause::Heading),
                        utterance("Nobody stayed late.", Sentence, Pause::Paragraph),
                        utterance("The lights went out at nine.", Sentence, Pause::SectionEnd),
                    ],
                },
            ],
        }
    }

    #[test]
    fn headings_and_paragraphs_stand_on_lines_of_their_own() {
        let l = Layout::new(&script(), 40);
        let lines: Vec<String> = (0..l.len()).map(|r| l.line_text(r)).collect();
        assert_eq!(
            lines,
            [
                "Harbour News",
                "",
                "The cranes arrived on a Monday. They",
                "were painted red.",
                "",
                "Evenings",
                "",
                "Nobody stayed late.",
                "",
                "The lights went out at nine.",
                "",
            ]
        );
    }

    #[test]
    fn a_title_cut_at_its_colon_is_one_heading() {
        let mut sc = script();
        sc.sections[0].utterances[0] =
            utterance("Harbour News:", UtteranceKind::Title, Pause::Clause);
        sc.sections[0].utterances.insert(
            1,
            utterance("The Cranes Arrive", UtteranceKind::Title, Pause::Heading),
        );
        let l = Layout::new(&sc, 40);
        assert_eq!(l.line_text(0), "Harbour News: The Cranes Arrive");
        assert_eq!(l.line_text(1), "");
        assert_eq!(l.line_text(2), "The cranes arrived on a Monday. They");
    }

    #[test]
    fn the_bar_keeps_time_speed_and_voice_when_the_heading_is_long() {
        let mut sc = script();
        sc.sections[1].title =
            Some("A very long heading that goes on and on and on without end".into());
        let mut r = Reader::new(&sc, "tone", 175, (60, 15));
        r.view = Some(View {
            position: Position::new(1, 1),
            ..view()
        });
        let bar = r.bar();
        assert!(bar.chars().count() <= 60, "{bar}");
        assert!(bar.ends_with("│ 1.0× │ tone │ ? keys"), "{bar}");
        assert!(bar.starts_with("§2/2 A very"), "{bar}");
        // In a queue, the article's place comes first.
        let mut r = r.with_label("[2/3] ");
        r.view = Some(View {
            position: Position::new(1, 1),
            ..view()
        });
        assert!(r.bar().starts_with("[2/3] §2/2 A"), "{}", r.bar());
    }

    #[test]
    fn a_click_finds_the_sentence_under_it() {
        let l = Layout::new(&script(), 40);
        // "They" ends line 2 but belongs to the second sentence.
        assert_eq!(l.position_at(2, 0), Some(Position::new(0, 1)));
        assert_eq!(l.position_at(2, 33), Some(Position::new(0, 2)));
        assert_eq!(l.position_at(3, 2), Some(Position::new(0, 2)));
        assert_eq!(l.position_at(1, 0), None);
    }

    #[test]
    fn narrower_lines_wrap_again_and_long_words_are_cut() {
        let l = Layout::new(&script(), 12);
        assert!((0..l.len()).all(|r| l.line_text(r).chars().count() <= 12));
        assert_eq!(l.rows_of(Position::new(0, 1)), Some((2, 4)));
    }

    #[test]
    fn search_goes_round_and_ignores_case() {
        let mut r = Reader::new(&script(), "tone", 175, (60, 15));
        assert_eq!(r.search("NOBODY"), Some(Position::new(1, 1)));
        r.view = Some(View {
            position: Position::new(1, 2),
            ..view()
        });
        assert_eq!(r.search("cranes"), Some(Position::new(0, 1)));
        assert_eq!(r.search("absent"), None);
    }

    fn view() -> View {
        View {
            position: Position::new(0, 0),
            offset: Duration::ZERO,
            spoken_fraction: None,
            spoken_word: None,
            section_elapsed: Duration::ZERO,
            paused: false,
            buffering: false,
            speed: 1.0,
            volume: 1.0,
            section_left: Duration::ZERO,
            article_left: Duration::ZERO,
            clock: Duration::ZERO,
        }
    }

    #[test]
    fn keys_of_the_status_line_still_reach_the_player() {
        let mut r = Reader::new(&script(), "tone", 175, (60, 15));
        let key = |c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
        assert_eq!(
            r.handle(&key(KeyCode::Char('n'))),
            Some(Command::NextSection)
        );
        assert_eq!(
            r.handle(&key(KeyCode::Char(' '))),
            Some(Command::TogglePause)
        );
        // `o` opens the outline in the view; Enter there picks a section.
        assert_eq!(r.handle(&key(KeyCode::Char('o'))), None);
        assert_eq!(r.handle(&key(KeyCode::Down)), None);
        assert_eq!(
            r.handle(&key(KeyCode::Enter)),
            Some(Command::JumpToSection(1))
        );
        // `/` then text then Enter jumps to the sentence.
        for c in "/lights".chars() {
            assert_eq!(r.handle(&key(KeyCode::Char(c))), None);
        }
        assert_eq!(
            r.handle(&key(KeyCode::Enter)),
            Some(Command::JumpTo(Position::new(1, 2)))
        );
    }

    #[test]
    fn the_spoken_word_moves_through_the_sentence() {
        let mut r = Reader::new(&script(), "tone", 175, (60, 15));
        let at = |secs: f64| View {
            position: Position::new(0, 1),
            offset: Duration::from_secs_f64(secs),
            ..view()
        };
        r.view = Some(at(0.0));
        assert_eq!(r.spoken_word(), Some(0));
        r.view = Some(at(10.0));
        assert_eq!(r.spoken_word(), Some(5));
    }

    #[test]
    fn the_voices_word_timing_and_the_heard_fraction_come_before_the_estimate() {
        let sc = script();
        let mut r = Reader::new(&sc, "tone", 175, (60, 15));
        let utterance = &sc.sections[0].utterances[1];
        let written = utterance.text.split_whitespace().count();
        assert_eq!(utterance.spoken.split_whitespace().count(), written);
        // Far into the estimated time, but the voice says it is on the third word.
        r.view = Some(View {
            position: Position::new(0, 1),
            offset: Duration::from_secs(10),
            spoken_word: Some(2),
            ..view()
        });
        assert_eq!(r.spoken_word(), Some(2));
        // Past the last word (a mark beyond the text) stays on the last word.
        r.view = Some(View {
            position: Position::new(0, 1),
            spoken_word: Some(99),
            ..view()
        });
        assert_eq!(r.spoken_word(), Some(written - 1));
        // No word timing: the share of the audio heard, not the clock, places the word.
        r.view = Some(View {
            position: Position::new(0, 1),
            offset: Duration::from_secs(10),
            spoken_fraction: Some(0.0),
            ..view()
        });
        assert_eq!(r.spoken_word(), Some(0));
        r.view = Some(View {
            position: Position::new(0, 1),
            spoken_fraction: Some(1.0),
            ..view()
        });
        assert_eq!(r.spoken_word(), Some(written - 1));
    }

    #[test]
    fn spoken_words_map_onto_written_ones_when_normalization_changed_the_count() {
        let mut sc = script();
        let u = &mut sc.sections[0].utterances[1];
        // Written in 4 words, spoken in 8.
        u.text = "It cost $41.5 million.".into();
        u.spoken = "It cost forty one point five million dollars.".into();
        let mut r = Reader::new(&sc, "tone", 175, (60, 15));
        let at = |k: usize| View {
            position: Position::new(0, 1),
            spoken_word: Some(k),
            ..view()
        };
        let mapped: Vec<Option<usize>> = (0..8)
            .map(|k| {
                r.view = Some(at(k));
                r.spoken_word()
            })
            .collect();
        // "It" and "cost" as said; "forty one point five" is "$41.5"; "million dollars" is
        // "million.".
        let expected = [0, 1, 2, 2, 2, 2, 3, 3].map(Some);
        assert_eq!(mapped, expected);
        assert_eq!(
            written_word("Dr. Lee arrived.", "Doctor Lee arrived.", 0),
            0
        );
        assert_eq!(
            written_word("Dr. Lee arrived.", "Doctor Lee arrived.", 2),
            2
        );
        assert_eq!(
            written_word("In 2024 they left.", "In twenty twenty four they left.", 3),
            1
        );
        assert_eq!(
            written_word("In 2024 they left.", "In twenty twenty four they left.", 4),
            2
        );
    }
}
