//! Unit tests of `read/target.rs`: each shape as written on the forms.

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(month: u32, day: u32) -> Day {
    Day {
        year: Year::Form,
        month,
        day,
    }
}

fn q(value: &str, unit: &str, scaled: bool) -> Quantity {
    Quantity {
        value: d(value),
        unit: unit.into(),
        scaled,
    }
}

#[test]
fn deadlines() {
    let deadline = |strict, lenient| Shape::Deadline { strict, lenient };
    // Before September: surely by 8-31, at the latest by the end of September.
    assert_eq!(read("9月前"), deadline(day(8, 31), day(9, 31)));
    assert_eq!(read("9月底前"), deadline(day(9, 31), day(9, 31)));
    assert_eq!(read("12月底前"), deadline(day(12, 31), day(12, 31)));
    assert_eq!(read("十一月前"), deadline(day(10, 31), day(11, 31)));
    assert_eq!(read("年底前完成"), deadline(day(12, 31), day(12, 31)));
    assert_eq!(read("年内完成"), deadline(day(12, 31), day(12, 31)));
    assert_eq!(read("第三季度前"), deadline(day(6, 31), day(9, 31)));
    assert_eq!(read("三季度末前"), deadline(day(9, 31), day(9, 31)));
    assert_eq!(read("9月30日前"), deadline(day(9, 29), day(9, 30)));
    assert_eq!(
        read("2023年6月底前"),
        Shape::Deadline {
            strict: Day {
                year: Year::Written(2023),
                month: 6,
                day: 31
            },
            lenient: Day {
                year: Year::Written(2023),
                month: 6,
                day: 31
            },
        }
    );
    // No day before 1-01 within the year: not read.
    assert_eq!(read("1月前"), Shape::Text);
}

#[test]
fn dates_and_done_words() {
    let span = |a, b| Shape::Date(Span { first: a, last: b });
    assert_eq!(read("7月"), span(day(7, 1), day(7, 31)));
    assert_eq!(read("11月完成"), span(day(11, 1), day(11, 31)));
    assert_eq!(read("10月底"), span(day(10, 31), day(10, 31)));
    assert_eq!(read("已于10月15日完成"), span(day(10, 15), day(10, 15)));
    assert_eq!(read("10月中旬"), span(day(10, 11), day(10, 20)));
    assert_eq!(
        read("次年1月"),
        Shape::Date(Span {
            first: Day {
                year: Year::Next,
                month: 1,
                day: 1
            },
            last: Day {
                year: Year::Next,
                month: 1,
                day: 31
            },
        })
    );
    assert_eq!(read("已完成"), Shape::Done);
    assert_eq!(read("按期完成"), Shape::OnTime);
    assert_eq!(read("未完成"), Shape::NotDone);
    assert_eq!(read("13月"), Shape::Text);
}

#[test]
fn controls() {
    for w in [
        "不超预算",
        "未超预算",
        "控制在预算内",
        "控制在预算范围内",
        "未超支",
    ] {
        assert_eq!(read(w), Shape::WithinBudget, "{w}");
    }
    assert_eq!(read("超预算"), Shape::OverBudget);
    assert_eq!(
        read("不超过5万元"),
        Shape::Quantity(Some(Direction::AtMost), q("50000", "元", true))
    );
    assert_eq!(
        read("控制在5万元以内"),
        Shape::Quantity(Some(Direction::AtMost), q("50000", "元", true))
    );
    assert_eq!(
        read("5天以内"),
        Shape::Quantity(Some(Direction::AtMost), q("5", "天", false))
    );
}

#[test]
fn ranges() {
    let pct = |v: &str| q(v, "%", false);
    assert_eq!(read("90%-95%"), Shape::Range(pct("0.90"), pct("0.95")));
    assert_eq!(read("90%～95%"), Shape::Range(pct("0.90"), pct("0.95")));
    assert_eq!(read("90-95%"), Shape::Range(pct("0.90"), pct("0.95")));
    assert_eq!(read("90%至95%"), Shape::Range(pct("0.90"), pct("0.95")));
    assert_eq!(
        read("3-5万人次"),
        Shape::Range(q("30000", "人次", true), q("50000", "人次", true))
    );
    // Ends in different units, or upside down: not a range.
    assert_eq!(read("90%-95人"), Shape::Text);
    assert_eq!(read("95%-90%"), Shape::Text);
    // A date is not a range.
    assert_eq!(read("2024-05-20"), Shape::Text);
}

#[test]
fn quantities() {
    assert_eq!(
        read("≥5万人次"),
        Shape::Quantity(Some(Direction::AtLeast), q("50000", "人次", true))
    );
    assert_eq!(
        read("5.6万人次"),
        Shape::Quantity(None, q("56000", "人次", false).with_scaled())
    );
    assert_eq!(
        read("1.2亿元"),
        Shape::Quantity(None, q("120000000", "元", true))
    );
    assert_eq!(
        read("3120卷"),
        Shape::Quantity(None, q("3120", "卷", false))
    );
    assert_eq!(
        read("≥98%"),
        Shape::Quantity(Some(Direction::AtLeast), q("0.98", "%", false))
    );
    assert_eq!(read("3个月"), Shape::Quantity(None, q("3", "个月", false)));
    assert_eq!(read("1,000"), Shape::Quantity(None, q("1000", "", false)));
    assert_eq!(read("好"), Shape::Text);
    assert_eq!(read("持续稳定运行"), Shape::Text);
    assert_eq!(unit_of("万人次"), (d("10000"), "人次".to_string()));
    assert_eq!(unit_of("％"), (d("1"), "%".to_string()));
}

impl Quantity {
    fn with_scaled(mut self) -> Self {
        self.scaled = true;
        self
    }
}
