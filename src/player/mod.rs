//! player (in progress).
