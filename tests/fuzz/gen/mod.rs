//! Mutants of jixiao's own files, deterministic for a seed.
//!
//! Two kinds of family:
//!
//! - **damage** to a seed file (`samples/*.{xlsx,docx,pdf}` and every fixture under
//!   `tests/fixtures/` in a format jixiao reads): bytes flipped, truncated or
//!   overwritten; a zip part's XML broken, its numbers made absurd, or the part
//!   replaced by another file's part of the same role; PDF syntax spliced in
//!   ([`damage`]);
//! - **hostile** files built directly, one family per attack of issue #24: PDF
//!   nesting, stacked filters, CMaps and xref streams ([`pdf`]); an `.xls` whose
//!   sector chain loops, an `.xlsx` shared-string count, ODS and HTML expansion
//!   ([`sheets`]); a report of repeated paragraphs and zips of many entries
//!   ([`office`]). Each has a few cases, the strongest being the issue's own
//!   reproducer.
//!
//! Every mutant is small (a few KB, at most about 2 MB): the attacks are in what
//! the bytes claim, not in their size.

#![allow(dead_code)]

pub mod container;
pub mod damage;
pub mod deflate;
pub mod office;
pub mod pdf;
pub mod sheets;

use std::path::Path;

/// The largest seed file used, and the largest mutant written.
pub const MAX_BYTES: usize = 2 << 20;

/// A file mutants are made from.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Its path under the repository, `/`-separated (`samples/000.xlsx`).
    pub path: String,
    /// Its extension, lowercase (`xlsx`).
    pub ext: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The names of its parts, when it is a zip whose parts can all be read back
    /// ([`damage::unzip`]).
    pub parts: Option<Vec<String>>,
}

impl Seed {
    /// The file name without the extension.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(s, _)| s)
    }

    /// Whether the file is a zip container (xlsx, xlsb, ods, docx) whose parts
    /// can be read back.
    pub fn is_zip(&self) -> bool {
        self.parts.is_some()
    }

    /// Whether it is a zip with this part.
    pub fn has_part(&self, name: &str) -> bool {
        self.parts
            .as_ref()
            .is_some_and(|p| p.iter().any(|n| n == name))
    }
}

/// One mutant: a file name (unique within a set) and its bytes.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The file name: `{index}-{family}-{case}-{seed stem}.{ext}`.
    pub name: String,
    /// The family that made it.
    pub family: Family,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The extensions of seed files: the formats jixiao reads.
const SEED_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "docx", "pdf"];

