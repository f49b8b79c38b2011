//! Many articles in one run: the bookkeeping of `aloud export A B C -o DIR`.
//!
//! A batch turns a list of sources ([`expand_sources`]: files, URLs, folders of articles, list
//! files; a news feed among them stands for its entries, [`crate::article::feed`]) into one
//! audio file per article, named by a readable slug of its title plus a short
//! hash ([`file_name`]), and records every article in a [`Manifest`] (`manifest.json`, written
//! atomically after each article so a killed run loses nothing it finished).
//!
//! Each article has a content [`key`]: a hash of what is said, the voice's identity and every
//! setting that changes the audio. A rerun finds an article whose key is in the manifest with a
//! file of the recorded size and skips it ([`Manifest::finished`]). Job arrays split a batch by
//! key ([`Shard`]): each shard renders the articles whose key falls in it and writes its own
//! manifest part, and [`merge`] joins the parts. What the caller's exit code should be follows
//! from the entries ([`exit_status`]).
//!
//! Rendering itself (voices, encoders) is left to the caller: this module only decides names,
//! keys, shards and what is already done.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::segment::{PauseLengths, Script};
use crate::synth::VoiceSettings;

use super::{Format, Tags};

/// The manifest's name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// Exit code for a temporary failure (network, full disk): retry later (`EX_TEMPFAIL`).
pub const EXIT_TEMPORARY: u8 = 75;
/// Exit code for bad input in every article: do not retry (`EX_DATAERR`).
pub const EXIT_BAD_INPUT: u8 = 65;

/// Why a batch could not start. Failures of one article are recorded in the manifest instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// A list file or folder could not be read.
    #[error("cannot read {path}: {error}: check the path")]
    Read {
        /// The path as given.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// `--shard` is not `I/N` with I < N.
    #[error("--shard {given:?} is not I/N with 0 <= I < N (e.g. --shard 0/3)")]
    BadShard {
        /// The value given.
        given: String,
    },
    /// A manifest could not be parsed.
    #[error("{path} is not an aloud manifest: {reason}")]
    BadManifest {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// `--merge` found no parts, or not all of them.
    #[error("{0}")]
    Parts(String),
    /// A `--list` file that is not text.
    #[error("{path} is not a list of articles (it is not text): --list wants a text file with one path or URL per line")]
    NotAList {
        /// The file.
        path: String,
    },
    /// The manifest could not be written.
    #[error("cannot write {path}: {error}")]
    Write {
        /// The file.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
}

/// The extensions a folder given as input contributes, in lower case.
const ARTICLE_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

/// What a batch's inputs name: its sources, and the folders among the inputs that hold no
/// article (said in a warning, not failed on).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The sources, in order.
    pub list: Vec<String>,
    /// Input folders with no article in them.
    pub empty_folders: Vec<String>,
}

/// The sources of a batch, in order: each input as given, except that a folder stands for its
/// articles (`.txt`, `.md`, `.markdown`, `.html`, `.htm`, sorted by name, not recursive), then
/// the lines of `list` (one source per line; blank lines and lines starting with `#` are
/// skipped; relative paths are relative to the list file's folder).
pub fn expand_sources(inputs: &[String], list: Option<&Path>) -> Result<Sources, BatchError> {
    let mut out = Vec::new();
    let mut empty_folders = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if !is_url(input) && path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|error| BatchError::Read {
                path: input.clone(),
                error,
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())
                    })
                })
                .collect();
            files.sort();
            if files.is_empty() {
                empty_folders.push(input.clone());
            }
            out.extend(files.into_iter().map(|p| p.to_string_lossy().into_owned()));
        } else {
            out.push(input.clone());
        }
    }
    if let Some(list) = list {
        let bytes = std::fs::read(list).map_err(|error| BatchError::Read {
            path: list.display().to_string(),
            error,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| BatchError::NotAList {
            path: list.display().to_string(),
        })?;
        let base = list.parent().unwrap_or(Path::new(""));
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if is_url(line) || line == "-" || Path::new(line).is_absolute() {
                out.push(line.to_string());
            } else {
                out.push(base.join(line).to_string_lossy().into_owned());
            }
        }
    }
    Ok(Sources {
        list: out,
        empty_folders,
    })
}

