//! The vocabulary of claims: which words name which subject, the funds and 一级
//! indicators that qualify a subject, and the words that make a number about
//! something else. Data, not code: `templates/report-terms.toml`.

use crate::model::Unit;
use crate::text::normalize;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    subject: Vec<RawSubject>,
    levels: RawLevels,
    funds: std::collections::BTreeMap<String, Vec<String>>,
    skip: RawSkip,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    id: String,
    name: String,
    kind: String,
    terms: Vec<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    fund: bool,
    #[serde(default)]
    level: bool,
    #[serde(default)]
    sum: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkip {
    before: Vec<String>,
    #[serde(default)]
    plain: Vec<String>,
    #[serde(default)]
    department_suffixes: Vec<String>,
}

/// One term of the vocabulary, normalised, as chars.
#[derive(Debug)]
pub(super) struct Term {
    pub(super) chars: Vec<char>,
    pub(super) subject: usize,
}

/// A subject of the vocabulary.
#[derive(Debug)]
pub struct Subject {
    /// Id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// What unit it is stated in.
    pub unit: Unit,
    pub(super) strict: bool,
    pub(super) fund: bool,
    pub(super) level: bool,
    /// May be the total of a list of parts.
    pub sum: bool,
}

/// The vocabulary of `templates/report-terms.toml`.
#[derive(Debug)]
pub struct Vocabulary {
    /// The subjects.
    pub subjects: Vec<Subject>,
    pub(super) terms: Vec<Term>,
    pub(super) funds: Vec<(String, Vec<Vec<char>>)>,
    /// The 一级指标 names.
    pub levels: Vec<String>,
    pub(super) skip: Vec<Vec<char>>,
    /// Words that may stand before a term without making it about something else.
    pub(super) plain: Vec<Vec<char>>,
    /// How a department's own name ends (`办公室`, `局`).
    pub(super) department_suffixes: Vec<Vec<char>>,
}

/// The shipped vocabulary.
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        Vocabulary::parse(include_str!("../../templates/report-terms.toml"))
            .expect("templates/report-terms.toml is valid")
    })
}

/// The text claims are read from: [`normalize`]d, and `因公出国(境)` without its
/// bracket, which would otherwise end the clause inside the term.
fn prepare(s: &str) -> String {
    normalize(s).replace("(境)", "")
}

pub(super) fn chars(s: &str) -> Vec<char> {
    prepare(s).chars().collect()
}

/// Why the report vocabulary (`templates/report-terms.toml`) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("报告用语文件有误：{0}")]
pub struct TermsError(String);

impl Vocabulary {
    /// Parse a vocabulary file.
    pub fn parse(text: &str) -> Result<Vocabulary, TermsError> {
        let raw: RawTerms = toml::from_str(text).map_err(|e| TermsError(e.to_string()))?;
        let mut subjects = Vec::new();
        let mut terms = Vec::new();
        for s in raw.subject {
            let unit = match s.kind.as_str() {
                "money" => Unit::Wan,
                "rate" => Unit::Percent,
                "score" => Unit::Points,
                other => return Err(TermsError(format!("未知的 kind：{other}"))),
            };
            for t in &s.terms {
                terms.push(Term {
                    chars: chars(t),
                    subject: subjects.len(),
                });
            }
            subjects.push(Subject {
                id: s.id,
                name: s.name,
                unit,
                strict: s.strict,
                fund: s.fund,
                level: s.level,
                sum: s.sum,
            });
        }
        Ok(Vocabulary {
            subjects,
            terms,
            funds: raw
                .funds
                .into_iter()
                .map(|(id, words)| (id, words.iter().map(|w| chars(w)).collect()))
                .collect(),
            levels: raw.levels.names.clone(),
            skip: raw.skip.before.iter().map(|w| chars(w)).collect(),
            plain: raw
                .skip
                .plain
                .iter()
                .chain(raw.levels.names.iter())
                .map(|w| chars(w))
                .collect(),
            department_suffixes: raw
                .skip
                .department_suffixes
                .iter()
                .map(|w| chars(w))
                .collect(),
        })
    }
}