/// Every seed file under `root`: the samples' forms and reports, and every
/// fixture in a format jixiao reads, sorted by path; files over [`MAX_BYTES`] are
/// left out.
pub fn seeds(root: &Path) -> Vec<Seed> {
    let mut paths = Vec::new();
    walk(&root.join("samples"), &mut paths);
    walk(&root.join("tests/fixtures"), &mut paths);
    let mut out: Vec<Seed> = paths
        .into_iter()
        .filter_map(|p| {
            let ext = p.extension()?.to_string_lossy().to_lowercase();
            if !SEED_EXTENSIONS.contains(&ext.as_str()) {
                return None;
            }
            let bytes = std::fs::read(&p).ok()?;
            if bytes.len() > MAX_BYTES {
                return None;
            }
            let path = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            let parts = damage::unzip(&bytes).map(|p| p.into_iter().map(|(n, _)| n).collect());
            Some(Seed {
                path,
                ext,
                bytes,
                parts,
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The families of mutants. The damage families apply to any seed; the hostile
/// ones build their file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// A few bytes xor-ed.
    Flip,
    /// Cut short.
    Truncate,
    /// A span overwritten with random bytes.
    Splat,
    /// One part of a zip container damaged: a span dropped or doubled, a token
    /// inserted, a number made absurd.
    ZipPart,
    /// One part of a zip container replaced by the same part of another seed, a part
    /// dropped, or the parts shuffled.
    ZipSplice,
    /// PDF syntax (brackets, dictionaries, stream keywords) spliced into a PDF.
    PdfSyntax,
    /// A ToUnicode CMap with literal strings nested deep.
    PdfCmapNest,
    /// A Type1 font program (`/Length1`) with arrays nested deep.
    PdfFontNest,
    /// Arrays, dictionaries or strings nested deep in a page's content.
    PdfContentNest,
    /// Content under several `/FlateDecode` filters, inflating to gigabytes.
    PdfFilterStack,
    /// A flate bomb disguised as a font, an image or an xref stream.
    PdfDisguised,
    /// A PNG predictor with an absurd `/Columns`.
    PdfPredictor,
    /// An xref stream with absurd `/W`, `/Index` or `/Size`.
    PdfXref,
    /// Hundreds of content streams, each just under a megabyte inflated.
    PdfManyStreams,
    /// A ToUnicode CMap whose bfranges cover billions of codes.
    PdfBfrange,
    /// A single flate bomb as a page's content.
    PdfBomb,
    /// An `.xls` whose OLE sector chain loops.
    XlsChain,
    /// An `.xlsx` whose shared-string table claims billions of strings.
    XlsxSst,
    /// An ODS whose `text:s` or repeat counts expand to gigabytes.
    OdsExpand,
    /// An HTML table saved as `.xls`, nested thousands deep or spanning millions
    /// of cells.
    HtmlNest,
    /// A report of tens of thousands of identical paragraphs.
    DocxRepeat,
    /// A `.zip` of more entries than the limit, or of zips of many entries.
    ZipMany,
}

impl Family {
    /// Every family, damage first.
    pub const ALL: [Family; 22] = [
        Family::Flip,
        Family::Truncate,
        Family::Splat,
        Family::ZipPart,
        Family::ZipSplice,
        Family::PdfSyntax,
        Family::PdfCmapNest,
        Family::PdfFontNest,
        Family::PdfContentNest,
        Family::PdfFilterStack,
        Family::PdfDisguised,
        Family::PdfPredictor,
        Family::PdfXref,
        Family::PdfManyStreams,
        Family::PdfBfrange,
        Family::PdfBomb,
        Family::XlsChain,
        Family::XlsxSst,
        Family::OdsExpand,
        Family::HtmlNest,
        Family::DocxRepeat,
        Family::ZipMany,
    ];

    /// Its name in mutant file names.
    pub fn name(self) -> &'static str {
        match self {
            Family::Flip => "flip",
            Family::Truncate => "truncate",
            Family::Splat => "splat",
            Family::ZipPart => "zip-part",
            Family::ZipSplice => "zip-splice",
            Family::PdfSyntax => "pdf-syntax",
            Family::PdfCmapNest => "pdf-cmap-nest",
            Family::PdfFontNest => "pdf-font-nest",
            Family::PdfContentNest => "pdf-content-nest",
            Family::PdfFilterStack => "pdf-filter-stack",
            Family::PdfDisguised => "pdf-disguised",
            Family::PdfPredictor => "pdf-predictor",
            Family::PdfXref => "pdf-xref",
            Family::PdfManyStreams => "pdf-many-streams",
            Family::PdfBfrange => "pdf-bfrange",
            Family::PdfBomb => "pdf-bomb",
            Family::XlsChain => "xls-chain",
            Family::XlsxSst => "xlsx-sst",
            Family::OdsExpand => "ods-expand",
            Family::HtmlNest => "html-nest",
            Family::DocxRepeat => "docx-repeat",
            Family::ZipMany => "zip-many",
        }
    }

    /// Whether the family builds hostile files (else it damages seeds).
    pub fn is_hostile(self) -> bool {
        !matches!(
            self,
            Family::Flip
                | Family::Truncate
                | Family::Splat
                | Family::ZipPart
                | Family::ZipSplice
                | Family::PdfSyntax
        )
    }

    /// The number of cases of a hostile family (its last case is the strongest);
    /// 1 for a damage family.
    pub fn cases(self) -> usize {
        match self {
            Family::PdfCmapNest => pdf::CMAP_NEST.len(),
            Family::PdfFontNest => pdf::FONT_NEST.len(),
            Family::PdfContentNest => pdf::CONTENT_NEST.len(),
            Family::PdfFilterStack => pdf::FILTER_STACK.len(),
            Family::PdfDisguised => pdf::DISGUISES.len(),
            Family::PdfPredictor => pdf::COLUMNS.len(),
            Family::PdfXref => pdf::XREFS.len(),
            Family::PdfManyStreams => pdf::MANY_STREAMS.len(),
            Family::PdfBfrange => pdf::BFRANGES.len(),
            Family::PdfBomb => pdf::BOMBS.len(),
            Family::XlsChain => sheets::XLS_CHAINS.len(),
            Family::XlsxSst => sheets::SST_COUNTS.len(),
            Family::OdsExpand => sheets::ODS_CASES.len(),
            Family::HtmlNest => sheets::HTML_CASES.len(),
            Family::DocxRepeat => office::PARAGRAPHS.len(),
            Family::ZipMany => office::ZIP_CASES.len(),
            _ => 1,
        }
    }
}

/// Makes one mutant of `family` (case `case` of a hostile family), its bytes and
/// extension and the seed it came from ("built" for a file built from nothing).
/// `None` when no seed suits the family.
pub fn make(
    family: Family,
    case: usize,
    seeds: &[Seed],
    rng: &mut fastrand::Rng,
) -> Option<(Vec<u8>, String, String)> {
    let pick = |rng: &mut fastrand::Rng, ok: &dyn Fn(&Seed) -> bool| -> Option<Seed> {
        let suitable: Vec<&Seed> = seeds.iter().filter(|s| ok(s)).collect();
        (!suitable.is_empty()).then(|| suitable[rng.usize(0..suitable.len())].clone())
    };
    let built = |bytes: Vec<u8>, ext: &str| Some((bytes, ext.to_string(), "built".to_string()));
    let from = |bytes: Vec<u8>, seed: &Seed, ext: &str| {
        Some((bytes, ext.to_string(), seed.stem().to_string()))
    };
    match family {
        Family::Flip | Family::Truncate | Family::Splat => {
            let seed = pick(rng, &|_| true)?;
            let bytes = damage::bytes(family, rng, seed.bytes.clone());
            from(bytes, &seed, &seed.ext)
        }
        Family::ZipPart | Family::ZipSplice => {
            let seed = pick(rng, &|s| s.is_zip())?;
            let bytes = if family == Family::ZipPart {
                damage::zip_part(rng, &seed.bytes)
            } else {
                damage::zip_splice(rng, &seed, seeds)
            };
            from(bytes, &seed, &seed.ext)
        }
        Family::PdfSyntax => {
            let seed = pick(rng, &|s| s.ext == "pdf")?;
            from(damage::pdf_syntax(rng, seed.bytes.clone()), &seed, "pdf")
        }
        Family::PdfCmapNest => built(pdf::cmap_nest(case, rng), "pdf"),
        Family::PdfFontNest => built(pdf::font_nest(case, rng), "pdf"),
        Family::PdfContentNest => built(pdf::content_nest(case, rng), "pdf"),
        Family::PdfFilterStack => built(pdf::filter_stack(case, rng), "pdf"),
        Family::PdfDisguised => built(pdf::disguised(case, rng), "pdf"),
        Family::PdfPredictor => built(pdf::predictor(case, rng), "pdf"),
        Family::PdfXref => built(pdf::xref(case, rng), "pdf"),
        Family::PdfManyStreams => built(pdf::many_streams(case, rng), "pdf"),
        Family::PdfBfrange => built(pdf::bfrange(case, rng), "pdf"),
        Family::PdfBomb => built(pdf::bomb(case, rng), "pdf"),
        Family::XlsChain => {
            let seed = pick(rng, &|s| s.ext == "xls" && sheets::is_ole(&s.bytes))?;
            from(sheets::xls_chain(case, rng, &seed.bytes)?, &seed, "xls")
        }
        Family::XlsxSst => {
            let seed = pick(rng, &|s| s.has_part("xl/sharedStrings.xml"))?;
            from(sheets::xlsx_sst(case, rng, &seed.bytes)?, &seed, &seed.ext)
        }
        Family::OdsExpand => {
            // A real form: the repeat bomb fixture has no text to expand.
            let seed = pick(rng, &|s| {
                s.ext == "ods" && s.bytes.len() > 4096 && s.is_zip()
            })?;
            from(sheets::ods_expand(case, rng, &seed.bytes)?, &seed, "ods")
        }
        Family::HtmlNest => built(sheets::html_nest(case, rng), "xls"),
        Family::DocxRepeat => {
            let seed = pick(rng, &|s| s.path.starts_with("samples/") && s.ext == "docx")?;
            from(office::docx_repeat(case, rng, &seed.bytes)?, &seed, "docx")
        }
        Family::ZipMany => built(office::zip_many(case, rng), "zip"),
    }
}

/// Names a mutant.
fn named(index: usize, family: Family, case: usize, made: (Vec<u8>, String, String)) -> Mutant {
    let (bytes, ext, from) = made;
    Mutant {
        name: format!("{index:05}-{}-{case}-{from}.{ext}", family.name()),
        family,
        bytes,
    }
}

/// `count` mutants for `seed`, numbered from `first`: about four in five damage
/// a seed, one in five is hostile (a family and case drawn at random).
pub fn generate(seeds: &[Seed], seed: u64, first: usize, count: usize) -> Vec<Mutant> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let damage: Vec<Family> = Family::ALL
        .into_iter()
        .filter(|f| !f.is_hostile())
        .collect();
    let hostile: Vec<Family> = Family::ALL.into_iter().filter(|f| f.is_hostile()).collect();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let family = if rng.u8(0..5) == 0 {
            hostile[rng.usize(0..hostile.len())]
        } else {
            damage[rng.usize(0..damage.len())]
        };
        let case = rng.usize(0..family.cases());
        if let Some(made) = make(family, case, seeds, &mut rng) {
            out.push(named(first + out.len(), family, case, made));
        }
    }
    out
}

/// The fast set: every case of every hostile family once, then `damaged` damage
/// mutants of the seeds, in turn. Deterministic.
pub fn fast_set(seeds: &[Seed], damaged: usize) -> Vec<Mutant> {
    let mut out = Vec::new();
    for family in Family::ALL.into_iter().filter(|f| f.is_hostile()) {
        for case in 0..family.cases() {
            let mut rng = fastrand::Rng::with_seed(1000 + out.len() as u64);
            if let Some(made) = make(family, case, seeds, &mut rng) {
                out.push(named(out.len(), family, case, made));
            }
        }
    }
    let first = out.len();
    out.extend(generate_damage(seeds, 24, first, damaged));
    out
}

/// `count` damage mutants only.
fn generate_damage(seeds: &[Seed], seed: u64, first: usize, count: usize) -> Vec<Mutant> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let damage: Vec<Family> = Family::ALL
        .into_iter()
        .filter(|f| !f.is_hostile())
        .collect();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let family = damage[rng.usize(0..damage.len())];
        if let Some(made) = make(family, 0, seeds, &mut rng) {
            out.push(named(first + out.len(), family, 0, made));
        }
    }
    out
}

/// Writes mutants into `dir`.
pub fn write(dir: &Path, mutants: &[Mutant]) {
    for m in mutants {
        std::fs::write(dir.join(&m.name), &m.bytes).expect("write a mutant");
    }
}
