//! ONNX Runtime for the neural voices ([`super::piper`], [`super::kokoro`]): finding and loading
//! `libonnxruntime` once per process, loading each model once and sharing it, and running one
//! inference.
//!
//! The library is looked for, in order, at: `ORT_DYLIB_PATH`; the voice file's `onnxruntime`
//! key; `onnxruntime` in `$XDG_CONFIG_HOME/aloud/config.toml` (or under its `[piper]` table, as
//! earlier versions wrote it); the copy `aloud voices install` fetched into
//! `$XDG_DATA_HOME/aloud/onnxruntime/` ([`runtime_dir`]); a `.piper/` folder (made by
//! `scripts/fetch-test-assets.sh`) in the directory of the aloud program or one of its parents;
//! the usual system library folders; and the `onnxruntime/capi/` folder of Python installs
//! (system, user, pyenv and the active virtualenv). Before a library is used its version is read
//! (`OrtGetApiBase()->GetVersionString()`): the bindings need the C API of 1.24, so an older
//! library found by the search is passed over, and one named explicitly is refused with a line
//! saying so. The first library that fits is loaded for the rest of the process.
//!
//! Sessions run on the CPU without graph optimizations (they doubled Piper's load time and did
//! not speed up inference of either model here) and without spinning threads (a quarter more CPU
//! for the same work). The first load of a model writes a copy with its weights in a file of
//! their own into the cache ([`fastload`]), which later runs map instead of copying. Not covered:
//! execution providers other than the CPU.

pub mod fastload;

#[cfg(feature = "neural")]
mod session;
#[cfg(feature = "neural")]
pub use session::{load, loaded_library, tensor, threads, Inputs, Model, Slot};

use std::ffi::{c_char, c_void, CStr, CString};
use std::path::{Path, PathBuf};

/// The oldest ONNX Runtime whose C API the bindings can use.
pub const MIN_VERSION: (u32, u32) = (1, 24);

/// The command that fetches a matching ONNX Runtime, for messages.
pub const INSTALL_HINT: &str = "run `aloud voices install onnxruntime` to fetch it";

/// Why a neural voice cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OnnxError {
    /// No usable ONNX Runtime: the message says why and how to get one.
    #[error("{0}")]
    Runtime(String),
    /// The model could not be loaded.
    #[error("cannot load {path}: {reason}")]
    Model {
        /// The model file.
        path: String,
        /// What ONNX Runtime said.
        reason: String,
    },
    /// This build was made without the `neural` feature.
    #[error(
        "this aloud was built without neural voices: rebuild with `cargo build --features neural`"
    )]
    NotBuilt,
}

fn runtime_error(detail: &str) -> OnnxError {
    OnnxError::Runtime(format!(
        "neural voices need the ONNX Runtime library (libonnxruntime {}.{} or later), {detail}: {INSTALL_HINT} \
         (or set ORT_DYLIB_PATH to a libonnxruntime file)",
        MIN_VERSION.0, MIN_VERSION.1
    ))
}

/// The error for a library named by a setting (`what`) that does not fit.
fn setting_error(what: &str, detail: &str) -> OnnxError {
    OnnxError::Runtime(format!(
        "neural voices need the ONNX Runtime library (libonnxruntime {}.{} or later), but {what} {detail}: \
         point it at a libonnxruntime {}.{} or later, or remove the setting and run `aloud voices install onnxruntime`",
        MIN_VERSION.0, MIN_VERSION.1, MIN_VERSION.0, MIN_VERSION.1
    ))
}

/// `$XDG_DATA_HOME/aloud/onnxruntime`: where `aloud voices install` puts the runtime it fetches.
pub fn runtime_dir() -> Option<PathBuf> {
    crate::dirs::data_dir().map(|d| d.join("onnxruntime"))
}

/// `libonnxruntime` files in `dir`, newest version first.
pub fn libraries_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so") || is_dylib(n))
                && p.is_file()
        })
        .collect();
    // "libonnxruntime.so.1.32.0" before "libonnxruntime.so.1" before "libonnxruntime.so".
    found.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    found
}

