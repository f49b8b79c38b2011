//! Installing and removing Piper voices in the user's voice folder
//! (`$XDG_DATA_HOME/aloud/voices/`).
//!
//! `install_named` looks a voice up in the Piper voice collection's catalog (`voices.json` at
//! [`voices_url`], the layout of the rhasspy/piper-voices repository: each voice lists its files
//! with their size and MD5), downloads the model, its `.onnx.json` and its `MODEL_CARD`, and
//! checks size and checksum. `install_from` takes a local `.onnx` (or its `.onnx.json`) or an
//! http(s) URL of one, with the configuration next to it. Either way the files are written under
//! temporary names and renamed into place, the configuration is checked, and a voice file
//! `NAME.toml` (engine `piper`) is written last, so a voice appears only when complete. The voice
//! is named after its model file, as Piper names them (`en_US-joe-medium`). `remove` deletes a
//! voice file and the files it points at inside the folder. Not covered: resuming a broken
//! download, checking that the model loads (that happens on first use).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::download::{self, agent, commit, discard, io_err, part_path, Progress};
use super::{parse_voice, EngineSpec, Origin};
use crate::synth::piper::PiperConfig;

/// The environment variable that replaces the voice collection's base URL.
pub const VOICES_URL_ENV: &str = "ALOUD_PIPER_VOICES_URL";

/// The Piper voice collection (its `voices.json` and files are under this URL).
pub const DEFAULT_VOICES_URL: &str = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0";

/// Why installing or removing a voice failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InstallError {
    /// The name cannot be a voice name.
    #[error(
        "{0:?} is not a voice name: use letters, digits, `_`, `-` and `.` (like en_US-joe-medium)"
    )]
    BadName(String),
    /// The catalog has no such voice.
    #[error("the Piper voice list has no voice {name:?}{hint}")]
    NotInCatalog {
        /// The name asked for.
        name: String,
        /// Similar names, or where to look.
        hint: String,
    },
    /// A download failed.
    #[error("cannot download {url}: {reason}")]
    Download {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A downloaded file is not what the catalog promised.
    #[error("{url} is damaged ({reason}): try again; nothing was installed")]
    Verify {
        /// The URL.
        url: String,
        /// Size or checksum mismatch.
        reason: String,
    },
    /// The source is not a Piper voice.
    #[error("{source_name} is not a Piper voice: {reason}")]
    NotAVoice {
        /// What was given.
        source_name: String,
        /// Why not, and what to give instead.
        reason: String,
    },
    /// No installed voice by that name.
    #[error("no installed voice named {name:?} in {dir}: run `aloud voices` to see them")]
    NotInstalled {
        /// The name.
        name: String,
        /// The voice folder.
        dir: String,
    },
    /// Reading or writing a file failed.
    // The cause is in the message, not also a `source`: `{:#}` would print it twice.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        reason: std::io::Error,
    },
}

/// What an install did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The voice's name.
    pub name: String,
    /// The voice file written.
    pub voice_file: PathBuf,
    /// The model and configuration files written.
    pub files: Vec<PathBuf>,
    /// Bytes written in all.
    pub bytes: u64,
    /// How many voices the install brought (1 for a Piper voice).
    pub voices: usize,
}

/// The base URL of the voice collection: `$ALOUD_PIPER_VOICES_URL` or [`DEFAULT_VOICES_URL`].
pub fn voices_url() -> String {
    std::env::var(VOICES_URL_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_VOICES_URL.to_string())
        .trim_end_matches('/')
        .to_string()
}

pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[derive(Deserialize)]
struct CatalogEntry {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    quality: Option<String>,
    #[serde(default)]
    language: Option<CatalogLanguage>,
    files: std::collections::BTreeMap<String, CatalogFile>,
}

#[derive(Deserialize)]
struct CatalogLanguage {
    code: Option<String>,
    name_english: Option<String>,
    country_english: Option<String>,
}

#[derive(Deserialize)]
struct CatalogFile {
    size_bytes: u64,
    md5_digest: String,
}

/// The Piper voice collection's list at `url`.
fn fetch_catalog(
    agent: &ureq::Agent,
    url: &str,
) -> Result<std::collections::BTreeMap<String, CatalogEntry>, InstallError> {
    let fail = |reason: String| InstallError::Download {
        url: url.to_string(),
        reason,
    };
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => fail(format!("the server answered {code}")),
        other => fail(other.to_string()),
    })?;
    let text = resp
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .map_err(|e| fail(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| fail(format!("not a Piper voice list ({e})")))
}

