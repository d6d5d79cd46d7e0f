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
    use super::year::{labelled_year, title_year, year_in, year_of_fill_date};
    // A title with 年 (not 年度) and the form's name.
    assert_eq!(title_year("2017年部门整体支出绩效评价得分表"), Some(2017));
    assert_eq!(title_year("附件1:2019年部门整体支出绩效自评表"), Some(2019));
    // A goal or a remark is not a title.
    assert_eq!(title_year("2017年预算执行率达到95%"), None);
    assert_eq!(title_year("2017年绩效目标完成情况说明"), None);
    assert_eq!(labelled_year("年度:2017"), Some(2017));
    assert_eq!(labelled_year("评价年度:2017年度"), Some(2017));
    assert_eq!(labelled_year("填报日期:2017"), None);
    assert_eq!(labelled_year("年度:2017年预算"), None);
    let date = |s: &str| {
        year_of_fill_date(&Located {
            value: s.to_string(),
            at: CellPos::new(4, 8),
        })
        .map(|y| y.value)
    };
    // Filled in the first half of 2024: the form of 2023.
    assert_eq!(date("2024-05-20"), Some(2023));
    assert_eq!(date("2024 年 5 月 日"), Some(2023));
    // Filled in December: this year's or last year's, not told.
    assert_eq!(date("2023-12-20"), None);
    assert_eq!(date("2024 年 月 日"), None);
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
