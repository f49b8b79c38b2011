//! ONNX Runtime for Piper voices: finding and loading `libonnxruntime` once per process, loading
//! each model once and sharing it, and running one inference per utterance.
//!
//! The library is looked for, in order, at: `ORT_DYLIB_PATH`; the voice file's `onnxruntime`
//! key; `onnxruntime` under `[piper]` in `$XDG_CONFIG_HOME/aloud/config.toml`; a `.piper/`
//! folder (made by `scripts/fetch-piper-assets.sh`) in the directory of the aloud program or one
//! of its parents; the usual system library folders; and the `onnxruntime/capi/` folder of Python
//! installs (system, user, pyenv and the active virtualenv). The first library found is loaded for
//! the rest of the process. Not covered: execution providers other than the CPU.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use ort::logging::LogLevel;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::Tensor;

use super::config::{join_clauses, PhonemeType, PiperConfig};
use super::fastload::{self, FastCopy};
use super::{PiperError, PiperSpec, NATURAL_WPM};
use crate::synth::espeak;
use crate::synth::{Audio, SynthError, Synthesizer, VoiceSettings};

/// How to get the library, for error messages.
const HOW_TO_GET: &str = "install it with `pip install onnxruntime` and set \
    ORT_DYLIB_PATH=.../site-packages/onnxruntime/capi/libonnxruntime.so.1.<version> \
    (or run scripts/fetch-piper-assets.sh in aloud's source folder)";

/// The peak level each utterance is normalized to (Piper normalizes to 1.0).
const PEAK: f32 = 0.95;

fn runtime_error(detail: &str) -> PiperError {
    PiperError::Runtime(format!(
        "Piper voices need the ONNX Runtime library (libonnxruntime, 1.24 or later), {detail}: {HOW_TO_GET}"
    ))
}

/// `libonnxruntime.so*` files in `dir`, newest version first.
fn libraries_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so"))
                && p.is_file()
        })
        .collect();
    // "libonnxruntime.so.1.32.0" before "libonnxruntime.so.1" before "libonnxruntime.so".
    found.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    found
}

/// Python `site-packages`/`dist-packages` folders under `lib` (`.../lib/python3.*/`).
fn site_packages(lib: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(lib) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        if name.to_string_lossy().starts_with("python3") {
            for sub in ["site-packages", "dist-packages"] {
                out.push(e.path().join(sub));
            }
        }
    }
    out.sort();
    out
}

/// `[piper] onnxruntime = "..."` from aloud's config file, if set.
fn configured_library() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "aloud")?;
    let text = std::fs::read_to_string(dirs.config_dir().join("config.toml")).ok()?;
    let value: toml::Value = toml::from_str(&text).ok()?;
    value
        .get("piper")?
        .get("onnxruntime")?
        .as_str()
        .map(PathBuf::from)
}

/// Folders searched after the explicit settings, in order.
fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            dirs.push(dir.join(".piper/onnxruntime/capi"));
        }
    }
    for d in [
        "/usr/local/lib",
        "/usr/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
    ] {
        dirs.push(PathBuf::from(d));
    }
    let mut python_libs = Vec::new();
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        python_libs.push(PathBuf::from(venv).join("lib"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        python_libs.push(home.join(".local/lib"));
        if let Ok(versions) = std::fs::read_dir(home.join(".pyenv/versions")) {
            let mut v: Vec<PathBuf> = versions.flatten().map(|e| e.path().join("lib")).collect();
            v.sort();
            python_libs.extend(v);
        }
    }
    python_libs.push(PathBuf::from("/usr/local/lib"));
    python_libs.push(PathBuf::from("/usr/lib"));
    for lib in python_libs {
        for sp in site_packages(&lib) {
            dirs.push(sp.join("onnxruntime/capi"));
        }
    }
    dirs
}

