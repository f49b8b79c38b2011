//! M4B/M4A output (AAC in MP4, the audiobook-app format) through an installed `ffmpeg`
//! program, with a chapter track and title/artist/album/date tags.
//!
//! PCM streams into `ffmpeg` as it is produced (one process encoding AAC into a temporary file);
//! at the end a second `ffmpeg` run copies the audio into the final MP4 with an `;FFMETADATA1`
//! file that carries the tags and one `[CHAPTER]` per section, and the result is copied into the
//! output writer. The program is `ffmpeg` from `PATH`, or `$ALOUD_FFMPEG`. When it is missing the
//! error names the package to install. Not covered: writing to a pipe; bundling an AAC encoder.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use super::chapters::{ffmetadata, ChapterMarks, Tags};
use super::format::EncodeOptions;
use super::{Encoder, ExportError};
use crate::audio::extend_i16_le;

/// The ffmpeg program to run.
pub fn ffmpeg_program() -> PathBuf {
    std::env::var_os("ALOUD_FFMPEG").map_or_else(|| PathBuf::from("ffmpeg"), PathBuf::from)
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The start of the working folders' names, before the process id.
const DIR_PREFIX: &str = "aloud-m4b-";

fn temp_dir() -> Result<TempDir, ExportError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    static CLEANED: std::sync::Once = std::sync::Once::new();
    // Those of exports killed outright (SIGKILL), once per run.
    CLEANED.call_once(|| {
        crate::atomic::remove_stale_dirs(&std::env::temp_dir(), DIR_PREFIX);
    });
    let dir = std::env::temp_dir().join(format!(
        "{DIR_PREFIX}{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|reason| ExportError::Create {
        path: dir.display().to_string(),
        reason,
    })?;
    Ok(TempDir(dir))
}

fn spawn_error(e: std::io::Error) -> ExportError {
    if e.kind() == std::io::ErrorKind::NotFound {
        ExportError::MissingTool {
            what: "m4b/m4a export",
            program: ffmpeg_program().display().to_string(),
            package: "ffmpeg",
        }
    } else {
        ExportError::Encode(format!("cannot run ffmpeg: {e}"))
    }
}

/// Streams mono PCM through ffmpeg into an M4B.
pub struct M4bEncoder<W: Write + Seek> {
    writer: W,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    dir: TempDir,
    sample_rate: u32,
    samples: u64,
    tags: Tags,
    marks: ChapterMarks,
    buf: Vec<u8>,
}

impl<W: Write + Seek> M4bEncoder<W> {
    /// Starts ffmpeg for an M4B written to `writer`.
    pub fn new(writer: W, opts: &EncodeOptions) -> Result<M4bEncoder<W>, ExportError> {
        let dir = temp_dir()?;
        let rate = opts.sample_rate.to_string();
        let bitrate = format!("{}k", opts.bitrate());
        let audio = dir.0.join("audio.m4a");
        let mut child = Command::new(ffmpeg_program())
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
            .args(["-f", "s16le", "-ar", &rate, "-ac", "1", "-i", "pipe:0"])
            .args(["-c:a", "aac", "-b:a", &bitrate, "-f", "mp4"])
            .arg(&audio)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let stdin = child.stdin.take();
        Ok(M4bEncoder {
            writer,
            child: Some(child),
            stdin,
            dir,
            sample_rate: opts.sample_rate,
            samples: 0,
            tags: opts.tags.clone(),
            marks: ChapterMarks::new(opts.chapter_titles.clone()),
            buf: Vec::new(),
        })
    }

    fn send(&mut self) -> Result<(), ExportError> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(ExportError::Encode("ffmpeg is no longer running".into()));
        };
        if let Err(e) = stdin.write_all(&self.buf) {
            let why = self.child.take().map(wait_output).unwrap_or_default();
            return Err(ExportError::Encode(format!("ffmpeg stopped: {e} {why}")));
        }
        Ok(())
    }
}

/// Waits for `child` and returns what it printed on stderr when it failed.
fn wait_output(child: Child) -> String {
    match child.wait_with_output() {
        Ok(out) if out.status.success() => String::new(),
        Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
        Err(e) => e.to_string(),
    }
}

fn remux(audio: &Path, meta: &Path, out: &Path) -> Result<(), ExportError> {
    let result = Command::new(ffmpeg_program())
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i"])
        .arg(audio)
        .args(["-f", "ffmetadata", "-i"])
        .arg(meta)
        .args(["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"])
        .args(["-c", "copy", "-f", "ipod"])
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(spawn_error)?;
    if result.status.success() {
        Ok(())
    } else {
        Err(ExportError::Encode(format!(
            "ffmpeg could not write the chapters: {}",
            String::from_utf8_lossy(&result.stderr).trim()
        )))
    }
}

impl<W: Write + Seek> Encoder for M4bEncoder<W> {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn chapter_marks(&mut self) -> Option<&mut ChapterMarks> {
        Some(&mut self.marks)
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        self.buf.clear();
        extend_i16_le(&mut self.buf, samples);
        self.samples += samples.len() as u64;
        self.send()
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        drop(self.stdin.take());
        let failed = self.child.take().map(wait_output).unwrap_or_default();
        if !failed.is_empty() {
            return Err(ExportError::Encode(format!("ffmpeg failed: {failed}")));
        }
        let chapters = self.marks.chapters(self.samples, self.sample_rate);
        let meta = self.dir.0.join("chapters.txt");
        std::fs::write(&meta, ffmetadata(&chapters, &self.tags)).map_err(ExportError::Write)?;
        let out = self.dir.0.join("out.m4b");
        remux(&self.dir.0.join("audio.m4a"), &meta, &out)?;
        let mut file = std::fs::File::open(&out).map_err(ExportError::Write)?;
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut chunk).map_err(ExportError::Write)?;
            if n == 0 {
                break;
            }
            self.writer
                .write_all(&chunk[..n])
                .map_err(ExportError::Write)?;
        }
        self.writer.flush().map_err(ExportError::Write)
    }
}

impl<W: Write + Seek> Drop for M4bEncoder<W> {
    fn drop(&mut self) {
        drop(self.stdin.take());
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
