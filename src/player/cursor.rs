//! Where the listener is in a script: a [`Position`] (section, utterance) and a [`Cursor`] that
//! holds it and answers what is next to it (the utterance after or before, the neighbouring
//! sections' starts), stepping over empty sections.
//!
//! The cursor knows only how many utterances each section has. It holds no audio, no clock and no
//! script text; where a command takes the listener is [`super::navigate`]'s to say.

use serde::{Deserialize, Serialize};

/// A place in a script: the `utterance`-th utterance of the `section`-th section, both from 0.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Position {
    /// Section index, from 0.
    pub section: usize,
    /// Utterance index inside the section, from 0.
    pub utterance: usize,
}

impl Position {
    /// The position `(section, utterance)`.
    pub fn new(section: usize, utterance: usize) -> Position {
        Position { section, utterance }
    }
}

/// A position inside a script of known shape. Every method keeps the position valid: it never
/// points past a section's last utterance or past the last section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    lens: Vec<usize>,
    pos: Position,
}

impl Cursor {
    /// A cursor at the start of a script whose sections have `lens` utterances each. Empty
    /// sections are allowed and are stepped over.
    pub fn new(lens: Vec<usize>) -> Cursor {
        let mut c = Cursor {
            lens,
            pos: Position::default(),
        };
        c.skip_empty_forward();
        c
    }

    /// A cursor at the start of `script`.
    pub fn of(script: &crate::segment::Script) -> Cursor {
        Cursor::new(script.sections.iter().map(|s| s.utterances.len()).collect())
    }

    /// The current position.
    pub fn position(&self) -> Position {
        self.pos
    }

    /// The number of utterances in section `section` (0 past the end).
    pub fn section_len(&self, section: usize) -> usize {
        self.lens.get(section).copied().unwrap_or(0)
    }

    /// True when `pos` names an existing utterance.
    pub fn is_valid(&self, pos: Position) -> bool {
        pos.utterance < self.section_len(pos.section)
    }

    /// Moves to `pos` when it names an existing utterance; returns whether it moved.
    pub fn set(&mut self, pos: Position) -> bool {
        if self.is_valid(pos) {
            self.pos = pos;
            true
        } else {
            false
        }
    }

    /// The position after `pos`, crossing into the next non-empty section; `None` at the end.
    pub fn after(&self, pos: Position) -> Option<Position> {
        if pos.utterance + 1 < self.section_len(pos.section) {
            return Some(Position::new(pos.section, pos.utterance + 1));
        }
        self.first_of((pos.section + 1)..self.lens.len())
    }

    /// The position before `pos`, crossing into the previous non-empty section's last
    /// utterance; `None` at the start.
    pub fn before(&self, pos: Position) -> Option<Position> {
        if pos.utterance > 0 {
            return Some(Position::new(pos.section, pos.utterance - 1));
        }
        (0..pos.section)
            .rev()
            .find(|&s| self.section_len(s) > 0)
            .map(|s| Position::new(s, self.section_len(s) - 1))
    }

    /// The first utterance of the script, if it has any.
    pub fn first(&self) -> Option<Position> {
        self.first_of(0..self.lens.len())
    }

    /// The start of the next non-empty section after the current one, if any.
    pub fn next_section_start(&self) -> Option<Position> {
        self.first_of((self.pos.section + 1)..self.lens.len())
    }

    /// The start of the previous non-empty section before the current one, if any.
    pub fn previous_section_start(&self) -> Option<Position> {
        (0..self.pos.section)
            .rev()
            .find(|&s| self.section_len(s) > 0)
            .map(|s| Position::new(s, 0))
    }

    fn first_of(&self, sections: std::ops::Range<usize>) -> Option<Position> {
        sections
            .into_iter()
            .find(|&s| self.section_len(s) > 0)
            .map(|s| Position::new(s, 0))
    }

    fn skip_empty_forward(&mut self) {
        if !self.is_valid(self.pos) {
            if let Some(p) = self.first_of(0..self.lens.len()) {
                self.pos = p;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: usize, u: usize) -> Position {
        Position::new(s, u)
    }

    #[test]
    fn after_and_before_cross_section_edges_and_stop_at_the_ends() {
        let c = Cursor::new(vec![2, 3]);
        assert_eq!(c.after(p(0, 1)), Some(p(1, 0)));
        assert_eq!(c.after(p(1, 2)), None);
        assert_eq!(c.before(p(1, 0)), Some(p(0, 1)));
        assert_eq!(c.before(p(0, 0)), None);
    }

    #[test]
    fn section_starts_around_the_position() {
        let mut c = Cursor::new(vec![2, 2, 2]);
        c.set(p(1, 1));
        assert_eq!(c.next_section_start(), Some(p(2, 0)));
        assert_eq!(c.previous_section_start(), Some(p(0, 0)));
        c.set(p(2, 0));
        assert_eq!(c.next_section_start(), None);
    }

    #[test]
    fn empty_sections_are_stepped_over() {
        let mut c = Cursor::new(vec![0, 2, 0, 1]);
        assert_eq!(c.position(), p(1, 0));
        assert_eq!(c.first(), Some(p(1, 0)));
        assert_eq!(c.after(p(1, 1)), Some(p(3, 0)));
        c.set(p(3, 0));
        assert_eq!(c.previous_section_start(), Some(p(1, 0)));
        assert_eq!(c.before(p(3, 0)), Some(p(1, 1)));
    }

    #[test]
    fn set_rejects_positions_past_a_sections_end() {
        let mut c = Cursor::new(vec![2, 2]);
        assert!(!c.set(p(0, 2)));
        assert!(!c.set(p(2, 0)));
        assert!(c.set(p(1, 1)));
        assert_eq!(c.position(), p(1, 1));
    }
}
