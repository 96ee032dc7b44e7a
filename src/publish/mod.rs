//! The publish stage: the files made from the whole site once its pages are known, for
//! readers outside it: the feeds (`feeds`), `sitemap.xml` (`sitemap`) and the search index
//! (`search`). Each is a pure function of the run's data to (path, bytes); writing is output's.

pub mod feeds;
pub mod redirects;
pub mod search;
pub mod sitemap;
