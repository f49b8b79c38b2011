//! A fast-loading copy of each Piper model, kept in the cache directory.
//!
//! A Piper `.onnx` file holds its 60 MB of weights inside the protobuf, so ONNX Runtime reads the
//! file, parses it and copies every weight into memory of its own: on this machine that took
//! 145–170 ms of a fresh process's start, half of it in page faults. The same model saved with its
//! weights in a separate file ("external data") is mapped into memory instead of copied, and
//! loads in 70–80 ms (measured with `examples/bench_piper.rs`; see the note of issue 7). So the
//! first time a model is loaded, ONNX Runtime itself writes that form
//! (`session.optimized_model_external_initializers_file_name`, graph optimizations off, so the
//! graph is the one in the `.onnx`) into `$XDG_CACHE_HOME/aloud/models/<hash of the model's and
//! the runtime's paths>/`, and later loads use it. The copy is written in a temporary folder that
//! is renamed into place (a temporary folder left by a killed run is removed by the next one
//! after an hour), and it is used only while a stamp file still matches the model's size and
//! modification time, so a replaced model is converted again. A copy that fails to load is
//! removed and the original is used. Not covered: removing the copy of a model that was deleted
//! (`aloud cache clear` removes them all).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The model file's name inside a copy's folder; its weights are in [`DATA_FILE`] beside it.
const MODEL_FILE: &str = "model.onnx";
/// The weights' file name, as the model refers to it.
pub const DATA_FILE: &str = "model.onnx.data";
/// What the copy was made from.
const STAMP_FILE: &str = "source";

/// Where the fast copies live: `$XDG_CACHE_HOME/aloud/models`.
pub fn default_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.cache_dir().join("aloud").join("models"))
}

/// How many copies there are under `root`, and their size in bytes.
pub fn usage(root: &Path) -> (usize, u64) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return (0, 0);
    };
    let mut count = 0;
    let mut bytes = 0;
    let copies = entries
        .flatten()
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'));
    for dir in copies {
        count += 1;
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            bytes += f.metadata().map_or(0, |m| m.len());
        }
    }
    (count, bytes)
}

