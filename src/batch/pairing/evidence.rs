//! Which form a report belongs to, and on what evidence (`REPORT.md` §2), strongest
//! first: the department's own folder, the name in a field of the cover, the form's
//! name in the title or on the cover, the file names. A wrong pair is worse than
//! none: a report that names another department of the batch is never paired by
//! folder or file name, and a name or text that points at two forms pairs neither.
//!
//! Every lookup goes through an index: a province's batch pairs in near-linear time.

use super::folder_and_stem;
use super::names::{answers, core, in_text, name_key, stem_holds, Answer};
use crate::model::PairedBy;
use std::collections::HashMap;

/// A form as pairing sees it.
#[derive(Debug, Clone)]
pub struct FormEnd<'a> {
    /// The form's file.
    pub file: &'a str,
    /// The department name.
    pub name: &'a str,
}

/// A report as pairing sees it.
#[derive(Debug, Clone, Default)]
pub struct ReportEnd<'a> {
    /// The report's file.
    pub file: &'a str,
    /// The department name it states.
    pub stated_name: Option<&'a str>,
    /// Whether that name stands in a field of the cover (`部门名称：…`).
    pub name_in_field: bool,
    /// The cover's lines.
    pub cover: &'a [String],
}

/// The first `n` characters of `s`, if it has that many.
fn head(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    (s[..end].chars().count() == n).then_some(&s[..end])
}

/// The forms, indexed by name, core, name head, folder, stem and stem windows.
struct Index {
    keys: Vec<String>,
    stems: Vec<(String, String)>,
    by_key: HashMap<String, Vec<usize>>,
    by_core: HashMap<String, Vec<usize>>,
    /// The first three characters of each key and each core.
    by_head: HashMap<String, Vec<usize>>,
    by_folder: HashMap<String, Vec<usize>>,
    /// Folders with a form in a folder below them: they gather departments, they
    /// are not one department's own.
    gathering: std::collections::HashSet<String>,
    by_stem: HashMap<(String, String), Vec<usize>>,
    /// (folder, each two characters of a stem).
    by_window: HashMap<(String, String), Vec<usize>>,
}

fn push(map: &mut HashMap<String, Vec<usize>>, k: &str, i: usize) {
    let v = map.entry(k.to_string()).or_default();
    if v.last() != Some(&i) {
        v.push(i);
    }
}

