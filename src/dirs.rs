//! Where aloud keeps its files: the XDG base directories (or the platform's equivalents), each
//! with an `aloud` folder. Every module asks here, so that tests can move all of them with the
//! `XDG_*_HOME` variables.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "aloud")
}

/// `$XDG_CONFIG_HOME/aloud`: `config.toml`, `lexicon.toml`.
pub fn config_dir() -> Option<PathBuf> {
    project().map(|d| d.config_dir().to_path_buf())
}

/// `$XDG_DATA_HOME/aloud`: installed voices, models and the ONNX Runtime aloud fetched.
pub fn data_dir() -> Option<PathBuf> {
    project().map(|d| d.data_dir().to_path_buf())
}

/// `$XDG_STATE_HOME/aloud`: saved positions and reminders.
pub fn state_dir() -> Option<PathBuf> {
    project().and_then(|d| d.state_dir().map(|p| p.to_path_buf()))
}

/// `$XDG_CACHE_HOME/aloud`: synthesized speech and fast-loading model copies.
pub fn cache_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.cache_dir().join("aloud"))
}
