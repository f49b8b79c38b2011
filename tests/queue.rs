//! Queues: `aloud queue add|list|remove|clear`, `aloud listen A B C`, `aloud listen --queue` and
//! `aloud resume` with a queue, each article resumed where it was left, finished ones leaving.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{assert_error_line, stderr, stdout, Sandbox};

/// Three short articles: Alpha (one section), Bravo (three), Charlie (two).
fn articles(sb: &Sandbox) -> [PathBuf; 3] {
    [
        sb.write("alpha.txt", "Alpha\n\nThe first one is short.\n"),
        sb.write(
            "bravo.txt",
            "Bravo\n\nThe second one starts here.\n\nMiddle\n\nIt goes on for a while. \
             Long enough to be stopped in the middle. Then it goes on some more.\n\n\
             Ending\n\nIt ends.\n",
        ),
        sb.write(
            "charlie.txt",
            "Charlie\n\nThe third one.\n\nLast words\n\nGoodbye.\n",
        ),
    ]
}

fn fast(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--output", "null", "--no-pace"]);
    sb.run(&all)
}

fn queue_list(sb: &Sandbox) -> String {
    let out = sb.run(&["queue", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The most recently saved position: its source and section.
fn last_saved(sb: &Sandbox) -> Option<(String, u64)> {
    let path = sb.path().join("state/aloud/positions.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let e = &v["entries"][0];
    Some((
        e["source"].as_str()?.to_string(),
        e["position"]["section"].as_u64()?,
    ))
}

#[test]
fn several_articles_play_in_order_with_their_place_in_the_list() {
    let sb = Sandbox::new();
    let [a, b, c] = articles(&sb);
    let out = fast(
        &sb,
        &[
            "listen",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            c.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "[1/3] Alpha\n§1/1 Alpha\n\
         [2/3] Bravo\n§1/3 Bravo\n§2/3 Middle\n§3/3 Ending\n\
         [3/3] Charlie\n§1/2 Charlie\n§2/2 Last words\n"
    );
    // Articles given on the command line are not kept as a queue.
    assert!(queue_list(&sb).starts_with("The queue is empty"));
}

#[test]
fn a_queue_of_three_plays_through_resuming_each_article_and_finished_ones_leave_it() {
    let sb = Sandbox::new();
    let [a, b, c] = articles(&sb);
    let add = sb.run(&[
        "queue",
        "add",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    ]);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stderr(&add).contains("3 in the queue"), "{}", stderr(&add));
    let list = queue_list(&sb);
    assert!(list.starts_with("1. "), "{list}");
    assert!(list.contains("alpha.txt") && list.contains("3. "), "{list}");
    // Not started: its path stands for its title, once.
    assert_eq!(list.matches("alpha.txt").count(), 1, "{list}");
    assert!(list.contains("    not started\n"), "{list}");

    // Real-time pace: stop once the second article's middle section is being heard.
    let child = sb
        .aloud()
        .args(["listen", "--queue", "--output", "null"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(40);
    while !last_saved(&sb).is_some_and(|(s, k)| s.ends_with("bravo.txt") && k == 1) {
        assert!(
            Instant::now() < deadline,
            "the second article was not reached"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: sending a signal to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let heard = stdout(&out);
    assert!(
        heard.starts_with("[1/3] Alpha\n§1/1 Alpha\n[2/3] Bravo\n"),
        "{heard}"
    );
    // The finished first article left the queue; the second waits at its middle section.
    let list = queue_list(&sb);
    assert!(!list.contains("alpha.txt"), "{list}");
    assert!(list.starts_with("1. Bravo\n"), "{list}");
    assert!(list.contains("§2/3 Middle"), "{list}");
    assert!(
        list.contains("2. charlie.txt") || list.contains("charlie.txt"),
        "{list}"
    );

    // `aloud resume` plays the queue: the second article from its middle, then the third.
    let resumed = fast(&sb, &["resume"]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("Resuming §2/3 'Middle'"),
        "{}",
        stderr(&resumed)
    );
    assert_eq!(
        stdout(&resumed),
        "[1/2] Bravo\n§2/3 Middle\n§3/3 Ending\n[2/2] Charlie\n§1/2 Charlie\n§2/2 Last words\n"
    );
    assert!(queue_list(&sb).starts_with("The queue is empty"));
    // With the queue empty, resume goes back to the last article as before.
    let again = fast(&sb, &["resume"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("§1/2 Charlie"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn queue_remove_takes_a_number_or_a_file_and_clear_empties_it() {
    let sb = Sandbox::new();
    let [a, b, c] = articles(&sb);
    for f in [&a, &b, &c] {
        assert!(sb
            .run(&["queue", "add", f.to_str().unwrap()])
            .status
            .success());
    }
    let again = sb.run(&["queue", "add", a.to_str().unwrap()]);
    assert!(
        stderr(&again).contains("in the queue already"),
        "{}",
        stderr(&again)
    );
    assert!(sb.run(&["queue", "remove", "2"]).status.success());
    assert!(sb
        .run(&["queue", "remove", c.to_str().unwrap()])
        .status
        .success());
    let list = queue_list(&sb);
    assert!(
        list.contains("alpha.txt") && !list.contains("bravo.txt"),
        "{list}"
    );
    assert!(!list.contains("charlie.txt"), "{list}");
    let missing = sb.run(&["queue", "remove", "5"]);
    assert!(!missing.status.success());
    assert_eq!(
        stderr(&missing).trim(),
        "aloud: there is no article 5 in the queue (see `aloud queue list`)"
    );
    assert!(sb.run(&["queue", "clear"]).status.success());
    assert!(queue_list(&sb).starts_with("The queue is empty"));
    let empty = fast(&sb, &["listen", "--queue"]);
    assert_error_line(
        &empty,
        "aloud: the queue is empty: `aloud queue add ARTICLE…` adds articles to it",
    );
}

#[test]
fn queueing_a_missing_file_or_standard_input_is_refused_with_the_fix() {
    let sb = Sandbox::new();
    let out = sb.run(&["queue", "add", "nowhere.txt"]);
    assert_error_line(
        &out,
        "aloud: nowhere.txt is not a file (check the path; URLs start with http:// or https://)",
    );
    let out = sb.run(&["queue", "add", "-"]);
    assert_error_line(
        &out,
        "aloud: standard input cannot be queued: save it to a file and queue that",
    );
}

#[test]
fn n_in_the_last_section_of_an_article_goes_on_to_the_next_one() {
    let sb = Sandbox::new();
    // One long section: without `n` it would play for a minute and end on "Zebra crossing."
    let mut long = String::from("Alpha\n\n");
    for i in 1..=30 {
        long.push_str(&format!(
            "This is sentence number {i} of the only section. "
        ));
    }
    long.push_str("Zebra crossing.\n");
    let a = sb.write("alpha.txt", long);
    let c = sb.write("charlie.txt", "Charlie\n\nThe third one.\n");
    let add = sb.run(&["queue", "add", a.to_str().unwrap(), c.to_str().unwrap()]);
    assert!(add.status.success(), "{}", stderr(&add));
    // A terminal 120 columns wide, for the status line (the plain view) to show in full.
    let base = sb.aloud();
    let mut cmd = std::process::Command::new("sh");
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.args(["-c", "stty cols 120 rows 30 && exec \"$0\" \"$@\""])
        .arg(base.get_program())
        .args(["listen", "--queue", "--output", "null", "--view", "plain"]);
    let log = sb.path().join("screen.log");
    let state = sb.path().join("state/aloud/positions.json");
    crate::util::press_in_terminal(&cmd, &log, &state, Duration::from_millis(500), b"n");
    let screen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    assert!(screen.contains("[1/2] §1/1 Alpha"), "{screen}");
    assert!(screen.contains("[2/2] §1/1 Charlie"), "{screen}");
    assert!(!screen.contains("Zebra"), "{screen}");
    assert!(queue_list(&sb).starts_with("The queue is empty"));
}
