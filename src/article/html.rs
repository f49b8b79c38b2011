//! html reader (in progress).