/// Finds the ONNX Runtime library without loading it. `voice_setting` is the voice file's
/// `onnxruntime` path. An explicit setting that names no file is an error, not a fallback.
pub fn locate_library(voice_setting: Option<&Path>) -> Result<PathBuf, PiperError> {
    let explicit = [
        (
            "ORT_DYLIB_PATH",
            std::env::var_os("ORT_DYLIB_PATH")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        ),
        (
            "the voice file's onnxruntime",
            voice_setting.map(Path::to_path_buf),
        ),
        ("onnxruntime in config.toml", configured_library()),
    ];
    for (what, path) in explicit {
        if let Some(path) = path {
            if path.is_file() {
                return Ok(path);
            }
            if path.is_dir() {
                if let Some(found) = libraries_in(&path).into_iter().next() {
                    return Ok(found);
                }
            }
            return Err(runtime_error(&format!(
                "but {what} names {}, which is not a library file",
                path.display()
            )));
        }
    }
    search_dirs()
        .iter()
        .find_map(|d| libraries_in(d).into_iter().next())
        .ok_or_else(|| runtime_error("and none was found"))
}

/// The loaded runtime: the library path and the environment every session uses.
struct Runtime {
    env: ort::environment::Environment,
    library: PathBuf,
}

static RUNTIME: OnceLock<Result<Runtime, PiperError>> = OnceLock::new();

