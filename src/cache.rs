//! A cache of synthesized utterances, so that exporting again (or listening after an export)
//! re-synthesizes nothing.
//!
//! Entries live in `$XDG_CACHE_HOME/aloud/utterances/` (two-level fan-out by hash), one file per
//! utterance, keyed by a blake3 hash of the voice's full definition, the voice settings and the
//! spoken text. Each file holds a header (magic, sample rate, sample count, blake3 of the rest)
//! and 16-bit samples, then, for a voice that marks where its words start (espeak-ng), the word
//! marks; an entry whose header or checksum does not match is deleted and reported as a miss, so
//! a corrupt entry is re-synthesized, never played. (Entries stored before word marks read
//! without them; aloud versions before marks take an entry with marks for a corrupt one.) Entries are written under a
//! temporary name and renamed, so readers never see half an entry. The cache has a size cap
//! (1 GiB by default, `$ALOUD_CACHE_MB` to change it) and evicts the least recently used entries
//! (by modification time, refreshed on every hit) when a write takes it over the cap.
//!
//! [`CachedSynth`] puts the cache in front of any [`Synthesizer`]; the engine it wraps is only
//! created on the first miss, so a fully cached export starts no engine at all. Not covered:
//! sharing one entry between voices that happen to sound the same.
//!
//! espeak-ng in a long-lived process speaks an utterance a few samples differently depending on
//! what it spoke before; exports use fresh-state worker processes
//! ([`crate::synth::worker::Mode::FreshPerUtterance`]) whose audio does not. So that an export's
//! bytes never depend on what the cache holds, exports store and look up espeak-ng utterances
//! under their own identity, [`export_voice_key`], which the in-process engine of `listen` never
//! writes; `listen` reads those entries too ([`CachedSynth::also_reading`]), so listening after
//! an export still synthesizes nothing.

use std::fs;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::synth::pool::SynthFactory;
use crate::synth::{Audio, SynthError, Synthesizer, VoiceSettings};

const MAGIC: &[u8; 8] = b"ALOUDC1\0";
const HEADER: usize = 8 + 4 + 4 + 32;
/// The default size cap.
pub const DEFAULT_CAP_BYTES: u64 = 1 << 30;

/// The identity of `voice` for cache keys: its name and [`crate::voices::EngineSpec::identity`],
/// so that editing a voice file or replacing a model invalidates its entries. Export and
/// playback use the same one.
pub fn voice_key(voice: &crate::voices::Voice) -> String {
    format!("{}|{}", voice.name, voice.engine.identity())
}

/// The identity under which exports store and look up `voice`'s utterances: [`voice_key`],
/// marked for a voice whose exports come from fresh-state worker processes (espeak-ng), whose
/// audio can differ from the in-process engine's that `listen` stores under [`voice_key`].
pub fn export_voice_key(voice: &crate::voices::Voice) -> String {
    let key = voice_key(voice);
    if voice.needs_worker_processes() {
        key + "|fresh-state worker"
    } else {
        key
    }
}

/// A cache key: the hash of everything that decides an utterance's audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    /// The key for `spoken` said by the voice identified by `voice` with `settings`.
    pub fn new(voice: &str, settings: &VoiceSettings, spoken: &str) -> Key {
        let mut h = blake3::Hasher::new();
        h.update(b"aloud utterance cache v1\0");
        h.update(&(voice.len() as u64).to_le_bytes());
        h.update(voice.as_bytes());
        h.update(&settings.rate_wpm.to_le_bytes());
        h.update(&[settings.pitch]);
        h.update(&settings.volume.to_le_bytes());
        h.update(spoken.as_bytes());
        Key(*h.finalize().as_bytes())
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Size of the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Entries stored.
    pub entries: u64,
    /// Bytes they take.
    pub bytes: u64,
}

/// What the [`CachedSynth`]s in front of one [`Cache`] did since it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Utterances answered from the cache.
    pub hits: u64,
    /// Utterances the engine had to synthesize (misses, including corrupt entries).
    pub synthesized: u64,
}

