//! Batch stage: everything that needs every file. [`run`](fn@run) reads each input in
//! parallel ([`file`](mod@file): read or report, compute, check, encode), then works on the
//! departments' [`Summary`]s: duplicates ([`dedup`]), pairing reports with forms
//! ([`pairing`]), the batch's year ([`year`]), ranks and district totals
//! ([`rank`]); a follow-up run compares with an earlier one ([`follow_up`]).
//! Each file is read in a worker process ([`worker`], on [`child`]), so that a
//! hostile file takes down only its worker.
//!
//! Each step is one file on one type: "where is DUP-DEPT decided, and on what
//! data?" — [`dedup::duplicates`], on the summaries.

pub mod child;
pub mod decisions;
pub mod dedup;
pub mod file;
pub mod follow_up;
pub mod pairing;
pub mod rank;
pub mod run;
pub mod worker;
pub mod year;

pub use run::{inputs, run};

use crate::model::*;
use crate::scheme::Scheme;
use crate::store::{Departments, Which, DECODE_CHUNK};
use rayon::prelude::*;
use std::path::PathBuf;

/// What a batch run needs.
pub struct Options {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// The batch's year; else the most common year of the forms.
    pub year: Option<i32>,
    /// District name for titles.
    pub district: Option<String>,
    /// The indicator scheme of canonical forms (`--scheme`); forms of another layout
    /// are scored with their layout's scheme.
    pub scheme: Scheme,
    /// The layouts forms are recognised by (the shipped ones, plus `--layouts`).
    pub layouts: crate::read::layout::Layouts,
    /// Read every form with this layout (`--layout ID`) instead of detecting it.
    pub layout: Option<String>,
    /// Tolerances of the review rules.
    pub tolerances: Tolerances,
    /// Resource limits per file.
    pub limits: crate::limits::Limits,
    /// Encoded departments kept in memory before the rest go to a temporary file
    /// ([`crate::store::IN_MEMORY`]; tests set 0 to spill everything).
    pub in_memory: usize,
    /// Read each file in a worker process under time and memory limits
    /// ([`worker`]); `None` reads in this process.
    pub isolation: Option<worker::Isolation>,
    /// The reviewer's decisions of earlier rounds (`--previous`): findings they
    /// close are not raised again ([`decisions`]).
    pub decisions: Vec<Decision>,
}

impl Options {
    /// A batch of these inputs under this scheme, with the defaults of the
    /// command line: year and district from the forms, default tolerances and limits.
    pub fn new(inputs: Vec<PathBuf>, scheme: Scheme) -> Options {
        Options {
            inputs,
            year: None,
            district: None,
            scheme,
            layouts: crate::read::layout::Layouts::builtin(),
            layout: None,
            tolerances: Default::default(),
            limits: Default::default(),
            in_memory: crate::store::IN_MEMORY,
            isolation: None,
            decisions: Vec::new(),
        }
    }

    /// What the reader reads with: the layouts (one forced by `--layout`) and each
    /// layout's scheme, the canonical one being [`Options::scheme`].
    pub fn catalog(&self) -> Result<crate::read::Catalog, BatchError> {
        let mut catalog = crate::read::Catalog::new(self.scheme.clone());
        catalog.layouts = self.layouts.clone();
        if let Some(id) = &self.layout {
            let i = catalog
                .layouts
                .all
                .iter()
                .position(|l| &l.id == id)
                .ok_or_else(|| BatchError::UnknownLayout {
                    given: id.clone(),
                    known: catalog.layouts.ids(),
                })?;
            catalog.forced = Some(i);
        }
        Ok(catalog)
    }
}

/// Called once per input file as it is finished (for a progress bar).
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// Why a batch could not run at all (a bad file never does this).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// An input path is missing or unreadable.
    #[error(transparent)]
    Collect(#[from] crate::collect::CollectError),
    /// `--layout` names no known layout.
    #[error("未知的版式“{given}”，可用的版式：{known}")]
    UnknownLayout {
        /// The id given.
        given: String,
        /// The known ids.
        known: String,
    },
}

/// The result of a whole run.
pub struct Batch {
    /// The batch's year (`--year`, else the most common year of the forms).
    pub year: Option<i32>,
    /// District name (`--district`).
    pub district_name: Option<String>,
    /// Scheme id.
    pub scheme_id: String,
    /// Departments sorted by name, kept encoded with their summaries (see
    /// [`crate::store`]).
    pub departments: Departments,
    /// Findings of the files that gave no department (failed to read), sorted by
    /// file; [`Batch::findings`] gives every finding of the batch.
    pub file_findings: Vec<Finding>,
    /// One record per input file, sorted by path.
    pub files: Vec<FileRecord>,
    /// The reports read, sorted by file.
    pub reports: Vec<Report>,
    /// District totals.
    pub district: District,
    /// Against an earlier run (`--previous`): what was corrected, what is new.
    pub follow_up: Option<follow_up::FollowUp>,
    /// The reviewer's closing decisions in force after this run, for the next
    /// round ([`decisions::carried`]).
    pub decisions: Vec<Decision>,
    /// This review's date as printed (`2026年12月8日`; `--review-date`, else
    /// today), shown in the follow-up of the next round.
    pub review_date: Option<String>,
    /// The scheme of each layout the departments were read with, by layout id: a
    /// form is described (indicator names, points) by the scheme it was scored
    /// with, which for a layout naming its own scheme is not the main one.
    pub schemes: std::collections::BTreeMap<String, Scheme>,
    /// Files read in this process because no worker process could be started
    /// (with [`Options::isolation`]): read without the workers' memory and time
    /// limits. The command says so; 0 when every file was read in a worker or
    /// no isolation was asked for.
    pub unisolated: usize,
}

impl Batch {
    /// The scheme the forms of a layout were scored with: the layout's own when
    /// the batch recorded one, else `main` (the `--scheme` one).
    pub fn scheme_for<'a>(&'a self, layout: &str, main: &'a Scheme) -> &'a Scheme {
        self.schemes.get(layout).unwrap_or(main)
    }

    /// Every finding of the batch, sorted by department, file, place (row, then
    /// column), rule, message: the files that could not be read first (their
    /// department is empty), then each department's in name order.
    pub fn findings(&self) -> impl Iterator<Item = Finding> + '_ {
        #[derive(Clone, Copy)]
        enum Source<'a> {
            File(&'a Finding),
            Department(Which),
        }
        let mut sources: Vec<(&str, &str, Source<'_>)> =
            self.file_findings
                .iter()
                .map(|f| (f.department.as_str(), f.file.as_str(), Source::File(f)))
                .chain(self.departments.all().map(|(which, s)| {
                    (s.name.as_str(), s.file.as_str(), Source::Department(which))
                }))
                .collect();
        // Stable: the file findings are already in order.
        sources.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let chunks: Vec<Vec<Source<'_>>> = sources
            .chunks(DECODE_CHUNK)
            .map(|chunk| chunk.iter().map(|(_, _, s)| *s).collect())
            .collect();
        chunks.into_iter().flat_map(|chunk| {
            chunk
                .par_iter()
                .map(|source| match source {
                    Source::File(f) => vec![(*f).clone()],
                    Source::Department(which) => self.departments.findings(*which),
                })
                .collect::<Vec<_>>()
                .into_iter()
                .flatten()
        })
    }
}
