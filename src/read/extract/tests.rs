//! Unit tests of `read/extract.rs`.

use super::*;

#[test]
fn names_lose_their_seal() {
    assert_eq!(
        clean_name("中共广州南沙经济技术开发区工作委员会政策研究和\n创新办公室（公章）"),
        "中共广州南沙经济技术开发区工作委员会政策研究和创新办公室"
    );
    assert_eq!(clean_name("某某局(盖章)"), "某某局");
}

#[test]
fn years() {
    assert_eq!(year_in("(2023年度)"), Some(2023));
    assert_eq!(year_in("2022年度部门整体支出绩效自评表"), Some(2022));
    assert_eq!(year_in("年度资金总额"), None);
    assert_eq!(year_in("12023年度"), None);
}

#[test]
fn stems() {
    assert_eq!(file_stem("samples/003 某局.xlsx"), "003 某局");
    assert_eq!(file_stem("a\\b.xls"), "b");
}
