//! `aloud listen`, `resume`, `history` and `forget` through the binary, with `--output null`.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{assert_error_line, stderr, stdout, Sandbox};

/// A three-section article: a lead, "Cranes" and "Evenings".
const HARBOUR: &str = "Harbour Notes

The harbour opened in spring. Boats came every day.

Cranes

The cranes arrived on a Monday. They were painted red. Workers cheered.

Evenings

Nobody stayed late. The lights went out at nine.
";

fn harbour(sb: &Sandbox) -> PathBuf {
    sb.write("harbour.txt", HARBOUR)
}

fn fast(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--output", "null", "--no-pace"]);
    sb.run(&all)
}

fn state_file(sb: &Sandbox) -> PathBuf {
    sb.path().join("state/aloud/positions.json")
}

#[test]
fn listen_without_a_terminal_prints_each_heading_as_it_starts() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = fast(&sb, &["listen", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "§1/3 Harbour Notes\n§2/3 Cranes\n§3/3 Evenings\n"
    );
}

#[test]
fn history_lists_a_finished_article_and_forget_removes_it() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    assert!(fast(&sb, &["listen", path]).status.success());
    let hist = sb.run(&["history"]);
    let text = stdout(&hist);
    assert!(text.contains("Harbour Notes"), "{text}");
    assert!(text.contains("finished"), "{text}");
    assert!(text.contains("100%"), "{text}");
    assert!(text.contains("harbour.txt"), "{text}");

    let forget = sb.run(&["forget", path]);
    assert!(forget.status.success(), "{}", stderr(&forget));
    assert!(stdout(&forget).starts_with("Forgot Harbour Notes"));
    let text = stdout(&sb.run(&["history"]));
    assert!(text.starts_with("No saved positions yet"), "{text}");
}

