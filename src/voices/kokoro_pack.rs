//! The Kokoro voice pack in the user's data folder (`$XDG_DATA_HOME/aloud/kokoro/`): installing
//! it, finding it, and removing it or one of its voices.
//!
//! An installed pack is a folder with the model (`kokoro-v1.0.int8.onnx`), one style file per
//! English voice in `voices/` (`af_heart.bin`, 510 × 256 `f32`), and `pack.toml`, written last:
//! a pack without it is not installed, so an install that stops half-way leaves no voice behind.
//! [`install`] downloads the model and the voice pack (`voices-v1.0.bin`, a NumPy `.npz` of every
//! voice in every language) from the release the [`Manifest`] names, checks size and SHA-256,
//! takes the English voices out of the pack, and renames everything into place; with `--from` it
//! takes the same files from a folder or a mirror URL, or a folder of per-voice `.bin` files
//! (the layout of the kokoro-js package), checked against the SHA-256 of each voice. Not
//! covered: the pack's other languages (aloud has no phonemizer for them).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::download::{
    self, agent, io_err, is_url, part_path, sha256_hex, verify, Asset, Manifest, Progress,
};
use super::install::{InstallError, Installed};
use super::{EngineSpec, Origin, Voice};
use crate::synth::kokoro::{self, catalog, KokoroSpec};
use crate::synth::VoiceSettings;

/// The pack's folder under the data folder.
pub const DIR: &str = "kokoro";
/// The file that says a pack is installed (written last).
pub const PACK_FILE: &str = "pack.toml";
/// The voices' folder inside the pack.
const VOICES: &str = "voices";
/// The voice pack's file name in the release.
const PACK_NAME: &str = "voices-v1.0.bin";

/// Kokoro v1.0 models aloud knows: file name, size, SHA-256.
const MODELS: &[(&str, u64, &str)] = &[
    (
        "kokoro-v1.0.int8.onnx",
        92_361_271,
        "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb",
    ),
    (
        "kokoro-v1.0.onnx",
        325_532_387,
        "7d5df8ecf7d4b1878015a32686053fd0eebe2bc377234608764cc0ef3636a6c5",
    ),
    (
        "kokoro-v1.0.fp16.onnx",
        163_527_961,
        "f3a290d384fbb27966d462905c71a46cef9e5fd00516b40df32a0b4afe77ac96",
    ),
];

