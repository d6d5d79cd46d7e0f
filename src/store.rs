//! The batch's departments between the compute stage and the writers, kept encoded.
//!
//! A [`Department`] takes about 17 KB of heap in many small allocations; a
//! province's batch (100,000 forms) held that way needs over 2 GB. Each department is
//! therefore encoded with postcard as soon as it is checked (in the worker thread
//! that read it), about 4.7 KB with its findings, and decoded again, a run at a
//! time, by each writer. The first [`IN_MEMORY`] bytes of encoded departments stay
//! in memory, the rest go to an anonymous temporary file (a [`Spill`]), so that the
//! batch's memory is its [`Key`]s: what the batch-wide steps need (sorting,
//! duplicates, year, ranking, district totals), kept decoded.

use crate::model::*;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fs::File;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

/// Encoded bytes kept in memory before a batch spills to its temporary file
/// (about 14,000 departments).
pub const IN_MEMORY: usize = 64 << 20;

/// Where a batch keeps its encoded departments: memory, then a temporary file.
/// Without a usable temporary folder everything stays in memory.
pub struct Spill {
    file: Option<File>,
    in_memory: AtomicUsize,
    end: AtomicU64,
    limit: usize,
}

/// Encoded bytes, in memory or at a place of the spill file.
enum Blob {
    Memory(Box<[u8]>),
    File { offset: u64, len: u32 },
}

impl Spill {
    /// A spill that keeps `limit` bytes in memory (tests use 0).
    pub fn with_limit(limit: usize) -> Arc<Spill> {
        Arc::new(Spill {
            file: tempfile::tempfile().ok(),
            in_memory: AtomicUsize::new(0),
            end: AtomicU64::new(0),
            limit,
        })
    }

    /// Bytes written to the temporary file.
    pub fn spilled(&self) -> u64 {
        self.end.load(Relaxed)
    }

    fn keep(&self, bytes: Vec<u8>) -> Blob {
        let len = bytes.len();
        if let (Some(file), Ok(len32)) = (&self.file, u32::try_from(len)) {
            if self.in_memory.fetch_add(len, Relaxed) >= self.limit {
                self.in_memory.fetch_sub(len, Relaxed);
                // Each blob gets its own range: writers never overlap.
                let offset = self.end.fetch_add(len as u64, Relaxed);
                if write_at(file, &bytes, offset).is_ok() {
                    return Blob::File { offset, len: len32 };
                }
            }
        }
        Blob::Memory(bytes.into_boxed_slice())
    }

    fn bytes<'a>(&self, blob: &'a Blob) -> Cow<'a, [u8]> {
        match blob {
            Blob::Memory(b) => Cow::Borrowed(b),
            Blob::File { offset, len } => {
                let mut buf = vec![0; *len as usize];
                let file = self.file.as_ref().expect("a file blob has its file");
                read_at(file, &mut buf, *offset)
                    .expect("the batch's temporary file reads back what was written to it");
                Cow::Owned(buf)
            }
        }
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Departments decoded at a time by [`Departments::iter`] and [`Batch::findings`].
const DECODE_CHUNK: usize = 256;

/// What the batch-wide steps read of a department, without decoding it.
#[derive(Debug, Clone)]
pub struct Key {
    /// Department name.
    pub name: String,
    /// Input file.
    pub file: String,
    /// The form's sheet.
    pub sheet: String,
    /// The name's cell.
    pub name_at: Option<CellPos>,
    /// The year on the form.
    pub year: Option<Located<i32>>,
    /// 填报日期 as written.
    pub date: Option<String>,
    /// 复核总分 (none when it cannot be computed).
    pub total: Option<Decimal>,
    /// Id of the layout the form was read with.
    pub layout: String,
    /// Amounts implausible for their unit: left out of the district totals.
    pub unit_suspect: bool,
    /// 等级.
    pub grade: Option<Grade>,
    /// 全年预算数 of the 合计 fund row.
    pub budget: Option<Decimal>,
    /// 全年执行数 of the 合计 fund row.
    pub spent: Option<Decimal>,
    /// Rank by 复核总分 (set by [`crate::compute::rank`]; none without a total).
    pub rank: Option<u32>,
    /// Rows of this department in 指标得分 (scored indicators and unmatched rows).
    pub indicator_rows: usize,
    /// Rows of this department in 目标完成.
    pub goal_rows: usize,
    /// Findings per [`Severity`], the batch rules' included.
    pub finding_counts: [usize; 3],
    /// Findings of the batch rules (`DUP-DEPT`, `YEAR-MISMATCH`, the report rules),
    /// raised after the department was encoded.
    pub added: Vec<Finding>,
    /// The figures a report may restate (only when the batch has reports).
    pub figures: Vec<crate::report::pair::Figure>,
}

