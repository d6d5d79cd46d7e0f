//! 汇总表 and 资金明细: one row per department with its totals, and the 合计 row.

use super::*;

/// The departments' positions (in name order) by rank: ranked ones by 排名, then
/// those without a 复核总分, each by name.
pub fn ranked_order(batch: &Batch) -> Vec<usize> {
    let summaries = batch.departments.summaries();
    let mut order: Vec<usize> = (0..summaries.len()).collect();
    // Stable: equal ranks keep name order.
    order.sort_by_key(|&i| summaries[i].rank.unwrap_or(u32::MAX));
    order
}

/// 汇总表: one row per department by rank (then name), then a 合计 row. The
/// name, 复核总分, 等级 and 排名 come first, so that they print on the first
/// page of each row; the amounts and level scores after them.
pub fn summary<'a>(batch: &'a Batch, scheme: &'a Scheme) -> Table<'a> {
    let level1 = scheme.level1();
    let level2 = scheme.level2();
    let mut columns: Vec<String> = [
        "序号",
        "部门名称",
        "复核总分",
        "等级",
        "排名",
        "自评总分",
        "差异",
        "下级单位数",
        "全年预算数",
        "全年执行数",
        "执行率",
    ]
    .map(String::from)
    .to_vec();
    let (c_review, c_self, c_units, c_budget, c_spent, c_rate) = (2, 5, 7, 8, 9, 10);
    columns.extend(
        level1
            .iter()
            .map(|(n, p)| format!("{n}（{}分）", crate::num::plain(*p))),
    );
    columns.extend(
        level2
            .iter()
            .map(|(n, p)| format!("{n}（{}分）", crate::num::plain(*p))),
    );
    let c_err = columns.len();
    columns.extend(["错误数", "警告数", "源文件"].map(String::from));
    let row = move |i: usize, d: Department| {
        let f = &d.form;
        let s = &d.review.scores;
        let total = f.fund(FundKind::Total);
        let mut row = vec![
            int(i as i64 + 1),
            text(&f.name),
            score(s.total),
            opt_text(s.grade.map(Grade::label)),
            s.rank.map_or(Cell::Value(Value::Empty), |r| int(r.into())),
            score(value_of(&f.self_total)),
            match s.difference {
                Some(diff) => Cell::Formula {
                    formula: format!("={}{{r}}-{}{{r}}", col(c_review as u32), col(c_self as u32)),
                    cached: Value::Score(diff),
                },
                None => Cell::Value(Value::Empty),
            },
            Cell::Value(
                f.subordinate_units
                    .as_ref()
                    .map_or(Value::Empty, |u| Value::Int(u.value.into())),
            ),
            money(value_of(&total.budget)),
            money(value_of(&total.spent)),
            rate_formula(c_spent, c_budget, d.review.funds[0].rate),
        ];
        // The columns are the main scheme's levels; a department scored under
        // another scheme (another layout's) fills those it shares by name.
        let by_name = |list: &[(String, Option<Decimal>, Decimal)], name: &str| {
            score(
                list.iter()
                    .find(|(n, _, _)| n == name)
                    .and_then(|(_, v, _)| *v),
            )
        };
        let (level1, level2) = scheme.levels();
        row.extend(level1.iter().map(|(n, _)| by_name(&s.by_level1, n)));
        row.extend(level2.iter().map(|(n, _)| by_name(&s.by_level2, n)));
        let (e, w) = errors_warnings(&d.finding_counts);
        row.push(int(e));
        row.push(int(w));
        row.push(text(&f.file));
        row
    };
    let order = ranked_order(batch);
    let rows: RowSource<'a> = Box::new(move || {
        Box::new(
            batch
                .departments
                .runs_in(order.clone(), Parts::FIGURES, row)
                .map(|run| run.into_iter().collect()),
        )
    });
    let dist = &batch.district;
    let (_, ints) = column_sums(rows().flatten(), columns.len());
    let mut total = vec![Cell::Value(Value::Empty); columns.len()];
    total[1] = text("合计");
    total[c_units] = sum_formula(c_units, Value::Int(ints[c_units]));
    if dist.unit_suspect == 0 && dist.without_amounts == 0 {
        total[c_budget] = sum_formula(c_budget, Value::Money(dist.budget));
        total[c_spent] = sum_formula(c_spent, Value::Money(dist.spent));
    } else {
        // A sum formula would add the amounts left out: the figures stand as values.
        let mut left_out = Vec::new();
        if dist.unit_suspect > 0 {
            left_out.push(format!("{} 个金额单位存疑的部门", dist.unit_suspect));
        }
        if dist.without_amounts > 0 {
            left_out.push(format!(
                "{} 个没有全年预算数或全年执行数的部门",
                dist.without_amounts
            ));
        }
        total[1] = text(format!("合计（不含 {}）", left_out.join("、")));
        total[c_budget] = money(Some(dist.budget));
        total[c_spent] = money(Some(dist.spent));
    }
    total[c_rate] = rate_formula(c_spent, c_budget, dist.rate);
    total[c_err] = sum_formula(c_err, Value::Int(ints[c_err]));
    total[c_err + 1] = sum_formula(c_err + 1, Value::Int(ints[c_err + 1]));
    Table {
        name: "汇总表".into(),
        title: title(batch, "汇总表"),
        money: true,
        groups: Vec::new(),
        columns,
        len: batch.departments.len(),
        rows,
        total: Some(total),
        choices: Vec::new(),
        colours: Vec::new(),
        blocks: Vec::new(),
        reference: false,
        // 源文件: on screen, not in the leader's print (文件清单 lists every file).
        unprinted: 1,
    }
}

