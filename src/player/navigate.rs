//! The one navigation policy: where each command moves the listener, given where they are and
//! how far into the section. Both playback loops ([`super::pcm`] for voices that return audio,
//! [`super::self_voiced`] for voices that speak by themselves) ask here and only carry the move
//! out, so the rules that are tested are the rules that run.
//!
//! The rules: → goes to the next utterance (none after the last: nothing happens); ← to the
//! previous one, across section edges (at the very first it starts that one again); `n` to the
//! next section's start (in the last section: the end of the article); `p` to the previous
//! section's start, or to this section's start when the listener is more than
//! [`super::RESTART_SECTION_AFTER`] into it (or in the first section); a section number to that
//! section (ignored when it does not exist or is empty), an utterance to that utterance (a click
//! or a search in the reader view); `b` to the first utterance. Empty
//! sections are stepped over everywhere.

use std::time::Duration;

use super::cursor::{Cursor, Position};
use super::{Command, RESTART_SECTION_AFTER};

/// What a navigation command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Play from this position (it may be the current one: start it again).
    To(Position),
    /// The article is over.
    End,
    /// Nothing: there is nowhere to go.
    Stay,
}

/// Where `command` takes a listener at `cursor`'s position, `section_elapsed` into its section;
/// `None` for commands that do not move (pause, speed, volume, quit, …).
pub fn navigate(command: Command, cursor: &Cursor, section_elapsed: Duration) -> Option<Move> {
    let here = cursor.position();
    let to = |p: Option<Position>, otherwise: Move| p.map_or(otherwise, Move::To);
    Some(match command {
        Command::NextUtterance => to(cursor.after(here), Move::Stay),
        Command::PreviousUtterance => Move::To(cursor.before(here).unwrap_or(here)),
        Command::NextSection => to(cursor.next_section_start(), Move::End),
        Command::PreviousSection => {
            let start = Position::new(here.section, 0);
            if section_elapsed > RESTART_SECTION_AFTER {
                Move::To(start)
            } else {
                Move::To(cursor.previous_section_start().unwrap_or(start))
            }
        }
        Command::JumpToSection(n) => {
            let p = Position::new(n, 0);
            if cursor.is_valid(p) {
                Move::To(p)
            } else {
                Move::Stay
            }
        }
        Command::JumpTo(p) => {
            if cursor.is_valid(p) {
                Move::To(p)
            } else {
                Move::Stay
            }
        }
        Command::FromStart => to(cursor.first(), Move::Stay),
        _ => return None,
    })
}

/// Every navigation case, as `(command, from, seconds into the section, move)`, over sections of
/// `[3, 0, 2, 1]` utterances (the second one empty). The policy's own test and both playback
/// loops' tests run this same table.
pub fn cases() -> Vec<(Command, Position, f64, Move)> {
    let p = Position::new;
    use Command::*;
    use Move::*;
    vec![
        (NextUtterance, p(0, 0), 0.0, To(p(0, 1))),
        (NextUtterance, p(0, 2), 0.0, To(p(2, 0))),
        (NextUtterance, p(3, 0), 0.0, Stay),
        (PreviousUtterance, p(0, 1), 0.0, To(p(0, 0))),
        (PreviousUtterance, p(2, 0), 0.0, To(p(0, 2))),
        (PreviousUtterance, p(0, 0), 0.0, To(p(0, 0))),
        (NextSection, p(0, 1), 0.0, To(p(2, 0))),
        (NextSection, p(3, 0), 0.0, End),
        (PreviousSection, p(2, 1), 1.0, To(p(0, 0))),
        (PreviousSection, p(2, 1), 5.0, To(p(2, 0))),
        (PreviousSection, p(0, 2), 1.0, To(p(0, 0))),
        (JumpToSection(3), p(0, 0), 0.0, To(p(3, 0))),
        (JumpToSection(1), p(0, 1), 0.0, Stay),
        (JumpToSection(9), p(0, 1), 0.0, Stay),
        (FromStart, p(3, 0), 0.0, To(p(0, 0))),
        (JumpTo(p(2, 1)), p(0, 0), 0.0, To(p(2, 1))),
        (JumpTo(p(0, 2)), p(3, 0), 0.0, To(p(0, 2))),
        (JumpTo(p(2, 5)), p(0, 1), 0.0, Stay),
    ]
}

/// The section lengths [`cases`] is written for.
pub const CASE_SECTIONS: [usize; 4] = [3, 0, 2, 1];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_of_the_table_moves_as_written() {
        for (command, from, elapsed, expected) in cases() {
            let mut cursor = Cursor::new(CASE_SECTIONS.to_vec());
            assert!(cursor.set(from));
            let got = navigate(command, &cursor, Duration::from_secs_f64(elapsed));
            assert_eq!(
                got,
                Some(expected),
                "{command:?} from {from:?} at {elapsed} s"
            );
        }
    }

    #[test]
    fn commands_that_do_not_move_are_not_navigation() {
        let cursor = Cursor::new(CASE_SECTIONS.to_vec());
        for c in [
            Command::TogglePause,
            Command::Faster,
            Command::Louder,
            Command::ToggleMute,
            Command::Quit,
            Command::Interrupt,
            Command::Outline,
            Command::Help,
        ] {
            assert_eq!(navigate(c, &cursor, Duration::ZERO), None, "{c:?}");
        }
    }
}