/// SHA-256 of each English voice's style data (510 × 256 `f32`, little-endian), the same bytes
/// in the release's pack and in the kokoro-js package.
const VOICE_SHA256: &[(&str, &str)] = &[
    (
        "af_alloy",
        "c4a6b876047fd7fb472edf4ebd63cfac7c3b958a7cae7c106e8f038ca6308c45",
    ),
    (
        "af_aoede",
        "4a004c33430762e2461eedb2013fad808ef4ab3121f5300f554476caf58d8361",
    ),
    (
        "af_bella",
        "f69d836209b78eb8c66e75e3cda491e26ea838a3674257e9d4e5703cbaf55c8b",
    ),
    (
        "af_heart",
        "d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b",
    ),
    (
        "af_jessica",
        "a240a5e3c15b43563d6e923bdca8ef5613a23471d9b77653694012435df23bd8",
    ),
    (
        "af_kore",
        "9be5221b6a941c04b561959b8ff0b06e809444dcc4ab7e75a7b23606f691819e",
    ),
    (
        "af_nicole",
        "cd2191ab31b914ed7b318416b0e4440fdf392ddad9106a060819aa600a64f59a",
    ),
    (
        "af_nova",
        "18778272caa0d0eebaea251c35fd635f038434f9eee5e691d02a174bd328414f",
    ),
    (
        "af_river",
        "00a2bcf82b1d86e8f19902ede58c65ccf6c0e43b44b7d74fad54e5d8933c9c30",
    ),
    (
        "af_sarah",
        "4409fbc125afabacc615d94db5398d847006a737b0247d6892b7a9a0007a2f0a",
    ),
    (
        "af_sky",
        "4435255c9744f3f31659e0d714ab7689bf65d9e77ec1cce060f083912614f0b9",
    ),
    (
        "am_adam",
        "162b035ed91cfc48b6046982184c645f72edcdd1b82843347f605d7bf7b15716",
    ),
    (
        "am_echo",
        "3968b92c3c4cd1c4416dbded36c13eaa388a90d5788d02a13e4d781f5f8cf3c3",
    ),
    (
        "am_eric",
        "e8b5be17edd1e3636901ce7598baafe2dc8dd8ff707a0c23bf9e461add7e2832",
    ),
    (
        "am_fenrir",
        "c27989f741f7ee34d273a39d8a595cc0837d35f5ced9a29b7cc162614616df43",
    ),
    (
        "am_liam",
        "52403be32fd047c6a44517cb0bcd6b134f2a18baa73e70ef41651e0eab921ade",
    ),
    (
        "am_michael",
        "1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1",
    ),
    (
        "am_onyx",
        "da5d135b424164916d75a68ffb4c2abce3d7d5ccc82dd1ee6cf447ce286145e6",
    ),
    (
        "am_puck",
        "fcf73c989033e9233e0b98713eca600c8c74dcc1614b37009d5450ff4a2274a0",
    ),
    (
        "am_santa",
        "61150cf726ab6c5ed7a99f90a304f91f5a72c00c592e89ec94e5df11c319227a",
    ),
    (
        "bf_alice",
        "08afa6ba24da61ea5e8efa139e5aadc938d83f0a6da5a900adaf763ac1da5573",
    ),
    (
        "bf_emma",
        "669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73",
    ),
    (
        "bf_isabella",
        "3754352c4aaa46d17f27654ab7518d65b62ad6163a0f55a5f4330c2da2c4e94f",
    ),
    (
        "bf_lily",
        "5e0ee32ebe64a467124976b14e69590746f1c4ce41a12b587a50c862edfea335",
    ),
    (
        "bm_daniel",
        "6b3194bbceffb746733cbc22c8f593dd44e401a71d53895a2dca891bc595a1e8",
    ),
    (
        "bm_fable",
        "f889083196807b4adb15e9204252165f503b8d33d3982e681c52443c49d798f1",
    ),
    (
        "bm_george",
        "c4b235a4c1f2cd3b939fed08b899ce9385638b763f7b73a59616c4fc9bd6c9bc",
    ),
    (
        "bm_lewis",
        "b8f671cef828c30e66fdf0b0756a76bba58f6bb3398cbbf27058642acbcedb97",
    ),
];

/// `$XDG_DATA_HOME/aloud/kokoro`.
pub fn pack_dir() -> Option<PathBuf> {
    crate::dirs::data_dir().map(|d| d.join(DIR))
}

#[derive(serde::Deserialize, serde::Serialize)]
struct PackFile {
    model: String,
    model_sha256: String,
}

/// An installed pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pack {
    /// Its folder.
    pub dir: PathBuf,
    /// The model file.
    pub model: PathBuf,
    /// Voice names and their style files, sorted by name.
    pub voices: Vec<(String, PathBuf)>,
}

/// The pack installed in `dir`, if there is one.
pub fn installed(dir: &Path) -> Option<Pack> {
    let text = std::fs::read_to_string(dir.join(PACK_FILE)).ok()?;
    let file: PackFile = toml::from_str(&text).ok()?;
    let mut voices: Vec<(String, PathBuf)> = std::fs::read_dir(dir.join(VOICES))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".bin")?.to_string();
            catalog::is_english(&name).then_some((name, p))
        })
        .collect();
    voices.sort();
    Some(Pack {
        dir: dir.to_path_buf(),
        model: dir.join(file.model),
        voices,
    })
}

