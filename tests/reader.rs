//! The reader view on a real screen: aloud runs in a pseudo-terminal, its output goes through a
//! terminal emulator (`vt100`), and the tests read the screen as a listener would see it: the
//! highlighted (reverse-video) text, the bottom bar. Playback is the paced null output with the
//! tone voice, so the article plays in real time without a device; the tests wait for what they
//! expect to appear (up to a bound that only catches hangs) and never measure time.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::CommandExt;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::Sandbox;

/// Three sections of several sentences each, so that the article plays long enough (about a
/// minute with the tone voice) for every step of a test.
fn article() -> String {
    let mut s = String::from("Harbour Diary\n\n");
    let para = |topic: &str, n: usize| -> String {
        (1..=n)
            .map(|i| format!("The {topic} note number {i} is here."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    s.push_str(&para("opening", 6));
    s.push_str("\n\nThe Cranes\n\n");
    s.push_str(&para("crane", 5));
    s.push_str("\n\n");
    s.push_str("The lights went out at nine. ");
    s.push_str(&para("crane", 4));
    s.push_str("\n\nEvenings\n\n");
    s.push_str(&para("evening", 8));
    s.push('\n');
    s
}

struct Screen {
    master: File,
    child: Child,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    /// Starts `aloud listen` on the test article in a terminal of `cols`×`rows`.
    fn start(sb: &Sandbox, cols: u16, rows: u16, extra: &[&str]) -> Screen {
        let path = sb.write("harbour.txt", article());
        let mut cmd = sb.aloud();
        cmd.args(["listen", "--output", "null"]);
        if !extra.contains(&"--voice") {
            cmd.args(["--voice", "tone"]);
        }
        cmd.args(extra).arg(&path).env("TERM", "xterm-256color");
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty fills the two descriptors; no name buffer or termios is passed.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(r, 0, "openpty failed");
        // SAFETY: both descriptors are fresh and owned here from now on.
        let (master, slave) = unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) };
        cmd.stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        // SAFETY: only async-signal-safe calls between fork and exec: a new session whose
        // controlling terminal is the pty (so that a resize reaches aloud as SIGWINCH).
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("run aloud in a pty");
        drop(cmd);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let feed = Arc::clone(&parser);
        let mut out = master.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Ends with EIO when aloud exits and the pty closes.
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Screen {
            master,
            child,
            parser,
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// A left click at 0-based `col`, `row` (SGR mouse reports, as crossterm asks for).
    fn click(&mut self, col: u16, row: u16) {
        let (c, r) = (col + 1, row + 1);
        self.type_keys(&format!("\x1b[<0;{c};{r}M\x1b[<0;{c};{r}m"));
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ on our own pty master with a valid winsize.
        let r = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(r, 0);
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// The reverse-video text above the bottom bar, words joined by single spaces.
    fn highlighted(&self) -> String {
        let p = self.parser.lock().unwrap();
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let mut words = Vec::new();
        for row in 0..rows.saturating_sub(1) {
            let mut line = String::new();
            for col in 0..cols {
                if let Some(cell) = screen.cell(row, col) {
                    if cell.inverse() {
                        line.push_str(if cell.has_contents() {
                            cell.contents()
                        } else {
                            " "
                        });
                    } else {
                        line.push('\n');
                    }
                }
            }
            words.extend(line.split_whitespace().map(str::to_string));
        }
        words.join(" ")
    }

    /// The underlined text above the bottom bar (the word being spoken).
    fn underlined(&self) -> String {
        let p = self.parser.lock().unwrap();
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let mut out = String::new();
        for row in 0..rows.saturating_sub(1) {
            for col in 0..cols {
                if let Some(cell) = screen.cell(row, col) {
                    if cell.underline() && cell.has_contents() {
                        out.push_str(cell.contents());
                    }
                }
            }
        }
        out
    }

    fn bar(&self) -> String {
        let p = self.parser.lock().unwrap();
        let (rows, cols) = p.screen().size();
        let bar = p.screen().rows(0, cols).nth(rows as usize - 1);
        bar.unwrap_or_default()
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until `check` holds (at most 20 s, which only a hang exceeds); panics with the
    /// screen otherwise.
    fn wait_for(&self, what: &str, check: impl Fn(&Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if check(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!(
            "never saw {what}; highlighted {:?}, screen:\n{}",
            self.highlighted(),
            self.text()
        );
    }

    fn quit(mut self) {
        self.type_keys("q");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "aloud exited with {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("aloud did not quit");
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_sentence(s: &str) -> bool {
    s.starts_with("The ") && s.ends_with('.')
}

#[test]
fn the_highlighted_text_is_the_sentence_being_played() {
    let sb = Sandbox::new();
    let mut screen = Screen::start(&sb, 80, 24, &[]);
    screen.wait_for("the first sentence highlighted", |s| {
        s.highlighted() == "The opening note number 1 is here."
    });
    assert!(screen.text().contains("Harbour Diary"));
    assert!(screen.bar().contains("§1/3"), "{}", screen.bar());
    assert!(screen.bar().contains("tone"), "{}", screen.bar());
    // The highlight moves on with the voice, one whole sentence at a time.
    screen.wait_for("the second sentence", |s| {
        s.highlighted() == "The opening note number 2 is here."
    });
    // Paused, the highlight stays where the saved position says the listener is.
    screen.type_keys(" ");
    std::thread::sleep(Duration::from_millis(300));
    let paused_on = screen.highlighted();
    screen.quit();
    let state = std::fs::read_to_string(sb.path().join("state/aloud/positions.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    let u = v["entries"][0]["position"]["utterance"].as_u64().unwrap();
    assert_eq!(v["entries"][0]["position"]["section"].as_u64(), Some(0));
    // Utterance 0 is the title; sentence n is utterance n.
    assert_eq!(paused_on, format!("The opening note number {u} is here."));
}

#[test]
fn with_espeak_the_underline_moves_word_by_word_with_the_voice() {
    let sb = Sandbox::new();
    let screen = Screen::start(&sb, 80, 24, &["--voice", "en-us"]);
    let first = "The opening note number 1 is here.";
    screen.wait_for("the first sentence highlighted", |s| {
        s.highlighted() == first
    });
    // Watch the underline while the first sentence plays: it goes through its words in order.
    let mut seen: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while screen.highlighted() == first && Instant::now() < deadline {
        let word = screen.underlined();
        if !word.is_empty() && seen.last() != Some(&word) {
            seen.push(word);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let words: Vec<&str> = first.split_whitespace().collect();
    let mut at = 0;
    for w in &seen {
        let found = words[at..].iter().position(|x| x == w);
        assert!(found.is_some(), "{w:?} out of order in {seen:?}");
        at += found.unwrap_or(0);
    }
    assert!(
        seen.len() >= 5,
        "the underline stepped through the words: {seen:?}"
    );
    screen.quit();
}

#[test]
fn the_view_follows_a_section_skip_a_click_and_a_search() {
    let sb = Sandbox::new();
    let mut screen = Screen::start(&sb, 80, 24, &[]);
    screen.wait_for("the first sentence", |s| is_sentence(&s.highlighted()));
    screen.type_keys("n");
    screen.wait_for("the next section's heading or first sentence", |s| {
        let h = s.highlighted();
        (h == "The Cranes" || h.starts_with("The crane note")) && s.bar().contains("§2/3")
    });
    // A search jumps to the sentence with the words.
    screen.type_keys("/lights out\r");
    screen.wait_for("the searched sentence", |s| {
        s.highlighted() == "The lights went out at nine."
    });
    // A click on a word of the title's section starts from that sentence.
    screen.type_keys("1");
    screen.wait_for("the lead again", |s| s.bar().contains("§1/3"));
    let row = {
        let p = screen.parser.lock().unwrap();
        let (rows, cols) = p.screen().size();
        let row = p
            .screen()
            .rows(0, cols)
            .take(rows as usize - 1)
            .position(|l| l.contains("number 4"));
        row.expect("sentence 4 on the screen") as u16
    };
    let col = {
        let p = screen.parser.lock().unwrap();
        let line = p.screen().rows(0, 80).nth(row as usize).unwrap();
        (line.find("number 4").unwrap() + 2) as u16
    };
    screen.click(col, row);
    screen.wait_for("the clicked sentence", |s| {
        s.highlighted() == "The opening note number 4 is here."
    });
    screen.quit();
}

#[test]
fn a_resize_wraps_again_and_keeps_the_sentence_in_sight() {
    let sb = Sandbox::new();
    let mut screen = Screen::start(&sb, 100, 30, &[]);
    screen.type_keys("3");
    screen.wait_for("the last section", |s| {
        s.bar().contains("§3/3") && is_sentence(&s.highlighted())
    });
    screen.resize(60, 15);
    screen.wait_for("the text wrapped to 60 columns", |s| {
        let p = s.parser.lock().unwrap();
        let rows: Vec<String> = p.screen().rows(0, 100).collect();
        // Nothing drawn beyond column 60, and the spoken sentence still on the screen.
        rows.iter().all(|r| r.trim_end().chars().count() <= 60)
    });
    screen.wait_for("the spoken sentence visible after the resize", |s| {
        let h = s.highlighted();
        h.starts_with("The evening note") && h.ends_with("is here.")
    });
    screen.quit();
}

#[test]
fn the_outline_and_the_keys_open_over_the_text() {
    let sb = Sandbox::new();
    let mut screen = Screen::start(&sb, 80, 24, &[]);
    screen.wait_for("playback", |s| is_sentence(&s.highlighted()));
    screen.type_keys("?");
    screen.wait_for("the keys", |s| {
        let t = s.text();
        t.contains("next / previous sentence") && t.contains("search")
    });
    screen.type_keys("x");
    screen.type_keys("o");
    screen.wait_for("the outline", |s| {
        let t = s.text();
        t.contains("Sections") && t.contains("Evenings") && t.contains("The Cranes")
    });
    // ↓ ↓ Enter: the third section.
    screen.type_keys("\x1b[B\x1b[B\r");
    screen.wait_for("the third section", |s| s.bar().contains("§3/3"));
    screen.quit();
}

#[test]
fn plain_view_keeps_the_status_line() {
    let sb = Sandbox::new();
    let screen = Screen::start(&sb, 80, 24, &["--view", "plain"]);
    screen.wait_for("the status line", |s| s.text().contains("§1/3"));
    // No highlighting: the status line is plain text, and the article is not laid out.
    assert!(!screen.text().contains("number 5 is here. The opening"));
    screen.quit();
}