/// A voice the Piper collection offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// Its name (`en_US-joe-medium`).
    pub name: String,
    /// Its language (`en-US`).
    pub language: String,
    /// Its quality (`low`, `medium`, `high`).
    pub quality: String,
    /// The download size of its files.
    pub bytes: u64,
}

/// The voices the Piper collection at `base_url` offers, by name.
pub fn offered(base_url: &str) -> Result<Vec<Offered>, InstallError> {
    let base = base_url.trim_end_matches('/');
    let catalog = fetch_catalog(&agent(), &format!("{base}/voices.json"))?;
    Ok(catalog
        .into_iter()
        .filter(|(_, e)| !e.files.is_empty())
        .map(|(name, e)| Offered {
            language: e
                .language
                .as_ref()
                .and_then(|l| l.code.as_deref())
                .map_or_else(|| language_from_name(&name), bcp47),
            quality: e.quality.clone().unwrap_or_default(),
            bytes: e.files.values().map(|f| f.size_bytes).sum(),
            name,
        })
        .collect())
}

/// `en_US` → `en-US`.
fn bcp47(code: &str) -> String {
    code.replace('_', "-")
}

/// Writes the voice file for a model installed as `name.onnx` in `dir`.
fn write_voice_file(
    dir: &Path,
    name: &str,
    language: &str,
    description: &str,
) -> Result<PathBuf, InstallError> {
    let text = format!(
        "# Installed by `aloud voices install`; remove with `aloud voices remove {name}`.\n\
         name = {name:?}\nlanguage = {language:?}\ndescription = {description:?}\nengine = \"piper\"\n\n\
         [piper]\nmodel = \"{name}.onnx\"\nconfig = \"{name}.onnx.json\"\n"
    );
    let path = dir.join(format!("{name}.toml"));
    // The file must parse as the catalog will read it.
    parse_voice(
        &text,
        &path.display().to_string(),
        Origin::File(path.clone()),
    )
    .map_err(|e| InstallError::NotAVoice {
        source_name: name.to_string(),
        reason: e.message,
    })?;
    let part = part_path(&path);
    std::fs::write(&part, text).map_err(io_err(&part))?;
    commit(&path)?;
    Ok(path)
}

/// Reads a configuration downloaded or copied to `path` (still under its `.part` name).
fn check_config(path: &Path, source_name: &str) -> Result<PiperConfig, InstallError> {
    let text = std::fs::read_to_string(part_path(path)).map_err(io_err(path))?;
    PiperConfig::parse(&text).map_err(|reason| InstallError::NotAVoice {
        source_name: source_name.to_string(),
        reason: format!("its .onnx.json is not usable: {reason}"),
    })
}