impl Pack {
    /// The pack's voices as catalog entries.
    pub fn catalog_voices(&self) -> Vec<Voice> {
        self.voices
            .iter()
            .map(|(name, style)| {
                let language = catalog::language_of(name).unwrap_or("en-US");
                Voice {
                    name: name.clone(),
                    language: language.to_string(),
                    description: catalog::describe(name),
                    gender: catalog::gender_of(name),
                    engine: EngineSpec::Kokoro(KokoroSpec {
                        model: self.model.clone(),
                        style: style.clone(),
                        espeak: catalog::espeak_voice(language).to_string(),
                        onnxruntime: None,
                    }),
                    settings: VoiceSettings::default(),
                    origin: Origin::KokoroPack(self.dir.join(PACK_FILE)),
                }
            })
            .collect()
    }
}

/// Where the files of an install come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The release files the manifest names.
    Release(Box<Manifest>),
    /// A folder, a model file, or a URL where the release's files are (a mirror).
    From(String),
}

/// The model and voices to fetch for `source`: (model location, its expected entry if known,
/// voices location, whether the voices are a folder of `.bin` files).
struct Plan {
    model: String,
    model_name: String,
    model_asset: Option<Asset>,
    voices: String,
    voices_asset: Option<Asset>,
    voice_folder: bool,
}

fn plan(source: &Source) -> Result<Plan, InstallError> {
    let not_kokoro = |what: &str, reason: String| InstallError::NotAVoice {
        source_name: what.to_string(),
        reason,
    };
    match source {
        Source::Release(m) => {
            let model = m
                .kokoro_model
                .clone()
                .unwrap_or_else(download::kokoro_model);
            let voices = m
                .kokoro_voices
                .clone()
                .unwrap_or_else(download::kokoro_voices);
            Ok(Plan {
                model: model.url.clone(),
                model_name: MODELS[0].0.to_string(),
                model_asset: Some(model),
                voices: voices.url.clone(),
                voices_asset: Some(voices),
                voice_folder: false,
            })
        }
        Source::From(s) if is_url(s) => {
            let base = s.trim_end_matches('/');
            let (base, model_name) = match base.rsplit_once('/') {
                Some((b, file)) if file.ends_with(".onnx") => (b, file.to_string()),
                _ => (base, MODELS[0].0.to_string()),
            };
            Ok(Plan {
                model: format!("{base}/{model_name}"),
                model_name,
                model_asset: None,
                voices: format!("{base}/{PACK_NAME}"),
                voices_asset: None,
                voice_folder: false,
            })
        }
        Source::From(s) => {
            let path = Path::new(s);
            let (dir, model) = if path.is_dir() {
                let found = MODELS
                    .iter()
                    .map(|(n, _, _)| path.join(n))
                    .find(|p| p.is_file())
                    .ok_or_else(|| {
                        not_kokoro(
                            s,
                            "it has no kokoro-v1.0.int8.onnx (give the folder with the model and \
                             voices-v1.0.bin, or the .onnx file)"
                                .into(),
                        )
                    })?;
                (path.to_path_buf(), found)
            } else if path.is_file() {
                (
                    path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    path.to_path_buf(),
                )
            } else {
                return Err(not_kokoro(s, "no such file or folder".into()));
            };
            let (voices, voice_folder) = if dir.join(PACK_NAME).is_file() {
                (dir.join(PACK_NAME), false)
            } else if dir.join(VOICES).is_dir() {
                (dir.join(VOICES), true)
            } else {
                return Err(not_kokoro(
                    s,
                    format!(
                        "there is no {PACK_NAME} and no voices/ folder beside {}",
                        model.display()
                    ),
                ));
            };
            Ok(Plan {
                model_name: model
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                model: model.display().to_string(),
                model_asset: None,
                voices: voices.display().to_string(),
                voices_asset: None,
                voice_folder,
            })
        }
    }
}

/// The pinned entry for a model file that measured `got`, if it is one aloud knows.
fn known_model(got: &download::Fetched) -> Option<&'static str> {
    MODELS
        .iter()
        .find(|(_, size, sha)| *size == got.bytes && got.sha256 == *sha)
        .map(|(name, _, _)| *name)
}

