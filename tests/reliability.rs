//! What aloud promises about a user's files and processes: exports write into devices and pipes
//! instead of replacing them, write through symbolic links and keep a file's permissions;
//! temporary files of killed runs are removed; a command voice cannot flood memory, cannot
//! leave children running past its timeout, and article text cannot become its options.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::util::{assert_error_lines, assert_only_error_line, stderr, Sandbox};

const ARTICLE: &str = "A Title\n\nOne short sentence.\n";

fn export(sb: &Sandbox, to: &Path, format: &str) -> std::process::Output {
    let article = sb.write("a.txt", ARTICLE);
    sb.aloud()
        .args(["export", article.to_str().unwrap(), "--voice", "tone", "-q"])
        .args(["--format", format, "-o"])
        .arg(to)
        .output()
        .unwrap()
}

#[test]
fn export_to_a_character_device_writes_into_it_and_leaves_it_a_device() {
    let sb = Sandbox::new();
    let node = sb.path().join("null");
    // The numbers of /dev/null (making a device node needs root; as another user the real
    // /dev/null stands in, which the test must not be able to harm either).
    let made = std::process::Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let target = if made {
        node
    } else {
        PathBuf::from("/dev/null")
    };
    let out = export(&sb, &target, "wav");
    assert!(out.status.success(), "{}", stderr(&out));
    let kind = std::fs::metadata(&target).unwrap().file_type();
    assert!(
        kind.is_char_device(),
        "{} became a regular file",
        target.display()
    );
    // A format that must seek back cannot be written into it: one line, nothing replaced.
    let out = export(&sb, &target, "flac");
    assert_only_error_line(
        &out,
        &format!(
            "aloud: writing {t}: {t} is not a regular file (a device or a pipe): flac needs a \
             file it can seek in; give a file name, or use --format wav or mp3",
            t = target.display()
        ),
    );
    assert!(std::fs::metadata(&target)
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn export_to_a_named_pipe_streams_into_it() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("pipe.wav");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
    let out = export(&sb, &fifo, "wav");
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = reader.join().unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn re_export_writes_through_a_symlink_and_keeps_the_files_mode() {
    let sb = Sandbox::new();
    let real = sb.path().join("real.wav");
    let link = sb.path().join("link.wav");
    let out = export(&sb, &real, "wav");
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("real.wav", &link).unwrap();
    let before = std::fs::metadata(&real).unwrap().len();
    let out = export(&sb, &link, "wav");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let meta = std::fs::metadata(&real).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), before);
}

#[test]
fn temporary_files_of_a_killed_export_are_removed_by_the_next_one() {
    let sb = Sandbox::new();
    // Left by a process that is gone (pid above Linux's largest).
    let stale = sb.path().join(".out.wav.aloud-partial-4194305-a1b2c3");
    std::fs::write(&stale, b"half").unwrap();
    let out = export(&sb, &sb.path().join("out.wav"), "wav");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists());
}

/// A command voice running `sh -c SCRIPT` in the sandbox, with `timeout_secs`.
fn shell_voice(sb: &Sandbox, name: &str, script: &str, output: &str, timeout: f64) {
    let dir = sb.path().join("data/aloud/voices");
    std::fs::create_dir_all(&dir).unwrap();
    let (args, output) = match output {
        "stdout" => (format!("[\"-c\", {script:?}, \"{{text}}\"]"), "stdout"),
        _ => (
            format!("[\"-c\", {script:?}, \"{{text}}\", \"{{output}}\"]"),
            "file",
        ),
    };
    std::fs::write(
        dir.join(format!("{name}.toml")),
        format!(
            "name = \"{name}\"\nlanguage = \"en-US\"\nengine = \"command\"\n[command]\n\
             program = \"sh\"\nargs = {args}\noutput = \"{output}\"\ntimeout_secs = {timeout}\n"
        ),
    )
    .unwrap();
}

fn say(sb: &Sandbox, voice: &str, text: &str) -> std::process::Output {
    sb.aloud()
        .args(["say", "--voice", voice, "-o"])
        .arg(sb.path().join("out.wav"))
        .args(["--", text])
        .output()
        .unwrap()
}

#[test]
fn a_voice_that_floods_its_output_is_stopped_at_a_size_from_the_text() {
    let sb = Sandbox::new();
    // Endless output: without a cap this grows until memory runs out.
    shell_voice(&sb, "flood", "exec cat /dev/zero", "stdout", 60.0);
    let out = say(&sb, "flood", "Hi.");
    let cap_mb = aloud::synth::command::audio_limit("Hi.") >> 20;
    // Stopped while running, or found over the cap once it ended (cut off from its reader).
    let warning = |stopped: &str| {
        format!(
            "aloud: warning: skipped \"Hi.\": could not speak \"Hi.\": sh wrote more than \
             {cap_mb} MB of audio for one sentence{stopped}: check its arguments in the voice file"
        )
    };
    let err = stderr(&out);
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert!(!out.status.success());
    assert!(
        lines == [warning(" and was stopped").as_str(), &nothing_spoken(&sb)]
            || lines == [warning("").as_str(), &nothing_spoken(&sb)],
        "{err}"
    );
}