/// `sources` with each article once, and the repeats left out: the same URL, or the same file
/// however it is named (`a.txt`, `./a.txt`, through a link). Keeps the first place of each.
pub fn without_repeats(sources: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    let (mut kept, mut repeats) = (Vec::new(), Vec::new());
    for source in sources {
        if seen.insert(source_identity(&source)) {
            kept.push(source);
        } else {
            repeats.push(source);
        }
    }
    (kept, repeats)
}

/// What `source` names, however it is written: a file's canonical path (`a.txt`, `./a.txt`
/// and a link to it are one), else the source as given (a URL, `-`, a file that is gone).
pub fn source_identity(source: &str) -> String {
    if is_url(source) || source == "-" {
        return source.to_string();
    }
    std::fs::canonicalize(source)
        .map_or_else(|_| source.to_string(), |p| p.to_string_lossy().into_owned())
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Everything besides the article that decides an exported file's bytes.
#[derive(Debug, Clone)]
pub struct RenderSettings {
    /// The voice's identity as exports use it ([`crate::cache::export_voice_key`]: its name and
    /// [`crate::voices::EngineSpec::identity`], model files included).
    pub voice: String,
    /// Rate, pitch and volume.
    pub settings: VoiceSettings,
    /// The pause lengths.
    pub pauses: PauseLengths,
    /// The output format.
    pub format: Format,
    /// MP3/AAC bitrate, when given.
    pub bitrate_kbps: Option<u32>,
    /// Vorbis quality, when given.
    pub quality: Option<f32>,
    /// The output's sample rate.
    pub sample_rate: u32,
}

/// The content key of `script` rendered with `render` and `tags`: 64 hex digits of a BLAKE3
/// hash over every utterance's spoken text and pause, the section layout and chapter titles, the
/// tags written into the file, the voice's identity and every audio setting. Equal keys mean
/// byte-identical files from the same build of aloud. aloud's version is left out on purpose:
/// an upgrade does not re-render finished folders (the manifest records each file's version).
pub fn key(script: &Script, tags: &Tags, render: &RenderSettings) -> String {
    let mut h = blake3::Hasher::new();
    let mut put = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    put("aloud batch key v1");
    put(&render.voice);
    let s = &render.settings;
    put(&format!(
        "rate={} pitch={} volume={}",
        s.rate_wpm, s.pitch, s.volume
    ));
    let p = &render.pauses;
    put(&format!(
        "pauses={} {} {} {} {}",
        p.clause, p.sentence, p.paragraph, p.heading, p.section
    ));
    put(&format!(
        "format={} bitrate={:?} quality={:?} rate={}",
        render.format.extension(),
        render.bitrate_kbps,
        render.quality,
        render.sample_rate
    ));
    put(&format!(
        "tags={:?} {:?} {:?} {:?}",
        tags.title, tags.artist, tags.album, tags.date
    ));
    for title in super::chapters::chapter_titles(script) {
        put(&title);
    }
    for section in &script.sections {
        put(&format!("section {}", section.utterances.len()));
        for u in &section.utterances {
            put(&u.spoken);
            put(&format!("{:?}", u.pause));
        }
    }
    h.finalize().to_hex().to_string()
}

/// A readable file-name stem from a title: lower-case ASCII letters and digits, accents
/// dropped, everything else a single `-`, at most 60 characters cut at a word; `article` when
/// nothing is left.
pub fn slug(title: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' || c.is_alphanumeric() || is_combining_mark(c) {
            // Apostrophes join ("what's" → "whats"); accents and other scripts' letters drop.
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 60 {
        let cut = out[..60].rfind('-').filter(|&i| i >= 20).unwrap_or(60);
        out.truncate(cut);
    }
    if out.is_empty() {
        "article".into()
    } else {
        out
    }
}

/// The audio file's name for an article: `SLUG-HASH.EXT`, HASH the key's first 8 hex digits.
pub fn file_name(title: Option<&str>, key: &str, format: Format) -> String {
    let short: String = key.chars().take(8).collect();
    format!(
        "{}-{short}.{}",
        slug(title.unwrap_or("")),
        format.extension()
    )
}

/// One part of a job array: shard `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// From 0.
    pub index: u32,
    /// How many shards, at least 1.
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (`--shard 2/3`).
    pub fn parse(given: &str) -> Result<Shard, BatchError> {
        let bad = || BatchError::BadShard {
            given: given.to_string(),
        };
        let (i, n) = given.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(index, count).ok_or_else(bad)
    }

    /// Shard `index` of `count`, when `index < count`.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (count > 0 && index < count).then_some(Shard { index, count })
    }

    /// Whether the article with this key (or, for an article that could not be read, this
    /// source) belongs to this shard: the first 8 bytes of the hash of `id`, modulo the count.
    pub fn owns(&self, id: &str) -> bool {
        let hash = blake3::hash(id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % u64::from(self.count) == u64::from(self.index)
    }

    /// The manifest part this shard writes: `manifest.part-I-of-N.json`.
    pub fn manifest_name(&self) -> String {
        format!("manifest.part-{}-of-{}.json", self.index, self.count)
    }
}