/// Installs the pack into `dir` (`$XDG_DATA_HOME/aloud/kokoro`) from `source`, replacing one
/// installed before only once the new one is complete.
pub fn install(
    dir: &Path,
    source: &Source,
    progress: Progress<'_>,
) -> Result<Installed, InstallError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    download::remove_leftovers(dir);
    let plan = plan(source)?;
    let agent = agent();
    let model_dest = dir.join(&plan.model_name);
    let model = download::fetch(&agent, &plan.model, &model_dest, progress)?;
    let checked = match &plan.model_asset {
        Some(asset) => verify(&plan.model, &model, asset),
        None if known_model(&model).is_some() => Ok(()),
        None => Err(InstallError::NotAVoice {
            source_name: plan.model.clone(),
            reason: format!(
                "it is not a Kokoro v1.0 model aloud knows ({} bytes, SHA-256 {}): use \
                 kokoro-v1.0.int8.onnx from kokoro-onnx's model-files-v1.0 release, or write a \
                 voice file with engine = \"kokoro\" for a model of your own",
                model.bytes, model.sha256
            ),
        }),
    };
    if let Err(e) = checked {
        download::discard(std::slice::from_ref(&model_dest));
        return Err(e);
    }
    let staged = dir.join(format!(".tmp-{}", std::process::id()));
    let result = stage_voices(&agent, &plan, dir, &staged, progress);
    let (count, voice_bytes) = match result {
        Ok(v) => v,
        Err(e) => {
            download::discard(std::slice::from_ref(&model_dest));
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
    };
    // Everything is here and checked: put it in place. The old pack stops being installed
    // first, so that no moment shows a mix of old and new.
    let pack_file = dir.join(PACK_FILE);
    let _ = std::fs::remove_file(&pack_file);
    download::commit(&model_dest)?;
    let voices = dir.join(VOICES);
    let _ = std::fs::remove_dir_all(&voices);
    std::fs::rename(&staged, &voices).map_err(io_err(&voices))?;
    let text = format!(
        "# Installed by `aloud voices install kokoro`; remove with `aloud voices remove kokoro`.\n{}",
        toml::to_string(&PackFile {
            model: plan.model_name.clone(),
            model_sha256: model.sha256.clone(),
        })
        .unwrap_or_default()
    );
    let part = part_path(&pack_file);
    std::fs::write(&part, text).map_err(io_err(&part))?;
    download::commit(&pack_file)?;
    // Models of an earlier install under another name go.
    for (name, _, _) in MODELS {
        if *name != plan.model_name {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    Ok(Installed {
        name: "kokoro".into(),
        voice_file: pack_file,
        files: vec![model_dest, voices],
        bytes: model.bytes + voice_bytes,
        voices: count,
    })
}

/// Fetches the voices into `staged` (a new folder): from the pack, the English voices; from a
/// folder of `.bin` files, each English one. Returns how many, and the bytes fetched.
fn stage_voices(
    agent: &ureq::Agent,
    plan: &Plan,
    dir: &Path,
    staged: &Path,
    progress: Progress<'_>,
) -> Result<(usize, u64), InstallError> {
    std::fs::create_dir_all(staged).map_err(io_err(staged))?;
    if plan.voice_folder {
        let folder = Path::new(&plan.voices);
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .map_err(io_err(folder))?
            .flatten()
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                let v = n.strip_suffix(".bin")?.to_string();
                catalog::is_english(&v).then_some(v)
            })
            .collect();
        names.sort();
        let mut bytes = 0;
        for name in &names {
            let data = std::fs::read(folder.join(format!("{name}.bin")))
                .map_err(io_err(&folder.join(format!("{name}.bin"))))?;
            check_voice(name, &data, &plan.voices)?;
            bytes += data.len() as u64;
            write_voice(staged, name, &data)?;
        }
        progress(&plan.voices, bytes, Some(bytes));
        return finish_count(names.len(), bytes, &plan.voices);
    }
    let pack_dest = dir.join(PACK_NAME);
    let pack = download::fetch(agent, &plan.voices, &pack_dest, progress)?;
    let part = part_path(&pack_dest);
    let result = (|| {
        // A pack that is the release's, byte for byte, is trusted whole; any other is checked
        // voice by voice.
        let pinned = match &plan.voices_asset {
            Some(asset) => {
                verify(&plan.voices, &pack, asset)?;
                true
            }
            None => pack.sha256 == download::kokoro_voices().sha256,
        };
        let trusted = pinned && pack.sha256 == download::kokoro_voices().sha256;
        let count = extract_pack(&part, staged, trusted, &plan.voices)?;
        finish_count(count, pack.bytes, &plan.voices)
    })();
    let _ = std::fs::remove_file(&part);
    result
}

