//! Fetching ONNX Runtime for the neural voices: Microsoft's release archive for this platform
//! (`onnxruntime-linux-x64-1.24.4.tgz`, …), checked by size and SHA-256, its library taken out
//! into `$XDG_DATA_HOME/aloud/onnxruntime/`, where [`crate::synth::onnx::locate_library`] finds it
//! from then on. The library is written under a temporary name, its version is read, and only
//! then is it renamed into place. Installing a neural voice calls [`ensure`], which does nothing
//! when a usable runtime is already there.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::download::{self, agent, io_err, part_path, verify, Asset, Manifest, Progress};
use super::install::{InstallError, Installed};
use crate::synth::onnx;

/// Installs the runtime `asset` (an archive, or `source` for a local or mirrored copy of it)
/// into `dir`.
pub fn install(
    dir: &Path,
    asset: &Asset,
    source: Option<&str>,
    progress: Progress<'_>,
) -> Result<Installed, InstallError> {
    let source = source.unwrap_or(&asset.url).to_string();
    let member = asset
        .member
        .clone()
        .ok_or_else(|| InstallError::NotAVoice {
            source_name: source.clone(),
            reason: "the download manifest names no library inside the archive (member = ...)"
                .into(),
        })?;
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    download::remove_leftovers(dir);
    let archive = dir.join(".archive.tgz");
    let got = download::fetch(&agent(), &source, &archive, progress)?;
    let part = part_path(&archive);
    let result = verify(&source, &got, asset).and_then(|()| extract(&part, &member, dir, &source));
    let _ = std::fs::remove_file(&part);
    let library = result?;
    Ok(Installed {
        name: "onnxruntime".into(),
        voice_file: library.clone(),
        files: vec![library],
        bytes: got.bytes,
        voices: 0,
    })
}

/// Takes `member` out of the `.tgz` at `archive` into `dir`, checks that it is an ONNX Runtime
/// aloud can use, and renames it into place. Returns its path.
fn extract(
    archive: &Path,
    member: &str,
    dir: &Path,
    source: &str,
) -> Result<PathBuf, InstallError> {
    let bad = |reason: String| InstallError::NotAVoice {
        source_name: source.to_string(),
        reason,
    };
    let name = member.rsplit('/').next().unwrap_or(member).to_string();
    let dest = dir.join(&name);
    let part = part_path(&dest);
    let file = std::fs::File::open(archive).map_err(io_err(archive))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = tar
        .entries()
        .map_err(|e| bad(format!("it is not a .tgz archive: {e}")))?;
    let mut found = false;
    for entry in entries {
        let mut entry = entry.map_err(|e| bad(format!("the archive is damaged: {e}")))?;
        let path = entry
            .path()
            .map(|p| p.to_string_lossy().trim_start_matches("./").to_string())
            .unwrap_or_default();
        if path != member || !entry.header().entry_type().is_file() {
            continue;
        }
        let mut out = std::fs::File::create(&part).map_err(io_err(&part))?;
        let mut buf = Vec::new();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| bad(format!("the archive is damaged: {e}")))?;
        std::io::Write::write_all(&mut out, &buf).map_err(io_err(&part))?;
        out.sync_all().map_err(io_err(&part))?;
        found = true;
        break;
    }
    if !found {
        return Err(bad(format!("the archive has no {member}")));
    }
    // The library must be one the voices can use before it takes the place of anything.
    match onnx::library_version(&part) {
        Ok(v) if onnx::version_fits(&v) => {}
        Ok(v) => {
            let _ = std::fs::remove_file(&part);
            return Err(bad(format!(
                "its library is ONNX Runtime {v}; aloud needs {}.{} or later",
                onnx::MIN_VERSION.0,
                onnx::MIN_VERSION.1
            )));
        }
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(bad(format!("its library cannot be loaded: {e}")));
        }
    }
    download::commit(&dest)?;
    // Older libraries aloud fetched before are no longer needed.
    for old in onnx::libraries_in(dir) {
        if old != dest {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(dest)
}

/// Makes sure a usable ONNX Runtime is there: `Ok(None)` when one is found, else the runtime
/// fetched from the manifest into [`onnx::runtime_dir`].
pub fn ensure(
    manifest: &Manifest,
    progress: Progress<'_>,
) -> Result<Option<Installed>, InstallError> {
    if onnx::locate_library(None).is_ok() {
        return Ok(None);
    }
    let asset = match &manifest.onnxruntime {
        Some(a) => a.clone(),
        None => {
            return Err(InstallError::NotAVoice {
                source_name: "onnxruntime".into(),
                reason: download::onnxruntime().err().unwrap_or_default(),
            })
        }
    };
    let dir = onnx::runtime_dir().ok_or_else(|| InstallError::Io {
        path: "$XDG_DATA_HOME/aloud/onnxruntime".into(),
        reason: std::io::Error::other("no data folder: set XDG_DATA_HOME or HOME"),
    })?;
    install(&dir, &asset, None, progress).map(Some)
}
