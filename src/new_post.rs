//! `blogen new`: creates a post (work in progress).