fn runtime(voice_setting: Option<&Path>) -> Result<&'static Runtime, PiperError> {
    RUNTIME
        .get_or_init(|| {
            let path = locate_library(voice_setting)?;
            let builder = ort::init_from(&path).map_err(|e| {
                runtime_error(&format!(
                    "but {} could not be loaded ({})",
                    path.display(),
                    one_line(&e.to_string())
                ))
            })?;
            let env = builder
                .with_name("aloud")
                .build()
                .map_err(|e| runtime_error(&format!("but it failed to start ({e})")))?;
            // aloud reports failures itself, in one line; ONNX Runtime's own log would repeat
            // them in colour on stderr.
            env.set_log_level(LogLevel::Fatal);
            Ok(Runtime { env, library: path })
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A loaded model with its configuration, shared by every synthesizer of the voice.
struct Model {
    session: Mutex<Session>,
    config: PiperConfig,
    path: PathBuf,
    config_path: PathBuf,
    /// Whether the model takes a speaker id (`sid`).
    has_sid: bool,
}

/// Phonemes already warned about in this process, by model (every session of a model shares
/// them, so a parallel export warns once).
static WARNED: Mutex<Vec<(PathBuf, char)>> = Mutex::new(Vec::new());

/// Models loaded in this process, by model path.
static MODELS: Mutex<Vec<(PathBuf, Weak<Model>)>> = Mutex::new(Vec::new());

/// Intra-op threads for a shared session: `ALOUD_PIPER_THREADS`, else one per core (at most 8).
fn threads() -> usize {
    std::env::var("ALOUD_PIPER_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=64).contains(n))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

fn model_error(path: &Path, reason: String) -> PiperError {
    PiperError::Model {
        path: path.display().to_string(),
        reason,
    }
}

/// The model for `spec`: the one already loaded in this process, or a new one with
/// `threads()` intra-op threads. With `own_threads`, always a new one, not shared, with that many.
fn load_model(spec: &PiperSpec, own_threads: Option<usize>) -> Result<Arc<Model>, PiperError> {
    let key = std::fs::canonicalize(&spec.model).map_err(|e| PiperError::File {
        what: "model",
        path: spec.model.display().to_string(),
        reason: e.to_string(),
    })?;
    // The shared model is looked up and loaded under the lock, so that it is loaded once; a
    // session of its own is loaded without it, so that forks load side by side.
    let mut models = match own_threads {
        Some(_) => None,
        None => Some(MODELS.lock().unwrap_or_else(|p| p.into_inner())),
    };
    if let Some(models) = models.as_mut() {
        models.retain(|(_, w)| w.strong_count() > 0);
        if let Some(m) = models
            .iter()
            .find(|(p, _)| *p == key)
            .and_then(|(_, w)| w.upgrade())
        {
            return Ok(m);
        }
    }
    let started = std::time::Instant::now();
    let config = PiperConfig::load(&spec.config)?;
    // espeak-ng takes about 10 ms to load its data on first use: let it do that on the other
    // core while the model loads, instead of before the first utterance.
    let warm_up = match &config.phonemes {
        PhonemeType::Espeak(voice) => {
            let voice = voice.clone();
            Some(std::thread::spawn(move || {
                let _ = espeak::phonemize(&voice, "a");
            }))
        }
        PhonemeType::Text => None,
    };
    let rt = runtime(spec.onnxruntime.as_deref())?;
    let runtime_ready = started.elapsed();
    let path = &spec.model;
    let intra = own_threads.unwrap_or_else(threads);
    let fast = fastload::default_dir().and_then(|root| FastCopy::new(&root, &key, &rt.library));
    let session = match fast.as_ref().and_then(FastCopy::current) {
        Some(copy) => match open_session(rt, intra, &copy, None) {
            Ok(session) => Ok(session),
            Err(_) => {
                // A damaged copy: drop it and make a new one from the original.
                if let Some(f) = &fast {
                    f.remove();
                }
                open_original(rt, intra, &key, fast.as_ref())
            }
        },
        None => open_original(rt, intra, &key, fast.as_ref()),
    }
    .map_err(|e| {
        model_error(
            path,
            format!(
                "{} (is it a complete Piper .onnx file? re-install the voice)",
                one_line(&e.to_string())
            ),
        )
    })?;
    if let Some(handle) = warm_up {
        let _ = handle.join();
    }
    let inputs: Vec<String> = session
        .inputs()
        .iter()
        .map(|i| i.name().to_string())
        .collect();
    for needed in ["input", "input_lengths", "scales"] {
        if !inputs.iter().any(|i| i == needed) {
            return Err(model_error(
                path,
                format!(
                    "it has no input {needed:?} (inputs: {}): it is not a Piper voice model",
                    inputs.join(", ")
                ),
            ));
        }
    }
    let has_sid = inputs.iter().any(|i| i == "sid");
    let session_ready = started.elapsed();
    if config.num_speakers > 1 && !has_sid {
        return Err(model_error(
            path,
            format!(
                "{} says {} speakers but the model takes no speaker id: the .onnx.json does not belong to this model",
                spec.config.display(),
                config.num_speakers
            ),
        ));
    }
    let model = Arc::new(Model {
        session: Mutex::new(session),
        config,
        path: path.clone(),
        config_path: spec.config.clone(),
        has_sid,
    });
    if std::env::var_os("ALOUD_TIMINGS").is_some() {
        eprintln!(
            "aloud: timings: piper runtime {} ms, model {} ms",
            runtime_ready.as_millis(),
            (session_ready - runtime_ready).as_millis(),
        );
    }
    if let Some(models) = models.as_mut() {
        models.push((key, Arc::downgrade(&model)));
    }
    Ok(model)
}

/// A session on `file`, with `intra` intra-op threads; with `save_to`, ONNX Runtime also writes
/// the model there with its weights in a file of their own (see [`fastload`]).
fn open_session(
    rt: &Runtime,
    intra: usize,
    file: &Path,
    save_to: Option<&Path>,
) -> ort::Result<Session> {
    let mut builder = Session::builder(&rt.env)
        // Measured here (examples/bench_piper.rs): graph optimizations double the load time
        // (0.41 s of CPU instead of 0.20 s) and do not speed up inference; spinning threads burn
        // a quarter more CPU for the same work and lose time when the cores are shared.
        .and_then(|b| Ok(b.with_optimization_level(GraphOptimizationLevel::Disable)?))
        .and_then(|b| Ok(b.with_intra_op_spinning(false)?))
        .and_then(|b| Ok(b.with_log_level(LogLevel::Fatal)?))
        .and_then(|b| Ok(b.with_intra_threads(intra)?))
        .and_then(|b| Ok(b.with_inter_threads(1)?))?;
    if let Some(out) = save_to {
        builder = builder
            .with_optimized_model_path(out)?
            .with_config_entry(
                "session.optimized_model_external_initializers_file_name",
                fastload::DATA_FILE,
            )?
            .with_config_entry(
                "session.optimized_model_external_initializers_min_size_in_bytes",
                "1024",
            )?;
    }
    builder.commit_from_file(file)
}

/// A session on the original model file, writing the fast copy on the way when there is a place
/// for it.
fn open_original(
    rt: &Runtime,
    intra: usize,
    model: &Path,
    fast: Option<&FastCopy>,
) -> ort::Result<Session> {
    let Some(pending) = fast.and_then(FastCopy::begin) else {
        return open_session(rt, intra, model, None);
    };
    match open_session(rt, intra, model, Some(&pending.model_path())) {
        Ok(session) => {
            pending.commit();
            Ok(session)
        }
        // Saving may be what failed (a full disk): load without it.
        Err(_) => {
            drop(pending);
            open_session(rt, intra, model, None)
        }
    }
}

impl Model {
    /// Runs the model on `ids`; returns the raw samples.
    fn infer(&self, ids: &[i64], length_scale: f32, sid: Option<i64>) -> Result<Vec<f32>, String> {
        let n = ids.len();
        let mut inputs: Vec<(std::borrow::Cow<'_, str>, SessionInputValue<'_>)> = vec![
            (
                "input".into(),
                Tensor::from_array(([1usize, n], ids.to_vec()))
                    .map_err(|e| e.to_string())?
                    .into(),
            ),
            (
                "input_lengths".into(),
                Tensor::from_array(([1usize], vec![n as i64]))
                    .map_err(|e| e.to_string())?
                    .into(),
            ),
            (
                "scales".into(),
                Tensor::from_array((
                    [3usize],
                    vec![self.config.noise_scale, length_scale, self.config.noise_w],
                ))
                .map_err(|e| e.to_string())?
                .into(),
            ),
        ];
        if self.has_sid {
            inputs.push((
                "sid".into(),
                Tensor::from_array(([1usize], vec![sid.unwrap_or(0)]))
                    .map_err(|e| e.to_string())?
                    .into(),
            ));
        }
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session.run(inputs).map_err(|e| one_line(&e.to_string()))?;
        if outputs.len() == 0 {
            return Err("the model returned no output".into());
        }
        let (_, samples) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| one_line(&e.to_string()))?;
        Ok(samples.to_vec())
    }

    /// After a failed inference: whether the model fails on any input, which means the
    /// configuration was made for another model (its ids do not fit the model's symbol table).
    /// The test run uses the largest id of the map.
    fn mismatch(&self, sid: Option<i64>) -> Option<String> {
        let probe = [
            self.config.ids_of('^').unwrap_or(&[1]),
            &[self.config.max_id()],
            self.config.ids_of('$').unwrap_or(&[2]),
        ]
        .concat();
        self.infer(&probe, self.config.length_scale, sid)
            .err()
            .map(|e| {
                format!(
                "cannot use the Piper model {}: {} does not match it (a test run failed: {e}); \
                 re-install the voice so that both files come from the same release",
                self.path.display(),
                self.config_path.display()
            )
            })
    }

    /// Warns once per run about each phoneme the voice's map does not know.
    fn warn_unknown(&self, unknown: impl IntoIterator<Item = char>) {
        let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
        for c in unknown {
            if !warned.iter().any(|(p, w)| *w == c && *p == self.path) {
                warned.push((self.path.clone(), c));
                eprintln!(
                    "aloud: warning: the Piper voice {} has no phoneme {c:?} (U+{:04X}): skipped",
                    self.path
                        .file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
                    c as u32
                );
            }
        }
    }
}

/// A Piper voice. Cheap to clone; clones share the loaded model.
///
/// Parallel work ([`Synthesizer::fork`]): one session with two threads gives the first utterance
/// soonest, but two one-thread sessions side by side give about a tenth more throughput than it
/// (measured with `examples/bench_piper.rs`), and a two-thread session beside a one-thread one
/// gains nothing, as the three threads fight over two cores. So a fork loads a one-thread session
/// of its own on its first utterance (on its worker's thread, so the first utterance is not held
/// up by it), and from then on every instance of the voice does the same.
#[derive(Clone)]
pub struct PiperSynth {
    model: Arc<Model>,
    speaker: Option<i64>,
    spec: PiperSpec,
    /// Set when a fork starts working: every instance then moves to a one-thread session.
    parallel: Arc<AtomicBool>,
    /// Whether `model` is a one-thread session of this instance's own.
    own: bool,
}

impl std::fmt::Debug for PiperSynth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PiperSynth")
            .field("model", &self.model.path)
            .field("speaker", &self.speaker)
            .field("own", &self.own)
            .finish()
    }
}

impl PiperSynth {
    /// Loads the voice (or reuses its model if this process loaded it already): ONNX Runtime,
    /// the configuration and the model, checked against each other with a short test run.
    pub fn new(spec: &PiperSpec) -> Result<PiperSynth, PiperError> {
        let model = load_model(spec, None)?;
        let speaker = model.config.speaker_id(spec.speaker.as_deref())?;
        Ok(PiperSynth {
            model,
            speaker,
            spec: spec.clone(),
            parallel: Arc::new(AtomicBool::new(false)),
            own: false,
        })
    }

    /// Moves to a one-thread session of this instance's own once the voice works in parallel.
    /// If that session cannot be loaded, the shared one goes on serving.
    fn settle_session(&mut self, forked: bool) {
        if self.own {
            return;
        }
        if forked {
            self.parallel.store(true, Ordering::Relaxed);
        } else if !self.parallel.load(Ordering::Relaxed) {
            return;
        }
        if let Ok(model) = load_model(&self.spec, Some(1)) {
            self.model = model;
        }
        self.own = true;
    }

    /// The voice's configuration.
    pub fn config(&self) -> &PiperConfig {
        &self.model.config
    }

    /// The phonemes aloud feeds the model for `text` (IPA joined over clauses, before NFD).
    pub fn phonemes(&self, text: &str) -> Result<String, SynthError> {
        match &self.model.config.phonemes {
            PhonemeType::Espeak(voice) => Ok(join_clauses(&espeak::phonemize(voice, text)?)),
            PhonemeType::Text => Ok(text.to_string()),
        }
    }

    /// The phoneme ids aloud feeds the model for `text`, and the phonemes left out.
    pub fn phoneme_ids(&self, text: &str) -> Result<(Vec<i64>, Vec<char>), SynthError> {
        let (ids, unknown) = self.model.config.phoneme_ids(&self.phonemes(text)?);
        Ok((ids, unknown.into_iter().collect()))
    }
}

/// Scales `samples` to [`PEAK`] times `volume`, then trims leading and trailing near-silence
/// (keeping a few milliseconds around the speech).
fn finish(mut samples: Vec<f32>, volume: f32, rate: u32) -> Vec<f32> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak < 1e-6 || !peak.is_finite() {
        return Vec::new();
    }
    let gain = PEAK / peak * volume.clamp(0.0, 2.0);
    for s in &mut samples {
        *s = (*s * gain).clamp(-1.0, 1.0);
    }
    let threshold = 0.01 * volume.clamp(0.05, 2.0);
    let Some(first) = samples.iter().position(|s| s.abs() > threshold) else {
        return Vec::new();
    };
    let last = samples
        .iter()
        .rposition(|s| s.abs() > threshold)
        .unwrap_or(first);
    let start = first.saturating_sub(rate as usize * 5 / 1000);
    let end = (last + 1 + rate as usize * 20 / 1000).min(samples.len());
    samples.truncate(end);
    samples.drain(..start);
    samples
}