fn is_dylib(name: &str) -> bool {
    name.starts_with("libonnxruntime") && name.ends_with(".dylib")
}

/// Python `site-packages`/`dist-packages` folders under `lib` (`.../lib/python3.*/`).
fn site_packages(lib: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(lib) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with("python3") {
            for sub in ["site-packages", "dist-packages"] {
                out.push(e.path().join(sub));
            }
        }
    }
    out.sort();
    out
}

/// `onnxruntime = "..."` from aloud's config file (top level, or `[piper]` as earlier versions
/// wrote it), if set. The config module validates the file; here a broken file means no setting.
fn configured_library() -> Option<PathBuf> {
    let text = std::fs::read_to_string(crate::dirs::config_dir()?.join("config.toml")).ok()?;
    let value: toml::Value = toml::from_str(&text).ok()?;
    value
        .get("onnxruntime")
        .or_else(|| value.get("piper")?.get("onnxruntime"))?
        .as_str()
        .map(PathBuf::from)
}

/// Folders searched after the explicit settings, in order.
fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    dirs.extend(runtime_dir());
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            dirs.push(dir.join(".piper/onnxruntime/capi"));
        }
    }
    for d in [
        "/usr/local/lib",
        "/usr/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/opt/homebrew/lib",
    ] {
        dirs.push(PathBuf::from(d));
    }
    let mut python_libs = Vec::new();
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        python_libs.push(PathBuf::from(venv).join("lib"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        python_libs.push(home.join(".local/lib"));
        if let Ok(versions) = std::fs::read_dir(home.join(".pyenv/versions")) {
            let mut v: Vec<PathBuf> = versions.flatten().map(|e| e.path().join("lib")).collect();
            v.sort();
            python_libs.extend(v);
        }
    }
    python_libs.push(PathBuf::from("/usr/local/lib"));
    python_libs.push(PathBuf::from("/usr/lib"));
    for lib in python_libs {
        for sp in site_packages(&lib) {
            dirs.push(sp.join("onnxruntime/capi"));
        }
    }
    dirs
}

/// A library's version as it reports it (`"1.24.4"`), read by loading it and calling
/// `OrtGetApiBase()->GetVersionString()`. `Err` when it cannot be loaded or is not ONNX Runtime.
pub fn library_version(path: &Path) -> Result<String, String> {
    #[repr(C)]
    struct OrtApiBase {
        get_api: unsafe extern "C" fn(u32) -> *const c_void,
        get_version_string: unsafe extern "C" fn() -> *const c_char,
    }
    type GetApiBase = unsafe extern "C" fn() -> *const OrtApiBase;
    let cpath = CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|_| "the path contains a NUL byte".to_string())?;
    // SAFETY: dlopen with a valid C string. The handle is kept (never closed): ONNX Runtime does
    // not support being unloaded, and the bindings load the same file again right after.
    let handle = unsafe { libc::dlopen(cpath.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        // SAFETY: dlerror returns a thread-local C string or null.
        let err = unsafe { libc::dlerror() };
        let detail = if err.is_null() {
            "unknown error".to_string()
        } else {
            // SAFETY: non-null dlerror strings are NUL-terminated.
            unsafe { CStr::from_ptr(err) }
                .to_string_lossy()
                .into_owned()
        };
        return Err(detail);
    }
    // SAFETY: handle is valid; the name is NUL-terminated.
    let sym = unsafe { libc::dlsym(handle, c"OrtGetApiBase".as_ptr()) };
    if sym.is_null() {
        return Err("it has no OrtGetApiBase: it is not ONNX Runtime".into());
    }
    // SAFETY: OrtGetApiBase has this signature in every ONNX Runtime release (onnxruntime_c_api.h);
    // the struct's first two members have been these two functions since 1.0.
    let version = unsafe {
        let get: GetApiBase = std::mem::transmute::<*mut c_void, GetApiBase>(sym);
        let base = get();
        if base.is_null() {
            return Err("OrtGetApiBase returned nothing".into());
        }
        let v = ((*base).get_version_string)();
        if v.is_null() {
            return Err("it reports no version".into());
        }
        CStr::from_ptr(v).to_string_lossy().into_owned()
    };
    Ok(version)
}

