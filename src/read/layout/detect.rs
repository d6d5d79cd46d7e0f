//! Which layout a sheet is (`LAYOUTS.md` §2): every layout's anchor groups are
//! looked up in the sheet's labels, and the layout with the largest weighted share
//! wins.
//!
//! An anchor group is *specific* when none of its labels is an anchor of another
//! loaded layout (a title, a label only this family prints), *generic* otherwise
//! (`一级指标`, `得分`, which many families share). A specific group weighs
//! [`SPECIFIC`] generic ones, so a county form derived from the national one is
//! told by the few labels of its own rather than by the many it shares with the
//! canonical form. The weights follow from the layouts loaded: no layout file
//! marks them.

use super::{Layout, Layouts};
use crate::read::grid::Grid;

/// The weight of a specific anchor group; a generic group weighs 1.
pub const SPECIFIC: u32 = 2;

/// How strongly a sheet looks like one layout's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Anchor groups present.
    pub found: usize,
    /// Anchor groups of the layout.
    pub of: usize,
    /// Weight of the groups present.
    pub weight: u32,
    /// Weight of all the layout's groups.
    pub weight_of: u32,
}

impl Match {
    /// A larger weighted share wins; at an equal share, more weight.
    pub fn beats(self, other: Match) -> bool {
        let (a, b) = (
            self.weight * other.weight_of.max(1),
            other.weight * self.weight_of.max(1),
        );
        a > b || (a == b && self.weight > other.weight)
    }

    /// Whether `other` scores within one generic anchor group of this match: one
    /// more group of weight 1 would make it as strong.
    pub fn close_to(self, other: Match) -> bool {
        // other.weight / other.weight_of ≥ (self.weight − 1) / self.weight_of
        u64::from(other.weight) * u64::from(self.weight_of)
            >= u64::from(self.weight.saturating_sub(1)) * u64::from(other.weight_of)
    }
}

