//! The built-in voice: libespeak-ng 1.51 called in-process through a small hand-written FFI.
//!
//! The library is loaded at run time with `dlopen("libespeak-ng.so.1")` rather than linked at
//! build time, so that the `aloud` binary starts (and `outline`, or a command voice, works) on a
//! machine without it, and the built-in voice fails with one clear line: "install it with
//! `apt-get install libespeak-ng1`". Building needs no -dev package and no bindgen. The
//! environment variable `ALOUD_ESPEAK_LIBRARY` names another library file (used by the tests to
//! check the missing-library message); `ESPEAK_DATA_PATH` is read by espeak-ng itself.
//!
//! espeak-ng runs in synchronous mode (`AUDIO_OUTPUT_SYNCHRONOUS`): `espeak_Synth` returns when
//! the text is spoken, having handed 22,050 Hz mono `i16` samples to a callback on the calling
//! thread, so no sound card is involved. The library keeps its state in globals: it is
//! initialised once per process, every call goes through one process-wide mutex, and
//! [`Synthesizer::fork`] returns `None` — parallel synthesis uses worker *processes*
//! ([`super::worker`]); the C library's random generator, which espeak-ng's noise comes from,
//! is seeded before every utterance. That is not all of the state carried from one utterance to
//! the next (an utterance said twice in a row can come out a few samples apart), so exports
//! speak each utterance in a forked copy of a worker taken after start-up
//! ([`super::worker::Mode::FreshPerUtterance`]) and get the same bytes from any worker. Leading and
//! trailing silence that espeak adds is trimmed; pauses between
//! utterances are inserted by aloud. [`phonemize`] turns text into IPA clause by clause for the
//! Piper voices ([`super::piper`]), through the same library, lock and voice selection. Not covered
//! here: SSML, listing espeak's own voices.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, c_short, c_uint, c_void, CStr, CString};
use std::sync::{Mutex, OnceLock};

use super::{Audio, SynthError, Synthesizer, VoiceSettings};
use crate::audio::WordMark;

/// The library file loaded unless `ALOUD_ESPEAK_LIBRARY` says otherwise.
pub const LIBRARY: &str = "libespeak-ng.so.1";

/// The sample rate espeak-ng produces.
pub const ESPEAK_RATE: u32 = 22_050;

const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const INITIALIZE_DONT_EXIT: c_int = 0x8000;
const CHARS_UTF8: c_uint = 1;
const POS_CHARACTER: c_int = 1;
const PARAM_RATE: c_int = 1;
const PARAM_VOLUME: c_int = 2;
const PARAM_PITCH: c_int = 3;
const EE_OK: c_int = 0;
/// `espeakPHONEMES_IPA`: phoneme output as IPA in UTF-8.
const PHONEMES_IPA: c_int = 0x02;

type SynthCallback = unsafe extern "C" fn(*mut c_short, c_int, *mut c_void) -> c_int;
type InitializeFn = unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int;
type SetSynthCallbackFn = unsafe extern "C" fn(Option<SynthCallback>);
type SetVoiceByNameFn = unsafe extern "C" fn(*const c_char) -> c_int;
type SetVoiceByPropertiesFn = unsafe extern "C" fn(*mut VoiceSpec) -> c_int;
type SetParameterFn = unsafe extern "C" fn(c_int, c_int, c_int) -> c_int;
type TextToPhonemesFn = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;
type SynthFn = unsafe extern "C" fn(
    *const c_void,
    usize,
    c_uint,
    c_int,
    c_uint,
    c_uint,
    *mut c_uint,
    *mut c_void,
) -> c_int;

/// `espeak_VOICE` from speak_lib.h, used to select a voice by language.
#[repr(C)]
struct VoiceSpec {
    name: *const c_char,
    languages: *const c_char,
    identifier: *const c_char,
    gender: u8,
    age: u8,
    variant: u8,
    xx1: u8,
    score: c_int,
    spare: *mut c_void,
}

/// The functions aloud uses, resolved from the loaded library.
struct Api {
    set_voice_by_name: SetVoiceByNameFn,
    set_voice_by_properties: SetVoiceByPropertiesFn,
    set_parameter: SetParameterFn,
    synth: SynthFn,
    /// `espeak_TextToPhonemes`, absent from very old libraries (only the Piper voices need it).
    text_to_phonemes: Option<TextToPhonemesFn>,
    sample_rate: u32,
}

