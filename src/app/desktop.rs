//! Media keys and the desktop's player controls. On Linux aloud registers on the session bus as
//! an MPRIS player (`org.mpris.MediaPlayer2.aloud.instance<PID>`, through `souvlaki`), so the
//! keyboard's media keys, the desktop's sound menu and `playerctl` can pause, resume, skip
//! sections (next/previous) and stop it, and see what is playing: the article's title as the
//! album, the section heading as the title, the byline or source as the artist, the article's
//! estimated length, and the position in it.
//!
//! [`start`] returns two halves: [`MediaKeys`] (commands in, a player [`Controls`]) and
//! [`NowPlaying`] (what is playing out, a player [`Observer`]). Without the `mpris` feature, off
//! Linux, or without a session bus both halves do nothing and listening goes on as before.
//! Not done: the article's URL (`xesam:url`), which the crate has no field for; macOS and
//! Windows media controls (souvlaki has them, but they need a window or an event loop this
//! terminal program does not have; not tried).

use std::time::Duration;

use aloud::player::{Controls, Observer, PlayerEvent, Request, View};
use aloud::segment::Script;

/// Commands from media keys and the desktop, for the player.
pub(crate) struct MediaKeys {
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    rx: Option<std::sync::mpsc::Receiver<souvlaki::MediaControlEvent>>,
    paused: bool,
}

/// What is playing, for the desktop.
pub(crate) struct NowPlaying {
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    controls: Option<souvlaki::MediaControls>,
    album: Option<String>,
    artist: Option<String>,
    headings: Vec<String>,
    length: Duration,
    section: Option<usize>,
}

/// Registers with the desktop for `script`, read from `source`; both halves do nothing when
/// that is not possible.
pub(crate) fn start(script: &Script, source: &str, rate_wpm: u32) -> (MediaKeys, NowPlaying) {
    let length = aloud::outline::estimate_seconds_at(
        script.sections.iter().flat_map(|s| &s.utterances),
        rate_wpm,
    );
    let headings = (0..script.sections.len())
        .map(|i| script.section_label(i))
        .collect();
    let now = NowPlaying {
        #[cfg(all(feature = "mpris", target_os = "linux"))]
        controls: None,
        album: script.title.clone(),
        artist: script.byline.clone().or_else(|| Some(source.to_string())),
        headings,
        length: Duration::from_secs_f64(length),
        section: None,
    };
    let keys = MediaKeys {
        #[cfg(all(feature = "mpris", target_os = "linux"))]
        rx: None,
        paused: false,
    };
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    {
        let (mut keys, mut now) = (keys, now);
        if let Some((controls, rx)) = register() {
            now.controls = Some(controls);
            keys.rx = Some(rx);
        }
        (keys, now)
    }
    #[cfg(not(all(feature = "mpris", target_os = "linux")))]
    (keys, now)
}

#[cfg(all(feature = "mpris", target_os = "linux"))]
fn register() -> Option<(
    souvlaki::MediaControls,
    std::sync::mpsc::Receiver<souvlaki::MediaControlEvent>,
)> {
    // No session bus (a server, CI, a console): nothing to register with, and nothing to say.
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS")?;
    let name = format!("aloud.instance{}", std::process::id());
    let mut controls = souvlaki::MediaControls::new(souvlaki::PlatformConfig {
        display_name: "aloud",
        dbus_name: &name,
        hwnd: None,
    })
    .ok()?;
    let (tx, rx) = std::sync::mpsc::channel();
    controls
        .attach(move |event| {
            let _ = tx.send(event);
        })
        .ok()?;
    Some((controls, rx))
}

impl Controls for MediaKeys {
    fn poll(&mut self, view: &View) -> Option<Request> {
        self.paused = view.paused;
        #[cfg(all(feature = "mpris", target_os = "linux"))]
        {
            use aloud::player::Command;
            use souvlaki::MediaControlEvent as E;
            let rx = self.rx.as_ref()?;
            while let Ok(event) = rx.try_recv() {
                let command = match event {
                    E::Toggle => Some(Command::TogglePause),
                    E::Play if self.paused => Some(Command::TogglePause),
                    E::Pause if !self.paused => Some(Command::TogglePause),
                    E::Next => Some(Command::NextSection),
                    E::Previous => Some(Command::PreviousSection),
                    E::Stop | E::Quit => Some(Command::Quit),
                    _ => None,
                };
                if let Some(command) = command {
                    return Some(Request::now(command));
                }
            }
        }
        None
    }
}

impl NowPlaying {
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    fn publish(&mut self, event: &PlayerEvent, view: &View) {
        use souvlaki::{MediaMetadata, MediaPlayback, MediaPosition};
        let Some(controls) = self.controls.as_mut() else {
            return;
        };
        let section = view.position.section;
        if self.section != Some(section) {
            self.section = Some(section);
            let title = self.headings.get(section).map(String::as_str);
            let _ = controls.set_metadata(MediaMetadata {
                title,
                album: self.album.as_deref(),
                artist: self.artist.as_deref(),
                cover_url: None,
                duration: Some(self.length),
            });
        }
        let changed = matches!(
            event,
            PlayerEvent::Paused
                | PlayerEvent::Resumed
                | PlayerEvent::SectionStarted(_)
                | PlayerEvent::Speed(_)
        );
        if changed {
            // The position in the article: its length less the time left, at normal speed.
            let left = view.article_left.mul_f32(view.speed);
            let progress = Some(MediaPosition(self.length.saturating_sub(left)));
            let playback = if view.paused {
                MediaPlayback::Paused { progress }
            } else {
                MediaPlayback::Playing { progress }
            };
            let _ = controls.set_playback(playback);
        }
    }
}

impl Observer for NowPlaying {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        #[cfg(all(feature = "mpris", target_os = "linux"))]
        self.publish(event, view);
        #[cfg(not(all(feature = "mpris", target_os = "linux")))]
        let _ = (
            event,
            view,
            &self.album,
            &self.artist,
            &self.headings,
            self.length,
            self.section,
        );
    }
}

/// Two sources of commands, the first asked first.
pub(crate) struct Both<'a>(pub &'a mut dyn Controls, pub &'a mut dyn Controls);

impl Controls for Both<'_> {
    fn poll(&mut self, view: &View) -> Option<Request> {
        self.0.poll(view).or_else(|| self.1.poll(view))
    }
}
