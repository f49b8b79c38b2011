//! One integration-test binary; each module is one topic. Tests run the real `aloud` binary with
//! temporary XDG directories (see `util`).

// Shared helpers: the binary under test and temporary homes.
mod util;

// `aloud outline` on the example article and the bad-input messages.
mod outline;

// Segmenter properties (words kept, caps respected, no panic) and the example article.
mod segment;

// Spoken forms: lexicon files (`--lexicon`, the config-dir default), their errors, the example.
mod normalize;

// The player against the in-memory sink: skips, pause, quit, speed, voice errors.
mod player;

// Saved positions: the state file, changed and finished articles, saving during playback.
mod resume;

// `aloud listen`, `resume`, `history`, `forget` through the binary with `--output null`.
mod listen;

// Queues: several articles in order, `aloud queue`, resume per article.
mod queue;

// `aloud listen` of exported audio files: chapters as sections, positions per file.
mod listen_files;

// Real audio through rodio into a virtual PulseAudio device, recorded from its monitor.
mod device;

// The HTML reader on whole pages: article extraction, chrome removal, no panics.
mod html;

// Reading articles: text/Markdown structure, stdin, URLs from a local server, encodings, bad input.
mod reading;

// Articles as small sites write them: bold subheads, furniture, footnotes, sentence boundaries.
mod web_articles;

// Arbitrary and very large input through the library: no panic, words kept, no stack overflow.
mod reading_scale;

// `aloud voices` and `aloud say`: catalog, user voices, command voices, the built-in voice.
mod voices;

// `aloud export`: the example article as a WAV, pauses, parallel workers, no broken files.
mod export;

// `aloud export` of many articles: manifest, reruns, job-array shards, bad input, determinism.
mod batch;

// `aloud export` formats: MP3/Ogg/FLAC/WAV/M4B round trips with chapters, split, subtitles, pipes, cache.
mod formats;

// Piper neural voices: the real voice from .piper/, bad input, install/remove over local HTTP.
mod piper;

// Kokoro voices: reference tokens, the real model from .kokoro/, bad input, install over local HTTP.
mod kokoro;

// The reader view in a pseudo-terminal, read back with a terminal emulator.
mod reader;

// Media keys and desktop controls: MPRIS on a private session bus, driven with playerctl.
mod desktop;

// Files and processes kept safe: devices, pipes, links, modes, leftovers, command-voice limits.
mod reliability;

// System voices (feature system-voice): speech-dispatcher into the virtual PulseAudio device.
#[cfg(feature = "system-voice")]
mod system_voice;
