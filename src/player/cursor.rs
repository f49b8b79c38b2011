//! Where the listener is in a script: a [`Position`] (section, utterance) and a [`Cursor`] that
//! moves it by utterance or by section, or jumps to a section.
//!
//! The cursor knows only how many utterances each section has. It holds no audio, no clock and no
//! script text, so every navigation rule (crossing section edges, stopping at the ends) is tested
//! here with plain asserts; the player decides *when* to move.

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

    /// Moves to the next utterance; returns `false` (and stays) at the last one.
    pub fn next_utterance(&mut self) -> bool {
        self.step(self.after(self.pos))
    }

    /// Moves to the previous utterance; returns `false` (and stays) at the first one.
    pub fn previous_utterance(&mut self) -> bool {
        self.step(self.before(self.pos))
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

    /// Moves to the first utterance of the next section; returns `false` (and stays) in the
    /// last section.
    pub fn next_section(&mut self) -> bool {
        self.step(self.next_section_start())
    }

    /// Moves to the first utterance of the previous section; in the first section it moves to
    /// that section's start and returns `false`.
    pub fn previous_section(&mut self) -> bool {
        match self.previous_section_start() {
            Some(p) => self.step(Some(p)),
            None => {
                self.restart_section();
                false
            }
        }
    }

    /// Moves to the first utterance of the current section.
    pub fn restart_section(&mut self) {
        self.pos.utterance = 0;
    }

    /// Moves to the first utterance of section `section` (from 0); returns `false` (and stays)
    /// when there is no such section or it is empty.
    pub fn jump_to_section(&mut self, section: usize) -> bool {
        self.set(Position::new(section, 0))
    }

    /// True at the last utterance of the last non-empty section.
    pub fn is_last(&self) -> bool {
        self.after(self.pos).is_none()
    }

    /// How many utterances come before the current one in the whole script.
    pub fn utterances_before(&self) -> usize {
        self.lens[..self.pos.section.min(self.lens.len())]
            .iter()
            .sum::<usize>()
            + self.pos.utterance
    }

    /// The total number of utterances.
    pub fn total_utterances(&self) -> usize {
        self.lens.iter().sum()
    }

    fn step(&mut self, to: Option<Position>) -> bool {
        match to {
            Some(p) => {
                self.pos = p;
                true
            }
            None => false,
        }
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
    fn next_utterance_crosses_into_the_next_section() {
        let mut c = Cursor::new(vec![2, 3]);
        assert!(c.next_utterance());
        assert_eq!(c.position(), p(0, 1));
        assert!(c.next_utterance());
        assert_eq!(c.position(), p(1, 0));
    }

    #[test]
    fn next_utterance_stops_at_the_last_one() {
        let mut c = Cursor::new(vec![1, 2]);
        c.set(p(1, 1));
        assert!(c.is_last());
        assert!(!c.next_utterance());
        assert_eq!(c.position(), p(1, 1));
    }

    #[test]
    fn previous_utterance_crosses_back_to_the_previous_sections_last() {
        let mut c = Cursor::new(vec![3, 2]);
        c.set(p(1, 0));
        assert!(c.previous_utterance());
        assert_eq!(c.position(), p(0, 2));
    }

    #[test]
    fn previous_utterance_stays_at_the_start() {
        let mut c = Cursor::new(vec![3]);
        assert!(!c.previous_utterance());
        assert_eq!(c.position(), p(0, 0));
    }

    #[test]
    fn next_section_goes_to_its_first_utterance_and_stops_in_the_last() {
        let mut c = Cursor::new(vec![2, 2, 2]);
        c.set(p(0, 1));
        assert!(c.next_section());
        assert_eq!(c.position(), p(1, 0));
        assert!(c.next_section());
        c.set(p(2, 1));
        assert!(!c.next_section());
        assert_eq!(c.position(), p(2, 1));
    }

    #[test]
    fn previous_section_goes_to_its_first_utterance() {
        let mut c = Cursor::new(vec![2, 2, 2]);
        c.set(p(2, 1));
        assert!(c.previous_section());
        assert_eq!(c.position(), p(1, 0));
    }

    #[test]
    fn previous_section_in_the_first_section_restarts_it() {
        let mut c = Cursor::new(vec![3, 2]);
        c.set(p(0, 2));
        assert!(!c.previous_section());
        assert_eq!(c.position(), p(0, 0));
    }

    #[test]
    fn empty_sections_are_stepped_over() {
        let mut c = Cursor::new(vec![0, 2, 0, 1]);
        assert_eq!(c.position(), p(1, 0));
        c.set(p(1, 1));
        assert!(c.next_utterance());
        assert_eq!(c.position(), p(3, 0));
        assert!(c.previous_section());
        assert_eq!(c.position(), p(1, 0));
    }

    #[test]
    fn jump_to_section_ignores_sections_that_do_not_exist() {
        let mut c = Cursor::new(vec![2, 2]);
        assert!(c.jump_to_section(1));
        assert_eq!(c.position(), p(1, 0));
        assert!(!c.jump_to_section(5));
        assert_eq!(c.position(), p(1, 0));
    }

    #[test]
    fn set_rejects_positions_past_a_sections_end() {
        let mut c = Cursor::new(vec![2, 2]);
        assert!(!c.set(p(0, 2)));
        assert!(!c.set(p(2, 0)));
        assert!(c.set(p(1, 1)));
    }

    #[test]
    fn utterances_before_counts_whole_sections_then_the_offset() {
        let mut c = Cursor::new(vec![2, 3, 4]);
        c.set(p(2, 1));
        assert_eq!(c.utterances_before(), 6);
        assert_eq!(c.total_utterances(), 9);
    }
}
