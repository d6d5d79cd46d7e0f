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

#[test]
fn text_evidence_takes_the_longer_name_and_refuses_two() {
    let forms = [
        FormEnd {
            file: "报送/a.xlsx",
            name: "示例区统计局",
        },
        FormEnd {
            file: "报送/b.xlsx",
            name: "示例区统计局普查中心",
        },
        FormEnd {
            file: "报送/c.xlsx",
            name: "广州市南沙区人民政府办公室",
        },
        FormEnd {
            file: "报送/d.xlsx",
            name: "广州市黄埔区人民政府办公室",
        },
    ];
    let cover = [
        "示例区统计局普查中心".to_string(),
        "2023年度部门整体支出绩效自评报告".to_string(),
    ];
    let reports = [
        // The name above the title holds 统计局's and is 普查中心's: the longer.
        ReportEnd {
            file: "报送/x.docx",
            cover: &cover,
            ..Default::default()
        },
        // Without its district the name answers both offices: neither.
        ReportEnd {
            file: "报送/y.docx",
            stated_name: Some("区人民政府办公室"),
            name_in_field: true,
            ..Default::default()
        },
        // A second report naming 普查中心: a version of x, by its name.
        ReportEnd {
            file: "报送/z.pdf",
            stated_name: Some("示例区统计局普查中心"),
            name_in_field: true,
            ..Default::default()
        },
    ];
    let paired = pair(&forms, &reports[..2]);
    assert_eq!(paired, [Some((1, PairedBy::Text)), None]);
    let first = [paired[0], paired[1], None];
    assert_eq!(
        second_versions(&forms, &reports, &first),
        [None, None, Some((0, PairedBy::Name))]
    );
}
