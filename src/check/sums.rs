//! Rules on the money blocks: `SUM-FUNDS`, `SUM-NATURE`, `SUM-SANGONG`,
//! `OVERSPEND`, `RATE-DECLARED`, and `NEGATIVE` for amounts.

use super::Ctx;
use crate::model::*;
use crate::num::{self, money, percent, ratio};
use rust_decimal::Decimal;

/// `total` against the sum of `parts` (absent parts count 0; nothing is checked
/// when the total or every part is absent).
fn sum_rule(ctx: &mut Ctx<'_>, rule: Rule, total: &Amount, parts: &[&Amount], what: String) {
    let Some(total) = total else { return };
    if parts.iter().all(|p| p.is_none()) {
        return;
    }
    let sum: Decimal = parts.iter().filter_map(|p| value_of(p)).sum();
    let diff = total.value - sum;
    if diff.abs() > ctx.tol.money {
        ctx.raise(
            rule,
            Severity::Warning,
            Some(total.at),
            format!(
                "{what}：合计填 {}，分项之和为 {}，相差 {}",
                money(total.value),
                money(sum),
                money(diff.abs())
            ),
            Some(money(total.value)),
            Some(money(sum)),
        );
    }
}

/// Picks one column of a fund row.
type Column = fn(&FundRow) -> &Amount;

const COLUMNS: [(&str, Column); 3] = [
    ("年初预算数", |r| &r.initial),
    ("全年预算数", |r| &r.budget),
    ("全年执行数", |r| &r.spent),
];

fn funds(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    let fiscal = f.fund(FundKind::Fiscal);
    // 上年结转资金 is a part of the total only on forms that have the row: the
    // message names it then, and the canonical and national messages stay as they are.
    let carried_over = has_any(f.fund(FundKind::CarriedOver));
    if has_any(fiscal) {
        // 财政拨款 is all fiscal money: with 其他资金 (and 上年结转资金 where the
        // form has that row) it makes the total, and the three budgets, where the
        // form also splits them, make 财政拨款.
        for (name, column) in COLUMNS {
            let carried = column(f.fund(FundKind::CarriedOver));
            sum_rule(
                ctx,
                Rule::SumFunds,
                column(f.fund(FundKind::Total)),
                &[column(fiscal), carried, column(f.fund(FundKind::Other))],
                if carried_over {
                    format!("年度资金总额的{name}不等于财政拨款、上年结转资金与其他资金之和")
                } else {
                    format!("年度资金总额的{name}不等于财政拨款与其他资金之和")
                },
            );
            let split = [
                FundKind::GeneralPublic,
                FundKind::GovFund,
                FundKind::StateCapital,
            ]
            .map(|k| column(f.fund(k)));
            sum_rule(
                ctx,
                Rule::SumFunds,
                column(fiscal),
                &split,
                format!("财政拨款的{name}不等于一般公共预算、政府性基金预算、国有资本经营预算之和"),
            );
        }
        structure(ctx);
        return nature(ctx);
    }
    structure(ctx);
    for (name, column) in COLUMNS {
        let parts = [
            FundKind::GeneralPublic,
            FundKind::GovFund,
            FundKind::StateCapital,
            FundKind::Other,
            FundKind::CarriedOver,
        ]
        .map(|k| column(f.fund(k)));
        let carried = if carried_over {
            "、上年结转资金"
        } else {
            ""
        };
        sum_rule(
            ctx,
            Rule::SumFunds,
            column(f.fund(FundKind::Total)),
            &parts,
            format!("年度资金总额的{name}不等于一般公共预算、政府性基金预算、国有资本经营预算、其他资金{carried}之和"),
        );
    }
    nature(ctx);
}

/// Whether a fund row holds any amount (年初预算数, 全年预算数 or 全年执行数).
fn has_any(row: &FundRow) -> bool {
    [&row.initial, &row.budget, &row.spent]
        .iter()
        .any(|a| a.is_some())
}

/// 基本支出 + 项目支出 = 年度资金总额 全年执行数.
fn nature(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    sum_rule(
        ctx,
        Rule::SumNature,
        &f.fund(FundKind::Total).spent,
        &[
            &f.fund(FundKind::Basic).spent,
            &f.fund(FundKind::Project).spent,
        ],
        "基本支出与项目支出之和不等于年度资金总额的全年执行数".into(),
    );
}