/// The utterance cache.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    cap: u64,
    /// Bytes in the cache, once counted (the first write counts them).
    total: Mutex<Option<u64>>,
    hits: AtomicU64,
    synthesized: AtomicU64,
}

/// Where the cache lives: `$XDG_CACHE_HOME/aloud/utterances`.
pub fn default_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.cache_dir().join("aloud").join("utterances"))
}

/// `$ALOUD_CACHE_MB` in megabytes: `Ok(None)` when it is not set, what is wrong with it when
/// it is not a whole number.
fn cap_env() -> Result<Option<u64>, String> {
    let Ok(v) = std::env::var("ALOUD_CACHE_MB") else {
        return Ok(None);
    };
    v.trim().parse::<u64>().map(Some).map_err(|_| {
        format!(
            "ALOUD_CACHE_MB={v:?} is not a number of megabytes; the cache keeps its default cap \
             (set it to a whole number, e.g. 500)"
        )
    })
}

/// What is wrong with `$ALOUD_CACHE_MB`, when it is set to something that is not a number of
/// megabytes (the default cap is used then).
pub fn cap_env_problem() -> Option<String> {
    cap_env().err()
}

/// The size cap from `$ALOUD_CACHE_MB`, or the default.
pub fn cap_from_env() -> u64 {
    cap_env()
        .ok()
        .flatten()
        .map_or(DEFAULT_CAP_BYTES, |mb| mb.saturating_mul(1 << 20))
}

impl Cache {
    /// The cache in `dir` with a cap of `cap` bytes (the folder is created on the first write).
    pub fn new(dir: PathBuf, cap: u64) -> Cache {
        Cache {
            dir,
            cap,
            total: Mutex::new(None),
            hits: AtomicU64::new(0),
            synthesized: AtomicU64::new(0),
        }
    }

