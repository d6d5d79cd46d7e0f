//! Pairing each report with its form (`REPORT.md` §2), and the checks that need
//! both: REPORT-FORM, REPORT-UNPAIRED, REPORT-MISSING.

use super::claims::{grade_value, Claim};
use super::reconcile::{agrees, figure_shown};
use super::rules::{agree, quoted, Slip};
use crate::check::Tolerances;
use crate::model::*;
use crate::read::label::key as label_key;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One figure of a form that a report may restate, with its cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The claim subject it answers (`budget`, `self_total`, `履职效能.score_rate`).
    pub subject: String,
    /// The value, in the claim's unit (万元, percent, points, grade value).
    pub value: Decimal,
    /// The form's cell (`自评表!D8`), or empty for a computed figure.
    pub cell: String,
}

/// The figures of a form that reports restate: 全年预算数, 全年执行数, 执行率
/// (computed), 基本/项目支出, “三公” items, 政府采购, 自评总分, 等级, and each 一级
/// indicator's declared score and 得分率.
pub fn form_figures(d: &Department) -> Vec<Figure> {
    let f = &d.form;
    let cell = |at: CellPos| format!("{}!{}", f.sheet, at.a1());
    let mut out = Vec::new();
    let mut amount = |subject: &str, a: &Amount| {
        if let Some(l) = a {
            out.push(Figure {
                subject: subject.into(),
                value: l.value,
                cell: cell(l.at),
            });
        }
    };
    let total = &f.funds[FundKind::Total as usize];
    amount("budget", &total.budget);
    amount("spent", &total.spent);
    amount("initial", &total.initial);
    amount("basic", &f.funds[FundKind::Basic as usize].spent);
    amount("project", &f.funds[FundKind::Project as usize].spent);
    let sangong = |k: SangongKind| &f.sangong[k as usize];
    amount("sangong_budget", &sangong(SangongKind::Total).budget);
    amount("sangong_spent", &sangong(SangongKind::Total).spent);
    amount("abroad_budget", &sangong(SangongKind::Abroad).budget);
    amount("abroad_spent", &sangong(SangongKind::Abroad).spent);
    amount("reception_budget", &sangong(SangongKind::Reception).budget);
    amount("reception_spent", &sangong(SangongKind::Reception).spent);
    amount("procurement_budget", &f.procurement.budget);
    amount("procurement_spent", &f.procurement.spent);
    amount("self_total", &f.self_total);
    if let Some(rate) = d.review.funds[FundKind::Total as usize].rate {
        let at = total.spent.as_ref().map(|l| cell(l.at)).unwrap_or_default();
        out.push(Figure {
            subject: "rate".into(),
            value: rate * Decimal::from(100),
            cell: at,
        });
    }
    if let Some(g) = f.declared_grade.as_ref() {
        if let Some(grade) = Grade::parse(g.value.trim()) {
            out.push(Figure {
                subject: "grade".into(),
                value: grade_value(grade),
                cell: cell(g.at),
            });
        }
    }
    for (level, _, points) in &d.review.scores.by_level1 {
        let rows: Vec<&IndicatorRow> = f.indicators.iter().filter(|r| &r.level1 == level).collect();
        let scores: Option<Vec<Decimal>> = rows.iter().map(|r| value_of(&r.self_score)).collect();
        let (Some(scores), Some(first)) = (scores, rows.first()) else {
            continue;
        };
        let sum: Decimal = scores.iter().sum();
        let at = first
            .self_score
            .as_ref()
            .map(|l| cell(l.at))
            .unwrap_or_default();
        out.push(Figure {
            subject: format!("{level}.self_total"),
            value: sum,
            cell: at.clone(),
        });
        if !points.is_zero() {
            out.push(Figure {
                subject: format!("{level}.score_rate"),
                value: sum / points * Decimal::from(100),
                cell: at,
            });
        }
    }
    out
}

