//! jixiao (绩效): reads every 部门整体支出绩效自评表 of a district, recomputes and
//! checks them, and writes the consolidated summary workbook.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! collect (files, Format) → read (Form) / report (Report) → compute (Department)
//!     → check (Finding) → store (encoded, Summary) → batch (duplicates, pairing,
//!     year, rank, district, follow-up) → write (xlsx, json, csv, forms)
//! ```
//!
//! The layers, lowest first. A module imports only modules of a lower layer, with
//! one exception: the leaves of layer 0 are in order too, and a leaf may import only
//! the leaves listed before it in its row (`limits` imports `plain`). Every
//! top-level module of the library is listed exactly once; the binary's `main.rs`,
//! `cli.rs` and `cmd/` stand above them all. `tests/layers.rs` reads this table and
//! fails on a module missing from it, on a `crate::` path (doc links included,
//! test code aside) to a higher layer or sideways, and on a circle:
//!
//! | layer | modules | what |
//! |---|---|---|
//! | 0 | [`num`] [`clock`] [`plain`] [`text`] [`limits`] [`guard`] | leaves: numbers, time, plain Chinese errors, text normalisation, resource limits, library panics |
//! | 1 | [`model`] | plain data: form, review, finding, place, report, summary |
//! | 2 | [`scheme`] | the indicator scheme, from `templates/` |
//! | 3 | [`collect`] | the input files, each with its [`collect::Format`] |
//! | 4 | [`read`] | a spreadsheet's bytes → [`model::Form`] |
//! | 5 | [`report`] | a report's bytes → paragraphs, claims, slips |
//! | 6 | [`compute`] | a form → its [`model::Review`] |
//! | 7 | [`check`] | the review rules of one department, one pair |
//! | 8 | [`store`] | departments encoded, spilled to disk |
//! | 9 | [`batch`] | everything that needs every file |
//! | 10 | [`write`] | workbook, JSON, CSV, converted forms, template |
//!
//! Each file goes through read, compute, check and store in a worker thread
//! ([`batch::file`]), in a process of its own ([`batch::worker`]); the batch then holds only encoded departments and their
//! summaries, which the writers decode a run at a time. [`run`](fn@run) does the whole
//! batch; the binary only parses the command line.
//!
//! [`write`]: mod@write

pub mod batch;
pub mod check;
pub mod clock;
pub mod collect;
pub mod compute;
pub mod guard;
pub mod limits;
pub mod model;
pub mod num;
pub mod plain;
pub mod read;
pub mod report;
pub mod scheme;
pub mod store;
pub mod text;
pub mod write;

pub use batch::{inputs, run, Batch, BatchError, Options, Progress};
