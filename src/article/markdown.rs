//! markdown reader (in progress).