/// REPORT-FORM: each claim whose subject the form also gives, against the form.
pub fn against_form(claims: &[Claim], figures: &[Figure], t: &Tolerances) -> Vec<Slip> {
    let mut out = Vec::new();
    for c in claims {
        let Some(fig) = figures.iter().find(|f| f.subject == c.subject) else {
            continue;
        };
        if agrees(c, fig, t) {
            continue;
        }
        let shown = figure_shown(fig, c.unit, c.places);
        let place = if fig.cell.is_empty() {
            "表中".to_string()
        } else {
            format!("表中（{}）", fig.cell)
        };
        out.push(Slip {
            rule: "REPORT-FORM",
            paragraph: c.paragraph,
            message: format!("报告{}，{}{}为 {}", quoted(&c.quote), place, c.name, shown),
            declared: Some(c.shown()),
            computed: Some(shown),
        });
    }
    out
}

/// Two versions of one report (a PDF exported from the Word file): each claim of
/// `copy` whose subject `checked` also states, but never with the same value, is a
/// REPORT-CONFLICT at the copy's paragraph. A claim only one version gives is left
/// alone (a PDF's text may lose a character the .docx has).
pub fn against_version(copy: &[Claim], checked: &Report, t: &Tolerances) -> Vec<Slip> {
    let mut out = Vec::new();
    for c in copy {
        let same: Vec<&Claim> = checked
            .claims
            .iter()
            .filter(|o| o.subject == c.subject)
            .collect();
        let Some(first) = same.first() else {
            continue;
        };
        if same.iter().any(|o| agree(c, o, t)) {
            continue;
        }
        out.push(Slip {
            rule: "REPORT-CONFLICT",
            paragraph: c.paragraph,
            message: format!(
                "{}与同一报告的另一版本（{}）第 {} 段{}不一致（{}）",
                quoted(&c.quote),
                checked.file,
                first.paragraph,
                quoted(&first.quote),
                c.name
            ),
            declared: Some(c.shown()),
            computed: Some(first.shown()),
        });
    }
    out
}

/// A file's folder and its name stem without the usual suffixes (`000_自评报告` →
/// `000`, `政研室自评表` → `政研室`).
pub(crate) fn folder_and_stem(file: &str) -> (String, String) {
    let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut stem = label_key(stem);
    for suffix in [
        "部门整体支出绩效自评报告",
        "部门整体支出绩效自评表",
        "绩效自评报告",
        "绩效自评表",
        "自评报告",
        "自评表",
        "报告",
    ] {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s.to_string();
            break;
        }
    }
    let stem = stem.trim_end_matches(['_', '-', '—', '.']).to_string();
    (folder.to_string(), stem)
}

/// The same report in two formats (`001_自评报告.docx` and `001_自评报告.pdf`): the
/// files of one folder with one name stem and the same stated name. Per report, the
/// index of the version that is checked — the .docx, else the .txt, else the .pdf
/// (the text a PDF gives is the least exact) — or `None` for that version itself.
pub fn twins(reports: &[ReportEnd<'_>]) -> Vec<Option<usize>> {
    let rank = |file: &str| match file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "docx" => 0,
        Some(e) if e == "txt" => 1,
        _ => 2,
    };
    let key = |r: &ReportEnd<'_>| {
        let (folder, stem) = folder_and_stem(r.file);
        (folder, stem, r.stated_name.map(label_key))
    };
    let keys: Vec<_> = reports.iter().map(key).collect();
    let mut groups: std::collections::HashMap<&(String, String, Option<String>), usize> =
        std::collections::HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if k.1.is_empty() {
            continue;
        }
        let best = groups.entry(k).or_insert(i);
        if (rank(reports[i].file), reports[i].file)
            < (rank(reports[*best].file), reports[*best].file)
        {
            *best = i;
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| groups.get(k).copied().filter(|&p| p != i))
        .collect()
}

/// A form as pairing sees it.
#[derive(Debug, Clone)]
pub struct FormEnd<'a> {
    /// The form's file.
    pub file: &'a str,
    /// The department name.
    pub name: &'a str,
}

/// A report as pairing sees it.
#[derive(Debug, Clone)]
pub struct ReportEnd<'a> {
    /// The report's file.
    pub file: &'a str,
    /// The department name it states.
    pub stated_name: Option<&'a str>,
}