/// What happened to an article in the run that wrote the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Rendered by this run.
    Rendered,
    /// Already rendered with the same key: skipped.
    Unchanged,
    /// Could not be rendered; see `error`.
    Failed,
}

/// What kind of failure an article had, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failure {
    /// The article itself is bad (missing, empty, binary, a 404): retrying will not help.
    BadInput,
    /// The network, the disk, a voice that stopped: retrying may help.
    Temporary,
}

impl Failure {
    /// The kind of a failure to read an article.
    pub fn of_read(e: &crate::article::ReadError) -> Failure {
        if e.retry_may_help() {
            Failure::Temporary
        } else {
            Failure::BadInput
        }
    }

    /// The kind of a failed export.
    pub fn of_export(e: &super::ExportError) -> Failure {
        use super::ExportError;
        match e {
            ExportError::EmptyScript => Failure::BadInput,
            _ => Failure::Temporary,
        }
    }
}

/// Earlier runs' finished renders whose files are still in the folder, each key once
/// ([`Manifest::finished_in`]).
#[derive(Debug, Clone, Default)]
pub struct Finished {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
}

impl Finished {
    /// The finished render of `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).and_then(|&i| self.entries.get(i))
    }

    /// All of them, in the order of the manifest.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// Earlier runs' finished articles that a run into the same folder keeps in its manifest
/// ([`Manifest::with_kept`]), each with what its source names ([`source_identity`], found once).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    entries: Vec<(String, Entry)>,
}

impl Kept {
    /// Keeps `earlier` (from [`Manifest::finished_in`]).
    pub fn new(earlier: Vec<Entry>) -> Kept {
        Kept {
            entries: earlier
                .into_iter()
                .map(|e| (source_identity(&e.source), e))
                .collect(),
        }
    }

    /// Drops the earlier articles that `entry`, an article of this run, replaces: those of the
    /// same source or key, unless `entry` failed (a page that is down tonight keeps last
    /// night's episode).
    pub fn replaced_by(&mut self, entry: &Entry) {
        if entry.status == Status::Failed || self.entries.is_empty() {
            return;
        }
        let id = source_identity(&entry.source);
        self.entries
            .retain(|(s, k)| *s != id && (entry.key.is_none() || entry.key != k.key));
    }
}

/// A chapter as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestChapter {
    /// The section's heading (or the article's title for the lead).
    pub title: String,
    /// Start, in milliseconds from the start of the file.
    pub start_ms: u64,
    /// End, in milliseconds.
    pub end_ms: u64,
}

/// One article of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Its place in the batch's list of sources (from 0): merged parts keep the batch's order.
    pub index: usize,
    /// The source as given (a path or a URL); for an entry of a news feed, its link (or
    /// `FEED#N`, its place in the feed from 1, when it has none).
    pub source: String,
    /// The news feed the article came from, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    /// What happened.
    pub status: Status,
    /// The title, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The byline, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The article's date (`YYYY-MM-DD`), when known (from a news feed's entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Length of the audio in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
    /// The chapters, one per section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<ManifestChapter>,
    /// The audio file's name in the output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Its size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The content [`key`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The voice's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    /// The aloud version that wrote the file.
    pub aloud_version: String,
    /// Why it failed: one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What kind of failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl Entry {
    /// An entry for an article that failed with `error` (its first line is kept).
    pub fn failed(index: usize, source: &str, error: &str, failure: Failure) -> Entry {
        Entry {
            index,
            source: source.to_string(),
            feed: None,
            status: Status::Failed,
            title: None,
            author: None,
            date: None,
            duration_seconds: None,
            chapters: Vec::new(),
            file: None,
            bytes: None,
            key: None,
            voice: None,
            aloud_version: VERSION.to_string(),
            error: Some(error.lines().next().unwrap_or(error).trim().to_string()),
            failure: Some(failure),
        }
    }
}

