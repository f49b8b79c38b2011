//! Test helpers: run the built `aloud` binary in a sandbox of temporary XDG directories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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
