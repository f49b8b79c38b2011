//! Keys from the terminal as player commands: [`TerminalControls`] puts the terminal in raw mode
//! (single keys, no Enter, no echo) and reads keys on a thread; raw mode is always restored:
//! when the controls are dropped, when the program panics (a panic hook) and on Ctrl-C or
//! SIGTERM (which stop playback normally, so the drop runs). The key map ([`map_key`]) is a pure
//! function; the help text is [`KEYS_HELP`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Once};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;

use aloud::player::controls::SignalControls;
use aloud::player::{Command, Controls, Request, View};

use super::reader::{restore_screen, Reader};

/// The keys, as shown by `aloud listen --help` and the `?` key.
pub const KEYS_HELP: &str = "\
Keys while listening:
  Space        pause / resume
  → / ←        next / previous sentence
  ] or n       next section
  [ or p       previous section (restarts the section when more than 3 s in)
  1 – 9        jump to section 1–9
  + / -        faster / slower (0.5× to 3×, pitch unchanged)
  ↑ / ↓        louder / quieter
  m            mute / unmute
  b            start from the beginning
  o            show the outline
  ?            show these keys
  q            quit (the position is saved; `aloud resume` continues)";

/// The command for a key press, if the key means anything.
pub fn map_key(key: &KeyEvent) -> Option<Command> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') | KeyCode::Char('d') => Some(Command::Interrupt),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char(' ') => Command::TogglePause,
        KeyCode::Right => Command::NextUtterance,
        KeyCode::Left => Command::PreviousUtterance,
        KeyCode::Char(']') | KeyCode::Char('n') | KeyCode::Char('>') => Command::NextSection,
        KeyCode::Char('[') | KeyCode::Char('p') | KeyCode::Char('<') => Command::PreviousSection,
        KeyCode::Char(c @ '1'..='9') => Command::JumpToSection(c as usize - '1' as usize),
        KeyCode::Char('+') | KeyCode::Char('=') => Command::Faster,
        KeyCode::Char('-') | KeyCode::Char('_') => Command::Slower,
        KeyCode::Up => Command::Louder,
        KeyCode::Down => Command::Quieter,
        KeyCode::Char('m') => Command::ToggleMute,
        KeyCode::Char('b') => Command::FromStart,
        KeyCode::Char('o') => Command::Outline,
        KeyCode::Char('?') | KeyCode::Char('h') => Command::Help,
        KeyCode::Char('q') | KeyCode::Char('Q') | KeyCode::Esc => Command::Quit,
        _ => return None,
    })
}

/// Why the terminal could not be used for keys.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ControlsError {
    /// Raw mode could not be switched on.
    #[error("cannot read single keys from this terminal ({0}); run with stdin redirected to play without keys")]
    RawMode(std::io::Error),
}

/// Keys from the terminal in raw mode, plus signals. With a reader view, every terminal event
/// (keys, mouse, resize) goes to the view, which says what it means for the player.
#[derive(Debug)]
pub struct TerminalControls {
    rx: Receiver<(Event, Instant)>,
    reader: Option<Rc<RefCell<Reader>>>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    signals: SignalControls,
}

static PANIC_HOOK: Once = Once::new();

impl TerminalControls {
    /// Switches the terminal to raw mode and starts reading keys.
    pub fn start() -> Result<TerminalControls, ControlsError> {
        TerminalControls::start_with(None)
    }

    /// Like [`TerminalControls::start`], every event going to `reader`.
    pub fn start_reader(reader: Rc<RefCell<Reader>>) -> Result<TerminalControls, ControlsError> {
        TerminalControls::start_with(Some(reader))
    }

    fn start_with(reader: Option<Rc<RefCell<Reader>>>) -> Result<TerminalControls, ControlsError> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore_screen();
                let _ = terminal::disable_raw_mode();
                previous(info);
            }));
        });
        let signals = SignalControls::new();
        terminal::enable_raw_mode().map_err(ControlsError::RawMode)?;
        let (tx, rx) = mpsc::channel();
        let done = Arc::new(AtomicBool::new(false));
        let thread_done = Arc::clone(&done);
        let thread = std::thread::Builder::new()
            .name("aloud-keys".into())
            .spawn(move || {
                while !thread_done.load(Ordering::SeqCst) {
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(_) => break,
                    }
                    let Ok(ev) = event::read() else { break };
                    if tx.send((ev, Instant::now())).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Ok(TerminalControls {
            rx,
            reader,
            done,
            thread,
            signals,
        })
    }
}

impl Controls for TerminalControls {
    fn poll(&mut self, view: &View) -> Option<Request> {
        if let Some(r) = self.signals.poll(view) {
            return Some(r);
        }
        while let Ok((ev, at)) = self.rx.try_recv() {
            let command = match (&self.reader, &ev) {
                (Some(reader), _) => reader.borrow_mut().handle(&ev),
                (None, Event::Key(key)) => map_key(key),
                (None, _) => None,
            };
            if let Some(command) = command {
                return Some(Request { command, at });
            }
        }
        None
    }
}

impl Drop for TerminalControls {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(h) = self.thread.take() {
            let _ = h.join();
        }
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn bracket_and_letter_keys_skip_sections() {
        assert_eq!(
            map_key(&key(KeyCode::Char(']'))),
            Some(Command::NextSection)
        );
        assert_eq!(
            map_key(&key(KeyCode::Char('n'))),
            Some(Command::NextSection)
        );
        assert_eq!(
            map_key(&key(KeyCode::Char('['))),
            Some(Command::PreviousSection)
        );
        assert_eq!(
            map_key(&key(KeyCode::Char('p'))),
            Some(Command::PreviousSection)
        );
    }

    #[test]
    fn digit_keys_jump_to_sections_counted_from_one() {
        assert_eq!(
            map_key(&key(KeyCode::Char('1'))),
            Some(Command::JumpToSection(0))
        );
        assert_eq!(
            map_key(&key(KeyCode::Char('9'))),
            Some(Command::JumpToSection(8))
        );
        assert_eq!(map_key(&key(KeyCode::Char('0'))), None);
    }

    #[test]
    fn ctrl_c_interrupts_and_plain_c_does_nothing() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_c), Some(Command::Interrupt));
        assert_eq!(map_key(&key(KeyCode::Char('c'))), None);
    }

    #[test]
    fn space_arrows_and_q_follow_the_help() {
        assert_eq!(
            map_key(&key(KeyCode::Char(' '))),
            Some(Command::TogglePause)
        );
        assert_eq!(map_key(&key(KeyCode::Right)), Some(Command::NextUtterance));
        assert_eq!(map_key(&key(KeyCode::Up)), Some(Command::Louder));
        assert_eq!(map_key(&key(KeyCode::Char('m'))), Some(Command::ToggleMute));
        assert_eq!(map_key(&key(KeyCode::Char('q'))), Some(Command::Quit));
        assert!(KEYS_HELP.contains("Space"));
    }
}