/// The columns a Fujian-style money table derives (`LAYOUTS.md` §3): ④ = ① + ② + ③,
/// ⑦ = ④ − ⑤ and ⑧ = ⑦ / ④, on every fund row that has them.
fn structure(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    for k in FundKind::ALL {
        let r = f.fund(k);
        if r.carried_over.is_some() || r.adjustment.is_some() {
            sum_rule(
                ctx,
                Rule::SumFunds,
                &r.budget,
                &[&r.initial, &r.carried_over, &r.adjustment],
                format!(
                    "{}的小计④不等于年初预算①、历年结余结转②、年中调整③之和",
                    k.label()
                ),
            );
        }
        let (Some(budget), Some(spent)) = (value_of(&r.budget), value_of(&r.spent)) else {
            continue;
        };
        let balance = budget - spent;
        if let Some(declared) = &r.balance {
            let diff = declared.value - balance;
            if diff.abs() > ctx.tol.money {
                ctx.raise(
                    Rule::SumFunds,
                    Severity::Warning,
                    Some(declared.at),
                    format!(
                        "{}的本年度结余⑦应为小计④减年度拨付⑤：填 {}，计算为 {}，相差 {}",
                        k.label(),
                        money(declared.value),
                        money(balance),
                        money(diff.abs())
                    ),
                    Some(money(declared.value)),
                    Some(money(balance)),
                );
            }
        }
        if let (Some(declared), Some(rate)) = (&r.declared_balance_rate, ratio(balance, budget)) {
            if (declared.value - rate).abs() > ctx.tol.rate() {
                ctx.raise(
                    Rule::RateDeclared,
                    Severity::Warning,
                    Some(declared.at),
                    format!(
                        "{}的资金结余率⑧填 {}，按（④−⑤）÷④计算为 {}",
                        k.label(),
                        percent(Some(declared.value)),
                        percent(Some(num::round4(rate)))
                    ),
                    Some(percent(Some(declared.value))),
                    Some(percent(Some(num::round4(rate)))),
                );
            }
        }
    }
}

fn sangong(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    let line = |k| f.sangong(k);
    for (name, column) in [
        (
            "预算数",
            (|p: &PairRow| &p.budget) as fn(&PairRow) -> &Amount,
        ),
        ("执行数", |p: &PairRow| &p.spent),
    ] {
        sum_rule(
            ctx,
            Rule::SumSangong,
            column(line(SangongKind::Total)),
            &[
                column(line(SangongKind::Abroad)),
                column(line(SangongKind::Vehicles)),
                column(line(SangongKind::Reception)),
            ],
            format!("“三公”经费合计的{name}不等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和"),
        );
        sum_rule(
            ctx,
            Rule::SumSangong,
            column(line(SangongKind::Vehicles)),
            &[
                column(line(SangongKind::VehiclePurchase)),
                column(line(SangongKind::VehicleRunning)),
            ],
            format!("公务用车购置及运行维护费的{name}不等于购置费与运行维护费之和"),
        );
    }
}

/// One budget/spent line of the form with its declared and computed rate.
struct Line<'a> {
    label: String,
    budget: &'a Amount,
    spent: &'a Amount,
    declared: &'a Amount,
    computed: Option<Decimal>,
}

/// Every fund row, 三公 line and the 政府采购 line.
fn lines(d: &Department) -> Vec<Line<'_>> {
    let f = &d.form;
    let mut out = Vec::new();
    for k in FundKind::ALL {
        let r = f.fund(k);
        out.push(Line {
            label: k.label().to_string(),
            budget: &r.budget,
            spent: &r.spent,
            declared: &r.declared_rate,
            computed: d.review.funds[k as usize].rate,
        });
    }
    for k in SangongKind::ALL {
        let l = f.sangong(k);
        out.push(Line {
            label: k.label().trim_start_matches("其中：").to_string(),
            budget: &l.budget,
            spent: &l.spent,
            declared: &l.declared_rate,
            computed: d.review.sangong_rates[k as usize],
        });
    }
    let p = &f.procurement;
    out.push(Line {
        label: "政府采购".into(),
        budget: &p.budget,
        spent: &p.spent,
        declared: &p.declared_rate,
        computed: d.review.procurement_rate,
    });
    out
}

