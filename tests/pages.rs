//! The printed pages of the district workbook, counted from its print plans
//! (`jixiao::write::xlsx::pages`: paper, scale, column groups and the page
//! breaks `jixiao::write::print` decides, a page model, not a rendering), held
//! to the page budget of issue #28 for 5, 200 and 1,000 departments.

mod common;

use common::*;
use jixiao::scheme::Scheme;
use std::path::Path;

/// `n` departments: the five sample forms over and over, each under a name of
/// its own (the names of `examples/make_corpus.rs`), written to `dir`.
fn forms(n: usize, dir: &Path, scheme: &Scheme) {
    let names = ["000.xlsx", "001.xlsx", "002.xlsx", "003.xlsx", "004.xlsx"];
    let bases: Vec<_> = names
        .iter()
        .map(|f| {
            let bytes = std::fs::read(root().join("samples").join(f)).unwrap();
            jixiao::read::read_form(f, &bytes, scheme).unwrap()
        })
        .collect();
    const PLACES: [&str; 8] = [
        "南沙", "番禺", "海珠", "天河", "白云", "黄埔", "花都", "从化",
    ];
    const KINDS: [&str; 5] = ["教育局", "卫生健康局", "民政局", "司法局", "财政局"];
    for i in 0..n {
        let mut f = bases[i % 5].clone();
        f.name = format!(
            "广州市{}区第{}{}",
            PLACES[i % 8],
            i / 40 + 1,
            KINDS[(i / 8) % 5]
        );
        let bytes = jixiao::write::form::canonical_bytes(&f, scheme).unwrap();
        std::fs::write(dir.join(format!("{i:06}.xlsx")), bytes).unwrap();
    }
}

/// (总览 + 汇总表, whole workbook) pages of a batch of these inputs, printing
/// each sheet's plan.
fn pages(inputs: Vec<std::path::PathBuf>) -> (usize, usize, usize) {
    let scheme = Scheme::builtin();
    let options = jixiao::Options::new(inputs, scheme.clone());
    let files = jixiao::inputs(&options).unwrap();
    let batch = jixiao::run(&options, &files, &|_| {});
    let plans = jixiao::write::xlsx::pages(&batch, &scheme);
    let mut leader = 0;
    let mut all = 0;
    for s in &plans {
        let p = &s.plan;
        eprintln!(
            "{} 部门 {}: {} {} {}%, {} × {} = {} 页",
            batch.departments.len(),
            s.name,
            p.paper.label(),
            if p.landscape { "横向" } else { "纵向" },
            p.scale,
            p.across(),
            p.down(),
            p.pages()
        );
        if s.name == "总览" || s.name == "汇总表" {
            leader += p.pages();
        }
        all += p.pages();
    }
    (batch.departments.len(), leader, all)
}

#[test]
fn five_departments_print_the_overview_on_one_page() {
    let (n, leader, all) = pages(vec![root().join("samples")]);
    assert_eq!(n, 5);
    // 总览 on one A4 page, 汇总表 in its two column groups.
    assert_eq!(leader, 3);
    assert!(all <= 30, "{all} pages");
}

#[test]
fn two_hundred_and_a_thousand_departments_keep_to_the_budget() {
    let scheme = Scheme::builtin();
    for n in [200, 1000] {
        let dir = tempfile::tempdir().unwrap();
        forms(n, dir.path(), &scheme);
        let (got, leader, all) = pages(vec![dir.path().to_path_buf()]);
        assert_eq!(got, n);
        // At most 12 pages for 总览 and 汇总表 a 200 departments.
        let budget = 12 * n.div_ceil(200);
        assert!(
            leader <= budget,
            "{n} 部门：总览 + 汇总表 {leader} 页 > {budget}"
        );
        eprintln!("{n} 部门：总览 + 汇总表 {leader} 页，全部 {all} 页");
    }
}
