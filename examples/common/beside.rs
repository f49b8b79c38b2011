//! The aloud binary a benchmark runs: the one built beside it (`target/release/examples/bench_x`
//! → `target/release/aloud`), so that a benchmark measures the build it came from. Shared by the
//! benchmark examples through `#[path]`.

use std::path::{Path, PathBuf};

/// The aloud binary beside this example's folder; panics, saying what to build, when it is
/// missing.
pub fn aloud_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let aloud = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("aloud"))
        .expect("target dir");
    assert!(
        aloud.exists(),
        "build the aloud binary first (cargo build --release): {}",
        aloud.display()
    );
    aloud
}