/// Whether `version` (`"1.24.4"`) is [`MIN_VERSION`] or later.
pub fn version_fits(version: &str) -> bool {
    let mut parts = version
        .trim()
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= MIN_VERSION
}

/// Finds a usable ONNX Runtime library without creating a session: the path and its version.
/// `voice_setting` is the voice file's `onnxruntime` path. An explicit setting that names no
/// file, or a library too old, is an error, not a fallback.
pub fn locate_library(voice_setting: Option<&Path>) -> Result<(PathBuf, String), OnnxError> {
    let explicit = [
        (
            "ORT_DYLIB_PATH",
            std::env::var_os("ORT_DYLIB_PATH")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        ),
        (
            "the voice file's onnxruntime",
            voice_setting.map(Path::to_path_buf),
        ),
        ("onnxruntime in config.toml", configured_library()),
    ];
    for (what, path) in explicit {
        let Some(path) = path else { continue };
        let file = if path.is_dir() {
            libraries_in(&path).into_iter().next()
        } else {
            path.is_file().then(|| path.clone())
        };
        let Some(file) = file else {
            return Err(setting_error(
                what,
                &format!("names {}, which is not a library file", path.display()),
            ));
        };
        return match library_version(&file) {
            Ok(v) if version_fits(&v) => Ok((file, v)),
            Ok(v) => Err(setting_error(
                what,
                &format!("names {}, which is version {v}", file.display()),
            )),
            Err(e) => Err(setting_error(
                what,
                &format!(
                    "names {}, which cannot be loaded ({})",
                    file.display(),
                    one_line(&e)
                ),
            )),
        };
    }
    let mut too_old: Option<(PathBuf, String)> = None;
    for dir in search_dirs() {
        for file in libraries_in(&dir) {
            match library_version(&file) {
                Ok(v) if version_fits(&v) => return Ok((file, v)),
                Ok(v) => {
                    too_old.get_or_insert((file, v));
                }
                Err(_) => {}
            }
        }
    }
    Err(match too_old {
        Some((file, v)) => runtime_error(&format!(
            "and the only one found, {}, is version {v}",
            file.display()
        )),
        None => runtime_error("and none was found"),
    })
}

/// `s` on one line, runs of white space made one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_1_24_fit() {
        assert!(version_fits("1.24.4"));
        assert!(version_fits("1.32.0"));
        assert!(version_fits("2.0"));
        assert!(!version_fits("1.20.1"));
        assert!(!version_fits("junk"));
    }

    #[test]
    fn an_explicit_library_path_that_does_not_exist_is_an_error_not_a_fallback() {
        if std::env::var_os("ORT_DYLIB_PATH").is_some() {
            return;
        }
        let err = locate_library(Some(Path::new("/nonexistent/libonnxruntime.so.1")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/libonnxruntime.so.1"), "{err}");
        assert!(err.contains("the voice file's onnxruntime names"), "{err}");
        assert!(err.contains("aloud voices install onnxruntime"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn a_file_that_is_not_onnx_runtime_is_refused_with_its_name() {
        if std::env::var_os("ORT_DYLIB_PATH").is_some() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let fake = dir.path().join("libonnxruntime.so.1.30.0");
        std::fs::write(&fake, b"not a library").unwrap();
        let err = locate_library(Some(&fake)).unwrap_err().to_string();
        assert!(err.contains("cannot be loaded"), "{err}");
        assert!(err.contains("libonnxruntime.so.1.30.0"), "{err}");
    }

    #[test]
    fn libraries_are_found_in_a_folder_newest_name_first() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "libonnxruntime.so.1",
            "libonnxruntime.so.1.32.0",
            "other.so",
        ] {
            std::fs::write(dir.path().join(n), b"").unwrap();
        }
        let found = libraries_in(dir.path());
        assert_eq!(found.len(), 2);
        assert!(found[0].ends_with("libonnxruntime.so.1.32.0"));
    }
}