/// Pair reports with forms: (1) a folder holding exactly one form and one report;
/// (2) the stated name equal to a form's name; (3) a shared file-name stem. Each
/// form takes at most one report. Returns, per report, the index of its form.
/// Every lookup goes through an index: a province's batch pairs in linear time.
pub fn pair(forms: &[FormEnd<'_>], reports: &[ReportEnd<'_>]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    let mut of_report: Vec<Option<usize>> = vec![None; reports.len()];
    let mut taken = vec![false; forms.len()];
    let form_keys: Vec<(String, String)> = forms.iter().map(|f| folder_and_stem(f.file)).collect();
    let report_keys: Vec<(String, String)> =
        reports.iter().map(|r| folder_and_stem(r.file)).collect();
    let form_names: Vec<String> = forms.iter().map(|f| label_key(f.name)).collect();
    let mut by_folder: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_stem: HashMap<&(String, String), Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (fi, key) in form_keys.iter().enumerate() {
        by_folder.entry(key.0.as_str()).or_default().push(fi);
        by_stem.entry(key).or_default().push(fi);
        by_name.entry(form_names[fi].as_str()).or_default().push(fi);
    }
    let mut reports_in: HashMap<&str, usize> = HashMap::new();
    for (folder, _) in &report_keys {
        *reports_in.entry(folder.as_str()).or_default() += 1;
    }
    // The one form not yet taken among `candidates`, if exactly one.
    let single = |candidates: Option<&Vec<usize>>, taken: &[bool]| -> Option<usize> {
        let mut free = candidates?.iter().copied().filter(|&fi| !taken[fi]);
        let first = free.next()?;
        free.next().is_none().then_some(first)
    };
    let names: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.stated_name.map(label_key))
        .collect();
    // (1) A department's own folder.
    for (ri, (folder, _)) in report_keys.iter().enumerate() {
        let Some([fi]) = by_folder.get(folder.as_str()).map(Vec::as_slice) else {
            continue;
        };
        if folder.is_empty() || reports_in.get(folder.as_str()) != Some(&1) {
            continue;
        }
        // A report naming another department is not this folder's report.
        let named_other = names[ri].as_ref().is_some_and(|n| *n != form_names[*fi]);
        if !taken[*fi] && !named_other {
            taken[*fi] = true;
            of_report[ri] = Some(*fi);
        }
    }
    // (2) The stated name.
    for ri in 0..reports.len() {
        let Some(name) = names[ri].as_deref() else {
            continue;
        };
        if of_report[ri].is_some() {
            continue;
        }
        if let Some(fi) = single(by_name.get(name), &taken) {
            taken[fi] = true;
            of_report[ri] = Some(fi);
        }
    }
    // (3) The file-name stem, in the same folder.
    for (ri, key) in report_keys.iter().enumerate() {
        if of_report[ri].is_some() || key.1.is_empty() {
            continue;
        }
        if let Some(fi) = single(by_stem.get(key), &taken) {
            taken[fi] = true;
            of_report[ri] = Some(fi);
        }
    }
    of_report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_ways_to_pair() {
        let forms = [
            FormEnd {
                file: "报送/政研室/表.xlsx",
                name: "政策研究室",
            },
            FormEnd {
                file: "报送/000.xlsx",
                name: "示例区档案馆",
            },
            FormEnd {
                file: "报送/001.xlsx",
                name: "示例区统计局",
            },
            FormEnd {
                file: "报送/政协办自评表.xlsx",
                name: "区政协办公室",
            },
        ];
        let reports = [
            ReportEnd {
                file: "报送/政研室/报告.docx",
                stated_name: None,
            },
            ReportEnd {
                file: "报送/统计局.pdf",
                stated_name: Some("示例区统计局"),
            },
            ReportEnd {
                file: "报送/000_自评报告.docx",
                stated_name: None,
            },
            ReportEnd {
                file: "报送/政协办自评报告.pdf",
                stated_name: None,
            },
            ReportEnd {
                file: "报送/无主报告.txt",
                stated_name: Some("示例区水务局"),
            },
        ];
        assert_eq!(
            pair(&forms, &reports),
            [Some(0), Some(2), Some(1), Some(3), None]
        );
    }
}