/// aloud's version, as manifests record it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `manifest.json` (or a shard's part of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The aloud version that wrote it.
    pub aloud_version: String,
    /// The shard that wrote this part; absent in a whole manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// Every article, in the batch's order.
    pub articles: Vec<Entry>,
}

impl Manifest {
    /// An empty manifest for `shard` (or the whole batch).
    pub fn new(shard: Option<Shard>) -> Manifest {
        Manifest {
            aloud_version: VERSION.to_string(),
            shard,
            articles: Vec::new(),
        }
    }

    /// Reads a manifest; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> Result<Option<Manifest>, BatchError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(BatchError::Read {
                    path: path.display().to_string(),
                    error,
                })
            }
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| BatchError::BadManifest {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
    }

    /// Writes the manifest to `path` atomically, as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), BatchError> {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        crate::atomic::write(path, json.as_bytes()).map_err(|error| BatchError::Write {
            path: path.display().to_string(),
            error,
        })
    }

    /// The finished renders whose files are still in `dir` with their recorded sizes: the work
    /// a rerun can skip, and what a later run into the same folder keeps (see [`Kept`]). One
    /// pass over the manifest, one look at the folder per entry.
    pub fn finished_in(&self, dir: &Path) -> Finished {
        let mut found = Finished::default();
        for e in &self.articles {
            let Some(key) = e.key.as_deref() else {
                continue;
            };
            if e.status == Status::Failed || found.by_key.contains_key(key) {
                continue;
            }
            let there = match (&e.file, e.bytes) {
                (Some(f), Some(b)) => {
                    std::fs::metadata(dir.join(f)).is_ok_and(|m| m.is_file() && m.len() == b)
                }
                _ => false,
            };
            if there {
                found.by_key.insert(key.to_string(), found.entries.len());
                found.entries.push(e.clone());
            }
        }
        found
    }

    /// This run's manifest followed by the earlier runs' finished articles it keeps (`kept`),
    /// marked unchanged and numbered after its own: a folder exported into one article at a
    /// time keeps every episode.
    pub fn with_kept(&self, kept: &Kept) -> Manifest {
        let mut out = self.clone();
        let first = self.articles.iter().map(|e| e.index + 1).max().unwrap_or(0);
        let earlier = kept.entries.iter().map(|(_, e)| e);
        out.articles
            .extend((first..).zip(earlier).map(|(index, k)| Entry {
                index,
                status: Status::Unchanged,
                ..k.clone()
            }));
        out
    }

    /// Adds or replaces the entry with `entry`'s index, keeping the batch's order.
    pub fn record(&mut self, entry: Entry) {
        self.articles.retain(|e| e.index != entry.index);
        let at = self.articles.partition_point(|e| e.index < entry.index);
        self.articles.insert(at, entry);
    }
}

/// The finished renders recorded in `dir` by earlier runs, whole or sharded: `manifest.json`
/// and every `manifest.part-*.json`, merged (unreadable ones are ignored: their articles are
/// rendered again).
pub fn previous(dir: &Path) -> Manifest {
    let mut all = Manifest::new(None);
    for path in std::iter::once(dir.join(MANIFEST)).chain(part_files(dir)) {
        if let Ok(Some(m)) = Manifest::load(&path) {
            all.articles.extend(m.articles);
        }
    }
    all
}

fn part_files(dir: &Path) -> Vec<PathBuf> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("manifest.part-") && n.ends_with(".json"))
        })
        .collect();
    parts.sort();
    parts
}

/// Joins the manifest parts in `dir` (`manifest.part-I-of-N.json`) into one manifest, in the
/// batch's order, and writes it to `dir/manifest.json`. Fails, naming them, when parts are
/// missing or come from different shard counts.
pub fn merge(dir: &Path) -> Result<Manifest, BatchError> {
    let parts = part_files(dir);
    if parts.is_empty() {
        return Err(BatchError::Parts(format!(
            "{} has no manifest parts (manifest.part-I-of-N.json): run the shards with --shard I/N -o {} first",
            dir.display(),
            dir.display()
        )));
    }
    let mut by_shard: BTreeMap<u32, Manifest> = BTreeMap::new();
    let mut count = None;
    for path in &parts {
        let Some(m) = Manifest::load(path)? else {
            continue;
        };
        let Some(shard) = m.shard else {
            return Err(BatchError::BadManifest {
                path: path.display().to_string(),
                reason: "it names no shard".into(),
            });
        };
        if *count.get_or_insert(shard.count) != shard.count {
            return Err(BatchError::Parts(format!(
                "{} holds parts of batches split {} and {} ways: remove the old parts and run again",
                dir.display(),
                count.unwrap_or(0),
                shard.count
            )));
        }
        by_shard.insert(shard.index, m);
    }
    let count = count.unwrap_or(0);
    let missing: Vec<String> = (0..count)
        .filter(|i| !by_shard.contains_key(i))
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(BatchError::Parts(format!(
            "shard(s) {} of {count} have not finished (no manifest part): run them, then --merge again",
            missing.join(", ")
        )));
    }
    let mut merged = Manifest::new(None);
    for m in by_shard.into_values() {
        for e in m.articles {
            merged.record(e);
        }
    }
    merged.save(&dir.join(MANIFEST))?;
    Ok(merged)
}

