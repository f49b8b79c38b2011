//! Listening positions kept across runs, so `aloud listen X` (or `aloud resume`) continues where
//! the listener stopped.
//!
//! One JSON file, `positions.json` in the state directory (`$XDG_STATE_HOME/aloud/`), holds an
//! [`Entry`] per article: its key, title, source, the utterance being heard, how much was heard,
//! whether it was finished, when, and the speed last used (the next run starts at it). An article's key is a hash of its normalized words
//! ([`article_key`]), so a moved file or a re-fetched URL still resumes, and a position also
//! keeps how many words of its section come before it, so that it lands on the same words when a
//! later aloud cuts sections into utterances differently (positions saved before that are found
//! through a [`LegacyKey`]); when the text changed,
//! the entry is found by its source and playback resumes at the same section heading if it still
//! exists ([`plan`]). Every write goes to a temporary file renamed over the old one, so a crash
//! never leaves half a file; a file that cannot be parsed is moved aside with a warning and
//! playback starts fresh. [`Saver`] writes the position at every utterance boundary. Runs
//! saving at the same time take turns under a lock on `positions.json.lock` and re-read the file
//! before changing it, so none loses another's positions; two runs of the same article each save
//! their own position, and the last one saved wins.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::player::cursor::{Cursor, Position};
use crate::player::{Observer, PlayerEvent, View};
use crate::segment::{Script, ScriptSection, Utterance, UtteranceKind};

/// The state file's name inside the state directory.
pub const STATE_FILE: &str = "positions.json";

/// Why positions could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResumeError {
    /// No home directory, so no state directory either.
    #[error("cannot find a state directory: set HOME or XDG_STATE_HOME")]
    NoStateDir,
    /// Reading or writing the state file failed.
    // The cause is in the message, not also a `source`: `{:#}` would print it twice.
    #[error("cannot {action} {}: {reason}{}", path.display(), io_hint(reason))]
    Io {
        /// What was being done ("write", "create").
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        reason: std::io::Error,
    },
}

/// What to check after an I/O error: the folder's permissions, or the free space.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            " (check the folder's permissions)"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => " (free some disk space)",
        _ => "",
    }
}

/// A saved listening position for one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// [`article_key`] of the article's text.
    pub key: String,
    /// The article title, when known.
    pub title: Option<String>,
    /// Where it was read from: an absolute path, a URL, or `-` for standard input.
    pub source: String,
    /// The utterance being heard when the position was saved.
    pub position: Position,
    /// The heading of that utterance's section (to find it again in a changed article).
    pub section_title: Option<String>,
    /// The article's number of sections.
    pub sections: usize,
    /// Share of the article's words before the position, 0–100.
    pub percent: f32,
    /// Whether the whole article was heard.
    pub finished: bool,
    /// Seconds since the Unix epoch when this was saved.
    pub last_listened: u64,
    /// Words of the section before `position`: where to resume if the article is cut into
    /// utterances differently next time; absent in files written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<usize>,
    /// The speed the listener last used for this article (the next run starts at it unless
    /// `--speed` says otherwise); absent in files written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f32>,
}

impl Entry {
    /// An entry for `script` at `position`, timestamped now.
    pub fn new(
        script: &Script,
        key: &str,
        source: &str,
        position: Position,
        finished: bool,
    ) -> Entry {
        let words = |pos: Option<Position>| -> usize {
            script
                .sections
                .iter()
                .enumerate()
                .flat_map(|(si, s)| {
                    s.utterances
                        .iter()
                        .enumerate()
                        .map(move |(ui, u)| (Position::new(si, ui), u))
                })
                .filter(|(p, _)| pos.is_none_or(|lim| *p < lim))
                .map(|(_, u)| u.spoken.split_whitespace().count())
                .sum()
        };
        let total = words(None).max(1);
        let percent = if finished {
            100.0
        } else {
            (words(Some(position)) as f32 * 100.0 / total as f32).clamp(0.0, 100.0)
        };
        Entry {
            key: key.to_string(),
            title: script.title.clone(),
            source: source.to_string(),
            position,
            section_title: script
                .sections
                .get(position.section)
                .and_then(|s| s.title.clone()),
            sections: script.sections.len(),
            percent,
            finished,
            last_listened: now_secs(),
            word: script.sections.get(position.section).map(|s| {
                let starts = section_word_starts(s);
                match starts.get(position.utterance) {
                    Some(&w) => w,
                    // Past the end: every word of the section, as the starts count them.
                    None => s
                        .utterances
                        .iter()
                        .filter(|u| !title_before_heading(s, u))
                        .map(|u| u.text.split_whitespace().count())
                        .sum(),
                }
            }),
            speed: None,
        }
    }
}