    /// How many utterances the synthesizers in front of this cache answered from it, and how
    /// many they synthesized.
    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            synthesized: self.synthesized.load(Ordering::Relaxed),
        }
    }

    /// The user's cache, when a home folder is known.
    pub fn open_default() -> Option<Cache> {
        default_dir().map(|d| Cache::new(d, cap_from_env()))
    }

    /// The user's cache, its size being counted on a thread of its own ([`Cache::prime`]), so
    /// that the first utterance stored does not wait for a walk of the folder.
    pub fn open_default_primed() -> Option<Arc<Cache>> {
        let cache = Arc::new(Cache::open_default()?);
        let counting = Arc::clone(&cache);
        std::thread::spawn(move || counting.prime());
        Some(cache)
    }

    /// Removes what killed processes left (entries half-written under a temporary name), then
    /// counts the size of the folder, unless a store already did, without holding the lock the
    /// stores take.
    pub fn prime(&self) {
        self.sweep();
        let bytes = self.usage().bytes;
        if let Ok(mut total) = self.total.lock() {
            total.get_or_insert(bytes);
        }
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Its size cap in bytes.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    fn path(&self, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The audio stored under `key`, or `None` (a missing, or corrupt and now deleted, entry).
    pub fn get(&self, key: &Key) -> Option<Audio> {
        let path = self.path(key);
        let bytes = fs::read(&path).ok()?;
        match decode_entry(&bytes) {
            Some(audio) => {
                // Refresh the entry's age for LRU eviction.
                if let Ok(f) = fs::File::options().write(true).open(&path) {
                    let _ = f.set_modified(SystemTime::now());
                }
                Some(audio)
            }
            None => {
                let _ = fs::remove_file(&path);
                if let Ok(mut t) = self.total.lock() {
                    if let Some(t) = t.as_mut() {
                        *t = t.saturating_sub(bytes.len() as u64);
                    }
                }
                None
            }
        }
    }

    /// Stores `audio` under `key`, evicting old entries when over the cap. Failures (disk full,
    /// read-only cache) are ignored: the cache is an optimisation.
    pub fn put(&self, key: &Key, audio: &Audio) {
        let path = self.path(key);
        let bytes = encode_entry(audio);
        let Some(parent) = path.parent() else {
            return;
        };
        if fs::create_dir_all(parent).is_err() {
            return;
        }
        if crate::atomic::write(&path, &bytes).is_err() {
            return;
        }
        let Ok(mut total) = self.total.lock() else {
            return;
        };
        let now = match *total {
            Some(t) => t + bytes.len() as u64,
            None => self.usage().bytes,
        };
        *total = Some(now);
        if now > self.cap {
            *total = Some(self.evict_to(self.cap / 10 * 9));
        }
    }

    /// Removes the temporary files of processes that were killed while storing an entry; returns
    /// how many. Temporary files of live processes (stores under way) are kept.
    pub fn sweep(&self) -> usize {
        let Ok(fans) = fs::read_dir(&self.dir) else {
            return 0;
        };
        fans.flatten()
            .map(|fan| crate::atomic::remove_stale_partials(&fan.path()))
            .sum()
    }

    /// Every entry with its size and age.
    fn entries(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let mut out = Vec::new();
        let Ok(fans) = fs::read_dir(&self.dir) else {
            return out;
        };
        for fan in fans.flatten() {
            let Ok(files) = fs::read_dir(fan.path()) else {
                continue;
            };
            for f in files.flatten() {
                // A store under way (or a killed one's leftover) is not an entry: evicting it
                // would make that store's rename fail.
                if f.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                if let Ok(meta) = f.metadata() {
                    if meta.is_file() {
                        let age = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                        out.push((f.path(), meta.len(), age));
                    }
                }
            }
        }
        out
    }

    /// Deletes the least recently used entries until at most `target` bytes remain; returns the
    /// bytes left.
    fn evict_to(&self, target: u64) -> u64 {
        let mut entries = self.entries();
        entries.sort_by_key(|(_, _, age)| *age);
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        for (path, len, _) in entries {
            if total <= target {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        total
    }

    /// How much the cache holds.
    pub fn usage(&self) -> Usage {
        let entries = self.entries();
        Usage {
            entries: entries.len() as u64,
            bytes: entries.iter().map(|(_, len, _)| len).sum(),
        }
    }

    /// Deletes every entry.
    pub fn clear(&self) -> std::io::Result<()> {
        match fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        if let Ok(mut t) = self.total.lock() {
            *t = Some(0);
        }
        Ok(())
    }
}

/// An entry: the header, the samples as `i16`, then, when the voice marked its words, their
/// count and `(sample, word)` pairs as `u32`s; the checksum covers everything after the header.
fn encode_entry(audio: &Audio) -> Vec<u8> {
    let mut samples = Vec::with_capacity(audio.samples.len() * 2 + 4 + audio.words.len() * 8);
    crate::synth::extend_i16_le(&mut samples, &audio.samples);
    if !audio.words.is_empty() {
        samples.extend_from_slice(&(audio.words.len() as u32).to_le_bytes());
        for m in &audio.words {
            samples.extend_from_slice(&(m.sample as u32).to_le_bytes());
            samples.extend_from_slice(&(m.word as u32).to_le_bytes());
        }
    }
    let mut out = Vec::with_capacity(HEADER + samples.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&audio.sample_rate.to_le_bytes());
    out.extend_from_slice(&(audio.samples.len() as u32).to_le_bytes());
    out.extend_from_slice(blake3::hash(&samples).as_bytes());
    out.extend_from_slice(&samples);
    out
}

fn decode_entry(bytes: &[u8]) -> Option<Audio> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return None;
    }
    let rate = u32::from_le_bytes(bytes[8..12].try_into().ok()?);
    let n = u32::from_le_bytes(bytes[12..16].try_into().ok()?) as usize;
    let body = &bytes[HEADER..];
    if body.len() < n * 2 || blake3::hash(body).as_bytes() != &bytes[16..48] || rate == 0 {
        return None;
    }
    let (samples, marks) = body.split_at(n * 2);
    let u32_at = |b: &[u8], i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
    };
    let mut words = Vec::new();
    if !marks.is_empty() {
        let count = u32_at(marks, 0)? as usize;
        if marks.len() != 4 + count * 8 {
            return None;
        }
        for i in 0..count {
            words.push(crate::audio::WordMark {
                sample: u32_at(marks, 4 + i * 8)? as usize,
                word: u32_at(marks, 8 + i * 8)? as usize,
            });
        }
    }
    Some(Audio {
        sample_rate: rate,
        samples: crate::synth::f32_from_i16_le(samples),
        words,
    })
}

