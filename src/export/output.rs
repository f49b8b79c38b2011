//! The output file of an export, written through [`crate::atomic::AtomicFile`]: under a
//! temporary name beside the target and renamed over it only when complete, so an interrupted or
//! failed export never leaves a broken file (and never clobbers an older good one); through a
//! symbolic link, keeping the replaced file's permissions; and straight into a device or pipe
//! (`-o /dev/null`), which is never replaced. The temporary file is removed when the
//! [`PendingFile`] is dropped without [`PendingFile::commit`] — on an error, or when Ctrl-C makes
//! the export stop. Temporary files of killed runs are removed by the next export into the same
//! folder. [`Unseekable`] wraps a pipe (`-o -`) for encoders that take a seekable writer but can
//! do without seeking.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::atomic::{self, AtomicFile};

/// A file being written that becomes `target` on commit.
#[derive(Debug)]
pub struct PendingFile {
    atomic: AtomicFile,
    target: PathBuf,
}

fn create_error(target: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |reason| ExportError::Create {
        path: target.display().to_string(),
        reason,
    }
}

impl PendingFile {
    /// Starts writing `target` (removing temporary files that killed runs left beside it) and
    /// returns the guard with a handle to write through.
    pub fn create(target: &Path) -> Result<(PendingFile, File), ExportError> {
        if let Some(dir) = target.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            atomic::remove_stale_partials(dir);
        }
        let mut atomic = AtomicFile::create(target).map_err(create_error(target))?;
        let file = atomic.file().try_clone().map_err(create_error(target))?;
        Ok((
            PendingFile {
                atomic,
                target: target.to_path_buf(),
            },
            file,
        ))
    }

    /// Whether the target is a device or pipe, written in place: it cannot seek.
    pub fn is_direct(&self) -> bool {
        self.atomic.is_direct()
    }

    /// Puts the finished file in place of the target.
    pub fn commit(self) -> Result<(), ExportError> {
        self.atomic.commit().map_err(create_error(&self.target))
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    atomic::write(path, bytes).map_err(create_error(path))
}

/// A writer that cannot seek (a pipe), presented as `Seek` so that encoders can ask for their
/// position: `SeekFrom::Current(0)` answers the byte count, every other seek is an error.
pub struct Unseekable<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Unseekable<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Unseekable<W> {
        Unseekable { inner, written: 0 }
    }
}

impl<W: Write> Write for Unseekable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Seek for Unseekable<W> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match pos {
            SeekFrom::Current(0) => Ok(self.written),
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "cannot seek in a pipe",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn dropped_pending_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.wav");
        let (pending, mut f) = PendingFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        drop(pending);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn committed_file_replaces_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.wav");
        std::fs::write(&target, b"old").unwrap();
        let (pending, mut f) = PendingFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        pending.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