/// What the engine was last set to, so unchanged settings are not sent again.
#[derive(Default)]
struct EngineState {
    voice: Option<String>,
    rate: Option<c_int>,
    pitch: Option<c_int>,
    volume: Option<c_int>,
}

static API: OnceLock<Result<Api, String>> = OnceLock::new();
static ENGINE: Mutex<Option<EngineState>> = Mutex::new(None);

/// `espeak_EVENT` from speak_lib.h: what the library reports with each batch of samples.
#[repr(C)]
struct Event {
    kind: c_int,
    unique_identifier: c_uint,
    /// For a word: where it starts in the text, in characters, counting from 1.
    text_position: c_int,
    length: c_int,
    /// Milliseconds into the audio of the current `espeak_Synth` call.
    audio_position: c_int,
    sample: c_int,
    user_data: *mut c_void,
    id: EventId,
}

/// The union at the end of `espeak_EVENT`: 8 bytes on every platform (`char string[8]`).
#[repr(C)]
#[derive(Clone, Copy)]
union EventId {
    number: c_int,
    name: *const c_char,
    string: [c_char; 8],
}

// The layout speak_lib.h gives: 6 ints, a pointer, then the 8-byte union, aligned to a pointer.
const _: () = assert!(
    std::mem::size_of::<Event>()
        == if cfg!(target_pointer_width = "64") {
            40
        } else {
            36
        }
);

/// `espeakEVENT_LIST_TERMINATED`: the end of the event list.
const EVENT_END_OF_LIST: c_int = 0;
/// `espeakEVENT_WORD`: a word starts.
const EVENT_WORD: c_int = 1;

/// What the callback gathers during one `espeak_Synth` call on this thread.
#[derive(Default)]
struct Capture {
    samples: Vec<i16>,
    /// Word starts as (milliseconds into the audio, character position from 1).
    words: Vec<(u32, u32)>,
}

thread_local! {
    /// Samples and word events handed to the callback during the current `espeak_Synth` call
    /// on this thread.
    static CAPTURE: RefCell<Capture> = RefCell::new(Capture::default());
}

unsafe extern "C" fn on_samples(wav: *mut c_short, count: c_int, events: *mut c_void) -> c_int {
    let mut words = Vec::new();
    let mut event = events as *const Event;
    // SAFETY: espeak-ng hands a list of events ended by an `espeakEVENT_LIST_TERMINATED` entry
    // (or null), valid for the duration of this call; at most a few thousand per call.
    unsafe {
        for _ in 0..100_000 {
            if event.is_null() || (*event).kind == EVENT_END_OF_LIST {
                break;
            }
            if (*event).kind == EVENT_WORD {
                words.push((
                    (*event).audio_position.max(0) as u32,
                    (*event).text_position.max(0) as u32,
                ));
            }
            event = event.add(1);
        }
    }
    let samples: &[i16] = if wav.is_null() || count <= 0 {
        &[]
    } else {
        // SAFETY: espeak-ng hands `count` valid samples at `wav` for the duration of this call.
        unsafe { std::slice::from_raw_parts(wav, count as usize) }
    };
    let _ = CAPTURE.try_with(|c| {
        if let Ok(mut buf) = c.try_borrow_mut() {
            buf.samples.extend_from_slice(samples);
            buf.words.extend(words);
        }
    });
    0
}

/// Word marks for audio trimmed to `span` of the raw samples at `rate`, from espeak-ng's word
/// events on `text` (milliseconds into the raw audio, character positions counting from 1).
/// Each mark names the word of `text` (split at whitespace) that holds the event's character.
fn word_marks(text: &str, events: &[(u32, u32)], span: (usize, usize), rate: u32) -> Vec<WordMark> {
    let mut starts = Vec::new();
    let mut in_word = false;
    for (i, c) in text.chars().enumerate() {
        if !c.is_whitespace() && !in_word {
            starts.push(i);
        }
        in_word = !c.is_whitespace();
    }
    let mut marks: Vec<WordMark> = Vec::new();
    for &(millis, position) in events {
        let char_index = position.saturating_sub(1) as usize;
        let Some(word) = starts.partition_point(|&s| s <= char_index).checked_sub(1) else {
            continue;
        };
        let raw = (millis as u64 * rate as u64 / 1000) as usize;
        if raw >= span.1 {
            continue;
        }
        let sample = raw.saturating_sub(span.0);
        // One mark per word, in order (a word espeak-ng splits, like a number, reports twice).
        if marks.last().is_some_and(|m| m.word >= word) {
            continue;
        }
        marks.push(WordMark { sample, word });
    }
    marks
}

