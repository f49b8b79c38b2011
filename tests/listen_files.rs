//! `aloud listen FILE.mp3|ogg|flac|wav|m4b`: exported audio (and M4B written by ffmpeg) played
//! back with its chapters as sections, positions saved per file.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{assert_error_line, stderr, stdout, Sandbox};

/// A three-section article: a lead, "Cranes" and "Evenings".
const HARBOUR: &str = "Harbour Notes

The harbour opened in spring. Boats came every day.

Cranes

The cranes arrived on a Monday. They were painted red.

Evenings

Nobody stayed late.
";

/// The article exported with the tone voice as `name` (its extension picks the format).
fn exported(sb: &Sandbox, name: &str) -> PathBuf {
    let text = sb.write("harbour.txt", HARBOUR);
    let out = sb.path().join(name);
    let run = sb.run(&[
        "export",
        text.to_str().unwrap(),
        "--voice",
        "tone",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn listen(sb: &Sandbox, file: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "listen",
        file.to_str().unwrap(),
        "--output",
        "null",
        "--no-pace",
    ];
    args.extend(extra);
    sb.run(&args)
}

#[test]
fn an_mp3_whose_tag_holds_bytes_like_an_mpeg_frame_still_plays() {
    // The ID3 chapter frames hold 0xFFFFFFFF offsets, which can read as MPEG frame headers: a
    // decoder that scans the tag instead of skipping it takes the file for another codec.
    let sb = Sandbox::new();
    let file = exported(&sb, "harbour.mp3");
    let mut tag = id3::Tag::read_from_path(&file).unwrap();
    // MPEG-1 layer I, 160 kb/s, 48 kHz: a 160-byte frame, eight times in a row.
    let mut fake = Vec::new();
    for _ in 0..8 {
        fake.extend([0xFF, 0xFF, 0x54, 0x49]);
        fake.extend([0u8; 156]);
    }
    id3::TagLike::add_frame(
        &mut tag,
        id3::frame::Private {
            owner_identifier: "test".into(),
            private_data: fake,
        },
    );
    tag.write_to_path(&file, id3::Version::Id3v24).unwrap();
    let out = listen(&sb, &file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "§1/3 Harbour Notes\n§2/3 Cranes\n§3/3 Evenings\n"
    );
}

#[test]
fn an_exported_file_plays_from_a_chapter_to_the_end_in_every_format() {
    for name in ["harbour.mp3", "harbour.ogg", "harbour.flac", "harbour.wav"] {
        let sb = Sandbox::new();
        let file = exported(&sb, name);
        let out = listen(&sb, &file, &["--section", "2"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "§2/3 Cranes\n§3/3 Evenings\n", "{name}");
        let history = stdout(&sb.run(&["history"]));
        assert!(history.contains(name), "{name}: {history}");
        assert!(history.contains("finished"), "{name}: {history}");
        // Named by its title tag where the format has one aloud writes (not WAV).
        let named = history.lines().next().unwrap_or_default();
        if name.ends_with(".wav") {
            assert!(named.ends_with("  harbour"), "{name}: {history}");
        } else {
            assert!(named.ends_with("  Harbour Notes"), "{name}: {history}");
        }
    }
}

#[test]
fn a_chapter_is_found_by_its_heading_words() {
    let sb = Sandbox::new();
    let file = exported(&sb, "harbour.flac");
    let out = listen(&sb, &file, &["--section", "evenings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "§3/3 Evenings\n");
}

#[test]
fn a_moved_file_keeps_its_history_entry() {
    let sb = Sandbox::new();
    let file = exported(&sb, "harbour.wav");
    assert!(listen(&sb, &file, &[]).status.success());
    let moved = sb.path().join("renamed.wav");
    std::fs::rename(&file, &moved).unwrap();
    let again = listen(&sb, &moved, &[]);
    assert!(
        stderr(&again).contains("You finished this article on"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_file_that_is_not_audio_fails_with_a_hint() {
    let sb = Sandbox::new();
    let fake = sb.write("notes.mp3", "just some text");
    let out = listen(&sb, &fake, &[]);
    assert_error_line(
        &out,
        &format!(
            "aloud: opening the audio file: cannot play {}: not audio aloud can decode (WAV, MP3, \
             Ogg Vorbis, FLAC or AAC in MP4/M4B): unsupported feature: core (probe): no suitable \
             format reader found; convert it to MP3, Ogg, FLAC, WAV or M4B",
            fake.display()
        ),
    );
}

#[test]
fn resume_plays_the_last_audio_file_again() {
    let sb = Sandbox::new();
    let file = exported(&sb, "harbour.ogg");
    assert!(listen(&sb, &file, &["--section", "3"]).status.success());
    let out = sb.run(&["resume", "--output", "null", "--no-pace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("You finished this article on"));
    assert_eq!(
        stdout(&out),
        "§1/3 Harbour Notes\n§2/3 Cranes\n§3/3 Evenings\n"
    );
}

fn saved_section(sb: &Sandbox) -> Option<u64> {
    let text = std::fs::read_to_string(sb.path().join("state/aloud/positions.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["entries"][0]["position"]["section"].as_u64()
}

#[test]
fn stopping_inside_a_file_saves_its_chapter_and_resume_starts_there() {
    let sb = Sandbox::new();
    let file = exported(&sb, "harbour.mp3");
    // Real-time pace: stop once the second chapter is playing.
    let child = sb
        .aloud()
        .args(["listen", file.to_str().unwrap(), "--output", "null"])
        .args(["--section", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while saved_section(&sb) != Some(1) {
        assert!(Instant::now() < deadline, "no position was saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let history = stdout(&sb.run(&["history"]));
    assert!(history.contains("§2/3 Cranes"), "{history}");
    let resumed = sb.run(&["resume", "--output", "null", "--no-pace"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_eq!(stdout(&resumed), "§2/3 Cranes\n§3/3 Evenings\n");
}

/// Whether `ffmpeg` runs here (M4B export and the ffmpeg-made fixtures need it).
fn has_ffmpeg() -> bool {
    std::process::Command::new("ffmpeg")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn an_m4b_exported_by_aloud_plays_with_its_chapters_as_sections() {
    if !has_ffmpeg() {
        eprintln!("skipped: no ffmpeg to export M4B");
        return;
    }
    for name in ["harbour.m4b", "harbour.m4a", "harbour.aac"] {
        let sb = Sandbox::new();
        let file = exported(&sb, name);
        let out = listen(&sb, &file, &[]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "§1/3 Harbour Notes\n§2/3 Cranes\n§3/3 Evenings\n",
            "{name}"
        );
        let out = listen(&sb, &file, &["--section", "cranes"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "§2/3 Cranes\n§3/3 Evenings\n", "{name}");
    }
}

/// A 100-second stereo sine in AAC, written by ffmpeg itself (not by aloud) with three chapters
/// from an ffmetadata file: 0–20 s "Opening", 20–70 s "Middle part" (two pieces), 70–100 s
/// "Coda". `movflags` picks how the chapters are stored (`disable_chpl`: only the chapter
/// track; the default also writes a Nero `chpl` list).
fn ffmpeg_m4b(sb: &Sandbox, name: &str, movflags: Option<&str>) -> PathBuf {
    let meta = sb.write(
        "chapters.ffmetadata",
        ";FFMETADATA1\ntitle=Sine Book\n\
         [CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=20000\ntitle=Opening\n\
         [CHAPTER]\nTIMEBASE=1/1000\nSTART=20000\nEND=70000\ntitle=Middle part\n\
         [CHAPTER]\nTIMEBASE=1/1000\nSTART=70000\nEND=100000\ntitle=Coda\n",
    );
    let out = sb.path().join(name);
    let mut cmd = std::process::Command::new("ffmpeg");
    cmd.args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg("sine=frequency=440:sample_rate=44100:duration=100")
        .args(["-i", meta.to_str().unwrap()])
        .args(["-map_metadata", "1", "-map_chapters", "1"])
        .args(["-ac", "2", "-c:a", "aac", "-b:a", "64k"]);
    if let Some(flags) = movflags {
        cmd.args(["-movflags", flags]);
    }
    let run = cmd.arg(&out).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn an_m4b_written_by_ffmpeg_plays_with_its_chapters_and_resumes_in_a_chapter() {
    if !has_ffmpeg() {
        eprintln!("skipped: no ffmpeg to write the M4B");
        return;
    }
    for (name, flags) in [("sine.m4b", None), ("sine.m4a", Some("disable_chpl"))] {
        let sb = Sandbox::new();
        let file = ffmpeg_m4b(&sb, name, flags);
        let out = listen(&sb, &file, &[]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "§1/3 Opening\n§2/3 Middle part\n§3/3 Coda\n",
            "{name}"
        );
        let history = stdout(&sb.run(&["history"]));
        assert!(history.contains("Sine Book"), "{name}: {history}");
        // The last chapter straight away: a seek to 70 s.
        let out = listen(&sb, &file, &["--section", "3"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(stdout(&out), "§3/3 Coda\n", "{name}");
    }
}

#[test]
fn a_stopped_m4b_resumes_in_the_chapter_it_was_stopped_in() {
    if !has_ffmpeg() {
        eprintln!("skipped: no ffmpeg to write the M4B");
        return;
    }
    let sb = Sandbox::new();
    let file = ffmpeg_m4b(&sb, "sine.m4b", None);
    // Real-time pace from the middle chapter: stop once its position is saved.
    let child = sb
        .aloud()
        .args(["listen", file.to_str().unwrap(), "--output", "null"])
        .args(["--section", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while saved_section(&sb) != Some(1) {
        assert!(Instant::now() < deadline, "no position was saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let resumed = sb.run(&["resume", "--output", "null", "--no-pace"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert_eq!(stdout(&resumed), "§2/3 Middle part\n§3/3 Coda\n");
}

#[test]
fn m4b_chapters_are_read_from_the_file_without_ffprobe() {
    if !has_ffmpeg() {
        eprintln!("skipped: no ffmpeg to write the M4B");
        return;
    }
    for (name, flags) in [("sine.m4b", None), ("sine.m4a", Some("disable_chpl"))] {
        let sb = Sandbox::new();
        let file = ffmpeg_m4b(&sb, name, flags);
        let out = sb
            .aloud()
            .env("ALOUD_FFPROBE", sb.path().join("no-such-ffprobe"))
            .args([
                "listen",
                file.to_str().unwrap(),
                "--output",
                "null",
                "--no-pace",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "§1/3 Opening\n§2/3 Middle part\n§3/3 Coda\n",
            "{name}"
        );
        assert!(
            !stderr(&out).contains("warning"),
            "{name}: {}",
            stderr(&out)
        );
    }
}
