//! The vocabulary of every known layout: for each role (field, money column, money
//! row, indicator column) the label keys that name it in any layout, collected from
//! the parsed [`Layouts`] (never a hand-copied list), plus the block, total-row,
//! table-end, footnote and ignored labels.

use crate::read::layout::{Field, IndicatorCol, Layouts, MoneyCol, MoneyRow};
use std::collections::{BTreeMap, BTreeSet};

/// How a label was mapped to its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<R> {
    /// The label is one of the role's labels in some layout; `others` are the
    /// roles it has in other layouts.
    Exact {
        /// The role chosen (the one most layouts give it, the earlier on a tie).
        role: R,
        /// Other roles of the same label elsewhere.
        others: Vec<R>,
    },
    /// The label ends with a known label of the role, or a known label ends with it
    /// (`预算执行数` ~ `执行数`): a guess, to be checked.
    Near {
        /// The role guessed.
        role: R,
        /// The known label it resembles.
        like: String,
    },
}

impl<R: Copy> Match<R> {
    /// The role, however found.
    pub fn role(&self) -> R {
        match self {
            Match::Exact { role, .. } | Match::Near { role, .. } => *role,
        }
    }
}

/// Label keys of one kind of role, each with the roles it names and in how many
/// layouts.
#[derive(Debug, Clone)]
pub struct Roles<R> {
    by_key: BTreeMap<String, Vec<(R, usize)>>,
}

impl<R> Default for Roles<R> {
    fn default() -> Self {
        Roles {
            by_key: BTreeMap::new(),
        }
    }
}

impl<R: Copy + PartialEq> Roles<R> {
    fn add(&mut self, key: &str, role: R) {
        let roles = self.by_key.entry(key.to_string()).or_default();
        match roles.iter_mut().find(|(r, _)| *r == role) {
            Some((_, n)) => *n += 1,
            None => roles.push((role, 1)),
        }
    }

    /// The role of a label key: exactly as some layout writes it, else by
    /// resemblance (see [`Match::Near`]); labels of one character never resemble.
    pub fn find(&self, key: &str) -> Option<Match<R>> {
        if let Some(roles) = self.by_key.get(key) {
            let best = roles
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                .map(|(_, (r, _))| *r)?;
            let others = roles
                .iter()
                .map(|(r, _)| *r)
                .filter(|r| *r != best)
                .collect();
            return Some(Match::Exact { role: best, others });
        }
        let key = without_points(key);
        let len = key.chars().count();
        self.by_key
            .iter()
            .filter(|(label, _)| {
                let n = label.chars().count();
                (n >= 2 && key.ends_with(label.as_str()))
                    || (len >= 2 && label.ends_with(key) && n <= len + 4)
            })
            // The longest known label is the closest; BTreeMap order breaks a tie.
            .max_by_key(|(label, _)| label.chars().count())
            .and_then(|(label, roles)| {
                roles.first().map(|(r, _)| Match::Near {
                    role: *r,
                    like: label.clone(),
                })
            })
    }

    /// Whether the key is exactly a label of some role here.
    pub fn has(&self, key: &str) -> bool {
        self.by_key.contains_key(key)
    }
}

/// `预算执行情况(10分)` → `预算执行情况`: points written in a label do not name it.
pub fn without_points(key: &str) -> &str {
    let Some(inner) = key.strip_suffix("分)") else {
        return key;
    };
    match inner.rfind('(') {
        Some(open) if open > 0 && inner[open + 1..].parse::<f64>().is_ok() => &key[..open],
        _ => key,
    }
}

