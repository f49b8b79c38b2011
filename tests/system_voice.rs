//! System voices end to end (built with `--features system-voice`): `aloud listen --voice
//! system` speaks through a speech-dispatcher started here, whose espeak-ng output module plays
//! into the virtual PulseAudio device of `device.rs`, recorded from its monitor.
//!
//! speech-dispatcher runs as root without systemd in single mode (`-s`), with a config dir of its
//! own (espeak-ng module, PulseAudio output), its socket under a temp dir (passed to aloud as
//! `SPEECHD_ADDRESS`) and the test's PulseAudio environment; it is stopped by its pid. The
//! utterance callbacks are read from `--timings`, which logs each begin and end as it arrives.
//! The skip test presses `]` in a pseudo-terminal (`script`) while the first section is spoken.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::device::{on_path, sound_blocks, sounding_span, tool, Pulse};
use crate::util::{press_in_terminal, stderr, stdout, Sandbox};

/// Two short sections: a title and two sentences, then a heading and one sentence.
const TWO_SECTIONS: &str = "Voice Check

The first sentence is short. The second one is too.

Second Part

This part has one sentence.
";

/// A speech-dispatcher of the test's own.
struct Dispatcher {
    child: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Dispatcher {
    fn start(pulse: &Pulse) -> Dispatcher {
        assert!(
            on_path("speech-dispatcher"),
            "the system-voice test needs speech-dispatcher: \
             apt-get install speech-dispatcher speech-dispatcher-espeak-ng"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let conf = dir.path().join("conf");
        std::fs::create_dir_all(conf.join("modules")).unwrap();
        let module = Path::new("/etc/speech-dispatcher/modules/espeak-ng.conf");
        let module_text = std::fs::read_to_string(module).unwrap_or_default();
        std::fs::write(conf.join("modules/espeak-ng.conf"), module_text).unwrap();
        let logs = dir.path().join("log");
        std::fs::create_dir_all(&logs).unwrap();
        std::fs::write(
            conf.join("speechd.conf"),
            format!(
                "LogLevel 3\nLogDir \"{}\"\nAudioOutputMethod \"pulse\"\n\
                 AddModule \"espeak-ng\" \"sd_espeak-ng\" \"espeak-ng.conf\"\n\
                 DefaultModule espeak-ng\nDefaultLanguage \"en\"\nDefaultVolume 100\n",
                logs.display()
            ),
        )
        .unwrap();
        let socket: PathBuf = dir.path().join("speechd.sock");
        let child = tool("speech-dispatcher", &pulse.env)
            .args(["-s", "-t", "0", "-c", "unix_socket"])
            .arg("-C")
            .arg(&conf)
            .arg("-S")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start speech-dispatcher");
        let mut d = Dispatcher {
            child,
            address: format!("unix_socket:{}", socket.display()),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if let Ok(Some(status)) = d.child.try_wait() {
                panic!(
                    "speech-dispatcher exited at start ({status}); logs in {}",
                    logs.display()
                );
            }
            assert!(
                Instant::now() < deadline,
                "speech-dispatcher made no socket within 10 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        d
    }
}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        // SIGTERM lets it stop its output modules; then reap it.
        // SAFETY: signalling the child we spawned, by its pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `aloud listen FILE ARGS --voice system --timings` through `speechd` while recording the
/// device; returns the callbacks as `(§s.u, event)` in arrival order and the capture.
fn listen(
    pulse: &Pulse,
    speechd: &Dispatcher,
    sb: &Sandbox,
    name: &str,
    args: &[&str],
) -> (Vec<(String, String)>, Vec<f32>) {
    let file = sb.write("two-sections.txt", TWO_SECTIONS);
    let mut log = String::new();
    let capture = pulse.record(sb, name, || {
        let mut cmd = sb.aloud();
        for (k, v) in &pulse.env {
            cmd.env(k, v);
        }
        cmd.env("SPEECHD_ADDRESS", &speechd.address)
            .arg("listen")
            .arg(&file)
            .args(args)
            .args(["--voice", "system", "--timings"]);
        let out = cmd.output().expect("run aloud");
        assert!(
            out.status.success(),
            "aloud listen --voice system failed: {}{}",
            stdout(&out),
            stderr(&out)
        );
        log = stderr(&out);
    });
    (parse_events(&log), capture)
}

fn begin_end(positions: &[&str]) -> Vec<(String, String)> {
    positions
        .iter()
        .flat_map(|p| {
            [
                (p.to_string(), "began".into()),
                (p.to_string(), "ended".into()),
            ]
        })
        .collect()
}

#[test]
fn a_system_voice_speaks_two_sections_in_order_with_begin_and_end_for_each_utterance() {
    let pulse = Pulse::get();
    let speechd = Dispatcher::start(&pulse);
    let sb = Sandbox::new();
    let (events, capture) = listen(&pulse, &speechd, &sb, "system-all", &["--from-start"]);
    assert_eq!(
        events,
        begin_end(&["§1.1", "§1.2", "§1.3", "§2.1", "§2.2"]),
        "callbacks out of order or missing"
    );
    let span = sounding_span(&sound_blocks(&capture));
    eprintln!("system voice capture: {span:.2} s of sound");
    assert!(span > 2.0, "the device heard only {span:.2} s of sound");
}

/// Callbacks in a `--timings` log as `(§s.u, event)`, in order (terminal lines end in `\r\n`
/// and may carry status-line redraws before them).
fn parse_events(log: &str) -> Vec<(String, String)> {
    log.lines()
        .filter_map(|l| l.split("timings: system voice: ").nth(1))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?.to_string(), w.next()?.to_string()))
        })
        .collect()
}

