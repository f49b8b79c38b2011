//! Getting install files: from an http(s) URL or a local path, into `NAME.part` beside their
//! destination, with their size, SHA-256 and MD5 measured on the way, checked against what was
//! promised, and renamed into place only when every file of an install is good.
//!
//! The files aloud fetches by name (Kokoro's model and voice pack, ONNX Runtime's release
//! archive) are described by a [`Manifest`]: URL, size and SHA-256 of each. The built-in one
//! points at the upstream releases; `ALOUD_DOWNLOADS` names a TOML file that replaces any of
//! its entries, for a mirror with other addresses or for tests against a local server.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use md5::Md5;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::install::InstallError;

/// Called as downloads go: (file name, bytes so far, total bytes if known).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, Option<u64>);

/// The environment variable naming a manifest that replaces the built-in download entries.
pub const MANIFEST_ENV: &str = "ALOUD_DOWNLOADS";

/// One file to download: where, and what it must be.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    /// Its URL (or a local path).
    pub url: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// For an archive: the path of the file to take out of it.
    #[serde(default)]
    pub member: Option<String>,
}

/// Everything aloud downloads by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Kokoro's model (`kokoro-v1.0.int8.onnx`).
    #[serde(default)]
    pub kokoro_model: Option<Asset>,
    /// Kokoro's voice pack (`voices-v1.0.bin`, a NumPy `.npz`).
    #[serde(default)]
    pub kokoro_voices: Option<Asset>,
    /// ONNX Runtime's release archive for this platform.
    #[serde(default)]
    pub onnxruntime: Option<Asset>,
}

/// kokoro-onnx's release of the Kokoro v1.0 files.
const KOKORO_RELEASE: &str =
    "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0";

/// The int8 Kokoro v1.0 model.
pub fn kokoro_model() -> Asset {
    Asset {
        url: format!("{KOKORO_RELEASE}/kokoro-v1.0.int8.onnx"),
        size: 92_361_271,
        sha256: "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb".into(),
        member: None,
    }
}

/// The Kokoro v1.0 voice pack.
pub fn kokoro_voices() -> Asset {
    Asset {
        url: format!("{KOKORO_RELEASE}/voices-v1.0.bin"),
        size: 28_214_398,
        sha256: "bca610b8308e8d99f32e6fe4197e7ec01679264efed0cac9140fe9c29f1fbf7d".into(),
        member: None,
    }
}

/// The ONNX Runtime version aloud fetches.
pub const ONNXRUNTIME_VERSION: &str = "1.24.4";

/// ONNX Runtime's official release archive for this platform, or why there is none.
pub fn onnxruntime() -> Result<Asset, String> {
    let v = ONNXRUNTIME_VERSION;
    let (archive, size, sha256, lib) = if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        (
            format!("onnxruntime-linux-x64-{v}.tgz"),
            8_155_822,
            "3a211fbea252c1e66290658f1b735b772056149f28321e71c308942cdb54b747",
            format!("libonnxruntime.so.{v}"),
        )
    } else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
        (
            format!("onnxruntime-linux-aarch64-{v}.tgz"),
            7_181_958,
            "866109a9248d057671a039b9d725be4bd86888e3754140e6701ec621be9d4d7e",
            format!("libonnxruntime.so.{v}"),
        )
    } else if cfg!(all(target_os = "macos", target_arch = "aarch64")) {
        (
            format!("onnxruntime-osx-arm64-{v}.tgz"),
            30_937_282,
            "93787795f47e1eee369182e43ed51b9e5da0878ab0346aecf4258979b8bba989",
            format!("libonnxruntime.{v}.dylib"),
        )
    } else {
        return Err(format!(
            "ONNX Runtime {v} has no release archive for this platform (only Linux x86-64 and \
             aarch64 and macOS on Apple silicon): install ONNX Runtime 1.24 or later yourself \
             (`pip install onnxruntime`, or your package manager) and set ORT_DYLIB_PATH to its \
             libonnxruntime"
        ));
    };
    let dir = archive.trim_end_matches(".tgz");
    Ok(Asset {
        url: format!("https://github.com/microsoft/onnxruntime/releases/download/v{v}/{archive}"),
        size,
        sha256: sha256.into(),
        member: Some(format!("{dir}/lib/{lib}")),
    })
}

impl Manifest {
    /// The built-in entries, replaced by those of the `ALOUD_DOWNLOADS` file when it is set.
    pub fn load() -> Result<Manifest, InstallError> {
        let mut m = Manifest {
            kokoro_model: Some(kokoro_model()),
            kokoro_voices: Some(kokoro_voices()),
            onnxruntime: onnxruntime().ok(),
        };
        let Some(path) = std::env::var_os(MANIFEST_ENV).filter(|v| !v.is_empty()) else {
            return Ok(m);
        };
        let path = PathBuf::from(path);
        let text = std::fs::read_to_string(&path).map_err(io_err(&path))?;
        let over: Manifest = toml::from_str(&text).map_err(|e| InstallError::NotAVoice {
            source_name: path.display().to_string(),
            reason: format!(
                "{MANIFEST_ENV} names a file that is not a download manifest: {}",
                e.message()
            ),
        })?;
        m.kokoro_model = over.kokoro_model.or(m.kokoro_model);
        m.kokoro_voices = over.kokoro_voices.or(m.kokoro_voices);
        m.onnxruntime = over.onnxruntime.or(m.onnxruntime);
        Ok(m)
    }
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |reason| InstallError::Io {
        path: path.display().to_string(),
        reason,
    }
}

/// An HTTP agent with install-sized timeouts: 20 s to connect, a stall of 60 s ends a transfer.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_recv_body(Some(Duration::from_secs(3600)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// What a fetched file measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// Its MD5, lowercase hex.
    pub md5: String,
}