/// Everything the shipped layouts call by name.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Key-value fields.
    pub fields: Roles<Field>,
    /// Money table columns.
    pub money_cols: Roles<MoneyCol>,
    /// Money table rows.
    pub money_rows: Roles<MoneyRow>,
    /// Indicator table columns (goal tables and scored tables alike).
    pub indicator_cols: Roles<IndicatorCol>,
    /// Block labels.
    pub blocks: BTreeSet<String>,
    /// Labels of a 总分 row.
    pub total_row: BTreeSet<String>,
    /// Labels that end a table.
    pub table_ends: BTreeSet<String>,
    /// Footnote prefixes, in the order first met.
    pub footnotes: Vec<String>,
    /// Header labels of columns read by no layout.
    pub ignored_columns: BTreeSet<String>,
    /// Money row labels read by no layout.
    pub ignored_rows: BTreeSet<String>,
}

impl Vocab {
    /// The vocabulary of these layouts.
    pub fn of(layouts: &Layouts) -> Vocab {
        let mut v = Vocab::default();
        for l in &layouts.all {
            for (field, spec) in &l.fields {
                for k in &spec.labels.0 {
                    v.fields.add(k, *field);
                }
            }
            for (col, labels) in &l.money.columns {
                for k in &labels.0 {
                    v.money_cols.add(k, *col);
                }
            }
            for (row, labels) in &l.money.rows {
                for k in &labels.0 {
                    v.money_rows.add(k, *row);
                }
            }
            for table in std::iter::once(&l.indicators).chain(l.goals.as_ref()) {
                for (col, labels) in &table.columns {
                    for k in &labels.0 {
                        v.indicator_cols.add(k, *col);
                    }
                }
            }
            v.blocks.extend(l.blocks.0.iter().cloned());
            v.total_row.extend(l.total_row.0.iter().cloned());
            v.table_ends.extend(l.table_ends.0.iter().cloned());
            v.ignored_columns
                .extend(l.ignored_columns.0.iter().cloned());
            v.ignored_rows.extend(l.ignored_rows.0.iter().cloned());
            for f in &l.footnotes {
                if !v.footnotes.contains(f) {
                    v.footnotes.push(f.clone());
                }
            }
        }
        v
    }

    /// Whether a key is a block label, exactly or once its points are taken off
    /// (`绩效指标(90分)`), or the end of a known block label (`预算执行情况` of
    /// `年度预算执行情况`).
    pub fn is_block(&self, key: &str) -> bool {
        let k = without_points(key);
        self.blocks
            .iter()
            .any(|b| b == k || (k.chars().count() >= 4 && b.ends_with(k)))
    }

    /// Whether a key is known to the vocabulary at all (exactly).
    pub fn knows(&self, key: &str) -> bool {
        self.fields.has(key)
            || self.money_cols.has(key)
            || self.money_rows.has(key)
            || self.indicator_cols.has(key)
            || self.blocks.contains(key)
            || self.total_row.contains(key)
            || self.table_ends.contains(key)
    }
}

/// A role's name as a layout file writes it: `SangongAbroad` → `sangong_abroad`
/// (the roles deserialise from snake_case).
pub fn role_name<R: std::fmt::Debug>(role: R) -> String {
    let mut out = String::new();
    for (i, c) in format!("{role:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_layouts_give_every_kind_of_role() {
        let v = Vocab::of(&Layouts::builtin());
        assert!(matches!(
            v.money_cols.find("全年执行数"),
            Some(Match::Exact {
                role: MoneyCol::Spent,
                ..
            })
        ));
        // `预算执行数` is no layout's label, but ends with `执行数`.
        assert_eq!(
            v.money_cols.find("预算执行数"),
            Some(Match::Near {
                role: MoneyCol::Spent,
                like: "执行数".into()
            })
        );
        assert!(v.is_block("绩效指标(90分)"));
        assert!(v.is_block("预算执行情况(10分)"));
        assert!(v.indicator_cols.find("度量单位").is_none());
        assert_eq!(role_name(MoneyRow::SangongAbroad), "sangong_abroad");
        assert_eq!(role_name(IndicatorCol::Level3), "level3");
    }

    #[test]
    fn points_come_off_a_label() {
        assert_eq!(without_points("绩效指标(90分)"), "绩效指标");
        assert_eq!(without_points("产出指标(2.5分)"), "产出指标");
        assert_eq!(without_points("得分"), "得分");
    }
}
