//! One integration-test binary; each module is one topic. Tests run the real `aloud` binary with
//! temporary XDG directories (see `util`).

// Shared helpers: the binary under test and temporary homes.
mod util;

// `aloud outline` on the example article and the bad-input messages.
mod outline;

// Reading articles: text/Markdown structure, stdin, URLs from a local server, encodings, bad input.
mod reading;

// Arbitrary and very large input through the library: no panic, words kept, no stack overflow.
mod reading_scale;