#[test]
fn the_next_section_key_stops_a_system_voice_and_speaks_the_next_section() {
    let pulse = Pulse::get();
    let speechd = Dispatcher::start(&pulse);
    let sb = Sandbox::new();
    let file = sb.write("two-sections.txt", TWO_SECTIONS);
    let state = sb.path().join("state/aloud/positions.json");
    let log = sb.path().join("terminal.log");
    let capture = pulse.record(&sb, "system-key", || {
        let mut cmd = sb.aloud();
        for (k, v) in &pulse.env {
            cmd.env(k, v);
        }
        cmd.env("SPEECHD_ADDRESS", &speechd.address)
            .arg("listen")
            .arg(&file)
            .args(["--from-start", "--voice", "system", "--timings"]);
        // The title is being spoken (or its pause): the first sentence has not begun.
        press_in_terminal(&cmd, &log, &state, Duration::from_millis(500), b"]");
    });
    let events = parse_events(&std::fs::read_to_string(&log).unwrap_or_default());
    assert!(
        !events.iter().any(|(p, _)| p == "§1.3"),
        "the last sentence of section 1 was spoken after the skip: {events:?}"
    );
    assert!(
        events.ends_with(&begin_end(&["§2.1", "§2.2"])),
        "section 2 was not spoken whole after the skip: {events:?}"
    );
    assert_eq!(events.first().map(|e| e.0.as_str()), Some("§1.1"));
    let span = sounding_span(&sound_blocks(&capture));
    assert!(span > 0.5, "the device heard only {span:.2} s of sound");
}

#[test]
fn a_system_voice_started_at_section_two_skips_the_first_section() {
    let pulse = Pulse::get();
    let speechd = Dispatcher::start(&pulse);
    let sb = Sandbox::new();
    let (events, capture) = listen(&pulse, &speechd, &sb, "system-skip", &["--section", "2"]);
    assert_eq!(events, begin_end(&["§2.1", "§2.2"]));
    let span = sounding_span(&sound_blocks(&capture));
    assert!(span > 0.5, "the device heard only {span:.2} s of sound");
}
