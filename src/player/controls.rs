//! Where player [`Command`]s come from other than a keyboard: [`SignalControls`] turns Ctrl-C
//! and SIGTERM into a clean stop, [`ScriptedControls`] fires commands at given points (for tests
//! and demos). Reading keys from a terminal is the program's business, not the library's (the
//! `aloud` binary does it in raw mode).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
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
    /// position is saved; [`interrupted_exit_status`] tells which it was); a second Ctrl-C before
    /// that happened ends the process at once (exit status 130), a second SIGTERM does not. When
    /// the handlers cannot be installed the signals keep their default effect.
    pub fn new() -> SignalControls {
        let flag = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for s in STOP_SIGNALS {
            // Order matters: the shutdown check runs before the flag is set by this signal.
            // Only for Ctrl-C: a second SIGTERM is what `timeout`, service managers and
            // schedulers send to the whole process group right after the first, and must not
            // cost the saved position.
            if s == signal_hook::consts::SIGINT {
                if let Ok(id) =
                    signal_hook::flag::register_conditional_shutdown(s, 128 + s, Arc::clone(&flag))
                {
                    ids.push(id);
                }
            }
            if let Ok(id) = signal_hook::flag::register(s, Arc::clone(&flag)) {
                ids.push(id);
            }
            if let Ok(id) = signal_hook::flag::register_usize(s, last_signal(), s as usize) {
                ids.push(id);
            }
        }
        SignalControls { flag, ids }
    }

    fn take(&self) -> bool {
        self.flag.swap(false, Ordering::SeqCst)
    }
}

/// The signals that stop playback or an export cleanly: Ctrl-C (SIGINT) and SIGTERM.
const STOP_SIGNALS: [i32; 2] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// The last stop signal this process received (0 for none); process-wide, like signals.
fn last_signal() -> Arc<AtomicUsize> {
    static LAST: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    Arc::clone(LAST.get_or_init(|| Arc::new(AtomicUsize::new(0))))
}

/// The flag set by Ctrl-C or SIGTERM, for work that checks it itself (an export), which also
/// notes the signal for [`interrupted_exit_status`]. One flag for the whole process, its
/// handlers registered on the first call and kept: a signal that lands between two exports of
/// a batch stops the next one at once, instead of being lost with a flag nobody checks.
pub fn stop_flag() -> std::io::Result<Arc<AtomicBool>> {
    static FLAG: std::sync::Mutex<Option<Arc<AtomicBool>>> = std::sync::Mutex::new(None);
    let mut slot = FLAG
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(flag) = slot.as_ref() {
        return Ok(Arc::clone(flag));
    }
    let flag = Arc::new(AtomicBool::new(false));
    for s in STOP_SIGNALS {
        // A second Ctrl-C ends the process at once (a read that does not check the flag, a
        // slow fetch); registered first, so the first signal only sets the flag.
        signal_hook::flag::register_conditional_shutdown(s, 128 + s, Arc::clone(&flag))?;
        signal_hook::flag::register(s, Arc::clone(&flag))?;
        signal_hook::flag::register_usize(s, last_signal(), s as usize)?;
    }
    *slot = Some(Arc::clone(&flag));
    Ok(flag)
}

/// The exit status of a run stopped by a signal, as a shell reports a process the signal
/// ended: 128 + its number, so 130 after Ctrl-C and 143 after SIGTERM (130 when no signal was
/// seen).
pub fn interrupted_exit_status() -> u8 {
    match last_signal().load(Ordering::SeqCst) {
        0 => 130,
        s => u8::try_from(128 + s).unwrap_or(130),
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
