//! `aloud listen FILE.mp3|ogg|flac|wav`: exported audio played back with its chapters as
//! sections, positions saved per file.

use std::path::PathBuf;

use crate::util::{stderr, stdout, Sandbox};

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
    assert!(!out.status.success());
    assert!(stderr(&out).contains("convert it"), "{}", stderr(&out));
}