#[test]
fn a_timeout_stops_the_children_a_voice_leaves_holding_its_pipes() {
    let sb = Sandbox::new();
    let pid_file = sb.path().join("child.pid");
    // The voice starts a child that keeps its pipes open, notes the child's pid, and never ends.
    let script = format!("sleep 300 & echo $! > {}; wait", pid_file.display());
    shell_voice(&sb, "stuck", &script, "stdout", 1.0);
    let out = say(&sb, "stuck", "Hi.");
    assert_error_lines(
        &out,
        &[
            "aloud: warning: skipped \"Hi.\": could not speak \"Hi.\": sh took longer than 1s \
             and was stopped (raise `timeout_secs` in the voice file)",
            &nothing_spoken(&sb),
        ],
    );
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let proc = PathBuf::from(format!("/proc/{}", pid.trim()));
    // Killed with its group: gone, or a zombie about to be reaped by init. The kill is sent
    // before aloud exits, but a loaded machine may take a moment to tear the process down.
    let alive = || {
        std::fs::read_to_string(proc.join("stat"))
            .is_ok_and(|s| !s.split(") ").nth(1).is_some_and(|r| r.starts_with('Z')))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while alive() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!alive(), "the voice's child {} still runs", pid.trim());
}

#[test]
fn text_that_starts_with_a_dash_is_not_an_option_to_the_voice() {
    let sb = Sandbox::new();
    let seen = sb.path().join("arg.txt");
    // Writes its first argument where the test can read it, then fails (no audio needed).
    let script = format!("printf '%s' \"$0\" > {}; exit 3", seen.display());
    shell_voice(&sb, "echo", &script, "stdout", 10.0);
    let _ = say(&sb, "echo", "-rf minus five degrees.");
    let arg = std::fs::read_to_string(&seen).unwrap();
    assert!(!arg.starts_with('-'), "{arg:?}");
    assert!(arg.trim_start().starts_with("-rf"), "{arg:?}");
}

/// A page whose title, heading and text carry terminal escapes, as `&#27;` entities.
const ESCAPING_PAGE: &str = "<html><head><title>&#27;[31mRed &#27;]0;pwned&#7;Alert</title></head>\
<body><article><h1>&#27;[31mRed &#27;]0;pwned&#7;Alert</h1>\
<p>The harbour opened&#27;[2J in spring. Boats came&#155;1m every day.</p>\
<h2>&#27;[5mCranes&#8;</h2><p>The cranes arrived on a Monday. They were painted red.</p>\
</article></body></html>";

/// True when `s` holds a character that could control a terminal.
fn has_controls(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}')
}

#[test]
fn terminal_escapes_in_a_page_are_never_printed() {
    let sb = Sandbox::new();
    let page = sb.write("page.html", ESCAPING_PAGE);
    let page = page.to_str().unwrap();
    for args in [
        &["outline", page][..],
        &["outline", "--spoken", page],
        &["outline", "--json", page],
        &["listen", page, "--output", "null", "--no-pace"],
        &["history"],
    ] {
        let out = sb.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let (text, err) = (crate::util::stdout(&out), stderr(&out));
        assert!(!has_controls(&text), "{args:?} printed {text:?}");
        assert!(!has_controls(&err), "{args:?} printed {err:?}");
        if args[0] != "outline" {
            continue;
        }
        // The words stay, without what the escapes said.
        assert!(text.contains("Red Alert"), "{args:?}: {text}");
        assert!(!text.contains("pwned"), "{args:?}: {text}");
        if args[1] == "--spoken" {
            assert!(text.contains("The harbour opened in spring."), "{text}");
        }
    }
    let json = crate::util::stdout(&sb.run(&["outline", "--json", page]));
    assert!(!json.contains("\\u00"), "{json}");
}

#[test]
fn history_does_not_print_escapes_from_saved_state() {
    let sb = Sandbox::new();
    let page = sb.write("page.html", ESCAPING_PAGE);
    let out = sb.run(&[
        "listen",
        page.to_str().unwrap(),
        "--output",
        "null",
        "--no-pace",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // State written by an older aloud, or edited, may still hold them.
    let state = sb.path().join("state/aloud/positions.json");
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(saved.contains("Red Alert"), "{saved}");
    std::fs::write(
        &state,
        saved.replace("Red Alert", "\\u001b[31mRed Alert\\u0007"),
    )
    .unwrap();
    let out = sb.run(&["history"]);
    let text = crate::util::stdout(&out);
    assert!(text.contains("Red Alert"), "{text}");
    assert!(!has_controls(&text), "{text:?}");
}

#[test]
fn m4b_working_folders_of_killed_exports_are_removed_by_the_next_export() {
    let sb = Sandbox::new();
    let tmp = sb.path().join("tmp");
    // Left by an export killed outright (pid above Linux's largest), and one of a live run.
    let stale = tmp.join("aloud-m4b-4194305-0");
    let live = tmp.join(format!("aloud-m4b-{}-0", std::process::id()));
    for dir in [&stale, &live] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("audio.m4a"), b"half").unwrap();
    }
    let article = sb.write("a.txt", ARTICLE);
    // Whether or not ffmpeg is installed, starting the export cleans up.
    let _ = sb
        .aloud()
        .env("TMPDIR", &tmp)
        .args([
            "export",
            article.to_str().unwrap(),
            "--voice",
            "tone",
            "-q",
            "-o",
        ])
        .arg(sb.path().join("out.m4b"))
        .output()
        .unwrap();
    assert!(!stale.exists(), "the killed export's folder is still there");
    assert!(live.exists(), "a running export's folder was removed");
}

