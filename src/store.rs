//! The batch's departments between the compute stage and the writers, kept encoded.
//!
//! A [`Department`] takes about 17 KB of heap in many small allocations; a
//! province's batch (100,000 forms) held that way needs over 2 GB. Each department is
//! therefore encoded with postcard as soon as it is checked (in the worker thread
//! that read it), about 4.7 KB with its findings, and decoded again, a run at a
//! time, by each writer. The first [`IN_MEMORY`] bytes of encoded departments stay
//! in memory, the rest go to an anonymous temporary file (a [`Spill`]), so that the
//! batch's memory is its [`Summary`]s: what the batch-wide steps need (sorting,
//! duplicates, year, ranking, district totals), kept decoded.
//!
//! Encoding and spilling only: the batch-wide steps work on the summaries
//! ([`Departments::summaries_mut`]), never on the encoded bytes.

use crate::model::*;
use rayon::prelude::*;
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

/// Departments decoded at a time by [`Departments::runs`] (and the batch's findings).
pub const DECODE_CHUNK: usize = 256;

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

/// A checked department encoded in parts, not yet kept: made where the file was
/// read (a worker thread, or a worker process that sends it to the batch).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Encoding {
    figures: Vec<u8>,
    goals: Vec<u8>,
    indicators: Vec<u8>,
    text: Vec<u8>,
    findings: Vec<u8>,
}

impl Encoding {
    /// Encode a checked department, its findings apart from it.
    pub fn of(mut d: Department) -> Encoding {
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
        Encoding {
            figures: encode(&d),
            goals: encode(&goals),
            indicators: encode(&indicators),
            text: encode(&text),
            findings: encode(&findings),
        }
    }
}

/// One department encoded in parts and kept (its [`Summary`] is kept apart,
/// decoded).
pub struct Encoded {
    /// The department without goals, indicator rows, narrative and findings.
    figures: Blob,
    goals: Blob,
    indicators: Blob,
    text: Blob,
    findings: Blob,
}

impl Encoded {
    /// Encode a checked department, its findings apart from it, into `spill`.
    pub fn new(d: Department, spill: &Spill) -> Encoded {
        Encoded::keep(Encoding::of(d), spill)
    }

    /// Keep an encoding in `spill` (memory, then the temporary file).
    pub fn keep(e: Encoding, spill: &Spill) -> Encoded {
        Encoded {
            figures: spill.keep(e.figures),
            goals: spill.keep(e.goals),
            indicators: spill.keep(e.indicators),
            text: spill.keep(e.text),
            findings: spill.keep(e.findings),
        }
    }

    /// The form as read, with the findings of read, compute and check (not the
    /// batch rules'): what a department's content is (DUP-DEPT
    /// compares the submissions of one department by it).
    pub fn content(&self, spill: &Spill) -> (Form, Vec<Finding>) {
        let mut d: Department = decode(&spill.bytes(&self.figures));
        (d.form.goals, d.review.goals) = decode(&spill.bytes(&self.goals));
        (d.form.indicators, d.review.indicators) = decode(&spill.bytes(&self.indicators));
        d.form.text = decode(&spill.bytes(&self.text));
        (d.form, decode(&spill.bytes(&self.findings)))
    }

    /// The department with only `parts` decoded (the lists not asked for are
    /// empty), its rank and finding counts taken from its summary, its findings
    /// left out.
    fn department(&self, spill: &Spill, summary: &Summary, parts: Parts) -> Department {
        let mut d: Department = decode(&spill.bytes(&self.figures));
        if parts.goals {
            (d.form.goals, d.review.goals) = decode(&spill.bytes(&self.goals));
        }
        if parts.indicators {
            (d.form.indicators, d.review.indicators) = decode(&spill.bytes(&self.indicators));
        }
        if parts.text {
            d.form.text = decode(&spill.bytes(&self.text));
        }
        d.review.scores.rank = summary.rank;
        d.finding_counts = summary.finding_counts;
        d
    }

    /// The department's findings, the batch rules' included, by place then rule.
    fn findings(&self, spill: &Spill, summary: &Summary) -> Vec<Finding> {
        let mut out: Vec<Finding> = decode(&spill.bytes(&self.findings));
        out.extend(summary.added.iter().cloned());
        if !summary.closed.is_empty() {
            out.retain(|f| !summary.is_closed(f));
        }
        sort_findings(&mut out);
        out
    }