/// The speed last used for the article with `key` (or its `legacy` key, or, for a changed
/// article, read from the same `source`), if one was saved.
pub fn saved_speed(
    entries: &[Entry],
    key: &str,
    legacy: Option<&LegacyKey>,
    source: &str,
) -> Option<f32> {
    entries
        .iter()
        .find(|e| e.key == key || legacy.is_some_and(|l| e.key == l.key))
        .or_else(|| entries.iter().find(|e| e.source == source && source != "-"))
        .and_then(|e| e.speed)
        .filter(|s| s.is_finite())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    entries: Vec<Entry>,
}

/// Saved entries as read, with a warning when the file had to be moved aside.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The entries, most recently listened first.
    pub entries: Vec<Entry>,
    /// Set when the state file was unreadable and was moved aside.
    pub warning: Option<String>,
}

/// The positions file in one directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// Set once the temporary files of killed runs have been swept (once per store, not at
    /// every sentence's save).
    swept: std::sync::Arc<std::sync::OnceLock<()>>,
}

impl Store {
    /// The store in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            swept: Default::default(),
        }
    }

    /// The store in the XDG state directory, `$XDG_STATE_HOME/aloud/`.
    pub fn from_env() -> Result<Store, ResumeError> {
        let dirs =
            directories::ProjectDirs::from("", "", "aloud").ok_or(ResumeError::NoStateDir)?;
        let dir = dirs
            .state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().join("state"));
        Ok(Store::new(dir))
    }

    /// The state file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// Reads every entry. A missing file is empty; an unreadable one is renamed to
    /// `positions.json.corrupt-<time>` and reported in [`Loaded::warning`].
    pub fn load(&self) -> Loaded {
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
            Err(e) => {
                return Loaded {
                    entries: Vec::new(),
                    warning: Some(format!(
                        "cannot read the saved positions in {}: {e}",
                        path.display()
                    )),
                }
            }
        };
        match serde_json::from_slice::<StateFile>(&bytes) {
            Ok(mut f) => {
                f.entries
                    .sort_by_key(|e| std::cmp::Reverse(e.last_listened));
                Loaded {
                    entries: f.entries,
                    warning: None,
                }
            }
            Err(e) => self.move_aside(&path, &e.to_string()),
        }
    }

    fn move_aside(&self, path: &Path, why: &str) -> Loaded {
        let aside = self
            .dir
            .join(format!("{STATE_FILE}.corrupt-{}", now_secs()));
        let warning = match std::fs::rename(path, &aside) {
            Ok(()) => format!(
                "the saved positions in {} could not be read ({why}); moved them to {} and started afresh",
                path.display(),
                aside.display()
            ),
            Err(e) => format!(
                "the saved positions in {} could not be read ({why}) nor moved aside ({e}); they will be overwritten",
                path.display()
            ),
        };
        Loaded {
            entries: Vec::new(),
            warning: Some(warning),
        }
    }

    /// Writes `entries` atomically (temporary file, then rename), replacing what is saved; to
    /// change entries without losing what other runs save meanwhile, use [`Store::update`].
    pub fn write(&self, entries: &[Entry]) -> Result<(), ResumeError> {
        std::fs::create_dir_all(&self.dir).map_err(|reason| ResumeError::Io {
            action: "create",
            path: self.dir.clone(),
            reason,
        })?;
        let path = self.path();
        let file = StateFile {
            version: 1,
            entries: entries.to_vec(),
        };
        let io = |reason| ResumeError::Io {
            action: "write",
            path: path.clone(),
            reason,
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| io(e.into()))?;
        self.swept.get_or_init(|| {
            crate::atomic::remove_stale_partials(&self.dir);
        });
        crate::atomic::write(&path, &json).map_err(io)
    }

    /// Saves `entry`, replacing any entry with the same key or the same source. Other runs
    /// saving at the same time are waited for, and what they saved is kept ([`Store::update`]).
    pub fn record(&self, entry: &Entry) -> Result<(), ResumeError> {
        self.update(|entries| {
            entries.retain(|e| e.key != entry.key && e.source != entry.source);
            entries.insert(0, entry.clone());
            true
        })
    }

    /// Removes the entries `matches` accepts; returns how many.
    pub fn forget(&self, matches: impl Fn(&Entry) -> bool) -> Result<usize, ResumeError> {
        let mut n = 0;
        self.update(|entries| {
            let before = entries.len();
            entries.retain(|e| !matches(e));
            n = before - entries.len();
            n > 0
        })?;
        Ok(n)
    }

    /// Reads the entries, lets `change` edit them and writes them back when it returns true,
    /// holding a lock on `positions.json.lock` throughout, so that runs saving at the same time
    /// (two `aloud listen` in two terminals) take turns and none loses what another saved.
    /// Where the file system cannot lock, the update goes ahead unlocked.
    pub fn update(&self, change: impl FnOnce(&mut Vec<Entry>) -> bool) -> Result<(), ResumeError> {
        let _lock = self.lock()?;
        let mut entries = self.load().entries;
        if change(&mut entries) {
            self.write(&entries)?;
        }
        Ok(())
    }

    /// Takes the lock that serializes updates; it is released when the file is dropped.
    fn lock(&self) -> Result<Option<std::fs::File>, ResumeError> {
        std::fs::create_dir_all(&self.dir).map_err(|reason| ResumeError::Io {
            action: "create",
            path: self.dir.clone(),
            reason,
        })?;
        let path = self.dir.join(format!("{STATE_FILE}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|reason| ResumeError::Io {
                action: "open",
                path: path.clone(),
                reason,
            })?;
        match file.lock() {
            Ok(()) => Ok(Some(file)),
            // NFS without lockd and the like: better unlocked than not saved.
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ENOLCK) => Ok(None),
            Err(reason) => Err(ResumeError::Io {
                action: "lock",
                path,
                reason,
            }),
        }
    }
}

