//! Writing a file so that nothing the user had is lost or half-written: every writer of aloud
//! (exports, saved positions, the speech cache, installed voices) goes through [`AtomicFile`].
//!
//! The new content is written to a hidden temporary file beside the target
//! (`.NAME.aloud-partial-PID-XXXXXX`, made by `tempfile`), flushed to disk, given the target's
//! permissions when the target existed, and renamed over the target only on
//! [`AtomicFile::commit`]; dropped without a commit (an error, Ctrl-C) it removes itself. A
//! target that is a symbolic link is written through: the file it points at is replaced and the
//! link stays. A target that is not a regular file (a character device such as `/dev/null`, a
//! named pipe) is written into directly, never renamed over; a socket or a folder is refused.
//! A process killed outright (SIGKILL) can leave the temporary file behind, never a half-written
//! target; [`remove_stale_partials`] removes those of processes that are gone, and
//! [`remove_stale_dirs`] the working folders such a process left in the temporary folder.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The part of a temporary file's name between the target's name and the process id.
const PARTIAL: &str = "aloud-partial";

/// A file being written that becomes its target on [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    inner: Inner,
    target: PathBuf,
}

#[derive(Debug)]
enum Inner {
    /// A temporary file to rename over the target, and the target's permissions to keep.
    Temp {
        file: tempfile::NamedTempFile,
        keep: Option<std::fs::Permissions>,
    },
    /// A device or pipe, written in place.
    Direct(File),
}

fn invalid(what: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, what)
}

/// `target` with symbolic links followed to the file they name (which need not exist yet).
fn resolve(target: &Path) -> std::io::Result<PathBuf> {
    let mut path = target.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(invalid(format!(
        "{} is a loop of symbolic links",
        target.display()
    )))
}

impl AtomicFile {
    /// Starts writing `target`.
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let resolved = resolve(target)?;
        let existing = std::fs::metadata(&resolved).ok();
        if let Some(meta) = &existing {
            let kind = meta.file_type();
            if kind.is_dir() {
                return Err(invalid(format!(
                    "{} is a folder: give a file name",
                    target.display()
                )));
            }
            if !kind.is_file() {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::FileTypeExt;
                    if kind.is_socket() {
                        return Err(invalid(format!(
                            "{} is a socket, which cannot be written as a file",
                            target.display()
                        )));
                    }
                }
                // A device or a pipe: write into it; there is nothing to rename.
                let file = OpenOptions::new().write(true).open(&resolved)?;
                return Ok(AtomicFile {
                    inner: Inner::Direct(file),
                    target: resolved,
                });
            }
        }
        let name = resolved
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| invalid(format!("{} is not a file name", target.display())))?;
        let dir = match resolved.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let prefix = format!(".{name}.{PARTIAL}-{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix("");
        #[cfg(unix)]
        {
            // As `File::create` would make it (0666 less the umask), not tempfile's 0600.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(&dir)?;
        Ok(AtomicFile {
            inner: Inner::Temp {
                file,
                keep: existing.map(|m| m.permissions()),
            },
            target: resolved,
        })
    }

    /// The file being written (for writers that take a `File`).
    pub fn file(&mut self) -> &mut File {
        match &mut self.inner {
            Inner::Temp { file, .. } => file.as_file_mut(),
            Inner::Direct(file) => file,
        }
    }

    /// Whether the target is written in place (a device or pipe): it cannot seek back.
    pub fn is_direct(&self) -> bool {
        matches!(self.inner, Inner::Direct(_))
    }

    /// The file that will be replaced (symbolic links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the content to disk and puts it in place of the target.
    pub fn commit(self) -> std::io::Result<()> {
        match self.inner {
            Inner::Direct(mut file) => file.flush(),
            Inner::Temp { mut file, keep } => {
                file.flush()?;
                file.as_file().sync_all()?;
                if let Some(perms) = keep {
                    file.as_file().set_permissions(perms)?;
                }
                file.persist(&self.target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file().seek(pos)
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Whether process `pid` is gone.
fn gone(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: kill with signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Removes the temporary files in `dir` left by aloud processes that are gone (killed while
/// writing). Returns how many it removed.
pub fn remove_stale_partials(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix('.')
            .and_then(|n| n.split_once(&format!(".{PARTIAL}-")))
            .map(|(_, rest)| rest)
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && gone(p))
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Removes the folders in `dir` named `PREFIX-PID-…` (like `aloud-m4b-4242-0`, the working
/// folders of an export or a command voice) whose process is gone: killed outright, it could
/// not remove them itself. Folders of live processes, of other users and anything that is not a
/// folder (a symbolic link) are left alone. Returns how many it removed.
pub fn remove_stale_dirs(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if !pid.is_some_and(|p| p != std::process::id() && gone(p)) {
            continue;
        }
        // `DirEntry::metadata` does not follow a symbolic link.
        let Ok(meta) = e.metadata() else {
            continue;
        };
        if meta.is_dir() && owned_by_me(&meta) && std::fs::remove_dir_all(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether this process's user owns the file.
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getuid cannot fail.
        meta.uid() == unsafe { libc::getuid() }
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_file_leaves_nothing_and_a_committed_one_replaces_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.wav");
        std::fs::write(&target, b"old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.mp3");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.mp3");
        std::os::unix::fs::symlink("real.mp3", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_not_replaced() {
        let null = Path::new("/dev/null");
        let mut f = AtomicFile::create(null).unwrap();
        assert!(f.is_direct());
        f.write_all(b"into the device").unwrap();
        f.commit().unwrap();
        let meta = std::fs::metadata(null).unwrap();
        assert!(!meta.file_type().is_file(), "/dev/null became a file");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = AtomicFile::create(dir.path()).unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");
    }

    #[test]
    fn stale_partials_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // PID 2^22 + 1 is above Linux's pid_max default range and never runs.
        let dead = dir.path().join(".a.mp3.aloud-partial-4194305-x1y2z3");
        let mine = dir.path().join(format!(
            ".b.mp3.aloud-partial-{}-abcdef",
            std::process::id()
        ));
        let other = dir.path().join("keep.mp3");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_stale_partials(dir.path()), 1);
        assert!(!dead.exists() && mine.exists() && other.exists());
    }

    #[test]
    fn stale_working_folders_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join("aloud-m4b-4194305-0");
        let mine = dir
            .path()
            .join(format!("aloud-m4b-{}-3", std::process::id()));
        let other = dir.path().join("aloud-voice-4194305-0");
        for p in [&dead, &mine, &other] {
            std::fs::create_dir(p).unwrap();
            std::fs::write(p.join("audio.m4a"), b"x").unwrap();
        }
        // A link named like a stale folder is not followed.
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        let link = dir.path().join("aloud-m4b-4194305-1");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, &link).unwrap();
        assert_eq!(remove_stale_dirs(dir.path(), "aloud-m4b-"), 1);
        assert!(!dead.exists() && mine.exists() && other.exists() && kept.exists());
    }
}
