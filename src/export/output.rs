//! The output file of an export: written under a temporary name beside the target and renamed
//! over it only when complete, so an interrupted or failed export never leaves a broken file (and
//! never clobbers an older good one). The temporary file is removed when the [`PendingFile`] is
//! dropped without [`PendingFile::commit`] — on an error, or when Ctrl-C makes the export stop.
//! A process killed outright (SIGKILL) may leave the hidden temporary file behind, never a
//! half-written target. [`Unseekable`] wraps a pipe (`-o -`) for encoders that take a seekable
//! writer but can do without seeking.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::ExportError;

/// A file being written that becomes `target` on commit.
#[derive(Debug)]
pub struct PendingFile {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl PendingFile {
    /// Creates the temporary file beside `target` and returns it with its guard.
    pub fn create(target: &Path) -> Result<(PendingFile, File), ExportError> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| ExportError::Create {
                path: target.display().to_string(),
                reason: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
            })?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = dir.join(format!(".{name}.aloud-partial-{}", std::process::id()));
        let file = File::create(&temp).map_err(|reason| ExportError::Create {
            path: target.display().to_string(),
            reason,
        })?;
        Ok((
            PendingFile {
                target: target.to_path_buf(),
                temp,
                committed: false,
            },
            file,
        ))
    }

    /// Renames the finished temporary file to the target.
    pub fn commit(mut self) -> Result<(), ExportError> {
        std::fs::rename(&self.temp, &self.target).map_err(|reason| ExportError::Create {
            path: self.target.display().to_string(),
            reason,
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` to `path` atomically (temporary file beside it, then rename).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let (pending, mut file) = PendingFile::create(path)?;
    file.write_all(bytes).map_err(ExportError::Write)?;
    file.sync_all().map_err(ExportError::Write)?;
    drop(file);
    pending.commit()
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