    /// Bytes of the encoded department and findings, in memory or spilled.
    pub fn size(&self) -> usize {
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

/// A department of the batch: one kept, or one superseded by a newer submission
/// of the same department (kept only for its findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The i-th kept department.
    Kept(usize),
    /// The i-th superseded one.
    Superseded(usize),
}

/// The batch's departments in name order with their summaries, and the ones
/// superseded by a newer submission of the same department.
pub struct Departments {
    summaries: Vec<Summary>,
    encoded: Vec<Encoded>,
    superseded: Vec<(Summary, Encoded)>,
    spill: Arc<Spill>,
}

impl Departments {
    /// Departments (summaries and encodings in the same order) kept in `spill`.
    pub fn new(summaries: Vec<Summary>, encoded: Vec<Encoded>, spill: Arc<Spill>) -> Departments {
        assert_eq!(summaries.len(), encoded.len(), "one summary per department");
        Departments {
            summaries,
            encoded,
            superseded: Vec::new(),
            spill,
        }
    }

    /// Set aside the departments flagged (superseded by a newer submission): they
    /// keep their findings but leave the batch's tables and totals.
    pub fn supersede(&mut self, flags: &[bool]) {
        let summaries = std::mem::take(&mut self.summaries);
        let encoded = std::mem::take(&mut self.encoded);
        for ((s, e), &gone) in summaries.into_iter().zip(encoded).zip(flags) {
            if gone {
                self.superseded.push((s, e));
            } else {
                self.summaries.push(s);
                self.encoded.push(e);
            }
        }
    }

    /// Bytes the batch wrote to its temporary file (0 when all stayed in memory).
    pub fn spilled(&self) -> u64 {
        self.spill.spilled()
    }

    /// Number of departments in the batch.
    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// Whether no form was imported.
    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// The summaries, in name order.
    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }

    /// The summaries, for the batch-wide steps to add findings, ranks and figures.
    pub fn summaries_mut(&mut self) -> &mut [Summary] {
        &mut self.summaries
    }

    /// Every department with findings, kept and superseded, with its summary.
    pub fn all(&self) -> impl Iterator<Item = (Which, &Summary)> {
        let kept = self.summaries.iter().enumerate();
        let superseded = self.superseded.iter().enumerate();
        kept.map(|(i, s)| (Which::Kept(i), s))
            .chain(superseded.map(|(i, (s, _))| (Which::Superseded(i), s)))
    }

    /// The i-th department, decoded whole.
    pub fn department(&self, i: usize) -> Department {
        self.encoded[i].department(&self.spill, &self.summaries[i], Parts::ALL)
    }

    /// A department's findings, the batch rules' included, by place then rule.
    pub fn findings(&self, which: Which) -> Vec<Finding> {
        let (summary, encoded) = match which {
            Which::Kept(i) => (&self.summaries[i], &self.encoded[i]),
            Which::Superseded(i) => (&self.superseded[i].0, &self.superseded[i].1),
        };
        encoded.findings(&self.spill, summary)
    }

    /// Bytes of the encoded departments kept, in memory or spilled.
    pub fn encoded_len(&self) -> usize {
        self.encoded.iter().map(Encoded::size).sum()
    }

    /// Every department decoded, in name order. Decoded in parallel a chunk at a
    /// time: the writer on one thread, the decoding on the others.
    pub fn iter(&self) -> impl Iterator<Item = Department> + '_ {
        self.runs(Parts::ALL, |_, d| d).flatten()
    }

    /// What `f` makes of the departments at the positions `order` (in name
    /// order), in the order given, each with its 0-based place in `order`:
    /// [`Departments::runs`] in another order (汇总表 by rank).
    pub fn runs_in<'a, T: Send + 'a>(
        &'a self,
        order: Vec<usize>,
        parts: Parts,
        f: impl Fn(usize, Department) -> T + Sync + 'a,
    ) -> impl Iterator<Item = Vec<T>> + 'a {
        (0..order.len()).step_by(DECODE_CHUNK).map(move |start| {
            (start..(start + DECODE_CHUNK).min(order.len()))
                .into_par_iter()
                .map(|k| {
                    let i = order[k];
                    let d = self.encoded[i].department(&self.spill, &self.summaries[i], parts);
                    f(k, d)
                })
                .collect()
        })
    }

    /// What `f` makes of each department (with its 0-based place in the batch),
    /// decoded with `parts`, in name order: a run of departments at a time, decoded
    /// and handed to `f` in parallel.
    pub fn runs<'a, T: Send + 'a>(
        &'a self,
        parts: Parts,
        f: impl Fn(usize, Department) -> T + Sync + 'a,
    ) -> impl Iterator<Item = Vec<T>> + 'a {
        let n = self.summaries.len();
        (0..n).step_by(DECODE_CHUNK).map(move |start| {
            (start..(start + DECODE_CHUNK).min(n))
                .into_par_iter()
                .map(|i| {
                    let d = self.encoded[i].department(&self.spill, &self.summaries[i], parts);
                    f(i, d)
                })
                .collect()
        })
    }
}