fn finish_count(count: usize, bytes: u64, source: &str) -> Result<(usize, u64), InstallError> {
    if count == 0 {
        return Err(InstallError::NotAVoice {
            source_name: source.to_string(),
            reason: "it holds no English Kokoro voice (af_*, am_*, bf_*, bm_*)".into(),
        });
    }
    Ok((count, bytes))
}

/// Checks one voice's style data: its size, and its SHA-256 when aloud knows the voice.
fn check_voice(name: &str, data: &[u8], source: &str) -> Result<(), InstallError> {
    if data.len() as u64 != kokoro::STYLE_BYTES {
        return Err(InstallError::Verify {
            url: source.to_string(),
            reason: format!(
                "voice {name} has {} bytes, expected {}",
                data.len(),
                kokoro::STYLE_BYTES
            ),
        });
    }
    if let Some((_, sha)) = VOICE_SHA256.iter().find(|(n, _)| *n == name) {
        let got = sha256_hex(data);
        if got != *sha {
            return Err(InstallError::Verify {
                url: source.to_string(),
                reason: format!("voice {name} has SHA-256 {got}, expected {sha}"),
            });
        }
    }
    Ok(())
}

fn write_voice(staged: &Path, name: &str, data: &[u8]) -> Result<(), InstallError> {
    let path = staged.join(format!("{name}.bin"));
    std::fs::write(&path, data).map_err(io_err(&path))
}

/// Takes the English voices out of the `.npz` at `npz` into `staged`. With `trusted` (the
/// release's own pack) only sizes are checked, else each voice's SHA-256 too.
fn extract_pack(
    npz: &Path,
    staged: &Path,
    trusted: bool,
    source: &str,
) -> Result<usize, InstallError> {
    let bad = |reason: String| InstallError::NotAVoice {
        source_name: source.to_string(),
        reason,
    };
    let file = std::fs::File::open(npz).map_err(io_err(npz))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| bad(format!("it is not a Kokoro voice pack (.npz): {e}")))?;
    let mut count = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| bad(format!("its entry {i} cannot be read: {e}")))?;
        let Some(name) = entry.name().strip_suffix(".npy").map(str::to_string) else {
            continue;
        };
        if !catalog::is_english(&name) {
            continue;
        }
        let mut npy = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut npy)
            .map_err(|e| bad(format!("voice {name} cannot be read: {e}")))?;
        let data = npy_f32_data(&npy).map_err(|why| bad(format!("voice {name}: {why}")))?;
        if trusted {
            if data.len() as u64 != kokoro::STYLE_BYTES {
                return Err(bad(format!("voice {name} is not 510 × 256 values")));
            }
        } else {
            check_voice(&name, data, source)?;
        }
        write_voice(staged, &name, data)?;
        count += 1;
    }
    Ok(count)
}

/// The data of a NumPy `.npy` array of little-endian `f32` in C order, after its header.
fn npy_f32_data(npy: &[u8]) -> Result<&[u8], String> {
    if npy.len() < 10 || &npy[..6] != b"\x93NUMPY" {
        return Err("not a NumPy array".into());
    }
    let (header_len, start) = match npy[6] {
        1 => (u16::from_le_bytes([npy[8], npy[9]]) as usize, 10),
        2 | 3 if npy.len() >= 12 => (
            u32::from_le_bytes([npy[8], npy[9], npy[10], npy[11]]) as usize,
            12,
        ),
        v => return Err(format!("NumPy format version {v} is not known")),
    };
    let end = start + header_len;
    let header = npy
        .get(start..end)
        .map(String::from_utf8_lossy)
        .ok_or("the header is cut short")?;
    if !header.contains("'descr': '<f4'") || header.contains("'fortran_order': True") {
        return Err(format!(
            "the array is not little-endian f32 in C order ({})",
            header.trim()
        ));
    }
    Ok(&npy[end..])
}

