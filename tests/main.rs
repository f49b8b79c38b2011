//! One integration-test binary; each module is one topic. Tests run the real `aloud` binary with
//! temporary XDG directories (see `util`).

// Shared helpers: the binary under test and temporary homes.
mod util;

// `aloud outline` on the example article and the bad-input messages.
mod outline;

// `aloud voices` and `aloud say`: catalog, user voices, command voices, the built-in voice.
mod voices;

// `aloud export`: the example article as a WAV, pauses, parallel workers, no broken files.
mod export;

// Piper neural voices: the real voice from .piper/, bad input, install/remove over local HTTP.
mod piper;