/// 资金明细: every fund row, carry-over, 三公, procurement and fixed assets.
pub fn funds(batch: &Batch) -> Table<'_> {
    let mut columns: Vec<String> = vec!["序号".into(), "部门名称".into()];
    let mut groups = Vec::new();
    let mut group = |columns: &mut Vec<String>, label: &str, heads: &[&str]| {
        groups.push(Group {
            first: columns.len(),
            last: columns.len() + heads.len() - 1,
            label: label.to_string(),
        });
        columns.extend(heads.iter().map(|h| h.to_string()));
    };
    for kind in FundKind::ALL {
        group(
            &mut columns,
            kind.label(),
            &["年初预算数", "全年预算数", "全年执行数", "执行率"],
        );
    }
    group(&mut columns, "结转结余", &["年末结转和结余", "结转结余率"]);
    group(&mut columns, "“三公”经费", &["预算数", "执行数", "控制率"]);
    group(
        &mut columns,
        "政府采购",
        &["采购预算", "实际采购金额", "执行率"],
    );
    group(
        &mut columns,
        "固定资产",
        &["固定资产原值", "在用固定资产原值", "利用率"],
    );
    let carry = 2 + 4 * FundKind::ALL.len();
    let row = move |i: usize, d: Department| {
        let f = &d.form;
        let r = &d.review;
        let mut row = vec![int(i as i64 + 1), text(&f.name)];
        for kind in FundKind::ALL {
            let fr = f.fund(kind);
            let base = 2 + 4 * kind as usize;
            row.push(money(value_of(&fr.initial)));
            row.push(money(value_of(&fr.budget)));
            row.push(money(value_of(&fr.spent)));
            row.push(rate_formula(
                base + 2,
                base + 1,
                r.funds[kind as usize].rate,
            ));
        }
        let (sg, proc_, fixed) = (carry + 2, carry + 5, carry + 8);
        row.push(money(value_of(&f.carryover)));
        row.push(rate_formula(carry, 3, r.carryover_rate));
        let sgt = f.sangong(SangongKind::Total);
        row.push(money(value_of(&sgt.budget)));
        row.push(money(value_of(&sgt.spent)));
        row.push(rate_formula(sg + 1, sg, r.sangong_rates[0]));
        row.push(money(value_of(&f.procurement.budget)));
        row.push(money(value_of(&f.procurement.spent)));
        row.push(rate_formula(proc_ + 1, proc_, r.procurement_rate));
        row.push(money(value_of(&f.assets.fixed_original)));
        row.push(money(value_of(&f.assets.fixed_in_use)));
        row.push(rate_formula(fixed + 1, fixed, r.fixed_asset_utilization));
        row
    };
    let rows = by_department(batch, Parts::FIGURES, move |i, d| vec![row(i, d)]);
    let (sums, _) = column_sums(rows().flatten(), columns.len());
    let ratio = |n: usize, d: usize| crate::num::ratio(sums[n], sums[d]).map(crate::num::round4);
    let mut total = vec![Cell::Value(Value::Empty); columns.len()];
    total[1] = text("合计");
    for (c, cell) in total.iter_mut().enumerate().skip(2) {
        let is_rate = columns[c].ends_with('率');
        *cell = if !is_rate {
            sum_formula(c, Value::Money(sums[c]))
        } else if c == carry + 1 {
            rate_formula(carry, 3, ratio(carry, 3))
        } else {
            rate_formula(c - 1, c - 2, ratio(c - 1, c - 2))
        };
    }
    Table {
        name: "资金明细".into(),
        title: title(batch, "资金明细表"),
        money: true,
        groups,
        columns,
        len: batch.departments.len(),
        rows,
        total: Some(total),
        choices: Vec::new(),
        colours: Vec::new(),
        blocks: Vec::new(),
        reference: true,
        unprinted: 0,
    }
}
