//! REPORT-CONFLICT's search against the pass over all claims it replaced, and
//! [`Agreement`] against [`agree`].

use super::*;

fn claim(subject: &str, unit: Unit, value: &str, paragraph: usize) -> Claim {
    let value: Decimal = value.parse().unwrap();
    Claim {
        subject: subject.into(),
        name: subject.into(),
        value,
        places: value.scale(),
        unit,
        paragraph,
        quote: format!("{subject}{value}"),
    }
}

fn conflicts_of(claims: Vec<Claim>) -> Vec<Slip> {
    let st = Statements {
        claims,
        ..Statements::default()
    };
    let mut out = Vec::new();
    conflicts(&st, &Tolerances::default(), &mut out);
    out
}

/// Each later claim against the first earlier one it disagrees with, whatever
/// lies between: 99.8% and 99.80% agree, 90% agrees with neither.
#[test]
fn a_later_claim_is_held_against_the_first_earlier_disagreement() {
    let rate = |v: &str, p| claim("rate", Unit::Percent, v, p);
    let slips = conflicts_of(vec![
        rate("99.8", 1),
        rate("99.80", 2),
        rate("90", 3),
        rate("99.8", 4),
        rate("90", 5),
        claim("share", Unit::Percent, "1", 6),
        claim("share", Unit::Percent, "2", 7),
    ]);
    let found: Vec<(usize, &str)> = slips
        .iter()
        .map(|s| (s.paragraph, s.computed.as_deref().unwrap()))
        .collect();
    assert_eq!(found, [(3, "99.8%"), (4, "90%"), (5, "99.8%")]);
    assert_eq!(
        slips[0].message,
        "“rate90”与第 1 段“rate99.8”不一致（rate）"
    );
    assert_eq!(
        slips[1].message,
        "“rate99.8”与第 3 段“rate90”不一致（rate）"
    );
}

/// Amounts within a cent of each other agree, grades only when equal; a subject
/// is compared with itself only.
#[test]
fn amounts_grades_and_subjects() {
    let slips = conflicts_of(vec![
        claim("budget", Unit::Wan, "100.00", 1),
        claim("spent", Unit::Wan, "50", 2),
        claim("budget", Unit::Wan, "100.01", 3),
        claim("budget", Unit::Wan, "99.98", 4),
        claim("grade", Unit::Grade, "4", 5),
        claim("grade", Unit::Grade, "4", 6),
        claim("grade", Unit::Grade, "3", 7),
        claim("grade", Unit::Grade, "4", 8),
        claim("score", Unit::Points, "90.00", 9),
        claim("score", Unit::Points, "90.01", 10),
        claim("score", Unit::Points, "90.02", 11),
    ]);
    let found: Vec<(usize, &str)> = slips
        .iter()
        .map(|s| (s.paragraph, s.computed.as_deref().unwrap()))
        .collect();
    assert_eq!(
        found,
        [(4, "100.00万元"), (7, "优"), (8, "良"), (11, "90.00分")]
    );
}

/// The quadratic search of the first version, kept as the reference.
fn by_scan(st: &Statements, t: &Tolerances) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, later) in st.claims.iter().enumerate() {
        if later.subject == "share" || later.subject.ends_with("progress_rate") {
            continue;
        }
        if let Some(j) = st.claims[..i]
            .iter()
            .position(|c| c.subject == later.subject && !agree(c, later, t))
        {
            out.push((j, i));
        }
    }
    out
}

/// On random claims (few subjects, close values, mixed units and precisions)
/// the search finds the same earlier claim as a pass over all of them.
#[test]
fn the_search_finds_what_a_scan_finds() {
    let mut rng = fastrand::Rng::with_seed(24);
    let units = [Unit::Percent, Unit::Wan, Unit::Points, Unit::Grade];
    for _ in 0..300 {
        let n = rng.usize(1..60);
        let claims: Vec<Claim> = (0..n)
            .map(|p| {
                let subject = ["a", "b", "x.progress_rate"][rng.usize(0..3)];
                let unit = units[rng.usize(0..4)];
                let value = Decimal::new(rng.i64(9_990..10_010), rng.u32(0..4));
                let mut c = claim(subject, unit, &value.to_string(), p / 3 + 1);
                c.places = rng.u32(0..4);
                c
            })
            .collect();
        let st = Statements {
            claims,
            ..Statements::default()
        };
        let t = Tolerances::default();
        let mut slips = Vec::new();
        conflicts(&st, &t, &mut slips);
        let expected = by_scan(&st, &t);
        assert_eq!(slips.len(), expected.len());
        for (slip, (j, i)) in slips.iter().zip(expected) {
            assert_eq!(slip.paragraph, st.claims[i].paragraph);
            assert_eq!(slip.computed, Some(st.claims[j].shown()));
            assert!(slip.message.contains(&quoted(&st.claims[j].quote)));
        }
    }
}

/// On random claims, whether one of a set agrees with a claim is what a pass over
/// the set finds.
#[test]
fn agreement_finds_what_a_scan_finds() {
    let mut rng = fastrand::Rng::with_seed(25);
    let units = [Unit::Percent, Unit::Wan, Unit::Points, Unit::Grade];
    let t = Tolerances::default();
    let random = |rng: &mut fastrand::Rng, p: usize| {
        let value = Decimal::new(rng.i64(9_990..10_010), rng.u32(0..4));
        let mut c = claim("a", units[rng.usize(0..4)], &value.to_string(), p);
        c.places = rng.u32(0..4);
        c
    };
    for _ in 0..300 {
        let set: Vec<Claim> = (0..rng.usize(1..30)).map(|p| random(&mut rng, p)).collect();
        let agreement = Agreement::new(&set, &t);
        for p in 0..30 {
            let c = random(&mut rng, p);
            let scan = set.iter().any(|o| agree(&c, o, &t));
            assert_eq!(agreement.any_agrees(&c, &t), scan, "{c:?} against {set:?}");
        }
    }
}

#[test]
fn a_rule_lists_at_most_fifty_slips_of_a_report_and_counts_the_rest() {
    let slip = |rule, paragraph| Slip {
        rule,
        paragraph,
        message: format!("第 {paragraph} 段"),
        declared: None,
        computed: None,
    };
    // 120 conflicts in paragraphs 1..=120, three sums in 5, 6, 7.
    let mut slips: Vec<Slip> = (1..=120).map(|p| slip(Rule::ReportConflict, p)).collect();
    slips.extend((5..=7).map(|p| slip(Rule::ReportSum, p)));
    slips.sort_by_key(|s| s.paragraph);
    let out = capped(slips);
    let conflicts: Vec<&Slip> = out
        .iter()
        .filter(|s| s.rule == Rule::ReportConflict)
        .collect();
    // The first fifty (paragraphs 1–50), then one for paragraphs 51–120: 70 more.
    assert_eq!(conflicts.len(), 51);
    assert_eq!(conflicts[49].paragraph, 50);
    assert_eq!(conflicts[50].paragraph, 51);
    assert_eq!(
        conflicts[50].message,
        "另有 70 处同类问题（第 51–120 段）未逐一列出：这份报告中这类问题超过 50 处，请先核对上面所列的，再逐段核对其余"
    );
    // A rule under the cap keeps all its slips.
    assert_eq!(out.iter().filter(|s| s.rule == Rule::ReportSum).count(), 3);
}