impl Key {
    /// `自评表!E8` for a cell of this department's sheet.
    pub fn cell_ref(&self, at: CellPos) -> String {
        format!("{}!{}", self.sheet, at.a1())
    }

    /// Add a finding of a batch rule.
    pub fn add(&mut self, finding: Finding) {
        self.finding_counts[finding.severity as usize] += 1;
        self.added.push(finding);
    }
}

/// The parts of a department a writer needs decoded. Decoding is most of what
/// writing a table costs; 汇总表 and 资金明细 need neither the goals, nor the
/// indicator rows, nor the narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// `form.goals` and `review.goals`.
    pub goals: bool,
    /// `form.indicators` and `review.indicators`.
    pub indicators: bool,
    /// `form.text` (the four narrative sections).
    pub text: bool,
}

impl Parts {
    /// Everything.
    pub const ALL: Parts = Parts {
        goals: true,
        indicators: true,
        text: true,
    };
    /// The form's figures and the review's rates and scores only: the goal and
    /// indicator lists and the narrative are left empty.
    pub const FIGURES: Parts = Parts {
        goals: false,
        indicators: false,
        text: false,
    };
    /// The figures and the goals.
    pub const GOALS: Parts = Parts {
        goals: true,
        ..Parts::FIGURES
    };
    /// The figures and the indicator rows.
    pub const INDICATORS: Parts = Parts {
        indicators: true,
        ..Parts::FIGURES
    };
}

/// One department, encoded in parts, with its [`Key`].
pub struct Stored {
    /// What the batch-wide steps need.
    pub key: Key,
    spill: Arc<Spill>,
    /// The department without goals, indicator rows and narrative.
    figures: Blob,
    goals: Blob,
    indicators: Blob,
    text: Blob,
    findings: Blob,
}

impl Stored {
    /// Encode a checked department (its findings apart from it) into `spill`.
    pub fn new(mut d: Department, spill: &Arc<Spill>) -> Stored {
        let findings = std::mem::take(&mut d.findings);
        let goals = (
            std::mem::take(&mut d.form.goals),
            std::mem::take(&mut d.review.goals),
        );
        let indicators = (
            std::mem::take(&mut d.form.indicators),
            std::mem::take(&mut d.review.indicators),
        );
        let text = std::mem::take(&mut d.form.text);
        let mut finding_counts = [0; 3];
        for f in &findings {
            finding_counts[f.severity as usize] += 1;
        }
        let total = d.form.fund(FundKind::Total);
        let key = Key {
            name: d.form.name.clone(),
            file: d.form.file.clone(),
            sheet: d.form.sheet.clone(),
            name_at: d.form.name_at,
            year: d.form.year.clone(),
            date: text_of(&d.form.filler.date).map(str::to_string),
            total: d.review.scores.total,
            layout: d.form.layout.clone(),
            unit_suspect: d.form.unit_suspect,
            grade: d.review.scores.grade,
            budget: value_of(&total.budget),
            spent: value_of(&total.spent),
            rank: None,
            indicator_rows: indicators.1.len() + unscored_count(&indicators.0, &indicators.1),
            goal_rows: goals.0.len().min(goals.1.len()),
            finding_counts,
            added: Vec::new(),
            figures: Vec::new(),
        };
        Stored {
            key,
            figures: spill.keep(encode(&d)),
            goals: spill.keep(encode(&goals)),
            indicators: spill.keep(encode(&indicators)),
            text: spill.keep(encode(&text)),
            findings: spill.keep(encode(&findings)),
            spill: Arc::clone(spill),
        }
    }

    /// The department as the writers see it: its rank and finding counts set, its
    /// findings left out (they are in [`Batch::findings`]).
    pub fn department(&self) -> Department {
        self.department_with(Parts::ALL)
    }

