//! `--split DIR`: one audio file per section (`01 - Title.mp3`, …, names made safe for every
//! file system) plus an extended M3U playlist listing them in order with their lengths.
//!
//! The split is an [`Encoder`] like any other: when a section starts it finishes the previous
//! file and opens the next, so the export loop is the same as for one file. Each file is tagged
//! with its section title, the article as album and its track number, and carries one chapter.
//! Files are written under temporary names and all renamed only when the whole export succeeded.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::format::{EncodeOptions, Format};
use super::output::{write_atomically, PendingFile};
use super::{export_script, Encoder, ExportError, ExportOptions, ExportReport};
use crate::segment::Script;
use crate::synth::pool::SynthFactory;

/// What a split export wrote.
#[derive(Debug)]
pub struct SplitReport {
    /// The export as a whole.
    pub report: ExportReport,
    /// The section files, in order.
    pub files: Vec<PathBuf>,
    /// The playlist.
    pub playlist: PathBuf,
}

/// `title` made safe as a file name: no path separators, reserved or control characters,
/// whitespace collapsed, at most 80 characters, never empty.
pub fn sanitize(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut name = crate::article::collapse_whitespace(&cleaned);
    if name.chars().count() > 80 {
        name = name
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    let name = name
        .trim_matches(|c: char| c == '.' || c == ' ')
        .to_string();
    if name.is_empty() {
        "Section".to_string()
    } else {
        name
    }
}

/// The file name of section `index` of `count`.
pub fn file_name(index: usize, count: usize, title: &str, format: Format) -> String {
    let width = count.to_string().len().max(2);
    format!(
        "{:0width$} - {}.{}",
        index + 1,
        sanitize(title),
        format.extension()
    )
}

struct Current {
    encoder: Box<dyn Encoder>,
    start: u64,
}

/// The splitting encoder.
struct Splitter<'a> {
    dir: &'a Path,
    format: Format,
    base: &'a EncodeOptions,
    current: Option<Current>,
    done: Vec<(PendingFile, PathBuf, String, u64)>,
    total: u64,
}

impl Splitter<'_> {
    fn close_current(&mut self) -> Result<(), ExportError> {
        if let Some(cur) = self.current.take() {
            cur.encoder.finish()?;
            if let Some(last) = self.done.last_mut() {
                last.3 = self.total - cur.start;
            }
        }
        Ok(())
    }
}

impl Encoder for Splitter<'_> {
    fn sample_rate(&self) -> u32 {
        self.base.sample_rate
    }

    fn start_section(&mut self, index: usize, at_sample: u64) -> Result<(), ExportError> {
        self.close_current()?;
        let count = self.base.chapter_titles.len().max(index + 1);
        let title = self
            .base
            .chapter_titles
            .get(index)
            .cloned()
            .unwrap_or_else(|| format!("Section {}", index + 1));
        let path = self.dir.join(file_name(index, count, &title, self.format));
        let (pending, file) = PendingFile::create(&path)?;
        let mut opts = self.base.clone();
        opts.tags.album = self.base.tags.title.clone().or(opts.tags.album);
        opts.tags.title = Some(title.clone());
        opts.tags.track = Some((index as u32 + 1, count as u32));
        opts.chapter_titles = vec![title.clone()];
        let mut encoder = self
            .format
            .encoder(BufWriter::with_capacity(1 << 16, file), &opts)?;
        encoder.start_section(0, 0)?;
        self.done.push((pending, path, title, 0));
        self.current = Some(Current {
            encoder,
            start: at_sample,
        });
        Ok(())
    }

    fn write(&mut self, samples: &[f32]) -> Result<(), ExportError> {
        self.total += samples.len() as u64;
        match self.current.as_mut() {
            Some(c) => c.encoder.write(samples),
            None => Ok(()),
        }
    }

    fn write_silence(&mut self, samples: usize) -> Result<(), ExportError> {
        self.total += samples as u64;
        match self.current.as_mut() {
            Some(c) => c.encoder.write_silence(samples),
            None => Ok(()),
        }
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.close_current()
    }
}

/// Exports `script` into `dir` as one `format` file per section plus `playlist.m3u` (named after
/// the article). `dir` is created when missing.
pub fn export_split(
    script: &Script,
    dir: &Path,
    format: Format,
    encode: &EncodeOptions,
    workers: Vec<SynthFactory>,
    opts: &mut ExportOptions<'_>,
) -> Result<SplitReport, ExportError> {
    std::fs::create_dir_all(dir).map_err(|reason| ExportError::Create {
        path: dir.display().to_string(),
        reason,
    })?;
    let mut splitter = Box::new(Splitter {
        dir,
        format,
        base: encode,
        current: None,
        done: Vec::new(),
        total: 0,
    });
    let report = export_script(script, workers, splitter.as_mut(), opts)?;
    splitter.close_current()?;
    let rate = encode.sample_rate.max(1) as u64;
    let mut m3u = String::from("#EXTM3U\n");
    if let Some(t) = &encode.tags.title {
        m3u.push_str(&format!("#PLAYLIST:{t}\n"));
    }
    let mut files = Vec::new();
    for (pending, path, title, samples) in std::mem::take(&mut splitter.done) {
        pending.commit()?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        m3u.push_str(&format!(
            "#EXTINF:{},{title}\n{name}\n",
            (samples + rate / 2) / rate
        ));
        files.push(path);
    }
    let playlist = dir.join(format!(
        "{}.m3u",
        sanitize(encode.tags.title.as_deref().unwrap_or("playlist"))
    ));
    write_atomically(&playlist, m3u.as_bytes())?;
    Ok(SplitReport {
        report,
        files,
        playlist,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_separators_and_reserved_characters() {
        assert_eq!(sanitize("What / why: a \"plan\"?"), "What why a plan");
        assert_eq!(sanitize("..."), "Section");
        assert_eq!(sanitize(&"x".repeat(200)).len(), 80);
        assert_eq!(
            file_name(0, 12, "Talks resume", Format::Mp3),
            "01 - Talks resume.mp3"
        );
        assert_eq!(file_name(99, 120, "End", Format::Flac), "100 - End.flac");
    }
}