/// Installs the voice `name` from the Piper voice collection at `base_url` into `dir`.
pub fn install_named(
    name: &str,
    dir: &Path,
    base_url: &str,
    progress: Progress<'_>,
) -> Result<Installed, InstallError> {
    if !valid_name(name) {
        return Err(InstallError::BadName(name.to_string()));
    }
    let base = base_url.trim_end_matches('/');
    let agent = agent();
    let catalog_url = format!("{base}/voices.json");
    let catalog = fetch_catalog(&agent, &catalog_url)?;
    let Some(entry) = catalog.get(name) else {
        let lang = name.split('-').next().unwrap_or(name);
        let similar: Vec<&str> = catalog
            .keys()
            .filter(|k| k.starts_with(lang))
            .map(String::as_str)
            .take(8)
            .collect();
        let hint = if similar.is_empty() {
            format!(": see {catalog_url} for the names")
        } else {
            format!(": try {}", similar.join(", "))
        };
        return Err(InstallError::NotInCatalog {
            name: name.to_string(),
            hint,
        });
    };
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let model_key = format!("{name}.onnx");
    let config_key = format!("{name}.onnx.json");
    let mut plan: Vec<(String, &CatalogFile, PathBuf)> = Vec::new();
    for (path, file) in &entry.files {
        let base_name = path.rsplit('/').next().unwrap_or(path);
        let dest = if base_name == model_key || base_name == config_key {
            dir.join(base_name)
        } else if base_name == "MODEL_CARD" {
            dir.join(format!("{name}.MODEL_CARD"))
        } else {
            continue;
        };
        plan.push((format!("{base}/{path}"), file, dest));
    }
    for needed in [&model_key, &config_key] {
        if !plan.iter().any(|(_, _, d)| d.ends_with(needed)) {
            return Err(InstallError::NotInCatalog {
                name: name.to_string(),
                hint: format!(" with a file {needed} (the voice list entry is incomplete)"),
            });
        }
    }
    let dests: Vec<PathBuf> = plan.iter().map(|(_, _, d)| d.clone()).collect();
    let mut bytes = 0;
    for (url, file, dest) in &plan {
        let result = download::fetch(&agent, url, dest, progress).and_then(|got| {
            let (size, md5) = (got.bytes, got.md5);
            if size != file.size_bytes {
                Err(InstallError::Verify {
                    url: url.clone(),
                    reason: format!("{size} bytes, expected {}", file.size_bytes),
                })
            } else if !md5.eq_ignore_ascii_case(file.md5_digest.trim()) {
                Err(InstallError::Verify {
                    url: url.clone(),
                    reason: format!("MD5 {md5}, expected {}", file.md5_digest),
                })
            } else {
                Ok(size)
            }
        });
        match result {
            Ok(size) => bytes += size,
            Err(e) => {
                discard(&dests);
                return Err(e);
            }
        }
    }
    let config = match check_config(&dir.join(&config_key), name) {
        Ok(c) => c,
        Err(e) => {
            discard(&dests);
            return Err(e);
        }
    };
    for d in &dests {
        commit(d)?;
    }
    let language = entry
        .language
        .as_ref()
        .and_then(|l| l.code.clone())
        .or(config.language)
        .map_or_else(|| language_from_name(name), |c| bcp47(&c));
    let mut description = format!(
        "Piper neural voice {}",
        entry.name.as_deref().unwrap_or(name)
    );
    if let Some(q) = &entry.quality {
        description.push_str(&format!(" ({q})"));
    }
    if let Some(l) = &entry.language {
        if let (Some(lang), Some(country)) = (&l.name_english, &l.country_english) {
            description.push_str(&format!(", {lang} ({country})"));
        }
    }
    let voice_file = write_voice_file(dir, name, &language, &description)?;
    Ok(Installed {
        name: name.to_string(),
        voice_file,
        files: dests,
        bytes,
        voices: 1,
    })
}

/// `en_US-joe-medium` → `en-US`.
fn language_from_name(name: &str) -> String {
    bcp47(name.split('-').next().unwrap_or("und"))
}

/// The model and configuration locations for `source` (a path or URL of a `.onnx` or its
/// `.onnx.json`), and the voice name.
fn model_and_config(source: &str) -> Result<(String, String, String), InstallError> {
    let (body, query) = match source.split_once('?') {
        Some((b, q)) if source.contains("://") => (b, format!("?{q}")),
        _ => (source, String::new()),
    };
    let model = body.strip_suffix(".json").unwrap_or(body);
    let Some(stem) = model.strip_suffix(".onnx") else {
        return Err(InstallError::NotAVoice {
            source_name: source.to_string(),
            reason:
                "give the path or URL of a Piper model (NAME.onnx, with NAME.onnx.json next to it)"
                    .into(),
        });
    };
    let name = stem.rsplit(['/', '\\']).next().unwrap_or(stem).to_string();
    if !valid_name(&name) {
        return Err(InstallError::BadName(name));
    }
    Ok((
        name,
        format!("{model}{query}"),
        format!("{model}.json{query}"),
    ))
}

