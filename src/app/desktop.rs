//! Media keys and the desktop's player controls. On Linux aloud registers on the session bus as
//! an MPRIS player (`org.mpris.MediaPlayer2.aloud.instance<PID>`, served by [`super::mpris`]),
//! so the keyboard's media keys, the desktop's sound menu and `playerctl` can pause, resume,
//! skip sections (next/previous) and stop it, and see what is playing: the article's title as
//! the album, the section heading as the title, the byline or source as the artist, the source
//! as the URL (`xesam:url`: the web address, or a `file://` address for a file), the article's
//! estimated length, and the position in it.
//!
//! [`start`] returns two halves: [`MediaKeys`] (commands in, a player [`Controls`]) and
//! [`NowPlaying`] (what is playing out, a player [`Observer`]). Without the `mpris` feature, off
//! Linux, or without a session bus both halves do nothing and listening goes on as before.
//! Not done: macOS and Windows media controls (their system APIs need a window or an event loop
//! that this terminal program does not have; not tried).

use std::time::Duration;

use aloud::player::{Controls, Observer, PlayerEvent, Request, View};
use aloud::segment::Script;

/// Commands from media keys and the desktop, for the player.
pub(crate) struct MediaKeys {
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    rx: Option<std::sync::mpsc::Receiver<super::mpris::Key>>,
    paused: bool,
}

/// What is playing, for the desktop.
pub(crate) struct NowPlaying {
    #[cfg(all(feature = "mpris", target_os = "linux"))]
    controls: Option<super::mpris::Mpris>,
    album: Option<String>,
    url: Option<String>,
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
        url: url_of(source),
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
    super::mpris::Mpris,
    std::sync::mpsc::Receiver<super::mpris::Key>,
)> {
    // No session bus (a server, CI, a console): nothing to register with, and nothing to say.
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS")?;
    let name = format!("aloud.instance{}", std::process::id());
    let (tx, rx) = std::sync::mpsc::channel();
    let controls = super::mpris::register(&name, tx)?;
    Some((controls, rx))
}

/// The source as a URL: a web address as it is, a file as a `file://` address (the path's
/// bytes outside the unreserved set percent-encoded); standard input has none.
fn url_of(source: &str) -> Option<String> {
    if source == "-" || source.is_empty() {
        return None;
    }
    let scheme = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    if scheme.starts_with("http://") || scheme.starts_with("https://") {
        return Some(source.to_string());
    }
    let mut url = String::from("file://");
    for b in source.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    Some(url)
}

impl Controls for MediaKeys {
    fn poll(&mut self, view: &View) -> Option<Request> {
        self.paused = view.paused;
        #[cfg(all(feature = "mpris", target_os = "linux"))]
        {
            use super::mpris::Key;
            use aloud::player::Command;
            let rx = self.rx.as_ref()?;
            while let Ok(key) = rx.try_recv() {
                let command = match key {
                    Key::PlayPause => Some(Command::TogglePause),
                    Key::Play if self.paused => Some(Command::TogglePause),
                    Key::Pause if !self.paused => Some(Command::TogglePause),
                    Key::Play | Key::Pause => None,
                    Key::Next => Some(Command::NextSection),
                    Key::Previous => Some(Command::PreviousSection),
                    Key::Stop => Some(Command::Quit),
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
        let Some(controls) = self.controls.as_mut() else {
            return;
        };
        let section = view.position.section;
        if self.section != Some(section) {
            self.section = Some(section);
            controls.set_metadata(super::mpris::Metadata {
                title: self.headings.get(section).cloned(),
                album: self.album.clone(),
                artist: self.artist.clone(),
                url: self.url.clone(),
                length: self.length,
            });
        }
        let changed = matches!(
            event,
            PlayerEvent::Paused
                | PlayerEvent::Resumed
                | PlayerEvent::SectionStarted(_)
                | PlayerEvent::UtteranceStarted(_)
                | PlayerEvent::Speed(_)
        );
        if changed {
            // The position in the article: its length less the time left, at normal speed.
            let left = view.article_left.mul_f32(view.speed);
            controls.set_playback(view.paused, self.length.saturating_sub(left), view.speed);
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
            &self.url,
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

#[cfg(test)]
mod tests {
    use super::url_of;

    #[test]
    fn sources_become_urls() {
        assert_eq!(
            url_of("https://example.org/a?b=1").as_deref(),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(
            url_of("/home/me/My Articles/ä.txt").as_deref(),
            Some("file:///home/me/My%20Articles/%C3%A4.txt")
        );
        assert_eq!(url_of("-"), None);
        assert_eq!(
            url_of("HTTPS://Example.org/").as_deref(),
            Some("HTTPS://Example.org/")
        );
    }
}
