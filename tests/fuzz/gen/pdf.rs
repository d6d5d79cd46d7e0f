//! Hostile PDFs, built from nothing: a one-page document with a font and some
//! text, and one attack of issue #24 in it. Each family's cases go from harmless
//! to the reproducer (the last, or the cases named so).

use super::deflate::{zlib, zlib_run};

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// A PDF written object by object, with a correct cross-reference table.
pub struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    /// An empty document.
    pub fn new() -> Pdf {
        Pdf {
            objects: Vec::new(),
        }
    }

    /// Adds an object; its number.
    pub fn add(&mut self, body: &[u8]) -> usize {
        self.objects.push(body.to_vec());
        self.objects.len()
    }

    /// Adds a stream object: `dict` (without `/Length`) and its data.
    pub fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(&body)
    }

    /// Adds a page showing text in `font` with these contents (`5 0 R` or an
    /// array of references), its page tree and catalog; the catalog's number.
    pub fn page(&mut self, font: usize, contents: &str) -> usize {
        let pages = self.objects.len() + 2;
        let page = self.add(
            format!(
                "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] \
                 /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} >>"
            )
            .as_bytes(),
        );
        self.add(format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>").as_bytes());
        self.add(format!("<< /Type /Catalog /Pages {pages} 0 R >>").as_bytes())
    }

    /// The objects, each at its offset.
    fn body(&self) -> (Vec<u8>, Vec<usize>) {
        let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        (out, offsets)
    }

    /// The file, with a cross-reference table and trailer.
    pub fn finish(&self, root: usize) -> Vec<u8> {
        let (mut out, offsets) = self.body();
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                self.objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// The file, with a cross-reference stream (its dictionary's `/W`, `/Index`,
    /// `/Size` as given, its data as given) in place of a table.
    pub fn finish_xref_stream(&self, root: usize, keys: &str, data: &[u8]) -> Vec<u8> {
        let (mut out, _) = self.body();
        let xref = out.len();
        let id = self.objects.len() + 1;
        out.extend(
            format!(
                "{id} 0 obj\n<< /Type /XRef {keys} /Root {root} 0 R /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        out.extend(data);
        out.extend(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
        out
    }
}

impl Default for Pdf {
    fn default() -> Self {
        Pdf::new()
    }
}

/// A standard font, with a ToUnicode CMap when given.
fn helvetica(pdf: &mut Pdf, to_unicode: Option<usize>) -> usize {
    let cmap = to_unicode.map_or(String::new(), |id| format!(" /ToUnicode {id} 0 R"));
    pdf.add(format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica{cmap} >>").as_bytes())
}

const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Fuzz) Tj ET";

/// A document whose one page shows text in `font` with `contents` as its content
/// stream(s).
fn document(mut pdf: Pdf, font: usize, contents: &str) -> Vec<u8> {
    let root = pdf.page(font, contents);
    pdf.finish(root)
}

/// A document with plain text content and this font.
fn with_font(mut pdf: Pdf, font: usize) -> Vec<u8> {
    let content = pdf.stream("/Filter /FlateDecode", &zlib(TEXT));
    document(pdf, font, &format!("{content} 0 R"))
}

/// `open` repeated `depth` times, compressed when it is one byte.
fn nested(open: &[u8], depth: usize) -> (Vec<u8>, &'static str) {
    if open.len() == 1 {
        (zlib_run(open[0], depth as u64), "/Filter /FlateDecode")
    } else {
        (zlib(&open.repeat(depth)), "/Filter /FlateDecode")
    }
}

fn cmap(body: &str) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{body}\n\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
}

/// ToUnicode CMaps nested: the bracket and depth (the issue's: 100,000 `(`).
pub const CMAP_NEST: &[(&str, usize)] = &[
    ("(", 40),
    ("(", 100_000),
    ("[", 100_000),
    ("<<", 100_000),
    ("(", 400_000),
];

/// A ToUnicode CMap whose bfchar holds brackets nested deep.
pub fn cmap_nest(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (open, depth) = CMAP_NEST[case];
    let mut text = cmap("1 beginbfchar\n<0020> ").into_bytes();
    let at =
        text.len() - "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".len();
    let mut payload = open.as_bytes().repeat(depth);
    payload.extend(b"\nendbfchar\n");
    text.splice(at..at, payload);
    let mut pdf = Pdf::new();
    let map = pdf.stream("/Filter /FlateDecode", &zlib(&text));
    let font = helvetica(&mut pdf, Some(map));
    with_font(pdf, font)
}

/// Type1 font programs nested: the bracket and depth (the issue's: 300,000 `[`).
pub const FONT_NEST: &[(u8, usize)] = &[
    (b'[', 40),
    (b'[', 300_000),
    (b'(', 300_000),
    (b'{', 300_000),
];

/// An embedded Type1 font (`/FontFile`, `/Length1`) whose program nests deep.
pub fn font_nest(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (open, depth) = FONT_NEST[case];
    let mut program = b"%!PS-AdobeFont-1.0: Fuzz 001\n/FontName /Fuzz def\n/Encoding ".to_vec();
    program.extend(std::iter::repeat_n(open, depth));
    program.extend(b" readonly def\ncurrentfile eexec\n");
    let mut pdf = Pdf::new();
    let file = pdf.stream(
        &format!(
            "/Filter /FlateDecode /Length1 {} /Length2 0 /Length3 0",
            program.len()
        ),
        &zlib(&program),
    );
    let descriptor = pdf.add(
        format!(
            "<< /Type /FontDescriptor /FontName /ABCDEF+Fuzz /Flags 4 /FontBBox [0 0 1000 1000] \
             /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile {file} 0 R >>"
        )
        .as_bytes(),
    );
    let font = pdf.add(
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Fuzz /FirstChar 32 /LastChar 126 \
             /Widths [{}] /FontDescriptor {descriptor} 0 R >>",
            "500 ".repeat(95)
        )
        .as_bytes(),
    );
    with_font(pdf, font)
}

/// Page contents nested: the bracket and depth, in the content stream.
pub const CONTENT_NEST: &[(&str, usize)] = &[
    ("[", 40),
    ("[", 100_000),
    ("<<", 100_000),
    ("(", 100_000),
    ("{", 100_000),
];

/// A content stream with brackets nested deep before its text.
pub fn content_nest(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (open, depth) = CONTENT_NEST[case];
    let (data, filter) = nested(open.as_bytes(), depth);
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let content = pdf.stream(filter, &data);
    document(pdf, font, &format!("{content} 0 R"))
}

/// Filter stacks: the layers of `/FlateDecode` and the bytes they inflate to (the
/// issue's: three layers, 4 GiB).
pub const FILTER_STACK: &[(usize, u64)] = &[(2, 64 * MIB), (3, 4 * GIB), (4, GIB), (2, 2 * GIB)];

/// `bytes` blanks under `layers` flate filters.
fn stacked(layers: usize, bytes: u64) -> (Vec<u8>, String) {
    let mut data = zlib_run(b' ', bytes);
    for _ in 1..layers {
        data = zlib(&data);
    }
    let filters = "/FlateDecode ".repeat(layers);
    (data, format!("/Filter [{}]", filters.trim_end()))
}

/// Page content under several flate filters.
pub fn filter_stack(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (layers, bytes) = FILTER_STACK[case];
    let (data, filter) = stacked(layers, bytes);
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let content = pdf.stream(&filter, &data);
    document(pdf, font, &format!("{content} 0 R"))
}

/// Disguises for page content: the keys its dictionary carries, and whether it is
/// a bomb (2 GiB of blanks under two layers) or nesting (300,000 `[`).
pub const DISGUISES: &[(&str, bool)] = &[
    ("/Length1 1", true),
    (
        "/Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray",
        true,
    ),
    ("/Type /XRef", true),
    ("/Length1 1", false),
    ("/Subtype /Type1C", false),
    ("/Type /XRef", false),
];

/// Page content whose dictionary makes it look like a font, an image or an xref.
pub fn disguised(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (keys, bomb) = DISGUISES[case];
    let (data, filter) = if bomb {
        stacked(2, 2 * GIB)
    } else {
        (zlib_run(b'[', 300_000), "/Filter /FlateDecode".to_string())
    };
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let content = pdf.stream(&format!("{keys} {filter}"), &data);
    document(pdf, font, &format!("{content} 0 R"))
}

/// PNG predictor widths (the issue's: 3,000,000,000 columns).
pub const COLUMNS: &[u64] = &[1_000, 3_000_000_000, (1 << 31) - 1, (1 << 32) + 1];

/// Page content with a predictor whose rows are `/Columns` bytes wide.
pub fn predictor(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let columns = COLUMNS[case];
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let mut rows = vec![2u8];
    rows.extend(TEXT);
    let content = pdf.stream(
        &format!(
            "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 1 \
             /BitsPerComponent 8 /Columns {columns} >>"
        ),
        &zlib(&rows),
    );
    document(pdf, font, &format!("{content} 0 R"))
}

/// Xref stream dictionaries (the issue's: `/W [0 0 0]`, `/Index [0 2^63]`).
pub const XREFS: &[&str] = &[
    "/W [1 4 2] /Size 6",
    "/W [0 0 0] /Index [0 9223372036854775807] /Size 9223372036854775807",
    "/W [1 4 2] /Index [0 4294967295] /Size 4294967295",
    "/W [8 8 8] /Size 1000000000",
    "/W [4294967295 1 1] /Size 6",
    "/W [1 4 2] /Index [0 1000000000 0 1000000000 0 1000000000] /Size 1000000000",
];

/// A document whose cross-reference is a stream with absurd dimensions.
pub fn xref(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let content = pdf.stream("/Filter /FlateDecode", &zlib(TEXT));
    let root = pdf.page(font, &format!("{content} 0 R"));
    // Entries for the objects as far as a table would have them (offsets wrong):
    // what matters is what the dictionary claims.
    let data: Vec<u8> = (0..6u8).flat_map(|i| [1, 0, 0, 0, i, 0, 0]).collect();
    pdf.finish_xref_stream(root, XREFS[case], &data)
}

/// Many content streams: how many, and whether they hold path operators (else
/// blanks); each inflates to just under 1 MiB (the issue's: 200).
pub const MANY_STREAMS: &[(usize, bool)] = &[(20, true), (200, true), (480, false), (200, false)];

/// A page whose contents are many streams, each small enough to pass a ratio
/// check, together a few hundred megabytes of blanks or of drawing operators.
pub fn many_streams(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (count, operators) = MANY_STREAMS[case];
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let each = (MIB - 4096) as usize;
    let data = if operators {
        let mut ops = b"0 0 m 1 1 l ".repeat(each / 12);
        ops.resize(each, b' ');
        zlib(&ops)
    } else {
        zlib_run(b' ', each as u64)
    };
    let mut refs = Vec::new();
    for i in 0..count {
        let id = if i == 0 {
            pdf.stream("/Filter /FlateDecode", &zlib(TEXT))
        } else {
            pdf.stream("/Filter /FlateDecode", &data)
        };
        refs.push(format!("{id} 0 R"));
    }
    document(pdf, font, &format!("[{}]", refs.join(" ")))
}

/// ToUnicode bfranges: how many, and each one's first and last code (the issue's:
/// one `<00000000> <FFFFFFFF>`; 20,000 full two-byte ranges).
pub const BFRANGES: &[(usize, &str, &str)] = &[
    (100, "0000", "00FF"),
    (1, "00000000", "FFFFFFFF"),
    (20_000, "0000", "FFFF"),
    (2_000, "0000", "FFFF"),
];

/// A font whose ToUnicode CMap maps billions of codes.
pub fn bfrange(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let (count, lo, hi) = BFRANGES[case];
    let ranges = format!("<{lo}> <{hi}> <0000>\n").repeat(count);
    let text = cmap(&format!("{count} beginbfrange\n{ranges}endbfrange"));
    let mut pdf = Pdf::new();
    let map = pdf.stream("/Filter /FlateDecode", &zlib(text.as_bytes()));
    let font = helvetica(&mut pdf, Some(map));
    with_font(pdf, font)
}

/// Flate bombs as page content: bytes inflated.
pub const BOMBS: &[u64] = &[256 * MIB, GIB, 2 * GIB - 1];

/// A page whose content is one stream of blanks inflating to gigabytes.
pub fn bomb(case: usize, _rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = helvetica(&mut pdf, None);
    let content = pdf.stream("/Filter /FlateDecode", &zlib_run(b' ', BOMBS[case]));
    document(pdf, font, &format!("{content} 0 R"))
}
