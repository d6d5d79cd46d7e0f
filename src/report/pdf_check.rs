//! A loaded PDF's structure checked before any text is drawn from it: what the
//! flat pre-scan ([`super::pdf_scan`]) cannot know, because it depends on which
//! object refers to which.
//!
//! pdf-extract draws a page by parsing its content streams (joined) and, for each
//! `Do`, the XObject it names, whatever that is (it parses an image's bytes as
//! content too), recursively; for each font the page uses it builds the font's
//! maps: the ToUnicode CMap and a Type0 font's encoding CMap with the CMap reader,
//! a Type1 font's program with the Type1 reader; both readers are recursive and
//! expand every range. So, page by page:
//!
//! - the page tree's parent chains end (a loop never does);
//! - what a page holds in memory at once is estimated and kept within
//!   [`MAX_PAGE_COST`]: the content it parses along any chain of drawing (the
//!   decoded bytes and the values parsed, [`super::pdf_syntax::Reach::cost`]: a
//!   byte of content can take 300 bytes once parsed; two hundred streams of
//!   1 MiB on one page took 7 GB and more), and the fonts it builds (their maps
//!   and their parsed CMaps and programs); what the whole document parses, every
//!   page's fonts and every repeated drawing counted, within [`MAX_COST`];
//! - XObjects drawn inside each other stop within [`MAX_FORM_DEPTH`] (a form or an
//!   image drawing itself would recurse for ever);
//! - the CMaps and font programs of the page's fonts are walked for nesting and
//!   their mappings counted, whatever their own dictionaries say; the maps a page
//!   builds hold at most [`MAX_PAGE_CMAP_CODES`] codes together.
//!
//! Each stream is measured (inflated under the file's budget, as lopdf delimits
//! it) before lopdf is asked to decode it.

use super::pdf_decode::{decoded, Budget, Coding, Parms};
use super::pdf_scan::{cmap_codes, cmap_too_large, too_costly, MAX_CMAP_CODES, MAX_COST};
use super::pdf_syntax::{stream_reach, Reach};
use super::ReportError;
use crate::limits::{mib, Limits};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;

/// XObjects drawn inside each other deeper than this are refused.
pub const MAX_FORM_DEPTH: usize = 12;
/// Page-tree parents further up than this are refused.
const MAX_PARENTS: usize = 64;
/// A report has tens of pages; a file with more is not one.
pub const MAX_PAGES: usize = 1000;
/// The memory the content a page parses along one chain of drawing takes at once
/// (its content streams and the XObjects drawn inside each other), estimated. A
/// page of text comes to about 2 MiB, a dense vector chart to tens of MiB.
pub const MAX_PAGE_COST: u64 = 256 << 20;
/// What a code of a font's map takes in memory: pdf-extract builds a map of
/// byte vectors, then one of strings, both with their hash tables.
const MAP_ENTRY_COST: u64 = 100;
/// Codes the fonts of one page map together: four fonts with whole two-byte
/// ranges, or hundreds of real ones (pdf-extract builds each font of a page anew).
pub const MAX_PAGE_CMAP_CODES: u64 = 1 << 20;

/// What a stream holds for a parser: how far it reads, what it draws, and how many
/// codes its CMap ranges map.
struct Measured {
    reach: Reach,
    codes: u64,
    /// The decoded bytes, held while they are parsed.
    size: u64,
}

impl Measured {
    /// What parsing the stream costs: its decoded bytes and the values parsed.
    fn cost(&self) -> u64 {
        self.size.saturating_add(self.reach.cost)
    }
}

/// What the fonts of a page cost.
#[derive(Default, Clone, Copy)]
struct Font {
    /// The codes their maps hold.
    codes: u64,
    /// Their maps ([`MAP_ENTRY_COST`] a code) and the cost of parsing their CMaps
    /// and programs.
    cost: u64,
}

