//! Unit tests of `batch/pairing.rs`.

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
            ..Default::default()
        },
        ReportEnd {
            file: "报送/统计局.pdf",
            stated_name: Some("示例区统计局"),
            name_in_field: true,
            ..Default::default()
        },
        ReportEnd {
            file: "报送/000_自评报告.docx",
            stated_name: None,
            ..Default::default()
        },
        ReportEnd {
            file: "报送/政协办自评报告.pdf",
            stated_name: None,
            ..Default::default()
        },
        ReportEnd {
            file: "报送/无主报告.txt",
            stated_name: Some("示例区水务局"),
            name_in_field: true,
            ..Default::default()
        },
    ];
    use PairedBy::*;
    assert_eq!(
        pair(&forms, &reports),
        [
            Some((0, Folder)),
            Some((2, Name)),
            Some((1, FileName)),
            Some((3, FileName)),
            None
        ]
    );
}