/// The key of an article: a BLAKE3 hash (hex) of its words with case and whitespace normalized,
/// section by section, headings included, so the same article read from another place gets the
/// same key. Where the segmenter cuts a section into utterances does not change it.
pub fn article_key(script: &Script) -> String {
    let mut h = blake3::Hasher::new();
    // A version mark: never equal to a key of the earlier form ([`LegacyKey`]).
    h.update(b"aloud article key 2\n");
    let words = |h: &mut blake3::Hasher, s: &str| {
        for w in s.split_whitespace() {
            h.update(w.to_lowercase().as_bytes());
            h.update(b" ");
        }
    };
    if let Some(t) = &script.title {
        words(&mut h, t);
    }
    for s in &script.sections {
        h.update(b"\n");
        words(&mut h, s.title.as_deref().unwrap_or(""));
        h.update(b"\n");
        for u in s.utterances.iter().filter(|u| !title_before_heading(s, u)) {
            words(&mut h, &u.text);
        }
    }
    h.finalize().to_hex().to_string()
}

/// The key positions were saved under by aloud before [`article_key`] left utterance boundaries
/// out (November 2026), with where each utterance of that segmentation started, so that such a
/// position is found and lands on the same words. Made from the article segmented as those
/// versions did ([`crate::segment::SegmentOptions::without_opening_cap`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyKey {
    key: String,
    starts: Vec<Vec<usize>>,
}

impl LegacyKey {
    /// The earlier key of `old` (the article as earlier versions segmented it).
    pub fn of(old: &Script) -> LegacyKey {
        LegacyKey {
            key: legacy_article_key(old),
            starts: word_starts(old),
        }
    }

    /// The key itself.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Words before `pos` within its section, in the earlier segmentation.
    fn word_of(&self, pos: Position) -> usize {
        self.starts
            .get(pos.section)
            .and_then(|s| s.get(pos.utterance))
            .copied()
            .unwrap_or(0)
    }
}

/// For each section, the number of words before each of its utterances.
fn word_starts(script: &Script) -> Vec<Vec<usize>> {
    script.sections.iter().map(section_word_starts).collect()
}

