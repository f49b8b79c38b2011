//! Sessions: the ONNX Runtime environment (once per process), each model loaded once and shared
//! by every synthesizer of it (or loaded again with threads of its own for a parallel worker),
//! and one inference.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use ort::logging::LogLevel;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};

use super::fastload::{self, FastCopy};
use super::{locate_library, one_line, runtime_error, OnnxError};

/// The loaded runtime: the library path and the environment every session uses.
struct Runtime {
    env: ort::environment::Environment,
    library: PathBuf,
}

static RUNTIME: OnceLock<Result<Runtime, OnnxError>> = OnceLock::new();

fn runtime(voice_setting: Option<&Path>) -> Result<&'static Runtime, OnnxError> {
    RUNTIME
        .get_or_init(|| {
            let (path, _version) = locate_library(voice_setting)?;
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

/// The library the process loaded (or would load), for `aloud voices`.
pub fn loaded_library() -> Option<PathBuf> {
    RUNTIME
        .get()
        .and_then(|r| r.as_ref().ok())
        .map(|r| r.library.clone())
}

/// A loaded model, shared by every synthesizer of the voice.
pub struct Model {
    session: Mutex<Session>,
    path: PathBuf,
    inputs: Vec<String>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("path", &self.path)
            .field("inputs", &self.inputs)
            .finish_non_exhaustive()
    }
}

/// Models loaded in this process with the shared thread count, by canonical model path.
static MODELS: Mutex<Vec<(PathBuf, Weak<Model>)>> = Mutex::new(Vec::new());

/// Intra-op threads for a shared session: `ALOUD_ONNX_THREADS` (or the older
/// `ALOUD_PIPER_THREADS`), else one per core (at most 8).
pub fn threads() -> usize {
    ["ALOUD_ONNX_THREADS", "ALOUD_PIPER_THREADS"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=64).contains(n))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

/// The model at `model`: the one already loaded in this process, or a new one with
/// [`threads()`] intra-op threads. With `own_threads`, always a new one, not shared, with that
/// many. `onnxruntime` is the voice file's library setting.
pub fn load(
    model: &Path,
    onnxruntime: Option<&Path>,
    own_threads: Option<usize>,
) -> Result<Arc<Model>, OnnxError> {
    let key = std::fs::canonicalize(model).map_err(|e| OnnxError::Model {
        path: model.display().to_string(),
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
    let rt = runtime(onnxruntime)?;
    let runtime_ready = started.elapsed();
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
    .map_err(|e| OnnxError::Model {
        path: model.display().to_string(),
        reason: one_line(&e.to_string()),
    })?;
    let inputs = session
        .inputs()
        .iter()
        .map(|i| i.name().to_string())
        .collect();
    if std::env::var_os("ALOUD_TIMINGS").is_some() {
        eprintln!(
            "aloud: timings: onnx runtime {} ms, model {} ms",
            runtime_ready.as_millis(),
            (started.elapsed() - runtime_ready).as_millis(),
        );
    }
    let loaded = Arc::new(Model {
        session: Mutex::new(session),
        path: model.to_path_buf(),
        inputs,
    });
    if let Some(models) = models.as_mut() {
        models.push((key, Arc::downgrade(&loaded)));
    }
    Ok(loaded)
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
        // Measured here (examples/bench_piper.rs, examples/bench_kokoro.rs): graph optimizations
        // double the load time and do not speed up inference; spinning threads burn a quarter
        // more CPU for the same work and lose time when the cores are shared.
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

/// Inputs for [`Model::run`]: name and value.
pub type Inputs<'a> = Vec<(Cow<'a, str>, SessionInputValue<'a>)>;

impl Model {
    /// The model's input names.
    pub fn inputs(&self) -> &[String] {
        &self.inputs
    }

    /// Whether the model takes an input called `name`.
    pub fn has_input(&self, name: &str) -> bool {
        self.inputs.iter().any(|i| i == name)
    }

    /// The model file as the voice names it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs the model; returns its first output as `f32` samples. Errors are one line.
    pub fn run(&self, inputs: Inputs<'_>) -> Result<Vec<f32>, String> {
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
}

/// A tensor input from a shape and its data, for [`Model::run`].
pub fn tensor<T>(shape: &[usize], data: Vec<T>) -> Result<SessionInputValue<'static>, String>
where
    T: ort::value::PrimitiveTensorElementType + std::fmt::Debug + Clone + 'static,
{
    ort::value::Tensor::from_array((shape.to_vec(), data))
        .map(Into::into)
        .map_err(|e| e.to_string())
}

/// A synthesizer's hold on its model, for parallel work.
///
/// One session with two threads gives the first utterance soonest, but two one-thread sessions
/// side by side give more throughput (Piper: about a tenth, measured with
/// `examples/bench_piper.rs`; Kokoro: see `examples/bench_kokoro.rs`), and a two-thread session
/// beside a one-thread one gains nothing, as three threads fight over two cores. So a
/// [forked](Slot::fork) slot loads a one-thread session of its own on its first use (on its
/// worker's thread, so the first utterance is not held up by it), and from then on every slot
/// of the voice does the same. If that session cannot be loaded, the shared one goes on serving.
#[derive(Clone)]
pub struct Slot {
    model: Arc<Model>,
    onnxruntime: Option<PathBuf>,
    /// Set when a fork starts working: every slot of the voice then moves to a one-thread
    /// session.
    parallel: Arc<std::sync::atomic::AtomicBool>,
    /// Whether `model` is a one-thread session of this slot's own.
    own: bool,
    /// Whether this slot is a fork.
    forked: bool,
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("model", &self.model.path)
            .field("own", &self.own)
            .field("forked", &self.forked)
            .finish()
    }
}

impl Slot {
    /// A slot on the shared session of `model` (loading it if this process has not).
    pub fn shared(model: &Path, onnxruntime: Option<&Path>) -> Result<Slot, OnnxError> {
        Ok(Slot {
            model: load(model, onnxruntime, None)?,
            onnxruntime: onnxruntime.map(Path::to_path_buf),
            parallel: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            own: false,
            forked: false,
        })
    }

    /// Another slot of the same voice for a parallel worker: it moves to a session of its own
    /// on its first [`Slot::model`].
    pub fn fork(&self) -> Slot {
        Slot {
            own: false,
            forked: true,
            ..self.clone()
        }
    }

    /// The session to run, moving to a one-thread session of this slot's own first when the
    /// voice works in parallel.
    pub fn model(&mut self) -> &Model {
        use std::sync::atomic::Ordering;
        if !self.own {
            if self.forked {
                self.parallel.store(true, Ordering::Relaxed);
            }
            if self.parallel.load(Ordering::Relaxed) {
                if let Ok(m) = load(&self.model.path, self.onnxruntime.as_deref(), Some(1)) {
                    self.model = m;
                }
                self.own = true;
            }
        }
        &self.model
    }

    /// The session as it is now, without moving (for checks made while loading).
    pub fn current(&self) -> &Model {
        &self.model
    }
}