fn rates_and_overspend(ctx: &mut Ctx<'_>) {
    let d = ctx.d;
    for Line {
        label,
        budget,
        spent,
        declared,
        computed,
    } in lines(d)
    {
        if let (Some(b), Some(s)) = (budget, spent) {
            if s.value - b.value > ctx.tol.money {
                ctx.raise(
                    Rule::Overspend,
                    Severity::Warning,
                    Some(s.at),
                    format!(
                        "{label}：执行数 {} 超过预算数 {}",
                        money(s.value),
                        money(b.value)
                    ),
                    Some(money(s.value)),
                    Some(money(b.value)),
                );
            }
        }
        let (Some(declared), Some(_)) = (declared, computed) else {
            continue;
        };
        // Compare with the unrounded rate: a declared 98.92% is right for 0.98916.
        let exact = ratio(
            value_of(spent).unwrap_or_default(),
            value_of(budget).unwrap_or_default(),
        );
        let Some(exact) = exact else { continue };
        if (declared.value - exact).abs() > ctx.tol.rate() {
            ctx.raise(
                Rule::RateDeclared,
                Severity::Warning,
                Some(declared.at),
                format!(
                    "{label}：申报执行率 {}，按执行数 ÷ 预算数计算应为 {}",
                    percent(Some(declared.value)),
                    percent(Some(num::round4(exact)))
                ),
                Some(percent(Some(declared.value))),
                Some(percent(Some(num::round4(exact)))),
            );
        }
    }
}

/// Declared completion of goals against the computed one (either the capped
/// completion or the plain ratio is accepted, as forms write both).
fn goal_rates(ctx: &mut Ctx<'_>) {
    let d = ctx.d;
    for (g, r) in d.form.goals.iter().zip(&d.review.goals) {
        let (Some(declared), Some(computed)) = (&g.declared_completion, r.completion) else {
            continue;
        };
        let plain = match (&g.target, &g.actual) {
            (Some(t), Some(a)) => match (&t.value.measure, &a.value.measure) {
                (Measure::Number(t), Measure::Number(a))
                | (Measure::Percent(t), Measure::Percent(a)) => ratio(*a, *t),
                _ => None,
            },
            _ => None,
        };
        let close = |v: Decimal| (declared.value - v).abs() <= ctx.tol.rate() + Decimal::new(5, 5);
        if !close(computed) && !plain.is_some_and(close) {
            ctx.raise(
                Rule::RateDeclared,
                Severity::Warning,
                Some(declared.at),
                format!(
                    "绩效目标“{}”：申报完成率 {}，按目标值与实际完成值计算应为 {}",
                    g.name,
                    percent(Some(declared.value)),
                    percent(Some(computed))
                ),
                Some(percent(Some(declared.value))),
                Some(percent(Some(computed))),
            );
        }
    }
}

fn negative_amounts(ctx: &mut Ctx<'_>) {
    let f = &ctx.d.form;
    let mut amounts: Vec<(String, &Amount)> = Vec::new();
    for k in FundKind::ALL {
        let r = f.fund(k);
        for (name, a) in [
            ("年初预算数", &r.initial),
            ("全年预算数", &r.budget),
            ("全年执行数", &r.spent),
        ] {
            amounts.push((format!("{}{name}", k.label()), a));
        }
    }
    for k in SangongKind::ALL {
        let l = f.sangong(k);
        let label = k.label().trim_start_matches("其中：");
        amounts.push((format!("{label}预算数"), &l.budget));
        amounts.push((format!("{label}执行数"), &l.spent));
    }
    amounts.push(("政府采购预算".into(), &f.procurement.budget));
    amounts.push(("实际采购金额".into(), &f.procurement.spent));
    amounts.push(("年末结转和结余".into(), &f.carryover));
    amounts.push(("年末资产总额".into(), &f.assets.total));
    amounts.push(("固定资产原值".into(), &f.assets.fixed_original));
    amounts.push(("在用固定资产原值".into(), &f.assets.fixed_in_use));
    let negatives: Vec<(String, Located<Decimal>)> = amounts
        .into_iter()
        .filter_map(|(n, a)| {
            a.as_ref()
                .filter(|a| a.value < Decimal::ZERO)
                .map(|a| (n, a.clone()))
        })
        .collect();
    for (name, a) in negatives {
        ctx.raise(
            Rule::Negative,
            Severity::Error,
            Some(a.at),
            format!("{name}为负数（{}），金额不能为负", money(a.value)),
            Some(money(a.value)),
            None,
        );
    }
}

/// Run the money rules.
pub fn check(ctx: &mut Ctx<'_>) {
    funds(ctx);
    sangong(ctx);
    rates_and_overspend(ctx);
    goal_rates(ctx);
    negative_amounts(ctx);
}

#[cfg(test)]
mod tests;