/// A synthesizer that answers from the cache and asks its engine only on a miss.
pub struct CachedSynth {
    cache: Arc<Cache>,
    voice: String,
    sample_rate: u32,
    engine: Option<Box<dyn Synthesizer>>,
    factory: Option<SynthFactory>,
    /// Another identity whose entries are good answers too (looked up, never written).
    also_read: Option<String>,
}

impl CachedSynth {
    /// Wraps the engine that `factory` makes (made on the first miss) for the voice identified
    /// by `voice` (its full definition), whose audio comes at `sample_rate`.
    pub fn new(
        cache: Arc<Cache>,
        voice: String,
        sample_rate: u32,
        factory: SynthFactory,
    ) -> CachedSynth {
        CachedSynth {
            cache,
            voice,
            sample_rate,
            engine: None,
            factory: Some(factory),
            also_read: None,
        }
    }

    /// Also answers from the entries of the voice identified by `voice` (after its own),
    /// without ever writing any: `listen` reads what exports stored ([`export_voice_key`]).
    pub fn also_reading(mut self, voice: String) -> CachedSynth {
        self.also_read = Some(voice).filter(|v| *v != self.voice);
        self
    }
}

impl Synthesizer for CachedSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        if spoken.trim().is_empty() {
            return Ok(Audio {
                sample_rate: self.sample_rate,
                samples: Vec::new(),
                words: Vec::new(),
            });
        }
        let key = Key::new(&self.voice, settings, spoken);
        // The second identity is hashed only when the first misses.
        let also = || {
            let voice = self.also_read.as_deref()?;
            self.cache.get(&Key::new(voice, settings, spoken))
        };
        if let Some(audio) = self.cache.get(&key).or_else(also) {
            self.cache.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(audio);
        }
        if self.engine.is_none() {
            let factory = self.factory.take().ok_or_else(|| {
                SynthError::Engine("the voice engine could not be started".into())
            })?;
            self.engine = Some(factory()?);
        }
        let engine = self
            .engine
            .as_mut()
            .ok_or_else(|| SynthError::Engine("the voice engine could not be started".into()))?;
        let audio = engine.synthesize(spoken, settings)?;
        self.cache.synthesized.fetch_add(1, Ordering::Relaxed);
        self.cache.put(&key, &audio);
        // The audio as a later hit gives it back (16-bit samples), so that an export is the
        // same byte for byte whether its utterances were spoken now or came from the cache (an
        // MP3 encoder sees the difference).
        let mut pcm = Vec::with_capacity(audio.samples.len() * 2);
        crate::synth::extend_i16_le(&mut pcm, &audio.samples);
        Ok(Audio {
            sample_rate: audio.sample_rate,
            samples: crate::synth::f32_from_i16_le(&pcm),
            words: audio.words,
        })
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }
}