/// What drawing a page or an XObject costs.
#[derive(Default)]
struct Drawing<'a> {
    /// The cost of the content parsed along the deepest chain of drawing (all held
    /// at once).
    chain: u64,
    /// The cost of all content parsed, every repeated drawing counted.
    total: u64,
    /// How many XObjects deep the drawing goes below this one.
    height: usize,
    /// The resource dictionaries whose fonts the drawing may build.
    resources: Vec<&'a Dictionary>,
}

impl<'a> Drawing<'a> {
    /// `inner` drawn `times` times from content that costs `outer`.
    fn add(&mut self, outer: u64, inner: &Drawing<'a>, times: u64) {
        self.total = self.total.saturating_add(inner.total.saturating_mul(times));
        self.chain = self.chain.max(outer.saturating_add(inner.chain));
        self.height = self.height.max(inner.height + 1);
        for r in &inner.resources {
            self.use_resources(r);
        }
    }

    fn use_resources(&mut self, r: &'a Dictionary) {
        if !self.resources.iter().any(|&known| std::ptr::eq(known, r)) {
            self.resources.push(r);
        }
    }
}

/// The checks' state: the budget and what was measured once.
struct Checker<'a> {
    doc: &'a Document,
    budget: Budget,
    streams: HashMap<ObjectId, std::rc::Rc<Measured>>,
    drawings: HashMap<(ObjectId, usize), std::rc::Rc<Drawing<'a>>>,
    fonts: HashMap<usize, Font>,
}

/// The pages of `doc` (number and id), after the checks.
pub fn pages(doc: &Document, limits: &Limits) -> Result<Vec<(u32, ObjectId)>, ReportError> {
    let numbers: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if numbers.is_empty() {
        return Err(ReportError::Corrupt("PDF 中没有页面".into()));
    }
    if numbers.len() > MAX_PAGES {
        return Err(ReportError::TooLarge(format!(
            "PDF 有 {} 页，超过上限 {MAX_PAGES} 页",
            numbers.len()
        )));
    }
    let mut checker = Checker {
        doc,
        budget: Budget::new(limits),
        streams: HashMap::new(),
        drawings: HashMap::new(),
        fonts: HashMap::new(),
    };
    let mut total = 0u64;
    for &(n, id) in &numbers {
        parents_bounded(doc, id)?;
        let page = doc
            .get_dictionary(id)
            .map_err(|e| ReportError::damaged("PDF 页面", &e))?;
        let mut drawing = checker.page(id, inherited(doc, page, b"Resources"))?;
        // The fonts the page builds are held together: their maps, and the
        // values of their CMaps and programs as parsed.
        let mut fonts = Font::default();
        for resources in std::mem::take(&mut drawing.resources) {
            let more = checker.fonts(resources)?;
            fonts.codes = fonts.codes.saturating_add(more.codes);
            fonts.cost = fonts.cost.saturating_add(more.cost);
        }
        if fonts.codes > MAX_PAGE_CMAP_CODES {
            return Err(ReportError::TooLarge(format!(
                "PDF 第 {n} 页的字体共映射 {} 个字符编码，超过上限 {MAX_PAGE_CMAP_CODES} 个，文件结构异常，已拒绝读取",
                fonts.codes
            )));
        }
        let held = drawing.chain.saturating_add(fonts.cost);
        if held > MAX_PAGE_COST {
            return Err(ReportError::TooLarge(format!(
                "PDF 第 {n} 页的页面内容解析后估计占 {} 内存，超过上限 {}，已拒绝读取",
                mib(held),
                mib(MAX_PAGE_COST)
            )));
        }
        total = total
            .saturating_add(drawing.total)
            .saturating_add(fonts.cost);
        if total > MAX_COST {
            return Err(too_costly());
        }
    }
    Ok(numbers)
}

