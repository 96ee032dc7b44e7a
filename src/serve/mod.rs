//! `blogen serve`: the live preview (work in progress).