impl Synthesizer for PiperSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let rate = self.model.config.sample_rate;
        let empty = Audio {
            sample_rate: rate,
            samples: Vec::new(),
        };
        if spoken.trim().is_empty() {
            return Ok(empty);
        }
        self.settle_session(false);
        let (ids, unknown) = self.phoneme_ids(spoken)?;
        self.model.warn_unknown(unknown);
        // Only BOS, PAD and EOS: nothing to say.
        if ids.len() <= 3 {
            return Ok(empty);
        }
        let pace = (NATURAL_WPM as f32 / settings.rate_wpm.max(1) as f32).clamp(0.25, 4.0);
        let length_scale = self.model.config.length_scale * pace;
        let raw = match self.model.infer(&ids, length_scale, self.speaker) {
            Ok(raw) => raw,
            Err(reason) => {
                // A configuration that does not belong to the model fails on every utterance:
                // stop with one clear line instead of skipping them all.
                if let Some(mismatch) = self.model.mismatch(self.speaker) {
                    return Err(SynthError::Engine(mismatch));
                }
                return Err(SynthError::Utterance {
                    text: spoken.chars().take(40).collect(),
                    reason: format!("the Piper model failed: {reason}"),
                });
            }
        };
        Ok(Audio {
            sample_rate: rate,
            samples: finish(raw, settings.volume, rate),
        })
    }

    fn sample_rate(&self) -> u32 {
        self.model.config.sample_rate
    }

    /// Another instance of the voice for a parallel worker. It loads its one-thread session on
    /// its first utterance, and from then on every instance runs on one thread (see
    /// [`PiperSynth`]).
    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        Some(Box::new(Fork(PiperSynth {
            own: false,
            ..self.clone()
        })))
    }
}

