//! Media keys and desktop controls: aloud as an MPRIS player on a private session bus (a
//! `dbus-daemon` of the test's own), driven and read with `playerctl`, as a desktop's media keys
//! and sound menu do. Needs Debian's `dbus` and `playerctl` (CI installs them; elsewhere the test
//! says what is missing and passes, except under CI, where it fails).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{stderr, stdout, Sandbox};

struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Option<Bus> {
        let tools = ["dbus-daemon", "playerctl"];
        let missing: Vec<&str> = tools
            .into_iter()
            .filter(|t| {
                Command::new(t)
                    .arg("--version")
                    .output()
                    .map_or(true, |o| !o.status.success())
            })
            .collect();
        if !missing.is_empty() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: {missing:?} missing (apt-get install dbus playerctl)"
            );
            eprintln!("note: {missing:?} not installed; the desktop-controls test did not run");
            return None;
        }
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        Some(Bus {
            daemon,
            address: line.trim().to_string(),
        })
    }

    /// `playerctl -p aloud ARGS` on this bus; its output, trimmed.
    fn playerctl(&self, args: &[&str]) -> String {
        let out = Command::new("playerctl")
            .args(["-p", "aloud"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("never saw {what}");
}

#[test]
fn playerctl_reads_what_plays_and_pauses_skips_and_stops_it() {
    let Some(bus) = Bus::start() else { return };
    let sb = Sandbox::new();
    let mut text = String::from("Harbour Diary\n\n");
    for (heading, topic) in [
        ("", "opening"),
        ("The Cranes", "crane"),
        ("Evenings", "evening"),
    ] {
        if !heading.is_empty() {
            text.push_str(&format!("{heading}\n\n"));
        }
        for i in 1..=8 {
            text.push_str(&format!("The {topic} note number {i} is here. "));
        }
        text.push_str("\n\n");
    }
    let f = sb.write("harbour.txt", text);
    let mut child = sb
        .aloud()
        .args(["listen", "--voice", "tone", "--output", "null"])
        .arg(&f)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&lines);
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            seen.lock().unwrap().push(line);
        }
    });
    // What a sound menu shows: the article as the album, the section as the title.
    wait_for("the article on the bus", || {
        bus.playerctl(&["metadata", "xesam:album"]) == "Harbour Diary"
    });
    assert!(
        bus.playerctl(&["metadata", "xesam:title"])
            .starts_with("§1/3"),
        "{}",
        bus.playerctl(&["metadata"])
    );
    assert_eq!(bus.playerctl(&["status"]), "Playing");
    // Where the article came from, as a file:// address.
    let path = std::fs::canonicalize(&f).unwrap();
    assert_eq!(
        bus.playerctl(&["metadata", "xesam:url"]),
        format!("file://{}", path.display())
    );
    // The position moves on while playing, within the article's length.
    let length: f64 = bus
        .playerctl(&["metadata", "mpris:length"])
        .parse()
        .unwrap();
    wait_for("the position moving", || {
        bus.playerctl(&["position"])
            .parse::<f64>()
            .is_ok_and(|p| p > 0.0 && p * 1e6 < length)
    });
    // The media key "next": the next section.
    bus.playerctl(&["next"]);
    wait_for("section 2 started", || {
        lines.lock().unwrap().iter().any(|l| l.contains("§2/3"))
    });
    wait_for("the title following the section", || {
        bus.playerctl(&["metadata", "xesam:title"])
            .contains("The Cranes")
    });
    // Play/pause, twice.
    bus.playerctl(&["play-pause"]);
    wait_for("paused", || bus.playerctl(&["status"]) == "Paused");
    bus.playerctl(&["play-pause"]);
    wait_for("playing again", || bus.playerctl(&["status"]) == "Playing");
    // Stop: aloud quits as with `q`, the position saved.
    bus.playerctl(&["stop"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "aloud did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(status.success(), "{err}");
    assert!(err.contains("Stopped at §2/3"), "{err}");
    let history = sb.run(&["history"]);
    assert!(stdout(&history).contains("§2/3"), "{}", stderr(&history));
}

#[test]
fn a_session_bus_that_never_answers_does_not_hold_up_listening() {
    // A bus socket that takes connections and never says a word (a desktop session that hangs):
    // aloud plays the article and ends as if there were no bus.
    let sb = Sandbox::new();
    let socket = sb.path().join("stuck-bus");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().map_while(Result::ok) {
            held.push(conn);
        }
    });
    let f = sb.write("short.txt", "Tide Tables\n\nThe tide turns at noon.\n");
    let mut child = sb
        .aloud()
        .args(["listen", "--voice", "tone", "--output", "null"])
        .arg(&f)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The article lasts a few seconds; a player waiting on the bus would wait for ever.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("listening hung on a session bus that never answers");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    assert!(status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("§1/1 Tide Tables"),
        "{}",
        stdout(&out)
    );
}