fn missing_library(detail: &str) -> String {
    format!(
        "the built-in voice needs libespeak-ng ({detail}): install it with `apt-get install libespeak-ng1`"
    )
}

fn dl_error() -> String {
    // SAFETY: dlerror returns a thread-local C string or null.
    let p = unsafe { libc::dlerror() };
    if p.is_null() {
        "unknown error".to_string()
    } else {
        // SAFETY: non-null pointers from dlerror are valid NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// Looks `name` up in `handle`.
fn symbol(handle: *mut c_void, name: &str) -> Result<*mut c_void, String> {
    let cname = CString::new(name).map_err(|_| missing_library("bad symbol name"))?;
    // SAFETY: handle comes from a successful dlopen; cname is NUL-terminated.
    let p = unsafe { libc::dlsym(handle, cname.as_ptr()) };
    if p.is_null() {
        Err(missing_library(&format!(
            "the loaded library has no {name}: {}",
            dl_error()
        )))
    } else {
        Ok(p)
    }
}

fn load() -> Result<Api, String> {
    let lib = std::env::var("ALOUD_ESPEAK_LIBRARY").unwrap_or_else(|_| LIBRARY.to_string());
    let cname = CString::new(lib.clone()).map_err(|_| missing_library("bad library name"))?;
    // SAFETY: dlopen with a valid C string; the handle is never closed (the library stays loaded
    // for the life of the process, as its global state requires).
    let handle = unsafe { libc::dlopen(cname.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        return Err(missing_library(&format!("cannot load {lib}")));
    }
    // SAFETY: the symbols have these C signatures in libespeak-ng 1.51 (speak_lib.h).
    unsafe {
        let initialize: InitializeFn =
            std::mem::transmute::<*mut c_void, InitializeFn>(symbol(handle, "espeak_Initialize")?);
        let set_callback: SetSynthCallbackFn = std::mem::transmute::<*mut c_void, SetSynthCallbackFn>(
            symbol(handle, "espeak_SetSynthCallback")?,
        );
        let api = Api {
            set_voice_by_name: std::mem::transmute::<*mut c_void, SetVoiceByNameFn>(symbol(
                handle,
                "espeak_SetVoiceByName",
            )?),
            set_voice_by_properties: std::mem::transmute::<*mut c_void, SetVoiceByPropertiesFn>(
                symbol(handle, "espeak_SetVoiceByProperties")?,
            ),
            set_parameter: std::mem::transmute::<*mut c_void, SetParameterFn>(symbol(
                handle,
                "espeak_SetParameter",
            )?),
            synth: std::mem::transmute::<*mut c_void, SynthFn>(symbol(handle, "espeak_Synth")?),
            text_to_phonemes: symbol(handle, "espeak_TextToPhonemes")
                .ok()
                .map(|p| std::mem::transmute::<*mut c_void, TextToPhonemesFn>(p)),
            sample_rate: 0,
        };
        let rate = initialize(
            AUDIO_OUTPUT_SYNCHRONOUS,
            500,
            std::ptr::null(),
            INITIALIZE_DONT_EXIT,
        );
        if rate <= 0 {
            return Err(format!(
                "espeak-ng could not start (its data may be missing): install `espeak-ng-data` \
                 or set ESPEAK_DATA_PATH (code {rate})"
            ));
        }
        set_callback(Some(on_samples));
        Ok(Api {
            sample_rate: rate as u32,
            ..api
        })
    }
}

/// The loaded library, loading it on first use.
fn api() -> Result<&'static Api, SynthError> {
    API.get_or_init(load)
        .as_ref()
        .map_err(|e| SynthError::Unavailable(e.clone()))
}

/// Whether libespeak-ng can be loaded here; `Err` carries the message saying what to install.
pub fn check_library() -> Result<(), String> {
    api().map(|_| ()).map_err(|e| e.to_string())
}

/// The built-in espeak-ng voice. Cheap to create; every instance shares the one engine.
#[derive(Debug, Clone)]
pub struct EspeakSynth {
    voice: String,
}

impl EspeakSynth {
    /// A synthesizer speaking with espeak-ng's voice `voice` (`en-us`, `en-gb`, `de`, ...).
    /// Fails when the library cannot be loaded or has no such voice.
    pub fn new(voice: &str) -> Result<EspeakSynth, SynthError> {
        let synth = EspeakSynth {
            voice: voice.to_string(),
        };
        let api = api()?;
        let mut guard = lock_engine();
        synth.select_voice(api, guard.get_or_insert_with(EngineState::default))?;
        Ok(synth)
    }

    /// The espeak-ng voice name.
    pub fn voice(&self) -> &str {
        &self.voice
    }

    fn select_voice(&self, api: &Api, state: &mut EngineState) -> Result<(), SynthError> {
        select_voice(api, state, &self.voice)
    }
}

/// Makes `voice` espeak-ng's current voice unless it already is. The engine lock must be held.
fn select_voice(api: &Api, state: &mut EngineState, voice: &str) -> Result<(), SynthError> {
    if state.voice.as_deref() == Some(voice) {
        return Ok(());
    }
    let name = CString::new(voice).map_err(|_| unknown_voice(voice))?;
    // SAFETY: the engine lock is held; name is NUL-terminated.
    let mut rc = unsafe { (api.set_voice_by_name)(name.as_ptr()) };
    if rc != EE_OK {
        // Not a voice file or name: take it as a language ("en-gb"), as espeak-ng's CLI does.
        let mut spec = VoiceSpec {
            name: std::ptr::null(),
            languages: name.as_ptr(),
            identifier: std::ptr::null(),
            gender: 0,
            age: 0,
            variant: 0,
            xx1: 0,
            score: 0,
            spare: std::ptr::null_mut(),
        };
        // SAFETY: as above; spec lives across the call.
        rc = unsafe { (api.set_voice_by_properties)(&mut spec) };
    }
    if rc != EE_OK {
        return Err(unknown_voice(voice));
    }
    state.voice = Some(voice.to_string());
    // A voice change resets espeak's parameters.
    state.rate = None;
    state.pitch = None;
    state.volume = None;
    Ok(())
}

fn unknown_voice(name: &str) -> SynthError {
    SynthError::Unavailable(format!(
        "espeak-ng has no voice {name:?} (or its data is missing): see `espeak-ng --voices` for the names"
    ))
}

fn lock_engine() -> std::sync::MutexGuard<'static, Option<EngineState>> {
    // A panic while holding the lock leaves nothing half-done that matters: recover the guard.
    ENGINE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn set_param(api: &Api, slot: &mut Option<c_int>, param: c_int, value: c_int) {
    if *slot != Some(value) {
        // SAFETY: the engine lock is held by the caller.
        unsafe { (api.set_parameter)(param, value, 0) };
        *slot = Some(value);
    }
}

/// Index range of `samples` above a small threshold, widened by a little margin, or `None` for
/// silence.
fn speech_span(samples: &[i16], rate: u32) -> Option<(usize, usize)> {
    const THRESHOLD: i16 = 200;
    let first = samples
        .iter()
        .position(|s| s.unsigned_abs() > THRESHOLD as u16)?;
    let last = samples
        .iter()
        .rposition(|s| s.unsigned_abs() > THRESHOLD as u16)?;
    let lead = rate as usize * 5 / 1000;
    let tail = rate as usize * 20 / 1000;
    Some((
        first.saturating_sub(lead),
        (last + 1 + tail).min(samples.len()),
    ))
}

/// The seed of espeak-ng's noise generator at the start of every utterance.
const NOISE_SEED: std::ffi::c_uint = 0x616c_6f75;

impl Synthesizer for EspeakSynth {
    fn synthesize(&mut self, spoken: &str, settings: &VoiceSettings) -> Result<Audio, SynthError> {
        let api = api()?;
        if spoken.trim().is_empty() {
            return Ok(Audio {
                sample_rate: api.sample_rate,
                samples: Vec::new(),
                words: Vec::new(),
            });
        }
        let text: String = spoken.chars().filter(|c| *c != '\0').collect();
        let ctext = CString::new(text).map_err(|_| SynthError::Utterance {
            text: spoken.chars().take(40).collect(),
            reason: "the text contains a NUL byte".into(),
        })?;
        let mut guard = lock_engine();
        let state = guard.get_or_insert_with(EngineState::default);
        self.select_voice(api, state)?;
        set_param(
            api,
            &mut state.rate,
            PARAM_RATE,
            settings.rate_wpm.clamp(80, 450) as c_int,
        );
        set_param(
            api,
            &mut state.pitch,
            PARAM_PITCH,
            settings.pitch.min(100) as c_int,
        );
        set_param(
            api,
            &mut state.volume,
            PARAM_VOLUME,
            (settings.volume.clamp(0.0, 2.0) * 100.0).round() as c_int,
        );
        CAPTURE.with(|c| *c.borrow_mut() = Capture::default());
        // espeak-ng draws the noise of fricatives and breath from the C library's `rand()`,
        // whose sequence is per process: seeded afresh for every utterance, so that the noise
        // does not depend on what the process spoke before (the rest of espeak-ng's carried-over
        // state is left to fresh-state workers, see the module documentation).
        // SAFETY: the engine lock is held; srand only sets the C library's generator state.
        unsafe { libc::srand(NOISE_SEED) };
        let bytes = ctext.as_bytes_with_nul();
        // SAFETY: the engine lock is held; the text is NUL-terminated UTF-8 and outlives the
        // synchronous call; the callback only touches this thread's CAPTURE buffer.
        let rc = unsafe {
            (api.synth)(
                bytes.as_ptr() as *const c_void,
                bytes.len(),
                0,
                POS_CHARACTER,
                0,
                CHARS_UTF8,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        drop(guard);
        let Capture {
            samples: raw,
            words,
        } = CAPTURE.with(|c| std::mem::take(&mut *c.borrow_mut()));
        if rc != EE_OK {
            return Err(SynthError::Utterance {
                text: spoken.chars().take(40).collect(),
                reason: format!("espeak-ng refused the text (code {rc})"),
            });
        }
        let Some((a, b)) = speech_span(&raw, api.sample_rate) else {
            return Ok(Audio::new(api.sample_rate, Vec::new()));
        };
        Ok(Audio {
            sample_rate: api.sample_rate,
            samples: raw[a..b].iter().map(|s| *s as f32 / 32768.0).collect(),
            words: word_marks(
                ctext.to_str().unwrap_or(spoken),
                &words,
                (a, b),
                api.sample_rate,
            ),
        })
    }

    fn sample_rate(&self) -> u32 {
        api().map(|a| a.sample_rate).unwrap_or(ESPEAK_RATE)
    }
}

/// Removes espeak-ng's language-switch marks such as `(en)` or `(fr)` from IPA.
pub fn strip_language_flags(ipa: &str) -> String {
    let mut out = String::with_capacity(ipa.len());
    let mut depth = 0usize;
    for c in ipa.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One clause of speech as espeak-ng's IPA, with the punctuation that ended it in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhonemeClause {
    /// IPA phonemes, words separated by spaces, as `espeak_TextToPhonemes` returns them.
    pub phonemes: String,
    /// The clause punctuation (`. , ? ! : ;`) that ended the clause in the text, if any:
    /// espeak-ng drops it from the phonemes.
    pub terminator: Option<char>,
}

/// The clause punctuation at the end of `chunk`, a clause as consumed by espeak-ng: it reads one
/// character past the clause (the first of the next word), so a last word character after a
/// space is dropped first; then trailing spaces, quotes and closing brackets are skipped. An
/// ellipsis counts as a period.
fn clause_terminator(chunk: &str) -> Option<char> {
    let trimmed = chunk.trim_end();
    let mut rev = trimmed.chars().rev();
    let body = match (rev.next(), rev.next()) {
        (Some(last), Some(before)) if last.is_alphanumeric() && before.is_whitespace() => {
            &trimmed[..trimmed.len() - last.len_utf8()]
        }
        _ => trimmed,
    };
    let last = body
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']')
        })
        .chars()
        .next_back()?;
    match last {
        '.' | ',' | '?' | '!' | ':' | ';' => Some(last),
        '\u{2026}' => Some('.'),
        _ => None,
    }
}

/// `text` as IPA phonemes, one [`PhonemeClause`] per clause, spoken by espeak-ng's voice `voice`
/// (`en-us`). Uses the same library, lock and voice selection as [`EspeakSynth`]; an unknown
/// voice or a missing library is a fatal error, empty text gives no clauses.
pub fn phonemize(voice: &str, text: &str) -> Result<Vec<PhonemeClause>, SynthError> {
    let api = api()?;
    let Some(to_phonemes) = api.text_to_phonemes else {
        return Err(SynthError::Unavailable(missing_library(
            "the loaded library has no espeak_TextToPhonemes: install libespeak-ng 1.49 or later",
        )));
    };
    let clean: String = text.chars().filter(|c| *c != '\0').collect();
    if clean.trim().is_empty() {
        return Ok(Vec::new());
    }
    let ctext = CString::new(clean).map_err(|_| SynthError::Utterance {
        text: text.chars().take(40).collect(),
        reason: "the text contains a NUL byte".into(),
    })?;
    let bytes = ctext.as_bytes();
    let start = ctext.as_ptr() as usize;
    let mut guard = lock_engine();
    let state = guard.get_or_insert_with(EngineState::default);
    select_voice(api, state, voice)?;
    let mut clauses = Vec::new();
    let mut ptr: *const c_void = ctext.as_ptr() as *const c_void;
    let mut consumed = 0usize;
    while !ptr.is_null() {
        // SAFETY: the engine lock is held; `ptr` points into `ctext`, a NUL-terminated UTF-8
        // string that outlives the call; espeak-ng advances it past the clause (or sets it to
        // NULL at the end) and returns a NUL-terminated string it owns until the next call, which
        // is copied at once.
        let out = unsafe { to_phonemes(&mut ptr, CHARS_UTF8 as c_int, PHONEMES_IPA) };
        let phonemes = if out.is_null() {
            String::new()
        } else {
            // SAFETY: non-null results are NUL-terminated strings owned by espeak-ng.
            unsafe { CStr::from_ptr(out) }
                .to_string_lossy()
                .into_owned()
        };
        let end = if ptr.is_null() {
            bytes.len()
        } else {
            (ptr as usize).saturating_sub(start).min(bytes.len())
        };
        let chunk = String::from_utf8_lossy(&bytes[consumed.min(end)..end]);
        let advanced = end > consumed;
        consumed = end;
        let phonemes = phonemes.trim().to_string();
        let terminator = clause_terminator(&chunk);
        if !phonemes.is_empty() || terminator.is_some() {
            clauses.push(PhonemeClause {
                phonemes,
                terminator,
            });
        }
        if !advanced && !ptr.is_null() {
            // espeak-ng made no progress: stop rather than loop forever.
            break;
        }
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_span_drops_silence_at_both_ends() {
        let mut s = vec![0i16; 1000];
        s.extend(std::iter::repeat_n(5000i16, 100));
        s.extend(vec![0i16; 2000]);
        let (a, b) = speech_span(&s, 22_050).unwrap();
        assert!((1000 - 111..1000).contains(&a));
        assert!(b > 1100 && b <= 1100 + 441);
    }

    #[test]
    fn speech_span_of_silence_is_none() {
        assert_eq!(speech_span(&[0, 10, -10, 0], 22_050), None);
    }

    #[test]
    fn a_sentence_is_spoken_at_a_plausible_length() {
        let mut s = EspeakSynth::new("en-us").unwrap();
        let text = "The quick brown fox jumps over the lazy dog near the river bank.";
        let a = s.synthesize(text, &VoiceSettings::default()).unwrap();
        assert_eq!(a.sample_rate, ESPEAK_RATE);
        let words = text.split_whitespace().count() as f64;
        let per_second = words / a.duration().as_secs_f64();
        assert!((2.0..=4.5).contains(&per_second), "{per_second} words/s");
        assert!(a.rms() > 0.02, "rms {}", a.rms());
        // Trimmed: speech starts within a few milliseconds.
        let head = &a.samples[..(ESPEAK_RATE as usize / 50)];
        assert!(head.iter().any(|s| s.abs() > 0.006));
    }

    #[test]
    fn every_word_is_marked_in_order_where_its_sound_starts() {
        let mut s = EspeakSynth::new("en-us").unwrap();
        let text = "Seven   big ships sailed into the harbour slowly.";
        let a = s.synthesize(text, &VoiceSettings::default()).unwrap();
        let words: Vec<usize> = a.words.iter().map(|m| m.word).collect();
        assert_eq!(words, (0..8).collect::<Vec<_>>());
        assert!(a.words.windows(2).all(|w| w[0].sample < w[1].sample));
        assert!(
            a.words[0].sample < ESPEAK_RATE as usize / 10,
            "{:?}",
            a.words[0]
        );
        // The last word starts in the last third of the audio, and before its end.
        let last = a.words[7].sample;
        assert!(
            last > a.samples.len() * 2 / 3 && last < a.samples.len(),
            "{last}"
        );
        // Silence between two words: a word's mark comes after the quiet before it.
        let b = s
            .synthesize("Stop. Go.", &VoiceSettings::default())
            .unwrap();
        assert_eq!(b.words.len(), 2);
        let gap = &b.samples
            [b.words[1].sample.saturating_sub(ESPEAK_RATE as usize / 20)..b.words[1].sample];
        assert!(
            gap.iter().all(|x| x.abs() < 0.05),
            "quiet before the second word"
        );
    }

    #[test]
    fn word_marks_follow_the_trim_and_skip_repeats() {
        // 1 kHz: a millisecond is a sample. The audio kept is samples 100..900.
        let events = [(150, 1), (300, 6), (320, 6), (500, 12), (950, 12)];
        let marks = word_marks("Cost 41.5 million", &events, (100, 900), 1000);
        assert_eq!(
            marks,
            vec![
                WordMark {
                    sample: 50,
                    word: 0
                },
                WordMark {
                    sample: 200,
                    word: 1
                },
                WordMark {
                    sample: 400,
                    word: 2
                },
            ]
        );
    }

    #[test]
    fn a_faster_rate_gives_shorter_audio() {
        let mut s = EspeakSynth::new("en-gb").unwrap();
        let text = "Speaking faster makes the same sentence shorter.";
        let slow = s
            .synthesize(
                text,
                &VoiceSettings {
                    rate_wpm: 130,
                    ..VoiceSettings::default()
                },
            )
            .unwrap();
        let fast = s
            .synthesize(
                text,
                &VoiceSettings {
                    rate_wpm: 260,
                    ..VoiceSettings::default()
                },
            )
            .unwrap();
        assert!(fast.samples.len() * 3 < slow.samples.len() * 2);
    }

    #[test]
    fn unknown_espeak_voice_is_a_fatal_error_naming_the_voice() {
        let err = EspeakSynth::new("xx-no-such-voice").unwrap_err();
        assert!(err.is_fatal());
        assert!(err.to_string().contains("xx-no-such-voice"));
    }

    #[test]
    fn phonemize_gives_ipa_per_clause_with_its_punctuation() {
        let clauses = phonemize("en-us", "Hello there, my friend. Is it you?").unwrap();
        let terms: Vec<Option<char>> = clauses.iter().map(|c| c.terminator).collect();
        assert_eq!(terms, [Some(','), Some('.'), Some('?')], "{clauses:?}");
        assert!(clauses[0].phonemes.contains('ð'), "{clauses:?}");
        assert!(clauses
            .iter()
            .all(|c| !c.phonemes.contains([',', '.', '?'])));
    }

    #[test]
    fn phonemize_of_blank_text_is_empty() {
        assert!(phonemize("en-us", "  \n ").unwrap().is_empty());
    }

    #[test]
    fn clause_terminator_looks_past_quotes_and_spaces() {
        assert_eq!(clause_terminator("He said \"stop!\"  "), Some('!'));
        assert_eq!(clause_terminator("and then\u{2026} "), Some('.'));
        assert_eq!(clause_terminator("no punctuation "), None);
        // espeak-ng's one character of look-ahead into the next clause.
        assert_eq!(clause_terminator("Hello there, m"), Some(','));
        assert_eq!(clause_terminator("the U.S. troops"), None);
    }
}