/// A forked [`PiperSynth`]: the same voice, which moves to a session of its own on its first
/// utterance.
struct Fork(PiperSynth);

impl Synthesizer for Fork {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        self.0.settle_session(true);
        self.0.synthesize(spoken, settings)
    }

    fn sample_rate(&self) -> u32 {
        self.0.sample_rate()
    }

    fn fork(&self) -> Option<Box<dyn Synthesizer>> {
        self.0.fork()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_normalizes_the_peak_and_trims_silence() {
        let mut raw = vec![0.0f32; 1000];
        raw.extend([0.2, -0.4, 0.1]);
        raw.extend(vec![0.0f32; 2000]);
        let out = finish(raw, 1.0, 1000);
        let peak = out.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - PEAK).abs() < 1e-6);
        // 5 ms before (5 samples at 1 kHz), 20 ms after.
        assert_eq!(out.len(), 5 + 3 + 20);
        assert!(finish(vec![0.0; 100], 1.0, 1000).is_empty());
    }

    #[test]
    fn volume_scales_after_normalization() {
        let out = finish(vec![0.5, -0.25], 0.5, 1000);
        assert!((out[0] - PEAK * 0.5).abs() < 1e-6);
    }

    #[test]
    fn an_explicit_library_path_that_does_not_exist_is_an_error_not_a_fallback() {
        let err = locate_library(Some(Path::new("/nonexistent/libonnxruntime.so.1")))
            .unwrap_err()
            .to_string();
        if std::env::var_os("ORT_DYLIB_PATH").is_none() {
            assert!(err.contains("/nonexistent/libonnxruntime.so.1"), "{err}");
        }
        assert!(err.contains("pip install onnxruntime"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn libraries_are_found_in_a_folder_newest_name_first() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "libonnxruntime.so.1",
            "libonnxruntime.so.1.32.0",
            "other.so",
        ] {
            std::fs::write(dir.path().join(n), b"").unwrap();
        }
        let found = libraries_in(dir.path());
        assert_eq!(found.len(), 2);
        assert!(found[0].ends_with("libonnxruntime.so.1.32.0"));
    }
}