impl Index {
    fn new(forms: &[FormEnd<'_>]) -> Index {
        let keys: Vec<String> = forms.iter().map(|f| name_key(f.name)).collect();
        let stems: Vec<(String, String)> = forms.iter().map(|f| folder_and_stem(f.file)).collect();
        let mut ix = Index {
            keys: Vec::new(),
            stems: Vec::new(),
            by_key: HashMap::new(),
            by_core: HashMap::new(),
            by_head: HashMap::new(),
            by_folder: HashMap::new(),
            gathering: Default::default(),
            by_stem: HashMap::new(),
            by_window: HashMap::new(),
        };
        for (i, key) in keys.iter().enumerate() {
            push(&mut ix.by_key, key, i);
            push(&mut ix.by_core, core(key), i);
            for h in [head(key, 3), head(core(key), 3)].into_iter().flatten() {
                push(&mut ix.by_head, h, i);
            }
            let (folder, stem) = &stems[i];
            push(&mut ix.by_folder, folder, i);
            let mut up = folder.as_str();
            while let Some((parent, _)) = up.rsplit_once('/') {
                if !ix.gathering.insert(parent.to_string()) {
                    break;
                }
                up = parent;
            }
            ix.by_stem.entry(stems[i].clone()).or_default().push(i);
            let chars: Vec<char> = stem.chars().collect();
            for w in chars.windows(2) {
                let v = ix
                    .by_window
                    .entry((folder.clone(), w.iter().collect()))
                    .or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
        ix.keys = keys;
        ix.stems = stems;
        ix
    }

    /// The forms a stated name answers, the best answer only.
    fn named(&self, stated: &str) -> (Vec<usize>, Option<Answer>) {
        let key = name_key(stated);
        if let Some(v) = self.by_key.get(&key) {
            return (v.clone(), Some(Answer::Same));
        }
        let mut found: Vec<(Answer, usize)> = Vec::new();
        let heads = [head(&key, 3), head(core(&key), 3)];
        for h in heads.into_iter().flatten() {
            for &i in self.by_head.get(h).into_iter().flatten() {
                if let Some(a) = answers(&key, &self.keys[i]) {
                    found.push((a, i));
                }
            }
        }
        found.sort_by_key(|&(a, i)| (a as u8, i));
        found.dedup();
        let best = found.first().map(|f| f.0);
        let forms = found
            .iter()
            .filter(|f| Some(f.0) == best)
            .map(|f| f.1)
            .collect();
        (forms, best)
    }

    /// The forms whose name stands on a cover; of two names one inside the other
    /// (`统计局` and `统计局普查中心`), the longer.
    fn on_cover(&self, cover: &[String]) -> Vec<usize> {
        let text = name_key(&cover.concat());
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut found: Vec<usize> = Vec::new();
        for (at, _) in &chars {
            let Some(h) = head(&text[*at..], 3) else {
                break;
            };
            for &i in self.by_head.get(h).into_iter().flatten() {
                if !found.contains(&i) && in_text(&self.keys[i], &text) {
                    found.push(i);
                }
            }
        }
        let inside = |i: usize| {
            found.iter().any(|&j| {
                j != i && self.keys[j] != self.keys[i] && self.keys[j].contains(&self.keys[i])
            })
        };
        let mut kept: Vec<usize> = found.iter().copied().filter(|&i| !inside(i)).collect();
        kept.sort_unstable();
        kept
    }

    /// The forms of the same folder with the same stem, else with a stem holding
    /// the report's or held by it.
    fn by_file(&self, file: &str) -> (Vec<usize>, bool) {
        let key = folder_and_stem(file);
        if key.1.is_empty() {
            return (Vec::new(), true);
        }
        if let Some(v) = self.by_stem.get(&key) {
            return (v.clone(), true);
        }
        let (folder, stem) = &key;
        let chars: Vec<char> = stem.chars().collect();
        let mut found: Vec<usize> = Vec::new();
        for w in chars.windows(2) {
            let k = (folder.clone(), w.iter().collect::<String>());
            for &i in self.by_window.get(&k).into_iter().flatten() {
                if !found.contains(&i) && stem_holds(&self.stems[i].1, stem) {
                    found.push(i);
                }
            }
        }
        found.sort_unstable();
        (found, false)
    }
}

/// The one form in `candidates`, if exactly one.
fn only(candidates: &[usize]) -> Option<usize> {
    match candidates {
        [one] => Some(*one),
        _ => None,
    }
}

/// The one form in `candidates` not yet taken, if exactly one.
fn single_free(candidates: &[usize], taken: &[bool]) -> Option<usize> {
    let mut free = candidates.iter().copied().filter(|&fi| !taken[fi]);
    let first = free.next()?;
    free.next().is_none().then_some(first)
}

/// The order in which the versions of one report are checked: .docx, .txt, .pdf.
pub fn format_rank(file: &str) -> u8 {
    match file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "docx" => 0,
        Some(e) if e == "txt" => 1,
        _ => 2,
    }
}

/// What the evidence says of one report, taken forms aside or not.
struct Evidence<'a> {
    ix: &'a Index,
    reports: &'a [ReportEnd<'a>],
    /// Per report, the forms its stated name answers, and how well.
    named: Vec<(Vec<usize>, Option<Answer>)>,
}

impl Evidence<'_> {
    /// Whether report `ri` names a department of the batch other than form `fi`.
    fn names_other(&self, ri: usize, fi: usize) -> bool {
        let (forms, _) = &self.named[ri];
        !forms.is_empty() && !forms.contains(&fi)
    }

    /// The form of report `ri` by name or text, and the evidence; `free` picks
    /// among the forms not taken (pairing) or among all (second versions).
    fn by_name_or_text(&self, ri: usize, taken: &[bool], free: bool) -> Option<(usize, PairedBy)> {
        let r = &self.reports[ri];
        let (forms, answer) = &self.named[ri];
        let by = match r.name_in_field {
            true => PairedBy::Name,
            false => PairedBy::Text,
        };
        let pick = |c: &[usize], exact: bool| match (free, exact) {
            (true, true) => single_free(c, taken),
            (true, false) => only(c).filter(|&fi| !taken[fi]),
            (false, _) => only(c),
        };
        if let Some(fi) = pick(forms, *answer == Some(Answer::Same)) {
            return Some((fi, by));
        }
        let on_cover = self.ix.on_cover(r.cover);
        let fi = pick(&on_cover, false)?;
        (!self.names_other(ri, fi)).then_some((fi, PairedBy::Text))
    }

    /// The form of report `ri` by its file name.
    fn by_file(&self, ri: usize, taken: &[bool], free: bool) -> Option<(usize, PairedBy)> {
        let (forms, exact) = self.ix.by_file(self.reports[ri].file);
        let fi = match (free, exact) {
            (true, true) => single_free(&forms, taken),
            (true, false) => only(&forms).filter(|&fi| !taken[fi]),
            (false, _) => only(&forms),
        }?;
        (!self.names_other(ri, fi)).then_some((fi, PairedBy::FileName))
    }

    /// Whether report `ri` states a name that does not answer form `fi`'s.
    fn disagrees(&self, ri: usize, fi: usize) -> bool {
        self.reports[ri].stated_name.is_some() && !self.named[ri].0.contains(&fi)
    }

    /// The one form of report `ri`'s folder, unless the folder gathers other
    /// departments' folders or the report names another department of the batch.
    fn by_folder(&self, ri: usize) -> Option<usize> {
        let (folder, _) = folder_and_stem(self.reports[ri].file);
        if folder.is_empty() || self.ix.gathering.contains(&folder) {
            return None;
        }
        let fi = only(self.ix.by_folder.get(&folder)?)?;
        (!self.names_other(ri, fi)).then_some(fi)
    }
}