/// Removes the installed pack from `dir` (its model, voices and `pack.toml`). Returns the files
/// removed.
pub fn remove_pack(dir: &Path) -> Result<Vec<PathBuf>, InstallError> {
    let Some(pack) = installed(dir) else {
        return Err(InstallError::NotInstalled {
            name: "kokoro".into(),
            dir: dir.display().to_string(),
        });
    };
    let pack_file = dir.join(PACK_FILE);
    // The pack stops being installed first.
    std::fs::remove_file(&pack_file).map_err(io_err(&pack_file))?;
    let mut removed = vec![pack_file];
    for (_, style) in &pack.voices {
        if std::fs::remove_file(style).is_ok() {
            removed.push(style.clone());
        }
    }
    let _ = std::fs::remove_dir_all(dir.join(VOICES));
    if std::fs::remove_file(&pack.model).is_ok() {
        removed.push(pack.model.clone());
    }
    Ok(removed)
}

/// Removes one voice of the installed pack.
pub fn remove_voice(dir: &Path, name: &str) -> Result<Vec<PathBuf>, InstallError> {
    let style = installed(dir)
        .and_then(|p| p.voices.into_iter().find(|(n, _)| n == name))
        .map(|(_, s)| s)
        .ok_or_else(|| InstallError::NotInstalled {
            name: name.to_string(),
            dir: dir.display().to_string(),
        })?;
    std::fs::remove_file(&style).map_err(io_err(&style))?;
    Ok(vec![style])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(header: &str, data: &[u8]) -> Vec<u8> {
        let mut h = header.to_string();
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend((h.len() as u16).to_le_bytes());
        out.extend(h.as_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn npy_data_follows_a_float32_header_and_other_types_are_refused() {
        let a = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
            &[1, 2, 3, 4, 5, 6, 7, 8],
        );
        assert_eq!(npy_f32_data(&a).unwrap(), &[1, 2, 3, 4, 5, 6, 7, 8]);
        let b = npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            &[0; 8],
        );
        assert!(npy_f32_data(&b)
            .unwrap_err()
            .contains("not little-endian f32"));
        assert!(npy_f32_data(b"PK\x03\x04 not numpy").is_err());
    }

    #[test]
    fn the_known_voices_have_hashes() {
        assert_eq!(VOICE_SHA256.len(), catalog::ENGLISH.len());
        for k in catalog::ENGLISH {
            assert!(VOICE_SHA256.iter().any(|(n, _)| *n == k.name), "{}", k.name);
        }
    }

    #[test]
    fn a_voice_of_the_wrong_size_or_content_is_refused() {
        let err = check_voice("af_heart", &[0; 16], "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("16 bytes, expected 522240"), "{err}");
        let zeros = vec![0u8; kokoro::STYLE_BYTES as usize];
        let err = check_voice("af_heart", &zeros, "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("SHA-256"), "{err}");
        assert!(check_voice("af_unknown", &zeros, "x").is_ok());
    }

    #[test]
    fn no_pack_file_means_not_installed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(VOICES)).unwrap();
        std::fs::write(dir.path().join("voices/af_heart.bin"), b"x").unwrap();
        assert_eq!(installed(dir.path()), None);
        std::fs::write(
            dir.path().join(PACK_FILE),
            "model = \"kokoro-v1.0.int8.onnx\"\nmodel_sha256 = \"x\"\n",
        )
        .unwrap();
        let pack = installed(dir.path()).unwrap();
        assert_eq!(pack.voices.len(), 1);
        let v = &pack.catalog_voices()[0];
        assert_eq!(
            (v.name.as_str(), v.language.as_str()),
            ("af_heart", "en-US")
        );
        assert_eq!(v.gender, Some(catalog::Gender::Female));
    }
}