/// Removes every copy under `root` (they are made again on the next load).
pub fn clear(root: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(root) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The fast copy of one model: where it is, and whether it is there and current.
#[derive(Debug, Clone)]
pub struct FastCopy {
    dir: PathBuf,
    stamp: String,
}

impl FastCopy {
    /// The copy for `model` (a canonical path) run by the ONNX Runtime at `library`, under
    /// `root`; `None` when the model's metadata cannot be read.
    pub fn new(root: &Path, model: &Path, library: &Path) -> Option<FastCopy> {
        let meta = std::fs::metadata(model).ok()?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let stamp = format!(
            "model {}\nsize {}\nmodified {mtime}\nonnxruntime {}\n",
            model.display(),
            meta.len(),
            library.display()
        );
        let mut id = blake3::Hasher::new();
        id.update(model.as_os_str().as_encoded_bytes());
        id.update(b"\0");
        id.update(library.as_os_str().as_encoded_bytes());
        let name = id.finalize().to_hex();
        Some(FastCopy {
            dir: root.join(&name.as_str()[..32]),
            stamp,
        })
    }

    /// The copy's model file, if the copy is complete and made from the current model.
    pub fn current(&self) -> Option<PathBuf> {
        let stamp = std::fs::read_to_string(self.dir.join(STAMP_FILE)).ok()?;
        let model = self.dir.join(MODEL_FILE);
        (stamp == self.stamp && model.is_file() && self.dir.join(DATA_FILE).is_file())
            .then_some(model)
    }

    /// Removes the copy (after it failed to load).
    pub fn remove(&self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// A fresh temporary folder beside the copy, for ONNX Runtime to write a new copy into;
    /// `None` when the cache directory cannot be written.
    pub fn begin(&self) -> Option<Pending> {
        let parent = self.dir.parent()?;
        std::fs::create_dir_all(parent).ok()?;
        remove_stale_temporaries(parent);
        let nanos = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = parent.join(format!(".tmp-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&tmp).ok()?;
        Some(Pending {
            tmp,
            dir: self.dir.clone(),
            stamp: self.stamp.clone(),
        })
    }
}

/// Removes temporary folders under `root` older than an hour: left by runs that were killed
/// while writing a copy (a run in progress takes well under a second).
fn remove_stale_temporaries(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(".tmp-")
            && e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > hour);
        if stale {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A copy being written: ONNX Runtime writes [`Pending::model_path`] while it loads the original,
/// then [`Pending::commit`] moves it into place. Dropped without a commit, it removes itself.
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    dir: PathBuf,
    stamp: String,
}

impl Pending {
    /// Where ONNX Runtime should save the model.
    pub fn model_path(&self) -> PathBuf {
        self.tmp.join(MODEL_FILE)
    }

    /// Puts the written copy in place, replacing an outdated one. Failures leave no copy (the
    /// original is loaded next time, and the copy is tried again).
    pub fn commit(self) {
        let ok = self.tmp.join(MODEL_FILE).is_file()
            && self.tmp.join(DATA_FILE).is_file()
            && std::fs::write(self.tmp.join(STAMP_FILE), &self.stamp).is_ok();
        if ok {
            // Another run may have put a copy there meanwhile: the newer one wins.
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = std::fs::rename(&self.tmp, &self.dir);
        }
        // Drop removes the temporary folder if it is still there.
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("voice.onnx");
        std::fs::write(&model, b"model bytes").unwrap();
        let lib = dir.path().join("libonnxruntime.so.1");
        (dir, model, lib)
    }

    fn write_copy(pending: &Pending) {
        std::fs::write(pending.model_path(), b"graph").unwrap();
        std::fs::write(pending.tmp.join(DATA_FILE), b"weights").unwrap();
    }

    #[test]
    fn a_committed_copy_is_current_until_the_model_changes() {
        let (dir, model, lib) = setup();
        let root = dir.path().join("models");
        let copy = FastCopy::new(&root, &model, &lib).unwrap();
        assert_eq!(copy.current(), None);
        let pending = copy.begin().unwrap();
        write_copy(&pending);
        pending.commit();
        let found = copy.current().expect("the copy is used");
        assert_eq!(std::fs::read(found).unwrap(), b"graph");
        // No temporary folder is left behind.
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 1);
        // The model is replaced by a bigger file: the copy no longer applies.
        std::fs::write(&model, b"another, longer model").unwrap();
        let again = FastCopy::new(&root, &model, &lib).unwrap();
        assert_eq!(again.current(), None);
        // Another runtime library has a copy of its own, so two runtimes do not take turns.
        let other = FastCopy::new(&root, &model, &dir.path().join("libonnxruntime.so.2")).unwrap();
        assert_ne!(other.dir, again.dir);
    }

    #[test]
    fn an_incomplete_copy_is_never_used_and_leaves_nothing() {
        let (dir, model, lib) = setup();
        let root = dir.path().join("models");
        let copy = FastCopy::new(&root, &model, &lib).unwrap();
        let pending = copy.begin().unwrap();
        // Only the graph was written (the weights file is missing).
        std::fs::write(pending.model_path(), b"graph").unwrap();
        pending.commit();
        assert_eq!(copy.current(), None);
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
        // Dropped without a commit: removed as well.
        let pending = copy.begin().unwrap();
        write_copy(&pending);
        drop(pending);
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
    }

    #[test]
    fn usage_counts_copies_and_clear_removes_them() {
        let (dir, model, lib) = setup();
        let root = dir.path().join("models");
        assert_eq!(usage(&root), (0, 0));
        let copy = FastCopy::new(&root, &model, &lib).unwrap();
        let pending = copy.begin().unwrap();
        write_copy(&pending);
        pending.commit();
        // A temporary folder being written is not a copy.
        let writing = copy.begin().unwrap();
        let (count, bytes) = usage(&root);
        drop(writing);
        assert_eq!(count, 1);
        assert_eq!(
            bytes,
            (b"graph".len() + b"weights".len() + copy.stamp.len()) as u64
        );
        clear(&root).unwrap();
        assert_eq!(usage(&root), (0, 0));
        clear(&root).unwrap();
    }

    #[test]
    fn a_removed_copy_is_not_current() {
        let (dir, model, lib) = setup();
        let copy = FastCopy::new(&dir.path().join("models"), &model, &lib).unwrap();
        let pending = copy.begin().unwrap();
        write_copy(&pending);
        pending.commit();
        assert!(copy.current().is_some());
        copy.remove();
        assert_eq!(copy.current(), None);
    }
}
