//! The MPRIS player itself: `org.mpris.MediaPlayer2.aloud.instance<PID>` on the session bus,
//! served with `dbus` and `dbus-crossroads` on a thread of its own.
//!
//! [`register`] starts the thread, which connects and claims the name; the returned [`Mpris`]
//! sends it what is playing ([`Mpris::set_metadata`], [`Mpris::set_playback`]), and the keys
//! the desktop presses come back on the channel given to it. The thread answers the bus's method
//! calls and property reads from one shared [`State`], and announces changes with
//! `PropertiesChanged`, as desktop sound menus and `playerctl` expect. The position is worked out when asked: where it was last
//! set plus the time played since at the playback rate (the listening speed); a position that
//! jumps (a skip, a click in the reader) is announced with `Seeked`. Seeking from the desktop,
//! the track list and the volume are not offered.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use dbus::arg::{PropMap, RefArg, Variant};
use dbus::blocking::stdintf::org_freedesktop_dbus::PropertiesPropertiesChanged;
use dbus::blocking::Connection;
use dbus::channel::{MatchingReceiver, Sender};
use dbus::message::{MatchRule, SignalArgs};
use dbus_crossroads::{Crossroads, IfaceBuilder};

const PATH: &str = "/org/mpris/MediaPlayer2";
const PLAYER: &str = "org.mpris.MediaPlayer2.Player";

/// A key the desktop pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    PlayPause,
    Play,
    Pause,
    Next,
    Previous,
    Stop,
}

/// What is playing, as the desktop shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Metadata {
    /// `xesam:title`: the section heading.
    pub title: Option<String>,
    /// `xesam:album`: the article's title.
    pub album: Option<String>,
    /// `xesam:artist`: the byline, or the source.
    pub artist: Option<String>,
    /// `xesam:url`: where the article came from.
    pub url: Option<String>,
    /// `mpris:length`.
    pub length: Duration,
}

/// What the bus sees.
#[derive(Debug)]
struct State {
    metadata: Metadata,
    paused: bool,
    /// The position last set, and when.
    position: (Duration, Instant),
    /// The listening speed.
    rate: f64,
}

impl State {
    fn status(&self) -> &'static str {
        if self.paused {
            "Paused"
        } else {
            "Playing"
        }
    }

    /// Where playback is now, as the last update and the time since at the rate say.
    fn position(&self) -> Duration {
        let (at, since) = self.position;
        let now = if self.paused {
            at
        } else {
            at + since.elapsed().mul_f64(self.rate)
        };
        now.min(self.metadata.length)
    }

    fn position_micros(&self) -> i64 {
        self.position().as_micros() as i64
    }

    fn metadata_map(&self) -> PropMap {
        let m = &self.metadata;
        let mut map: PropMap = HashMap::new();
        let mut put = |k: &str, v: Box<dyn RefArg>| {
            map.insert(k.to_string(), Variant(v));
        };
        if let Ok(track) = dbus::Path::new("/org/aloud/article") {
            put("mpris:trackid", Box::new(track));
        }
        put("mpris:length", Box::new(m.length.as_micros() as i64));
        if let Some(t) = &m.title {
            put("xesam:title", Box::new(t.clone()));
        }
        if let Some(a) = &m.album {
            put("xesam:album", Box::new(a.clone()));
        }
        if let Some(a) = &m.artist {
            put("xesam:artist", Box::new(vec![a.clone()]));
        }
        if let Some(u) = &m.url {
            put("xesam:url", Box::new(u.clone()));
        }
        map
    }
}

enum Update {
    Metadata(Metadata),
    Playback {
        paused: bool,
        position: Duration,
        rate: f64,
    },
}

/// The running player; dropping it leaves the bus.
pub(crate) struct Mpris {
    tx: mpsc::Sender<Update>,
}

impl Mpris {
    /// Shows `metadata`.
    pub(crate) fn set_metadata(&self, metadata: Metadata) {
        let _ = self.tx.send(Update::Metadata(metadata));
    }

