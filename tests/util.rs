//! Test helpers: run the built `aloud` binary in a sandbox of temporary XDG directories.

#![allow(dead_code)]

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A temporary home for one test: XDG config, data, state and cache directories of its own.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command for the aloud binary with this sandbox's XDG directories and no terminal.
    pub fn aloud(&self) -> Command {
        let mut cmd = Command::new(aloud_bin());
        let root = self.dir.path();
        for (var, sub) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            cmd.env(var, root.join(sub));
        }
        cmd.env("HOME", root).stdin(Stdio::null());
        cmd
    }

    /// Runs aloud with `args` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.aloud().args(args).output().expect("run aloud")
    }

    /// Writes `contents` to `name` inside the sandbox and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }
}

/// The binary under test: `$ALOUD_TEST_BIN` when set (a private copy, safe from other builds
/// sharing the target directory), else the one cargo built for this test run.
pub fn aloud_bin() -> PathBuf {
    std::env::var_os("ALOUD_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_aloud")))
}

/// The example article shipped in `examples/`.
pub fn example_article() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/iran-talks.txt")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that aloud failed and that the last line it wrote on standard error, the error a
/// user reads, is `line` (the whole line, `aloud: ` included).
#[track_caller]
pub fn assert_error_line(o: &Output, line: &str) {
    let err = stderr(o);
    assert!(!o.status.success(), "expected a failure, stderr: {err}");
    assert_eq!(err.trim_end().lines().last(), Some(line), "stderr: {err}");
}

/// Like [`assert_error_line`], and the error is all aloud wrote on standard error.
#[track_caller]
pub fn assert_only_error_line(o: &Output, line: &str) {
    assert_error_lines(o, &[line]);
}

/// Asserts that aloud failed and that what it wrote on standard error is `lines`, whole: the
/// warnings that explain the failure, then the error.
#[track_caller]
pub fn assert_error_lines(o: &Output, lines: &[&str]) {
    let err = stderr(o);
    assert!(!o.status.success(), "expected a failure, stderr: {err}");
    assert_eq!(err.trim_end().lines().collect::<Vec<_>>(), lines);
}

/// What `aloud outline --json INPUT` prints, made by the library as the command makes it:
/// `input` read (a path, a URL or `-`), segmented with the default options (and the footnotes
/// left out when `skip_footnotes`), as the JSON contract's value.
pub fn outline_json(input: &str, skip_footnotes: bool) -> serde_json::Value {
    use aloud::article::{read_input, Input, ReadOptions};
    use aloud::segment::{segment, SegmentOptions};
    let loaded = read_input(&Input::parse(input), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("reading {input}: {e}"));
    let opts = SegmentOptions {
        skip_footnotes,
        ..SegmentOptions::default()
    };
    let script = segment(&loaded.document, &opts);
    serde_json::from_str(&aloud::outline::render_json(&script)).expect("the outline is JSON")
}

/// Runs `cmd` in a pseudo-terminal (`script`, so aloud reads keys), its screen going to `log`.
/// Once playback has started (the positions file `state` appears), waits `after`, types `keys`,
/// then waits for aloud to exit and checks that it succeeded.
pub fn press_in_terminal(cmd: &Command, log: &Path, state: &Path, after: Duration, keys: &[u8]) {
    let mut term = Command::new("script");
    term.args(["-q", "-e", "-c", &shell_line(cmd), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(File::create(log).unwrap())
        .stderr(Stdio::null());
    let mut child = term.spawn().expect("run script(1)");
    let mut typing = child.stdin.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !state.exists() {
        let exited = child.try_wait().ok().flatten().is_some();
        assert!(
            !exited && Instant::now() < deadline,
            "playback never started: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(after);
    std::io::Write::write_all(&mut typing, keys).unwrap();
    let status = child.wait().unwrap();
    drop(typing);
    assert!(status.success(), "aloud in a terminal failed: {status}");
}

/// `cmd` as one shell line (environment, program, arguments), for `script -c`.
pub fn shell_line(cmd: &Command) -> String {
    let quote = |s: &std::ffi::OsStr| format!("'{}'", s.to_string_lossy().replace('\'', "'\\''"));
    // `env` wants its -u options before the assignments.
    let mut unset = Vec::new();
    let mut set = Vec::new();
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => set.push(quote(&std::ffi::OsString::from(format!(
                "{}={}",
                k.to_string_lossy(),
                v.to_string_lossy()
            )))),
            None => unset.push(format!("-u {}", k.to_string_lossy())),
        }
    }
    let mut parts = vec!["env".to_string()];
    parts.extend(unset);
    parts.extend(set);
    parts.push(quote(cmd.get_program()));
    parts.extend(cmd.get_args().map(quote));
    parts.join(" ")
}

/// Serves `files` (path → body) on 127.0.0.1 from a thread; answers 404 for anything else.
/// Stops by itself after 100 requests or 300 seconds. Returns the base URL.
pub fn serve(files: HashMap<String, Vec<u8>>) -> String {
    serve_cut(files, HashMap::new())
}

/// Like [`serve`], but the bodies of the paths in `cut` stop after that many bytes although
/// their Content-Length promises all of them: a connection lost mid-download.
pub fn serve_cut(files: HashMap<String, Vec<u8>>, cut: HashMap<String, usize>) -> String {
    serve_inner(files, cut, None)
}

/// Like [`serve`], also returning the paths asked for, in order.
pub fn serve_logged(
    files: HashMap<String, Vec<u8>>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    (serve_inner(files, HashMap::new(), Some(log.clone())), log)
}

fn serve_inner(
    files: HashMap<String, Vec<u8>>,
    cut: HashMap<String, usize>,
    log: Option<std::sync::Arc<std::sync::Mutex<Vec<String>>>>,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(300);
        let mut served = 0;
        while served < 100 && Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            served += 1;
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            if let Some(log) = &log {
                log.lock().unwrap().push(path.clone());
            }
            let mut stream = reader.into_inner();
            let _ = match files.get(&path) {
                Some(body) => {
                    let end = cut
                        .get(&path)
                        .copied()
                        .unwrap_or(body.len())
                        .min(body.len());
                    stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                body.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|_| stream.write_all(&body[..end]))
                }
                None => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    format!("http://{addr}")
}