#[test]
fn forget_also_takes_the_title_history_shows() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    assert!(fast(&sb, &["listen", f.to_str().unwrap()]).status.success());
    let out = sb.run(&["forget", "harbour notes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&sb.run(&["history"])).starts_with("No saved positions yet"));
}

#[test]
fn an_article_from_standard_input_is_remembered_but_resume_asks_for_it_again() {
    use std::io::Write;
    let sb = Sandbox::new();
    let mut child = sb
        .aloud()
        .args([
            "listen",
            "-",
            "--output",
            "null",
            "--no-pace",
            "--section",
            "2",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(HARBOUR.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "§2/3 Cranes\n§3/3 Evenings\n");
    assert!(stdout(&sb.run(&["history"])).contains("Harbour Notes"));
    let resumed = fast(&sb, &["resume"]);
    assert_error_line(
        &resumed,
        "aloud: the last article was read from standard input; pipe it again into `aloud listen -`",
    );
}

#[test]
fn forgetting_an_unknown_article_fails_with_a_hint() {
    let sb = Sandbox::new();
    let out = sb.run(&["forget", "never-heard.txt"]);
    assert_error_line(
        &out,
        "aloud: no saved position for \"never-heard.txt\" (`aloud history` lists them)",
    );
}

#[test]
fn a_finished_article_starts_over_with_a_notice() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    assert!(fast(&sb, &["listen", f.to_str().unwrap()]).status.success());
    let again = fast(&sb, &["listen", f.to_str().unwrap()]);
    assert!(stderr(&again).contains("You finished this article on"));
    assert!(stdout(&again).starts_with("§1/3 Harbour Notes\n"));
}

#[test]
fn section_by_words_of_its_heading_starts_there() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = fast(&sb, &["listen", f.to_str().unwrap(), "--section", "cranes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "§2/3 Cranes\n§3/3 Evenings\n");
    let by_number = fast(&sb, &["listen", f.to_str().unwrap(), "--section", "3"]);
    assert_eq!(stdout(&by_number), "§3/3 Evenings\n");
}

#[test]
fn a_section_that_does_not_exist_is_refused_with_a_hint() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = fast(&sb, &["listen", f.to_str().unwrap(), "--section", "9"]);
    assert_error_line(
        &out,
        "aloud: there is no section 9: the article has 3 (see `aloud outline`)",
    );
    let out = fast(
        &sb,
        &["listen", f.to_str().unwrap(), "--section", "volcano"],
    );
    assert_error_line(
        &out,
        "aloud: no section heading contains \"volcano\" (see `aloud outline` for the headings)",
    );
}

#[test]
fn speed_outside_half_to_three_is_refused() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = fast(&sb, &["listen", f.to_str().unwrap(), "--speed", "4"]);
    assert_error_line(&out, "aloud: --speed must be between 0.5 and 3 (got 4)");
}

#[test]
fn a_corrupt_state_file_warns_and_playback_still_starts() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    std::fs::create_dir_all(sb.path().join("state/aloud")).unwrap();
    std::fs::write(state_file(&sb), "garbage{").unwrap();
    let out = fast(&sb, &["listen", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be read"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("§3/3 Evenings"));
    assert!(stdout(&sb.run(&["history"])).contains("Harbour Notes"));
}

#[test]
fn a_saved_section_past_the_end_is_reported_and_playback_starts_over() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    assert!(fast(&sb, &["listen", path]).status.success());
    // The state file now says section 14 of this 3-section article, not finished.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(state_file(&sb)).unwrap()).unwrap();
    v["entries"][0]["position"]["section"] = 13.into();
    v["entries"][0]["finished"] = false.into();
    std::fs::write(state_file(&sb), v.to_string()).unwrap();
    let out = fast(&sb, &["listen", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "The saved position (section 14) is past the end of this article (3 sections); \
         starting from the beginning."
    );
    assert_eq!(
        stdout(&out),
        "§1/3 Harbour Notes\n§2/3 Cranes\n§3/3 Evenings\n"
    );
}

#[test]
fn resume_with_nothing_saved_says_what_to_do() {
    let sb = Sandbox::new();
    let out = fast(&sb, &["resume"]);
    assert_error_line(
        &out,
        "aloud: nothing to resume: no article has been listened to yet (try `aloud listen FILE`)",
    );
}

/// The saved position's section, once the state file has one.
fn saved_section(sb: &Sandbox) -> Option<u64> {
    let text = std::fs::read_to_string(state_file(sb)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["entries"][0]["position"]["section"].as_u64()
}

/// `aloud listen ARGS --output null` at real-time pace, returned once the saved section
/// satisfies `saved` (at most 20 s).
fn listening_until_saved(
    sb: &Sandbox,
    args: &[&str],
    saved: impl Fn(Option<u64>) -> bool,
) -> std::process::Child {
    let child = sb
        .aloud()
        .arg("listen")
        .args(args)
        .args(["--output", "null"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !saved(saved_section(sb)) {
        assert!(Instant::now() < deadline, "no position was saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn two_sigterms_at_once_still_stop_cleanly() {
    // `timeout`, service managers and schedulers send SIGTERM to the process and then to its
    // group: aloud sees two at once. The second must not cut the clean stop short (before, it
    // exited at once, without the figures of --timings and the 143 a shell expects).
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let child = listening_until_saved(&sb, &[f.to_str().unwrap(), "--timings"], |s| s.is_some());
    // Two separate deliveries (two signals sent back to back may merge into one pending
    // signal): the second comes while the first stop is under way.
    // SAFETY: sending signals to the child we spawned.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    std::thread::sleep(Duration::from_micros(500));
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("timings: first sample handed to the output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sigterm_saves_the_position_and_resume_continues_from_it() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    // Real-time pace: the lead takes ~5 s, so there is time to stop it in the second section.
    let child = listening_until_saved(&sb, &[f.to_str().unwrap(), "--section", "2"], |s| {
        s == Some(1)
    });
    // SAFETY: sending a signal to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    // As a shell reports a process SIGTERM ended: 128 + 15 (Ctrl-C stays 130).
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let hist = stdout(&sb.run(&["history"]));
    assert!(hist.contains("§2/3 Cranes"), "{hist}");
    assert!(!hist.contains("finished"), "{hist}");

    let resumed = fast(&sb, &["resume"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("Resuming §2/3 'Cranes' — press b to start from the beginning"),
        "{}",
        stderr(&resumed)
    );
    assert_eq!(stdout(&resumed), "§2/3 Cranes\n§3/3 Evenings\n");
}

#[test]
fn listening_again_resumes_and_from_start_ignores_the_saved_position() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    // A saved position in "Evenings", written as a quit would leave it.
    let entry = serde_json::json!({
        "version": 1,
        "entries": [{
            "key": "not-this-text",
            "title": "Harbour Notes",
            "source": std::fs::canonicalize(&f).unwrap(),
            "position": {"section": 2, "utterance": 1},
            "section_title": "Evenings",
            "sections": 3,
            "percent": 80.0,
            "finished": false,
            "last_listened": 1
        }]
    });
    std::fs::create_dir_all(sb.path().join("state/aloud")).unwrap();
    std::fs::write(state_file(&sb), entry.to_string()).unwrap();
    // The key differs (as if the article changed), so it resumes at the same heading.
    let out = fast(&sb, &["listen", path]);
    assert!(
        stderr(&out).contains("resuming at §3/3 'Evenings'"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "§3/3 Evenings\n");
    let out = fast(&sb, &["listen", path, "--from-start"]);
    assert!(!stderr(&out).contains("esuming"));
    assert!(stdout(&out).starts_with("§1/3 Harbour Notes\n"));
}

#[test]
fn timings_report_the_first_sample_on_stderr() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = fast(&sb, &["listen", f.to_str().unwrap(), "--timings"]);
    assert!(stderr(&out).contains("timings: first sample handed to the output"));
}

#[test]
fn listen_help_shows_the_keys() {
    let sb = Sandbox::new();
    let out = sb.run(&["listen", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("Keys while listening"), "{text}");
    assert!(text.contains("] or n"), "{text}");
}

/// aloud in `sb` on a machine with no sound: no PulseAudio to reach, no ALSA device.
fn without_audio(sb: &Sandbox) -> std::process::Command {
    let runtime = sb.path().join("no-runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let mut cmd = sb.aloud();
    cmd.env("XDG_RUNTIME_DIR", &runtime)
        .env("PULSE_SERVER", "unix:/nonexistent/aloud-test-socket")
        .env("ALSA_CONFIG_PATH", sb.write("asound.conf", ""));
    cmd
}

#[test]
fn without_an_audio_device_listen_fails_with_one_line_naming_the_alternatives() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let out = without_audio(&sb)
        .args(["listen", f.to_str().unwrap(), "--output", "device"])
        .output()
        .unwrap();
    // The audio backend's own reason, in the parentheses, differs between machines.
    let err = stderr(&out);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("aloud: no audio device could be opened (")
            && err.ends_with(") — try `aloud export` or `--output null`\n"),
        "{err}"
    );
}

#[test]
fn without_an_audio_device_say_points_to_a_file_not_to_listen_options() {
    let sb = Sandbox::new();
    let out = without_audio(&sb)
        .args(["say", "Hello there.", "--voice", "tone"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("aloud: no audio device could be opened (")
            && err.ends_with(
                ") — write the speech to a file instead: `aloud say TEXT -o speech.wav`\n"
            ),
        "{err}"
    );
}

/// The `timings: cache: H utterances from the cache, S synthesized` line as (H, S).
fn cache_counts(out: &std::process::Output) -> (u64, u64) {
    let err = stderr(out);
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("timings: cache: "))
        .unwrap_or_else(|| panic!("no cache line in:\n{err}"));
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[test]
fn listening_after_an_export_synthesizes_nothing() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    let wav = sb.path().join("harbour.wav");
    let export = sb.run(&[
        "export",
        path,
        "--voice",
        "tone",
        "-o",
        wav.to_str().unwrap(),
    ]);
    assert!(export.status.success(), "{}", stderr(&export));
    let out = fast(&sb, &["listen", path, "--voice", "tone", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (hits, synthesized) = cache_counts(&out);
    assert_eq!(synthesized, 0, "{}", stderr(&out));
    assert!(hits >= 8, "every utterance comes from the cache: {hits}");
}

/// Exports `path` with espeak-ng's en-us to `name` in the sandbox (with `extra` arguments); the
/// bytes.
fn espeak_export(sb: &Sandbox, path: &str, name: &str, extra: &[&str]) -> Vec<u8> {
    let wav = sb.path().join(name);
    let mut args = vec!["export", path, "--voice", "en-us", "-q", "-o"];
    args.push(wav.to_str().unwrap());
    args.extend(extra);
    let out = sb.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(&wav).unwrap()
}

// espeak-ng in one process (listen's) speaks an utterance a little differently depending on
// what it spoke before; exports come from fresh-state worker processes and keep their own cache
// entries, so what listen cached never changes an export's bytes.
#[test]
fn an_espeak_export_is_the_same_whatever_listen_cached_and_listen_reuses_it() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    let heard = fast(&sb, &["listen", path, "--voice", "en-us", "--timings"]);
    assert!(heard.status.success(), "{}", stderr(&heard));
    assert!(cache_counts(&heard).1 >= 8);
    let uncached = espeak_export(&sb, path, "none.wav", &["--no-cache"]);
    assert!(espeak_export(&sb, path, "first.wav", &[]) == uncached);
    assert!(espeak_export(&sb, path, "again.wav", &["--jobs", "2"]) == uncached);

    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    espeak_export(&sb, path, "export.wav", &[]);
    let out = fast(&sb, &["listen", path, "--voice", "en-us", "--timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (hits, synthesized) = cache_counts(&out);
    assert_eq!(synthesized, 0, "{}", stderr(&out));
    assert!(
        hits >= 8,
        "every utterance comes from the export's entries: {hits}"
    );
}

#[test]
fn a_corrupt_cache_entry_is_synthesized_again_when_listening() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    let first = fast(&sb, &["listen", path, "--voice", "tone", "--timings"]);
    let (_, synthesized) = cache_counts(&first);
    assert!(synthesized >= 8, "{}", stderr(&first));
    // Damage one entry's samples: its checksum no longer matches.
    let entry = walk(&sb.path().join("cache/aloud/utterances"))
        .into_iter()
        .next()
        .expect("a cache entry");
    let mut bytes = std::fs::read(&entry).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&entry, &bytes).unwrap();
    let again = fast(
        &sb,
        &[
            "listen",
            path,
            "--voice",
            "tone",
            "--timings",
            "--from-start",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(cache_counts(&again), (synthesized - 1, 1));
    let third = fast(
        &sb,
        &[
            "listen",
            path,
            "--voice",
            "tone",
            "--timings",
            "--from-start",
        ],
    );
    assert_eq!(
        cache_counts(&third),
        (synthesized, 0),
        "the entry was stored again"
    );
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files.sort();
    files
}

#[test]
fn the_speed_last_used_is_used_again_unless_speed_is_given() {
    let sb = Sandbox::new();
    let f = harbour(&sb);
    let path = f.to_str().unwrap();
    let first = fast(&sb, &["listen", path, "--speed", "2"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        !stderr(&first).contains("as last time"),
        "{}",
        stderr(&first)
    );
    // Finished, so it starts over, at the speed of last time.
    let again = fast(&sb, &["listen", path]);
    assert!(
        stderr(&again).contains("Speed 2× as last time"),
        "{}",
        stderr(&again)
    );
    // `--speed` wins and is remembered in turn: normal speed needs no notice.
    let normal = fast(&sb, &["listen", path, "--speed", "1"]);
    assert!(
        !stderr(&normal).contains("as last time"),
        "{}",
        stderr(&normal)
    );
    let after = fast(&sb, &["listen", path]);
    assert!(!stderr(&after).contains("Speed"), "{}", stderr(&after));
}

#[test]
fn a_position_saved_by_an_earlier_aloud_is_found_and_resumed() {
    use aloud::segment::{segment, SegmentOptions};
    let sb = Sandbox::new();
    let f = harbour(&sb);
    // The key an earlier aloud saved this article under: its utterances as it cut them.
    let loaded = aloud::article::read_input(
        &aloud::article::Input::parse(f.to_str().unwrap()),
        &aloud::article::ReadOptions::default(),
    )
    .unwrap();
    let old = segment(
        &loaded.document,
        &SegmentOptions::default().without_opening_cap(),
    );
    let legacy = aloud::resume::LegacyKey::of(&old);
    let entry = serde_json::json!({
        "version": 1,
        "entries": [{
            "key": legacy.key(),
            "title": "Harbour Notes",
            "source": "/somewhere/else/harbour.txt",
            "position": {"section": 1, "utterance": 2},
            "section_title": "Cranes",
            "sections": 3,
            "percent": 50.0,
            "finished": false,
            "last_listened": 1
        }]
    });
    std::fs::create_dir_all(sb.path().join("state/aloud")).unwrap();
    std::fs::write(state_file(&sb), entry.to_string()).unwrap();
    let out = fast(&sb, &["listen", f.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("Resuming §2/3 'Cranes'"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "§2/3 Cranes\n§3/3 Evenings\n");
}
