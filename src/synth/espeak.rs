//! espeak engine (in progress).