/// The number of words of `section` before each of its utterances.
fn section_word_starts(section: &ScriptSection) -> Vec<usize> {
    let mut before = 0;
    section
        .utterances
        .iter()
        .map(|u| {
            let start = before;
            if !title_before_heading(section, u) {
                before += u.text.split_whitespace().count();
            }
            start
        })
        .collect()
}

/// Whether `u` is the article's title read before the heading of `section` (its first). Titles
/// were not read there before December 2026: keys and word counts leave them out, so that
/// positions saved before still match and land on the same words.
fn title_before_heading(section: &ScriptSection, u: &Utterance) -> bool {
    section.title.is_some() && u.kind == UtteranceKind::Title
}

/// The utterance of `section` that holds its word number `word` (from 0). Word 0 is the
/// section's start (the title read before its heading, if any).
fn at_word(script: &Script, section: usize, word: usize) -> Position {
    let utterance = script.sections.get(section).map_or(0, |s| {
        if word == 0 {
            return 0;
        }
        section_word_starts(s)
            .iter()
            .rposition(|&w| w <= word)
            .unwrap_or(0)
    });
    Position::new(section, utterance)
}

/// How many utterances of section `section` are the title read before its heading.
fn titles_before_heading(script: &Script, section: usize) -> usize {
    script.sections.get(section).map_or(0, |s| {
        s.utterances
            .iter()
            .take_while(|u| title_before_heading(s, u))
            .count()
    })
}

/// The key of the earlier form: every utterance's words on a line of their own.
fn legacy_article_key(script: &Script) -> String {
    let mut h = blake3::Hasher::new();
    let mut feed = |s: &str| {
        for w in s.split_whitespace() {
            h.update(w.to_lowercase().as_bytes());
            h.update(b" ");
        }
        h.update(b"\n");
    };
    if let Some(t) = &script.title {
        feed(t);
    }
    for s in &script.sections {
        feed(s.title.as_deref().unwrap_or(""));
        for u in s.utterances.iter().filter(|u| !title_before_heading(s, u)) {
            feed(&u.text);
        }
    }
    h.finalize().to_hex().to_string()
}

/// Where to start an article, given what was saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Nothing saved: from the beginning, silently.
    Fresh,
    /// Continue at `position` (the start of the interrupted utterance).
    Resume {
        /// Where.
        position: Position,
        /// The one-line notice to show.
        notice: String,
    },
    /// Start from the beginning, with a notice (finished before, or changed beyond recognition).
    Restart {
        /// The one-line notice to show.
        notice: String,
    },
}

impl Plan {
    /// Where this plan starts.
    pub fn position(&self) -> Position {
        match self {
            Plan::Resume { position, .. } => *position,
            _ => Position::default(),
        }
    }

    /// The notice to show, if any.
    pub fn notice(&self) -> Option<&str> {
        match self {
            Plan::Fresh => None,
            Plan::Resume { notice, .. } | Plan::Restart { notice } => Some(notice),
        }
    }
}

/// Decides where `script` (with `key`, read from `source`) starts, given saved `entries`.
pub fn plan(entries: &[Entry], script: &Script, key: &str, source: &str) -> Plan {
    plan_with_legacy(entries, script, key, None, source)
}

