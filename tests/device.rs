//! Real audio through rodio into a virtual PulseAudio device (DESIGN.md §4), recorded from the
//! device's monitor with `parec`: a whole run, a run started at section 2, and a run in a
//! pseudo-terminal (`script`) where the `]` key skips to section 2 mid-sentence.
//!
//! Each test starts a PulseAudio server of its own, with its own `XDG_RUNTIME_DIR` under a temp
//! dir, also on a desktop where one already runs, and stops it by pid at the end. A missing `pulseaudio`
//! binary fails the test: CI installs it. Only lengths and shapes of the capture are checked,
//! never when audio started (clients here stall 0.7–2 s before the first sample).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{press_in_terminal, stderr, stdout, Sandbox};

/// Section 1: a title and four one-word sentences (bursts with pauses between them).
/// Section 2: a heading and one long sentence (a long continuous sound).
const TWO_SECTIONS: &str = "Device Check

One. Two. Three. Four.

Second Part

Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima.
";

/// Capture rate and the level (RMS per 10 ms block) above which a block counts as sound.
const RATE: usize = 22_050;
const BLOCK: usize = RATE / 100;
const SOUND: f64 = 0.02;

/// A PulseAudio server for the test: the one already running, or one started here.
pub(crate) struct Pulse {
    pub(crate) env: Vec<(String, String)>,
    monitor: String,
    daemon: Option<Child>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Pulse {
    fn drop(&mut self) {
        if let Some(child) = &mut self.daemon {
            // Stop the daemon we started, by its pid.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub(crate) fn tool(name: &str, env: &[(String, String)]) -> Command {
    let mut c = Command::new(name);
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

fn pactl_ok(env: &[(String, String)]) -> bool {
    tool("pactl", env)
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub(crate) fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

impl Pulse {
    pub(crate) fn get() -> Pulse {
        // Always a server of the test's own in a runtime folder of its own, also on a desktop
        // whose PulseAudio already runs in $XDG_RUNTIME_DIR: what the test records is then only
        // what aloud played, and daemons the test starts (speech-dispatcher) never share a
        // folder with another test's or the desktop's.
        assert!(
            on_path("pulseaudio") && on_path("pactl") && on_path("parec"),
            "the real-device test needs pulseaudio, pactl and parec: \
             apt-get install pulseaudio pulseaudio-utils"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime = dir.path().join("xdg");
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .unwrap();
        let env = vec![
            ("XDG_RUNTIME_DIR".to_string(), runtime.display().to_string()),
            ("HOME".to_string(), dir.path().display().to_string()),
        ];
        let daemon = tool("pulseaudio", &env)
            .env_remove("PULSE_SERVER")
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--disallow-exit=yes",
                &format!("--log-target=file:{}/pulse.log", runtime.display()),
                "--load=module-native-protocol-unix auth-anonymous=1",
                "--load=module-null-sink sink_name=virt rate=48000 channels=2",
                "--load=module-always-sink",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pulseaudio");
        let mut pulse = Pulse {
            env,
            monitor: "virt.monitor".into(),
            daemon: Some(daemon),
            _dir: Some(dir),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !pactl_ok(&pulse.env) {
            if let Some(Ok(Some(status))) = pulse.daemon.as_mut().map(Child::try_wait) {
                panic!(
                    "pulseaudio exited at start ({status}); see {}/pulse.log",
                    runtime.display()
                );
            }
            assert!(
                Instant::now() < deadline,
                "pulseaudio did not answer within 10 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let ok = tool("pactl", &pulse.env)
            .args(["set-default-sink", "virt"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "pactl set-default-sink virt failed");
        pulse
    }

    /// Plays `args` through `aloud listen --output device` while recording the monitor;
    /// returns the capture as samples in -1..1.
    fn capture(&self, sb: &Sandbox, args: &[&str]) -> Vec<f32> {
        self.record(sb, &format!("capture-{}", args.len()), || {
            let out = self.aloud(sb, args).output().unwrap();
            assert!(
                out.status.success(),
                "aloud listen --output device failed: {}{}",
                stdout(&out),
                stderr(&out)
            );
        })
    }

    /// `aloud listen ARGS --output device --voice tone` with this server's environment.
    fn aloud(&self, sb: &Sandbox, args: &[&str]) -> Command {
        let mut cmd = sb.aloud();
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if !self.env.iter().any(|(k, _)| k == "PULSE_SERVER") {
            cmd.env_remove("PULSE_SERVER");
        }
        // The tone voice: its length is exactly the outline's estimate.
        cmd.arg("listen")
            .args(args)
            .args(["--output", "device", "--voice", "tone"]);
        cmd
    }

    /// Records the monitor while `play` runs, plus half a second.
    pub(crate) fn record(&self, sb: &Sandbox, name: &str, play: impl FnOnce()) -> Vec<f32> {
        let raw = sb.path().join(format!("{name}.raw"));
        let mut rec = tool("parec", &self.env)
            .args([
                "-d",
                &self.monitor,
                "--latency-msec=20",
                &format!("--rate={RATE}"),
                "--channels=1",
                "--format=s16le",
            ])
            .stdout(File::create(&raw).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("start parec");
        std::thread::sleep(Duration::from_millis(300));
        play();
        std::thread::sleep(Duration::from_millis(500));
        // SAFETY: signalling the parec child we spawned; it flushes and exits on SIGTERM.
        unsafe {
            libc::kill(rec.id() as libc::pid_t, libc::SIGTERM);
        }
        let _ = rec.wait();
        read_s16(&raw)
    }
}

fn read_s16(path: &Path) -> Vec<f32> {
    std::fs::read(path)
        .unwrap()
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0)
        .collect()
}

/// For each 10 ms block: whether it holds sound.
pub(crate) fn sound_blocks(samples: &[f32]) -> Vec<bool> {
    samples
        .chunks(BLOCK)
        .map(|c| {
            let e: f64 = c.iter().map(|x| (*x as f64).powi(2)).sum::<f64>() / c.len() as f64;
            e.sqrt() > SOUND
        })
        .collect()
}

/// Seconds from the first to the last block with sound (0 when silent).
pub(crate) fn sounding_span(blocks: &[bool]) -> f64 {
    match (
        blocks.iter().position(|b| *b),
        blocks.iter().rposition(|b| *b),
    ) {
        (Some(a), Some(b)) => (b + 1 - a) as f64 * BLOCK as f64 / RATE as f64,
        _ => 0.0,
    }
}

/// Runs of sound as (start block, length in blocks), in order.
fn sound_runs(blocks: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in blocks.iter().chain([&false]).enumerate() {
        match (start, *b) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                runs.push((s, i - s));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// The outline's estimate per section (seconds at 175 wpm plus pauses: exactly the tone
/// voice's length) and the last utterance's pause.
fn estimates(sb: &Sandbox, file: &Path) -> (Vec<f64>, f64) {
    let out = sb.run(&["outline", "--json", file.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sections: Vec<f64> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["estimated_seconds"].as_f64().unwrap())
        .collect();
    let last_pause = aloud::segment::Pause::SectionEnd.millis() as f64 / 1000.0;
    (sections, last_pause)
}

#[test]
fn two_sections_play_through_rodio_in_order_and_a_section_skip_shortens_the_capture() {
    let pulse = Pulse::get();
    let sb = Sandbox::new();
    let file: PathBuf = sb.write("two-sections.txt", TWO_SECTIONS);
    let (sections, last_pause) = estimates(&sb, &file);
    assert_eq!(sections.len(), 2, "the fixture has two sections");

    let full = pulse.capture(&sb, &[file.to_str().unwrap(), "--from-start"]);
    let blocks = sound_blocks(&full);
    let span = sounding_span(&blocks);
    let expected = sections.iter().sum::<f64>() - last_pause;
    assert!(
        (span - expected).abs() < 0.1 * expected + 0.3,
        "sound lasted {span:.2} s, expected about {expected:.2} s"
    );
    // In order: section 1's short bursts come first, section 2's long sentence (4.1 s) last.
    let runs = sound_runs(&blocks);
    let longest = runs.iter().max_by_key(|r| r.1).copied().unwrap();
    assert!(
        longest.1 as f64 / 100.0 > 3.5,
        "no long sentence heard: {runs:?}"
    );
    assert_eq!(
        runs.last().map(|r| r.0),
        Some(longest.0),
        "the long sentence was not last: {runs:?}"
    );
    assert!(runs.len() >= 5, "expected separate bursts first: {runs:?}");

    let skipped = pulse.capture(&sb, &[file.to_str().unwrap(), "--section", "2"]);
    let span2 = sounding_span(&sound_blocks(&skipped));
    let saved = span - span2;
    eprintln!(
        "device capture: full {span:.2} s (expected {expected:.2}), from section 2 {span2:.2} s, \
         section 1 accounts for {saved:.2} s (expected {:.2}), {} bursts",
        sections[0],
        runs.len()
    );
    assert!(
        (saved - sections[0]).abs() < 0.1 * sections[0] + 0.3,
        "starting at section 2 shortened the sound by {saved:.2} s, expected about {:.2} s",
        sections[0]
    );

    // The `]` key in a terminal (a pseudo-terminal from `script`) 1.5 s into section 1 cuts to
    // section 2: the capture loses most of section 1 but keeps all of section 2.
    let state = sb.path().join("state/aloud/positions.json");
    let _ = std::fs::remove_file(&state);
    let keyed = pulse.record(&sb, "keyed", || {
        let cmd = pulse.aloud(&sb, &[file.to_str().unwrap(), "--from-start"]);
        let log = sb.path().join("terminal.log");
        press_in_terminal(&cmd, &log, &state, Duration::from_millis(1500), b"]");
    });
    let keyed_span = sounding_span(&sound_blocks(&keyed));
    eprintln!("device capture: with `]` 1.5 s into section 1: {keyed_span:.2} s");
    assert!(
        keyed_span < span - 1.5 && keyed_span > span2 - 0.3,
        "with `]` after 1.5 s the sound lasted {keyed_span:.2} s; full {span:.2} s, \
         section 2 alone {span2:.2} s"
    );
}