    /// Playing or paused, at `position` into the article (at normal speed), at `rate` (the
    /// listening speed).
    pub(crate) fn set_playback(&self, paused: bool, position: Duration, rate: f32) {
        let _ = self.tx.send(Update::Playback {
            paused,
            position,
            rate: rate as f64,
        });
    }
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Asks for `org.mpris.MediaPlayer2.NAME` on the session bus (queued behind an owner that has
/// it, as the previous article of a queue may still) and serves it; keys arrive on `keys`.
/// Connecting and claiming the name happen on the player's thread, so that a slow or stuck bus
/// never holds up the audio; what is sent before then is shown once they are done, and nothing
/// is when there is no session bus. `None` only when the thread cannot start.
pub(crate) fn register(name: &str, keys: mpsc::Sender<Key>) -> Option<Mpris> {
    let name = format!("org.mpris.MediaPlayer2.{name}");
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("mpris".into())
        .spawn(move || {
            let Ok(conn) = Connection::new_session() else {
                return;
            };
            if conn.request_name(name, false, true, false).is_err() {
                return;
            }
            let state: Shared = Arc::new(Mutex::new(State {
                metadata: Metadata::default(),
                paused: false,
                position: (Duration::ZERO, Instant::now()),
                rate: 1.0,
            }));
            let cr = crossroads(keys, Arc::clone(&state));
            serve(conn, cr, state, rx)
        })
        .ok()?;
    Some(Mpris { tx })
}

/// The two interfaces, on the state the thread's loop updates.
fn crossroads(keys: mpsc::Sender<Key>, state: Shared) -> Crossroads {
    let mut cr = Crossroads::new();
    let root = cr.register("org.mpris.MediaPlayer2", {
        let keys = keys.clone();
        move |b: &mut IfaceBuilder<Shared>| {
            b.property("Identity").get(|_, _| Ok("aloud".to_string()));
            b.property("CanQuit").get(|_, _| Ok(true));
            b.property("CanRaise").get(|_, _| Ok(false));
            b.property("HasTrackList").get(|_, _| Ok(false));
            b.property("SupportedUriSchemes")
                .get(|_, _| Ok(Vec::<String>::new()));
            b.property("SupportedMimeTypes")
                .get(|_, _| Ok(Vec::<String>::new()));
            b.method("Raise", (), (), |_, _, _: ()| Ok(()));
            b.method("Quit", (), (), move |_, _, _: ()| {
                let _ = keys.send(Key::Stop);
                Ok(())
            });
        }
    });
    let player = cr.register(PLAYER, move |b: &mut IfaceBuilder<Shared>| {
        for (method, key) in [
            ("PlayPause", Key::PlayPause),
            ("Play", Key::Play),
            ("Pause", Key::Pause),
            ("Next", Key::Next),
            ("Previous", Key::Previous),
            ("Stop", Key::Stop),
        ] {
            let keys = keys.clone();
            b.method(method, (), (), move |_, _, _: ()| {
                let _ = keys.send(key);
                Ok(())
            });
        }
        b.method("Seek", ("Offset",), (), |_, _, _: (i64,)| Ok(()));
        b.method(
            "SetPosition",
            ("TrackId", "Position"),
            (),
            |_, _, _: (dbus::Path<'static>, i64)| Ok(()),
        );
        b.method("OpenUri", ("Uri",), (), |_, _, _: (String,)| Ok(()));
        b.property("PlaybackStatus")
            .emits_changed_true()
            .get(|_, s: &mut Shared| Ok(lock(s).status().to_string()));
        b.property("Metadata")
            .emits_changed_true()
            .get(|_, s: &mut Shared| Ok(lock(s).metadata_map()));
        b.property("Position")
            .emits_changed_false()
            .get(|_, s: &mut Shared| Ok(lock(s).position_micros()));
        b.property("Rate")
            .emits_changed_true()
            .get(|_, s: &mut Shared| Ok(lock(s).rate));
        b.property("MinimumRate").get(|_, _| Ok(0.5f64));
        b.property("MaximumRate").get(|_, _| Ok(3.0f64));
        b.signal::<(i64,), _>("Seeked", ("Position",));
        b.property("Volume").get(|_, _| Ok(1.0f64));
        for can in [
            "CanGoNext",
            "CanGoPrevious",
            "CanPlay",
            "CanPause",
            "CanControl",
        ] {
            b.property(can).get(|_, _| Ok(true));
        }
        b.property("CanSeek").get(|_, _| Ok(false));
    });
    cr.insert(PATH, &[root, player], state);
    cr
}

/// Answers the bus until the player is dropped.
fn serve(conn: Connection, mut cr: Crossroads, state: Shared, rx: mpsc::Receiver<Update>) {
    conn.start_receive(
        MatchRule::new_method_call(),
        Box::new(move |msg, conn| {
            let _ = cr.handle_message(msg, conn);
            true
        }),
    );
    loop {
        let mut changed: PropMap = HashMap::new();
        loop {
            match rx.try_recv() {
                Ok(Update::Metadata(m)) => {
                    let mut s = lock(&state);
                    s.metadata = m;
                    changed.insert("Metadata".into(), Variant(Box::new(s.metadata_map())));
                }
                Ok(Update::Playback {
                    paused,
                    position,
                    rate,
                }) => {
                    let mut s = lock(&state);
                    // A position more than a second from where playback would be is a jump.
                    let jumped = s.position().abs_diff(position) > Duration::from_secs(1);
                    let (status_changed, rate_changed) = (s.paused != paused, s.rate != rate);
                    s.paused = paused;
                    s.rate = rate;
                    if status_changed {
                        changed.insert(
                            "PlaybackStatus".into(),
                            Variant(Box::new(s.status().to_string())),
                        );
                    }
                    if rate_changed {
                        changed.insert("Rate".into(), Variant(Box::new(rate)));
                    }
                    s.position = (position, Instant::now());
                    if jumped {
                        let micros = position.as_micros() as i64;
                        let seeked = dbus::Message::signal(
                            &dbus::Path::from(PATH),
                            &dbus::strings::Interface::from(PLAYER),
                            &dbus::strings::Member::from("Seeked"),
                        )
                        .append1(micros);
                        let _ = conn.send(seeked);
                    }
                }
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        }
        if !changed.is_empty() {
            let signal = PropertiesPropertiesChanged {
                interface_name: PLAYER.to_string(),
                changed_properties: changed,
                invalidated_properties: Vec::new(),
            };
            let _ = conn.send(signal.to_emit_message(&dbus::Path::from(PATH)));
        }
        if conn.process(Duration::from_millis(50)).is_err() {
            return;
        }
    }
}