impl<'a> Checker<'a> {
    /// A page's content streams (joined, as the parser reads them) and what they draw.
    fn page(
        &mut self,
        id: ObjectId,
        resources: Option<&'a Dictionary>,
    ) -> Result<Drawing<'a>, ReportError> {
        let mut drawing = Drawing::default();
        if let Some(r) = resources {
            drawing.use_resources(r);
        }
        let mut content = 0u64;
        let mut parts = Vec::new();
        for part in self.doc.get_page_contents(id) {
            let Ok(stream) = self.doc.get_object(part).and_then(Object::as_stream) else {
                continue;
            };
            let measured = self.measure(part, stream)?;
            content = content.saturating_add(measured.cost());
            let whole = measured.reach.whole;
            parts.push(measured);
            // The parser stops where this stream stops being syntax.
            if !whole {
                break;
            }
        }
        drawing.chain = content;
        drawing.total = content;
        // Past the bound already: the page is refused without going further.
        if content > MAX_PAGE_COST {
            return Ok(drawing);
        }
        for measured in parts {
            for (name, times) in &measured.reach.drawn {
                let inner = self.draw(name, resources, 1)?;
                drawing.add(content, &inner, *times);
            }
        }
        Ok(drawing)
    }

    /// What drawing the XObject `name` of `resources` costs, `depth` XObjects deep.
    fn draw(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<std::rc::Rc<Drawing<'a>>, ReportError> {
        let doc = self.doc;
        let none = || Ok(std::rc::Rc::new(Drawing::default()));
        let Some(resources) = resources else {
            return none();
        };
        let Ok(xobjects) = resources
            .get_deref(b"XObject", doc)
            .and_then(Object::as_dict)
        else {
            return none();
        };
        let Ok(id) = xobjects.get(name).and_then(Object::as_reference) else {
            return none();
        };
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            return none();
        };
        let too_deep = || {
            Err(ReportError::Corrupt(
                "PDF 中的图形对象互相嵌套过深（或循环引用），疑似恶意构造的文件".into(),
            ))
        };
        if depth > MAX_FORM_DEPTH {
            return too_deep();
        }
        // Drawn with its own resources, else with those it was drawn from.
        let own = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .unwrap_or(resources);
        let key = (id, own as *const Dictionary as usize);
        if let Some(known) = self.drawings.get(&key) {
            if depth + known.height > MAX_FORM_DEPTH {
                return too_deep();
            }
            return Ok(known.clone());
        }
        let measured = self.measure(id, stream)?;
        let cost = measured.cost();
        let mut drawing = Drawing {
            chain: cost,
            total: cost,
            ..Drawing::default()
        };
        drawing.use_resources(own);
        if cost <= MAX_PAGE_COST {
            for (inner, times) in &measured.reach.drawn {
                let inner = self.draw(inner, Some(own), depth + 1)?;
                drawing.add(cost, &inner, *times);
            }
        }
        let drawing = std::rc::Rc::new(drawing);
        self.drawings.insert(key, drawing.clone());
        Ok(drawing)
    }

    /// What the fonts of `resources` cost; their CMaps and programs checked.
    fn fonts(&mut self, resources: &'a Dictionary) -> Result<Font, ReportError> {
        let doc = self.doc;
        let mut all = Font::default();
        let Ok(fonts) = resources.get_deref(b"Font", doc).and_then(Object::as_dict) else {
            return Ok(all);
        };
        for (_, font) in fonts.iter() {
            let Ok(font) = deref(doc, font).and_then(Object::as_dict) else {
                continue;
            };
            let one = self.font(font)?;
            all.codes = all.codes.saturating_add(one.codes);
            all.cost = all.cost.saturating_add(one.cost);
        }
        Ok(all)
    }

    /// What one font costs; its CMaps and Type1 program walked for nesting,
    /// whatever their dictionaries say, a CMap past [`MAX_CMAP_CODES`] refused.
    fn font(&mut self, font: &'a Dictionary) -> Result<Font, ReportError> {
        let key = font as *const Dictionary as usize;
        if let Some(&known) = self.fonts.get(&key) {
            return Ok(known);
        }
        let doc = self.doc;
        let descriptor = font
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .ok();
        let parsed = [
            Some((font, &b"ToUnicode"[..])),
            Some((font, &b"Encoding"[..])),
            descriptor.map(|d| (d, &b"FontFile"[..])),
        ];
        let mut one = Font::default();
        for (dict, key) in parsed.into_iter().flatten() {
            let Ok(id) = dict.get(key).and_then(Object::as_reference) else {
                continue;
            };
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let measured = self.measure(id, stream)?;
            if measured.codes > MAX_CMAP_CODES {
                return Err(cmap_too_large(measured.codes));
            }
            one.codes = one.codes.saturating_add(measured.codes);
            let map = measured.codes.saturating_mul(MAP_ENTRY_COST);
            one.cost = one.cost.saturating_add(measured.cost()).saturating_add(map);
        }
        self.fonts.insert(key, one);
        Ok(one)
    }

    /// A stream measured once: inflated under the budget, then decoded by lopdf
    /// as pdf-extract decodes it and walked.
    fn measure(
        &mut self,
        id: ObjectId,
        stream: &Stream,
    ) -> Result<std::rc::Rc<Measured>, ReportError> {
        if let Some(known) = self.streams.get(&id) {
            return Ok(known.clone());
        }
        let content = &stream.content;
        decoded(
            content,
            content.len(),
            &coding(stream),
            &mut self.budget,
            false,
        )?;
        let bytes = match stream.filters() {
            Ok(_) => stream
                .decompressed_content()
                .unwrap_or_else(|_| content.clone()),
            Err(_) => content.clone(),
        };
        let reach = stream_reach(&bytes)?;
        let codes = match reach.ranges {
            true => cmap_codes(&bytes[..reach.len]),
            false => 0,
        };
        let measured = std::rc::Rc::new(Measured {
            reach,
            codes,
            size: bytes.len() as u64,
        });
        self.streams.insert(id, measured.clone());
        Ok(measured)
    }
}

