//! Where player [`Command`]s come from other than a keyboard: [`SignalControls`] turns Ctrl-C
//! and SIGTERM into a clean stop, [`ScriptedControls`] fires commands at given points (for tests
//! and demos). Reading keys from a terminal is the program's business, not the library's (the
//! `aloud` binary does it in raw mode).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{Command, Controls, Request, View};

/// Ctrl-C and SIGTERM as an [`Command::Interrupt`], for runs without a terminal.
#[derive(Debug)]
pub struct SignalControls {
    flag: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl SignalControls {
    /// Starts listening for SIGINT and SIGTERM. The first one stops playback cleanly (the
    /// position is saved); a second one before that happened ends the process at once (exit
    /// status 130). When the handlers cannot be installed the signals keep their default effect.
    pub fn new() -> SignalControls {
        let flag = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for s in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            // Order matters: the shutdown check runs before the flag is set by this signal.
            if let Ok(id) =
                signal_hook::flag::register_conditional_shutdown(s, 130, Arc::clone(&flag))
            {
                ids.push(id);
            }
            if let Ok(id) = signal_hook::flag::register(s, Arc::clone(&flag)) {
                ids.push(id);
            }
        }
        SignalControls { flag, ids }
    }

    fn take(&self) -> bool {
        self.flag.swap(false, Ordering::SeqCst)
    }
}

impl Default for SignalControls {
    fn default() -> Self {
        SignalControls::new()
    }
}

impl Drop for SignalControls {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

impl Controls for SignalControls {
    fn poll(&mut self, _view: &View) -> Option<Request> {
        self.take().then(|| Request::now(Command::Interrupt))
    }
}

/// Commands fired when the player reaches given points: for tests and demos.
#[derive(Debug, Clone, Default)]
pub struct ScriptedControls {
    steps: std::collections::VecDeque<(Trigger, Command)>,
    since: Option<Duration>,
}

/// When a [`ScriptedControls`] step fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Trigger {
    /// When this utterance has played for at least this long.
    At(super::cursor::Position, Duration),
    /// When this much sink time has passed since the previous step fired (or the start).
    After(Duration),
}

impl ScriptedControls {
    /// Steps fired in order, each once its trigger holds.
    pub fn new(steps: Vec<(Trigger, Command)>) -> ScriptedControls {
        ScriptedControls {
            steps: steps.into(),
            since: None,
        }
    }
}

impl Controls for ScriptedControls {
    fn poll(&mut self, view: &View) -> Option<Request> {
        let since = *self.since.get_or_insert(view.clock);
        let (trigger, command) = *self.steps.front()?;
        let fire = match trigger {
            Trigger::At(pos, offset) => view.position == pos && view.offset >= offset,
            Trigger::After(d) => view.clock >= since + d,
        };
        if !fire {
            return None;
        }
        self.steps.pop_front();
        self.since = Some(view.clock);
        Some(Request::now(command))
    }
}