    /// [`Stored::department`] with only `parts` decoded: the lists not asked for
    /// are empty.
    pub fn department_with(&self, parts: Parts) -> Department {
        let mut d: Department = decode(&self.spill.bytes(&self.figures));
        if parts.goals {
            (d.form.goals, d.review.goals) = decode(&self.spill.bytes(&self.goals));
        }
        if parts.indicators {
            (d.form.indicators, d.review.indicators) = decode(&self.spill.bytes(&self.indicators));
        }
        if parts.text {
            d.form.text = decode(&self.spill.bytes(&self.text));
        }
        d.review.scores.rank = self.key.rank;
        d.finding_counts = self.key.finding_counts;
        d
    }

    /// This department's findings, the batch rules' included, by cell then rule.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out: Vec<Finding> = decode(&self.spill.bytes(&self.findings));
        out.extend(self.key.added.iter().cloned());
        crate::sort_findings(&mut out);
        out
    }

    /// Bytes of the encoded department and findings, in memory or spilled.
    pub fn encoded_len(&self) -> usize {
        [
            &self.figures,
            &self.goals,
            &self.indicators,
            &self.text,
            &self.findings,
        ]
        .iter()
        .map(|b| match b {
            Blob::Memory(b) => b.len(),
            Blob::File { len, .. } => *len as usize,
        })
        .sum()
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value)
        .expect("the model encodes: no maps with non-string keys, no unsized sequences")
}

fn decode<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> T {
    postcard::from_bytes(bytes).expect("bytes encoded by this process decode")
}

/// The batch's departments in name order, and the ones superseded by a newer
/// submission of the same department (kept only for their findings).
#[derive(Default)]
pub struct Departments {
    kept: Vec<Stored>,
    superseded: Vec<Stored>,
}

impl Departments {
    /// Kept and superseded departments.
    pub fn new(kept: Vec<Stored>, superseded: Vec<Stored>) -> Departments {
        Departments { kept, superseded }
    }

    /// Bytes the batch wrote to its temporary file (0 when all stayed in memory).
    pub fn spilled(&self) -> u64 {
        self.kept
            .iter()
            .chain(&self.superseded)
            .next()
            .map_or(0, |s| s.spill.spilled())
    }

    /// Number of departments in the batch.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether no form was imported.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The departments, encoded, in name order (for parallel decoding).
    pub fn stored(&self) -> &[Stored] {
        &self.kept
    }

    /// The keys, in name order.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.kept.iter().map(|s| &s.key)
    }

    /// Every department decoded, in name order. Decoded in parallel a chunk at a
    /// time: the writer on one thread, the decoding on the others.
    pub fn iter(&self) -> impl Iterator<Item = Department> + '_ {
        self.runs(Parts::ALL, |_, d| d).flatten()
    }

    /// What `f` makes of each department (with its 0-based place in the batch),
    /// decoded with `parts`, in name order: a run of departments at a time, decoded
    /// and handed to `f` in parallel.
    pub fn runs<'a, T: Send + 'a>(
        &'a self,
        parts: Parts,
        f: impl Fn(usize, Department) -> T + Sync + 'a,
    ) -> impl Iterator<Item = Vec<T>> + 'a {
        self.kept
            .chunks(DECODE_CHUNK)
            .enumerate()
            .map(move |(c, chunk)| {
                chunk
                    .par_iter()
                    .enumerate()
                    .map(|(j, s)| f(c * DECODE_CHUNK + j, s.department_with(parts)))
                    .collect()
            })
    }

    /// Kept and superseded departments (every department with findings).
    pub(crate) fn all(&self) -> impl Iterator<Item = &Stored> {
        self.kept.iter().chain(&self.superseded)
    }
}

impl Batch {
    /// Every finding of the batch, sorted by department, file, cell (row, then
    /// column), rule, message: the files that could not be read first (their
    /// department is empty), then each department's in name order.
    pub fn findings(&self) -> impl Iterator<Item = Finding> + '_ {
        #[derive(Clone, Copy)]
        enum Source<'a> {
            File(&'a Finding),
            Department(&'a Stored),
        }
        let mut sources: Vec<(&str, &str, Source<'_>)> = self
            .file_findings
            .iter()
            .map(|f| (f.department.as_str(), f.file.as_str(), Source::File(f)))
            .chain(self.departments.all().map(|s| {
                (
                    s.key.name.as_str(),
                    s.key.file.as_str(),
                    Source::Department(s),
                )
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
                    Source::Department(s) => s.findings(),
                })
                .collect::<Vec<_>>()
                .into_iter()
                .flatten()
        })
    }
}