#[test]
fn a_positions_file_half_written_by_a_killed_run_is_removed_by_the_next_save() {
    let sb = Sandbox::new();
    let state = sb.path().join("state/aloud");
    std::fs::create_dir_all(&state).unwrap();
    let stale = state.join(".positions.json.aloud-partial-4194305-a1b2c3");
    std::fs::write(&stale, b"").unwrap();
    let article = sb.write("a.txt", ARTICLE);
    let out = sb.run(&[
        "listen",
        article.to_str().unwrap(),
        "--output",
        "null",
        "--no-pace",
        "--voice",
        "tone",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stale.exists());
    assert!(state.join("positions.json").exists());
}

#[test]
fn a_timeout_of_zero_is_refused_with_the_range_that_is_allowed() {
    let sb = Sandbox::new();
    shell_voice(&sb, "never", "exit 0", "stdout", 0.0);
    let out = say(&sb, "never", "Hi.");
    let file = sb.path().join("data/aloud/voices/never.toml");
    assert_error_lines(
        &out,
        &[
            &format!(
                "aloud: warning: skipped voice file {}:4: timeout_secs must be more than 0 and at \
                 most 3600 (seconds)",
                file.display()
            ),
            "aloud: no voice named \"never\": run `aloud voices` to see the choices",
        ],
    );
}

/// The error of `say` when its voice failed on the only utterance (written to `out.wav`).
fn nothing_spoken(sb: &Sandbox) -> String {
    format!(
        "aloud: writing {}: nothing was spoken: the voice failed on every utterance",
        sb.path().join("out.wav").display()
    )
}

#[test]
fn say_help_names_every_format_it_writes() {
    let sb = Sandbox::new();
    let help = crate::util::stdout(&sb.run(&["say", "--help"]));
    assert!(!help.contains("WAV"), "{help}");
    for format in ["mp3", "ogg", "flac", "wav", "m4b"] {
        assert!(help.contains(format), "{format}: {help}");
    }
}

#[test]
fn an_export_whose_reader_goes_away_does_not_blame_the_disk() {
    let sb = Sandbox::new();
    let article = sb.write("a.txt", ARTICLE.repeat(20));
    let mut child = sb
        .aloud()
        .args([
            "export",
            article.to_str().unwrap(),
            "--voice",
            "tone",
            "-q",
            "-o",
            "-",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader stops before anything was read, as `| head -c 0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("disk"), "{err}");
    assert!(!err.contains("space"), "{err}");
}

#[test]
fn an_error_does_not_repeat_its_cause() {
    let sb = Sandbox::new();
    let article = sb.write("a.txt", ARTICLE);
    let article = article.to_str().unwrap();
    for args in [
        &["listen", "missing.mp3", "--output", "null"][..],
        &["outline", "--lexicon", "missing.toml", article],
    ] {
        let out = sb.run(args);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.matches("os error 2").count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn a_voice_whose_samples_are_not_numbers_still_exports_every_format() {
    let sb = Sandbox::new();
    // A 32-bit float WAV with NaN and infinite samples among a tone: LAME asserted on these and
    // aborted the export, leaving its partial file.
    let bad = sb.path().join("bad.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22_050,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = hound::WavWriter::create(&bad, spec).unwrap();
    for i in 0..22_050 {
        let s = match i % 10 {
            0 => f32::NAN,
            5 => f32::INFINITY,
            7 => f32::NEG_INFINITY,
            _ => (i as f32 * 0.06).sin() * 0.5,
        };
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
    shell_voice(
        &sb,
        "nan",
        &format!("cp {} \"$1\"", bad.display()),
        "file",
        10.0,
    );
    let article = sb.write("a.txt", ARTICLE);
    for format in ["mp3", "ogg", "flac", "wav"] {
        let to = sb.path().join(format!("out.{format}"));
        let out = sb
            .aloud()
            .args(["export", article.to_str().unwrap(), "--voice", "nan", "-q"])
            .args(["--no-cache", "-o"])
            .arg(&to)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let audio = aloud::media::decode::decode_file(&to).unwrap();
        assert!(audio
            .samples
            .iter()
            .all(|s| s.is_finite() && s.abs() <= 1.0));
        assert!(audio.rms() > 0.05, "{format}: the tone is still there");
    }
}
