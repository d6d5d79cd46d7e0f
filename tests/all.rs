//! The integration tests, compiled as one binary: each file beside this one is a
//! module here (`cargo test --test all pages` runs `tests/pages.rs`'s tests).
//!
//! One binary links the library once, where forty did forty times: a clean
//! `cargo test` built 5.6 GB of target/ that way, and CI's linker ran out of
//! disk. `tests/fuzz/` stays a binary of its own (`cargo test --test fuzz`).

mod common;

mod batch;
mod checks;
mod corpus;
mod dedup;
mod families;
mod feedback;
mod files;
mod follow_up;
mod forms;
mod fs_edges;
mod hardening;
mod hostile;
mod hostile_inputs;
mod hostile_pdf;
mod isolation;
mod layers;
mod layouts;
mod mutation;
mod pages;
mod pairing;
mod points;
mod reader;
mod readme;
mod report_shapes;
mod reports;
mod return_forms;
mod review_round;
mod roundtrip;
mod rules;
mod samples;
mod settings;
mod shapes;
mod store;
mod targets;
mod template;
mod two_sheets;
mod workbook;