/// `dest` with `.part` added: where a file is written before it is complete and checked.
pub fn part_path(dest: &Path) -> PathBuf {
    let mut p = dest.as_os_str().to_owned();
    p.push(".part");
    PathBuf::from(p)
}

/// Moves `dest`'s checked `.part` file into place.
pub fn commit(dest: &Path) -> Result<(), InstallError> {
    std::fs::rename(part_path(dest), dest).map_err(io_err(dest))
}

/// Removes the `.part` files of `dests` (after a failure).
pub fn discard(dests: &[PathBuf]) {
    for p in dests {
        let _ = std::fs::remove_file(part_path(p));
    }
}

/// Whether `source` is an http(s) URL (else it is a local path).
pub fn is_url(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

/// Copies `source` (an http(s) URL or a local path) into `dest`'s `.part` file, measuring it.
/// A failed transfer removes the `.part` file.
pub fn fetch(
    agent: &ureq::Agent,
    source: &str,
    dest: &Path,
    progress: Progress<'_>,
) -> Result<Fetched, InstallError> {
    let fail = |reason: String| InstallError::Download {
        url: source.to_string(),
        reason,
    };
    let (mut reader, total): (Box<dyn Read>, Option<u64>) = if is_url(source) {
        let resp = agent.get(source).call().map_err(|e| match e {
            ureq::Error::StatusCode(code) => fail(format!("the server answered {code}")),
            other => fail(other.to_string()),
        })?;
        let total = resp.body().content_length();
        (Box::new(resp.into_body().into_reader()), total)
    } else {
        let path = Path::new(source);
        let file = std::fs::File::open(path).map_err(|e| InstallError::NotAVoice {
            source_name: source.to_string(),
            reason: format!("cannot read it: {e}"),
        })?;
        let total = file.metadata().ok().map(|m| m.len());
        (Box::new(file), total)
    };
    let shown = dest
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let part = part_path(dest);
    let result = (|| {
        let mut out = std::fs::File::create(&part).map_err(io_err(&part))?;
        let mut sha = Sha256::new();
        let mut md5 = Md5::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut done = 0u64;
        let mut last_report = 0u64;
        progress(&shown, 0, total);
        loop {
            let n = reader.read(&mut buf).map_err(|e| {
                fail(format!(
                    "the transfer broke off after {done}{} bytes ({e}): try again; nothing was installed",
                    total.map_or_else(String::new, |t| format!(" of {t}"))
                ))
            })?;
            if n == 0 {
                break;
            }
            sha.update(&buf[..n]);
            md5.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io_err(&part))?;
            done += n as u64;
            if done - last_report >= 1 << 20 {
                last_report = done;
                progress(&shown, done, total);
            }
        }
        out.sync_all().map_err(io_err(&part))?;
        progress(&shown, done, total);
        Ok(Fetched {
            bytes: done,
            sha256: hex(&sha.finalize()),
            md5: hex(&md5.finalize()),
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Checks a fetched file against its promised size and SHA-256.
pub fn verify(source: &str, got: &Fetched, asset: &Asset) -> Result<(), InstallError> {
    let damaged = |reason: String| InstallError::Verify {
        url: source.to_string(),
        reason,
    };
    if got.bytes != asset.size {
        return Err(damaged(format!(
            "{} bytes, expected {}{}",
            got.bytes,
            asset.size,
            if got.bytes < asset.size {
                ": the download was cut short"
            } else {
                ""
            }
        )));
    }
    if !got.sha256.eq_ignore_ascii_case(asset.sha256.trim()) {
        return Err(damaged(format!(
            "SHA-256 {}, expected {}",
            got.sha256, asset.sha256
        )));
    }
    Ok(())
}

/// Removes `.part` files and `.tmp-*` folders left in `dir` by installs that were killed.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".part") {
            let _ = std::fs::remove_file(e.path());
        } else if name.starts_with(".tmp-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_file_is_fetched_and_measured() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src.bin");
        std::fs::write(&src, b"hello").unwrap();
        let dest = dir.path().join("out.bin");
        let mut calls = 0;
        let got = fetch(
            &agent(),
            &src.display().to_string(),
            &dest,
            &mut |_, _, _| calls += 1,
        )
        .unwrap();
        assert_eq!(got.bytes, 5);
        assert_eq!(
            got.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(got.md5, "5d41402abc4b2a76b9719d911017c592");
        assert!(calls >= 2);
        assert!(part_path(&dest).is_file() && !dest.exists());
        commit(&dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"hello");
    }

    #[test]
    fn a_short_or_different_file_fails_verification_saying_how() {
        let asset = Asset {
            url: "x".into(),
            size: 10,
            sha256: "ab".into(),
            member: None,
        };
        let short = Fetched {
            bytes: 4,
            sha256: "ab".into(),
            md5: String::new(),
        };
        let msg = verify("http://h/x", &short, &asset)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("4 bytes, expected 10: the download was cut short"),
            "{msg}"
        );
        let other = Fetched {
            bytes: 10,
            sha256: "cd".into(),
            md5: String::new(),
        };
        let msg = verify("http://h/x", &other, &asset)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("SHA-256 cd, expected ab"), "{msg}");
    }

    #[test]
    fn the_builtin_manifest_pins_the_kokoro_release() {
        assert_eq!(kokoro_model().size, 92_361_271);
        assert!(kokoro_voices().url.ends_with("/voices-v1.0.bin"));
        if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
            let ort = onnxruntime().unwrap();
            assert!(ort.url.ends_with("onnxruntime-linux-x64-1.24.4.tgz"));
            assert_eq!(
                ort.member.as_deref(),
                Some("onnxruntime-linux-x64-1.24.4/lib/libonnxruntime.so.1.24.4")
            );
        }
    }
}