/// The outcome of detection on one sheet.
#[derive(Debug, Clone)]
pub struct Detection<'l> {
    /// The layout the sheet is, with its match; `None` when no layout reaches its
    /// `min` groups.
    pub best: Option<(Match, &'l Layout)>,
    /// Another layout that reaches its `min` and scores within one anchor group of
    /// the best (a 提示 names both).
    pub rival: Option<&'l Layout>,
    /// When no layout matched: the closest one (most weighted share, at least two
    /// groups present) and the first label of each group the sheet lacks.
    pub closest: Option<(Match, &'l Layout, Vec<String>)>,
}

/// The weight of each anchor group of each layout, in the order of `layouts`.
fn weights(layouts: &[Layout]) -> Vec<Vec<u32>> {
    layouts
        .iter()
        .enumerate()
        .map(|(i, l)| {
            l.anchors
                .iter()
                .map(|group| {
                    let shared = layouts.iter().enumerate().any(|(j, other)| {
                        j != i
                            && other
                                .anchors
                                .iter()
                                .any(|g| group.0.iter().any(|k| g.has(k)))
                    });
                    if shared {
                        1
                    } else {
                        SPECIFIC
                    }
                })
                .collect()
        })
        .collect()
}

/// Detect the layout of a sheet among `layouts`; `forced` (an index) reads every
/// sheet that has at least one of its anchors as that layout.
pub fn detect<'l>(grid: &Grid, layouts: &'l Layouts, forced: Option<usize>) -> Detection<'l> {
    let weights = weights(&layouts.all);
    let mut scored: Vec<(Match, usize, Vec<String>)> = Vec::new();
    for (i, l) in layouts.all.iter().enumerate() {
        if forced.is_some_and(|f| f != i) {
            continue;
        }
        let mut m = Match {
            found: 0,
            of: l.anchors.len(),
            weight: 0,
            weight_of: weights[i].iter().sum(),
        };
        let mut lacking = Vec::new();
        for (group, w) in l.anchors.iter().zip(&weights[i]) {
            let present = grid.has_any(&group.0)
                || (l.anchors_after_year && grid.has_any_after_year(&group.0));
            if present {
                m.found += 1;
                m.weight += w;
            } else if let Some(first) = group.0.first() {
                lacking.push(first.clone());
            }
        }
        scored.push((m, i, lacking));
    }
    let min = |i: usize| {
        if forced.is_some() {
            1
        } else {
            layouts.all[i].min_anchors
        }
    };
    let mut best: Option<(Match, usize)> = None;
    for (m, i, _) in &scored {
        if m.found >= min(*i) && best.is_none_or(|(b, _)| m.beats(b)) {
            best = Some((*m, *i));
        }
    }
    let Some((bm, bi)) = best else {
        let mut closest: Option<&(Match, usize, Vec<String>)> = None;
        for s in &scored {
            if s.0.found >= 2 && closest.is_none_or(|c| s.0.beats(c.0)) {
                closest = Some(s);
            }
        }
        return Detection {
            best: None,
            rival: None,
            closest: closest.map(|(m, i, lacking)| (*m, &layouts.all[*i], lacking.clone())),
        };
    };
    let rival = scored
        .iter()
        .filter(|(m, i, _)| *i != bi && m.found >= min(*i) && bm.close_to(*m))
        .fold(None::<(Match, usize)>, |acc, (m, i, _)| match acc {
            Some((a, _)) if !m.beats(a) => acc,
            _ => Some((*m, *i)),
        })
        .map(|(_, i)| &layouts.all[i]);
    Detection {
        best: Some((bm, &layouts.all[bi])),
        rival,
        closest: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Cell, Data, Range};

    /// A sheet holding `texts` down column A.
    fn grid(texts: &[&str]) -> Grid {
        let cells = texts
            .iter()
            .enumerate()
            .map(|(r, t)| Cell::new((r as u32, 0), Data::String(t.to_string())))
            .collect();
        Grid::new("表".into(), Range::from_sparse(cells))
    }

    fn index(layouts: &Layouts, id: &str) -> usize {
        layouts.all.iter().position(|l| l.id == id).unwrap()
    }

    #[test]
    fn a_year_before_the_sichuan_title_still_matches_its_anchor() {
        let layouts = Layouts::builtin();
        for title in [
            "部门整体支出绩效评价得分表",
            "2017年部门整体支出绩效评价得分表",
            "2017年度部门整体支出绩效评价得分表",
        ] {
            let found = detect(&grid(&[title, "二级指标"]), &layouts, None);
            let (m, l) = found.best.expect(title);
            assert_eq!((l.id.as_str(), m.found), ("sichuan-score", 2), "{title}");
        }
        // Not a year at the start: no match of the title group.
        let forced = Some(index(&layouts, "sichuan-score"));
        for title in [
            "第2017年部门整体支出绩效评价得分表",
            "17年部门整体支出绩效评价得分表",
        ] {
            let found = detect(&grid(&[title, "二级指标"]), &layouts, forced);
            assert_eq!(found.best.map(|(m, _)| m.found), Some(1), "{title}");
        }
    }

    #[test]
    fn other_layouts_anchors_still_match_only_as_written() {
        let layouts = Layouts::builtin();
        let mof = index(&layouts, "mof-2020");
        let forced = Some(mof);
        // mof-2020 has no `year_prefix`: a year before its title leaves the title
        // group missing, as before.
        let plain = detect(
            &grid(&["部门(单位)整体支出绩效自评表", "部门(单位)名称"]),
            &layouts,
            forced,
        );
        assert_eq!(plain.best.map(|(m, _)| m.found), Some(2));
        let year = detect(
            &grid(&["2023年部门(单位)整体支出绩效自评表", "部门(单位)名称"]),
            &layouts,
            forced,
        );
        assert_eq!(year.best.map(|(m, _)| m.found), Some(1));
        assert!(!layouts.all[mof].anchors_after_year);
    }
}