/// Like [`plan`], also finding a position saved under the article's `legacy` key by an earlier
/// aloud (it lands on the same words).
pub fn plan_with_legacy(
    entries: &[Entry],
    script: &Script,
    key: &str,
    legacy: Option<&LegacyKey>,
    source: &str,
) -> Plan {
    let cursor = Cursor::of(script);
    let resume = |position: Position, lead: &str| {
        let label = script.section_label(position.section);
        let (num, heading) = label.split_once(' ').unwrap_or((label.as_str(), ""));
        Plan::Resume {
            position,
            notice: format!("{lead} {num} '{heading}' — press b to start from the beginning"),
        }
    };
    let by_key = entries.iter().find(|e| e.key == key).map(|e| {
        let pos = match e.word {
            Some(w) => at_word(script, e.position.section, w),
            // Saved before word counts were kept: the utterance index, past a title now read
            // before the section's heading.
            None => Position::new(
                e.position.section,
                e.position
                    .utterance
                    .saturating_add(titles_before_heading(script, e.position.section)),
            ),
        };
        (e, pos)
    });
    let by_legacy = || {
        let l = legacy?;
        let e = entries.iter().find(|e| e.key == l.key)?;
        Some((
            e,
            at_word(script, e.position.section, l.word_of(e.position)),
        ))
    };
    if let Some((e, saved)) = by_key.or_else(by_legacy) {
        if e.finished {
            return Plan::Restart {
                notice: format!(
                    "You finished this article on {}; starting from the beginning.",
                    format_date(e.last_listened)
                ),
            };
        }
        let sections = script.sections.len();
        if saved.section >= sections {
            // A damaged or edited state file, or an article now cut into fewer sections.
            return Plan::Restart {
                notice: format!(
                    "The saved position (section {}) is past the end of this article ({sections} section{}); starting from the beginning.",
                    saved.section.saturating_add(1),
                    if sections == 1 { "" } else { "s" }
                ),
            };
        }
        let mut pos = saved;
        if !cursor.is_valid(pos) {
            pos = Position::new(pos.section, 0);
        }
        if !cursor.is_valid(pos) || Some(pos) == cursor.first() {
            // Nothing heard yet (or nothing left of the old position): no notice needed.
            return Plan::Fresh;
        }
        return resume(pos, "Resuming");
    }
    let Some(e) = entries.iter().find(|e| e.source == source && source != "-") else {
        return Plan::Fresh;
    };
    if e.finished {
        return Plan::Fresh;
    }
    let wanted = e.section_title.as_deref().map(normalize_heading);
    let found = wanted.and_then(|w| {
        script
            .sections
            .iter()
            .position(|s| s.title.as_deref().map(normalize_heading).as_deref() == Some(&w))
    });
    match found {
        Some(i) if cursor.is_valid(Position::new(i, 0)) => {
            resume(Position::new(i, 0), "The article changed since last time; resuming at")
        }
        _ => match &e.section_title {
            Some(h) => Plan::Restart {
                notice: format!(
                    "The article changed since last time and its section '{h}' is gone; starting from the beginning."
                ),
            },
            None => Plan::Fresh,
        },
    }
}

fn normalize_heading(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

pub use crate::dates::{format_date, format_time, now_secs};

/// Saves the position at every utterance boundary while playing. Write errors are reported
/// once on stderr and do not stop playback.
#[derive(Debug)]
pub struct Saver<'a> {
    store: Store,
    script: &'a Script,
    key: String,
    source: String,
    speed: Option<f32>,
    warned: bool,
}

impl<'a> Saver<'a> {
    /// A saver for `script` (with `key`, from `source`) into `store`.
    pub fn new(store: Store, script: &'a Script, key: &str, source: &str) -> Saver<'a> {
        Saver {
            store,
            script,
            key: key.to_string(),
            source: source.to_string(),
            speed: None,
            warned: false,
        }
    }

    /// Keeps `speed` with the position (it follows the listener's speed changes from then on).
    pub fn with_speed(mut self, speed: f32) -> Saver<'a> {
        self.speed = Some(speed);
        self
    }

    /// Saves `position` (or the finished state) now.
    pub fn save(&mut self, position: Position, finished: bool) -> Result<(), ResumeError> {
        let mut entry = Entry::new(self.script, &self.key, &self.source, position, finished);
        entry.speed = self.speed;
        self.store.record(&entry)
    }

    /// Saves like [`Saver::save`], but reports a failure as a warning on stderr, once per run.
    pub fn save_or_warn(&mut self, position: Position, finished: bool) {
        if let Err(e) = self.save(position, finished) {
            if !self.warned {
                self.warned = true;
                // `\r\n`: the terminal may be in raw mode.
                eprint!("aloud: warning: the position will not be remembered: {e}\r\n");
            }
        }
    }
}

impl Observer for Saver<'_> {
    fn on(&mut self, event: &PlayerEvent, view: &View) {
        match event {
            PlayerEvent::UtteranceStarted(pos) => self.save_or_warn(*pos, false),
            PlayerEvent::Speed(speed) => {
                self.speed = Some(*speed);
                self.save_or_warn(view.position, false);
            }
            _ => {}
        }
    }
}
