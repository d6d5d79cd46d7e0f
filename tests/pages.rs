//! The printed pages of the district workbook, counted from its print plans
//! (`jixiao::write::xlsx::pages`: paper, scale, column groups and the page
//! breaks `jixiao::write::print` decides, a page model, not a rendering), held
//! to the page budget of issue #28 for 5, 200 and 1,000 departments.
//!
//! Per 200 departments (issue #28): 总览 + 汇总表 at most 12 pages, and the
//! whole workbook at most 150; what the README says to print (every sheet but
//! the three reference sheets 资金明细, 指标得分, 目标完成) is within that. At
//! 200 departments the model counts 4 + 8 and 148 pages, at 1,000 16 + 32 and
//! 692, and LibreOffice prints the same, sheet by sheet (README, 打印).

use crate::common;

// The forms of `examples/make_corpus.rs` (its `vary`), which the README's
// LibreOffice page counts are measured on.
#[allow(dead_code)]
#[path = "../examples/make_corpus.rs"]
mod make_corpus;

use common::*;
use jixiao::scheme::Scheme;
use std::path::Path;

/// `n` departments as `examples/make_corpus.rs` writes them (seed 7), to `dir`,
/// each file named by `name` from its index and department.
fn forms(n: usize, dir: &Path, scheme: &Scheme, name: &dyn Fn(usize, &str) -> String) {
    let bases: Vec<_> = ["000.xlsx", "001.xlsx", "002.xlsx", "003.xlsx", "004.xlsx"]
        .iter()
        .map(|f| {
            let bytes = std::fs::read(root().join("samples").join(f)).unwrap();
            jixiao::read::read_form(f, &bytes, scheme).unwrap()
        })
        .collect();
    for i in 0..n {
        let mut rng = make_corpus::Rng(7 ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let f = make_corpus::vary(&bases[i % 5], i, &mut rng);
        let bytes = jixiao::write::form::canonical_bytes(&f, scheme).unwrap();
        std::fs::write(dir.join(name(i, &f.name)), bytes).unwrap();
    }
}

/// Pages of a batch: 总览 + 汇总表, the printed set (all but the reference
/// sheets), the whole workbook.
struct Count {
    departments: usize,
    leader: usize,
    printed: usize,
    all: usize,
    /// Each sheet's pages.
    sheets: Vec<(String, usize)>,
}

/// The pages of a batch of these inputs, printing each sheet's plan.
fn pages(inputs: Vec<std::path::PathBuf>) -> Count {
    let scheme = Scheme::builtin();
    let options = jixiao::Options::new(inputs, scheme.clone());
    let files = jixiao::inputs(&options).unwrap();
    let batch = jixiao::run(&options, &files, &|_| {});
    let plans = jixiao::write::xlsx::pages(&batch, &scheme);
    let n = batch.departments.len();
    let mut c = Count {
        departments: n,
        leader: 0,
        printed: 0,
        all: 0,
        sheets: Vec::new(),
    };
    for s in &plans {
        let p = &s.plan;
        eprintln!(
            "{n} 部门 {}{}: {} {} {}%, {} × {} = {} 页",
            s.name,
            if s.reference { "（参考表）" } else { "" },
            p.paper.label(),
            if p.landscape { "横向" } else { "纵向" },
            p.scale,
            p.across(),
            p.down(),
            p.pages()
        );
        if s.name == "总览" || s.name == "汇总表" {
            c.leader += p.pages();
        }
        if !s.reference {
            c.printed += p.pages();
        }
        c.all += p.pages();
        c.sheets.push((s.name.clone(), p.pages()));
    }
    eprintln!(
        "{n} 部门：总览 + 汇总表 {} 页，打印的表 {} 页，整个工作簿 {} 页",
        c.leader, c.printed, c.all
    );
    c
}

#[test]
fn five_departments_print_the_overview_on_one_page() {
    let c = pages(vec![root().join("samples")]);
    assert_eq!(c.departments, 5);
    // 总览 on one A4 page, 汇总表 in its two column groups.
    assert_eq!(c.leader, 3);
    // 总览 1, 汇总表 2, 审核问题 1, 报告核对 4-5, 统计分析 2, 文件清单 1.
    assert!(c.printed <= 12, "打印的表 {} 页", c.printed);
    // And 资金明细 4 (four column groups), 指标得分 3, 目标完成 1.
    assert!(c.all <= 20, "整个工作簿 {} 页", c.all);
}

#[test]
fn two_hundred_and_a_thousand_departments_keep_to_the_budget() {
    let scheme = Scheme::builtin();
    for n in [200, 1000] {
        let dir = tempfile::tempdir().unwrap();
        forms(n, dir.path(), &scheme, &|i, _| format!("{i:06}.xlsx"));
        let c = pages(vec![dir.path().to_path_buf()]);
        assert_eq!(c.departments, n);
        let per = n / 200;
        let (leader, all) = (12 * per, 150 * per);
        assert!(
            c.leader <= leader,
            "{n} 部门：总览 + 汇总表 {} 页 > {leader}",
            c.leader
        );
        assert!(c.printed < c.all);
        assert!(c.all <= all, "{n} 部门：整个工作簿 {} 页 > {all}", c.all);
    }
}

/// Files named as departments name them (`广州市…局2023年度部门整体支出绩效自评表.xlsx`,
/// some thirty characters): the file's name is printed only in 文件清单, so
/// every other sheet prints on as many pages as with short names. Before,
/// 汇总表's 源文件 and 审核问题's 位置 wrapped it into every row (LibreOffice,
/// `jixiao 报送`: 197 pages, 汇总表 14, 审核问题 76; now 149).
#[test]
fn departments_own_file_names_print_only_in_the_file_list() {
    let scheme = Scheme::builtin();
    let dir = tempfile::tempdir().unwrap();
    let (short, long) = (dir.path().join("短"), dir.path().join("报送"));
    std::fs::create_dir(&short).unwrap();
    std::fs::create_dir(&long).unwrap();
    forms(200, &short, &scheme, &|i, _| format!("{i:06}.xlsx"));
    forms(200, &long, &scheme, &|_, department| {
        format!("{department}2023年度部门整体支出绩效自评表.xlsx")
    });
    let (short, long) = (pages(vec![short]), pages(vec![long]));
    assert_eq!(long.departments, 200);
    assert!(long.leader <= 12, "总览 + 汇总表 {} 页 > 12", long.leader);
    for (a, b) in short.sheets.iter().zip(&long.sheets) {
        if a.0 != "文件清单" {
            assert_eq!(a, b, "文件名长短不应改变 {} 的页数", a.0);
        }
    }
}