fn evidence<'a>(ix: &'a Index, reports: &'a [ReportEnd<'a>]) -> Evidence<'a> {
    let named = reports
        .iter()
        .map(|r| match r.stated_name {
            Some(n) => ix.named(n),
            None => (Vec::new(), None),
        })
        .collect();
    Evidence { ix, reports, named }
}

/// Pair reports with forms: (1) a folder holding one form (and, of its reports,
/// the first by format, .docx first); (2) the name in a field of the cover; (3) the
/// name in the title or above it, or the form's name found on the cover; (4) the
/// file names. Each form takes at most one report. Per report, its form and the
/// evidence.
pub fn pair(forms: &[FormEnd<'_>], reports: &[ReportEnd<'_>]) -> Vec<Option<(usize, PairedBy)>> {
    let ix = Index::new(forms);
    let ev = evidence(&ix, reports);
    let mut of_report: Vec<Option<(usize, PairedBy)>> = vec![None; reports.len()];
    let mut taken = vec![false; forms.len()];
    // (1) A department's own folder: its first report by format.
    // Of several, one that states the form's name (or none), then by format.
    let mut by_folder: Vec<(usize, bool, u8, &str, usize)> = (0..reports.len())
        .filter_map(|ri| {
            let fi = ev.by_folder(ri)?;
            let file = reports[ri].file;
            Some((fi, ev.disagrees(ri, fi), format_rank(file), file, ri))
        })
        .collect();
    by_folder.sort();
    for (fi, _, _, _, ri) in by_folder {
        if !taken[fi] {
            taken[fi] = true;
            of_report[ri] = Some((fi, PairedBy::Folder));
        }
    }
    // (2) A field's name, then (3) the title's or the cover's, then (4) the file.
    for round in 0..3 {
        for ri in 0..reports.len() {
            if of_report[ri].is_some() {
                continue;
            }
            let found = match round {
                0 if reports[ri].name_in_field => ev.by_name_or_text(ri, &taken, true),
                0 => None,
                1 => ev.by_name_or_text(ri, &taken, true),
                _ => ev.by_file(ri, &taken, true),
            };
            if let Some((fi, by)) = found {
                taken[fi] = true;
                of_report[ri] = Some((fi, by));
            }
        }
    }
    of_report
}

/// The reports left unpaired whose evidence points at a form already paired: a
/// second version of that form's report (another format, an older draft). Per
/// report, the index of the report it is a version of, and the evidence.
pub fn second_versions(
    forms: &[FormEnd<'_>],
    reports: &[ReportEnd<'_>],
    paired: &[Option<(usize, PairedBy)>],
) -> Vec<Option<(usize, PairedBy)>> {
    let ix = Index::new(forms);
    let ev = evidence(&ix, reports);
    let report_of: HashMap<usize, usize> = paired
        .iter()
        .enumerate()
        .filter_map(|(ri, p)| Some((p.as_ref()?.0, ri)))
        .collect();
    let taken = vec![true; forms.len()];
    (0..reports.len())
        .map(|ri| {
            if paired[ri].is_some() {
                return None;
            }
            // A version names its department as the report checked does, or not at all.
            let same_name = |fi: usize| {
                let checked = report_of
                    .get(&fi)
                    .map(|&p| reports[p].stated_name.map(name_key));
                !ev.disagrees(ri, fi) || checked.flatten() == reports[ri].stated_name.map(name_key)
            };
            let (fi, by) = ev
                .by_folder(ri)
                .filter(|&fi| same_name(fi))
                .map(|fi| (fi, PairedBy::Folder))
                .or_else(|| ev.by_name_or_text(ri, &taken, false))
                .or_else(|| ev.by_file(ri, &taken, false))?;
            Some((*report_of.get(&fi)?, by))
        })
        .collect()
}