/// Installs a voice from local files or a URL: `source` names the `.onnx` (or its `.onnx.json`);
/// the other file must be next to it.
pub fn install_from(
    source: &str,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<Installed, InstallError> {
    let (name, model_src, config_src) = model_and_config(source)?;
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let model_dest = dir.join(format!("{name}.onnx"));
    let config_dest = dir.join(format!("{name}.onnx.json"));
    let dests = [model_dest.clone(), config_dest.clone()];
    let is_url = source.starts_with("http://") || source.starts_with("https://");
    let copied = if is_url {
        let agent = agent();
        download::fetch(&agent, &config_src, &config_dest, progress).and_then(|a| {
            Ok(a.bytes + download::fetch(&agent, &model_src, &model_dest, progress)?.bytes)
        })
    } else {
        copy_in(Path::new(&config_src), &config_dest)
            .and_then(|a| Ok(a + copy_in(Path::new(&model_src), &model_dest)?))
    };
    let bytes = match copied {
        Ok(b) => b,
        Err(e) => {
            discard(&dests);
            return Err(e);
        }
    };
    let config = match check_config(&config_dest, source) {
        Ok(c) => c,
        Err(e) => {
            discard(&dests);
            return Err(e);
        }
    };
    for d in &dests {
        commit(d)?;
    }
    let language = config
        .language
        .map_or_else(|| language_from_name(&name), |c| bcp47(&c));
    let voice_file =
        write_voice_file(dir, &name, &language, &format!("Piper neural voice {name}"))?;
    Ok(Installed {
        name,
        voice_file,
        files: dests.to_vec(),
        bytes,
        voices: 1,
    })
}

/// Copies `src` to `dest`'s `.part` file; returns the size.
fn copy_in(src: &Path, dest: &Path) -> Result<u64, InstallError> {
    if !src.is_file() {
        return Err(InstallError::NotAVoice {
            source_name: src.display().to_string(),
            reason: "no such file (a Piper voice is NAME.onnx with NAME.onnx.json next to it)"
                .into(),
        });
    }
    let part = part_path(dest);
    std::fs::copy(src, &part).map_err(io_err(src))
}

/// Removes the installed voice `name` from `dir`: its voice file, and the model files it names
/// that are inside `dir`. Returns the files removed.
pub fn remove(name: &str, dir: &Path) -> Result<Vec<PathBuf>, InstallError> {
    if !valid_name(name) {
        return Err(InstallError::BadName(name.to_string()));
    }
    let not_installed = || InstallError::NotInstalled {
        name: name.to_string(),
        dir: dir.display().to_string(),
    };
    // The voice file is usually NAME.toml; otherwise look for the file that defines NAME.
    let mut voice_file = dir.join(format!("{name}.toml"));
    if !voice_file.is_file() {
        let found = std::fs::read_dir(dir)
            .map_err(|_| not_installed())?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .find(|p| {
                std::fs::read_to_string(p).ok().is_some_and(|t| {
                    parse_voice(&t, "", Origin::File(p.clone())).is_ok_and(|v| v.name == name)
                })
            });
        voice_file = found.ok_or_else(not_installed)?;
    }
    let text = std::fs::read_to_string(&voice_file).map_err(io_err(&voice_file))?;
    let mut targets = vec![voice_file.clone()];
    if let Ok(voice) = parse_voice(&text, "", Origin::File(voice_file.clone())) {
        if let EngineSpec::Piper(spec) = voice.engine {
            targets.push(spec.model);
            targets.push(spec.config);
        }
    }
    targets.push(dir.join(format!("{name}.MODEL_CARD")));
    let root = std::fs::canonicalize(dir).map_err(io_err(dir))?;
    let mut removed = Vec::new();
    for t in targets {
        // Only files inside the voice folder: a voice file may point at a model elsewhere.
        let inside = std::fs::canonicalize(&t).is_ok_and(|c| c.starts_with(&root));
        if inside && t.is_file() {
            std::fs::remove_file(&t).map_err(io_err(&t))?;
            removed.push(t);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_file_names() {
        assert!(valid_name("en_US-joe-medium"));
        for bad in ["", "../x", "a/b", ".hidden", "x y"] {
            assert!(!valid_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_model_source_gives_the_voice_name_and_its_json() {
        let (name, model, config) = model_and_config("/tmp/v/en_GB-x-low.onnx").unwrap();
        assert_eq!(name, "en_GB-x-low");
        assert_eq!(model, "/tmp/v/en_GB-x-low.onnx");
        assert_eq!(config, "/tmp/v/en_GB-x-low.onnx.json");
        let (_, model, config) =
            model_and_config("https://h/v/en_US-a-b.onnx.json?download=true").unwrap();
        assert_eq!(model, "https://h/v/en_US-a-b.onnx?download=true");
        assert_eq!(config, "https://h/v/en_US-a-b.onnx.json?download=true");
        assert!(model_and_config("voice.wav").is_err());
    }

    #[test]
    fn language_comes_from_the_piper_name() {
        assert_eq!(language_from_name("en_US-joe-medium"), "en-US");
    }
}