/// A stream's filters and decode parameters, as lopdf reads them.
fn coding(stream: &Stream) -> Coding {
    let number = |o: &Object| match *o {
        Object::Integer(i) => Some(i as f64),
        Object::Real(r) => Some(f64::from(r)),
        _ => None,
    };
    let parms = match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => vec![d],
        Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_dict().ok()).collect(),
        _ => Vec::new(),
    };
    Coding {
        image: stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Image"),
        filters: stream
            .filters()
            .ok()
            .map(|f| f.into_iter().map(<[u8]>::to_vec).collect()),
        parms: parms
            .into_iter()
            .map(|d| {
                let get = |key: &[u8]| d.get(key).ok().and_then(number);
                Parms {
                    predictor: get(b"Predictor"),
                    columns: get(b"Columns"),
                    colors: get(b"Colors"),
                    bits: get(b"BitsPerComponent"),
                }
            })
            .collect(),
    }
}

/// An object, or the object a reference points to.
fn deref<'a>(doc: &'a Document, object: &'a Object) -> Result<&'a Object, pdf_extract::Error> {
    match object {
        Object::Reference(id) => doc.get_object(*id),
        other => Ok(other),
    }
}

/// A page's chain of `/Parent`s ends within [`MAX_PARENTS`] (a loop never does).
fn parents_bounded(doc: &Document, page: ObjectId) -> Result<(), ReportError> {
    let mut id = page;
    for _ in 0..MAX_PARENTS {
        match doc
            .get_dictionary(id)
            .and_then(|d| d.get(b"Parent"))
            .and_then(Object::as_reference)
        {
            Ok(parent) => id = parent,
            Err(_) => return Ok(()),
        }
    }
    Err(ReportError::Corrupt("PDF 页面树循环或过深".into()))
}

/// A key of a page, or of the nearest parent that has it.
fn inherited<'a>(
    doc: &'a Document,
    mut dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    for _ in 0..MAX_PARENTS {
        if let Ok(found) = dict.get_deref(key, doc).and_then(Object::as_dict) {
            return Some(found);
        }
        dict = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok()?;
    }
    None
}
