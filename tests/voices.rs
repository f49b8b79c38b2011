//! `aloud voices` and `aloud say`: the catalog, user voice files, command voices and the
//! built-in espeak-ng voice, through the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{
    assert_error_line, assert_error_lines, assert_only_error_line, stderr, stdout, Sandbox,
};

/// Writes a user voice file into the sandbox's `$XDG_DATA_HOME/aloud/voices/`.
fn user_voice(sb: &Sandbox, file: &str, toml: &str) -> PathBuf {
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(file);
    std::fs::write(&p, toml).unwrap();
    p
}

/// Writes an executable shell script into the sandbox.
fn script(sb: &Sandbox, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = sb.write(name, format!("#!/bin/sh\n{body}\n"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// Writes a WAV of a `freq` Hz sine at half scale into the sandbox (16-bit, or 32-bit float).
fn tone_wav(sb: &Sandbox, name: &str, rate: u32, channels: u16, float: bool, secs: f64) -> PathBuf {
    let p = sb.path().join(name);
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: if float { 32 } else { 16 },
        sample_format: if float {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(&p, spec).unwrap();
    for i in 0..(rate as f64 * secs).round() as usize {
        let x = 0.5 * (std::f64::consts::TAU * 440.0 * i as f64 / rate as f64).sin();
        for _ in 0..channels {
            if float {
                w.write_sample(x as f32).unwrap();
            } else {
                w.write_sample((x * 32767.0).round() as i16).unwrap();
            }
        }
    }
    w.finalize().unwrap();
    p
}

fn command_voice(name: &str, program: &Path, args: &str, output: &str) -> String {
    format!(
        "name = \"{name}\"\nlanguage = \"en-US\"\nengine = \"command\"\n[command]\n\
         program = \"{}\"\nargs = {args}\noutput = \"{output}\"\ntimeout_secs = 10\nsample_rate = 22050\n",
        program.display()
    )
}

fn read_wav(p: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut r = hound::WavReader::open(p).unwrap();
    let spec = r.spec();
    (spec, r.samples::<i16>().map(|s| s.unwrap()).collect())
}

fn say(sb: &Sandbox, args: &[&str]) -> Output {
    let mut all = vec!["say"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// Samples of speech, not counting the final section-end pause (1.2 s at the normal rate).
fn speech_samples(samples: &[i16], rate: u32) -> usize {
    samples.len() - rate as usize * 1200 / 1000
}

#[test]
fn voices_lists_every_shipped_voice_with_engine_language_and_whether_it_runs() {
    let sb = Sandbox::new();
    let out = sb.run(&["voices"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let row = |name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name} in:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("en-us")[..5], ["en-us", "*", "espeak", "en-US", "yes"]);
    assert_eq!(row("en-gb")[..4], ["en-gb", "espeak", "en-GB", "yes"]);
    assert_eq!(row("flite")[..4], ["flite", "command", "en-US", "yes"]);
    for name in ["en-us-slow", "en-us-fast"] {
        assert_eq!(row(name)[1], "espeak");
    }
}

#[test]
fn voices_says_why_a_voice_cannot_run_and_reports_a_broken_file_by_line() {
    let sb = Sandbox::new();
    user_voice(
        &sb,
        "ghost.toml",
        &command_voice(
            "ghost",
            Path::new("aloud-test-no-such-program"),
            "[\"{text}\", \"{output}\"]",
            "file",
        ),
    );
    user_voice(
        &sb,
        "neural.toml",
        "name = \"neural\"\nlanguage = \"en-US\"\nengine = \"festival-server\"\n",
    );
    let broken = user_voice(
        &sb,
        "broken.toml",
        "name = \"broken\"\nlanguage = \"en\"\nrate = fast\n",
    );
    let out = sb.run(&["voices"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("ghost ")
            && l.contains("no: aloud-test-no-such-program not installed")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("neural ")
            && l.contains("no: unsupported engine \"festival-server\"")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("en-us ")), "{text}");
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "aloud: warning: skipped voice file {}:3: invalid boolean, expected `false`",
            broken.display()
        ),
    );
}

#[test]
fn a_user_voice_replaces_a_shipped_one_of_the_same_name() {
    let sb = Sandbox::new();
    user_voice(
        &sb,
        "mine.toml",
        "name = \"en-gb\"\nlanguage = \"en-GB\"\nengine = \"tone\"\nrate = 120\n",
    );
    let out = sb.run(&["voices"]);
    let text = stdout(&out);
    let row = text.lines().find(|l| l.starts_with("en-gb ")).unwrap();
    assert!(row.contains(" tone "), "{row}");
    // And it speaks with that voice: the tone lasts exactly 0.5 s per word at 120 wpm.
    let wav = sb.path().join("t.wav");
    let out = say(
        &sb,
        &[
            "one two three",
            "--voice",
            "en-gb",
            "-o",
            wav.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    let pause = (spec.sample_rate as f64 * 1.75).round() as usize; // 1.2 s scaled by 175/120
    assert_eq!(samples.len(), 3 * spec.sample_rate as usize / 2 + pause);
}

#[test]
fn say_with_the_builtin_voice_writes_speech_at_a_plausible_pace() {
    let sb = Sandbox::new();
    let wav = sb.path().join("hello.wav");
    let text = "Reading articles aloud is easier when the voice keeps a steady pace.";
    let out = say(&sb, &[text, "-o", wav.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (22_050, 1, 16)
    );
    let secs = speech_samples(&samples, spec.sample_rate) as f64 / spec.sample_rate as f64;
    let wps = text.split_whitespace().count() as f64 / secs;
    assert!((2.0..=4.5).contains(&wps), "{wps} words per second");
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 3000).count();
    assert!(
        loud > samples.len() / 20,
        "mostly silent: {loud} loud samples"
    );
    // The file ends with the silence of the final pause.
    let tail = &samples[samples.len() - spec.sample_rate as usize..];
    assert!(tail.iter().all(|s| *s == 0));
}

#[test]
fn a_slower_rate_makes_longer_speech() {
    let sb = Sandbox::new();
    let text = "The same words take longer when spoken slowly.";
    let mut lens = Vec::new();
    for rate in ["120", "240"] {
        let wav = sb.path().join(format!("r{rate}.wav"));
        let out = say(&sb, &[text, "--rate", rate, "-o", wav.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        lens.push(read_wav(&wav).1.len());
    }
    assert!(lens[0] > lens[1] * 3 / 2, "{lens:?}");
}

#[test]
fn flite_as_a_command_voice_speaks_at_its_own_rate() {
    let sb = Sandbox::new();
    let wav = sb.path().join("flite.wav");
    let text = "This sentence comes from the flite program.";
    let out = say(
        &sb,
        &[text, "--voice", "flite", "-o", wav.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert_eq!(spec.sample_rate, 16_000);
    let secs = speech_samples(&samples, spec.sample_rate) as f64 / 16_000.0;
    let wps = text.split_whitespace().count() as f64 / secs;
    assert!((1.5..=5.0).contains(&wps), "{wps} words per second");
}

#[test]
fn a_script_that_writes_a_file_round_trips_resampled_to_the_voice_rate() {
    let sb = Sandbox::new();
    // 0.5 s of a stereo 8 kHz tone; the voice declares 22,050 Hz.
    let fixture = tone_wav(&sb, "stereo-8k.wav", 8_000, 2, false, 0.5);
    let prog = script(
        &sb,
        "tone-file.sh",
        &format!(
            "test -s \"$1\" || exit 9\nexec cp {} \"$2\"",
            fixture.display()
        ),
    );
    user_voice(
        &sb,
        "beep.toml",
        &command_voice("beep", &prog, "[\"{text_file}\", \"{output}\"]", "file"),
    );
    let wav = sb.path().join("beep.wav");
    let out = say(
        &sb,
        &["Beep.", "--voice", "beep", "-o", wav.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (spec, samples) = read_wav(&wav);
    assert_eq!(spec.sample_rate, 22_050);
    let speech = speech_samples(&samples, 22_050);
    assert!((speech as i64 - 11_025).abs() <= 2, "{speech} samples");
    let peak = samples[..speech]
        .iter()
        .map(|s| s.unsigned_abs())
        .max()
        .unwrap();
    assert!((15_500..=17_500).contains(&peak), "peak {peak}");
}

#[test]
fn a_script_that_writes_flac_round_trips() {
    let sb = Sandbox::new();
    let flac = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tone-500hz-400ms-22050hz-mono.flac");
    let prog = script(
        &sb,
        "tone-flac.sh",
        &format!(
            "case \"$1\" in *.flac) ;; *) exit 7 ;; esac\nexec cp {} \"$1\"",
            flac.display()
        ),
    );
    let toml = command_voice("flac", &prog, "[\"{output}\"]", "file") + "format = \"flac\"\n";
    user_voice(&sb, "flac.toml", &toml);
    let wav = sb.path().join("flac.wav");
    let out = say(
        &sb,
        &["Flac.", "--voice", "flac", "-o", wav.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, samples) = read_wav(&wav);
    assert_eq!(speech_samples(&samples, 22_050), 8_820);
}

#[test]
fn a_script_that_prints_float_audio_on_stdout_round_trips() {
    let sb = Sandbox::new();
    let fixture = tone_wav(&sb, "float-44k.wav", 44_100, 1, true, 0.25);
    let prog = script(
        &sb,
        "tone-stdout.sh",
        &format!("exec cat {}", fixture.display()),
    );
    user_voice(
        &sb,
        "hum.toml",
        &command_voice("hum", &prog, "[\"{text}\"]", "stdout"),
    );
    let wav = sb.path().join("hum.wav");
    let out = say(
        &sb,
        &["Hum.", "--voice", "hum", "-o", wav.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, samples) = read_wav(&wav);
    let speech = speech_samples(&samples, 22_050);
    assert!((speech as i64 - 5_512).abs() <= 2, "{speech} samples");
}

#[test]
fn a_failing_command_voice_says_what_the_program_said_and_writes_nothing() {
    let sb = Sandbox::new();
    let prog = script(
        &sb,
        "broken.sh",
        "echo 'model file missing: en.onnx' >&2\nexit 3",
    );
    user_voice(
        &sb,
        "broken.toml",
        &command_voice("broken", &prog, "[\"{text}\", \"{output}\"]", "file"),
    );
    let wav = sb.path().join("never.wav");
    let out = say(
        &sb,
        &["Hello.", "--voice", "broken", "-o", wav.to_str().unwrap()],
    );
    assert_error_lines(
        &out,
        &[
            &format!(
                "aloud: warning: skipped \"Hello.\": could not speak \"Hello.\": {} failed (exit \
                 status: 3): model file missing: en.onnx",
                prog.display()
            ),
            &format!(
                "aloud: writing {}: nothing was spoken: the voice failed on every utterance",
                wav.display()
            ),
        ],
    );
    assert!(!wav.exists());
    let leftovers: Vec<_> = std::fs::read_dir(sb.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("aloud-partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_command_voice_past_its_timeout_is_stopped() {
    let sb = Sandbox::new();
    // Never finishes on its own: only the timeout can end it.
    let prog = script(&sb, "slow.sh", "exec sleep 600");
    let toml = command_voice("slow", &prog, "[\"{output}\"]", "file")
        .replace("timeout_secs = 10", "timeout_secs = 0.3");
    user_voice(&sb, "slow.toml", &toml);
    let wav = sb.path().join("slow.wav");
    let out = say(
        &sb,
        &["Hello.", "--voice", "slow", "-o", wav.to_str().unwrap()],
    );
    assert_error_lines(
        &out,
        &[
            &format!(
                "aloud: warning: skipped \"Hello.\": could not speak \"Hello.\": {} took longer \
                 than 300ms and was stopped (raise `timeout_secs` in the voice file)",
                prog.display()
            ),
            &format!(
                "aloud: writing {}: nothing was spoken: the voice failed on every utterance",
                wav.display()
            ),
        ],
    );
}

#[test]
fn a_missing_espeak_library_says_what_to_install() {
    let sb = Sandbox::new();
    let wav = sb.path().join("x.wav");
    let out = sb
        .aloud()
        .env("ALOUD_ESPEAK_LIBRARY", "libespeak-ng-not-here.so.9")
        .args(["say", "Hello.", "-o", wav.to_str().unwrap()])
        .output()
        .unwrap();
    assert_error_line(&out, "aloud: voice \"en-us\" cannot run here: the built-in voice needs libespeak-ng (cannot load \
         libespeak-ng-not-here.so.9): install it with `apt-get install libespeak-ng1`");
    // Voices that do not need it still list and the espeak ones say why not.
    let out = sb
        .aloud()
        .env("ALOUD_ESPEAK_LIBRARY", "libespeak-ng-not-here.so.9")
        .arg("voices")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let row = text.lines().find(|l| l.starts_with("en-us ")).unwrap();
    assert!(
        row.contains("no: the built-in voice needs libespeak-ng"),
        "{row}"
    );
}

#[test]
fn an_unknown_voice_name_points_to_aloud_voices() {
    let sb = Sandbox::new();
    let wav = sb.path().join("x.wav");
    let out = say(
        &sb,
        &["Hello.", "--voice", "nobody", "-o", wav.to_str().unwrap()],
    );
    assert_error_line(
        &out,
        "aloud: no voice named \"nobody\": run `aloud voices` to see the choices",
    );
}

#[test]
fn ctrl_c_during_say_leaves_no_file() {
    let sb = Sandbox::new();
    let fixture = tone_wav(&sb, "short.wav", 22_050, 1, false, 0.2);
    let prog = script(
        &sb,
        "slowish.sh",
        &format!(
            "touch {}\nsleep 0.3\nexec cp {} \"$1\"",
            sb.path().join("started").display(),
            fixture.display()
        ),
    );
    user_voice(
        &sb,
        "slowish.toml",
        &command_voice("slowish", &prog, "[\"{output}\"]", "file"),
    );
    let wav = sb.path().join("cut.wav");
    let text = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.";
    let child = sb
        .aloud()
        .args([
            "say",
            text,
            "--voice",
            "slowish",
            "-o",
            wav.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first utterance is being spoken (the handler is installed by then).
    for _ in 0..3000 {
        if sb.path().join("started").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // SAFETY: sending SIGINT to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("cut.wav")), "{names:?}");
}

#[test]
fn export_and_say_to_a_file_refuse_the_system_voice_at_once_naming_voices_that_can() {
    let sb = Sandbox::new();
    // The article does not exist: the refusal comes before any reading.
    let out = sb.run(&[
        "export",
        "missing.txt",
        "-o",
        "out.mp3",
        "--voice",
        "system",
    ]);
    let refusal =
        "aloud: voice \"system\" speaks through the operating system and gives no audio to \
                   write: export with --voice en-gb, en-us, en-us-fast, en-us-slow, flite (see \
                   `aloud voices`)";
    assert_only_error_line(&out, refusal);
    let out = say(&sb, &["Hello.", "-o", "hello.wav", "--voice", "system"]);
    assert_error_line(&out, refusal);
    assert!(!sb.path().join("hello.wav").exists());
}

#[cfg(not(feature = "system-voice"))]
#[test]
fn without_the_feature_system_voices_say_how_to_build_them() {
    let sb = Sandbox::new();
    let out = sb.run(&["voices", "--system"]);
    assert_error_line(
        &out,
        "aloud: cannot list system voices: this aloud was built without the system-voice \
         feature: rebuild with `cargo build --features system-voice` (see the README)",
    );
    let list = stdout(&sb.run(&["voices"]));
    let row = list
        .lines()
        .find(|l| l.starts_with("system "))
        .unwrap_or("");
    assert!(
        row.contains("no: built without the system-voice feature"),
        "{list}"
    );
}