/// The exit code a batch of `entries` should end with: 0 when nothing failed (or, without
/// `strict`, when some articles failed but not every one for bad input), 75 when a failure
/// was temporary, 65 when every article had bad input (or, with `strict`, any did).
pub fn exit_status(entries: &[Entry], strict: bool) -> u8 {
    let failed: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.status == Status::Failed)
        .collect();
    if failed.is_empty() {
        return 0;
    }
    if failed.iter().any(|e| e.failure == Some(Failure::Temporary)) {
        return EXIT_TEMPORARY;
    }
    if strict || failed.len() == entries.len() {
        return EXIT_BAD_INPUT;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_lower_ascii_words_joined_by_dashes() {
        assert_eq!(slug("Iran talks: what's next?"), "iran-talks-whats-next");
        assert_eq!(slug("Café au lait — 2026"), "cafe-au-lait-2026");
        assert_eq!(slug("!!!"), "article");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn shard_parses_i_of_n_and_refuses_the_rest() {
        assert_eq!(Shard::parse("1/3").ok(), Shard::new(1, 3));
        for bad in ["3/3", "1", "a/b", "0/0", "-1/2"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_key_belongs_to_exactly_one_shard() {
        for k in ["a", "b", "c", "d", "e"] {
            let owners = (0..3)
                .filter(|&i| Shard { index: i, count: 3 }.owns(k))
                .count();
            assert_eq!(owners, 1);
        }
    }

    #[test]
    fn exit_status_follows_the_failures() {
        let ok = Entry {
            status: Status::Rendered,
            error: None,
            failure: None,
            ..Entry::failed(0, "a", "", Failure::BadInput)
        };
        let bad = Entry::failed(1, "b", "b is empty\nmore", Failure::BadInput);
        assert_eq!(bad.error.as_deref(), Some("b is empty"));
        let temp = Entry::failed(2, "c", "network", Failure::Temporary);
        assert_eq!(exit_status(&[ok.clone(), bad.clone()], false), 0);
        assert_eq!(exit_status(&[ok.clone(), bad.clone()], true), 65);
        assert_eq!(exit_status(std::slice::from_ref(&bad), false), 65);
        assert_eq!(exit_status(&[ok, bad, temp], false), 75);
    }

    #[test]
    fn earlier_articles_are_kept_unless_this_run_replaces_them() {
        let done = |index: usize, source: &str, key: &str| Entry {
            status: Status::Rendered,
            key: Some(key.into()),
            file: Some(format!("{key}.mp3")),
            error: None,
            failure: None,
            ..Entry::failed(index, source, "", Failure::BadInput)
        };
        let mut kept = Kept::new(vec![
            done(0, "old.txt", "k0"),
            done(1, "page", "k1"),
            done(2, "b", "k2"),
        ]);
        let mut run = Manifest::new(None);
        let mut record = |e: Entry| {
            kept.replaced_by(&e);
            run.record(e);
        };
        record(done(0, "new.txt", "k9"));
        // The page is down tonight: last night's episode stays.
        record(Entry::failed(1, "page", "404", Failure::Temporary));
        // b was renamed c, with the same words: one entry.
        record(done(2, "c", "k2"));
        let all = run.with_kept(&kept);
        let listed: Vec<(usize, &str, Status)> = all
            .articles
            .iter()
            .map(|e| (e.index, e.source.as_str(), e.status))
            .collect();
        assert_eq!(
            listed,
            [
                (0, "new.txt", Status::Rendered),
                (1, "page", Status::Failed),
                (2, "c", Status::Rendered),
                (3, "old.txt", Status::Unchanged),
                (4, "page", Status::Unchanged),
            ]
        );
    }
}
