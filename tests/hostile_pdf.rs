//! Issue #24's hostile PDFs (made by `tests/fixtures/make_hostile_pdfs.py`), each
//! of which once aborted the process, exhausted its memory or ran for minutes: each
//! is read in this process and must be refused with a plain Chinese reason, the
//! process going on. The real PDFs beside them must still read.

use jixiao::collect::Format;
use jixiao::report::{read, ReportError};
use std::path::Path;

/// Each reproducer and a piece of the reason it must be refused with. The figures
/// are worked out by hand from how the files are made: 20,000 ranges of 65,536
/// codes; one range of 2^32 codes; twenty fonts of 65,536 codes; a stream of
/// 2^19 − 64 operators `q` (two bytes each with its line break) listed 200 times,
/// each operator estimated at 600 bytes besides its one byte, each stream's
/// 1,048,448 decoded bytes held too: 200 × (524,224 × 601 + 1,048,448) =
/// 63,221,414,400 bytes, 60,292.6 MiB.
const CASES: &[(&str, &str)] = &[
    ("CMap括号嵌套.pdf", "嵌套超过 64 层"),
    ("Type1字体方括号嵌套.pdf", "嵌套超过 64 层"),
    ("CMap全32位区间.pdf", "共映射 4294967296 个字符编码"),
    ("CMap两万满区间.pdf", "共映射 1310720000 个字符编码"),
    ("三层压缩内容.pdf", "疑似压缩炸弹"),
    ("伪装字体的内容炸弹.pdf", "疑似压缩炸弹"),
    ("伪装图像的内容炸弹.pdf", "疑似压缩炸弹"),
    ("伪装交叉引用的内容炸弹.pdf", "疑似压缩炸弹"),
    ("预测器超宽列.pdf", "解码参数异常"),
    ("交叉引用流零宽.pdf", "字段宽度全为零"),
    ("两百段内容流.pdf", "要解析的内容过多"),
    ("压缩炸弹.pdf", "疑似压缩炸弹"),
    (
        "一段内容引用两百次.pdf",
        "第 1 页的页面内容解析后估计占 60292.6 MiB 内存",
    ),
    ("伪装图像的CMap嵌套.pdf", "嵌套超过 64 层"),
    ("图像循环.pdf", "循环引用"),
    (
        "一页二十个满区间字体.pdf",
        "第 1 页的字体共映射 1310720 个字符编码",
    ),
];

fn dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile/pdf"
    ))
}

fn read_pdf(path: &Path) -> Result<jixiao::report::ReadReport, ReportError> {
    let grades = jixiao::scheme::Scheme::builtin().grades;
    let bytes = std::fs::read(path).unwrap();
    read(
        &bytes,
        Format::Pdf,
        &Default::default(),
        &Default::default(),
        &grades,
    )
}

/// Plain Chinese: no ASCII word but the tokens a reason may quote.
fn is_plain_chinese(text: &str) -> bool {
    let mut rest = text.to_string();
    for token in ["CMap", "PDF", "MiB", "KB"] {
        rest = rest.replace(token, "");
    }
    !rest.chars().any(|c| c.is_ascii_alphabetic()) && rest.chars().any(|c| c > '\u{4e00}')
}

#[test]
fn every_hostile_pdf_is_refused_with_a_plain_chinese_reason() {
    for (name, expected) in CASES {
        let path = dir().join(name);
        let error = match read_pdf(&path) {
            Err(e) => e,
            Ok(_) => panic!("{name} was read"),
        };
        assert!(
            matches!(error, ReportError::TooLarge(_) | ReportError::Corrupt(_)),
            "{name}: {error:?}"
        );
        let text = error.to_string();
        assert!(text.contains(expected), "{name}: {text}");
        assert!(is_plain_chinese(&text), "{name}: {text}");
    }
}

#[test]
fn every_file_made_by_the_script_has_a_case() {
    let mut made: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    made.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(made, listed);
}

#[test]
fn real_pdfs_still_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, phrase) in [
        ("samples/001_自评报告.pdf", "3342.07万元"),
        ("samples/004_自评报告.pdf", "自评得分合计50分"),
        (
            "tests/fixtures/reports/示例区档案馆_自评报告.pdf",
            "全年预算520.00万元",
        ),
    ] {
        let report = read_pdf(&root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            report.paragraphs.iter().any(|p| p.contains(phrase)),
            "{file}: {:?}",
            report.paragraphs
        );
    }
}