/// `workers` with the cache in front of each.
pub fn cached_workers(
    workers: Vec<SynthFactory>,
    cache: Arc<Cache>,
    voice: &str,
    sample_rate: u32,
) -> Vec<SynthFactory> {
    workers
        .into_iter()
        .map(|factory| {
            let cache = Arc::clone(&cache);
            let voice = voice.to_string();
            Box::new(move || {
                Ok(
                    Box::new(CachedSynth::new(cache, voice, sample_rate, factory))
                        as Box<dyn Synthesizer>,
                )
            }) as SynthFactory
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::tone::ToneSynth;
    use std::sync::atomic::AtomicUsize;

    /// A tone synthesizer that counts its calls.
    struct Counting(Arc<AtomicUsize>);
    impl Synthesizer for Counting {
        fn synthesize(&mut self, s: &str, v: &VoiceSettings) -> Result<Audio, SynthError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            ToneSynth::new().synthesize(s, v)
        }
        fn sample_rate(&self) -> u32 {
            22_050
        }
    }

    fn cached(cache: &Arc<Cache>, calls: &Arc<AtomicUsize>) -> CachedSynth {
        let c = Arc::clone(calls);
        CachedSynth::new(
            Arc::clone(cache),
            "tone".into(),
            22_050,
            Box::new(move || Ok(Box::new(Counting(c)) as Box<dyn Synthesizer>)),
        )
    }

    #[test]
    fn a_second_request_is_served_from_the_cache_with_the_same_audio() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(Cache::new(dir.path().join("c"), 1 << 30));
        let calls = Arc::new(AtomicUsize::new(0));
        let s = VoiceSettings::default();
        let first = cached(&cache, &calls)
            .synthesize("hello there", &s)
            .unwrap();
        let second = cached(&cache, &calls)
            .synthesize("hello there", &s)
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(
            first.samples, second.samples,
            "a miss gives what a hit gives"
        );
        let faster = VoiceSettings { rate_wpm: 200, ..s };
        cached(&cache, &calls)
            .synthesize("hello there", &faster)
            .unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            2,
            "settings are part of the key"
        );
        assert_eq!(cache.usage().entries, 2);
        assert_eq!(
            cache.stats(),
            Stats {
                hits: 1,
                synthesized: 2
            }
        );
    }

    #[test]
    fn also_reading_answers_from_the_other_identity_and_writes_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(Cache::new(dir.path().to_path_buf(), 1 << 30));
        let calls = Arc::new(AtomicUsize::new(0));
        let s = VoiceSettings::default();
        let exported = cached(&cache, &calls)
            .synthesize("from export", &s)
            .unwrap();
        let reader = |calls: &Arc<AtomicUsize>| {
            let c = Arc::clone(calls);
            CachedSynth::new(
                Arc::clone(&cache),
                "tone in-process".into(),
                22_050,
                Box::new(move || Ok(Box::new(Counting(c)) as Box<dyn Synthesizer>)),
            )
            .also_reading("tone".into())
        };
        let heard = reader(&calls).synthesize("from export", &s).unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "answered from the other identity"
        );
        assert_eq!(heard.samples, exported.samples);
        reader(&calls).synthesize("only heard", &s).unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert!(cache
            .get(&Key::new("tone in-process", &s, "only heard"))
            .is_some());
        assert!(
            cache.get(&Key::new("tone", &s, "only heard")).is_none(),
            "the other identity is never written"
        );
    }

    #[test]
    fn a_corrupt_entry_is_deleted_and_synthesized_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(Cache::new(dir.path().to_path_buf(), 1 << 30));
        let calls = Arc::new(AtomicUsize::new(0));
        let s = VoiceSettings::default();
        let good = cached(&cache, &calls).synthesize("one two", &s).unwrap();
        let path = cache.path(&Key::new("tone", &s, "one two"));
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        fs::write(&path, &bytes).unwrap();
        assert!(cache.get(&Key::new("tone", &s, "one two")).is_none());
        assert!(!path.exists());
        let again = cached(&cache, &calls).synthesize("one two", &s).unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(again.samples.len(), good.samples.len());
    }

    #[test]
    fn going_over_the_cap_evicts_the_least_recently_used() {
        let dir = tempfile::tempdir().unwrap();
        let s = VoiceSettings::default();
        let audio = ToneSynth::new().synthesize("one two three", &s).unwrap();
        let entry = encode_entry(&audio).len() as u64;
        let cache = Cache::new(dir.path().to_path_buf(), entry * 3);
        let keys: Vec<Key> = (0..3).map(|i| Key::new("v", &s, &i.to_string())).collect();
        for k in &keys {
            cache.put(k, &audio);
        }
        // Make the first entry the oldest, then use it: the second becomes the oldest.
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000);
        for (i, k) in keys.iter().enumerate() {
            let f = fs::File::options().write(true).open(cache.path(k)).unwrap();
            f.set_modified(old + std::time::Duration::from_secs(i as u64))
                .unwrap();
        }
        assert!(cache.get(&keys[0]).is_some());
        cache.put(&Key::new("v", &s, "new"), &audio);
        assert!(cache.usage().bytes <= entry * 3);
        assert!(cache.get(&keys[0]).is_some(), "recently used entry kept");
        assert!(cache.get(&keys[1]).is_none(), "oldest entry evicted");
    }

    #[test]
    fn priming_removes_what_killed_stores_left_and_keeps_live_ones() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"), 1 << 30);
        let s = VoiceSettings::default();
        let audio = ToneSynth::new().synthesize("one", &s).unwrap();
        cache.put(&Key::new("v", &s, "one"), &audio);
        let fan = dir.path().join("c/ab");
        fs::create_dir_all(&fan).unwrap();
        // A process id above the kernel's largest is never alive.
        let dead = fan.join(".cdef.aloud-partial-4194305-x1y2z3");
        let live = fan.join(format!(".cdef.aloud-partial-{}-abcdef", std::process::id()));
        fs::write(&dead, vec![0u8; 4096]).unwrap();
        fs::write(&live, b"x").unwrap();
        assert_eq!(cache.usage().entries, 1, "temporary files are not entries");
        cache.prime();
        assert!(!dead.exists(), "a killed store's temporary file is removed");
        assert!(live.exists(), "a store under way is left alone");
        assert_eq!(cache.usage().entries, 1);
        assert!(
            cache.get(&Key::new("v", &s, "one")).is_some(),
            "entries are kept"
        );
    }

    #[test]
    fn word_marks_are_stored_with_the_audio() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"), 1 << 30);
        let s = VoiceSettings::default();
        let mut audio = ToneSynth::new().synthesize("one two", &s).unwrap();
        audio.words = vec![
            crate::audio::WordMark { sample: 0, word: 0 },
            crate::audio::WordMark {
                sample: 900,
                word: 1,
            },
        ];
        let key = Key::new("v", &s, "one two");
        cache.put(&key, &audio);
        let back = cache.get(&key).expect("stored");
        assert_eq!(back.words, audio.words);
        assert_eq!(back.samples.len(), audio.samples.len());
        // An entry without marks (as written before marks were stored) reads without marks.
        let plain = Audio::new(audio.sample_rate, audio.samples.clone());
        let old = Key::new("v", &s, "old");
        cache.put(&old, &plain);
        let back = cache.get(&old).expect("stored");
        assert!(back.words.is_empty());
        assert_eq!(back.samples.len(), plain.samples.len());
    }

    #[test]
    fn espeak_word_marks_survive_a_miss_and_a_hit() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(Cache::new(dir.path().join("c"), 1 << 30));
        let mut synth = CachedSynth::new(
            Arc::clone(&cache),
            "en-us".into(),
            crate::synth::espeak::ESPEAK_RATE,
            Box::new(|| {
                crate::synth::espeak::EspeakSynth::new("en-us")
                    .map(|e| Box::new(e) as Box<dyn Synthesizer>)
            }),
        );
        let s = VoiceSettings::default();
        let text = "Four words said here.";
        let spoken = synth.synthesize(text, &s).unwrap();
        let again = synth.synthesize(text, &s).unwrap();
        assert_eq!(cache.stats().hits, 1);
        let words = |a: &Audio| a.words.iter().map(|m| m.word).collect::<Vec<_>>();
        assert_eq!(words(&spoken), [0, 1, 2, 3]);
        assert_eq!(again.words, spoken.words);
    }

    #[test]
    fn clear_empties_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"), 1 << 30);
        let s = VoiceSettings::default();
        let audio = ToneSynth::new().synthesize("one", &s).unwrap();
        cache.put(&Key::new("v", &s, "one"), &audio);
        assert_eq!(cache.usage().entries, 1);
        cache.clear().unwrap();
        assert_eq!(cache.usage(), Usage::default());
    }
}
