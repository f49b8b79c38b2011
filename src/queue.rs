//! The listening queue: articles (files or URLs, as `aloud history` names them) to play one
//! after the other, kept across runs in `queue.json` in the state directory
//! (`$XDG_STATE_HOME/aloud/`), next to the saved positions.
//!
//! The queue holds sources only: where each article stands is the saved position of
//! [`crate::resume`], so an article resumes where it was left whether it was played from the
//! queue or not. A finished article leaves the queue ([`QueueStore::remove_source`]). Every write
//! goes through a temporary file renamed over the old one ([`crate::atomic`]), so a crash never
//! leaves half a queue. Concurrent runs are not coordinated: the last write wins. Nothing here
//! plays or reads articles.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The queue file's name inside the state directory.
pub const QUEUE_FILE: &str = "queue.json";

/// Why the queue could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// No home directory, so no state directory either.
    #[error("cannot find a state directory: set HOME or XDG_STATE_HOME")]
    NoStateDir,
    /// Reading or writing the queue file failed.
    #[error("cannot {action} {path}: {source} (check the directory's permissions and free space)")]
    Io {
        /// What was being done ("read", "write", "create").
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The queue file is not a queue aloud wrote.
    #[error(
        "{path} is not a queue aloud can read ({reason}); `aloud queue clear` starts a new one"
    )]
    Broken {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
}

/// The queue file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// The articles in the order they play: absolute paths or URLs.
    pub items: Vec<String>,
}

impl Queue {
    /// Appends `source` unless it is queued already; true when it was added.
    pub fn add(&mut self, source: &str) -> bool {
        if self.items.iter().any(|s| s == source) {
            return false;
        }
        self.items.push(source.to_string());
        true
    }

    /// Removes `source`; true when it was there.
    pub fn remove_source(&mut self, source: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|s| s != source);
        self.items.len() != before
    }

    /// Removes the `n`th article (from 1) and returns it.
    pub fn remove_number(&mut self, n: usize) -> Option<String> {
        (1..=self.items.len())
            .contains(&n)
            .then(|| self.items.remove(n - 1))
    }
}

/// Where the queue is kept.
#[derive(Debug, Clone)]
pub struct QueueStore {
    path: PathBuf,
}

impl QueueStore {
    /// The queue in `dir` (a state directory).
    pub fn in_dir(dir: &Path) -> QueueStore {
        QueueStore {
            path: dir.join(QUEUE_FILE),
        }
    }

    /// The queue in the user's state directory.
    pub fn from_env() -> Result<QueueStore, QueueError> {
        crate::dirs::state_dir()
            .map(|d| QueueStore::in_dir(&d))
            .ok_or(QueueError::NoStateDir)
    }

    /// The queue file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The queue (empty when there is no file yet).
    pub fn load(&self) -> Result<Queue, QueueError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Queue::default()),
            Err(source) => {
                return Err(QueueError::Io {
                    action: "read",
                    path: self.path.clone(),
                    source,
                })
            }
        };
        serde_json::from_str(&text).map_err(|e| QueueError::Broken {
            path: self.path.clone(),
            reason: e.to_string(),
        })
    }

    /// Writes `queue` in place of the old one (removing the file when it is empty).
    pub fn save(&self, queue: &Queue) -> Result<(), QueueError> {
        if queue.items.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(QueueError::Io {
                    action: "remove",
                    path: self.path.clone(),
                    source: e,
                }),
                _ => Ok(()),
            };
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| QueueError::Io {
                action: "create",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut text = serde_json::to_string_pretty(queue).unwrap_or_default();
        text.push('\n');
        crate::atomic::write(&self.path, text.as_bytes()).map_err(|source| QueueError::Io {
            action: "write",
            path: self.path.clone(),
            source,
        })
    }

    /// Loads the queue, applies `change` and saves it; returns what `change` returned.
    pub fn update<T>(&self, change: impl FnOnce(&mut Queue) -> T) -> Result<T, QueueError> {
        let mut queue = self.load()?;
        let out = change(&mut queue);
        self.save(&queue)?;
        Ok(out)
    }

    /// Takes `source` out of the queue (a finished article); true when it was there.
    pub fn remove_source(&self, source: &str) -> Result<bool, QueueError> {
        self.update(|q| q.remove_source(source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_survives_a_round_trip_and_an_empty_one_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = QueueStore::in_dir(&dir.path().join("state"));
        assert_eq!(store.load().unwrap(), Queue::default());
        let added = store
            .update(|q| [q.add("/a.txt"), q.add("/b.txt"), q.add("/a.txt")])
            .unwrap();
        assert_eq!(added, [true, true, false]);
        assert_eq!(store.load().unwrap().items, ["/a.txt", "/b.txt"]);
        assert!(store.remove_source("/a.txt").unwrap());
        assert!(!store.remove_source("/a.txt").unwrap());
        assert_eq!(
            store.update(|q| q.remove_number(1)).unwrap().as_deref(),
            Some("/b.txt")
        );
        assert!(!store.path().exists());
    }

    #[test]
    fn a_broken_queue_file_names_the_command_that_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let store = QueueStore::in_dir(dir.path());
        std::fs::write(store.path(), "{not json").unwrap();
        let err = store.load().unwrap_err().to_string();
        assert!(err.contains("aloud queue clear"), "{err}");
    }

    #[test]
    fn numbers_outside_the_queue_remove_nothing() {
        let mut q = Queue::default();
        q.add("x");
        assert_eq!(q.remove_number(0), None);
        assert_eq!(q.remove_number(2), None);
        assert_eq!(q.items, ["x"]);
    }
}
